//! The comparison operator of a condition.
//!
//! ```ebnf
//! operator = "=" | "!=" | "<" | ">" | "<=" | ">=" | "like" | "in" ;
//! ```
//!
//! nom: one token parser that maps the token (or keyword) to its operator, a choice
//! decided by the token's kind rather than by trying each operator in turn; every other
//! token fails here, with a specific error for `==`, `<>`, `not`, `is` and `between`.

use super::cursor::{fail, Cursor, PResult};
use super::diagnostics::unexpected;
use super::keyword::Kw;
use super::lexer::Tok;
use crate::ast::CompareOp;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

pub(super) const OPERATOR: Expected = Expected::of(&[X::Operator]);
const COLUMN: Expected = Expected::of(&[X::Column]);

/// The operator the current token is, if it takes a single value (every operator but
/// `in`); `None` for `==` and `<>`, which [`operator`] refuses.
#[inline(always)]
pub(super) fn single_value_operator(i: &Cursor<'_, '_>) -> Option<CompareOp> {
    Some(match (i.kind(), i.next_byte()) {
        (Tok::Eq, Some(b'=')) | (Tok::Lt, Some(b'>')) => return None,
        (Tok::Eq, _) => CompareOp::Eq,
        (Tok::Ne, _) => CompareOp::Ne,
        (Tok::Lt, _) => CompareOp::Lt,
        (Tok::Gt, _) => CompareOp::Gt,
        (Tok::Le, _) => CompareOp::Le,
        (Tok::Ge, _) => CompareOp::Ge,
        (Tok::Word, _) if i.kw() == Kw::Like => CompareOp::Like,
        _ => return None,
    })
}

/// The operator and its span.
pub(super) fn operator<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, (CompareOp, Span)> {
    let span = i.span();
    let op = match i.kind() {
        Tok::Eq if i.next_byte() == Some(b'=') => {
            return fail(|| wrong_operator(Span::new(span.lo(), span.hi() + 1), "==", "="))
        }
        Tok::Lt if i.next_byte() == Some(b'>') => {
            return fail(|| wrong_operator(Span::new(span.lo(), span.hi() + 1), "<>", "!="))
        }
        Tok::Eq => CompareOp::Eq,
        Tok::Ne => CompareOp::Ne,
        Tok::Lt => CompareOp::Lt,
        Tok::Gt => CompareOp::Gt,
        Tok::Le => CompareOp::Le,
        Tok::Ge => CompareOp::Ge,
        Tok::Word => match i.kw() {
            Kw::In => CompareOp::In,
            Kw::Like => CompareOp::Like,
            Kw::Not => {
                let what = i.peek().kw();
                return fail(|| not_operator(span, Some(what)));
            }
            Kw::Is => {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::IsNull,
                        span,
                        "the language has no `is null` test",
                    )
                    .label("not supported")
                    .hint(
                        "there is no way to test for empty fields in a query; fetch the \
                         records and test the field in your code",
                    )
                    .expected(OPERATOR)
                })
            }
            Kw::Between => {
                return fail(|| {
                    ParseError::new(ErrorKind::Between, span, "the language has no `between`")
                        .label("not supported")
                        .hint("write two conditions: col >= 'low' and col <= 'high'")
                        .expected(OPERATOR)
                })
            }
            _ => return fail(|| unexpected(&i, OPERATOR)),
        },
        _ => return fail(|| unexpected(&i, OPERATOR)),
    };
    Ok((i.bump(), (op, span)))
}

fn wrong_operator(span: Span, written: &str, right: &'static str) -> ParseError {
    ParseError::new(
        ErrorKind::WrongOperator,
        span,
        format!("`{written}` is not an operator"),
    )
    .label("expected an operator")
    .hint(if right == "!=" {
        "write `!=` for \"not equal\"".to_owned()
    } else {
        format!("write `{right}`")
    })
    .expected(OPERATOR)
}

/// The error for `not`: before a column (`next` is `None`) or as an operator, followed
/// by the keyword `next`.
pub(super) fn not_operator(span: Span, next: Option<Kw>) -> ParseError {
    let (message, hint) = match next {
        Some(Kw::In) => (
            "the language has no `not in`",
            "write one `!=` condition per value, joined by `and`",
        ),
        Some(Kw::Like) => (
            "the language has no `not like`",
            "there is no negated pattern match; filter the rows in your code",
        ),
        _ => (
            "the language has no `not`",
            "negate the comparison itself: `!=` for `=`, `>=` for `<`, ...",
        ),
    };
    ParseError::new(ErrorKind::NotOperator, span, message)
        .label("not supported")
        .hint(hint)
        .expected(if next.is_some() { OPERATOR } else { COLUMN })
}
