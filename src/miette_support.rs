//! [`miette::Diagnostic`] for [`ParseError`], the validator's [`Diagnostic`] and
//! [`Diagnostics`] (feature `miette`), so that applications that report with miette show
//! vtql's findings natively: the code, the severity, the span with its label, the help,
//! and a link to the code's explanation on docs.rs ([`crate::validate::codes::url`]).
//!
//! The source text is not part of an error: give it to miette's report
//! (`miette::Report::new(err).with_source_code(...)`), as the example on the
//! `impl miette::Diagnostic for ParseError` shows.

use std::fmt::Display;

use miette::{LabeledSpan, Severity as MietteSeverity};

use crate::report::{Report, Severity};
use crate::validate::{codes, Diagnostic, Diagnostics};
use crate::ParseError;

fn severity(s: Severity) -> MietteSeverity {
    match s {
        Severity::Error => MietteSeverity::Error,
        Severity::Warning => MietteSeverity::Warning,
        Severity::Note => MietteSeverity::Advice,
    }
}

/// The one primary label: the span and the text drawn under it.
fn label(r: &Report<'_>) -> LabeledSpan {
    let text = (!r.label.is_empty()).then(|| r.label.clone());
    LabeledSpan::new_primary_with_span(text, r.span.range())
}

fn boxed<'a>(d: impl Display + 'a) -> Box<dyn Display + 'a> {
    Box::new(d)
}

/// A parse error as a miette diagnostic: code `E00xx`/`E01xx`, severity error, the
/// offending text labelled (with what was expected when there is no better label), the
/// hint as help.
///
/// ```
/// use miette::{Diagnostic, NamedSource, Report};
///
/// let src = "select * from Contacts where lastname <> 'Smith';";
/// let err = vtql::Query::parse(src).unwrap_err();
/// assert_eq!(Diagnostic::code(&err).unwrap().to_string(), "E0015");
/// assert_eq!(err.help().unwrap().to_string(), "write `!=` for \"not equal\"");
/// assert_eq!(
///     err.url().unwrap().to_string(),
///     format!("https://docs.rs/vtql/{}/vtql/validate/codes/index.html#e0015", env!("CARGO_PKG_VERSION"))
/// );
/// let label = err.labels().unwrap().next().unwrap();
/// assert_eq!(&src[label.offset()..label.offset() + label.len()], "<>");
///
/// // In an application: a miette report with the query as its source.
/// let report = Report::new(err).with_source_code(NamedSource::new("query.vtql", src.to_owned()));
/// assert!(report.to_string().starts_with("`<>` is not an operator"));
/// ```
impl miette::Diagnostic for ParseError {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        Some(boxed(self.kind.code()))
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(MietteSeverity::Error)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.hint.as_deref().map(boxed)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        codes::url(self.kind.code()).map(boxed)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(&self.report()))))
    }
}

/// A validation finding as a miette diagnostic: code `E02xx` or `W03xx`, error or
/// warning, the span with its label, the help.
impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        Some(boxed(self.code))
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(severity(self.severity))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help.as_deref().map(boxed)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        codes::url(self.code).map(boxed)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(&self.report()))))
    }
}

/// Every finding of a rejected query, as the related diagnostics of one.
impl miette::Diagnostic for Diagnostics {
    fn severity(&self) -> Option<MietteSeverity> {
        Some(MietteSeverity::Error)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(self.iter().map(|d| d as &dyn miette::Diagnostic)))
    }
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic as _;

    use crate::{Query, Schema, ValidateOptions};

    #[test]
    fn validation_findings_carry_code_severity_span_and_help() {
        let schema = Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe")).unwrap();
        let src = "select firstnam from Contacts limit 500;";
        let q = Query::parse(src).unwrap();
        let diags = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_err();
        let related: Vec<_> = diags.related().unwrap().collect();
        assert_eq!(related.len(), 2);
        let codes: Vec<String> = related
            .iter()
            .map(|d| d.code().unwrap().to_string())
            .collect();
        assert_eq!(codes, ["E0204", "W0310"]);
        assert_eq!(related[0].severity(), Some(miette::Severity::Error));
        assert_eq!(related[1].severity(), Some(miette::Severity::Warning));
        assert_eq!(
            related[0].help().unwrap().to_string(),
            "did you mean `firstname`?"
        );
        let span = related[0].labels().unwrap().next().unwrap();
        assert_eq!(&src[span.offset()..span.offset() + span.len()], "firstnam");
        assert!(related[1].url().unwrap().to_string().ends_with("#w0310"));
    }

    #[test]
    fn a_parse_error_without_its_own_label_says_what_was_expected() {
        let err = Query::parse("select * from Contacts where").unwrap_err();
        let label = err.labels().unwrap().next().unwrap();
        assert!(label.label().unwrap().starts_with("expected"), "{label:?}");
        assert!(label.primary());
    }
}
