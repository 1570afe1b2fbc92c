//! Value lists: the parenthesised list and, in the vtiger dialect, the bare list.
//!
//! ```ebnf
//! paren-list = "(", value, { ",", value }, ")" ;
//! bare-list  = value, ",", value, { ",", value } ;    (* vtiger, after in, last condition *)
//! ```
//!
//! At most `Limits::max_list_values` values in one list; in the vtiger dialect an in-list
//! may not start with the unquoted integer `0` (`E0032`).
//!
//! nom: `"("`, then `cut` of the first value, a `fold` of the further values (bounded by
//! the limit) and the closing parenthesis. A further value is `alt` of a plain value
//! read straight from the bytes after the comma and `preceded(",", cut(value))`, the
//! general path, which gives the same result for that shape.

use nom::branch::alt;
use nom::combinator::{cut, opt};
use nom::sequence::preceded;
use nom::Parser;

use super::cursor::{fail, fold_at_most, miss, push_grown, token, Cursor, PErr, PResult};
use super::diagnostics::unexpected;
use super::keyword::Kw;
use super::lexer::{self, Tok};
use super::value::{plain_value_at, value, VALUE};
use crate::ast::{CompareOp, LiteralKind, Value, ValueList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

pub(super) const IN_LIST: Expected = Expected::of(&[X::OpenParen]);
const LIST_NEXT: Expected = Expected::of(&[X::Comma, X::CloseParen]);

/// `( value { , value } )` after operator `op`; a miss if the current token is not `(`.
pub(super) fn paren_list<'a: 'c, 'c>(
    op: CompareOp,
) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, ValueList<'a>> {
    #[inline(always)]
    move |i| {
        let (i, open) = token(Tok::LParen).parse(i)?;
        if i.kind() == Tok::RParen {
            return fail(|| {
                ParseError::new(
                    ErrorKind::EmptyInList,
                    open.to(i.span()),
                    "empty value list",
                )
                .label("no values")
                .hint("a list needs at least one value: in ('a')")
                .expected(VALUE)
            });
        }
        let (i, first) = list_value(i)?;
        let (i, values) = values(i, first, next_value)?;
        let (i, close) = close(open)(i)?;
        if op == CompareOp::In {
            zero_first(&i, &values[0])?;
        }
        Ok((
            i,
            ValueList {
                values,
                parenthesized: true,
                span: open.to(close).into(),
            },
        ))
    }
}

/// `value, "," value { "," value }` after `in`, `first` having been read: vtiger only.
pub(super) fn bare_list<'a: 'c, 'c>(
    i: Cursor<'a, 'c>,
    first: Value<'a>,
) -> PResult<'a, 'c, ValueList<'a>> {
    let (i, values) = values(i, first, bare_next)?;
    zero_first(&i, &values[0])?;
    let span = values[0].span.to(*values[values.len() - 1].span);
    Ok((
        i,
        ValueList {
            values,
            parenthesized: false,
            span: span.into(),
        },
    ))
}

/// The values of a list: `first`, then a `fold` of `next`, with at most
/// `Limits::max_list_values` values (the one past the limit is read, then refused).
#[inline(always)]
fn values<'a: 'c, 'c, P>(
    i: Cursor<'a, 'c>,
    first: Value<'a>,
    next: P,
) -> PResult<'a, 'c, Vec<Value<'a>>>
where
    P: Parser<Cursor<'a, 'c>, Output = Value<'a>, Error = PErr> + Clone,
{
    let max = i.limits().max_list_values;
    if max == 0 {
        return fail(|| list_too_long(max, *first.span));
    }
    let len = i.src().len();
    let lo = first.span.lo();
    let mut values = Vec::new();
    push_grown(&mut values, first, lo, lo, len, max);
    let (i, values) = fold_at_most(
        i,
        max - 1,
        next.clone(),
        values,
        |values: &mut _, value: Value<'a>| {
            let hi = value.span.hi();
            push_grown(values, value, lo, hi, len, max);
        },
    )?;
    if values.len() == max {
        if let (_, Some(value)) = opt(next).parse(i)? {
            return fail(|| list_too_long(max, *value.span));
        }
    }
    Ok((i, values))
}

/// A value after a comma of a parenthesised list.
#[inline(always)]
fn next_value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    alt((
        plain_after_comma,
        preceded(token(Tok::Comma), cut(list_value)),
    ))
    .parse(i)
}

