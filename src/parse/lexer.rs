//! The lexer: turns the text at a position into the next token, lazily (no token
//! vector is built). It mirrors the real server's lexemes (behaviour doc §2.1): words
//! `[A-Za-z0-9_]+`, single-quoted strings with `''` as the only escape, signed integers,
//! `( ) , * ; = != < > <= >=`, whitespace `[ \t\r\n]`. Anything else becomes an error
//! token that the parser turns into a precise diagnostic.
//!
//! The lexical pieces are nom parsers with an allocation-free error type; the dispatch
//! on the first byte keeps the hot path free of `alt` chains. They run on the bytes of the
//! text, not its `char`s: every byte of a token is ASCII, and a non-ASCII byte (or the lead
//! byte of a UTF-8 sequence) ends a word or a whitespace run exactly where a `char` would,
//! without paying for UTF-8 decoding on every byte.

use nom::bytes::complete::take_while1;
use nom::character::complete::{digit1, multispace0};
use nom::Parser as _;

/// A nom error that carries nothing: the parser builds its own diagnostics, and a failed
/// alternative must cost nothing.
#[derive(Debug)]
pub(crate) struct Miss;

impl<I> nom::error::ParseError<I> for Miss {
    #[inline]
    fn from_error_kind(_: I, _: nom::error::ErrorKind) -> Self {
        Miss
    }
    #[inline]
    fn append(_: I, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Token kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// `[A-Za-z0-9_]+`: keywords, identifiers, integers and record ids.
    Word,
    /// A complete single-quoted string with at least one character.
    Str,
    /// `''`: the empty string.
    EmptyStr,
    /// `-5`, `+5`.
    SignedInt,
    LParen,
    RParen,
    Comma,
    Star,
    Semi,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    End,
    /// A `'` string that never closes; the token runs to the end of the text.
    Unterminated,
    /// A `"..."` string (to the closing `"`, or the end of the text).
    DoubleQuoted,
    /// One character that starts no token.
    Invalid,
}

/// A token: its kind and byte range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
    /// For `Str`: whether the content holds a doubled quote `''`.
    pub escaped: bool,
}

/// `WORD[b]`: whether byte `b` is in `[A-Za-z0-9_]`.
const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD[b as usize]
}

/// Skips `[ \t\r\n]*` from `pos`.
#[inline]
pub(crate) fn skip_ws(src: &str, pos: usize) -> usize {
    let rest = &src.as_bytes()[pos..];
    match rest.first() {
        Some(b' ' | b'\t' | b'\r' | b'\n') => {
            let (after, _) = multispace0::<&[u8], Miss>(rest).unwrap_or((rest, &[]));
            src.len() - after.len()
        }
        _ => pos,
    }
}

/// Lexes the token starting at `pos` (which must not be whitespace).
#[inline]
pub(crate) fn lex(src: &str, pos: usize) -> Token {
    let bytes = src.as_bytes();
    let tok = |kind, len| Token {
        kind,
        start: pos,
        end: pos + len,
        escaped: false,
    };
    let Some(&b) = bytes.get(pos) else {
        return tok(Tok::End, 0);
    };
    match b {
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => {
            let len = take_while1::<_, &[u8], Miss>(is_word_byte)
                .parse(&bytes[pos..])
                .map_or(1, |(_, w)| w.len());
            tok(Tok::Word, len)
        }
        b'\'' => lex_string(src, pos),
        b'(' => tok(Tok::LParen, 1),
        b')' => tok(Tok::RParen, 1),
        b',' => tok(Tok::Comma, 1),
        b'*' => tok(Tok::Star, 1),
        b';' => tok(Tok::Semi, 1),
        b'=' => tok(Tok::Eq, 1),
        b'<' if bytes.get(pos + 1) == Some(&b'=') => tok(Tok::Le, 2),
        b'>' if bytes.get(pos + 1) == Some(&b'=') => tok(Tok::Ge, 2),
        b'!' if bytes.get(pos + 1) == Some(&b'=') => tok(Tok::Ne, 2),
        b'<' => tok(Tok::Lt, 1),
        b'>' => tok(Tok::Gt, 1),
        b'+' | b'-' => match digit1::<&[u8], Miss>(&bytes[pos + 1..]) {
            Ok((_, digits)) => tok(Tok::SignedInt, 1 + digits.len()),
            Err(_) => tok(Tok::Invalid, 1),
        },
        b'"' => {
            let len = src[pos + 1..].find('"').map_or(src.len() - pos, |i| i + 2);
            tok(Tok::DoubleQuoted, len)
        }
        _ => {
            let len = src[pos..].chars().next().map_or(1, char::len_utf8);
            tok(Tok::Invalid, len)
        }
    }
}

/// Lexes `'...'` at `pos`: `''` inside is an escaped quote; `''` alone is the empty
/// string (which the real server cannot lex; the parser decides per dialect).
#[inline]
fn lex_string(src: &str, pos: usize) -> Token {
    let bytes = src.as_bytes();
    let mut i = pos + 1;
    let mut escaped = false;
    loop {
        match find_quote(src, i) {
            None => {
                return Token {
                    kind: Tok::Unterminated,
                    start: pos,
                    end: src.len(),
                    escaped,
                }
            }
            Some(q) => {
                if bytes.get(q + 1) == Some(&b'\'') {
                    // A doubled quote is an escape, also right after the opening
                    // quote: `''''` is a one-quote string.
                    escaped = true;
                    i = q + 2;
                    continue;
                }
                let kind = if q == pos + 1 {
                    Tok::EmptyStr
                } else {
                    Tok::Str
                };
                return Token {
                    kind,
                    start: pos,
                    end: q + 1,
                    escaped,
                };
            }
        }
    }
}

