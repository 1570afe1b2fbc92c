//! The lexer: the token at a position of the text, read on demand (no token vector is
//! built). The tokens are those of grammar.md §2: words `[A-Za-z0-9_]+`, single-quoted
//! strings with `''` as the only escape, signed integers, `( ) , * ; = != < > <= >=`,
//! whitespace `[ \t\r\n]`. Anything else becomes an error token that the parser turns
//! into a precise diagnostic.
//!
//! This layer is hand-tuned rather than built from nom combinators: it dispatches on the
//! first byte, classifies keywords with one hash lookup, and scans words and strings
//! eight bytes at a time; whitespace runs and the digits of signed integers are nom's
//! `multispace0` and `digit1`. It works on bytes, not `char`s: every byte of a token is
//! ASCII, and a non-ASCII byte ends a word or a whitespace run exactly where a `char`
//! would.

use nom::character::complete::{digit1, multispace0};

use super::keyword::{keyword_bytes, keyword_packed, Kw};

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
#[repr(u8)]
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

impl Tok {
    /// Every kind, in declaration order: the test oracle for [`Tok::from_u8`].
    #[cfg(test)]
    const ALL: [Tok; 19] = [
        Tok::Word,
        Tok::Str,
        Tok::EmptyStr,
        Tok::SignedInt,
        Tok::LParen,
        Tok::RParen,
        Tok::Comma,
        Tok::Star,
        Tok::Semi,
        Tok::Eq,
        Tok::Ne,
        Tok::Lt,
        Tok::Gt,
        Tok::Le,
        Tok::Ge,
        Tok::End,
        Tok::Unterminated,
        Tok::DoubleQuoted,
        Tok::Invalid,
    ];

    /// The kind whose discriminant is `b` (`Invalid`, the last, for any larger `b`, which
    /// [`Token::new`] never stores). A `match` from each number to the variant of that
    /// number, which compiles to a single minimum.
    #[inline(always)]
    pub(crate) fn from_u8(b: u8) -> Tok {
        match b {
            0 => Tok::Word,
            1 => Tok::Str,
            2 => Tok::EmptyStr,
            3 => Tok::SignedInt,
            4 => Tok::LParen,
            5 => Tok::RParen,
            6 => Tok::Comma,
            7 => Tok::Star,
            8 => Tok::Semi,
            9 => Tok::Eq,
            10 => Tok::Ne,
            11 => Tok::Lt,
            12 => Tok::Gt,
            13 => Tok::Le,
            14 => Tok::Ge,
            15 => Tok::End,
            16 => Tok::Unterminated,
            17 => Tok::DoubleQuoted,
            _ => Tok::Invalid,
        }
    }
}

/// A token: its kind and byte range, with the keyword a word spells and whether a string
/// holds a doubled quote.
///
/// Two scalars, so that it is returned in registers rather than through memory. Offsets
/// are `u32` (the parser refuses texts longer than [`crate::MAX_TEXT_BYTES`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// The first byte in the low 32 bits, one past the last byte in the high 32 bits.
    span: u64,
    /// The kind in bits 0-7, the keyword in bits 8-15, the escape flag in bit 16.
    meta: u32,
}

impl Token {
    /// The bit of `meta` that holds the escape flag.
    const ESCAPED: u32 = 1 << 16;

    /// A token of `kind` from byte `start` to byte `end`; `escaped` for a `Str` holding a
    /// doubled quote `''`; `kw` the keyword a `Word` spells (`Kw::None` otherwise).
    #[inline(always)]
    pub fn new(kind: Tok, start: usize, end: usize, escaped: bool, kw: Kw) -> Token {
        Token {
            span: start as u32 as u64 | (end as u32 as u64) << 32,
            meta: kind as u32 | ((kw as u32) << 8) | (u32::from(escaped) * Self::ESCAPED),
        }
    }

    /// A token of `kind` over `len` bytes from `pos`, with no keyword and no escape.
    #[inline(always)]
    pub(crate) fn plain(kind: Tok, pos: usize, len: usize) -> Token {
        Token::new(kind, pos, pos + len, false, Kw::None)
    }

    /// The token's kind.
    #[inline(always)]
    pub fn kind(&self) -> Tok {
        Tok::from_u8(self.meta as u8)
    }