/// `,` and a plain value (see [`plain_value_at`]), the value read without a token.
#[inline(always)]
fn plain_after_comma<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if i.kind() != Tok::Comma {
        return miss();
    }
    let start = lexer::skip_ws(i.src(), i.hi());
    let Some((end, literal)) = plain_value_at(i.src(), start, i.vtiger()) else {
        return miss();
    };
    let span = Span::new(start, end);
    i.count_value(span)?;
    Ok((
        i.at_list_item_end(end),
        Value {
            literal,
            span: span.into(),
        },
    ))
}

/// A value inside parentheses, with the errors for a trailing comma and for nesting.
fn list_value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    match i.kind() {
        Tok::RParen => fail(|| unexpected(&i, VALUE).hint("remove the trailing comma")),
        Tok::LParen => {
            fail(|| unexpected(&i, VALUE).hint("lists do not nest; write the values in one list"))
        }
        _ => value(i),
    }
}

/// `,` and a value of a bare list.
fn bare_next<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    preceded(token(Tok::Comma), cut(bare_value)).parse(i)
}

/// A value of a bare list: an operator there is refused (the real server loops on it).
fn bare_value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if matches!(
        i.kind(),
        Tok::Eq | Tok::Ne | Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge
    ) || matches!(i.kw(), Kw::In | Kw::Like)
    {
        return fail(|| {
            unexpected(&i, VALUE).hint(
                "the real server never answers this query (its parser loops); put the list \
                 in parentheses",
            )
        });
    }
    value(i)
}

/// `)` closing the list opened at `open`; a clause keyword or the end there means the
/// list was never closed.
fn close<'a: 'c, 'c>(open: Span) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, Span> {
    #[inline(always)]
    move |i| match i.kind() {
        Tok::RParen => Ok((i.bump(), i.span())),
        Tok::Semi | Tok::End => fail(|| unclosed(open)),
        Tok::Word
            if matches!(
                i.kw(),
                Kw::And | Kw::Or | Kw::Order | Kw::OrderBy | Kw::Limit
            ) =>
        {
            fail(|| unclosed(open))
        }
        _ => fail(|| unexpected(&i, LIST_NEXT)),
    }
}

/// The real server rejects in-lists whose first value is an unquoted `0`.
pub(super) fn zero_first(i: &Cursor<'_, '_>, first: &Value<'_>) -> Result<(), nom::Err<PErr>> {
    if i.vtiger() && matches!(first.literal.parts(), (LiteralKind::Integer, s) if s == "0") {
        return fail(|| {
            ParseError::new(
                ErrorKind::ZeroFirstInList,
                *first.span,
                "an in-list cannot start with an unquoted 0",
            )
            .label("the real server answers \"columns data inappropriate\"")
            .hint("quote it ('0') or move it after another value")
        });
    }
    Ok(())
}

fn list_too_long(max: usize, span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::ListTooLong,
        span,
        format!("more than {max} values in one list"),
    )
    .hint("split the list over several queries, or raise `Limits::max_list_values`")
}

fn unclosed(open: Span) -> ParseError {
    ParseError::new(
        ErrorKind::UnclosedParenthesis,
        open,
        "this `(` is never closed",
    )
    .label("unclosed list")
    .hint("close the list with `)`; the real server silently drops the last value here")
    .expected(LIST_NEXT)
}

#[cfg(test)]
mod tests {
    use crate::ast::Operand;
    use crate::parse::test_support::{first, kind, parse};
    use crate::parse::value::tests::INTEGER_SHAPES;
    use crate::{Dialect, ErrorKind, ParseOptions, Query};

