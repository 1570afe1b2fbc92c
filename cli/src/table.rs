//! Query results and their renderings: an aligned text table, CSV and JSON.
//!
//! The table is drawn by hand (psql's layout: `|` between columns, a `-+-` rule under
//! the header, numbers right-aligned, a row count under the table). Widths are terminal
//! columns (`vtql::report::display_width`: East Asian wide characters count two,
//! combining marks zero), which covers the demo data (accents, Cyrillic, CJK) without a
//! dependency; `comfy-table` would add borders and wrapping this output does not need.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};
use vtql::report::display_width;

/// One value of a result.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Cell {
    fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_))
    }

    /// The text shown in a table or CSV (`NULL` is empty).
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }

    fn json(&self) -> Json {
        match self {
            Cell::Null => Json::Null,
            Cell::Bool(b) => json!(b),
            Cell::Int(i) => json!(i),
            Cell::Float(f) => json!(f),
            Cell::Text(s) => json!(s),
        }
    }
}

/// The rows one query returned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// An aligned table with a header, a rule and a `(N rows)` line.
pub fn render_table(rs: &ResultSet) -> String {
    let texts: Vec<Vec<String>> = rs
        .rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(&c.text())).collect())
        .collect();
    let n = rs.columns.len();
    let columns: Vec<String> = rs.columns.iter().map(|c| one_line(c)).collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| display_width(c)).collect();
    for row in &texts {
        for (w, t) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(t));
        }
    }
    let numeric: Vec<bool> = (0..n)
        .map(|i| {
            rs.rows
                .iter()
                .any(|r| r.get(i).is_some_and(Cell::is_number))
                && rs
                    .rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|c| c.is_number() || *c == Cell::Null))
        })
        .collect();

    let mut out = String::new();
    let line = |out: &mut String, cells: &[String], right: &dyn Fn(usize) -> bool| {
        let mut l = String::new();
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                l.push_str(" | ");
            }
            let t = cells.get(i).map_or("", String::as_str);
            let pad = w.saturating_sub(display_width(t));
            if right(i) {
                l.push_str(&" ".repeat(pad));
                l.push_str(t);
            } else {
                l.push_str(t);
                l.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut out, &columns, &|i| numeric[i]);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&rule.join("-+-"));
    out.push('\n');
    for row in &texts {
        line(&mut out, row, &|i| numeric[i]);
    }
    let _ = writeln!(
        out,
        "({} {})",
        rs.rows.len(),
        if rs.rows.len() == 1 { "row" } else { "rows" }
    );
    out
}

/// A value on one line of the table: newlines (which would break the table's lines)
/// written `\\n`, tabs as a space, other control characters escaped.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r', '\t']) {
        let flat = s
            .replace("\r\n", "\\n")
            .replace(['\n', '\r'], "\\n")
            .replace('\t', " ");
        vtql::report::terminal_safe(&flat).into_owned()
    } else {
        // Data from a database may hold terminal escapes: never print them raw.
        vtql::report::terminal_safe(s).into_owned()
    }
}

/// RFC 4180 CSV: a header line, then one line per row, CRLF-free (`\n` line ends);
/// fields holding `,`, `"`, CR or LF are quoted with `""` for a quote.
pub fn render_csv(rs: &ResultSet) -> String {
    let mut out = String::new();
    let field = |out: &mut String, s: &str| {
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
            out.push('"');
            out.push_str(&s.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(s);
        }
    };
    for (i, c) in rs.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(&mut out, c);
    }
    out.push('\n');
    for row in &rs.rows {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, &c.text());
        }
        out.push('\n');
    }
    out
}

/// One row as a compact JSON object whose keys keep the column order (serde_json's map
/// sorts its keys, so the object is written by hand); a column selected twice appears
/// once: both hold the same value.
pub fn json_row(columns: &[String], row: &[Cell]) -> String {
    let mut out = String::from("{");
    let mut seen: Vec<&str> = Vec::with_capacity(columns.len());
    for (c, v) in columns.iter().zip(row) {
        if seen.contains(&c.as_str()) {
            continue;
        }
        if !seen.is_empty() {
            out.push_str(", ");
        }
        seen.push(c);
        out.push_str(&Json::String(c.clone()).to_string());
        out.push_str(": ");
        out.push_str(&v.json().to_string());
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ResultSet {
        ResultSet {
            columns: vec!["name".into(), "n".into(), "note".into()],
            rows: vec![
                vec![Cell::Text("Čapek".into()), Cell::Int(7), Cell::Null],
                vec![
                    Cell::Text("O'Brien, Jo".into()),
                    Cell::Int(-12),
                    Cell::Text("a \"b\"\nc".into()),
                ],
            ],
        }
    }

    #[test]
    fn table_aligns_and_counts() {
        assert_eq!(
            render_table(&sample()),
            "name        |   n | note\n\
             ------------+-----+---------\n\
             Čapek       |   7 |\n\
             O'Brien, Jo | -12 | a \"b\"\\nc\n\
             (2 rows)\n"
        );
        let empty = ResultSet {
            columns: vec!["a".into()],
            rows: vec![],
        };
        assert_eq!(render_table(&empty), "a\n-\n(0 rows)\n");
    }

    #[test]
    fn terminal_escapes_in_data_are_shown_escaped() {
        let rs = ResultSet {
            columns: vec!["a\u{1b}[31m".into(), "b".into()],
            rows: vec![vec![
                Cell::Text("\u{1b}]0;title\u{7}x".into()),
                Cell::Text("\u{202e}abc".into()),
            ]],
        };
        assert_eq!(
            render_table(&rs),
            "a\\u{1b}[31m          | b\n\
             ---------------------+------------\n\
             \\u{1b}]0;title\\u{7}x | \\u{202e}abc\n\
             (1 row)\n"
        );
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("李小龍"), 6);
        assert_eq!(display_width("Čapek"), 5);
        assert_eq!(display_width("e\u{301}"), 1);
        let rs = ResultSet {
            columns: vec!["a".into(), "b".into()],
            rows: vec![
                vec![Cell::Text("李".into()), Cell::Int(1)],
                vec![Cell::Text("abc".into()), Cell::Int(2)],
            ],
        };
        assert_eq!(
            render_table(&rs),
            "a   | b\n----+--\n李  | 1\nabc | 2\n(2 rows)\n"
        );
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(
            render_csv(&sample()),
            "name,n,note\nČapek,7,\n\"O'Brien, Jo\",-12,\"a \"\"b\"\"\nc\"\n"
        );
    }

    #[test]
    fn json_rows_keep_column_order() {
        let rs = sample();
        assert_eq!(
            json_row(&rs.columns, &rs.rows[1]),
            r#"{"name": "O'Brien, Jo", "n": -12, "note": "a \"b\"\nc"}"#
        );
        let cols = vec!["z".to_owned(), "a".to_owned(), "z".to_owned()];
        let row = vec![Cell::Int(1), Cell::Null, Cell::Int(1)];
        assert_eq!(json_row(&cols, &row), r#"{"z": 1, "a": null}"#);
    }
}
