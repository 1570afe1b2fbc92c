//! One value.
//!
//! ```ebnf
//! value     = string | empty-string | integer | record-id ;   (* empty-string: documented *)
//! integer   = digits | signed-integer ;
//! record-id = digits, "x", digits ;                            (* one word, lower-case x *)
//! ```
//!
//! Also refused here: a number directly followed by `-`, `.` or `:` and a digit (an
//! unquoted date, time or decimal, `E0010`), a string ending in a backslash that was
//! meant as an escape (`E0007`), and in the vtiger dialect an odd run of backslashes
//! before a quote (`E0007`) and the empty string (`E0008`).
//!
//! nom: `alt` of one token parser per kind of value, the plain string (no escape, no
//! trailing backslash: most values) first, and last the error for any other token.
//! [`plain_value_at`] is the lexical fast path the lists and comparisons use: a plain
//! string or an unsigned integer read straight from the bytes, without a token.

use std::borrow::Cow;

use nom::branch::alt;
use nom::Parser;

use super::cursor::{fail, miss, Cursor, PResult};
use super::diagnostics::{empty_string, shorten, unexpected};
use super::keyword::Kw;
use super::lexer::{self, Tok};
use crate::ast::{Literal, LiteralKind, Value};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

pub(super) const VALUE: Expected = Expected::of(&[X::Value]);

/// One value, counted against `Limits::max_values`.
#[inline(always)]
pub(super) fn value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    alt((plain_string, other_value)).parse(i)
}

/// Every value but the plain string, out of line.
#[inline(never)]
fn other_value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    alt((string, empty, integer, record_id, not_a_value)).parse(i)
}

/// A string without a doubled quote, not ending in a backslash (nor, in the vtiger
/// dialect, holding an odd run of backslashes before a quote): its content is the text
/// between the quotes.
#[inline(always)]
fn plain_string<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if i.kind() != Tok::Str || i.escaped() {
        return miss();
    }
    let span = i.span();
    // Both ends are ASCII quotes, so `inner` lies on character boundaries.
    let inner = &i.src()[span.lo() + 1..span.hi() - 1];
    if inner.as_bytes().last() == Some(&b'\\')
        || (i.vtiger() && odd_backslash_before_quote(inner).is_some())
    {
        return miss();
    }
    i.count_value(span)?;
    let literal = Literal::borrowed(LiteralKind::String, inner);
    Ok((
        i.bump(),
        Value {
            literal,
            span: span.into(),
        },
    ))
}

/// Any other string: with doubled quotes (unescaped into an owned text) or backslashes.
fn string<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if i.kind() != Tok::Str {
        return miss();
    }
    let span = i.span();
    let inner = &i.src()[span.lo() + 1..span.hi() - 1];
    if inner.as_bytes().last() == Some(&b'\\') {
        if let Some(b) = i.next_byte() {
            if !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b')' | b';') {
                return fail(|| backslash_escape(span));
            }
        }
    }
    if i.vtiger() {
        if let Some(at) = odd_backslash_before_quote(inner) {
            return fail(|| backslash_breaks_sql(span.lo() + 1 + at));
        }
    }
    i.count_value(span)?;
    let literal = Literal::string(if i.escaped() {
        Cow::Owned(inner.replace("''", "'"))
    } else {
        Cow::Borrowed(inner)
    });
    Ok((
        i.bump(),
        Value {
            literal,
            span: span.into(),
        },
    ))
}

/// `''`: documented dialect only.
fn empty<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if i.kind() != Tok::EmptyStr {
        return miss();
    }
    let span = i.span();
    if i.vtiger() {
        return fail(|| empty_string(span).expected(VALUE));
    }
    i.count_value(span)?;
    Ok((
        i.bump(),
        Value {
            literal: Literal::string(""),
            span: span.into(),
        },
    ))
}

/// `digits` or `[+-]digits`, kept as written.
fn integer<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    let text = i.text();
    let digits = match i.kind() {
        Tok::SignedInt => true,
        Tok::Word => {
            text.as_bytes()[0].is_ascii_digit() && text.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if !digits {
        return miss();
    }
    let span = i.span();
    if let Some(err) = number_shape(&i, span) {
        return fail(|| err);
    }
    i.count_value(span)?;
    Ok((
        i.bump(),
        Value {
            literal: Literal::borrowed(LiteralKind::Integer, text),
            span: span.into(),
        },
    ))
}

/// `digits x digits` in one word, kept as written (also when the numbers overflow).
fn record_id<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    let text = i.text();
    if i.kind() != Tok::Word
        || !(text.parse::<crate::RecordId>().is_ok() || is_record_id_shape(text))
    {
        return miss();
    }
    let span = i.span();
    i.count_value(span)?;
    Ok((
        i.bump(),
        Value {
            literal: Literal::borrowed(LiteralKind::RecordId, text),
            span: span.into(),
        },
    ))
}

