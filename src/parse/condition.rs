//! One condition of the where chain.
//!
//! ```ebnf
//! condition = column, operator, operand ;
//! ```
//!
//! nom: the column (a `name`, with the errors for `(` and `not` where a condition should
//! start), then `alt` of the comparison with a plain value read straight from the bytes
//! (the common shape: `col = 'text'`, `col >= 5`) and the general `operator, operand`
//! sequence, which gives the same result for that shape.

use crate::ast::NodeSpan;
use nom::branch::alt;
use nom::Parser;

use super::cursor::{fail, miss, name, Cursor, PResult, Production};
use super::keyword::Kw;
use super::lexer::{self, Tok};
use super::operand::operand;
use super::operator::{not_operator, operator, single_value_operator};
use super::value::plain_value_at;
use crate::ast::{CompareOp, Condition, Operand, Value, ValueList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const COLUMN: Expected = Expected::of(&[X::Column]);

/// One condition. A bare in-list (vtiger) must end the chain: an `and` or `or` after it
/// fails here.
pub(super) fn condition<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Condition<'a>> {
    let (i, column) = column(i)?;
    let (i, (op, op_span, operand)) =
        alt((Production(plain_comparison), Production(comparison))).parse(i)?;
    let condition = Condition {
        column,
        op,
        op_span: op_span.into(),
        operand,
    };
    if matches!(i.kw(), Kw::And | Kw::Or) && is_bare_in(&condition) {
        return fail(|| bare_list_not_last(&condition));
    }
    Ok((i, condition))
}

/// The column a condition starts with.
#[inline(always)]
fn column<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, crate::ast::Ident<'a>> {
    match (i.kind(), i.kw()) {
        (Tok::LParen, _) => fail(|| {
            ParseError::new(
                ErrorKind::GroupingParentheses,
                i.span(),
                "conditions cannot be grouped with parentheses",
            )
            .label("no grouping")
            .hint(
                "write a flat chain joined by and/or: the documentation applies them left \
                 to right, real servers apply `and` before `or`; for other groupings run \
                 several queries (vtql's filter compiler does this)",
            )
            .expected(COLUMN)
        }),
        (Tok::Word, Kw::Not) => fail(|| not_operator(i.span(), None)),
        _ => name(COLUMN).parse(i),
    }
}

/// `operator, operand`.
fn comparison<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, (CompareOp, Span, Operand<'a>)> {
    let (i, (op, op_span)) = operator(i)?;
    let (i, operand) = operand(op)(i)?;
    Ok((i, (op, op_span, operand)))
}

/// A single-value operator followed by a plain value (see
/// [`plain_value_at`](super::value::plain_value_at)), the value read without a token;
/// a miss, nothing consumed, for every other shape.
#[inline(always)]
fn plain_comparison<'a: 'c, 'c>(
    i: Cursor<'a, 'c>,
) -> PResult<'a, 'c, (CompareOp, Span, Operand<'a>)> {
    let Some(op) = single_value_operator(&i) else {
        return miss();
    };
    let pos = lexer::skip_ws(i.src(), i.hi());
    let Some((end, literal)) = plain_value_at(i.src(), pos, i.vtiger()) else {
        return miss();
    };
    let span = Span::new(pos, end);
    i.count_value(span)?;
    Ok((
        i.at(end),
        (
            op,
            i.span(),
            Operand::Value(Value {
                literal,
                span: span.into(),
            }),
        ),
    ))
}

fn is_bare_in(c: &Condition<'_>) -> bool {
    c.op == CompareOp::In
        && match &c.operand {
            Operand::Value(_) => true,
            Operand::List(l) => !l.parenthesized,
        }
}

fn bare_list_not_last(last: &Condition<'_>) -> ParseError {
    ParseError::new(
        ErrorKind::BareList,
        last.operand.span(),
        "an in-list without parentheses must be the last condition",
    )
    .label("put this list in parentheses")
    .hint(format!(
        "write `{} in ({})`",
        last.column,
        ValueList {
            values: last.values().to_vec(),
            parenthesized: false,
            span: NodeSpan::default()
        }
    ))
    .expected(Expected::of(&[X::OrderBy, X::Limit, X::Semicolon]))
}

#[cfg(test)]
mod tests {
    use crate::ast::{CompareOp, Condition, Literal, Operand};
    use crate::parse::test_support::{first, kind, parse};
    use crate::parse::value::tests::INTEGER_SHAPES;
    use crate::{Dialect, ErrorKind, ParseOptions, Query};

