//! The builder's error type: everything a built query, record id, filter or pager can
//! refuse, each with a stable code (`B00xx`).

use crate::value::ValueError;

/// What a name was meant to be, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameRole {
    /// A column (field) name.
    Column,
    /// A module name.
    Module,
    /// A name checked on its own ([`Name::try_from`](super::Name)).
    Name,
}

impl std::fmt::Display for NameRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameRole::Column => "column",
            NameRole::Module => "module",
            NameRole::Name => "name",
        })
    }
}

/// Why the builder refused. Every variant has a stable [`BuildError::code`].
///
/// ```
/// use vtql::build::{col, BuildError};
/// use vtql::Query;
/// let err = Query::select(["lastname"])
///     .from("Contacts")
///     .filter(col("lastname").in_(Vec::<&str>::new()))
///     .build()
///     .unwrap_err();
/// assert!(matches!(err, BuildError::EmptyInList { .. }));
/// assert_eq!(err.code(), "B0004");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A name that is not `[A-Za-z0-9_]+`.
    #[error("invalid {role} name {name:?}: names are ASCII letters, digits and `_`")]
    InvalidName {
        /// The name given.
        name: String,
        /// What it was meant to name.
        role: NameRole,
    },
    /// A keyword of the language used as a name (`from`, `order`, `limit`...).
    #[error("`{name}` is a keyword of the language and cannot be used as a {role} name")]
    ReservedName {
        /// The name given.
        name: String,
        /// What it was meant to name.
        role: NameRole,
    },
    /// `select` with no column.
    #[error("the select list is empty: name at least one column, or use select_all()")]
    EmptySelect,
    /// `in` with no value: the language has no empty list.
    #[error("`{column} in ()`: an in-list needs at least one value")]
    EmptyInList {
        /// The column.
        column: String,
    },
    /// More than two `order by` columns.
    #[error("order by takes at most two columns, {count} given")]
    TooManyOrderColumns {
        /// Columns given.
        count: usize,
    },
    /// `asc`/`desc` given for an order-by column that is not the last.
    #[error("a direction applies only to the last order-by column; `{column}` is followed by another column")]
    DirectionNotLast {
        /// The column the direction was given for.
        column: String,
    },
    /// `asc()`/`desc()` before any `order_by`.
    #[error("asc()/desc() needs an order_by column first")]
    DirectionWithoutOrderBy,
    /// `offset` without `limit`: the language writes an offset only as `limit m, n`.
    #[error("offset {offset} without a limit: the language only has `limit offset, count`")]
    OffsetWithoutLimit {
        /// The offset given.
        offset: u64,
    },
    /// A date, time, number or record id that cannot be made: the value module's own
    /// error. Its codes: B0009 for a value without the shape of its type
    /// (`ValueError::Invalid`), B0012 for text that is no record id, B0013 for a prefix
    /// that is not the module's, B0014 for a module not in the schema.
    #[error(transparent)]
    Value(#[from] crate::value::ValueError),
    /// The empty string, which the real server cannot lex (vtiger dialect only).
    #[error("`{column}`: the empty string '' cannot be written for the real server")]
    EmptyString {
        /// The column compared with `''`.
        column: String,
    },
    /// An in-list whose first value is an unquoted `0`, which the real server mangles.
    #[error("`{column} in (0, ...)`: the real server cannot take an unquoted 0 first in a list")]
    ZeroFirstInList {
        /// The column.
        column: String,
    },
    /// `Filter::and([])` or `Filter::or([])`: an empty group has no condition to write.
    #[error("an empty `{op}` group has no condition; the language cannot write true or false")]
    EmptyGroup {
        /// `and` or `or`.
        op: &'static str,
    },
    /// The disjunctive normal form of a filter grows past the cap.
    #[error("the filter expands to more than {cap} and-terms; raise CompileOptions::max_terms or simplify it")]
    TooManyTerms {
        /// The cap in force.
        cap: usize,
    },
    /// A page size of 0 or above the row cap.
    #[error("page size {size} is out of range: it must be between 1 and the row cap {cap}")]
    InvalidPageSize {
        /// The size given.
        size: u64,
        /// The row cap.
        cap: u64,
    },
    /// A backslash in a string for the real server (vtiger dialect): the server pastes
    /// the value into MySQL, where `\` is an escape character, so the value would change
    /// or end the string early (`\'` would let the rest of the value escape into SQL).
    #[error("`{column}`: a backslash in a value is not safe on the real server (MySQL reads it as an escape)")]
    Backslash {
        /// The column.
        column: String,
    },
    /// A value of `id` that is not a record id (vtiger dialect): the real server splits
    /// it on `x` and pastes the second part into SQL unquoted.
    #[error(
        "`id` value {text:?} is not a record id: the real server would paste it into SQL unquoted"
    )]
    UnsafeIdValue {
        /// The value.
        text: String,
    },
    /// Several queries (a [`Compiled::Union`](super::Compiled)) whose select list cannot
    /// be merged by record id: `count(*)`, or columns without `id`.
    #[error("the results of several queries are merged by record id: select * or include `id` (a count(*) cannot be merged)")]
    UnionNeedsIds,
    /// Paging a `count(*)` query.
    #[error("a count(*) query returns one row; there is nothing to page")]
    PagingCount,
}