    /// For a `Word`: the keyword it spells (classified once, by the lexer); `Kw::None`
    /// otherwise.
    #[inline(always)]
    pub fn kw(&self) -> Kw {
        Kw::from_u8((self.meta >> 8) as u8)
    }

    /// For a `Str`: whether the content holds a doubled quote `''`.
    #[inline(always)]
    pub fn escaped(&self) -> bool {
        self.meta & Self::ESCAPED != 0
    }

    /// First byte of the token.
    #[inline(always)]
    pub fn lo(&self) -> usize {
        self.span as u32 as usize
    }

    /// One past the last byte of the token.
    #[inline(always)]
    pub fn hi(&self) -> usize {
        (self.span >> 32) as usize
    }
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

/// `PUNCT[b]`: the kind of the one-byte token that byte `b` always is on its own
/// (`( ) , * ; =`); `Tok::End`, which is never a one-byte token, for the whitespace
/// bytes; `Tok::Invalid` for every other byte.
const PUNCT: [Tok; 256] = {
    let mut t = [Tok::Invalid; 256];
    t[b'(' as usize] = Tok::LParen;
    t[b')' as usize] = Tok::RParen;
    t[b',' as usize] = Tok::Comma;
    t[b'*' as usize] = Tok::Star;
    t[b';' as usize] = Tok::Semi;
    t[b'=' as usize] = Tok::Eq;
    t[b' ' as usize] = Tok::End;
    t[b'\t' as usize] = Tok::End;
    t[b'\r' as usize] = Tok::End;
    t[b'\n' as usize] = Tok::End;
    t
};

/// The token at `pos` or after the whitespace there. One space, the common separator,
/// is stepped over without a scan; then one lookup in [`PUNCT`] tells the one-byte
/// punctuation that separates list items, a longer run of whitespace ([`skip_ws`]),
/// and everything else, which [`lex`] reads.
#[inline]
pub(crate) fn next_token(src: &str, pos: usize) -> Token {
    let bytes = src.as_bytes();
    let mut pos = pos;
    if bytes.get(pos) == Some(&b' ') {
        pos += 1;
    }
    if let Some(&b) = bytes.get(pos) {
        match PUNCT[b as usize] {
            Tok::Invalid => {}
            Tok::End => return lex(src, skip_ws(src, pos)),
            kind => return Token::plain(kind, pos, 1),
        }
    }
    lex(src, pos)
}

/// Skips `[ \t\r\n]*` from `pos`.
#[inline]
pub(crate) fn skip_ws(src: &str, pos: usize) -> usize {
    let rest = &src.as_bytes()[pos..];
    match rest.first() {
        // One space before a token, the common case, needs no scan.
        Some(b' ')
            if rest
                .get(1)
                .map_or(true, |&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) =>
        {
            pos + 1
        }
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
    let tok = |kind, len| Token::plain(kind, pos, len);
    let Some(&b) = bytes.get(pos) else {
        return tok(Tok::End, 0);
    };
    // Words are most tokens: one table lookup tells them.
    if is_word_byte(b) {
        let (len, kw) = lex_word(bytes, pos);
        return Token::new(Tok::Word, pos, pos + len, false, kw);
    }
    lex_other(src, pos, b)
}

/// Lexes the token that is not a word starting with byte `b` at `pos`.
///
/// Out of line, so that [`lex`] is the word path alone.
#[inline(never)]
fn lex_other(src: &str, pos: usize, b: u8) -> Token {
    let bytes = src.as_bytes();
    let tok = |kind, len| Token::plain(kind, pos, len);
    match b {
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

/// Per-byte masks of eight bytes packed little-endian in a `u64`.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of each byte of `x` that is in `[A-Za-z0-9_]`, computed for all eight
/// bytes at once (SWAR): no carry crosses a byte, because every sum below adds two
/// values under `0x80`.
#[inline(always)]
fn word_bytes_mask(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let v = x & LOW7;
    // `v + (0x80 - lo)` has its high bit set iff `v >= lo`.
    let at_least = |lo: u8| v + splat(0x80 - lo);
    let above = |hi: u8| v + splat(0x7f - hi);
    let folded = v | splat(0x20); // A-Z onto a-z (and nothing else onto a-z)
    let letter = (folded + splat(0x80 - b'a')) & !(folded + splat(0x7f - b'z'));
    let digit = at_least(b'0') & !above(b'9');
    let under = !((v ^ splat(b'_')) + LOW7);
    (letter | digit | under) & ascii
}

/// The length of the word at `pos` (whose first byte is a word byte) and the keyword it
/// spells. Eight bytes are classified per step; the first step's bytes also give the
/// keyword (keywords have 2 to 8 bytes), so a short word is read from memory once.
#[inline]
fn lex_word(bytes: &[u8], pos: usize) -> (usize, Kw) {
    let Some(first) = load8(bytes, pos) else {
        return lex_last_word(bytes, pos);
    };
    let non_word = !word_bytes_mask(first) & HIGH;
    if non_word != 0 {
        let len = (non_word.trailing_zeros() / 8) as usize;
        let kw = if len >= 2 {
            let mask = u64::MAX >> (64 - 8 * len);
            keyword_packed((first | splat(0x20)) & mask)
        } else {
            Kw::None
        };
        return (len, kw);
    }
    // Eight word bytes: a keyword only if exactly eight (`distinct`). The rest is
    // scanned a byte at a time: names are rarely much longer than eight bytes.
    let len = 8 + bytes[pos + 8..]
        .iter()
        .take_while(|&&b| is_word_byte(b))
        .count();
    let kw = if len == 8 {
        keyword_packed(first | splat(0x20))
    } else {
        Kw::None
    };
    (len, kw)
}

/// [`lex_word`] for a word in the last seven bytes of the text, where no eight bytes
/// can be loaded at once. Out of line, to keep `lex` small.
#[cold]
#[inline(never)]
fn lex_last_word(bytes: &[u8], pos: usize) -> (usize, Kw) {
    let len = bytes[pos..]
        .iter()
        .take_while(|&&b| is_word_byte(b))
        .count();
    (len, keyword_bytes(&bytes[pos..pos + len]))
}

/// The eight bytes at `at`, little-endian, if there are eight.
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map(u64::from_le_bytes)
}

/// The end of the plain string at `pos` (the byte there being `'`): a non-empty string
/// without a doubled quote, as [`lex_string`] would give as an unescaped `Tok::Str`.
/// `None` for every other shape (empty, escaped, unterminated).
#[inline]
pub(crate) fn plain_string(src: &str, pos: usize) -> Option<usize> {
    let q = find_quote(src, pos + 1)?;
    if q == pos + 1 || src.as_bytes().get(q + 1) == Some(&b'\'') {
        return None;
    }
    Some(q + 1)
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
            None => return Token::new(Tok::Unterminated, pos, src.len(), escaped, Kw::None),
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
                return Token::new(kind, pos, q + 1, escaped, Kw::None);
            }
        }
    }
}

