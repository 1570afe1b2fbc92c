//! Why a value cannot be made.

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
