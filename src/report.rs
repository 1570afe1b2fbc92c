//! Rendering of diagnostics as rustc-style snippets with a caret under the span.
//!
//! Parse errors ([`crate::ParseError::render`]) and validation diagnostics share this
//! renderer, so every message a user sees has the same shape:
//!
//! ```text
//! error[E0015]: `<>` is not an operator
//!  --> query.vtql:1:39
//!   |
//! 1 | select * from Contacts where lastname <> 'Smith';
//!   |                                       ^^ expected an operator
//!   = help: write `!=` for "not equal"
//! ```

use std::fmt::Write as _;

use crate::{LineCol, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Worth knowing; never fails a check.
    Note,
    /// Probably not what was meant, or not portable to real servers.
    Warning,
    /// The query is rejected.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the renderer needs to draw one diagnostic.
#[derive(Clone, Debug)]
pub struct Report<'r> {
    /// How serious it is.
    pub severity: Severity,
    /// Its stable code.
    pub code: &'r str,
    /// The one-line message.
    pub message: &'r str,
    /// The text it is about.
    pub span: Span,
    /// A note under the caret (may be empty).
    pub label: String,
    /// A `help:` line, if any.
    pub help: Option<&'r str>,
}

impl Report<'_> {
    /// Renders the diagnostic against `source`; `origin` names the source (a file name,
    /// `<stdin>`, ...). With `color`, ANSI escapes highlight the parts as rustc does.
    ///
    /// Tabs in the shown line are drawn as single spaces so the caret stays aligned; a
    /// span running over several lines is underlined to the end of its first line.
    pub fn render(&self, source: &str, origin: &str, color: bool) -> String {
        let (bold, red, yellow, blue, cyan, reset) = if color {
            (
                "\x1b[1m",
                "\x1b[1;31m",
                "\x1b[1;33m",
                "\x1b[1;34m",
                "\x1b[1;36m",
                "\x1b[0m",
            )
        } else {
            ("", "", "", "", "", "")
        };
        let sev_color = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
            Severity::Note => cyan,
        };
        let LineCol { line, column } = LineCol::of(source, self.span.lo());
        let start = self.span.lo().min(source.len());
        let line_start = source[..floor_boundary(source, start)]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let line_end = source[line_start..]
            .find(['\n', '\r'])
            .map_or(source.len(), |i| line_start + i);
        let text: String = source[line_start..line_end]
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let end = floor_boundary(source, self.span.hi().clamp(start, line_end));
        let start = floor_boundary(source, start);
        // Terminal columns, so the caret sits under wide (CJK, emoji) text too.
        let indent = display_width(&source[line_start..start.max(line_start)]);
        let width = display_width(&source[start..end.max(start)]).max(1);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{sev_color}{}[{}]{reset}{bold}: {}{reset}",
            self.severity, self.code, self.message
        );
        let _ = writeln!(out, "{pad}{blue}-->{reset} {origin}:{line}:{column}");
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{line} |{reset} {text}");
        let _ = write!(
            out,
            "{pad} {blue}|{reset} {}{sev_color}{}",
            " ".repeat(indent),
            "^".repeat(width)
        );
        if !self.label.is_empty() {
            let _ = write!(out, " {}", self.label);
        }
        let _ = writeln!(out, "{reset}");
        if let Some(help) = self.help {
            let _ = writeln!(out, "{pad} {blue}={reset} {bold}help{reset}: {help}");
        }
        out
    }
}

/// The number of terminal columns `s` takes: 2 for East Asian wide and emoji
/// characters, 0 for combining marks and zero-width characters, 1 otherwise (a tab is
/// drawn as one space).
fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(span: Span) -> Report<'static> {
        Report {
            severity: Severity::Warning,
            code: "W0001",
            message: "something",
            span,
            label: "here".into(),
            help: Some("do this"),
        }
    }

    #[test]
    fn caret_on_second_line_with_crlf() {
        let src = "select *\r\nfrom  Contacts;";
        let out = report(Span::new(16, 24)).render(src, "f", false);
        assert_eq!(
            out,
            "warning[W0001]: something\n --> f:2:7\n  |\n2 | from  Contacts;\n  |       ^^^^^^^^ here\n  = help: do this\n"
        );
    }

    #[test]
    fn empty_span_at_end_draws_one_caret() {
        let src = "select * from";
        let out = report(Span::empty(13)).render(src, "f", false);
        assert!(out.contains("  |              ^ here"), "{out}");
    }

    #[test]
    fn caret_counts_wide_characters_twice_and_combining_marks_not_at_all() {
        let src = "a = '東京' and b";
        let at = src.rfind('b').unwrap();
        let out = report(Span::new(at, at + 1)).render(src, "f", false);
        // `a = '` (5) + 東京 (4) + `' and ` (6) = 15 columns before `b`.
        assert!(
            out.contains(&format!("  | {}^ here", " ".repeat(15))),
            "{out}"
        );
        let src = "x 'e\u{301}' y";
        let at = src.rfind('y').unwrap();
        let out = report(Span::new(at, at + 1)).render(src, "f", false);
        assert!(
            out.contains(&format!("  | {}^ here", " ".repeat(6))),
            "{out}"
        );
        let wide = report(Span::new(0, "東京".len())).render("東京", "f", false);
        assert!(wide.contains("  | ^^^^ here"), "{wide}");
    }

    #[test]
    fn spans_inside_multibyte_text_do_not_panic() {
        let src = "x 'Žluťoučký kůň' y";
        for s in 0..=src.len() + 2 {
            for e in s..=src.len() + 2 {
                let _ = report(Span::new(s, e)).render(src, "f", true);
            }
        }
    }
}
