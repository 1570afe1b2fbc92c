//! The end of the query.
//!
//! ```ebnf
//! terminator = ";" | end-of-text ;     (* end-of-text: documented dialect only *)
//! ```
//!
//! Only whitespace may follow the `;`. nom: `alt` of `";"` followed by `cut(end)`, the
//! end of the text, and, as the last choice, the error for whatever token stands there
//! (a clause out of place, an unsupported clause, or the expected continuations).

use nom::branch::alt;
use nom::combinator::cut;
use nom::sequence::terminated;
use nom::Parser;

use super::cursor::{fail, miss, token, Cursor, PResult, Production};
use super::diagnostics::{empty_string, unexpected, AFTER_MODULE};
use super::keyword::Kw;
use super::lexer::Tok;
use super::limit::{AFTER_LIMIT, AFTER_LIMIT_PAIR};
use super::where_clause::AFTER_WHERE;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const END: Expected = Expected::of(&[X::End]);

/// The terminator, where `after` is what the clauses before it could have been followed
/// by and `start` the query's first byte: the `;` (or, without one, an empty span where
/// the last token ends) and the end of the last token before it.
pub(super) fn terminator<'a: 'c, 'c>(
    after: Expected,
    start: usize,
) -> impl FnMut(Cursor<'a, 'c>) -> PResult<'a, 'c, (Span, usize)> {
    #[inline(always)]
    move |i| {
        let end = last_end(&i, start);
        alt((
            terminated(token(Tok::Semi), cut(Production(end_of_text))),
            Production(move |i| no_semicolon(i, after, end)),
            Production(move |i| out_of_place(i, after)),
        ))
        .parse(i)
        .map(|(i, semi)| (i, (semi, end)))
    }
}

/// Only whitespace after the final `;`.
fn end_of_text<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, ()> {
    match i.kind() {
        Tok::End => Ok((i, ())),
        // The real server's lexer fails on these before its parser sees them.
        Tok::Invalid | Tok::DoubleQuoted | Tok::Unterminated => fail(|| unexpected(&i, END)),
        Tok::EmptyStr if i.vtiger() => fail(|| empty_string(i.span())),
        _ => fail(|| {
            ParseError::new(
                ErrorKind::TrailingInput,
                Span::new(i.lo(), i.src().len()),
                "text after the final `;`",
            )
            .label("nothing may follow `;`")
            .hint("a request holds exactly one query; send the rest separately")
            .expected(END)
        }),
    }
}

/// The end of the text without a `;`: accepted in the documented dialect only.
fn no_semicolon<'a: 'c, 'c>(
    i: Cursor<'a, 'c>,
    after: Expected,
    end: usize,
) -> PResult<'a, 'c, Span> {
    if i.kind() != Tok::End {
        return miss();
    }
    if !i.vtiger() {
        return Ok((i, Span::empty(end)));
    }
    fail(|| {
        ParseError::new(
            ErrorKind::MissingSemicolon,
            Span::empty(end),
            "missing `;` at the end of the query",
        )
        .label("add `;` here")
        .hint("the real server requires the final `;`")
        .expected(after.union(Expected::of(&[X::Semicolon])))
    })
}

/// End of the last token consumed: the start of the current token, less whitespace.
fn last_end(i: &Cursor<'_, '_>, start: usize) -> usize {
    // On the bytes: whitespace is ASCII.
    let before = &i.src().as_bytes()[start..i.lo()];
    start
        + before
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .map_or(0, |n| n + 1)
}

/// The error for a token after a complete clause, `expected` being what could follow it.
fn out_of_place<'a: 'c, 'c>(i: Cursor<'a, 'c>, expected: Expected) -> PResult<'a, 'c, Span> {
    fail(|| {
        let span = i.span();
        let word = i.text();
        match i.kw() {
            Kw::Where | Kw::Order | Kw::OrderBy | Kw::Limit => ParseError::new(
                ErrorKind::ClauseOrder,
                span,
                format!("`{word}` is out of place"),
            )
            .label("clause out of order or repeated")
            .hint("clauses come once each, in the order: where, order by, limit")
            .expected(expected),
            Kw::Offset => ParseError::new(
                ErrorKind::OffsetKeyword,
                span,
                "the language has no `offset`",
            )
            .hint("write `limit m, n` to skip m rows and return n")
            .expected(expected),
            Kw::Group | Kw::Having | Kw::Join | Kw::Union => ParseError::new(
                ErrorKind::UnsupportedClause,
                span,
                format!("the language has no `{word}`"),
            )
            .label("not supported")
            .hint("a query reads one module with where, order by and limit only")
            .expected(expected),
            Kw::Asc | Kw::Desc
                if matches!(
                    expected,
                    AFTER_LIMIT | AFTER_LIMIT_PAIR | AFTER_WHERE | AFTER_MODULE
                ) =>
            {
                ParseError::new(
                    ErrorKind::UnexpectedToken,
                    span,
                    format!("`{word}` without `order by`"),
                )
                .hint("a direction follows the last column of `order by`, before `limit`")
                .expected(expected)
            }
            _ if i.kind() == Tok::Comma && expected == AFTER_WHERE => unexpected(&i, expected)
                .hint("only `in` takes several values: col in ('a', 'b'); join conditions with `and` or `or`"),
            _ => unexpected(&i, expected),
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::parse::test_support::{err, parse};
    use crate::{Dialect, ErrorKind};

    #[test]
    fn the_end_of_the_query() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        let q = parse("select * from X ; \r\n", d).unwrap();
        assert_eq!(q.terminator.range(), 16..17);
        assert_eq!(q.span.range(), 0..17);
        assert!(!parse("select * from X", d).unwrap().has_semicolon());
        assert_eq!(err("select * from X", v).kind, ErrorKind::MissingSemicolon);
        assert_eq!(err("select * from X; x", d).kind, ErrorKind::TrailingInput);
        assert_eq!(err("select * from X;;", v).kind, ErrorKind::TrailingInput);
        // A character the real server cannot lex is reported as such, even after `;`.
        let e = err("select * from X; #", v);
        assert_eq!(
            (e.kind, e.webservice_code()),
            (ErrorKind::InvalidCharacter, "INTERNAL_SERVER_ERROR")
        );
        assert_eq!(
            err("select * from X; \"", d).kind,
            ErrorKind::DoubleQuotedString
        );
        assert_eq!(
            err("select * from X; 'x", d).kind,
            ErrorKind::UnterminatedString
        );
        assert_eq!(err("select * from X; ''", v).kind, ErrorKind::EmptyString);
        assert_eq!(err("select * from X; ''", d).kind, ErrorKind::TrailingInput);
    }

    #[test]
    fn clauses_out_of_place() {
        let d = Dialect::Documented;
        for src in [
            "select * from X limit 1 order by a;",
            "select * from X limit 1 where a = 1;",
            "select * from X order by a where a = 1;",
            "select * from X where a = 1 where b = 1;",
            "select * from X limit 1 limit 2;",
        ] {
            assert_eq!(err(src, d).kind, ErrorKind::ClauseOrder, "{src}");
        }
        assert_eq!(
            err("select * from X group by a;", d).kind,
            ErrorKind::UnsupportedClause
        );
        assert_eq!(
            err("select * from X offset 1;", d).kind,
            ErrorKind::OffsetKeyword
        );
    }
}
