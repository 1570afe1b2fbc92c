//! Loading what `check`, `sql` and `run` need besides the queries: the schema, the
//! mapping and the validation options.

use std::path::PathBuf;

use vtql::report::Severity;
use vtql::sql::Mapping;
use vtql::validate::ValidateOptions;
use vtql::{Precedence, Schema};

use crate::args::ValidateArgs;
use crate::input::io_message;

/// Where the schema came from (for messages and the JSON summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaSource {
    /// The demo CRM's schema, compiled in.
    Demo,
    /// `--schema` files or directories.
    Paths(Vec<PathBuf>),
}

impl SchemaSource {
    pub fn json(&self) -> serde_json::Value {
        match self {
            SchemaSource::Demo => "demo".into(),
            SchemaSource::Paths(p) => p.iter().map(|p| p.display().to_string()).collect(),
        }
    }
}

/// Loads every `--schema` path into one schema; `None` when none is given.
pub fn load_schema(paths: &[PathBuf]) -> Result<Option<Schema>, String> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut schema = Schema::new();
    for p in paths {
        schema
            .add_path(p)
            .map_err(|e| format!("cannot load the schema: {e}"))?;
    }
    if schema.is_empty() {
        return Err(format!(
            "no module found in the schema {}",
            paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(Some(schema))
}

/// The schema and mapping of `sql` and `run`: `--schema` (else the demo's), and
/// `--mapping` (else the demo's mapping with the demo schema, or the conventional mapping
/// derived from a `--schema`).
pub fn schema_and_mapping(
    schema_paths: &[PathBuf],
    mapping: Option<&PathBuf>,
) -> Result<(Schema, SchemaSource, Mapping), String> {
    let (schema, source) = match load_schema(schema_paths)? {
        Some(s) => (s, SchemaSource::Paths(schema_paths.to_vec())),
        None => (vtql::demo::schema(), SchemaSource::Demo),
    };
    let mapping = match mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "cannot read the mapping `{}`: {}",
                    path.display(),
                    io_message(&e)
                )
            })?;
            Mapping::from_json_str(&text)
                .map_err(|e| format!("invalid mapping `{}`: {e}", path.display()))?
        }
        None if source == SchemaSource::Demo => vtql::demo::mapping(),
        None => Mapping::from_schema(&schema),
    };
    Ok((schema, source, mapping))
}

/// Validation options from the flags of [`ValidateArgs`] (`--precedence`, `--row-cap`,
/// `--module-case-insensitive`, `--allow`); an `--allow` that names no warning is a
/// usage error.
pub fn validation(args: &ValidateArgs) -> Result<ValidateOptions, String> {
    Ok(validate_options(args.precedence.into(), &args.allow)?
        .row_cap(args.row_cap)
        .module_case_insensitive(args.module_case_insensitive))
}

/// Validation options from `--precedence` and `--allow`; an `--allow` that names no
/// warning is a usage error.
pub fn validate_options(
    precedence: Precedence,
    allow: &[String],
) -> Result<ValidateOptions, String> {
    let mut opts = ValidateOptions::default().precedence(precedence);
    for code in allow {
        match vtql::validate::codes::lookup(code) {
            Some(c) if c.severity == Severity::Warning => opts = opts.allow(code),
            Some(c) => {
                return Err(format!(
                    "`--allow {code}`: {} is an error; only warnings can be allowed",
                    c.code
                ))
            }
            None => {
                return Err(format!(
                    "`--allow {code}`: unknown code (see `vtql explain CODE`)"
                ))
            }
        }
    }
    Ok(opts)
}
