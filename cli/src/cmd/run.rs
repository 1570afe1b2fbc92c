//! `vtql run`: validate, translate and execute queries, on the embedded demo CRM (an
//! in-memory SQLite database built from `vtql::demo` at start, about 2,000 records) or on
//! a `--db` URL.

use vtql::sql::{SqlOptions, Target};
use vtql::ParseOptions;
use vtql_exec::Database;

use crate::args::{RunArgs, RunFormat};
use crate::cmd::sql::translate;
use crate::db;
use crate::input::{parse_all, read_stdin, Source, STDIN};
use crate::out::{eprint, print, trouble, Colors, Status};
use crate::setup::{schema_and_mapping, validate_options};
use crate::table::{json_row, render_csv, render_table, ResultSet};

/// Version of the JSON document this command prints.
pub const JSON_VERSION: u32 = 1;

/// The name diagnostics give to a query passed as an argument.
pub const ARGUMENT: &str = "<query>";

pub fn run(args: &RunArgs, colors: Colors) -> Status {
    let source = match args.query.as_deref() {
        None | Some("-") => match read_stdin() {
            Ok(text) => Source::new(STDIN, text),
            Err(msg) => return trouble(colors, &msg),
        },
        Some(q) => Source::new(ARGUMENT, q),
    };
    let (schema, _, mapping) = match schema_and_mapping(&args.schema.paths, args.mapping.as_ref()) {
        Ok(x) => x,
        Err(msg) => return trouble(colors, &msg),
    };
    let vopts = match validate_options(args.precedence.into(), &[]) {
        Ok(o) => o,
        Err(msg) => return trouble(colors, &msg),
    };
    let options = ParseOptions::default().dialect(args.dialect.into());

    // Check and translate every query before touching a database.
    let parsed = parse_all(&source.text, &options);
    let mut status = Status::Ok;
    let target = match &args.db {
        Some(url) => match vtql_exec::target_of(url) {
            Ok(t) => t,
            Err(e) => return trouble(colors, &e.to_string()),
        },
        None => Target::Sqlite,
    };
    let sopts = SqlOptions::new(target).precedence(args.precedence.into());
    let mut translated = Vec::new();
    for p in &parsed {
        let result = match &p.result {
            Ok(q) => translate(q, &schema, &mapping, &vopts, &sopts),
            Err(f) => Err(vec![f.clone()]),
        };
        match result {
            Ok((sql, warnings)) => {
                for w in &warnings {
                    eprint(&w.render(&source.text, &source.origin, colors.stderr));
                }
                translated.push((p, sql));
            }
            Err(findings) => {
                status.add(Status::Findings);
                for f in &findings {
                    eprint(&f.render(&source.text, &source.origin, colors.stderr));
                }
            }
        }
    }
    if status != Status::Ok {
        return status;
    }
    let opened = match &args.db {
        Some(url) => Database::open(url, &db::options()).map_err(|e| e.to_string()),
        None => Database::demo(&db::options())
            .map_err(|e| format!("cannot create the demo database: {e}")),
    };
    let database = match opened {
        Ok(database) => database,
        Err(msg) => return trouble(colors, &msg),
    };

    let mut results: Vec<(String, ResultSet)> = Vec::new();
    for (p, sql) in &translated {
        match database.query_typed(sql) {
            Ok(rows) => {
                let text = p.result.as_ref().map(|q| q.to_string()).unwrap_or_default();
                results.push((text, db::result_set(rows)));
            }
            Err(e) => {
                status.add(trouble(colors, &e.to_string()));
            }
        }
    }
    let out = match args.format {
        RunFormat::Table => results
            .iter()
            .map(|(_, rs)| render_table(rs))
            .collect::<Vec<_>>()
            .join("\n"),
        RunFormat::Csv => results
            .iter()
            .map(|(_, rs)| render_csv(rs))
            .collect::<Vec<_>>()
            .join("\n"),
        RunFormat::Json => json_document(&results),
    };
    print(&out);
    status
}

/// `{"version":1,"results":[{"query":...,"columns":[...],"rows":[{...}]}]}`, pretty, one
/// row per line.
fn json_document(results: &[(String, ResultSet)]) -> String {
    let mut out = format!("{{\n  \"version\": {JSON_VERSION},\n  \"results\": [");
    for (i, (query, rs)) in results.iter().enumerate() {
        out.push_str(if i > 0 { ",\n    {\n" } else { "\n    {\n" });
        out.push_str(&format!(
            "      \"query\": {},\n      \"columns\": {},\n      \"rows\": [",
            serde_json::Value::String(query.clone()),
            serde_json::to_string(&rs.columns).unwrap_or_default()
        ));
        for (j, row) in rs.rows.iter().enumerate() {
            out.push_str(if j > 0 { ",\n        " } else { "\n        " });
            out.push_str(&json_row(&rs.columns, row));
        }
        out.push_str(if rs.rows.is_empty() {
            "]\n    }"
        } else {
            "\n      ]\n    }"
        });
    }
    out.push_str(if results.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn json_document_parses_back() {
        let rs = ResultSet {
            columns: vec!["a".into(), "b".into()],
            rows: vec![
                vec![Cell::Int(1), Cell::Text("x\"y".into())],
                vec![Cell::Null, Cell::Float(1.5)],
            ],
        };
        let empty = ResultSet {
            columns: vec!["count".into()],
            rows: vec![],
        };
        for results in [
            vec![],
            vec![("q1;".to_owned(), rs.clone())],
            vec![("q1;".to_owned(), rs), ("q2;".to_owned(), empty)],
        ] {
            let text = json_document(&results);
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(v["version"], 1);
            assert_eq!(v["results"].as_array().unwrap().len(), results.len());
        }
    }
}
