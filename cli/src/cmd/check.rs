//! `vtql check`: parse and validate every query; report the findings.

use serde_json::json;
use vtql::report::terminal_safe;
use vtql::report::Severity;
use vtql::validate::{Diagnostic, ValidateOptions};
use vtql::{LineIndex, Query, Schema};

use crate::args::{CheckArgs, CheckFormat, DenyArg};
use crate::diag::Finding;
use crate::input::{parse_iter, read_sources};
use crate::out::{eprint, note, print, trouble, Colors, Status};
use crate::setup::{load_schema, validation, SchemaSource};
use crate::stream::JsonStream;

/// Version of the JSON document this command prints.
pub const JSON_VERSION: u32 = 1;

/// Findings printed per file in `human` format unless `--all` is given.
pub const MAX_SHOWN: usize = 50;

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
    let diags: Vec<Diagnostic> = match q.validate(schema, opts) {
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
    let options = args.inputs.parse_options();
    let vopts = match validation(&args.validate) {
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
    let (sources, mut status) = read_sources(&args.inputs.files, &args.inputs.queries, colors);

    let (mut errors, mut warnings, mut queries) = (0usize, 0usize, 0usize);
    let mut stream = match args.format {
        CheckFormat::Json => Some(JsonStream::start(
            &[("version", json!(JSON_VERSION))],
            "diagnostics",
            print,
        )),
        _ => None,
    };
    for src in &sources {
        let index = LineIndex::new(&src.text);
        let mut shown = 0usize;
        let mut hidden = 0usize;
        for parsed in parse_iter(&src.text, &options) {
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
                match (args.format, &mut stream) {
                    (CheckFormat::Human, _) if args.all || shown < MAX_SHOWN => {
                        shown += 1;
                        print(&f.render_indexed(&index, &src.origin, colors.stdout));
                    }
                    (CheckFormat::Human, _) => hidden += 1,
                    (CheckFormat::Json, Some(stream)) => {
                        stream.item(&f.to_json(&index, &src.origin))
                    }
                    _ => print(&format!("{}\n", f.to_github(&index, &src.origin))),
                }
            }
        }
        if hidden > 0 {
            print(&format!(
                "... and {hidden} more {} in {} (`--all` shows every finding)\n\n",
                if hidden == 1 { "finding" } else { "findings" },
                terminal_safe(&src.origin)
            ));
        }
    }
    let denied = args.deny == Some(DenyArg::Warnings) && warnings > 0;
    if errors > 0 || denied {
        status.add(Status::Findings);
    }
    match stream {
        Some(stream) => stream.finish(&[(
            "summary",
            json!({
                "files": sources.len(),
                "queries": queries,
                "errors": errors,
                "warnings": warnings,
                "schema": source.as_ref().map(SchemaSource::json),
            }),
        )]),
        None if args.format == CheckFormat::Human && !sources.is_empty() => {
            eprint(&summary(sources.len(), queries, errors, warnings, denied));
            // Only about queries that were checked: not after a file that could not be read.
            if schema.is_none() && queries > 0 && status != Status::Trouble {
                note(
                    colors,
                    "modules, fields and values were not checked: no schema \
                     (give `--schema PATH`, or `--demo` for the demo CRM)",
                );
            }
        }
        None => {}
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
