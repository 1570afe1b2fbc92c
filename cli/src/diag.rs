//! Findings (parse errors and validation diagnostics) with file-relative spans, and their
//! three renderings: rustc-style text, JSON objects and GitHub workflow annotations.

use serde_json::{json, Value as Json};
use vtql::report::{Report, Severity};
use vtql::{LineIndex, Span};

/// One diagnostic about a query, positioned in the file the query came from.
#[derive(Clone, Debug)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// Byte span in the whole file.
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
    pub webservice_code: String,
}

impl Finding {
    /// A finding from a library [`Report`] whose span is relative to a query starting at
    /// byte `offset` of the file.
    pub fn from_report(report: &Report<'_>, offset: usize, webservice_code: &str) -> Self {
        Finding {
            severity: report.severity,
            code: report.code.to_owned(),
            message: report.message.to_owned(),
            span: Span::new(report.span.lo() + offset, report.span.hi() + offset),
            label: report.label.clone(),
            help: report.help.map(str::to_owned),
            webservice_code: webservice_code.to_owned(),
        }
    }

    /// A parse error of the query at byte `offset`.
    pub fn from_parse(err: &vtql::ParseError, offset: usize) -> Self {
        Finding::from_report(&err.report(), offset, err.webservice_code())
    }

    fn report(&self) -> Report<'_> {
        Report {
            severity: self.severity,
            code: &self.code,
            message: &self.message,
            span: self.span,
            label: self.label.clone(),
            help: self.help.as_deref(),
        }
    }

    /// The rustc-style rendering against the whole file text, followed by a blank line
    /// (which separates consecutive diagnostics, as rustc does). For the many findings of
    /// one file, [`Finding::render_indexed`] does not rescan the text for each.
    pub fn render(&self, file: &str, origin: &str, color: bool) -> String {
        let mut s = self.report().render(file, origin, color);
        s.push('\n');
        s
    }

    /// [`Finding::render`] with positions from an index of the file (built once).
    pub fn render_indexed(&self, file: &LineIndex<'_>, origin: &str, color: bool) -> String {
        let mut s = self.report().render_indexed(file, origin, color);
        s.push('\n');
        s
    }

    /// The JSON object of the `check --format json` document.
    pub fn to_json(&self, file: &LineIndex<'_>, origin: &str) -> Json {
        let start = file.line_col(self.span.lo());
        let end = file.line_col(self.span.hi());
        json!({
            "file": origin,
            "code": self.code,
            "severity": self.severity.as_str(),
            "message": self.message,
            "span": {
                "start": self.span.lo(),
                "end": self.span.hi(),
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
            },
            "label": self.label,
            "help": self.help,
            "webservice_code": self.webservice_code,
        })
    }

    /// A GitHub Actions workflow command, e.g.
    /// `::error file=q.vtql,line=1,col=5,endLine=1,endColumn=9,title=E0009::message`.
    pub fn to_github(&self, file: &LineIndex<'_>, origin: &str) -> String {
        let start = file.line_col(self.span.lo());
        let end = file.line_col(self.span.hi());
        let command = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let mut message = self.message.clone();
        if !self.label.is_empty() {
            message.push_str(": ");
            message.push_str(&self.label);
        }
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(origin),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&self.code),
            escape_data(&message)
        )
    }
}

/// Escaping of a workflow command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, offset: usize, query: &str) -> Finding {
        let err = vtql::Query::parse(query).unwrap_err();
        assert_eq!(&file[offset..offset + query.len()], query);
        Finding::from_parse(&err, offset)
    }

    #[test]
    fn positions_are_in_the_file() {
        let file = "select * from A;\nselect * from B where x <> 'y';\n";
        let f = finding(file, 16, "\nselect * from B where x <> 'y';");
        let index = LineIndex::new(file);
        let j = f.to_json(&index, "f.vtql");
        assert_eq!(j["span"]["line"], 2);
        assert_eq!(j["span"]["column"], 25);
        assert_eq!(j["span"]["end_column"], 27);
        assert_eq!(j["code"], "E0015");
        assert_eq!(j["webservice_code"], "QUERY_SYNTAX_ERROR");
        let text = f.render_indexed(&index, "f.vtql", false);
        assert_eq!(text, f.render(file, "f.vtql", false));
        assert!(text.contains(" --> f.vtql:2:25\n"), "{text}");
        assert!(
            text.contains("2 | select * from B where x <> 'y';\n"),
            "{text}"
        );
    }

    #[test]
    fn github_annotation_is_escaped() {
        let file = "select * from A where x = y;";
        let f = finding(file, 0, file);
        assert_eq!(
            f.to_github(&LineIndex::new(file), "dir,a:b.vtql"),
            "::error file=dir%2Ca%3Ab.vtql,line=1,col=27,endLine=1,endColumn=28,\
             title=E0009::bare word `y` is not a value: values must be quoted\
             %0Ahelp: write it in single quotes: 'y'"
        );
    }
}
