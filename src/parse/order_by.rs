//! The order-by clause.
//!
//! ```ebnf
//! order = ( "order", "by" | "orderby" ), column, { ",", column }, [ "asc" | "desc" ] ;
//! ```
//!
//! At most two columns in the documented dialect (`E0020`); the direction applies to the
//! last column and may not be followed by another (`E0021`).
//!
//! nom: `preceded(alt(("order" cut("by"), "orderby")), cut(...))` of the first column, a
//! `fold` of `preceded(",", cut(column))` (bounded to two columns in the documented
//! dialect) and `opt(Production(direction))`.

use nom::branch::alt;
use nom::combinator::{cut, opt};
use nom::sequence::preceded;
use nom::Parser;

use super::cursor::{
    fail, fold_at_most, keyword, miss, name, push_grown, token, Cursor, PResult, Production,
};
use super::diagnostics::unexpected;
use super::keyword::Kw;
use super::lexer::Tok;
use crate::ast::{Direction, Ident, OrderBy};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// What may follow an order-by column.
pub(super) const AFTER_ORDER: Expected =
    Expected::of(&[X::Comma, X::Direction, X::Limit, X::Semicolon]);
/// What may follow the direction.
pub(super) const AFTER_DIRECTION: Expected = Expected::of(&[X::Limit, X::Semicolon]);
const COLUMN: Expected = Expected::of(&[X::Column]);
/// The most columns the documented dialect sorts by.
const DOCUMENTED_MAX: usize = 2;

/// `order by col {, col} [asc|desc]`; a miss if the current token starts no order-by.
pub(super) fn order_by<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, OrderBy<'a>> {
    let start = i.lo();
    let (i, _) = alt((
        preceded(keyword(Kw::Order), cut(Production(by))),
        keyword(Kw::OrderBy),
    ))
    .parse(i)?;
    let max = if i.vtiger() {
        usize::MAX
    } else {
        DOCUMENTED_MAX
    };
    let len = i.src().len();
    let (i, first) = name(COLUMN).parse(i)?;
    let lo = first.span.lo();
    let mut columns = Vec::new();
    push_grown(&mut columns, first, lo, lo, len, usize::MAX);
    let (i, columns) = fold_at_most(
        i,
        max - 1,
        preceded(token(Tok::Comma), cut(name(COLUMN))),
        columns,
        |columns: &mut _, col: Ident<'a>| {
            let hi = col.span.hi();
            push_grown(columns, col, lo, hi, len, usize::MAX);
        },
    )?;
    if columns.len() == max {
        if let (_, Some(col)) = opt(preceded(token(Tok::Comma), cut(name(COLUMN)))).parse(i)? {
            return fail(|| too_many_columns(*col.span));
        }
    }
    let (i, direction) = opt(Production(direction)).parse(i)?;
    let (direction, direction_span) =
        direction.map_or((None, Span::default()), |(d, s)| (Some(d), s));
    if direction.is_some() && i.kind() == Tok::Comma {
        return fail(|| {
            ParseError::new(
                ErrorKind::DirectionNotLast,
                direction_span,
                "a direction may only follow the last order-by column",
            )
            .label("direction before another column")
            .hint(
                "write one direction after the last column: `order by a, b desc` \
                 (it applies to the last column only)",
            )
            .expected(AFTER_DIRECTION)
        });
    }
    let end = match columns.last() {
        Some(c) if direction.is_none() => c.span.hi(),
        _ => direction_span.hi(),
    };
    Ok((
        i,
        OrderBy {
            columns,
            direction,
            direction_span: direction_span.into(),
            span: Span::new(start, end).into(),
        },
    ))
}

/// `by` after `order`.
fn by<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Span> {
    keyword(Kw::By).parse(i).or_else(|_| {
        fail(|| unexpected(&i, Expected::of(&[X::By])).hint("write `order by column`"))
    })
}

/// `asc` or `desc`.
fn direction<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, (Direction, Span)> {
    let direction = match i.kw() {
        Kw::Asc => Direction::Asc,
        Kw::Desc => Direction::Desc,
        _ => return miss(),
    };
    Ok((i.bump(), (direction, i.span())))
}

fn too_many_columns(span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::TooManyOrderColumns,
        span,
        "order by takes at most two columns",
    )
    .label("third column")
    .hint(
        "sort by at most two columns (the documented rule); the vtiger dialect \
         accepts more, as the real server does",
    )
}

#[cfg(test)]
mod tests {
    use crate::ast::Direction;
    use crate::parse::test_support::{err, parse};
    use crate::{Dialect, ErrorKind, Expectation as X};

    #[test]
    fn order_by_forms() {
        let d = Dialect::Documented;
        for src in [
            "select * from X order by a, b desc;",
            "select * from X ORDERBY a,b DESC;",
        ] {
            let o = parse(src, d).unwrap().order_by.unwrap();
            assert_eq!(o.columns.len(), 2);
            assert_eq!(o.direction, Some(Direction::Desc));
            assert_eq!(o.last_direction(), Direction::Desc);
        }
        let o = parse("select * from X order by a;", d)
            .unwrap()
            .order_by
            .unwrap();
        assert_eq!((o.direction, o.last_direction()), (None, Direction::Asc));
        assert_eq!(
            err("select * from X order by a, b, c;", d).kind,
            ErrorKind::TooManyOrderColumns
        );
        let many = "select * from X order by a, b, c, d, e;";
        assert_eq!(
            parse(many, Dialect::Vtiger)
                .unwrap()
                .order_by
                .unwrap()
                .columns
                .len(),
            5
        );
        assert_eq!(
            err("select * from X order by a desc, b;", d).kind,
            ErrorKind::DirectionNotLast
        );
        assert_eq!(
            err("select * from X order by a, b desc, c;", d).kind,
            ErrorKind::DirectionNotLast
        );
        assert_eq!(
            err("select * from X order a;", d).kind,
            ErrorKind::UnexpectedToken
        );
    }

    #[test]
    fn expected_sets_follow_what_was_read() {
        let d = Dialect::Documented;
        let e = err("select * from X order by a desc b;", d);
        assert!(e.expected.contains(X::Limit) && e.expected.contains(X::Semicolon));
        assert!(!e.expected.contains(X::Comma) && !e.expected.contains(X::Direction));
        let e = err("select * from X order by a b;", d);
        assert!(e.expected.contains(X::Comma) && e.expected.contains(X::Direction));
        let e = err("select * from X where a = 1", Dialect::Vtiger);
        assert_eq!(e.kind, ErrorKind::MissingSemicolon);
        assert!(e.expected.contains(X::And) && e.expected.contains(X::Semicolon));
    }
}
