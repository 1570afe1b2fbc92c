//! [`Literal`]: the text of a value and its kind in 16 bytes.
//!
//! A value is the one node a query can hold hundreds of thousands of (`id in (1, 2, ...)`
//! with a value every two bytes), so its size bounds the memory of the whole tree. A
//! `Cow<str>` per value plus the kind plus the span takes 40 bytes, 20 times the two bytes
//! of input it stands for; this literal packs the kind and the borrowed/owned flag into
//! the length word of a fat pointer, so that a [`crate::ast::Value`] takes 24 bytes (12×).
//! That is the only `unsafe` code of the crate, and the only reason for it: the peak-heap
//! test (`tests/heap.rs`, at most 16× the input + 64 KiB on every adversarial family)
//! fails with any safe representation, all of which need at least 32 bytes per value.
//!
//! The invariants, kept by every constructor and relied on by the `unsafe` blocks:
//! - `ptr` and the length always describe a valid UTF-8 `str`;
//! - when borrowed, that `str` lives for `'a` (the `PhantomData` holds the lifetime, with
//!   the variance of `Cow<'a, str>`);
//! - when owned, it was leaked from a `Box<str>` that this literal alone owns: `Drop`
//!   frees it, `Clone` copies it, and the consuming methods take it back exactly once.
#![allow(unsafe_code)]

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// The kinds of literal the language has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LiteralKind {
    /// A single-quoted string; its text has `''` already turned into `'`.
    String,
    /// An unquoted integer as written, with an optional sign: `5`, `-5`, `+5`, `007`.
    Integer,
    /// An unquoted record id `<digits>x<digits>`, such as `19x5`.
    RecordId,
}

impl LiteralKind {
    /// Every kind.
    pub const ALL: &'static [LiteralKind] = &[
        LiteralKind::String,
        LiteralKind::Integer,
        LiteralKind::RecordId,
    ];

    fn name(self) -> &'static str {
        match self {
            LiteralKind::String => "String",
            LiteralKind::Integer => "Integer",
            LiteralKind::RecordId => "RecordId",
        }
    }
}

/// Bits 0..=60 of the meta word: the length in bytes.
const LEN_MASK: u64 = (1 << 61) - 1;
/// Bit 61: the text is owned (leaked from a `Box<str>`).
const OWNED: u64 = 1 << 61;
/// Bits 62..=63: the kind (0 string, 1 integer, 2 record id).
const KIND_SHIFT: u32 = 62;

/// What was written for a value: its [`LiteralKind`] and its text, borrowed from the query
/// text or owned (a string with `''` owns its unescaped text; [`Literal::into_owned`]
/// detaches any literal). Sixteen bytes; behaves like a `(LiteralKind, Cow<'a, str>)`.
///
/// ```
/// use vtql::ast::{Literal, LiteralKind};
/// let lit = Literal::string("O'Brien");
/// assert_eq!((lit.kind(), lit.as_str()), (LiteralKind::String, "O'Brien"));
/// assert_eq!(Literal::integer("-5").kind(), LiteralKind::Integer);
/// assert_eq!(std::mem::size_of::<Literal<'_>>(), 16);
/// ```
pub struct Literal<'a> {
    text: Packed,
    /// The lifetime of a borrowed text, with the variance of `&'a str`. `Literal` itself
    /// has no `Drop` (its `Packed` field does, and never touches borrowed text), so the
    /// borrow checker lets the query text go before the tree, as with `Cow<'a, str>`.
    _text: PhantomData<&'a str>,
}

/// The pointer and the meta word of a literal's text; frees an owned text on drop.
struct Packed {
    ptr: NonNull<u8>,
    meta: u64,
}

// SAFETY: a packed text is a `&str` or a `Box<str>`, both `Send` and `Sync`; it has no
// interior mutability.
unsafe impl Send for Packed {}
// SAFETY: see `Send`.
unsafe impl Sync for Packed {}

impl Packed {
    #[inline]
    fn len(&self) -> usize {
        // The length came from a `usize` (see `Literal::from_parts`).
        (self.meta & LEN_MASK) as usize
    }

    #[inline]
    fn is_owned(&self) -> bool {
        self.meta & OWNED != 0
    }

    fn raw_str(&self) -> *mut str {
        std::ptr::slice_from_raw_parts_mut(self.ptr.as_ptr(), self.len()) as *mut str
    }
}

impl Drop for Packed {
    fn drop(&mut self) {
        if self.is_owned() {
            // SAFETY: an owned text was leaked from a `Box<str>` of this pointer and
            // length, and is freed only here (the consuming methods of `Literal` wrap
            // their `Packed` in `ManuallyDrop`).
            drop(unsafe { Box::from_raw(self.raw_str()) });
        }
    }
}

