//! `vtql run`: validate, translate and execute queries, on the embedded demo CRM (an
//! in-memory SQLite database built from `vtql::demo` at start, about 2,000 records) or on
//! a `--db` URL.

use std::path::Path;

use vtql::sql::{SqlOptions, Target};
use vtql::ParseOptions;
use vtql_exec::Database;

use crate::args::{RunArgs, RunFormat};
use crate::cmd::sql::translate;
use crate::db;
use crate::input::{parse_all, read_stdin, Source, STDIN};
use crate::out::{eprint, print, trouble, Colors, Status};
use crate::setup::{schema_and_mapping, validation};
use crate::table::{json_row, render_csv, render_table, ResultSet};

/// Version of the JSON document this command prints.
pub const JSON_VERSION: u32 = 1;

/// The name diagnostics give to a query passed as an argument.
pub const ARGUMENT: &str = "<query>";

/// Whether the argument is a file name rather than query text: one word that names a
/// file, or that ends like one (`runme.vtql`). Query text always holds a space.
fn looks_like_file(arg: &str) -> bool {
    let arg = arg.trim();
    if arg.is_empty() || arg.contains(char::is_whitespace) {
        return false;
    }
    Path::new(arg).is_file()
        || Path::new(arg).extension().is_some_and(|e| {
            !e.is_empty()
                && e.to_string_lossy()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
        })
}

/// The usage rules of `run` that its flags cannot say alone; the message of the first
/// one broken.
fn usage_error(args: &RunArgs) -> Option<String> {
    if let Some(q) = args.query.as_deref().filter(|q| looks_like_file(q)) {
        let shown = vtql::report::terminal_safe(q);
        return Some(format!(
            "`run` takes query text, not a file name: to run the queries of `{shown}`, \
             give them on standard input: `vtql run - < {shown}`"
        ));
    }
    if !args.schema.paths.is_empty() && args.db.is_none() {
        return Some(
            "`--schema` needs `--db`: without `--db`, run executes on the embedded demo CRM, \
             which holds only the demo schema's tables; give the database the schema describes \
             (`--db URL`), or leave `--schema` out (`vtql sql --schema ...` prints the SQL \
             without a database)"
                .to_owned(),
        );
    }
    None
}

pub fn run(args: &RunArgs, colors: Colors) -> Status {
    if let Some(msg) = usage_error(args) {
        return trouble(colors, &msg);
    }
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
    let vopts = match validation(&args.validate) {
        Ok(o) => o,
        Err(msg) => return trouble(colors, &msg),
    };
    let options = ParseOptions::default()
        .dialect(args.dialect.into())
        .limits(args.limits.limits());

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
    let sopts = SqlOptions::new(target);
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
    // CSV holds one table: results separated by blank lines would not be CSV.
    if args.format == RunFormat::Csv && translated.len() > 1 {
        return trouble(
            colors,
            &format!(
                "`--format csv` prints one table, and the input holds {} queries: run them \
                 one at a time, or use `--format json` (or `table`) for several",
                translated.len()
            ),
        );
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

    // Ids, references and owners as the web service writes them (`12x954`), so that
    // what `run` shows can be fed back into a query.
    let ws = vtql_service::Config::new(
        vtql_service::users::Directory::demo(schema.clone(), ""),
        mapping.clone(),
    );
    let mut results: Vec<(String, ResultSet)> = Vec::new();
    for (p, sql) in &translated {
        let rows = database.query_typed(sql).map_err(|e| e.to_string());
        let rows = rows.and_then(|mut rows| match &p.result {
            Ok(q) if !q.is_count() => {
                let module = q.module.name.as_ref();
                let rewritten =
                    vtql_service::web_service_ids(&ws, &database, &schema, module, &mut rows.rows)
                        .map_err(|f| f.message)?;
                db::mark_text(&mut rows, &rewritten);
                Ok(rows)
            }
            _ => Ok(rows),
        });
        match rows {
            Ok(rows) => {
                let text = p.result.as_ref().map(|q| q.to_string()).unwrap_or_default();
                results.push((text, db::result_set(rows)));
            }
            Err(e) => status.add(trouble(colors, &e)),
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
            .collect::<String>(),
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
    fn file_names_are_told_from_query_text() {
        assert!(looks_like_file("runme.vtql"));
        assert!(looks_like_file("queries.sql"));
        assert!(!looks_like_file("select * from Contacts;"));
        assert!(!looks_like_file("select*from Contacts;"));
        assert!(!looks_like_file("-"));
        assert!(!looks_like_file(""));
        assert!(!looks_like_file("Contacts;"));
    }

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
