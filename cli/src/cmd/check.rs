//! `vtql check`: parse and validate every query; report the findings.

use serde_json::json;
use vtql::validate::{validate, Diagnostic, ValidateOptions};
use vtql::{ParseOptions, Query, Schema, Severity};

use crate::args::{CheckArgs, CheckFormat, DenyArg};
use crate::diag::Finding;
use crate::input::{parse_all, read_sources};
use crate::out::{eprint, note, print, trouble, Colors, Status};
use crate::setup::{load_schema, validate_options, SchemaSource};

/// Version of the JSON document this command prints.
pub const JSON_VERSION: u32 = 1;

/// A validation diagnostic as a finding (its span is already file-relative: the query's
/// tree was shifted when it was parsed).
pub fn finding(d: &Diagnostic) -> Finding {
    Finding::from_report(&d.report(), 0, d.webservice_code)
}

/// The findings of one parsed query. Without a schema only the schema-free lints run:
/// the query is validated against an empty schema and only its warnings are kept (the
/// errors of an empty schema are all "unknown module").
pub fn validation_findings(
    q: &Query<'_>,
    schema: Option<&Schema>,
    opts: &ValidateOptions,
) -> Vec<Finding> {
    let empty;
    let (schema, keep_errors) = match schema {
        Some(s) => (s, true),
        None => {
            empty = Schema::new();
            (&empty, false)
        }
    };
    let diags: Vec<Diagnostic> = match validate(q, schema, opts) {
        Ok(v) => v.warnings().to_vec(),
        Err(d) => d.into_vec(),
    };
    diags
        .iter()
        .filter(|d| keep_errors || d.severity != Severity::Error)
        .map(finding)
        .collect()
}

pub fn run(args: &CheckArgs, colors: Colors) -> Status {
    let options = ParseOptions::default().dialect(args.inputs.dialect.into());
    let vopts = match validate_options(args.precedence.into(), &args.allow) {
        Ok(o) => o,
        Err(msg) => return trouble(colors, &msg),
    };
    let (schema, source) = if args.demo {
        (Some(vtql::demo::schema()), Some(SchemaSource::Demo))
    } else {
        match load_schema(&args.schema.paths) {
            Ok(Some(s)) => (
                Some(s),
                Some(SchemaSource::Paths(args.schema.paths.clone())),
            ),
            Ok(None) => (None, None),
            Err(msg) => return trouble(colors, &msg),
        }
    };
    let (sources, mut status) = read_sources(&args.inputs.files, colors);

    let (mut errors, mut warnings, mut queries) = (0usize, 0usize, 0usize);
    let mut human = String::new();
    let mut github = String::new();
    let mut json_diags = Vec::new();
    for src in &sources {
        for parsed in parse_all(&src.text, &options) {
            queries += 1;
            let findings = match &parsed.result {
                Ok(q) => validation_findings(q, schema.as_ref(), &vopts),
                Err(f) => vec![f.clone()],
            };
            for f in findings {
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    _ => {}
                }
                match args.format {
                    CheckFormat::Human => {
                        human.push_str(&f.render(&src.text, &src.origin, colors.stdout));
                    }
                    CheckFormat::Json => json_diags.push(f.to_json(&src.text, &src.origin)),
                    CheckFormat::Github => {
                        github.push_str(&f.to_github(&src.text, &src.origin));
                        github.push('\n');
                    }
                }
            }
        }
    }
    let denied = args.deny == Some(DenyArg::Warnings) && warnings > 0;
    if errors > 0 || denied {
        status.add(Status::Findings);
    }
    match args.format {
        CheckFormat::Human => {
            print(&human);
            if !sources.is_empty() {
                eprint(&summary(sources.len(), queries, errors, warnings, denied));
            }
            if schema.is_none() {
                note(
                    colors,
                    "modules, fields and values were not checked: no schema \
                     (give `--schema PATH`, or `--demo` for the demo CRM)",
                );
            }
        }
        CheckFormat::Json => {
            let doc = json!({
                "version": JSON_VERSION,
                "diagnostics": json_diags,
                "summary": {
                    "files": sources.len(),
                    "queries": queries,
                    "errors": errors,
                    "warnings": warnings,
                    "schema": source.as_ref().map(SchemaSource::json),
                },
            });
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ));
        }
        CheckFormat::Github => print(&github),
    }
    status
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(files: usize, queries: usize, errors: usize, warnings: usize, denied: bool) -> String {
    format!(
        "checked {} in {}: {}, {}{}\n",
        count(queries, "query", "queries"),
        count(files, "file", "files"),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
        if denied { " (warnings denied)" } else { "" }
    )
}
