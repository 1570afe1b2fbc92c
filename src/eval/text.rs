//! Text under the case rule, and `like` patterns: both read a record's text in place,
//! without building the lower-cased copy.
//!
//! The case rule is [`fold`]: each character lower-cased by Unicode's simple mapping, as
//! the engines' `lower()` does (PostgreSQL with a UTF-8 `LC_CTYPE`, MariaDB, and the
//! Unicode `lower` to register on SQLite, [`fold`] itself); a text that lower-casing
//! leaves alone is borrowed, not copied. [`Folded`] is a text with the form
//! `fold` would give it, compared and matched character by character.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::str::{Bytes, Chars};

/// The lower case of every character of `s` by Unicode's simple mapping, without
/// context: `Σ` gives `σ` even at the end of a word, `İ` gives `i` (not `i̇`, the full
/// mapping), `ẞ` gives `ß`; the text itself, borrowed, when that changes nothing.
///
/// It is the evaluator's case rule and what PostgreSQL (UTF-8 `LC_CTYPE`) and MariaDB's
/// `lower()` compute; SQLite's own `lower()` folds ASCII only, so register this one on
/// the connection for SQLite to compare text as the evaluator does.
///
/// ```
/// use vtql::eval::fold;
/// assert_eq!(fold("ΣΟΦΟΣ"), "σοφοσ");
/// assert_eq!(fold("İstanbul"), "istanbul");
/// assert_eq!(fold("STRAẞE"), "straße");
/// assert!(matches!(fold("plain"), std::borrow::Cow::Borrowed("plain")));
/// ```
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.chars().any(lowers) {
        Cow::Owned(s.chars().map(lower_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// One character's simple lower-case mapping. Unicode maps every character to one
/// character except `İ` (U+0130), whose full mapping `i̇` adds a combining dot; the
/// engines take the simple one, `i`.
fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Whether lower-casing changes `c`: upper-case letters, and also the title-case ones
/// (`ǅ` gives `ǆ`), which are not upper-case.
fn lowers(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    lower_char(c) != c
}

/// Which form [`fold`] gives a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Case {
    /// The text itself: case-sensitive comparison, or no upper-case letter.
    Exact,
    /// ASCII text with an upper-case letter: each byte ASCII-lower-cased.
    Ascii,
    /// Other text with an upper-case letter: each character lower-cased.
    Unicode,
}

/// One lower-cased ASCII byte as a character.
fn ascii_lower(b: u8) -> char {
    char::from(b.to_ascii_lowercase())
}

/// A text as the case rule reads it: the same characters as `fold(text)` when folding,
/// else the text itself.
#[derive(Clone, Copy, Debug)]
pub(super) struct Folded<'a> {
    pub text: &'a str,
    pub case: Case,
}

impl<'a> Folded<'a> {
    /// `text`, folded when `fold_text`.
    pub fn new(text: &'a str, fold_text: bool) -> Self {
        Folded {
            text,
            case: if fold_text {
                Self::case_of(text)
            } else {
                Case::Exact
            },
        }
    }

    /// The form `fold` gives `text`. For ASCII text, lower-casing each character is
    /// lower-casing each byte.
    fn case_of(text: &str) -> Case {
        let mut upper = false;
        for b in text.bytes() {
            if !b.is_ascii() {
                return if text.chars().any(lowers) {
                    Case::Unicode
                } else {
                    Case::Exact
                };
            }
            upper |= b.is_ascii_uppercase();
        }
        if upper {
            Case::Ascii
        } else {
            Case::Exact
        }
    }

    /// The characters of the folded text.
    pub fn chars(&self) -> FoldedChars<'a> {
        match self.case {
            Case::Exact => FoldedChars::Exact(self.text.chars()),
            Case::Ascii => FoldedChars::Ascii(self.text.bytes()),
            Case::Unicode => FoldedChars::Unicode(Lowered::new(self.text)),
        }
    }

    /// Compares with `k`, itself already in folded form, by code point (the order of
    /// UTF-8 bytes).
    pub fn cmp_str(&self, k: &str) -> Ordering {
        match self.case {
            Case::Exact => self.text.cmp(k),
            Case::Ascii => self
                .text
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .cmp(k.bytes()),
            Case::Unicode => self.chars().cmp(k.chars()),
        }
    }

    /// Whether the folded text is `k` (already in folded form).
    pub fn eq_str(&self, k: &str) -> bool {
        match self.case {
            Case::Exact => self.text == k,
            // ASCII lower-casing keeps the length.
            Case::Ascii => {
                self.text.len() == k.len()
                    && self
                        .text
                        .bytes()
                        .map(|b| b.to_ascii_lowercase())
                        .eq(k.bytes())
            }
            Case::Unicode => self.chars().eq(k.chars()),
        }
    }

    /// Compares two folded texts by code point.
    pub fn cmp(&self, other: &Folded<'_>) -> Ordering {
        match (self.case, other.case) {
            (Case::Exact, Case::Exact) => self.text.cmp(other.text),
            (Case::Ascii, Case::Ascii) => self
                .text
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .cmp(other.text.bytes().map(|b| b.to_ascii_lowercase())),
            _ => self.chars().cmp(other.chars()),
        }
    }
}

