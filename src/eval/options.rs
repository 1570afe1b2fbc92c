//! The evaluator's options and errors.

use std::collections::BTreeMap;

use crate::ast::{CompareOp, Condition, Value};
use crate::value::Storage;
use crate::Span;

/// Options of [`Validated::evaluate`](crate::Validated::evaluate): the decisions the SQL
/// backend takes from its options and its mapping, so that the evaluator gives the rows
/// the SQL gives. The and/or reading and the row cap are the query's (set when
/// validating).
///
/// ```
/// use vtql::eval::EvalOptions;
/// use vtql::value::Storage;
/// let opts = EvalOptions::default().case_sensitive(true).stored_as("mailingzip", Storage::Integer);
/// assert_eq!(opts.storage_override("mailingzip"), Some(Storage::Integer));
/// assert!(opts.tie_breaker);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Compare text case-sensitively (default `false`: each character lower-cased).
    pub case_sensitive: bool,
    /// Order by the record id last so pages are deterministic (default `true`).
    pub tie_breaker: bool,
    /// Fields stored otherwise than their type says (a mapping's `storage`).
    storage: BTreeMap<String, Storage>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            case_sensitive: false,
            tie_breaker: true,
            storage: BTreeMap::new(),
        }
    }
}

impl EvalOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets [`EvalOptions::case_sensitive`].
    pub fn case_sensitive(mut self, yes: bool) -> Self {
        self.case_sensitive = yes;
        self
    }
    /// Sets [`EvalOptions::tie_breaker`].
    pub fn tie_breaker(mut self, yes: bool) -> Self {
        self.tie_breaker = yes;
        self
    }
    /// Reads `field` as stored in `storage` instead of its type's storage, as a mapping's
    /// `storage` makes the SQL do. `id` is always a record id.
    pub fn stored_as(mut self, field: impl Into<String>, storage: Storage) -> Self {
        self.storage.insert(field.into(), storage);
        self
    }
    /// [`EvalOptions::stored_as`] for each pair, such as a module mapping's
    /// `storage_overrides()`.
    pub fn stored_as_all<S: Into<String>>(
        mut self,
        overrides: impl IntoIterator<Item = (S, Storage)>,
    ) -> Self {
        for (field, storage) in overrides {
            self.storage.insert(field.into(), storage);
        }
        self
    }
    /// The storage `field` is read as instead of its type's, if set.
    pub fn storage_override(&self, field: &str) -> Option<Storage> {
        self.storage.get(field).copied()
    }
}

/// Why a validated query cannot be evaluated: the same refusals as the SQL backend's,
/// with the same codes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// An operator that has no meaning on the field's storage (e.g. `like` on a record
    /// id), or a list after an operator other than `in`. The translator's S0005.
    #[error("`{op}` is not supported on field `{field}`")]
    Unsupported {
        /// The field.
        field: String,
        /// The operator.
        op: &'static str,
        /// The condition.
        span: Span,
    },
    /// The field is read as a storage that cannot hold the values of its type
    /// ([`Storage::holds`]). The translator's S0007, the same error.
    #[error(transparent)]
    StorageMismatch(#[from] crate::value::StorageMismatch),
}

impl EvalError {
    /// The code of the same refusal by the SQL backend (`S0005`, `S0007`).
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::Unsupported { .. } => "S0005",
            EvalError::StorageMismatch(_) => "S0007",
        }
    }

    /// Where in the query the problem is.
    pub fn span(&self) -> Span {
        match self {
            EvalError::Unsupported { span, .. } => *span,
            EvalError::StorageMismatch(m) => m.span,
        }
    }

    pub(super) fn unsupported(c: &Condition<'_>) -> EvalError {
        EvalError::Unsupported {
            field: c.column.as_str().to_owned(),
            op: c.op.as_str(),
            span: c.span(),
        }
    }
}

/// The values of `c`, or `None` for a list after an operator other than `in` (the vtiger
/// dialect's `= ('a')` has one value and passes): the rule the translator applies too.
pub(crate) fn operands<'c, 'q>(c: &'c Condition<'q>) -> Option<&'c [Value<'q>]> {
    let values = c.values();
    (c.op == CompareOp::In || values.len() == 1).then_some(values)
}