    #[test]
    fn list_fast_path_for_integers_agrees_with_the_general_path() {
        // Each shape after a comma (the fast path) and first in a list (always the
        // general path): the same value and span, or the same error at the same place.
        for &shape in INTEGER_SHAPES {
            for d in [Dialect::Documented, Dialect::Vtiger] {
                let general = format!("select * from X where a in ({shape});");
                let fast = format!("select * from X where a in ('x', {shape});");
                let summary = |src: &str, skip: usize| match parse(src, d) {
                    Ok(q) => {
                        let c = &q.where_clause.as_ref().unwrap().first;
                        let vals: Vec<String> = c.values()[skip..]
                            .iter()
                            .map(|v| format!("{:?} {}", v.literal, &src[v.span.range()]))
                            .collect();
                        Ok(vals)
                    }
                    Err(e) => Err((e.kind, src[e.span.range()].to_owned())),
                };
                let g = summary(&general, 0);
                let f = summary(&fast, 1);
                match (&g, &f) {
                    (Ok(_), Ok(_)) => assert_eq!(g, f, "{shape:?} {d:?}"),
                    (Err((gk, gt)), Err((fk, ft))) => {
                        assert_eq!((gk, gt), (fk, ft), "{shape:?} {d:?}")
                    }
                    // `in (0...)`: the vtiger dialect refuses only a list that starts
                    // with an unquoted 0, so the two positions may differ there alone.
                    _ => assert!(
                        d == Dialect::Vtiger && shape.starts_with('0'),
                        "{shape:?} {d:?}: {g:?} vs {f:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn list_fast_path_hands_over_to_the_general_path() {
        use crate::Limits;
        // Plain strings (the fast path) mixed with every other value shape, in both
        // orders, with irregular whitespace: each value and span is the general path's.
        let src = "select * from X where a in ('a',  'b''c' ,'d', 5,'e'\t,\n'', 'f\\', 'g' , 'h');";
        let c = first(src, Dialect::Documented);
        let Operand::List(list) = &c.operand else {
            panic!("not a list")
        };
        let got: Vec<(String, &str)> = list
            .values
            .iter()
            .map(|v| (v.to_string(), &src[v.span.lo()..v.span.hi()]))
            .collect();
        let want = [
            "'a'", "'b''c'", "'d'", "5", "'e'", "''", "'f\\'", "'g'", "'h'",
        ];
        assert_eq!(got.len(), want.len());
        for ((shown, text), w) in got.iter().zip(want) {
            assert_eq!(shown, w);
            assert_eq!(*text, w);
        }
        assert_eq!(
            &src[list.span.lo()..list.span.hi()],
            &src[27..src.len() - 1]
        );
        // The limits stop at the exact value, on the fast path too.
        let src = "select * from X where a in ('a', 'b', 'c', 'd');";
        let opts = |limits| ParseOptions {
            dialect: Dialect::Documented,
            limits,
        };
        let err =
            Query::parse_with(src, &opts(Limits::default().with_max_list_values(2))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ListTooLong);
        assert_eq!(&src[err.span.lo()..err.span.hi()], "'c'");
        let err = Query::parse_with(src, &opts(Limits::default().with_max_values(3))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooManyValues);
        assert_eq!(&src[err.span.lo()..err.span.hi()], "'d'");
        // What follows the last plain string is checked as before.
        for (tail, kind) in [
            ("('a', 'b' 'c');", ErrorKind::UnexpectedToken),
            ("('a', 'b';", ErrorKind::UnclosedParenthesis),
            ("('a', 'b'", ErrorKind::UnclosedParenthesis),
            ("('a', 'b',);", ErrorKind::UnexpectedToken),
        ] {
            let src = format!("select * from X where a in {tail}");
            assert_eq!(self::kind(&src, Dialect::Documented), kind, "{src}");
        }
    }

    #[test]
    fn lists_per_dialect() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a in 'x';", d),
            ErrorKind::BareList
        );
        assert_eq!(
            kind("select * from X where a = ('x');", d),
            ErrorKind::ListNotAllowed
        );
        assert_eq!(
            kind("select * from X where a = ('x', 'y');", v),
            ErrorKind::ListNotAllowed
        );
        assert_eq!(
            kind("select * from X where a in ();", v),
            ErrorKind::EmptyInList
        );
        assert_eq!(
            kind("select * from X where a in 'x' or b = 1;", v),
            ErrorKind::BareList
        );
        assert_eq!(
            kind("select * from X where a in 0;", v),
            ErrorKind::ZeroFirstInList
        );
        assert_eq!(
            kind("select * from X where a in (0);", v),
            ErrorKind::ZeroFirstInList
        );
        // only an unquoted, exact 0 first
        for ok in ["('0', 1)", "(1, 0)", "(00, 1)", "(-0)"] {
            let src = format!("select * from X where a in {ok};");
            assert!(parse(&src, v).is_ok(), "{src}");
            assert!(parse(&src, d).is_ok(), "{src}");
        }
        // `= (0)` is not an in-list
        assert!(parse("select * from X where a = (0);", v).is_ok());
        let c = first("select * from X where a in 'x';", v);
        assert!(matches!(c.operand, Operand::Value(_)));
        let c = first("select * from X where a in 'x', 'y';", v);
        assert!(matches!(&c.operand, Operand::List(l) if !l.parenthesized && l.values.len() == 2));
    }

    #[test]
    fn unclosed_lists_are_reported_at_the_parenthesis() {
        for tail in [
            ";",
            "",
            " and b = 1;",
            " or b = 1;",
            " order by a;",
            " orderby a;",
            " limit 1;",
        ] {
            let src = format!("select * from X where a in ('x'{tail}");
            let e = parse(&src, Dialect::Vtiger).unwrap_err();
            assert_eq!(e.kind, ErrorKind::UnclosedParenthesis, "{src}");
            assert_eq!(e.span.range(), 27..28, "{src}");
        }
    }
}