/// The characters of a [`Folded`] text.
#[derive(Clone, Debug)]
pub(super) enum FoldedChars<'a> {
    Exact(Chars<'a>),
    Ascii(Bytes<'a>),
    Unicode(Lowered<'a>),
}

impl Iterator for FoldedChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            FoldedChars::Exact(c) => c.next(),
            FoldedChars::Ascii(b) => b.next().map(ascii_lower),
            FoldedChars::Unicode(c) => c.next(),
        }
    }
}

/// Each character of a text lower-cased as [`fold`] does.
#[derive(Clone, Debug)]
pub(super) struct Lowered<'a> {
    chars: Chars<'a>,
}

impl<'a> Lowered<'a> {
    pub fn new(text: &'a str) -> Self {
        Lowered {
            chars: text.chars(),
        }
    }
}

impl Iterator for Lowered<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        self.chars.next().map(lower_char)
    }
}

/// One piece of a `like` pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// `%`: any run of characters.
    Any,
    /// `_`: one character.
    One,
    /// A character to match (`\` escapes the next one; a final lone `\` is itself).
    Lit(char),
}

fn like_tokens(pattern: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Tok::Any,
            '_' => Tok::One,
            '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
            c => Tok::Lit(c),
        });
    }
    out
}

/// Wildcard matching with one backtrack point: linear space, no recursion. The text is
/// an iterator of characters; the backtrack point is a copy of it.
fn like_match<I: Iterator<Item = char> + Clone>(tokens: &[Tok], mut text: I) -> bool {
    let mut p = 0usize;
    // The pattern position after the last `%`, and where the text resumes when what
    // follows it fails.
    let mut star: Option<(usize, I)> = None;
    loop {
        let mut rest = text.clone();
        let Some(c) = rest.next() else { break };
        match tokens.get(p) {
            Some(Tok::Any) => {
                p += 1;
                star = Some((p, text.clone()));
            }
            Some(Tok::One) => {
                p += 1;
                text = rest;
            }
            Some(Tok::Lit(l)) if *l == c => {
                p += 1;
                text = rest;
            }
            _ => match &mut star {
                Some((sp, st)) => {
                    // The `%` takes one more character.
                    st.next();
                    p = *sp;
                    text = st.clone();
                }
                None => return false,
            },
        }
    }
    tokens[p.min(tokens.len())..].iter().all(|k| *k == Tok::Any)
}

/// What a pattern without `_` asks of the text, `%` runs collapsed.
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// No `%`: the whole text.
    Exact(String),
    /// `lit%` (and `%` alone, with an empty literal).
    Prefix(String),
    /// `%lit`.
    Suffix(String),
    /// `%lit%`.
    Contains(String),
    /// Anything else: the general matcher.
    General,
}

impl Shape {
    fn of(tokens: &[Tok]) -> Shape {
        let mut lit = String::new();
        // `%` before and after the literal; any `%` inside or `_` makes it general.
        let (mut lead, mut trail) = (false, false);
        for t in tokens {
            match *t {
                Tok::One => return Shape::General,
                Tok::Any if lit.is_empty() => lead = true,
                Tok::Any => trail = true,
                Tok::Lit(_) if trail => return Shape::General,
                Tok::Lit(c) => lit.push(c),
            }
        }
        match (lead, trail) {
            (false, false) => Shape::Exact(lit),
            // `%` alone (or `%%`...) lands here as a leading run: anything matches.
            (true, false) if lit.is_empty() => Shape::Prefix(lit),
            (true, false) => Shape::Suffix(lit),
            (false, true) => Shape::Prefix(lit),
            (true, true) => Shape::Contains(lit),
        }
    }
}

/// A compiled `like` pattern (`%` any run, `_` one character, `\` escapes), in folded
/// form when the comparison folds case.
#[derive(Clone, Debug)]
pub(super) struct Pattern {
    tokens: Vec<Tok>,
    shape: Shape,
}