    #[test]
    fn every_operator() {
        for (text, op) in [
            ("=", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("like", CompareOp::Like),
            ("LIKE", CompareOp::Like),
        ] {
            let src = format!("select * from X where a {text} 'v';");
            assert_eq!(first(&src, Dialect::Documented).op, op, "{src}");
        }
        let c = first("select * from X where a In (1);", Dialect::Documented);
        assert_eq!(c.op, CompareOp::In);
    }

    #[test]
    fn comparison_fast_path_for_integers_agrees_with_the_general_path() {
        // `a = SHAPE` (the fast path) against `a in (SHAPE)` (the first value of a list,
        // always the general path): the same value and span, or, for the value-level
        // errors, the same error at the same place.
        for shape in INTEGER_SHAPES
            .iter()
            .copied()
            .filter(|s| !s.contains(['(', ',', '\'']))
        {
            for d in [Dialect::Documented, Dialect::Vtiger] {
                let eq = format!("select * from X where a = {shape};");
                let list = format!("select * from X where a in ({shape});");
                match (parse(&eq, d), parse(&list, d)) {
                    (Ok(e), Ok(l)) => {
                        let (ev, lv) = (
                            &e.where_clause.as_ref().unwrap().first.values()[0],
                            &l.where_clause.as_ref().unwrap().first.values()[0],
                        );
                        assert_eq!(ev.literal, lv.literal, "{shape:?} {d:?}");
                        assert_eq!(&eq[ev.span.range()], &list[lv.span.range()]);
                    }
                    (Err(e), Err(l)) if l.kind != ErrorKind::UnexpectedToken => {
                        assert_eq!(e.kind, l.kind, "{shape:?} {d:?}");
                        assert_eq!(&eq[e.span.range()], &list[l.span.range()], "{shape:?}");
                    }
                    (Err(e), Err(_)) => assert_eq!(e.kind, ErrorKind::UnexpectedToken),
                    (e, l) => {
                        // `in (0)`: the vtiger dialect refuses a list that starts with an
                        // unquoted 0, which `= 0` is not.
                        assert!(
                            shape.starts_with('0') && d == Dialect::Vtiger,
                            "{shape:?} {e:?} {l:?}"
                        )
                    }
                }
            }
        }
    }

    #[test]
    fn comparison_fast_path_hands_over_to_the_general_path() {
        use crate::Limits;
        // Plain-string comparisons (the fast path) mixed with every other shape, with
        // irregular whitespace: each operator, value and span is the general path's.
        let src = "select * from X where a='x' and b  !=\t'y''z' or c <= 5 and d>='w'\n\
                   or e LIKE 'p%' and f > '' or g < 'q\\' and h in ('r') or i = 'end';";
        let w = parse(src, Dialect::Documented)
            .unwrap()
            .where_clause
            .unwrap();
        let conds: Vec<&Condition<'_>> = std::iter::once(&w.first)
            .chain(w.rest.iter().map(|l| &l.condition))
            .collect();
        let want = [
            ("a='x'", "a", "=", "'x'", "'x'"),
            ("b  !=\t'y''z'", "b", "!=", "'y''z'", "'y''z'"),
            ("c <= 5", "c", "<=", "5", "5"),
            ("d>='w'", "d", ">=", "'w'", "'w'"),
            ("e LIKE 'p%'", "e", "LIKE", "'p%'", "'p%'"),
            ("f > ''", "f", ">", "''", "''"),
            ("g < 'q\\'", "g", "<", "'q\\'", "'q\\'"),
            ("h in ('r')", "h", "in", "('r')", "('r')"),
            ("i = 'end'", "i", "=", "'end'", "'end'"),
        ];
        assert_eq!(conds.len(), want.len());
        for (c, (cond, col, op, operand, shown)) in conds.iter().zip(want) {
            assert_eq!(&src[c.span().range()], cond);
            assert_eq!(&src[c.column.span.range()], col);
            assert_eq!(c.column.name, col);
            assert_eq!(&src[c.op_span.range()], op);
            assert_eq!(&src[c.operand.span().range()], operand);
            match &c.operand {
                Operand::Value(v) => assert_eq!(v.to_string(), shown),
                Operand::List(l) => assert_eq!(format!("({})", l.values[0]), shown),
            }
        }
        assert_eq!(conds[1].values()[0].literal, Literal::string("y'z"));
        assert_eq!(conds[3].values()[0].literal, Literal::string("w"));
        assert_eq!(conds[3].op, CompareOp::Ge);
        assert_eq!(conds[4].op, CompareOp::Like);
        assert_eq!(&src[w.rest[3].op_span.range()], "or");
        assert_eq!(&src[w.span.range()], &src[16..src.len() - 1]);
        // The value limit stops at the exact value, on the fast path too.
        let src = "select * from X where a = 'a' or b = 'b' or c = 'c';";
        let opts = ParseOptions {
            dialect: Dialect::Documented,
            limits: Limits::default().with_max_values(2),
        };
        let err = Query::parse_with(src, &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooManyValues);
        assert_eq!(&src[err.span.range()], "'c'");
        // Shapes the fast path leaves alone are still refused as before.
        for (cond, kind) in [
            ("a == 'x'", ErrorKind::WrongOperator),
            ("a <> 'x'", ErrorKind::WrongOperator),
            ("a = 'x", ErrorKind::UnterminatedString),
            ("a = 'x' 'y'", ErrorKind::UnexpectedToken),
            ("a = 'x' and", ErrorKind::UnexpectedToken),
        ] {
            let src = format!("select * from X where {cond};");
            assert_eq!(self::kind(&src, Dialect::Documented), kind, "{src}");
        }
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a = 'a\\''b';", v),
            ErrorKind::BackslashEscape
        );
    }

    #[test]
    fn negations_and_sql_only_forms() {
        let d = Dialect::Documented;
        assert_eq!(
            kind("select * from X where not a = 1;", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a not in (1);", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a not like 'x';", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a is null;", d),
            ErrorKind::IsNull
        );
        assert_eq!(
            kind("select * from X where a between 1 and 2;", d),
            ErrorKind::Between
        );
        assert_eq!(
            kind("select * from X where a <> 1;", d),
            ErrorKind::WrongOperator
        );
        assert_eq!(
            kind("select * from X where a == 1;", d),
            ErrorKind::WrongOperator
        );
        assert_eq!(
            kind("select * from X where (a = 1);", d),
            ErrorKind::GroupingParentheses
        );
        assert_eq!(
            kind("select * from X where a = b;", d),
            ErrorKind::UnquotedWord
        );
        assert_eq!(
            kind("select * from X where a = 1 & b = 1;", d),
            ErrorKind::InvalidCharacter
        );
    }
}
