//! The parser: the grammar of `grammar.md` §3 as nom 8 combinators, one module per
//! production, over a lazy hand-tuned lexer.
//!
//! | module | production |
//! |---|---|
//! | `query` | `query = "select", select-list, "from", module, [where], [order], [limit], terminator` |
//! | `select_list` | `select-list`, `count-star`, `extra-columns` |
//! | `module` | `module = name` |
//! | `where_clause` | `where = "where", condition, { ("and" \| "or"), condition }` |
//! | `condition` | `condition = column, operator, operand` |
//! | `operator` | `operator = "=" \| "!=" \| "<" \| ">" \| "<=" \| ">=" \| "like" \| "in"` |
//! | `operand` | `operand`: a value, a parenthesised value list, a bare list |
//! | `value_list` | `"(", value, { ",", value }, ")"` and the bare list |
//! | `value` | `value = string \| integer \| record-id` |
//! | `order_by` | `order = ("order", "by" \| "orderby"), column, { ",", column }, ["asc" \| "desc"]` |
//! | `limit` | `limit = "limit", unsigned, [",", unsigned]` |
//! | `terminator` | `terminator = [";"]` and nothing after it |
//!
//! Beneath them: `lexer` (tokens, read one at a time at the current position),
//! `keyword` (keyword recognition), `cursor` (the nom input, the error type and the
//! token-level parsers), `options` (dialects and limits) and `diagnostics` (the
//! errors several clauses share).
//!
//! The parser never recurses (chains and lists are folds), never backtracks past a
//! commit point (`cut`, or a failure built in place), allocates nothing for a failed
//! alternative, and turns every failure into a [`ParseError`] with its own code.
//!
//! The tree types and their `Display` stay in [`crate::ast`]: the validator, the builder,
//! the SQL translator and the evaluator read them without depending on the parser, and
//! the printer's forms (canonical and pretty, with its line wrapping) are shared across
//! the clauses.

mod condition;
mod confusable;
mod cursor;
mod diagnostics;
mod keyword;
mod lexer;
mod limit;
mod many;
mod module;
mod operand;
mod operator;
mod options;
mod order_by;
mod query;
mod select_list;
mod terminator;
#[cfg(test)]
mod test_support;
mod value;
mod value_list;
mod where_clause;

pub use many::{parse_many, ParseMany, ParsedQuery};
pub use options::{Dialect, Limits, ParseOptions, MAX_TEXT_BYTES};

pub(crate) use diagnostics::shorten;
pub(crate) use keyword::keyword;

use cursor::{Ctx, Cursor, PErr};

use crate::ast::Query;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// Hooks for the benchmarks' breakdown of parse time (`internals` feature). Not public
/// API: no stability promise, hidden from the documentation.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    use super::lexer::{lex, next_token, skip_ws, Tok};

    /// Lexes the whole text token after token, the way the parser moves from one token to
    /// the next (words classified as keywords or not, strings scanned to their closing
    /// quote), and builds nothing: the number of tokens before the end or before the first
    /// token that is an error.
    ///
    /// ```
    /// assert_eq!(vtql::parse::internals::count_tokens("select * from Contacts;"), 5);
    /// ```
    pub fn count_tokens(src: &str) -> usize {
        let mut token = lex(src, skip_ws(src, 0));
        let mut n = 0;
        while !matches!(
            token.kind(),
            Tok::End | Tok::Invalid | Tok::Unterminated | Tok::DoubleQuoted
        ) {
            n += 1;
            token = next_token(src, token.hi());
        }
        n
    }
}

impl<'a> Query<'a> {
    /// Parses one query in the documented dialect with the default limits.
    ///
    /// ```
    /// use vtql::{ast::CompareOp, Query};
    /// let q = Query::parse("select * from Contacts where id = '12x34';")?;
    /// let cond = &q.where_clause.as_ref().unwrap().first;
    /// assert_eq!(cond.op, CompareOp::Eq);
    /// assert_eq!(cond.values()[0].record_id(), Some(vtql::RecordId::new(12, 34)));
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn parse(src: &'a str) -> Result<Query<'a>, ParseError> {
        parse(src, &ParseOptions::default())
    }

    /// Parses one query with the given options.
    pub fn parse_with(src: &'a str, options: &ParseOptions) -> Result<Query<'a>, ParseError> {
        parse(src, options)
    }
}

impl std::str::FromStr for Query<'static> {
    type Err = ParseError;

    /// Parses with the defaults and detaches the tree from the text.
    ///
    /// ```
    /// let q: vtql::Query<'static> = "select * from Leads;".parse()?;
    /// assert_eq!(q.module.name, "Leads");
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Query::parse(s).map(Query::into_owned)
    }
}

/// Parses one query: the whole of `src` must be the query (whitespace may follow `;`).
pub fn parse<'a>(src: &'a str, options: &ParseOptions) -> Result<Query<'a>, ParseError> {
    // Spans hold `u32` offsets: no text of 4 GiB or more is parsed, whatever the limits.
    let max_bytes = options.limits.max_query_bytes.min(MAX_TEXT_BYTES);
    if src.len() > max_bytes {
        return Err(too_long(src, max_bytes));
    }
    let ctx = Ctx::new(src, options);
    let input = Cursor::start(&ctx);
    match query::query(input) {
        Ok((_, query)) => Ok(query),
        Err(err) => Err(located(src, err, &input)),
    }
}

/// The public error for a failed parse, with `line`, `column` and `found` filled in.
#[cold]
#[inline(never)]
fn located(src: &str, err: nom::Err<PErr>, input: &Cursor<'_, '_>) -> ParseError {
    let mut err = match err {
        nom::Err::Failure(PErr(Some(err))) | nom::Err::Error(PErr(Some(err))) => *err,
        // Every production fails with a diagnostic at its commit points; a bare miss
        // escaping `query` would be a bug, reported as the generic error at the start.
        _ => diagnostics::unexpected(input, Expected::of(&[X::Select])),
    };
    err.locate_in(src);
    err
}

/// The error for a text longer than the limit: the span covers the bytes past it, from a
/// character boundary; `found` shows only the start of the excess.
#[cold]
fn too_long(src: &str, max_bytes: usize) -> ParseError {
    let mut cut = max_bytes;
    while !src.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut err = ParseError::new(
        ErrorKind::QueryTooLong,
        Span::new(cut, src.len()),
        format!(
            "the query is {} bytes long; the limit is {}",
            src.len(),
            max_bytes
        ),
    )
    .label("past the size limit");
    err.found = Some(shorten(&src[cut..]).into_owned());
    err.locate(src)
}
