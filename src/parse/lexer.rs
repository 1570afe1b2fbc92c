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
/// are `u32` (the parser refuses texts longer than [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// The first byte in the low 32 bits, one past the last byte in the high 32 bits.
    span: u64,
    /// The kind in bits 0-4, the keyword in bits 5-9, the escape flag in bit 10: the
    /// layout the parser's cursor stores, so that it takes these bits as they are.
    meta: u32,
}

impl Token {
    /// The bit of `meta` that holds the escape flag.
    const ESCAPED: u32 = 1 << 10;

    /// A token of `kind` from byte `start` to byte `end`; `escaped` for a `Str` holding a
    /// doubled quote `''`; `kw` the keyword a `Word` spells (`Kw::None` otherwise).
    #[inline(always)]
    pub fn new(kind: Tok, start: usize, end: usize, escaped: bool, kw: Kw) -> Token {
        Token {
            span: start as u32 as u64 | (end as u32 as u64) << 32,
            meta: kind as u32 | ((kw as u32) << 5) | (u32::from(escaped) * Self::ESCAPED),
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
        Tok::from_u8(self.meta as u8 & 0x1f)
    }

    /// For a `Word`: the keyword it spells (classified once, by the lexer); `Kw::None`
    /// otherwise.
    #[inline(always)]
    pub fn kw(&self) -> Kw {
        Kw::from_u8((self.meta >> 5) as u8 & 0x1f)
    }

    /// The kind, keyword and escape flag in their packed form (11 bits).
    #[inline(always)]
    pub(crate) fn meta(&self) -> u32 {
        self.meta
    }

    /// For a `Str`: whether the content holds a doubled quote `''` (the parser reads it
    /// through the cursor).
    #[cfg(test)]
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
mod tests;