/// The position of the first `'` at or after `from` (a character boundary).
///
/// Most strings are short: the first bytes are scanned eight at a time, the rest with
/// `str::find` (`memchr`). A quote is ASCII, so it is never inside a multi-byte character
/// and the scan may stop anywhere. Out of line, to keep its callers small.
#[inline(never)]
fn find_quote(src: &str, from: usize) -> Option<usize> {
    const SHORT: usize = 32;
    const ONES: u64 = splat(1);
    const QUOTES: u64 = splat(b'\'');
    let bytes = src.as_bytes();
    let mut i = from;
    let limit = from + SHORT;
    while i < limit {
        let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        else {
            // Fewer than eight bytes left: the end of the text.
            return bytes[i..].iter().position(|&b| b == b'\'').map(|k| i + k);
        };
        // The zero bytes of `x` are the quotes; the lowest flagged byte is always a real
        // zero (a borrow can only flag bytes above one).
        let x = u64::from_le_bytes(chunk) ^ QUOTES;
        let found = x.wrapping_sub(ONES) & !x & HIGH;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    while !src.is_char_boundary(i) {
        i += 1;
    }
    src[i..].find('\'').map(|off| i + off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        let mut out = Vec::new();
        let mut pos = skip_ws(src, 0);
        loop {
            let t = lex(src, pos);
            if t.kind() == Tok::End {
                return out;
            }
            out.push((t.kind(), &src[t.lo()..t.hi()]));
            pos = skip_ws(src, t.hi());
        }
    }

    #[test]
    fn a_token_gives_back_what_it_was_built_from() {
        for (i, &kind) in Tok::ALL.iter().enumerate() {
            assert_eq!(kind as usize, i, "Tok::ALL is in declaration order");
            assert_eq!(Tok::from_u8(i as u8), kind);
            for (j, &kw) in Kw::ALL.iter().enumerate() {
                assert_eq!(kw as usize, j, "Kw::ALL is in declaration order");
                assert_eq!(Kw::from_u8(j as u8), kw);
                for escaped in [false, true] {
                    let t = Token::new(kind, 7, u32::MAX as usize, escaped, kw);
                    assert_eq!(
                        (t.kind(), t.kw(), t.escaped(), t.lo(), t.hi()),
                        (kind, kw, escaped, 7, u32::MAX as usize)
                    );
                }
            }
        }
        // The tables end with the last declared variant, which `from_u8` gives for any
        // larger number.
        assert_eq!(Kw::Null as usize, Kw::ALL.len() - 1);
        assert_eq!(Tok::Invalid as usize, Tok::ALL.len() - 1);
        assert_eq!(Tok::from_u8(u8::MAX), Tok::Invalid);
        assert_eq!(Kw::from_u8(u8::MAX), Kw::Null);
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
        assert!(lex("'a''b'", 0).escaped());
        assert!(!lex("'ab'", 0).escaped());
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
                assert_eq!((t.kind(), t.hi()), (kind, body.len() + 2), "{src}");
                let src = format!("'{body}''{body}'");
                let t = lex(&src, 0);
                assert_eq!(
                    (t.kind(), t.hi(), t.escaped()),
                    (Tok::Str, src.len(), true),
                    "{src}"
                );
                let src = format!("'{body}");
                let t = lex(&src, 0);
                assert_eq!((t.kind(), t.hi()), (Tok::Unterminated, src.len()), "{src}");
            }
        }
    }

    #[test]
    fn word_mask_agrees_with_the_table_for_every_byte_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte under test in one lane, word and non-word bytes around it.
                for fill in [b'a', b' ', 0xff, b'_'] {
                    let mut w = [fill; 8];
                    w[lane] = b;
                    let m = word_bytes_mask(u64::from_le_bytes(w));
                    for (k, &byte) in w.iter().enumerate() {
                        let flagged = m & (0x80 << (8 * k)) != 0;
                        assert_eq!(flagged, is_word_byte(byte), "byte {byte:#x} lane {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_lengths_across_the_eight_byte_steps() {
        for n in 1..40 {
            let word = "aZ_9".repeat(10)[..n].to_owned();
            for tail in ["", " ", "(", "é", "'x'"] {
                let src = format!("{word}{tail}");
                let t = lex(&src, 0);
                assert_eq!((t.kind(), t.hi()), (Tok::Word, n), "{src:?}");
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
    fn keywords_are_classified_once_in_any_case_and_window() {
        // Every keyword, in several cases, followed by nothing, by a separator and by
        // word bytes (which make it another word), so that the eight-byte load sees
        // both a short tail and a full window.
        let words = crate::parse::keyword::KEYWORDS;
        for (w, kw) in words {
            for word in [
                w.to_owned(),
                w.to_ascii_uppercase(),
                format!("{}{}", &w[..1].to_ascii_uppercase(), &w[1..]),
            ] {
                for tail in ["", ";", " x = 1 and y = 2;", "_", "1", "x"] {
                    let src = format!("{word}{tail}");
                    let t = lex(&src, 0);
                    let want = if tail.starts_with(['_', '1', 'x']) {
                        Kw::None
                    } else {
                        kw
                    };
                    assert_eq!(t.kw(), want, "{src:?}");
                    assert_eq!(crate::parse::keyword::keyword(&word), kw, "{word}");
                }
            }
        }
        for other in [
            "o",
            "x",
            "sel",
            "selects",
            "distinctx",
            "or_",
            "@nd",
            "12x34",
            "_in",
        ] {
            assert_eq!(lex(other, 0).kw(), Kw::None, "{other}");
            assert_eq!(crate::parse::keyword::keyword(other), Kw::None, "{other}");
        }
        // A word stops at a non-ASCII byte; the whole text is no keyword.
        assert_eq!(lex("in\u{e9}", 0).kw(), Kw::In);
        assert_eq!(crate::parse::keyword::keyword("in\u{e9}"), Kw::None);
        // Only words carry a keyword.
        assert_eq!(lex("'or'", 0).kw(), Kw::None);
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
