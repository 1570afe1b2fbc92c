//! `describe`, `query` and `retrieve`: what a logged-in user may read.

use serde_json::{Map, Value};
use vtql::ast::SelectList;
use vtql::sql::{SqlError, SqlOptions};
use vtql::validate::ValidateOptions;
use vtql::{LineCol, ParseOptions, Query};

use crate::encode;
use crate::envelope::{self, Failure};
use crate::service::{Ctx, Params};

/// `describe` of `elementType` (exact case, as the real server matches it).
pub(crate) fn describe(ctx: &Ctx<'_>, params: &Params<'_>) -> Result<Value, Failure> {
    let name = params.url("elementType").unwrap_or_default();
    let Some(module) = ctx.schema.module(name) else {
        return Err(denied_for_name(name));
    };
    if !ctx.schema.is_described(name) {
        return Err(Failure::of(envelope::ACCESS_DENIED));
    }
    Ok(crate::describe::describe(module))
}

fn denied_for_name(name: &str) -> Failure {
    Failure::new(
        envelope::ACCESS_DENIED,
        format!("Permission to perform the operation is denied for name : {name}"),
    )
}

/// `query`: parse, validate against the user's schema, translate, run, encode.
pub(crate) fn query(ctx: &Ctx<'_>, params: &Params<'_>) -> Result<Value, Failure> {
    // The real server reads the query from the URL only: a query sent in a POST body
    // (or none) is this answer.
    let Some(text) = params.url("query") else {
        return Err(Failure::new(
            envelope::ACCESS_DENIED,
            "Permission to perform the operation is denied for query",
        ));
    };
    let rows = run(ctx, text, ctx.config.row_cap)?;
    Ok(Value::Array(rows))
}

/// Runs one query for the user and encodes its records.
fn run(ctx: &Ctx<'_>, text: &str, row_cap: u64) -> Result<Vec<Value>, Failure> {
    let options = ParseOptions::default().dialect(ctx.config.dialect);
    let q = Query::parse_with(text, &options).map_err(|e| {
        Failure::new(
            e.webservice_code(),
            format!("{} ({} at {}:{})", e.message, e.code(), e.line, e.column),
        )
    })?;
    let vopts = ValidateOptions::new()
        .row_cap(row_cap)
        .precedence(ctx.config.precedence);
    let v = q.validate(ctx.schema, &vopts).map_err(|d| {
        let first = d.errors().next();
        match first {
            Some(e) => {
                let at = LineCol::of(text, e.span.lo());
                Failure::new(
                    ws_code(e.webservice_code),
                    format!("{} ({} at {at})", e.message, e.code),
                )
            }
            None => Failure::of(envelope::INTERNAL_SERVER_ERROR),
        }
    })?;
    let sopts = SqlOptions::new(ctx.backend.target());
    let sql = v
        .to_sql(&ctx.config.mapping, &sopts)
        .map_err(|e| translate_failure(&e))?;
    let rows = ctx.backend.query(&sql).map_err(|e| {
        ctx.note(&e.to_string());
        Failure::of(envelope::DATABASE_QUERY_ERROR)
    })?;
    if q.is_count() {
        let count = rows
            .rows
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .unwrap_or_else(|| "0".to_owned());
        let mut record = Map::new();
        record.insert("count".into(), Value::from(count));
        return Ok(vec![Value::Object(record)]);
    }
    let star = matches!(q.select, SelectList::All(_));
    encode::records(ctx, v.module(), rows, star)
}

/// The web-service code of a validation error (every error carries one).
fn ws_code(code: &'static str) -> &'static str {
    if code.is_empty() {
        envelope::QUERY_SYNTAX_ERROR
    } else {
        code
    }
}

/// A translation failure: a module or field the server's mapping has no table for is
/// not readable (ACCESS_DENIED, like the real server's answer for a module it cannot
/// query); anything else is a query the engines cannot run.
fn translate_failure(e: &SqlError) -> Failure {
    let code = match e {
        SqlError::UnmappedModule { .. } | SqlError::UnmappedField { .. } => envelope::ACCESS_DENIED,
        _ => envelope::QUERY_SYNTAX_ERROR,
    };
    Failure::new(code, format!("{e} ({})", e.code()))
}

/// `retrieve` of a record by web-service id: every field the user sees in describe
/// order, then `id`, then `label`.
pub(crate) fn retrieve(ctx: &Ctx<'_>, params: &Params<'_>) -> Result<Value, Failure> {
    let id = params.url("id").unwrap_or_default();
    let Some((prefix, number)) = id
        .split_once('x')
        .and_then(|(p, n)| Some((p.parse::<u32>().ok()?, n.parse::<u64>().ok()?)))
    else {
        return Err(Failure::of(envelope::INVALID_ID_ATTRIBUTE));
    };
    let Some(module) = ctx.schema.module_by_prefix(prefix) else {
        return Err(Failure::new(
            envelope::ACCESS_DENIED,
            "Permission to perform the operation is denied for id",
        ));
    };
    if !ctx.schema.is_described(&module.name) || !module.retrieveable {
        return Err(Failure::of(envelope::ACCESS_DENIED));
    }
    let text = format!(
        "select * from {} where id = '{prefix}x{number}';",
        module.name
    );
    let mut rows = run(ctx, &text, 1)?;
    let Some(Value::Object(mut record)) = rows.pop() else {
        // A live record of another module: the id's prefix is wrong. Missing or deleted:
        // the real server's answer for both is ACCESS_DENIED.
        if encode::module_of(ctx, number, &module.name)?.is_some() {
            return Err(Failure::of(envelope::INVALID_ID_ATTRIBUTE));
        }
        return Err(Failure::of(envelope::ACCESS_DENIED));
    };
    let label: Vec<&str> = module
        .label_fields
        .iter()
        .filter_map(|f| record.get(f)?.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let label = label.join(" ");
    record.insert("label".into(), Value::from(label));
    Ok(Value::Object(record))
}