impl<'a> Literal<'a> {
    /// A literal of `kind` with `text` (borrowed or owned, as given). The text is taken as
    /// is: a string's text is its unescaped content.
    #[inline]
    pub fn new(kind: LiteralKind, text: impl Into<Cow<'a, str>>) -> Self {
        match text.into() {
            Cow::Borrowed(s) => Self::borrowed(kind, s),
            Cow::Owned(s) => {
                let leaked: &'static mut str = Box::leak(s.into_boxed_str());
                let len = leaked.len();
                Self::from_parts(kind, NonNull::from(leaked).cast(), len, true)
            }
        }
    }

    /// A literal of `kind` borrowing `text`.
    #[inline]
    pub fn borrowed(kind: LiteralKind, text: &'a str) -> Self {
        Self::from_parts(kind, NonNull::from(text).cast(), text.len(), false)
    }

    /// A string literal (the unescaped content).
    #[inline]
    pub fn string(text: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LiteralKind::String, text)
    }

    /// An unquoted integer, as written.
    #[inline]
    pub fn integer(text: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LiteralKind::Integer, text)
    }

    /// An unquoted record id, as written.
    #[inline]
    pub fn record_id(text: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LiteralKind::RecordId, text)
    }

    #[inline]
    fn from_parts(kind: LiteralKind, ptr: NonNull<u8>, len: usize, owned: bool) -> Self {
        let len = len as u64;
        // No allocation comes near 2^61 bytes (`isize::MAX` is 2^63 - 1, and no machine
        // has that much memory); a larger length would corrupt the kind bits.
        assert!(len <= LEN_MASK, "literal of {len} bytes");
        let kind: u64 = match kind {
            LiteralKind::String => 0,
            LiteralKind::Integer => 1,
            LiteralKind::RecordId => 2,
        };
        Literal {
            text: Packed {
                ptr,
                meta: len | if owned { OWNED } else { 0 } | (kind << KIND_SHIFT),
            },
            _text: PhantomData,
        }
    }

    /// The kind of literal.
    #[inline]
    pub fn kind(&self) -> LiteralKind {
        match self.text.meta >> KIND_SHIFT {
            0 => LiteralKind::String,
            1 => LiteralKind::Integer,
            _ => LiteralKind::RecordId,
        }
    }

    /// The kind and the text together, for matching:
    ///
    /// ```
    /// use vtql::ast::{Literal, LiteralKind};
    /// let lit = Literal::integer("0");
    /// assert!(matches!(lit.parts(), (LiteralKind::Integer, "0")));
    /// ```
    #[inline]
    pub fn parts(&self) -> (LiteralKind, &str) {
        (self.kind(), self.as_str())
    }

    /// Whether the text is owned rather than borrowed from the query text.
    #[inline]
    pub fn is_owned(&self) -> bool {
        self.text.is_owned()
    }

    /// The text: a string's unescaped content, or the integer or id as written.
    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: `ptr` and the length describe a valid UTF-8 `str` that lives at least as
        // long as `self` (borrowed for `'a`, or owned by `self`): the type's invariants.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                self.text.ptr.as_ptr(),
                self.text.len(),
            ))
        }
    }

    /// The text as a `Cow`, borrowed or owned as it is held.
    pub fn into_text(self) -> Cow<'a, str> {
        let text = std::mem::ManuallyDrop::new(self.text);
        if text.is_owned() {
            // SAFETY: an owned text was leaked from a `Box<str>` of this pointer and
            // length; `text` is never dropped, so the box is taken back exactly once.
            let boxed = unsafe { Box::from_raw(text.raw_str()) };
            Cow::Owned(boxed.into_string())
        } else {
            // SAFETY: a borrowed text is a valid `str` that lives for `'a`.
            let s: &'a str = unsafe { &*text.raw_str() };
            Cow::Borrowed(s)
        }
    }

    /// Detaches the literal from the query text.
    pub fn into_owned(self) -> Literal<'static> {
        if self.is_owned() {
            // The owned text moves to the new literal, which alone will free it.
            Literal {
                text: self.text,
                _text: PhantomData,
            }
        } else {
            Literal::new(self.kind(), self.as_str().to_owned())
        }
    }
}

impl Clone for Literal<'_> {
    fn clone(&self) -> Self {
        if self.is_owned() {
            Literal::new(self.kind(), self.as_str().to_owned())
        } else {
            Literal {
                text: Packed {
                    ptr: self.text.ptr,
                    meta: self.text.meta,
                },
                _text: PhantomData,
            }
        }
    }
}

impl PartialEq for Literal<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind() && self.as_str() == other.as_str()
    }
}

impl Eq for Literal<'_> {}

impl Hash for Literal<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Literal<'_> {
    /// As the enum it stands for: `String("x")`, `Integer("5")`, `RecordId("12x34")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(self.kind().name())
            .field(&self.as_str())
            .finish()
    }
}