/// The position of the first `'` at or after `from` (a character boundary).
///
/// Most strings are short, and for them a plain byte loop is cheaper than setting up
/// `memchr`; past the first bytes, the search goes on with `str::find` (`memchr`). A quote
/// is ASCII, so it is never inside a multi-byte character and the loop may stop anywhere.
#[inline]
fn find_quote(src: &str, from: usize) -> Option<usize> {
    const SHORT: usize = 32;
    let bytes = src.as_bytes();
    let mut i = from;
    let mut end = (from + SHORT).min(bytes.len());
    while !src.is_char_boundary(end) {
        end += 1;
    }
    while i < end {
        if bytes[i] == b'\'' {
            return Some(i);
        }
        i += 1;
    }
    src[end..].find('\'').map(|off| end + off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        let mut out = Vec::new();
        let mut pos = skip_ws(src, 0);
        loop {
            let t = lex(src, pos);
            if t.kind == Tok::End {
                return out;
            }
            out.push((t.kind, &src[t.start..t.end]));
            pos = skip_ws(src, t.end);
        }
    }

    #[test]
    fn words_numbers_ids_are_one_lexeme() {
        assert_eq!(
            kinds("12x34 1e5 abc_1 100abc"),
            vec![
                (Tok::Word, "12x34"),
                (Tok::Word, "1e5"),
                (Tok::Word, "abc_1"),
                (Tok::Word, "100abc")
            ]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(kinds("'O''Brien'"), vec![(Tok::Str, "'O''Brien'")]);
        assert_eq!(kinds("''''"), vec![(Tok::Str, "''''")]);
        assert_eq!(kinds("'' x"), vec![(Tok::EmptyStr, "''"), (Tok::Word, "x")]);
        assert_eq!(kinds("'abc"), vec![(Tok::Unterminated, "'abc")]);
        assert_eq!(kinds("'''"), vec![(Tok::Unterminated, "'''")]);
        assert!(lex("'a''b'", 0).escaped);
        assert!(!lex("'ab'", 0).escaped);
    }

    #[test]
    fn operators() {
        let k: Vec<Tok> = kinds("= != < > <= >= <> ==").iter().map(|t| t.0).collect();
        use Tok::*;
        assert_eq!(k, vec![Eq, Ne, Lt, Gt, Le, Ge, Lt, Gt, Eq, Eq]);
    }

    #[test]
    fn signs_and_invalid() {
        assert_eq!(
            kinds("-5 +7"),
            vec![(Tok::SignedInt, "-5"), (Tok::SignedInt, "+7")]
        );
        assert_eq!(kinds("5-3"), vec![(Tok::Word, "5"), (Tok::SignedInt, "-3")]);
        assert_eq!(kinds("- é"), vec![(Tok::Invalid, "-"), (Tok::Invalid, "é")]);
        assert_eq!(kinds("\"x\""), vec![(Tok::DoubleQuoted, "\"x\"")]);
        assert_eq!(kinds("\"x"), vec![(Tok::DoubleQuoted, "\"x")]);
    }

    #[test]
    fn strings_of_every_length_around_the_short_scan() {
        // Quotes just before, at and after the end of the short scan, with multi-byte
        // characters straddling it, escapes on both sides, and no closing quote.
        for pad in ["a", "é", "日", "𝄞"] {
            for n in 0..48 {
                let body = pad.repeat(n);
                let src = format!("'{body}' x");
                let t = lex(&src, 0);
                let kind = if n == 0 { Tok::EmptyStr } else { Tok::Str };
                assert_eq!((t.kind, t.end), (kind, body.len() + 2), "{src}");
                let src = format!("'{body}''{body}'");
                let t = lex(&src, 0);
                assert_eq!(
                    (t.kind, t.end, t.escaped),
                    (Tok::Str, src.len(), true),
                    "{src}"
                );
                let src = format!("'{body}");
                let t = lex(&src, 0);
                assert_eq!((t.kind, t.end), (Tok::Unterminated, src.len()), "{src}");
            }
        }
    }

    #[test]
    fn words_stop_at_non_ascii_bytes() {
        assert_eq!(
            kinds("Müller"),
            vec![(Tok::Word, "M"), (Tok::Invalid, "ü"), (Tok::Word, "ller")]
        );
        assert_eq!(
            kinds("a_1\u{a0}b"),
            vec![
                (Tok::Word, "a_1"),
                (Tok::Invalid, "\u{a0}"),
                (Tok::Word, "b")
            ]
        );
    }

    #[test]
    fn whitespace_is_space_tab_cr_lf_only() {
        assert_eq!(kinds(" \t\r\nx"), vec![(Tok::Word, "x")]);
        assert_eq!(
            kinds("\u{c}x"),
            vec![(Tok::Invalid, "\u{c}"), (Tok::Word, "x")]
        );
    }
}
