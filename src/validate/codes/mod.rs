//! The catalogue of diagnostic codes: every code the crate can emit, each with its
//! severity, a short description and a long explanation with an example and a fix
//! ([`explain`], [`lookup`], [`all`]).
//!
//! | range | what |
//! |---|---|
//! | `E00xx`, `E01xx` | parse errors and size limits ([`crate::ErrorKind`]) |
//! | `E02xx` | validation errors: the query is rejected ([`Code`]) |
//! | `W03xx` | warnings and compatibility lints, each allowable with [`super::ValidateOptions::allow`] ([`Code`]) |
//! | `S00xx` | translation to SQL ([`crate::sql::SqlError`]) |
//! | `B00xx` | the query builder ([`crate::build::BuildError`]) |
//!
//! Where an explanation names a library setting, it also names the `vtql` command's
//! flag for it (`Limits::max_query_bytes`, `--max-query-bytes`).
//!
//! The whole catalogue follows, one section per code ([`url`] links to them).
#![doc = include_str!("catalogue.md")]

mod validation;

pub use validation::Code;

use crate::report::Severity;
use crate::ErrorKind;

/// The texts of one code of a family whose catalogue sits beside its error type
/// (`S00xx` in `sql/codes.rs`, `B00xx` in `build/codes.rs`); every such code is an error.
pub(crate) struct CodeText {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) explanation: &'static str,
}

/// A code of the catalogue: its text, severity, name, summary and explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct DiagnosticCode {
    /// The stable code (`E0015`, `E0204`, `W0301`, `S0001`, `B0004`).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The kebab-case name (`wrong-operator`, `unknown-field`).
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Several paragraphs with an example.
    pub explanation: &'static str,
}

impl DiagnosticCode {
    fn of_code(c: Code) -> Self {
        let i = c.info();
        DiagnosticCode {
            code: i.code,
            severity: c.severity(),
            name: i.name,
            summary: i.summary,
            explanation: i.explanation,
        }
    }

    fn of_text(t: &'static CodeText) -> Self {
        DiagnosticCode {
            code: t.code,
            severity: Severity::Error,
            name: t.name,
            summary: t.summary,
            explanation: t.explanation,
        }
    }

    fn of_kind(k: ErrorKind) -> Self {
        let (name, summary, explanation) = crate::error::codes::text(k);
        DiagnosticCode {
            code: k.code(),
            severity: Severity::Error,
            name,
            summary,
            explanation,
        }
    }
}

/// The translation (`S00xx`) and builder (`B00xx`) codes.
fn family_codes() -> impl Iterator<Item = &'static CodeText> {
    crate::sql::codes::CODES
        .iter()
        .chain(crate::build::codes::CODES.iter())
}

/// Every code: the parse errors ([`ErrorKind::ALL`]), the validation codes
/// ([`Code::ALL`]), then the translation (`S00xx`) and builder (`B00xx`) codes.
///
/// ```
/// let codes: Vec<_> = vtql::validate::codes::all().collect();
/// for code in ["E0015", "W0301", "S0001", "B0004"] {
///     assert!(codes.iter().any(|c| c.code == code));
/// }
/// ```
pub fn all() -> impl Iterator<Item = DiagnosticCode> {
    ErrorKind::ALL
        .iter()
        .map(|k| DiagnosticCode::of_kind(*k))
        .chain(Code::ALL.iter().map(|c| DiagnosticCode::of_code(*c)))
        .chain(family_codes().map(DiagnosticCode::of_text))
}

/// The catalogue entry for a code (`"E0204"`, `"e0204"`, `"S0001"`) or name
/// (`"unknown-field"`).
pub fn lookup(code: &str) -> Option<DiagnosticCode> {
    if let Some(c) = Code::from_code(code) {
        return Some(DiagnosticCode::of_code(c));
    }
    if let Some(k) = ErrorKind::ALL
        .iter()
        .copied()
        .find(|k| k.code().eq_ignore_ascii_case(code) || crate::error::codes::text(*k).0 == code)
    {
        return Some(DiagnosticCode::of_kind(k));
    }
    family_codes()
        .find(|t| t.code.eq_ignore_ascii_case(code) || t.name == code)
        .map(DiagnosticCode::of_text)
}

/// The long explanation of a code: parse, validation, translation or builder (what
/// `vtql explain CODE` prints).
///
/// ```
/// let text = vtql::validate::explain("E0204").unwrap();
/// assert!(text.contains("select lastnam from Contacts;"));
/// assert!(vtql::validate::explain("E0015").unwrap().contains("<>"));
/// assert!(vtql::validate::explain("s0001").unwrap().contains("--mapping"));
/// assert!(vtql::validate::explain("E9999").is_none());
/// ```
pub fn explain(code: &str) -> Option<&'static str> {
    lookup(code).map(|c| c.explanation)
}