/// The serialized form: `{"string": "x"}`, `{"integer": "5"}`, `{"record_id": "12x34"}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Repr<'a> {
    String(#[serde(borrow)] Cow<'a, str>),
    Integer(#[serde(borrow)] Cow<'a, str>),
    RecordId(#[serde(borrow)] Cow<'a, str>),
}

#[cfg(feature = "serde")]
impl serde::Serialize for Literal<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = Cow::Borrowed(self.as_str());
        match self.kind() {
            LiteralKind::String => Repr::String(text),
            LiteralKind::Integer => Repr::Integer(text),
            LiteralKind::RecordId => Repr::RecordId(text),
        }
        .serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de: 'a, 'a> serde::Deserialize<'de> for Literal<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Repr::deserialize(deserializer)? {
            Repr::String(s) => Literal::string(s),
            Repr::Integer(s) => Literal::integer(s),
            Repr::RecordId(s) => Literal::record_id(s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bytes_and_a_value_in_twenty_four() {
        assert_eq!(std::mem::size_of::<Literal<'_>>(), 16);
        assert_eq!(std::mem::size_of::<Option<Literal<'_>>>(), 16);
        assert_eq!(std::mem::size_of::<crate::ast::Value<'_>>(), 24);
    }

    #[test]
    fn kinds_texts_and_ownership_survive_every_operation() {
        let source = String::from("O'Brien 12x34 -5");
        for &kind in LiteralKind::ALL {
            for text in ["", "x", "O'Brien", "日本語 ✓", "12x34", "-5"] {
                let borrowed = Literal::new(kind, &source[..0]);
                assert_eq!((borrowed.kind(), borrowed.as_str()), (kind, ""));
                let b = Literal::new(kind, text);
                let o = Literal::new(kind, text.to_owned());
                assert!(!b.is_owned() && o.is_owned());
                assert_eq!((b.kind(), b.as_str()), (kind, text));
                assert_eq!((o.kind(), o.as_str()), (kind, text));
                assert_eq!(b, o);
                let (bc, oc) = (b.clone(), o.clone());
                assert!(!bc.is_owned() && oc.is_owned());
                assert_eq!(bc.as_str().as_ptr(), b.as_str().as_ptr());
                if !text.is_empty() {
                    // (Empty texts share the dangling pointer of empty allocations.)
                    assert_ne!(oc.as_str().as_ptr(), o.as_str().as_ptr());
                }
                assert_eq!(bc, oc);
                let detached = b.clone().into_owned();
                assert!(detached.is_owned());
                assert_eq!(detached, o);
                let moved_ptr = o.as_str().as_ptr();
                let still = o.clone().into_owned();
                assert_eq!(still, oc);
                let o2 = o.into_owned();
                assert_eq!(o2.as_str().as_ptr(), moved_ptr, "an owned text moves");
                assert!(matches!(b.into_text(), Cow::Borrowed(s) if s == text));
                assert!(matches!(o2.into_text(), Cow::Owned(s) if s == text));
                assert_eq!(format!("{:?}", oc), format!("{}({text:?})", kind.name()));
            }
        }
        let mut kinds = std::collections::HashSet::new();
        for &kind in LiteralKind::ALL {
            kinds.insert(Literal::new(kind, "5"));
        }
        assert_eq!(kinds.len(), 3, "the kind is part of equality and hashing");
    }

    /// The whole life of packed literals in a tree: parsed borrowed and escaped, printed,
    /// detached from the text, cloned and dropped (run under Miri in CI).
    #[test]
    fn parse_print_into_owned_drop() {
        let text = String::from(
            "select * from Contacts where lastname = 'O''Brien' or id in ('12x1', 7, '2.5') \
             and email like '%\\_x' limit 3, 4;",
        );
        let query = crate::Query::parse(&text).unwrap();
        let printed = query.to_string();
        let owned = query.clone().into_owned();
        drop(query);
        drop(text);
        assert_eq!(owned.to_string(), printed);
        let copy = owned.clone();
        drop(owned);
        assert!(copy.to_string().contains("'O''Brien'"));
    }

    #[test]
    fn literals_cross_threads() {
        let lits: Vec<Literal<'static>> = (0..64)
            .map(|i| Literal::string(format!("value {i}")))
            .collect();
        let joined = std::thread::spawn(move || {
            lits.iter()
                .map(Literal::as_str)
                .collect::<Vec<_>>()
                .join(",")
        })
        .join()
        .unwrap();
        assert!(joined.starts_with("value 0,value 1,"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serialized_as_the_enum_it_stands_for_and_borrowed_back() {
        let lits = vec![
            Literal::string("O'Brien"),
            Literal::integer("+5".to_owned()),
            Literal::record_id("12x34"),
        ];
        let json = serde_json::to_string(&lits).unwrap();
        assert_eq!(
            json,
            r#"[{"string":"O'Brien"},{"integer":"+5"},{"record_id":"12x34"}]"#
        );
        let back: Vec<Literal<'_>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, lits);
        assert!(!back[0].is_owned(), "borrowed from the JSON text");
    }
}
