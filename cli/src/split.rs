//! Splitting a file into its queries.
//!
//! A file holds queries each ended by `;` (the last one may omit it in the documented
//! dialect); they are usually one per line or separated by blank lines. A `;` inside a
//! quoted string is not a separator. The scan mirrors the library's lexer: `'...'`
//! strings with `''` as the escape, `"..."` runs (an error the parser reports), and an
//! unclosed quote runs to the end of the text, so the parser reports it where it opens.
//! Like the parser, a `\'` inside a string that is not followed by a separator is taken
//! as the (wrong) backslash escape the user meant, so the error stays inside its own
//! query and the following queries are still checked.

use std::ops::Range;

/// The byte ranges of the queries in `text`, in order. Each range starts right after the
/// previous `;` (so it may begin with whitespace, which the parser skips) and ends after
/// its own `;`. Whitespace after the last `;` is not a query; a text that is blank holds
/// no query at all.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b';' => {
                out.push(start..i + 1);
                start = i + 1;
                i += 1;
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
    if !is_blank(&text[start..]) {
        out.push(start..text.len());
    }
    out
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
pub fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
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
    fn pieces_cover_the_text_in_order() {
        let text = "a;b;'c;';\"d\";e";
        let ranges = split(text);
        let mut at = 0;
        for r in &ranges {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, text.len());
    }
}
