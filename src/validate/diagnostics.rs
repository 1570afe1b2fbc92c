//! [`Diagnostic`] and [`Diagnostics`]: what the validator reports, and their rendering
//! with the same caret renderer as parse errors.

use std::fmt;

use crate::report::{Report, Severity};
use crate::Span;

use super::codes::Code;

/// One problem found by [`Query::validate`](crate::Query::validate).
///
/// ```
/// use vtql::{Query, Schema, ValidateOptions};
/// let schema = vtql::Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe"))?;
/// let src = "select firstnam from Contacts;";
/// let q = Query::parse(src)?;
/// let diags = q.validate(&schema, &ValidateOptions::default()).unwrap_err();
/// let d = diags.iter().next().unwrap();
/// assert_eq!(d.code, "E0204");
/// assert_eq!(d.webservice_code, "ACCESS_DENIED");
/// assert_eq!(d.webservice_message, "Permission to access '.firstnam.' attribute denied.");
/// assert_eq!(d.help.as_deref(), Some("did you mean `firstname`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error (the query is rejected) or warning (it is accepted).
    pub severity: Severity,
    /// The stable code: `E02xx` for errors, `W03xx` for warnings (see [`super::codes`]).
    pub code: &'static str,
    /// The text the diagnostic is about.
    pub span: Span,
    /// The one-line message.
    pub message: String,
    /// A short note drawn under the caret (may be empty).
    pub label: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// The web-service error code a server should answer with for an error
    /// (`ACCESS_DENIED`, `INVALID_ID_ATTRIBUTE`, `QUERY_SYNTAX_ERROR`); for a warning,
    /// the code a real server answers with when the construct fails there, or `""` when
    /// real servers accept it.
    pub webservice_code: &'static str,
    /// The web-service error message, in the real server's shapes
    /// (`Permission to access lastnam attribute denied.`); `""` with an empty code.
    pub webservice_message: String,
}

impl Diagnostic {
    pub(crate) fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code: code.as_str(),
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            webservice_code: code.webservice_code(),
            webservice_message: String::new(),
        }
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Sets the web-service message; without one, errors carry their own message.
    pub(crate) fn ws_message(mut self, message: impl Into<String>) -> Self {
        self.webservice_message = message.into();
        self
    }

    pub(crate) fn finish(mut self) -> Self {
        if self.webservice_message.is_empty() && !self.webservice_code.is_empty() {
            self.webservice_message = self.message.clone();
        }
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a [`Report`] for the caret renderer.
    pub fn report(&self) -> Report<'_> {
        Report {
            severity: self.severity,
            code: self.code,
            message: &self.message,
            span: self.span,
            label: self.label.clone(),
            help: self.help.as_deref(),
        }
    }

    /// A rustc-style rendering with the source line and a caret under the span.
    pub fn render(&self, source: &str, origin: &str, color: bool) -> String {
        self.report().render(source, origin, color)
    }
}

impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

/// Every problem the validator found: the errors (at least one when returned as `Err`)
/// and the warnings, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn from_vec(mut items: Vec<Diagnostic>) -> Self {
        // Stable: diagnostics at one position keep the order they were found in.
        items.sort_by_key(|d| d.span.lo());
        Diagnostics { items }
    }

    /// All diagnostics, in source order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether a diagnostic with this code is present.
    pub fn contains(&self, code: &str) -> bool {
        self.items.iter().any(|d| d.code == code)
    }

    /// The diagnostics as a slice.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The diagnostics as a vector.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Every diagnostic rendered against `source` (see [`Report::render`]), separated by
    /// blank lines.
    pub fn render(&self, source: &str, origin: &str, color: bool) -> String {
        let mut out = String::new();
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&d.render(source, origin, color));
        }
        out
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    /// One line per diagnostic: `error[E0204]: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
