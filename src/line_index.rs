//! Line and column lookups for many offsets into one text, in one pass over it.
//!
//! [`LineCol::of`] scans from the start of the text, which is right for one lookup and
//! quadratic for a file with thousands of diagnostics. A [`LineIndex`] records the line
//! and column every few kilobytes once; each lookup then scans at most that far.

use crate::LineCol;

/// Bytes between two checkpoints: a lookup scans at most this many.
const STRIDE: usize = 4096;

/// Line and column at one byte offset (a character boundary).
#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    byte: usize,
    at: LineCol,
}

/// Line/column lookups into one text, built in one pass: a checkpoint every 4 KiB, so
/// that a lookup scans at most that far.
/// Lines and columns follow [`LineCol::of`] exactly: `\n`, `\r\n` and a lone `\r` end a
/// line, columns count characters.
///
/// ```
/// use vtql::{LineCol, LineIndex};
/// let text = "select *\r\nfrom Contacts;\nselect x from Y;";
/// let index = LineIndex::new(text);
/// for offset in 0..=text.len() {
///     assert_eq!(index.line_col(offset), LineCol::of(text, offset));
/// }
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex<'s> {
    source: &'s str,
    checkpoints: Vec<Checkpoint>,
}

impl<'s> LineIndex<'s> {
    /// Indexes `source` (time linear in its length, memory one checkpoint per 4 KiB).
    pub fn new(source: &'s str) -> Self {
        let mut checkpoints = Vec::with_capacity(source.len() / STRIDE + 1);
        let mut at = LineCol { line: 1, column: 1 };
        let mut next = 0;
        let bytes = source.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if i >= next && source.is_char_boundary(i) {
                checkpoints.push(Checkpoint { byte: i, at });
                next = i + STRIDE;
            }
            at = advance(at, b, bytes.get(i + 1).copied());
        }
        if checkpoints.is_empty() {
            checkpoints.push(Checkpoint { byte: 0, at });
        }
        LineIndex {
            source,
            checkpoints,
        }
    }

    /// The text this index is about.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// Line and column of byte `offset` (clamped to the text and moved back to a
    /// character boundary), equal to [`LineCol::of`]`(source, offset)`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let k = self.checkpoints.partition_point(|c| c.byte <= offset);
        let Checkpoint { byte, mut at } = self.checkpoints[k.saturating_sub(1)];
        let bytes = self.source.as_bytes();
        for i in byte..offset {
            at = advance(at, bytes[i], bytes.get(i + 1).copied());
        }
        at
    }
}

/// The position after byte `b` (followed by `next`), counting a column per character:
/// UTF-8 continuation bytes do not move the column.
#[inline]
fn advance(at: LineCol, b: u8, next: Option<u8>) -> LineCol {
    match b {
        b'\n' => LineCol {
            line: at.line + 1,
            column: 1,
        },
        b'\r' if next != Some(b'\n') => LineCol {
            line: at.line + 1,
            column: 1,
        },
        _ if b & 0xC0 == 0x80 => at,
        _ => LineCol {
            line: at.line,
            column: at.column + 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_line_col_of_everywhere() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(match i % 5 {
                0 => "select 'Čapek' from A;\n",
                1 => "x\r\n",
                2 => "東京\r",
                3 => "",
                _ => "a long line without a break ",
            });
        }
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() > 5, "{}", index.checkpoints.len());
        for offset in (0..=text.len() + 3).step_by(7) {
            assert_eq!(
                index.line_col(offset),
                LineCol::of(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn empty_text() {
        let index = LineIndex::new("");
        assert_eq!(index.line_col(5), LineCol { line: 1, column: 1 });
    }
}
