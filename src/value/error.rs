//! Why a value cannot be made, or cannot be stored.

use super::Storage;
use crate::Span;

/// Why a date, time, number or record id cannot be made from what was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A date, time, date-time or number that does not exist or is not in the stored form.
    #[error("invalid {kind} value {text:?}: {reason}")]
    Invalid {
        /// The type: `date`, `datetime`, `time`, `decimal`.
        kind: &'static str,
        /// The text or number given.
        text: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Text that is not a record id `NxM`.
    #[error("{text:?} is not a record id `<prefix>x<id>` (such as 12x34)")]
    MalformedRecordId {
        /// The text given.
        text: String,
    },
    /// A record id whose prefix is not the module's `idPrefix`.
    #[error("record id {id} has prefix {}, but module `{module}` has {}",
        .id.split('x').next().unwrap_or(""),
        .expected.map_or_else(|| "no id prefix".to_owned(), |p| format!("prefix {p}")))]
    PrefixMismatch {
        /// The id, `NxM`.
        id: String,
        /// The module checked against.
        module: String,
        /// The module's prefix, if it has one.
        expected: Option<u32>,
    },
    /// A module name not in the schema.
    #[error("module `{module}` is not in the schema")]
    UnknownModule {
        /// The name given.
        module: String,
    },
}

/// A condition's field is stored in a class that cannot hold the values of its type
/// ([`Storage::holds`]): a mistake in the mapping, whatever the values. The SQL backend
/// and the evaluator refuse such a condition with the same error (code S0007).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}` is stored as {storage:?}, which cannot hold the values of its type ({natural:?})")]
#[non_exhaustive]
pub struct StorageMismatch {
    /// The field.
    pub field: String,
    /// The storage it is read as (the mapping's).
    pub storage: Storage,
    /// The storage of the field's type ([`Storage::for_type`]).
    pub natural: Storage,
    /// The condition.
    pub span: Span,
}