/// The address of a code's explanation in the crate's documentation on docs.rs (this
/// module's page, at the code's section, for this version of the crate); `None` for an
/// unknown code.
///
/// ```
/// let url = vtql::validate::codes::url("E0204").unwrap();
/// assert!(url.starts_with("https://docs.rs/vtql/"));
/// assert!(url.ends_with("/vtql/validate/codes/index.html#e0204"));
/// assert!(vtql::validate::codes::url("E9999").is_none());
/// ```
pub fn url(code: &str) -> Option<String> {
    let c = lookup(code)?;
    Some(format!(
        "https://docs.rs/vtql/{}/vtql/validate/codes/index.html#{}",
        env!("CARGO_PKG_VERSION"),
        c.code.to_ascii_lowercase()
    ))
}

/// The catalogue as Markdown for this module's documentation (`catalogue.md`): a section
/// per code, headed by the code (rustdoc makes `#e0204` its anchor), examples in `text`
/// blocks so that rustdoc does not take them for Rust.
#[cfg(test)]
fn markdown() -> String {
    let mut out = String::from(
        "\n## Every code\n\n<!-- Generated from the catalogue by the test \
         `catalogue_page_is_current`; VTQL_BLESS=1 rewrites it. -->\n",
    );
    for c in all() {
        out.push_str(&format!(
            "\n### {}\n\n`{}` ({}): {}\n\n",
            c.code, c.name, c.severity, c.summary
        ));
        let mut in_block = false;
        for line in c.explanation.lines() {
            match (line.strip_prefix("    "), in_block) {
                (Some(code), false) => {
                    out.push_str("```text\n");
                    out.push_str(code);
                    out.push('\n');
                    in_block = true;
                }
                (Some(code), true) => {
                    out.push_str(code);
                    out.push('\n');
                }
                (None, true) if line.is_empty() => {}
                (None, true) => {
                    out.push_str("```\n\n");
                    out.push_str(line);
                    out.push('\n');
                    in_block = false;
                }
                (None, false) => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if in_block {
            out.push_str("```\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `catalogue.md`, which this module's documentation includes, is the catalogue.
    #[test]
    fn catalogue_page_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/validate/codes/catalogue.md"
        );
        let want = markdown();
        if std::env::var_os("VTQL_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "src/validate/codes/catalogue.md is out of date: run VTQL_BLESS=1 cargo test -p vtql --lib catalogue_page"
        );
    }

    #[test]
    fn table_matches_variants() {
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i, "{c:?} out of order");
            assert_eq!(Code::from_code(c.as_str()), Some(*c));
            assert_eq!(Code::from_code(c.name()), Some(*c));
            assert!(c.info().explanation.contains("Example"), "{c:?}");
        }
        assert_eq!(Code::ALL.len(), validation::INFO.len());
    }

    #[test]
    fn codes_are_unique_and_ranged() {
        let all: Vec<_> = all().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
            assert!(
                !a.summary.is_empty() && a.explanation.contains("Example"),
                "{}",
                a.code
            );
        }
        for c in Code::ALL {
            let n: u32 = c.as_str()[1..].parse().unwrap();
            match c.severity() {
                Severity::Error => assert!((201..300).contains(&n)),
                _ => assert!((301..365).contains(&n)),
            }
            assert_eq!(c.lint_bit().is_some(), c.severity() == Severity::Warning);
        }
    }

    #[test]
    fn family_codes_are_errors_with_their_prefix() {
        for t in family_codes() {
            let c = lookup(t.code).unwrap();
            assert_eq!(c.severity, Severity::Error);
            assert_eq!(lookup(t.name).unwrap().code, t.code);
            assert!(t.code.starts_with(['S', 'B']) && t.code[1..].parse::<u32>().is_ok());
            assert!(c.explanation.contains("Example"), "{}", t.code);
        }
        assert_eq!(all().filter(|c| c.code.starts_with('S')).count(), 6);
        assert_eq!(all().filter(|c| c.code.starts_with('B')).count(), 21);
    }

    /// An explanation that names a library setting also names the command's flag.
    #[test]
    fn library_settings_come_with_their_flag() {
        let flags = [
            ("Limits::max_query_bytes", "--max-query-bytes"),
            ("Limits::max_conditions", "--max-conditions"),
            ("Limits::max_list_values", "--max-list-values"),
            ("Limits::max_select_columns", "--max-select-columns"),
            ("Limits::max_values", "--max-values"),
            ("ValidateOptions::row_cap", "--row-cap"),
            ("ValidateOptions::precedence", "--precedence"),
            (
                "ValidateOptions::module_case_insensitive",
                "--module-case-insensitive",
            ),
            ("Schema::load", "--schema"),
        ];
        for c in all() {
            for (setting, flag) in flags {
                if c.explanation.contains(setting) {
                    assert!(
                        c.explanation.contains(flag),
                        "{}: {setting} without {flag}",
                        c.code
                    );
                }
            }
        }
    }

    #[test]
    fn every_parse_code_is_explained() {
        for k in ErrorKind::ALL {
            assert!(explain(k.code()).is_some(), "{k:?}");
        }
        assert_eq!(lookup("wrong-operator").unwrap().code, "E0015");
    }
}
