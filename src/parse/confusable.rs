//! Names of the invisible and look-alike characters that editors, word processors and
//! web pages slip into queries (a no-break space, a zero-width space, a bidi override, a
//! typographic quote), for the message of an invalid character. Only the error path
//! looks here.

/// What to do about a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fix {
    /// A space of another kind: replace it with an ordinary space.
    Space,
    /// A line or paragraph separator: replace it with an ordinary line break.
    LineBreak,
    /// Invisible and meaningless here (zero-width, bidi control, soft hyphen): delete it.
    Delete,
    /// A typographic quote: strings use the ASCII apostrophe.
    Quote,
    /// A dash or minus sign that looks like `-`.
    Minus,
}

impl Fix {
    /// The hint for the error.
    pub(crate) fn hint(self) -> &'static str {
        match self {
            Fix::Space => "replace it with an ordinary space",
            Fix::LineBreak => "replace it with an ordinary line break",
            Fix::Delete => "delete it: it is invisible and has no meaning here",
            Fix::Quote => "strings are quoted with the ASCII apostrophe: lastname = 'Smith'",
            Fix::Minus => "write a negative number with the ASCII hyphen-minus: -5",
        }
    }

    /// Whether the character cannot be seen (the message says so).
    pub(crate) fn invisible(self) -> bool {
        matches!(self, Fix::Space | Fix::LineBreak | Fix::Delete)
    }
}

/// `(character, Unicode name, fix)`, in code point order.
static NAMED: &[(char, &str, Fix)] = &[
    ('\u{0085}', "NEXT LINE", Fix::LineBreak),
    ('\u{00A0}', "NO-BREAK SPACE", Fix::Space),
    ('\u{00AD}', "SOFT HYPHEN", Fix::Delete),
    ('\u{061C}', "ARABIC LETTER MARK", Fix::Delete),
    ('\u{1680}', "OGHAM SPACE MARK", Fix::Space),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR", Fix::Delete),
    ('\u{2000}', "EN QUAD", Fix::Space),
    ('\u{2001}', "EM QUAD", Fix::Space),
    ('\u{2002}', "EN SPACE", Fix::Space),
    ('\u{2003}', "EM SPACE", Fix::Space),
    ('\u{2004}', "THREE-PER-EM SPACE", Fix::Space),
    ('\u{2005}', "FOUR-PER-EM SPACE", Fix::Space),
    ('\u{2006}', "SIX-PER-EM SPACE", Fix::Space),
    ('\u{2007}', "FIGURE SPACE", Fix::Space),
    ('\u{2008}', "PUNCTUATION SPACE", Fix::Space),
    ('\u{2009}', "THIN SPACE", Fix::Space),
    ('\u{200A}', "HAIR SPACE", Fix::Space),
    ('\u{200B}', "ZERO WIDTH SPACE", Fix::Delete),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", Fix::Delete),
    ('\u{200D}', "ZERO WIDTH JOINER", Fix::Delete),
    ('\u{200E}', "LEFT-TO-RIGHT MARK", Fix::Delete),
    ('\u{200F}', "RIGHT-TO-LEFT MARK", Fix::Delete),
    ('\u{2013}', "EN DASH", Fix::Minus),
    ('\u{2018}', "LEFT SINGLE QUOTATION MARK", Fix::Quote),
    ('\u{2019}', "RIGHT SINGLE QUOTATION MARK", Fix::Quote),
    ('\u{201C}', "LEFT DOUBLE QUOTATION MARK", Fix::Quote),
    ('\u{201D}', "RIGHT DOUBLE QUOTATION MARK", Fix::Quote),
    ('\u{2028}', "LINE SEPARATOR", Fix::LineBreak),
    ('\u{2029}', "PARAGRAPH SEPARATOR", Fix::LineBreak),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING", Fix::Delete),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING", Fix::Delete),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING", Fix::Delete),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE", Fix::Delete),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE", Fix::Delete),
    ('\u{202F}', "NARROW NO-BREAK SPACE", Fix::Space),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE", Fix::Space),
    ('\u{2060}', "WORD JOINER", Fix::Delete),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE", Fix::Delete),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE", Fix::Delete),
    ('\u{2068}', "FIRST STRONG ISOLATE", Fix::Delete),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE", Fix::Delete),
    ('\u{2212}', "MINUS SIGN", Fix::Minus),
    ('\u{3000}', "IDEOGRAPHIC SPACE", Fix::Space),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE", Fix::Delete),
];

/// The Unicode name of a character users confuse with something else, and what to do.
pub(crate) fn named(c: char) -> Option<(&'static str, Fix)> {
    NAMED
        .binary_search_by_key(&c, |(k, _, _)| *k)
        .ok()
        .map(|i| (NAMED[i].1, NAMED[i].2))
}

/// `U+00A0`: the code point, at least four hex digits.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn names_and_code_points() {
        assert_eq!(named('\u{a0}'), Some(("NO-BREAK SPACE", Fix::Space)));
        assert_eq!(named('\u{202e}').map(|n| n.1), Some(Fix::Delete));
        assert_eq!(named('a'), None);
        assert_eq!(code_point('\u{a0}'), "U+00A0");
        assert_eq!(code_point('\u{1f600}'), "U+1F600");
        assert_eq!(code_point('\u{7}'), "U+0007");
    }
}
