//! The where clause: a flat chain of conditions.
//!
//! ```ebnf
//! where = "where", condition, { ( "and" | "or" ), condition } ;
//! ```
//!
//! The chain is kept flat and in source order (grammar.md §5): no precedence is applied
//! here. At most `Limits::max_conditions` conditions.
//!
//! nom: `preceded("where", cut(...))` of the first condition and a `fold` of
//! `(Production(connective), cut(Production(condition)))` links, bounded by the limit; a loop, never recursion.

use nom::combinator::{cut, opt};
use nom::Parser;

use super::condition::condition;
use super::cursor::{fail, fold_at_most, keyword, miss, push_grown, Cursor, PResult, Production};
use super::diagnostics::unexpected;
use super::keyword::Kw;
use super::lexer::Tok;
use crate::ast::{Link, LogicalOp, WhereClause};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// What may follow a condition.
pub(super) const AFTER_WHERE: Expected =
    Expected::of(&[X::And, X::Or, X::OrderBy, X::Limit, X::Semicolon]);

/// `where` and its chain; a miss if the current token is not `where`.
pub(super) fn where_clause<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, WhereClause<'a>> {
    let start = i.lo();
    let (i, _) = keyword(Kw::Where).parse(i)?;
    let max = i.limits().max_conditions;
    if max == 0 {
        return fail(|| too_many_conditions(max, i.span()));
    }
    let len = i.src().len();
    let (i, first) = cut(Production(condition)).parse(i)?;
    let lo = first.column.span.lo();
    let (i, rest) = fold_at_most(
        i,
        max - 1,
        Production(link),
        Vec::new(),
        |rest: &mut _, link: Link<'a>| {
            let hi = link.condition.operand.span().hi();
            push_grown(rest, link, lo, hi, len, max);
        },
    )?;
    if rest.len() + 1 == max {
        // The limit reached: one more connective is one condition too many.
        if let (_, Some((_, op_span))) = opt(Production(connective)).parse(i)? {
            return fail(|| too_many_conditions(max, op_span));
        }
    }
    let end = rest
        .last()
        .map_or(&first, |l| &l.condition)
        .operand
        .span()
        .hi();
    Ok((
        i,
        WhereClause {
            first,
            rest,
            span: Span::new(start, end).into(),
        },
    ))
}

/// `( "and" | "or" ), condition`.
#[inline(always)]
fn link<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Link<'a>> {
    let (i, ((op, op_span), condition)) =
        (Production(connective), cut(Production(condition))).parse(i)?;
    Ok((
        i,
        Link {
            op,
            op_span: op_span.into(),
            condition,
        },
    ))
}

/// `and` or `or`; `&` and `|` fail here, with the words to write instead.
#[inline(always)]
fn connective<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, (LogicalOp, Span)> {
    let op = match i.kw() {
        Kw::And => LogicalOp::And,
        Kw::Or => LogicalOp::Or,
        _ if i.kind() == Tok::Invalid
            && matches!(i.src().as_bytes().get(i.lo()), Some(b'&' | b'|')) =>
        {
            return fail(|| unexpected(&i, Expected::of(&[X::And, X::Or])))
        }
        _ => return miss(),
    };
    Ok((i.bump(), (op, i.span())))
}

/// The error for one condition more than `Limits::max_conditions` allows; `span` is the
/// connective before it (or the first column when the limit is 0).
fn too_many_conditions(max: usize, span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::TooManyConditions,
        span,
        format!("more than {max} conditions in the where clause"),
    )
    .hint("split the query, or raise `Limits::max_conditions` for trusted input")
}

#[cfg(test)]
mod tests {
    use crate::{Dialect, ErrorKind, Limits, ParseOptions, Query};

    #[test]
    fn chain_spans_start_at_where() {
        let src = "select * from X where a = 1 or b = 2;";
        let w = Query::parse(src).unwrap().where_clause.unwrap();
        assert_eq!(&src[w.span.range()], "where a = 1 or b = 2");
        assert_eq!(&src[w.rest[0].condition.span().range()], "b = 2");
    }

    #[test]
    fn the_condition_limit_stops_at_the_exact_connective() {
        let src = "select * from X where a = 1 or b = 2 and c = 3;";
        for max in 0..4 {
            let opts = ParseOptions::default()
                .dialect(Dialect::Vtiger)
                .limits(Limits::default().with_max_conditions(max));
            match Query::parse_with(src, &opts) {
                Ok(q) => assert!(max >= 3 && q.where_clause.unwrap().len() == 3),
                Err(e) => {
                    assert_eq!(e.kind, ErrorKind::TooManyConditions);
                    assert_eq!(&src[e.span.range()], ["a", "or", "and"][max], "{max}");
                }
            }
        }
    }
}