impl Pattern {
    /// Compiles `pattern`; with `fold_text`, folded first (like the text it will match).
    pub fn new(pattern: &str, fold_text: bool) -> Self {
        let tokens = if fold_text {
            like_tokens(&fold(pattern))
        } else {
            like_tokens(pattern)
        };
        let shape = Shape::of(&tokens);
        Pattern { tokens, shape }
    }

    /// Whether the (folded) text matches. Literal shapes compare bytes in place (a
    /// match of UTF-8 bytes is a match of characters); the rest walks characters.
    pub fn matches(&self, t: Folded<'_>) -> bool {
        let lower_eq =
            |text: &[u8], lit: &str| text.iter().map(|b| b.to_ascii_lowercase()).eq(lit.bytes());
        let (s, b) = (t.text, t.text.as_bytes());
        match (&self.shape, t.case) {
            (Shape::Exact(l), _) => t.eq_str(l),
            (Shape::Prefix(l), Case::Exact) => s.starts_with(l.as_str()),
            (Shape::Suffix(l), Case::Exact) => s.ends_with(l.as_str()),
            (Shape::Contains(l), Case::Exact) => s.contains(l.as_str()),
            (Shape::Prefix(l), Case::Ascii) => b.len() >= l.len() && lower_eq(&b[..l.len()], l),
            (Shape::Suffix(l), Case::Ascii) => {
                b.len() >= l.len() && lower_eq(&b[b.len() - l.len()..], l)
            }
            (Shape::Contains(l), Case::Ascii) => {
                l.is_empty() || b.windows(l.len()).any(|w| lower_eq(w, l))
            }
            (_, Case::Exact) => like_match(&self.tokens, s.chars()),
            (_, Case::Ascii) => like_match(&self.tokens, s.bytes().map(ascii_lower)),
            (_, Case::Unicode) => like_match(&self.tokens, Lowered::new(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: build the folded text, match with the general matcher.
    fn reference(pattern: &str, text: &str, fold_text: bool) -> bool {
        let (p, t) = if fold_text {
            (fold(pattern), fold(text))
        } else {
            (Cow::Borrowed(pattern), Cow::Borrowed(text))
        };
        like_match(&like_tokens(&p), t.chars())
    }

    #[test]
    fn fold_is_the_engines_lower_on_every_text() {
        // What the SQL side computes: `lower()` of each character, no context.
        let lower = |t: &str| t.chars().map(lower_char).collect::<String>();
        let texts = [
            "",
            "smith",
            "Smith",
            "SMITH",
            "ǅ",
            "ǈemal",
            "ǲ",
            "ᾈ",
            "ΣΟΦΟΣ",
            "σοφος",
            "İstanbul",
            "straße",
            "STRASSE",
            "ǆ",
            "Ⅻ",
            "ⓐⒶ",
            "日本",
            "Ǆ",
            "x\u{1c5}y",
        ];
        for t in texts {
            assert_eq!(fold(t), lower(t), "{t:?}");
            // The in-place reading agrees with the folded copy, both ways.
            for other in texts {
                let (a, b) = (Folded::new(t, true), Folded::new(other, true));
                assert_eq!(a.cmp(&b), lower(t).cmp(&lower(other)), "{t:?} vs {other:?}");
                assert_eq!(a.eq_str(&lower(other)), lower(t) == lower(other));
                assert_eq!(a.cmp_str(&lower(other)), lower(t).cmp(&lower(other)));
            }
        }
    }

    #[test]
    fn like_cases() {
        let cases = [
            ("Sm%", "Smith", true),
            ("Sm%", "smith", false),
            ("%ith", "Smith", true),
            ("S_ith", "Smith", true),
            ("S_ith", "Sith", false),
            ("%", "", true),
            ("_", "", false),
            ("100\\%", "100%", true),
            ("100\\%", "1000", false),
            ("a\\_b", "a_b", true),
            ("a\\_b", "axb", false),
            ("a\\\\b", "a\\b", true),
            ("a\\", "a\\", true),
            ("%a%b%", "xxaxxbxx", true),
            ("%a%b%", "xxbxxaxx", false),
            ("Mü%", "Müller", true),
            ("_ü%", "Müller", true),
            ("%%%x", "abc", false),
        ];
        for (pattern, text, expect) in cases {
            let p = Pattern::new(pattern, false);
            assert_eq!(
                p.matches(Folded::new(text, false)),
                expect,
                "{pattern:?} {text:?}"
            );
            assert_eq!(reference(pattern, text, false), expect, "{pattern:?}");
        }
    }

    #[test]
    fn shapes() {
        let shape = |p: &str| Pattern::new(p, false).shape;
        assert_eq!(shape("abc"), Shape::Exact("abc".into()));
        assert_eq!(shape("a\\%c"), Shape::Exact("a%c".into()));
        assert_eq!(shape("ab%%"), Shape::Prefix("ab".into()));
        assert_eq!(shape("%"), Shape::Prefix(String::new()));
        assert_eq!(shape("%%"), Shape::Prefix(String::new()));
        assert_eq!(shape("%ab"), Shape::Suffix("ab".into()));
        assert_eq!(shape("%%a\\_b%"), Shape::Contains("a_b".into()));
        assert_eq!(shape("a%b"), Shape::General);
        assert_eq!(shape("a_"), Shape::General);
        assert_eq!(shape(""), Shape::Exact(String::new()));
    }

    /// Every shape, every case form: the same answer as the reference.
    #[test]
    fn patterns_match_like_the_reference() {
        let texts = [
            "",
            "a",
            "A",
            "Smith",
            "SMITH",
            "smith",
            "Sm",
            "xSmithx",
            "O'Brien",
            "Müller",
            "MÜLLER",
            "müller",
            "İstanbul",
            "ǅemal",
            "ΣΩΚΡΆΤΗΣ",
            "100%",
            "a_b",
            "a\\b",
            "ab",
            "aB",
            "Ab",
            "ba",
            "aab",
            "abab",
            "x@mail.EXAMPLE.com",
            "ünïcödé",
        ];
        let patterns = [
            "",
            "%",
            "%%",
            "_",
            "a",
            "A",
            "a%",
            "A%",
            "%b",
            "%B",
            "%a%",
            "%A%",
            "%ab%",
            "a%b",
            "a_b",
            "a\\_b",
            "a\\%",
            "sm%",
            "SM%",
            "%ITH",
            "%mit%",
            "Mü%",
            "mü%",
            "%ÜLL%",
            "%LLER",
            "i̇%",
            "İ%",
            "%stan%",
            "ǅ%",
            "ǆ%",
            "σω%",
            "%σ",
            "%ς",
            "%@mail.example.com",
            "_ü%",
            "%\\",
            "a\\",
            "%a%b%",
            "%b%a",
            "__",
            "%_%",
        ];
        for fold_text in [false, true] {
            for p in patterns {
                let compiled = Pattern::new(p, fold_text);
                for t in texts {
                    assert_eq!(
                        compiled.matches(Folded::new(t, fold_text)),
                        reference(p, t, fold_text),
                        "{p:?} {t:?} fold {fold_text}"
                    );
                }
            }
        }
    }

    #[test]
    fn folded_forms_compare_like_fold() {
        let texts = [
            "", "a", "A", "b", "B", "Smith", "SMITH", "smith", "smithson", "Müller", "MÜLLER",
            "müller", "İ", "i̇", "i", "ǅ", "ǆ", "Ǆ", "Σ", "σ", "ς", "z", "Z", "~", "é", "É",
        ];
        for fold_text in [false, true] {
            let f = |s: &'static str| -> Cow<'static, str> {
                if fold_text {
                    fold(s)
                } else {
                    Cow::Borrowed(s)
                }
            };
            for a in texts {
                let fa = Folded::new(a, fold_text);
                assert_eq!(fa.chars().collect::<String>(), f(a), "{a:?}");
                for b in texts {
                    let fb = Folded::new(b, fold_text);
                    let (ra, rb) = (f(a), f(b));
                    assert_eq!(fa.cmp(&fb), ra.cmp(&rb), "{a:?} {b:?}");
                    assert_eq!(fa.cmp_str(&rb), ra.cmp(&rb), "{a:?} {b:?}");
                    assert_eq!(fa.eq_str(&rb), ra == rb, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("abc"), Cow::Borrowed("abc"));
        assert_eq!(fold("ÉLODIE Müller"), "élodie müller");
        assert_eq!(fold("ΣΩΚΡΆΤΗΣ"), "σωκράτησ");
        // Title-case letters are not upper-case, but lower-casing changes them, as the
        // engines' lower() does: alone or beside a capital.
        assert_eq!(fold("ǅ"), "ǆ");
        assert_eq!(fold("Aǅ"), "aǆ");
        assert_eq!(Folded::new("ǅ", true).case, Case::Unicode);
        assert_eq!(Folded::new("ǆ", true).case, Case::Exact);
        assert_eq!(Folded::new("Abc", true).case, Case::Ascii);
        assert_eq!(Folded::new("abc", true).case, Case::Exact);
        assert_eq!(Folded::new("Abc", false).case, Case::Exact);
        assert_eq!(Folded::new("Émile", true).case, Case::Unicode);
    }
}
