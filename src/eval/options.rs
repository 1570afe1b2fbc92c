//! The evaluator's options and errors.

use std::collections::BTreeMap;

use crate::ast::{CompareOp, Condition, Limit, Precedence, Value};
use crate::value::Storage;
use crate::Span;

/// Options of [`evaluate`](super::evaluate): the decisions the SQL backend takes from
/// its options and its mapping, so that the evaluator gives the rows the SQL gives.
///
/// ```
/// use vtql::eval::EvalOptions;
/// use vtql::value::Storage;
/// let opts = EvalOptions::default().case_sensitive(true).stored_as("mailingzip", Storage::Integer);
/// assert_eq!(opts.storage_override("mailingzip"), Some(Storage::Integer));
/// assert_eq!(opts.row_cap, 100);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EvalOptions {
    /// How the and/or chain is grouped; `None` (the default) uses the precedence the
    /// query was validated with.
    pub precedence: Option<Precedence>,
    /// Compare text case-sensitively (default `false`: each character lower-cased).
    pub case_sensitive: bool,
    /// The most rows one query returns (default 100, the real server's cap).
    pub row_cap: u64,
    /// Order by the record id last so pages are deterministic (default `true`).
    pub tie_breaker: bool,
    /// Fields stored otherwise than their type says (a mapping's `storage`).
    storage: BTreeMap<String, Storage>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            precedence: None,
            case_sensitive: false,
            row_cap: 100,
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
    /// Sets [`EvalOptions::precedence`].
    pub fn precedence(mut self, precedence: Precedence) -> Self {
        self.precedence = Some(precedence);
        self
    }
    /// Sets [`EvalOptions::case_sensitive`].
    pub fn case_sensitive(mut self, yes: bool) -> Self {
        self.case_sensitive = yes;
        self
    }
    /// Sets [`EvalOptions::row_cap`].
    pub fn row_cap(mut self, cap: u64) -> Self {
        self.row_cap = cap;
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

    /// The `(offset, count)` a `limit` clause gives under the cap.
    pub fn page(&self, limit: Option<&Limit>) -> (u64, u64) {
        match limit {
            None => (0, self.row_cap),
            Some(l) => (l.offset_or_zero(), l.count.value.min(self.row_cap)),
        }
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
    /// ([`Storage::holds`]). The translator's S0007.
    #[error("field `{field}` is stored as {storage:?}, which cannot hold the values of its type ({natural:?})")]
    StorageMismatch {
        /// The field.
        field: String,
        /// The storage it is read as.
        storage: Storage,
        /// The storage of the field's type.
        natural: Storage,
        /// The condition.
        span: Span,
    },
}

impl EvalError {
    /// The code of the same refusal by the SQL backend (`S0005`, `S0007`).
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::Unsupported { .. } => "S0005",
            EvalError::StorageMismatch { .. } => "S0007",
        }
    }

    /// Where in the query the problem is.
    pub fn span(&self) -> Span {
        match self {
            EvalError::Unsupported { span, .. } | EvalError::StorageMismatch { span, .. } => *span,
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
