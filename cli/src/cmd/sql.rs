//! `vtql sql`: translate queries to parameterized SQL for MySQL, PostgreSQL or SQLite.

use serde_json::{json, Value as Json};
use vtql::report::terminal_safe;
use vtql::report::{Report, Severity};
use vtql::sql::{Mapping, SqlError, SqlOptions, SqlQuery, SqlValue, Target};
use vtql::validate::ValidateOptions;
use vtql::{LineIndex, Query, Schema};

use crate::args::{SqlArgs, SqlFormat, TargetArg};
use crate::cmd::check::finding;
use crate::diag::Finding;
use crate::input::{parse_iter, read_sources};
use crate::out::{eprint, print, trouble, Colors, Status};
use crate::setup::{schema_and_mapping, validation};
use crate::stream::JsonStream;

/// Version of the JSON document this command prints.
pub const JSON_VERSION: u32 = 1;

impl From<TargetArg> for Target {
    fn from(t: TargetArg) -> Target {
        match t {
            TargetArg::Mysql => Target::MySql,
            TargetArg::Postgres => Target::Postgres,
            TargetArg::Sqlite => Target::Sqlite,
        }
    }
}

/// A translation error as a finding, at the query text it is about (the module when the
/// problem is in the mapping). An unmapped module gets the list of mapped ones as help.
pub fn sql_finding(e: &SqlError, query: &Query<'_>, mapping: &Mapping) -> Finding {
    let message = e.to_string();
    let help = match e {
        SqlError::UnmappedModule { .. } => Some(format!(
            "the mapping has tables for {}",
            mapping
                .modules
                .keys()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    };
    let report = Report {
        severity: Severity::Error,
        code: e.code(),
        message: &message,
        span: e
            .span()
            .filter(|s| !s.is_empty())
            .unwrap_or(*query.module.span),
        label: String::new(),
        help: help.as_deref(),
    };
    Finding::from_report(&report, 0, "")
}

/// Validates and translates one parsed query: the SQL and the warnings, or the findings.
pub fn translate<'q>(
    q: &'q Query<'q>,
    schema: &'q Schema,
    mapping: &Mapping,
    vopts: &ValidateOptions,
    sopts: &SqlOptions,
) -> Result<(SqlQuery<'q>, Vec<Finding>), Vec<Finding>> {
    let v = q
        .validate(schema, vopts)
        .map_err(|d| d.iter().map(finding).collect::<Vec<_>>())?;
    let warnings = v.warnings().iter().map(finding).collect();
    let sql = v
        .to_sql(mapping, sopts)
        .map_err(|e| vec![sql_finding(&e, q, mapping)])?;
    Ok((sql, warnings))
}

/// A bound value as `{"type": ..., "value": ...}`.
pub fn param_json(p: &SqlValue<'_>) -> Json {
    let (ty, value) = match p {
        SqlValue::Null => ("null", Json::Null),
        SqlValue::Int(i) => ("integer", json!(i)),
        SqlValue::Float(f) => ("float", json!(f)),
        SqlValue::Text(s) => ("text", json!(s)),
        SqlValue::Date(s) => ("date", json!(s)),
        SqlValue::DateTime(s) => ("datetime", json!(s)),
        SqlValue::Time(s) => ("time", json!(s)),
        other => ("other", json!(other.to_string())),
    };
    json!({ "type": ty, "value": value })
}

pub fn run(args: &SqlArgs, colors: Colors) -> Status {
    let (schema, _, mapping) = match schema_and_mapping(&args.schema.paths, args.mapping.as_ref()) {
        Ok(x) => x,
        Err(msg) => return trouble(colors, &msg),
    };
    let vopts = match validation(&args.validate) {
        Ok(o) => o,
        Err(msg) => return trouble(colors, &msg),
    };
    let target: Target = args.target.into();
    let sopts = SqlOptions::new(target);
    let options = args.inputs.parse_options();
    let (sources, mut status) = read_sources(&args.inputs.files, &args.inputs.queries, colors);

    // Each query's SQL gets a `-- file:line:column` header when there are several.
    let many = sources.len() > 1
        || sources
            .first()
            .is_some_and(|s| vtql::parse::parse_many(&s.text, &options).nth(1).is_some());
    let mut stream = match args.format {
        SqlFormat::Json => Some(JsonStream::start(
            &[
                ("version", json!(JSON_VERSION)),
                ("target", json!(target.as_str())),
            ],
            "queries",
            print,
        )),
        SqlFormat::Text => None,
    };
    let mut diagnostics = Vec::new();
    for src in &sources {
        let index = LineIndex::new(&src.text);
        for (n, p) in parse_iter(&src.text, &options).enumerate() {
            let result = match &p.result {
                Ok(q) => translate(q, &schema, &mapping, &vopts, &sopts),
                Err(f) => Err(vec![f.clone()]),
            };
            let (sql, findings) = match result {
                Ok((sql, warnings)) => (Some(sql), warnings),
                Err(errors) => {
                    status.add(Status::Findings);
                    (None, errors)
                }
            };
            for f in &findings {
                match args.format {
                    SqlFormat::Text => {
                        eprint(&f.render_indexed(&index, &src.origin, colors.stderr))
                    }
                    SqlFormat::Json => diagnostics.push(f.to_json(&index, &src.origin)),
                }
            }
            let Some(sql) = sql else { continue };
            let at = index.line_col(p.result.as_ref().map_or(0, |q| q.span.lo()));
            match &mut stream {
                None => {
                    let mut text = String::new();
                    if many {
                        text.push_str(&format!("-- {}:{at}\n", terminal_safe(&src.origin)));
                    }
                    // Values and mapped names can hold control characters: escaped.
                    text.push_str(&terminal_safe(&sql.sql));
                    text.push_str(";\n");
                    let binds: Vec<String> = sql.params.iter().map(ToString::to_string).collect();
                    let binds = binds.join(", ");
                    text.push_str(&format!("-- binds: [{}]\n", terminal_safe(&binds)));
                    print(&text);
                }
                Some(stream) => stream.item(&json!({
                    "file": src.origin,
                    "index": n,
                    "line": at.line,
                    "column": at.column,
                    "sql": sql.sql,
                    "params": sql.params.iter().map(param_json).collect::<Vec<_>>(),
                })),
            }
        }
    }
    if let Some(stream) = stream {
        stream.finish(&[("diagnostics", Json::Array(diagnostics))]);
    }
    status
}
