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

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::{LineCol, LineIndex, Span};

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

/// A line of at most `LINE_CHARS` characters is shown whole; of a longer one, at most
/// `CONTEXT_CHARS` characters before and after the span and `SPAN_CHARS` of the span
/// itself; longer lines are cut with `...` so one diagnostic stays a few lines long
/// whatever the input (a file of one long line would otherwise repeat it per finding).
const LINE_CHARS: usize = 200;
const CONTEXT_CHARS: usize = 60;
const SPAN_CHARS: usize = 60;
/// The most characters of a message, label or help line (they may quote the input).
const MESSAGE_CHARS: usize = 300;

impl Report<'_> {
    /// Renders the diagnostic against `source`; `origin` names the source (a file name,
    /// `<stdin>`, ...). With `color`, ANSI escapes highlight the parts as rustc does.
    ///
    /// The output is bounded and terminal-safe: the line is cut to a window around the
    /// span (`...` marks a cut), control and other non-printing characters are shown
    /// escaped (`\u{1b}`, see [`terminal_safe`]) with the caret still under the span, tabs
    /// are drawn as single spaces, and a span running over several lines is underlined to
    /// the end of its first line. To render many diagnostics of one text, use
    /// [`Report::render_indexed`], which finds line numbers without rescanning the text.
    pub fn render(&self, source: &str, origin: &str, color: bool) -> String {
        self.draw(source, LineCol::of(source, self.span.lo()), origin, color)
    }

    /// [`Report::render`] with line numbers from a [`LineIndex`] of the source: rendering
    /// every diagnostic of a file is then linear in the file's size plus the output's.
    pub fn render_indexed(&self, index: &LineIndex<'_>, origin: &str, color: bool) -> String {
        let at = index.line_col(self.span.lo());
        self.draw(index.source(), at, origin, color)
    }

    fn draw(&self, source: &str, at: LineCol, origin: &str, color: bool) -> String {
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
        let LineCol { line, .. } = at;
        let column = at.column;
        let start = floor_boundary(source, self.span.lo());
        let window = Window::around(source, start, self.span.hi());
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{sev_color}{}[{}]{reset}{bold}: {}{reset}",
            self.severity,
            terminal_safe(self.code),
            bounded(self.message)
        );
        let _ = writeln!(
            out,
            "{pad}{blue}-->{reset} {}:{line}:{column}",
            terminal_safe(origin)
        );
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{line} |{reset} {}", window.text);
        let _ = write!(
            out,
            "{pad} {blue}|{reset} {}{sev_color}{}",
            " ".repeat(window.indent),
            "^".repeat(window.width.max(1))
        );
        if !self.label.is_empty() {
            let _ = write!(out, " {}", bounded(&self.label));
        }
        let _ = writeln!(out, "{reset}");
        if let Some(help) = self.help {
            let _ = writeln!(
                out,
                "{pad} {blue}={reset} {bold}help{reset}: {}",
                bounded(help)
            );
        }
        out
    }
}

/// The shown part of the span's line: its text (escaped, cut), and the caret's column
/// and width in terminal columns.
struct Window {
    text: String,
    indent: usize,
    width: usize,
}

impl Window {
    fn around(source: &str, start: usize, end: usize) -> Window {
        let is_break = |c: char| c == '\n' || c == '\r';
        // The byte offsets of up to LINE_CHARS + 1 characters back to the line start,
        // nearest first; then the span (to the end of its first line, SPAN_CHARS at
        // most); then up to LINE_CHARS + 1 characters to the line end.
        let left: Vec<usize> = source[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| !is_break(c))
            .take(LINE_CHARS + 1)
            .map(|(i, _)| i)
            .collect();
        let mut span_end = start;
        let mut span_chars = 0;
        for (i, c) in source[start..].char_indices() {
            if start + i >= end || is_break(c) || span_chars == SPAN_CHARS {
                break;
            }
            span_end = start + i + c.len_utf8();
            span_chars += 1;
        }
        let cut_span =
            span_end < end.min(source.len()) && !source[span_end..].starts_with(['\n', '\r']);
        let right: Vec<usize> = source[span_end..]
            .char_indices()
            .take_while(|&(_, c)| !is_break(c))
            .take(LINE_CHARS + 1)
            .map(|(i, c)| span_end + i + c.len_utf8())
            .collect();
        // A line that fits is shown whole; a longer one keeps CONTEXT_CHARS either side.
        let fits = !cut_span && left.len() + span_chars + right.len() <= LINE_CHARS;
        let keep_left = if fits {
            left.len()
        } else {
            left.len().min(CONTEXT_CHARS)
        };
        let keep_right = if fits {
            right.len()
        } else if cut_span {
            0
        } else {
            right.len().min(CONTEXT_CHARS)
        };
        let line_start = keep_left.checked_sub(1).map_or(start, |k| left[k]);
        let line_end = keep_right.checked_sub(1).map_or(span_end, |k| right[k]);
        let cut_left = keep_left < left.len();
        let cut_right = keep_right < right.len() || cut_span;
        let mut text = String::new();
        let mut indent = 0;
        if cut_left {
            text.push_str("...");
            indent += 3;
        }
        indent += push_shown(&mut text, &source[line_start..start]);
        let width = push_shown(&mut text, &source[start..span_end]);
        push_shown(&mut text, &source[span_end..line_end]);
        if cut_right {
            text.push_str("...");
        }
        Window {
            text,
            indent,
            width,
        }
    }
}

