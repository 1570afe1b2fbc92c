//! Byte spans into the query text, and lazy line/column lookup.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into the text a node was parsed from.
///
/// Offsets are `u32`: a span costs 8 bytes, which keeps every tree node small (the
/// parser refuses texts of 4 GiB or more, see [`crate::Limits`]). [`Span::range`] and
/// [`Span::len`] give `usize` values for slicing.
///
/// Spans compare by position. The syntax tree holds its nodes' spans in
/// [`NodeSpan`](crate::ast::NodeSpan), which equality ignores, so two trees that differ
/// only in where their nodes were written compare equal.
///
/// ```
/// use vtql::Span;
/// assert_ne!(Span::new(0, 3), Span::new(7, 9));
/// assert_eq!(Span::new(0, 3), Span::from(0..3));
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// First byte of the node.
    pub start: u32,
    /// One past the last byte of the node.
    pub end: u32,
}

/// An offset as `u32`, saturating (the parser never produces offsets that do not fit).
#[inline]
const fn offset(x: usize) -> u32 {
    if x > u32::MAX as usize {
        u32::MAX
    } else {
        x as u32
    }
}

impl Span {
    /// A span from `start` to `end` (byte offsets; an offset past `u32::MAX` saturates).
    #[inline]
    pub const fn new(start: usize, end: usize) -> Self {
        Span {
            start: offset(start),
            end: offset(end),
        }
    }

    /// An empty span at `at`.
    #[inline]
    pub const fn empty(at: usize) -> Self {
        Span::new(at, at)
    }

    /// The byte range of the span.
    #[inline]
    pub const fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// First byte of the span, as a `usize`.
    #[inline]
    pub const fn lo(self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the span, as a `usize`.
    #[inline]
    pub const fn hi(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The span moved `by` bytes to the right (offsets saturate at `u32::MAX`), e.g. from
    /// a position in one query to a position in the file that holds it.
    ///
    /// ```
    /// use vtql::Span;
    /// assert_eq!(Span::new(2, 5).shifted(10).range(), 12..15);
    /// ```
    #[inline]
    pub const fn shifted(self, by: usize) -> Span {
        Span::new(self.lo().saturating_add(by), self.hi().saturating_add(by))
    }

    /// The smallest span covering both.
    #[inline]
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text this span covers in `source`, if the span is inside it.
    pub fn slice(self, source: &str) -> Option<&str> {
        source.get(self.range())
    }

    /// 1-based line and column (in characters) of the span start within `source`.
    pub fn line_col(self, source: &str) -> LineCol {
        LineCol::of(source, self.lo())
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column, computed from a byte offset on demand.
///
/// Lines end at `\n`; a `\r\n` pair counts as one line break; a lone `\r` also ends a
/// line. Columns count Unicode scalar values, so a caret lines up under non-ASCII text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl LineCol {
    /// Line and column of byte `offset` in `source` (clamped to the text, and moved back to
    /// a character boundary).
    ///
    /// ```
    /// use vtql::LineCol;
    /// let src = "select *\r\nfrom Contacts;";
    /// assert_eq!(LineCol::of(src, 10), LineCol { line: 2, column: 1 });
    /// ```
    pub fn of(source: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source.as_bytes()[..offset];
        let mut line = 1;
        let mut line_start = 0;
        let mut i = 0;
        while i < before.len() {
            match before[i] {
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                }
                // `\r\n` is one break, counted at the `\n`.
                b'\r' if source.as_bytes().get(i + 1) != Some(&b'\n') => {
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let column = source[line_start..offset].chars().count() + 1;
        LineCol { line, column }
    }
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_crlf_once() {
        let src = "a\r\nb\nc\rd";
        assert_eq!(LineCol::of(src, 0), LineCol { line: 1, column: 1 });
        assert_eq!(LineCol::of(src, 3), LineCol { line: 2, column: 1 });
        assert_eq!(LineCol::of(src, 5), LineCol { line: 3, column: 1 });
        assert_eq!(LineCol::of(src, 7), LineCol { line: 4, column: 1 });
    }

    #[test]
    fn line_col_on_crlf_middle_stays_on_line() {
        // offset 2 is the `\n` of `\r\n`: still line 1, column 3.
        assert_eq!(LineCol::of("a\r\nb", 2), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn column_counts_characters() {
        let src = "'Čapek' x";
        assert_eq!(LineCol::of(src, src.find('x').unwrap()).column, 9);
    }

    #[test]
    fn offset_is_clamped_and_moved_to_char_boundary() {
        assert_eq!(LineCol::of("é", 1), LineCol { line: 1, column: 1 });
        assert_eq!(LineCol::of("ab", 99), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn spans_compare_by_position_and_node_spans_do_not() {
        assert_ne!(Span::new(1, 2), Span::new(5, 9));
        assert_eq!(Span::new(1, 2), Span::from(1..2));
        assert_eq!(Span::new(1, 2).to(Span::new(5, 9)).range(), 1..9);
        let (a, b) = (
            crate::ast::NodeSpan::from(Span::new(1, 2)),
            Span::new(5, 9).into(),
        );
        assert_eq!(a, b);
        assert_ne!(a.get(), b.get());
    }
}
