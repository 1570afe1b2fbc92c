//! Parsing a text that holds several queries: [`parse_many`].
//!
//! A file holds queries each ended by `;` (the last one may omit it in the documented
//! dialect). A `;` inside a quoted string is not a separator. The scan follows the
//! lexer: `'...'` strings with `''` as the escape, `"..."` runs (an error the parser
//! reports), and an unclosed quote runs to the end of the text, so the parser reports it
//! where it opens. Like the parser, a `\'` inside a string that is not followed by a
//! separator is taken as the (wrong) backslash escape the user meant, so the error stays
//! inside its own query and the following queries are still checked.

use std::ops::Range;

use crate::ast::shift::shift_query;
use crate::{LineIndex, ParseError, ParseOptions, Query};

/// One query of a text: where it is and its tree or parse error, with every span, line
/// and column relative to the whole text.
#[derive(Clone, Debug)]
pub struct ParsedQuery<'t> {
    /// The byte range of the query: from just after the previous `;` (leading whitespace
    /// included) to just after its own `;`.
    pub range: Range<usize>,
    /// The tree, or why it does not parse.
    pub result: Result<Query<'t>, ParseError>,
}

/// Parses every query of `text`, lazily and in order, in time and memory linear in the
/// text: each query is parsed on its own (so an error in one does not hide the next),
/// and positions are relative to `text`. A blank text holds no query; whitespace after
/// the last `;` is not a query.
///
/// ```
/// use vtql::{parse::parse_many, ParseOptions};
/// let text = "select * from Contacts;\nselect x from Leads where y = z;\n";
/// let queries: Vec<_> = parse_many(text, &ParseOptions::default()).collect();
/// assert_eq!(queries.len(), 2);
/// assert_eq!(queries[0].result.as_ref().unwrap().module.name, "Contacts");
/// let err = queries[1].result.as_ref().unwrap_err();
/// assert_eq!((err.line, err.column), (2, 31));
/// assert_eq!(&text[err.span.range()], "z");
/// ```
pub fn parse_many<'t>(text: &'t str, options: &ParseOptions) -> ParseMany<'t> {
    ParseMany {
        text,
        split: Split::new(text),
        options: *options,
        index: None,
    }
}

/// The iterator of [`parse_many`].
#[derive(Debug)]
pub struct ParseMany<'t> {
    text: &'t str,
    split: Split<'t>,
    options: ParseOptions,
    /// Built on the first error: lines and columns of errors in one pass over the text.
    index: Option<LineIndex<'t>>,
}

impl<'t> Iterator for ParseMany<'t> {
    type Item = ParsedQuery<'t>;

    fn next(&mut self) -> Option<ParsedQuery<'t>> {
        let range = self.split.next()?;
        let offset = range.start;
        let result = match crate::parse::parse(&self.text[range.clone()], &self.options) {
            Ok(mut q) => {
                shift_query(&mut q, offset);
                Ok(q)
            }
            Err(mut e) => {
                e.span = e.span.shifted(offset);
                let index = self.index.get_or_insert_with(|| LineIndex::new(self.text));
                let at = index.line_col(e.span.lo());
                e.line = at.line;
                e.column = at.column;
                Err(e)
            }
        };
        Some(ParsedQuery { range, result })
    }
}

/// The byte ranges of the queries of a text, in order. Each range starts right after the
/// previous `;` and ends after its own `;`.
#[derive(Clone, Debug)]
struct Split<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Split<'t> {
    fn new(text: &'t str) -> Self {
        Split { text, at: 0 }
    }
}

impl Iterator for Split<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b';' => {
                    self.at = i + 1;
                    return Some(start..i + 1);
                }
                b'\'' => i = skip_single(bytes, i + 1),
                b'"' => {
                    i = match bytes[i + 1..].iter().position(|&b| b == b'"') {
                        Some(p) => i + 1 + p + 1,
                        None => bytes.len(),
                    }
                }
                _ => i += 1,
            }
        }
        self.at = bytes.len();
        (!is_blank(&self.text[start..])).then_some(start..bytes.len())
    }
}

/// Index just past the quote closing the string whose content starts at `i`.
fn skip_single(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            let backslashed = i > 0 && bytes[i - 1] == b'\\';
            let ends_value = matches!(
                bytes.get(i + 1),
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b')' | b';')
            );
            if backslashed && !ends_value {
                i += 1;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Whether `s` holds only the whitespace of the language (space, tab, CR, LF).
fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        Split::new(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn cases() {
        let table: &[(&str, &[&str])] = &[
            ("", &[]),
            (" \n\t\r\n", &[]),
            ("select * from A;", &["select * from A;"]),
            ("select * from A", &["select * from A"]),
            (
                "select * from A;\nselect * from B;\n",
                &["select * from A;", "\nselect * from B;"],
            ),
            (
                "select * from A;select * from B",
                &["select * from A;", "select * from B"],
            ),
            (
                "select * from A where x = 'a;b';\nselect 1;",
                &["select * from A where x = 'a;b';", "\nselect 1;"],
            ),
            (
                "select * from A where x = 'O''Brien;';\nB;",
                &["select * from A where x = 'O''Brien;';", "\nB;"],
            ),
            ("x = '';y;", &["x = '';", "y;"]),
            ("x = \"a;b\";y;", &["x = \"a;b\";", "y;"]),
            ("x = 'unclosed; y; z", &["x = 'unclosed; y; z"]),
            ("x = \"unclosed; y", &["x = \"unclosed; y"]),
            ("x = 'O\\'Brien';\ny;", &["x = 'O\\'Brien';", "\ny;"]),
            ("x = 'C:\\';\ny;", &["x = 'C:\\';", "\ny;"]),
            (";;", &[";", ";"]),
            ("a;\n\n  ", &["a;"]),
            ("x = 'é;ü';z", &["x = 'é;ü';", "z"]),
        ];
        for (text, want) in table {
            assert_eq!(pieces(text), *want, "{text:?}");
        }
    }

    #[test]
    fn errors_and_trees_point_into_the_text() {
        let text = "select * from A;\n\nselect * from B where x = y;\nselect x from Bee;";
        let parsed: Vec<_> = parse_many(text, &ParseOptions::default()).collect();
        assert_eq!(parsed.len(), 3);
        let err = parsed[1].result.as_ref().unwrap_err();
        assert_eq!(&text[err.span.range()], "y");
        assert_eq!((err.line, err.column), (3, 27));
        let q = parsed[2].result.as_ref().unwrap();
        assert_eq!(&text[q.module.span.range()], "Bee");
        assert!(parse_many(" \n", &ParseOptions::default()).next().is_none());
    }

    #[test]
    fn pieces_cover_the_text_in_order() {
        let text = "a;b;'c;';\"d\";e";
        let ranges: Vec<_> = Split::new(text).collect();
        let mut at = 0;
        for r in &ranges {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, text.len());
    }
}
