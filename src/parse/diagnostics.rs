//! The diagnostics several clauses share: the error for an unexpected token (with the
//! precise message for each lexical mistake), for a word that cannot be a name, and for
//! the limit on values. Each clause builds its own specific errors in its module.

use std::borrow::Cow;

use super::confusable;
use super::cursor::Cursor;
use super::lexer::{self, Tok};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// What may follow the module name.
pub(crate) const AFTER_MODULE: Expected =
    Expected::of(&[X::Where, X::OrderBy, X::Limit, X::Semicolon]);

/// The error for the current token when one of `expected` was wanted: a precise message
/// for the lexical mistakes, a generic "expected X, found Y" otherwise.
#[cold]
pub(crate) fn unexpected(i: &Cursor<'_, '_>, expected: Expected) -> ParseError {
    let span = i.span();
    let text = i.text();
    let err = match i.kind() {
        // Point just after the last token, not past trailing whitespace or newlines.
        Tok::End => ParseError::new(
            ErrorKind::UnexpectedEnd,
            Span::empty(i.src().trim_end_matches([' ', '\t', '\r', '\n']).len()),
            format!("unexpected end of query, expected {expected}"),
        ),
        // The real server cannot lex `''` at all.
        Tok::EmptyStr if i.vtiger() => empty_string(span),
        Tok::Unterminated => ParseError::new(
            ErrorKind::UnterminatedString,
            Span::new(span.lo(), span.lo() + 1),
            "unterminated string",
        )
        .label("this quote is never closed")
        .hint("close the string with `'`; inside a string write a quote as `''`"),
        Tok::DoubleQuoted => {
            let closed = text.len() >= 2 && text.ends_with('"');
            let err = ParseError::new(
                ErrorKind::DoubleQuotedString,
                span,
                "double quotes are not string delimiters",
            )
            .label("strings use single quotes");
            if closed {
                err.hint(format!(
                    "write it in single quotes: {}",
                    quote_for_hint(&text[1..text.len() - 1])
                ))
            } else {
                err.hint("write strings in single quotes: 'like this'")
            }
        }
        Tok::Invalid => invalid_char(i.src(), span),
        _ => ParseError::new(
            ErrorKind::UnexpectedToken,
            span,
            format!("expected {expected}, found `{}`", shorten(text)),
        ),
    };
    err.expected(expected)
}

/// The error for the current token where a name was wanted: not a word, a reserved
/// word, a function call `f(` or a qualified name `a.b`.
#[cold]
#[inline(never)]
pub(crate) fn not_a_name(i: &Cursor<'_, '_>, expected: Expected) -> ParseError {
    if i.kind() != Tok::Word {
        return unexpected(i, expected);
    }
    if i.kw().is_reserved() {
        let text = i.text();
        return ParseError::new(
            ErrorKind::ReservedWord,
            i.span(),
            format!("expected {expected}, found the keyword `{text}`"),
        )
        .expected(expected);
    }
    if i.next_byte() == Some(b'(') {
        return function_call(i);
    }
    let end = i.src()[i.hi() + 1..]
        .bytes()
        .position(|b| !lexer::is_word_byte(b))
        .map_or(i.src().len(), |n| i.hi() + 1 + n);
    ParseError::new(
        ErrorKind::QualifiedName,
        Span::new(i.lo(), end),
        format!(
            "dotted name `{}`: a query reads one module, without joins",
            &i.src()[i.lo()..end]
        ),
    )
    .label("names are not qualified")
    .hint(
        "name the field alone; to read a related module, query it separately \
         (or use the retrieve_related operation)",
    )
}

/// The error for `name(` where `name` is the current word.
pub(crate) fn function_call(i: &Cursor<'_, '_>) -> ParseError {
    let name = i.text();
    ParseError::new(
        ErrorKind::FunctionCall,
        Span::new(i.lo(), i.hi() + 1),
        format!("function call `{name}(`: the language has no functions"),
    )
    .label("not supported")
    .hint("the only function is `count(*)` in place of the select list")
}