/// The error for any token that is no value.
fn not_a_value<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Value<'a>> {
    if i.kind() == Tok::Word {
        fail(|| bare_word(&i))
    } else {
        fail(|| unexpected(&i, VALUE))
    }
}

/// The plain value at byte `pos` of `src`, read straight from the bytes, and where it
/// ends: a quoted string as [`plain_string`] takes it, or an unsigned integer (digits
/// not followed by a word byte, nor by `-`, `.` or `:` and a digit, the shapes
/// [`number_shape`] refuses). `None` for every other shape, which [`value`] then reads
/// as a token, with the same result for these.
#[inline(always)]
pub(super) fn plain_value_at(src: &str, pos: usize, vtiger: bool) -> Option<(usize, Literal<'_>)> {
    let bytes = src.as_bytes();
    match bytes.get(pos)? {
        b'\'' => {
            let end = lexer::plain_string(src, pos)?;
            // Both ends are ASCII quotes, so `inner` lies on character boundaries.
            let inner = &src[pos + 1..end - 1];
            if inner.as_bytes().last() == Some(&b'\\')
                || (vtiger && odd_backslash_before_quote(inner).is_some())
            {
                return None;
            }
            Some((end, Literal::borrowed(LiteralKind::String, inner)))
        }
        b'0'..=b'9' => {
            let end = pos
                + bytes[pos..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .unwrap_or(bytes.len() - pos);
            match bytes.get(end) {
                Some(&b) if lexer::is_word_byte(b) => return None,
                Some(b'-' | b'.' | b':') if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                    return None
                }
                _ => {}
            }
            // Digits only: ASCII, on character boundaries.
            Some((end, Literal::borrowed(LiteralKind::Integer, &src[pos..end])))
        }
        _ => None,
    }
}

/// After digits: `2024-01-31`, `1.5`, `10:30` are unquoted literals the language
/// cannot write.
fn number_shape(i: &Cursor<'_, '_>, span: Span) -> Option<ParseError> {
    let bytes = i.src().as_bytes();
    let mut end = span.hi();
    let follows_digit = |at: usize| bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
    if !matches!(bytes.get(end), Some(b'-' | b'.' | b':')) || !follows_digit(end) {
        return None;
    }
    while end < bytes.len()
        && (bytes[end].is_ascii_digit()
            || (matches!(bytes[end], b'-' | b'.' | b':') && follows_digit(end))
            || (bytes[end] == b' ' && follows_digit(end) && bytes.get(end + 3) == Some(&b':')))
    {
        end += 1;
    }
    let text = &i.src()[span.lo()..end];
    let body = text.trim_start_matches(['-', '+']);
    let what = if body.contains(':') && body.contains('-') {
        "datetime"
    } else if body.contains(':') {
        "time"
    } else if body.matches(['-', '.']).count() >= 2 {
        "date"
    } else if body.contains('-') {
        // `5-3`: the language has no arithmetic; a partial date `2019-02` is alike.
        "value"
    } else {
        "decimal"
    };
    Some(
        ParseError::new(
            ErrorKind::UnquotedLiteral,
            Span::new(span.lo(), end),
            format!("unquoted {what} `{text}`"),
        )
        .label("quote this value")
        .hint(format!("write it in single quotes: '{text}'"))
        .expected(VALUE),
    )
}