/// Appends `s` as shown in a snippet (tabs as one space, non-printing characters
/// escaped) and returns the terminal columns it takes.
fn push_shown(out: &mut String, s: &str) -> usize {
    let mut width = 0;
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
            width += 1;
        } else if is_non_printing(c) {
            let before = out.len();
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
            width += out.len() - before;
        } else {
            out.push(c);
            width += char_width(c);
        }
    }
    width
}

/// Whether `c` is a control character or another character that changes or hides what
/// a terminal shows: C0/C1 controls and DEL, bidirectional overrides and isolates,
/// zero-width characters, line/paragraph separators and the byte-order mark.
pub fn is_non_printing(c: char) -> bool {
    c.is_control()
        || matches!(
            c as u32,
            0x061C
                | 0x180E
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0xE0000..=0xE007F
        )
}

/// `s` with every non-printing character ([`is_non_printing`]) written as a visible
/// `\u{..}` escape, so that text from a query or a database can be printed to a
/// terminal without moving the cursor, changing the title or reordering text.
///
/// ```
/// use vtql::report::terminal_safe;
/// assert_eq!(terminal_safe("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
/// assert_eq!(terminal_safe("Zürich"), "Zürich");
/// ```
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_non_printing) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_non_printing(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message line made terminal-safe and cut to [`MESSAGE_CHARS`] characters.
fn bounded(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_CHARS) {
        Some((i, _)) => Cow::Owned(format!("{}...", terminal_safe(&s[..i]))),
        None => terminal_safe(s),
    }
}

/// The width of `s` in terminal columns: 2 for East Asian wide and full-width
/// characters (CJK, Hangul, kana, full-width forms, most emoji), 0 for combining marks
/// and zero-width characters, 1 otherwise. The table covers the scripts of real CRM data
/// without a Unicode-width dependency.
///
/// ```
/// use vtql::report::display_width;
/// assert_eq!(display_width("東京"), 4);
/// assert_eq!(display_width("e\u{301}"), 1);
/// ```
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let zero = matches!(u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F);
    let wide = matches!(u,
        0x1100..=0x115F | 0x231A..=0x231B | 0x2329..=0x232A | 0x2E80..=0x303E | 0x3041..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF | 0xFE10..=0xFE19 | 0xFE30..=0xFE6F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD);
    if zero {
        0
    } else if wide {
        2
    } else {
        1
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
    fn long_lines_are_cut_to_a_window_around_the_span() {
        let src = format!("{}bad{}", "a".repeat(5_000), "b".repeat(5_000));
        let out = report(Span::new(5_000, 5_003)).render(&src, "f", false);
        assert!(out.len() < 500, "{} bytes", out.len());
        let line = format!("1 | ...{}bad{}...\n", "a".repeat(60), "b".repeat(60));
        assert!(out.contains(&line), "{out}");
        assert!(
            out.contains(&format!("  | {}^^^ here", " ".repeat(63))),
            "{out}"
        );
        // A long span is cut too, and the caret stays on the shown part.
        let out = report(Span::new(0, 10_003)).render(&src, "f", false);
        assert!(
            out.contains(&format!("  | {} here", "^".repeat(60))),
            "{out}"
        );
    }

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let src = "x = '\x1b]0;title\x07' and \u{202e}y";
        let at = src.rfind('y').unwrap();
        let r = Report {
            message: "found `\x1b[2J`",
            ..report(Span::new(at, at + 1))
        };
        let out = r.render(src, "f\x1b", false);
        assert!(!out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{202e}'));
        assert!(
            out.contains("1 | x = '\\u{1b}]0;title\\u{7}' and \\u{202e}y"),
            "{out}"
        );
        let shown_before_y = "x = '\\u{1b}]0;title\\u{7}' and \\u{202e}".len();
        assert!(
            out.contains(&format!("  | {}^ here", " ".repeat(shown_before_y))),
            "{out}"
        );
        assert!(out.contains("warning[W0001]: found `\\u{1b}[2J`"), "{out}");
        assert!(out.contains(" --> f\\u{1b}:1:"), "{out}");
    }

    #[test]
    fn indexed_rendering_equals_plain_rendering() {
        let src = "select *\r\nfrom x;\n".repeat(2_000);
        let index = LineIndex::new(&src);
        for lo in (0..src.len()).step_by(997) {
            let r = report(Span::new(lo, lo + 2));
            assert_eq!(
                r.render(&src, "f", true),
                r.render_indexed(&index, "f", true)
            );
        }
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
