//! The whole query: the head, the optional clauses in their fixed order, the end.
//!
//! ```ebnf
//! query = "select", select-list, "from", module,
//!         [ where ], [ order ], [ limit ], terminator ;
//! ```
//!
//! nom: a sequence of `select`, `cut(select-list)`, `from` (an `expect`ed keyword),
//! `cut(Production(module))`, then `opt` of each clause; the terminator is told what could have come
//! instead of it, from the clauses that were read.

use nom::combinator::{cond, cut};
use nom::Parser;

use super::cursor::{expect, fail, keyword, Cursor, PResult, Production};
use super::diagnostics::{unexpected, AFTER_MODULE};
use super::keyword::Kw;
use super::lexer::Tok;
use super::limit::{limit, AFTER_LIMIT, AFTER_LIMIT_PAIR};
use super::module::module;
use super::order_by::{order_by, AFTER_DIRECTION, AFTER_ORDER};
use super::select_list::{select_list, AFTER_COLUMN};
use super::terminator::terminator;
use super::where_clause::{where_clause, AFTER_WHERE};
use crate::ast::Query;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const SELECT: Expected = Expected::of(&[X::Select]);

/// One whole query, from its first token to the end of the text.
#[inline(always)]
pub(super) fn query<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Query<'a>> {
    let start = i.lo();
    let (i, _) = select_keyword(i)?;
    let (i, select) = cut(Production(select_list)).parse(i)?;
    let (i, _) = expect(keyword(Kw::From), AFTER_COLUMN).parse(i)?;
    let (i, module) = cut(Production(module)).parse(i)?;
    let (i, filter) = cond(i.kw() == Kw::Where, Production(where_clause)).parse(i)?;
    let (i, order_by) = cond(
        matches!(i.kw(), Kw::Order | Kw::OrderBy),
        Production(order_by),
    )
    .parse(i)?;
    let (i, limit) = cond(i.kw() == Kw::Limit, Production(limit)).parse(i)?;
    // What could have stood where the terminator is: the continuations of the last clause.
    let after = match (&filter, &order_by, &limit) {
        (_, _, Some(l)) if l.offset.is_some() => AFTER_LIMIT_PAIR,
        (_, _, Some(_)) => AFTER_LIMIT,
        (_, Some(o), None) if o.direction.is_some() => AFTER_DIRECTION,
        (_, Some(_), None) => AFTER_ORDER,
        (Some(_), None, None) => AFTER_WHERE,
        (None, None, None) => AFTER_MODULE,
    };
    let (i, (terminator, end)) = Production(terminator(after, start)).parse(i)?;
    let span = Span::new(start, terminator.hi().max(end));
    Ok((
        i,
        Query {
            select,
            module,
            where_clause: filter,
            order_by,
            limit,
            terminator: terminator.into(),
            span: span.into(),
        },
    ))
}

/// `"select"`: the first token, with the errors for an empty text and for the statements
/// of other languages.
fn select_keyword<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Span> {
    match keyword(Kw::Select).parse(i) {
        Ok(ok) => Ok(ok),
        Err(_) if i.kind() == Tok::End => fail(|| {
            ParseError::new(ErrorKind::EmptyQuery, Span::empty(0), "the query is empty")
                .hint("a query reads: select * from Contacts;")
                .expected(SELECT)
        }),
        Err(_) => fail(|| {
            let err = unexpected(&i, SELECT);
            let word = i.text().to_ascii_lowercase();
            if i.kind() == Tok::Word
                && matches!(
                    word.as_str(),
                    "insert" | "update" | "delete" | "create" | "drop" | "alter" | "replace"
                )
            {
                err.hint(
                    "the query operation only reads; use the create, update and delete \
                     operations to change records",
                )
            } else {
                err
            }
        }),
    }
}