impl BuildError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            BuildError::InvalidName { .. } => "B0001",
            BuildError::ReservedName { .. } => "B0002",
            BuildError::EmptySelect => "B0003",
            BuildError::EmptyInList { .. } => "B0004",
            BuildError::TooManyOrderColumns { .. } => "B0005",
            BuildError::DirectionNotLast { .. } => "B0006",
            BuildError::DirectionWithoutOrderBy => "B0007",
            BuildError::OffsetWithoutLimit { .. } => "B0008",
            BuildError::Value(e) => match e {
                ValueError::Invalid { .. } => "B0009",
                ValueError::MalformedRecordId { .. } => "B0012",
                ValueError::PrefixMismatch { .. } => "B0013",
                ValueError::UnknownModule { .. } => "B0014",
            },
            BuildError::EmptyString { .. } => "B0010",
            BuildError::ZeroFirstInList { .. } => "B0011",
            BuildError::EmptyGroup { .. } => "B0015",
            BuildError::TooManyTerms { .. } => "B0016",
            BuildError::InvalidPageSize { .. } => "B0017",
            BuildError::PagingCount => "B0018",
            BuildError::Backslash { .. } => "B0019",
            BuildError::UnsafeIdValue { .. } => "B0020",
            BuildError::UnionNeedsIds => "B0021",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let s = |t: &str| t.to_owned();
        let all = [
            BuildError::InvalidName {
                name: s("last name"),
                role: NameRole::Column,
            },
            BuildError::ReservedName {
                name: s("order"),
                role: NameRole::Module,
            },
            BuildError::EmptySelect,
            BuildError::EmptyInList {
                column: s("lastname"),
            },
            BuildError::TooManyOrderColumns { count: 3 },
            BuildError::DirectionNotLast {
                column: s("lastname"),
            },
            BuildError::DirectionWithoutOrderBy,
            BuildError::OffsetWithoutLimit { offset: 40 },
            BuildError::Value(ValueError::Invalid {
                kind: "date",
                text: s("2023-02-29"),
                reason: "no such day in that month",
            }),
            BuildError::EmptyString { column: s("email") },
            BuildError::ZeroFirstInList {
                column: s("mobile"),
            },
            BuildError::Value(ValueError::MalformedRecordId { text: s("12y34") }),
            BuildError::Value(ValueError::PrefixMismatch {
                id: s("11x34"),
                module: s("Contacts"),
                expected: Some(12),
            }),
            BuildError::Value(ValueError::UnknownModule {
                module: s("Contact"),
            }),
            BuildError::EmptyGroup { op: "or" },
            BuildError::TooManyTerms { cap: 64 },
            BuildError::InvalidPageSize {
                size: 500,
                cap: 100,
            },
            BuildError::PagingCount,
            BuildError::Backslash {
                column: s("lastname"),
            },
            BuildError::UnsafeIdValue {
                text: s("1x1 or 1=1"),
            },
            BuildError::UnionNeedsIds,
        ];
        let messages: Vec<String> = all.iter().map(|e| format!("{}: {e}", e.code())).collect();
        insta::assert_snapshot!("build_error_messages", messages.join("\n"));
        let mut codes: Vec<_> = all.iter().map(BuildError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert_eq!(codes.len(), 21, "every variant is listed");
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<BuildError>();
    }
}
