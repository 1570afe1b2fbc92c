//! The limit clause.
//!
//! ```ebnf
//! limit    = "limit", unsigned, [ ",", unsigned ] ;   (* limit n | limit m, n *)
//! unsigned = digits ;                                  (* fits in 64 bits *)
//! ```
//!
//! nom: `preceded("limit", cut(...))` of `unsigned` and `opt(preceded(",",
//! cut(Production(unsigned))))`; `unsigned` is a token parser (a word of digits) whose refusals say
//! what was written instead (a sign, quotes, parentheses, a word, too many digits).

use nom::combinator::{cut, opt};
use nom::sequence::preceded;
use nom::Parser;

use super::cursor::{fail, keyword, token, Cursor, PResult, Production};
use super::diagnostics::{shorten, unexpected};
use super::keyword::Kw;
use super::lexer::Tok;
use crate::ast::{Limit, LimitValue};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// What may follow `limit n`.
pub(super) const AFTER_LIMIT: Expected = Expected::of(&[X::Comma, X::Semicolon]);
/// What may follow `limit m, n`.
pub(super) const AFTER_LIMIT_PAIR: Expected = Expected::of(&[X::Semicolon]);
const INTEGER: Expected = Expected::of(&[X::Integer]);

/// `limit n` or `limit m, n`; a miss if the current token is not `limit`.
pub(super) fn limit<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Limit> {
    let start = i.lo();
    let (i, (first, second)) = preceded(
        keyword(Kw::Limit),
        cut((
            Production(unsigned),
            opt(preceded(token(Tok::Comma), cut(Production(unsigned)))),
        )),
    )
    .parse(i)?;
    let (offset, count) = match second {
        Some(second) => (Some(first), second),
        None => (None, first),
    };
    match (i.kind(), i.kw()) {
        (Tok::Comma, _) if offset.is_some() => fail(|| {
            ParseError::new(
                ErrorKind::InvalidLimit,
                i.span(),
                "limit takes at most two numbers",
            )
            .hint("write `limit n` or `limit m, n` (skip m rows, return n)")
            .expected(AFTER_LIMIT_PAIR)
        }),
        (_, Kw::Offset) if offset.is_none() => fail(|| offset_keyword(&i, count.value)),
        _ => Ok((
            i,
            Limit {
                offset,
                count,
                span: Span::new(start, count.span.hi()).into(),
            },
        )),
    }
}

/// `offset` after `limit n`: the hint spells the equivalent `limit m, n`.
fn offset_keyword(i: &Cursor<'_, '_>, n: u64) -> ParseError {
    let err = ParseError::new(
        ErrorKind::OffsetKeyword,
        i.span(),
        "the language has no `offset`",
    )
    .expected(AFTER_LIMIT);
    let next = i.peek();
    let m = &i.src()[next.lo()..next.hi()];
    if next.kind() == Tok::Word && m.bytes().all(|b| b.is_ascii_digit()) {
        err.hint(format!(
            "write `limit {m}, {n}` (skip {m} rows, return {n})"
        ))
    } else {
        err.hint("write `limit m, n` to skip m rows and return n")
    }
}

/// A limit number: a word of digits that fits in a `u64`.
fn unsigned<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, LimitValue> {
    let span = i.span();
    let text = i.text();
    let invalid = |msg: String, hint: &'static str| {
        fail(|| {
            ParseError::new(ErrorKind::InvalidLimit, span, msg)
                .hint(hint)
                .expected(INTEGER)
        })
    };
    match i.kind() {
        Tok::Word if text.bytes().all(|b| b.is_ascii_digit()) => match digits_value(text) {
            Some(value) => Ok((
                i.bump(),
                LimitValue {
                    value,
                    span: span.into(),
                },
            )),
            None => invalid(
                format!("limit value `{}` is too large", shorten(text)),
                "a limit is a number of rows; the server returns at most 100 per query",
            ),
        },
        Tok::SignedInt => invalid(
            format!("limit value `{text}` has a sign"),
            "limit values are non-negative integers without a sign",
        ),
        Tok::Str => invalid(
            format!("limit value {} is quoted", shorten(text)),
            "write the number without quotes: limit 10",
        ),
        Tok::LParen => invalid(
            "limit values take no parentheses".to_owned(),
            "write `limit n` or `limit m, n`",
        ),
        Tok::Word if i.kw() == Kw::None => invalid(
            format!("limit value `{}` is not an integer", shorten(text)),
            "write a whole number of rows: limit 10",
        ),
        _ => fail(|| unexpected(&i, INTEGER)),
    }
}

/// The value of a run of ASCII digits, `None` past `u64::MAX`: what `str::parse::<u64>`
/// gives for such a run, without its checks for signs and other bytes.
fn digits_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |value, b| {
        value.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use crate::parse::test_support::{err, parse};
    use crate::{Dialect, ErrorKind, Expectation as X};

    #[test]
    fn digits_value_is_parse_u64() {
        for digits in [
            "0",
            "007",
            "42",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "000000000000000000000000018446744073709551615",
        ] {
            assert_eq!(
                super::digits_value(digits),
                digits.parse::<u64>().ok(),
                "{digits}"
            );
        }
    }

    #[test]
    fn limit_forms() {
        let d = Dialect::Documented;
        let l = parse("select * from X limit 7;", d).unwrap().limit.unwrap();
        assert_eq!((l.offset, l.count.value, l.offset_or_zero()), (None, 7, 0));
        let l = parse("select * from X limit 3,7;", d)
            .unwrap()
            .limit
            .unwrap();
        assert_eq!((l.offset.map(|o| o.value), l.count.value), (Some(3), 7));
        for bad in ["-1", "'1'", "(1)", "1, 2, 3", "x", "99999999999999999999"] {
            let src = format!("select * from X limit {bad};");
            assert_eq!(err(&src, d).kind, ErrorKind::InvalidLimit, "{src}");
        }
        let e = err("select * from X limit 10 offset 5;", d);
        assert_eq!(e.kind, ErrorKind::OffsetKeyword);
        assert_eq!(
            e.hint.as_deref(),
            Some("write `limit 5, 10` (skip 5 rows, return 10)")
        );
    }

    #[test]
    fn expected_sets_after_limit() {
        let d = Dialect::Documented;
        let e = err("select * from X limit 1 b;", d);
        assert!(e.expected.contains(X::Comma));
        let e = err("select * from X limit 1, 2 b;", d);
        assert!(!e.expected.contains(X::Comma) && e.expected.contains(X::Semicolon));
    }
}
