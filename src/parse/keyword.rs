//! Keywords: the words the grammar knows, recognised in any ASCII case by a perfect
//! hash of the word's bytes (the lexer classifies each word once, when it reads it).

/// Keywords, compared without regard to ASCII case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kw {
    None,
    Select,
    From,
    Where,
    And,
    Or,
    In,
    Like,
    Not,
    Is,
    Between,
    Order,
    OrderBy,
    By,
    Asc,
    Desc,
    Limit,
    Offset,
    Count,
    Distinct,
    Group,
    Having,
    Join,
    Union,
    Null,
}

impl Kw {
    /// Every keyword, in declaration order: the test oracle for [`Kw::from_u8`].
    #[cfg(test)]
    pub(crate) const ALL: [Kw; 25] = [
        Kw::None,
        Kw::Select,
        Kw::From,
        Kw::Where,
        Kw::And,
        Kw::Or,
        Kw::In,
        Kw::Like,
        Kw::Not,
        Kw::Is,
        Kw::Between,
        Kw::Order,
        Kw::OrderBy,
        Kw::By,
        Kw::Asc,
        Kw::Desc,
        Kw::Limit,
        Kw::Offset,
        Kw::Count,
        Kw::Distinct,
        Kw::Group,
        Kw::Having,
        Kw::Join,
        Kw::Union,
        Kw::Null,
    ];

    /// The keyword whose discriminant is `b` (`Null`, the last, for any larger `b`, which
    /// the lexer never stores). A `match` from each number to the variant of that number,
    /// which compiles to a single minimum.
    #[inline(always)]
    pub(crate) fn from_u8(b: u8) -> Kw {
        match b {
            0 => Kw::None,
            1 => Kw::Select,
            2 => Kw::From,
            3 => Kw::Where,
            4 => Kw::And,
            5 => Kw::Or,
            6 => Kw::In,
            7 => Kw::Like,
            8 => Kw::Not,
            9 => Kw::Is,
            10 => Kw::Between,
            11 => Kw::Order,
            12 => Kw::OrderBy,
            13 => Kw::By,
            14 => Kw::Asc,
            15 => Kw::Desc,
            16 => Kw::Limit,
            17 => Kw::Offset,
            18 => Kw::Count,
            19 => Kw::Distinct,
            20 => Kw::Group,
            21 => Kw::Having,
            22 => Kw::Join,
            23 => Kw::Union,
            _ => Kw::Null,
        }
    }

    /// Words that can never be a column or module name.
    pub(crate) fn is_reserved(self) -> bool {
        !matches!(
            self,
            Kw::None
                | Kw::By
                | Kw::Count
                | Kw::Group
                | Kw::Having
                | Kw::Join
                | Kw::Union
                | Kw::Null
        )
    }
}

/// The keyword `w` spells, if any.
#[inline]
pub(crate) fn keyword(w: &str) -> Kw {
    keyword_bytes(w.as_bytes())
}

/// The keyword the bytes spell, if any: the bytes (2 to 8) are packed into a `u64`
/// with bit 5 set in each, which lowercases exactly the ASCII letters and maps no other
/// byte onto a letter, and the packed value is matched against the packed keywords.
#[inline]
pub(crate) fn keyword_bytes(w: &[u8]) -> Kw {
    if w.len() < 2 || w.len() > 8 {
        return Kw::None;
    }
    let mut x = 0u64;
    for (i, &b) in w.iter().enumerate() {
        x |= u64::from(b | 0x20) << (8 * i);
    }
    keyword_packed(x)
}

/// The keyword of a word of 2 to 8 bytes packed as in [`keyword_bytes`] (little-endian,
/// bit 5 set in each byte, zero bytes after the word).
///
/// A perfect hash: the top five bits of `x * KEYWORD_HASH` are distinct for the 24
/// keywords (the multiplier was found by a search, and `keyword_table` checks it at
/// compile time), so one multiplication, one load and one comparison classify any word.
#[inline]
pub(crate) fn keyword_packed(x: u64) -> Kw {
    let (packed, kw) = KEYWORD_TABLE[keyword_slot(x)];
    if packed == x {
        kw
    } else {
        Kw::None
    }
}

/// The multiplier of the keyword hash (see [`keyword_packed`]).
const KEYWORD_HASH: u64 = 0xc215_a4a8_7214_0d1d;

#[inline(always)]
const fn keyword_slot(x: u64) -> usize {
    (x.wrapping_mul(KEYWORD_HASH) >> 59) as usize
}

/// Every keyword with its spelling.
pub(crate) const KEYWORDS: [(&str, Kw); 24] = [
    ("or", Kw::Or),
    ("in", Kw::In),
    ("is", Kw::Is),
    ("by", Kw::By),
    ("and", Kw::And),
    ("not", Kw::Not),
    ("asc", Kw::Asc),
    ("from", Kw::From),
    ("like", Kw::Like),
    ("desc", Kw::Desc),
    ("join", Kw::Join),
    ("null", Kw::Null),
    ("where", Kw::Where),
    ("order", Kw::Order),
    ("limit", Kw::Limit),
    ("count", Kw::Count),
    ("group", Kw::Group),
    ("union", Kw::Union),
    ("select", Kw::Select),
    ("offset", Kw::Offset),
    ("having", Kw::Having),
    ("orderby", Kw::OrderBy),
    ("between", Kw::Between),
    ("distinct", Kw::Distinct),
];

/// The packed spelling of every keyword in its hash slot; empty slots hold 0, which no
/// word packs to (a packed word has bit 5 set in its first byte).
const KEYWORD_TABLE: [(u64, Kw); 32] = keyword_table();

const fn keyword_table() -> [(u64, Kw); 32] {
    let mut table = [(0u64, Kw::None); 32];
    let mut k = 0;
    while k < KEYWORDS.len() {
        let (word, kw) = KEYWORDS[k];
        let bytes = word.as_bytes();
        let mut x = 0u64;
        let mut i = 0;
        while i < bytes.len() {
            x |= (bytes[i] as u64) << (8 * i);
            i += 1;
        }
        let slot = keyword_slot(x);
        // A collision would make a keyword unreachable: refuse to compile.
        assert!(table[slot].0 == 0, "keyword hash collision");
        table[slot] = (x, kw);
        k += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_hash_agrees_with_a_linear_search() {
        // Every word of one to three bytes over the word alphabet and a few longer ones:
        // the perfect hash finds exactly the keywords a case-insensitive search finds.
        let linear = |w: &str| {
            KEYWORDS
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(w))
                .map_or(Kw::None, |&(_, kw)| kw)
        };
        let alphabet: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain(['_'])
            .collect();
        let mut words: Vec<String> = Vec::new();
        for &a in &alphabet {
            words.push(a.to_string());
            for &b in &alphabet {
                words.push(format!("{a}{b}"));
                for &c in &alphabet {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        for (k, _) in KEYWORDS {
            for i in 0..k.len() {
                let mut w = k.as_bytes().to_vec();
                for b in [b'x', b'_', b'0', w[i] ^ 0x20] {
                    w[i] = b;
                    words.push(String::from_utf8(w.clone()).unwrap());
                }
            }
            words.push(format!("{k}s"));
        }
        for w in &words {
            assert_eq!(keyword(w), linear(w), "{w}");
        }
    }
}
