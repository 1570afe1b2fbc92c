//! Helpers the clause modules' tests share: parse in a dialect, the first condition, the
//! error and its kind.

use crate::ast::Condition;
use crate::{Dialect, ErrorKind, ParseError, ParseOptions, Query};

/// `src` parsed in dialect `d` with the default limits.
pub(crate) fn parse(src: &str, d: Dialect) -> Result<Query<'_>, ParseError> {
    Query::parse_with(src, &ParseOptions::default().dialect(d))
}

/// The first condition of `src`'s where clause (the query must parse and have one).
pub(crate) fn first(src: &str, d: Dialect) -> Condition<'_> {
    let q = parse(src, d).unwrap_or_else(|e| panic!("{src}: {e}"));
    q.where_clause
        .unwrap_or_else(|| panic!("{src}: no where clause"))
        .first
}

/// The error of `src` (which must not parse).
pub(crate) fn err(src: &str, d: Dialect) -> ParseError {
    parse(src, d).unwrap_err()
}

/// The kind of the error of `src`.
pub(crate) fn kind(src: &str, d: Dialect) -> ErrorKind {
    err(src, d).kind
}