/// The error for one value more than `Limits::max_values` allows.
#[cold]
pub(crate) fn too_many_values(max: usize, span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::TooManyValues,
        span,
        format!("the query holds more than {max} values"),
    )
    .hint("split the query, or raise `Limits::max_values` for trusted input")
}

/// At most 40 characters of `s`, with `…` when cut.
pub(crate) fn shorten(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(40) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

/// `s` in single quotes with quotes doubled, shortened for a hint.
pub(crate) fn quote_for_hint(s: &str) -> String {
    let mut out = String::new();
    let _ = crate::ast::write_quoted_string(&mut out, &shorten(s));
    out
}

/// The error for `''` in the vtiger dialect, wherever it appears.
pub(crate) fn empty_string(span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::EmptyString,
        span,
        "the empty string cannot be written for the real server",
    )
    .label("the real server's lexer fails here")
    .hint(
        "the real server answers INTERNAL_SERVER_ERROR; the documented dialect \
         accepts '' (with a compatibility warning)",
    )
}

/// The error for a character that starts no token.
#[cold]
pub(crate) fn invalid_char(src: &str, span: Span) -> ParseError {
    let c = src[span.lo()..].chars().next().unwrap_or('\u{fffd}');
    let next = src[span.hi()..].chars().next();
    // Named by code point and Unicode name: shown between backticks they would be
    // invisible, or look like an ordinary space or quote.
    if let Some((name, fix)) = confusable::named(c) {
        let what = if fix.invisible() {
            "invisible character "
        } else {
            ""
        };
        let message = format!("{what}{} {name} outside quotes", confusable::code_point(c));
        return ParseError::new(ErrorKind::InvalidCharacter, span, message)
            .label(if fix.invisible() {
                "invisible character"
            } else {
                "not a token"
            })
            .hint(fix.hint());
    }
    let (message, hint): (Cow<'static, str>, Cow<'static, str>) = match c {
        '%' => (
            "`%` outside quotes".into(),
            "a like pattern is a quoted string: like 'Sm%'".into(),
        ),
        '-' if next == Some('-') => ("`--` comment".into(), "the language has no comments".into()),
        '/' if next == Some('*') => ("`/*` comment".into(), "the language has no comments".into()),
        '-' | '+' => (
            format!("`{c}` without digits").into(),
            "a sign must be followed directly by digits: -5".into(),
        ),
        '!' => (
            "`!` alone".into(),
            "write `!=` for \"not equal\"; there is no `not`".into(),
        ),
        '&' | '|' => (
            format!("`{c}` is not an operator").into(),
            "join conditions with the words `and` / `or`".into(),
        ),
        '`' | '[' | ']' => (
            format!("`{c}`: names are not quoted").into(),
            "write field and module names as they are: lastname, Contacts".into(),
        ),
        '.' => (
            "`.` outside quotes".into(),
            "decimals and dates are written in quotes: '1.5', '2024-01-31'".into(),
        ),
        '?' | ':' | '@' | '$' => (
            format!("`{c}`: the language has no parameters").into(),
            "write the value itself, quoted; clients should use vtql's builder".into(),
        ),
        '\\' => (
            "`\\` outside quotes".into(),
            "backslashes have no meaning here; inside a string write a quote as `''`".into(),
        ),
        c if c.is_control() => (
            format!(
                "control character {} outside quotes",
                confusable::code_point(c)
            )
            .into(),
            "delete it; whitespace is space, tab, carriage return and line feed".into(),
        ),
        c if c.is_whitespace() => (
            format!("{} is not whitespace here", confusable::code_point(c)).into(),
            "replace it with an ordinary space".into(),
        ),
        c if !c.is_ascii() => (
            format!("`{c}` outside quotes").into(),
            "only ASCII names and keywords exist; text values must be quoted".into(),
        ),
        c => (
            format!("unexpected character `{c}`").into(),
            "this character is not part of the language; quote it inside a value".into(),
        ),
    };
    ParseError::new(ErrorKind::InvalidCharacter, span, message)
        .label("not a token")
        .hint(hint)
}