/// The error for a word where a value was expected.
fn bare_word(i: &Cursor<'_, '_>) -> ParseError {
    // `Müller`: the word lexeme stops at the first non-ASCII letter; show all of it.
    let end = i.src()[i.hi()..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(i.src().len(), |(n, _)| i.hi() + n);
    let span = Span::new(i.lo(), end);
    let text = &i.src()[i.lo()..end];
    match i.kw() {
        Kw::None
        | Kw::Null
        | Kw::Count
        | Kw::By
        | Kw::Group
        | Kw::Having
        | Kw::Join
        | Kw::Union => {}
        _ => {
            return unexpected(i, VALUE)
                .hint(format!("if `{text}` is the value, quote it: '{text}'"))
        }
    }
    let hint = match text.to_ascii_lowercase().as_str() {
        "null" => "the language has no null; there is no way to test for empty fields".to_owned(),
        "true" | "false" => {
            let v = if text.eq_ignore_ascii_case("true") {
                1
            } else {
                0
            };
            format!("booleans are stored as 0 and 1: write '{v}'")
        }
        _ => format!("write it in single quotes: '{}'", shorten(text)),
    };
    ParseError::new(
        ErrorKind::UnquotedWord,
        span,
        format!("bare word `{}` is not a value", shorten(text)),
    )
    .label("values must be quoted")
    .hint(hint)
    .expected(VALUE)
}

/// `12x34` with digits on both sides of one `x`, even when the numbers overflow.
fn is_record_id_shape(text: &str) -> bool {
    match text.split_once('x') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn backslash_escape(span: Span) -> ParseError {
    let bs = Span::new(span.hi() - 2, span.hi());
    ParseError::new(
        ErrorKind::BackslashEscape,
        bs,
        "a backslash does not escape a quote",
    )
    .label("this quote ends the string")
    .hint("inside a string write a quote as `''`: 'O''Brien'")
    .expected(VALUE)
}

/// The byte offset (in `inner`, the raw text between the quotes) of a run of an odd
/// number of backslashes that ends the string or stands before a quote. The real server
/// pastes the raw string into MySQL, which reads such a backslash as escaping the quote:
/// the SQL it builds is then broken.
pub(super) fn odd_backslash_before_quote(inner: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'\\' {
            i += 1;
        }
        if (i - start) % 2 == 1 && (i == bytes.len() || bytes[i] == b'\'') {
            return Some(i - 1);
        }
    }
    None
}

fn backslash_breaks_sql(at: usize) -> ParseError {
    ParseError::new(
        ErrorKind::BackslashEscape,
        Span::new(at, at + 1),
        "a backslash before a quote breaks the real server's SQL",
    )
    .label("MySQL reads this as an escape")
    .hint(
        "the real server pastes strings into MySQL unchanged, where `\\'` escapes the \
         closing quote; double the backslash (`\\\\`) or drop it",
    )
    .expected(VALUE)
}

#[cfg(test)]
pub(super) mod tests {
    use super::odd_backslash_before_quote;
    use crate::ast::Literal;
    use crate::parse::test_support::{kind, parse};
    use crate::{Dialect, ErrorKind};

    #[test]
    fn value_kinds() {
        let lit = |v: &str| {
            let src = format!("select * from X where a = {v};");
            let q = parse(&src, Dialect::Documented).unwrap().into_owned();
            q.where_clause.unwrap().first.values()[0].literal.clone()
        };
        assert_eq!(lit("'x'"), Literal::string("x"));
        assert_eq!(lit("''''"), Literal::string("'"));
        assert_eq!(lit("''"), Literal::string(""));
        assert_eq!(lit("-12"), Literal::integer("-12"));
        assert_eq!(lit("0012"), Literal::integer("0012"));
        assert_eq!(lit("12x34"), Literal::record_id("12x34"));
        assert_eq!(
            lit("1x99999999999999999999999"),
            Literal::record_id("1x99999999999999999999999")
        );
    }

    #[test]
    fn unquoted_shapes_are_classified() {
        let msg = |v: &str| {
            let src = format!("select * from X where a = {v};");
            let e = parse(&src, Dialect::Documented).unwrap_err();
            assert_eq!(e.kind, ErrorKind::UnquotedLiteral, "{src}");
            e.message.into_owned()
        };
        assert_eq!(msg("2024-01-31"), "unquoted date `2024-01-31`");
        assert_eq!(msg("2024.01.31"), "unquoted date `2024.01.31`");
        assert_eq!(
            msg("2024-01-31 10:30:00"),
            "unquoted datetime `2024-01-31 10:30:00`"
        );
        assert_eq!(msg("10:30"), "unquoted time `10:30`");
        assert_eq!(msg("1.5"), "unquoted decimal `1.5`");
        assert_eq!(msg("-1.5"), "unquoted decimal `-1.5`");
        assert_eq!(msg("+0.5"), "unquoted decimal `+0.5`");
        assert_eq!(msg("2019-02"), "unquoted value `2019-02`");
    }

    pub(crate) const INTEGER_SHAPES: &[&str] = &[
        "5",
        "007",
        "123456789012345678901234567890",
        "5 ",
        "5\t",
        "5é",
        "5-3",
        "5 -3",
        "5.5",
        "5:30",
        "2024-01-31",
        "5x",
        "12x34",
        "5e3",
        "5_",
        "5'a'",
        "5(",
        "5,6",
        "5 ,6",
        "5-",
        "5.",
        "5:",
        "-5",
        "+5",
        "0",
        "00",
        "2024-01-31 10:30",
    ];

    #[test]
    fn backslashes() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a = 'O\\'Brien';", d),
            ErrorKind::BackslashEscape
        );
        // A string that ends in a backslash is fine for the documented dialect...
        assert!(parse("select * from X where a = 'C:\\';", d).is_ok());
        assert!(parse("select * from X where a in ('C:\\', 'x');", d).is_ok());
        // ...but breaks the SQL the real server builds.
        assert_eq!(
            kind("select * from X where a = 'C:\\';", v),
            ErrorKind::BackslashEscape
        );
        assert_eq!(
            kind("select * from X where a = 'a\\''b';", v),
            ErrorKind::BackslashEscape
        );
        assert!(parse("select * from X where a = 'C:\\\\';", v).is_ok());
        assert!(parse("select * from X where a = 'a\\b';", v).is_ok());
        assert_eq!(odd_backslash_before_quote("ab"), None);
        assert_eq!(odd_backslash_before_quote("a\\"), Some(1));
        assert_eq!(odd_backslash_before_quote("a\\\\"), None);
        assert_eq!(odd_backslash_before_quote("\\\\\\''"), Some(2));
        assert_eq!(odd_backslash_before_quote("\\x"), None);
    }
}
