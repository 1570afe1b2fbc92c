//! Integration tests of `check` with schemas, `sql`, and `run` on the embedded demo
//! database and, when `VTQL_PG_URL` / `VTQL_MYSQL_URL` are set, on PostgreSQL and
//! MariaDB loaded with the same demo data.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::vtql;

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "status {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(cmd: &mut Command) -> Value {
    let text = stdout_of(cmd);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

const README_QUERY: &str =
    "select firstname, lastname, email from Contacts where lastname like 'S%' order by lastname limit 5;";

// ---------------------------------------------------------------- run (embedded)

#[test]
fn readme_query_prints_a_table_of_five_contacts() {
    let out = stdout_of(vtql().args(["run", README_QUERY]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("firstname"), "{out}");
    assert!(
        lines[0].contains("| lastname") && lines[0].contains("| email"),
        "{out}"
    );
    assert!(lines[1].chars().all(|c| c == '-' || c == '+'), "{out}");
    assert_eq!(lines.len(), 2 + 5 + 1, "{out}");
    assert_eq!(lines[7], "(5 rows)");
    for row in &lines[2..7] {
        let lastname = row.split(" | ").nth(1).unwrap().trim();
        assert!(lastname.to_lowercase().starts_with('s'), "{row}");
    }
}

#[test]
fn run_json_rows_match_the_query() {
    let doc = json_of(vtql().args(["run", "--format", "json", README_QUERY]));
    assert_eq!(doc["version"], 1);
    let result = &doc["results"][0];
    assert_eq!(result["query"], README_QUERY);
    let columns: Vec<&str> = result["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(&columns[..3], ["firstname", "lastname", "email"]);
    let rows = result["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let names: Vec<String> = rows
        .iter()
        .map(|r| r["lastname"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(names.iter().all(|n| n.starts_with('s')), "{names:?}");
}

#[test]
fn count_matches_the_demo_dataset() {
    let data = vtql::demo::dataset();
    for module in ["Contacts", "Leads", "Accounts", "HelpDesk"] {
        let doc = json_of(
            vtql()
                .args(["run", "--format", "json"])
                .arg(format!("select count(*) from {module};")),
        );
        let rows = doc["results"][0]["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1);
        let count = rows[0]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_u64()
            .unwrap();
        assert_eq!(count as usize, data.live(module).count(), "{module}");
    }
}

#[test]
fn run_csv_has_a_header_and_one_line_per_row() {
    let out = stdout_of(vtql().args(["run", "--format", "csv", README_QUERY]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("firstname,lastname,email"), "{out}");
    assert_eq!(lines.len(), 6, "{out}");
}

#[test]
fn run_reads_several_queries_from_stdin() {
    let out = stdout_of(
        vtql()
            .args(["run", "-"])
            .write_stdin("select count(*) from Leads;\nselect lastname from Contacts limit 2;\n"),
    );
    assert_eq!(out.matches("(1 row)").count(), 1, "{out}");
    assert_eq!(out.matches("(2 rows)").count(), 1, "{out}");
}

#[test]
fn run_reports_errors_at_their_position_and_runs_nothing() {
    vtql()
        .args([
            "run",
            "select lastname from Contacts;\nselect emial from Contacts;",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[E0204]"))
        .stderr(predicate::str::contains(" --> <query>:2:8"))
        .stderr(predicate::str::contains("did you mean `email`?"));
    vtql()
        .args(["run", "select * from Contacts where lastname = Smith;"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0009]"));
    vtql()
        .args(["run"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0001]"));
}

#[test]
fn run_with_a_bad_database_exits_2() {
    vtql()
        .args([
            "run",
            "--db",
            "sqlite:/definitely/not/here.db",
            README_QUERY,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot open SQLite database"));
    vtql()
        .args([
            "run",
            "--db",
            "oracle://scott:tiger@localhost/x",
            README_QUERY,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unsupported database URL"))
        .stderr(predicate::str::contains("tiger").not());
    vtql()
        .args([
            "run",
            "--mapping",
            "/definitely/not/here.json",
            README_QUERY,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the mapping"));
}

/// The count of `query` by vtql's evaluator over the demo data.
fn evaluator_count(query: &str) -> u64 {
    use vtql::eval::Outcome;
    let schema = vtql::demo::schema();
    let data = vtql::demo::dataset();
    let q = vtql::Query::parse(query).unwrap();
    let v = q.validate(&schema, &Default::default()).unwrap();
    let live: Vec<_> = data.live(v.module().name.as_str()).cloned().collect();
    match v.evaluate(&live, &Default::default()).unwrap() {
        Outcome::Count(n) => n,
        Outcome::Rows(_) => panic!("not a count"),
    }
}

#[test]
fn run_folds_case_as_the_evaluator_does() {
    // The demo has the surname `Ξένος`, with a final sigma `ς`. The evaluator folds
    // `Σ` to `σ` character by character, so `ΞΈΝΟΣ` does not equal it while `ξένος`
    // does; SQLite's lower() must fold the same way (`str::to_lowercase` would turn the
    // word-final `Σ` into `ς` and match).
    for (value, matches) in [("ΞΈΝΟΣ", false), ("ξένος", true), ("ΞΈΝΟς", true)] {
        let query = format!("select count(*) from Contacts where lastname = '{value}';");
        let expected = evaluator_count(&query);
        assert_eq!(expected > 0, matches, "{value}: the evaluator");
        let v = json_of(vtql().args(["run", "--format", "json", &query]));
        assert_eq!(
            v["results"][0]["rows"][0]["count"].as_u64(),
            Some(expected),
            "{value}"
        );
    }
}

#[test]
fn run_on_a_sqlite_file() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("run_sqlite_file");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db");
    load_demo_into(&format!("sqlite-rw:{}", path.display()));
    let embedded = json_of(vtql().args(["run", "--format", "json", README_QUERY]));
    let file = json_of(
        vtql()
            .args(["run", "--format", "json", "--db"])
            .arg(format!("sqlite:{}", path.display()))
            .arg(README_QUERY),
    );
    assert_eq!(embedded, file);
}

// ---------------------------------------------------------------- sql

#[test]
fn sql_prints_the_statement_and_its_binds() {
    for (target, placeholder) in [("postgres", "$1"), ("mysql", "?"), ("sqlite", "?")] {
        let out = stdout_of(
            vtql()
                .args(["sql", "--target", target, "-"])
                .write_stdin(README_QUERY),
        );
        assert!(out.starts_with("SELECT "), "{out}");
        assert!(out.contains(placeholder), "{target}: {out}");
        assert!(
            out.contains("\n-- binds: [\"s%\"") || out.contains("\n-- binds: [\"S%\""),
            "{out}"
        );
        assert!(
            !out.contains("'S%'"),
            "values are bound, never inlined: {out}"
        );
    }
}

#[test]
fn sql_json_is_versioned() {
    let doc = json_of(
        vtql()
            .args(["sql", "--target", "postgres", "--format", "json"])
            .write_stdin("select * from Leads;\nselect lastname from Contacts where id = '12x7';"),
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["target"], "postgres");
    let qs = doc["queries"].as_array().unwrap();
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[1]["line"], 2);
    let params = qs[1]["params"].as_array().unwrap();
    assert!(
        params.contains(&serde_json::json!({"type": "integer", "value": 7})),
        "{params:?}"
    );
}

#[test]
fn sql_reports_validation_errors() {
    vtql()
        .args(["sql", "--target", "mysql"])
        .write_stdin("select lastnam from Contacts;")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[E0204]"));
    vtql()
        .args(["sql"])
        .write_stdin(README_QUERY)
        .assert()
        .code(2);
}

// ---------------------------------------------------------------- check with a schema

#[test]
fn check_demo_finds_unknown_fields_with_suggestions() {
    vtql()
        .args(["check", "--demo"])
        .write_stdin("select emial from Contacts;")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[E0204]"))
        .stdout(predicate::str::contains("did you mean `email`?"))
        .stderr(predicate::str::contains("not checked").not());
}

#[test]
fn check_schema_directory_and_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/describe");
    vtql()
        .args(["check", "--schema", dir])
        .write_stdin(README_QUERY)
        .assert()
        .code(0);
    vtql()
        .args(["check", "--schema", dir])
        .write_stdin("select * from Contact;")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[E0201]"));
    vtql()
        .args(["check", "--schema", "/definitely/not/here"])
        .write_stdin(README_QUERY)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot load the schema"));
    vtql()
        .args(["check", "--schema", dir, "--demo"])
        .write_stdin(README_QUERY)
        .assert()
        .code(2);
}

#[test]
fn warnings_deny_and_allow() {
    let q = "select * from Contacts where lastname like '%son';";
    vtql()
        .args(["check", "--demo"])
        .write_stdin(q)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[W0308]"));
    vtql()
        .args(["check", "--demo", "--deny", "warnings"])
        .write_stdin(q)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(warnings denied)"));
    vtql()
        .args(["check", "--demo", "--deny", "warnings", "--allow", "W0308"])
        .write_stdin(q)
        .assert()
        .code(0)
        .stdout("");
    vtql()
        .args([
            "check",
            "--demo",
            "--allow",
            "leading-wildcard",
            "--format",
            "json",
        ])
        .write_stdin(q)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"diagnostics\": []"));
    vtql()
        .args(["check", "--allow", "E0204"])
        .write_stdin(q)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only warnings can be allowed"));
    vtql()
        .args(["check", "--allow", "W9999"])
        .write_stdin(q)
        .assert()
        .code(2);
}

#[test]
fn check_without_schema_runs_the_schema_free_lints() {
    vtql()
        .args(["check", "--format", "json"])
        .write_stdin("select * from NoSuchModule where a = '1' or b = '2' and c = '3';")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"code\": \"W0301\""))
        .stdout(predicate::str::contains("E0201").not())
        .stdout(predicate::str::contains("\"schema\": null"));
    vtql()
        .args(["check"])
        .write_stdin("select * from NoSuchModule;")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "note: modules, fields and values were not checked",
        ));
}

// ---------------------------------------------------------------- real servers

/// Loads the demo CRM into the database at `url` (`sqlite-rw:PATH` opens a file for
/// writing) with the same statements the embedded database is built from.
fn load_demo_into(url: &str) {
    let data = vtql::demo::dataset();
    let url = match url.strip_prefix("sqlite-rw:") {
        Some(path) => {
            // An empty file is an empty SQLite database.
            std::fs::File::create(path).unwrap();
            format!("sqlite:{path}")
        }
        None => url.to_owned(),
    };
    let db = vtql_exec::Database::open(&url, &vtql_exec::Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let statements = vtql::demo::setup_sql(db.target(), &data);
    db.execute_all(&statements)
        .unwrap_or_else(|e| panic!("loading the demo data: {e}"));
}

/// Queries whose results must be the same on every engine.
const SAME_EVERYWHERE: &[&str] = &[
    README_QUERY,
    "select count(*) from Contacts;",
    "select count(*) from Leads where leadsource = 'Web Site' or annualrevenue > 1000;",
    "select * from Accounts order by accountname desc limit 10, 5;",
    "select lastname, firstname from Contacts where lastname like '%''%' order by lastname;",
    "select ticket_title, ticketstatus from HelpDesk where ticketstatus in ('Open', 'Closed') order by id limit 20;",
];

fn compare_with_embedded(url_var: &str) {
    let Ok(url) = std::env::var(url_var) else {
        println!("skipped: {url_var} is not set (`.ci/run` starts the server and sets it)");
        return;
    };
    load_demo_into(&url);
    for q in SAME_EVERYWHERE {
        let embedded = json_of(vtql().args(["run", "--format", "json", q]));
        let server = json_of(vtql().args(["run", "--format", "json", "--db", &url, q]));
        assert_eq!(server, embedded, "{url_var}: {q}");
        let rows = embedded["results"][0]["rows"].as_array().unwrap().len();
        assert!(rows > 0, "{q} returns no row: a weak comparison");
    }
    // A table, and errors that stop before the server is asked.
    let out = stdout_of(vtql().args(["run", "--db", &url, README_QUERY]));
    assert!(out.ends_with("(5 rows)\n"), "{out}");
    vtql()
        .args(["run", "--db", &url, "select emial from Contacts;"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0204]"));
}

#[test]
fn run_on_postgresql_matches_the_embedded_database() {
    compare_with_embedded("VTQL_PG_URL");
}

#[test]
fn run_on_mariadb_matches_the_embedded_database() {
    compare_with_embedded("VTQL_MYSQL_URL");
}

// ---------------------------------------------------------------- README

/// The README's `cargo run --release -- run "..."` commands print what the README shows.
#[test]
fn readme_samples_match_the_real_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let prefix = "cargo run --release -- run \"";
    let mut checked = 0;
    let mut rest = readme.as_str();
    while let Some(i) = rest.find(prefix) {
        let after = &rest[i + prefix.len()..];
        let query = &after[..after.find("\"\n").expect("command ends the line")];
        // The sample: the lines after the command up to the closing fence; when the
        // command is in its own `sh` block, the next `text` block.
        let tail = &after[query.len() + 2..];
        let tail = match tail.strip_prefix("```\n") {
            Some(t) => &t[t.find("```text\n").unwrap() + 8..],
            None => tail,
        };
        let expected = &tail[..tail.find("```").unwrap()];
        let out = vtql().args(["run", query]).output().unwrap();
        let shown = if out.status.success() {
            out.stdout
        } else {
            out.stderr
        };
        assert_eq!(
            String::from_utf8_lossy(&shown).trim_end(),
            expected.trim_end(),
            "{query}"
        );
        checked += 1;
        rest = after;
    }
    assert!(checked >= 2, "the README shows a run and a diagnostic");
}

// ---------------------------------------------------------------- schema and mapping files

#[test]
fn sql_with_mapping_and_schema_files() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sql_mapping");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mapping = dir.join("mapping.json");
    std::fs::write(&mapping, vtql::demo::mapping().to_json_string()).unwrap();
    let q = "select lastname from Contacts where lastname = 'x';";
    let default = stdout_of(vtql().args(["sql", "--target", "sqlite"]).write_stdin(q));
    let from_file = stdout_of(
        vtql()
            .args(["sql", "--target", "sqlite", "--mapping"])
            .arg(&mapping)
            .write_stdin(q),
    );
    assert_eq!(default, from_file);
    assert!(default.contains("\"vtiger_contactdetails\""), "{default}");
    // A schema without a mapping: tables and columns named after modules and fields.
    let describe = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/describe");
    let conventional = stdout_of(
        vtql()
            .args(["sql", "--target", "sqlite", "--schema", describe])
            .write_stdin(q),
    );
    assert!(conventional.contains("FROM \"Contacts\""), "{conventional}");
    // A broken mapping file is a configuration error.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"modules\": 5}").unwrap();
    vtql()
        .args(["sql", "--target", "sqlite", "--mapping"])
        .arg(&broken)
        .write_stdin(q)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid mapping"));
}

#[test]
fn modules_without_tables_are_reported_with_the_mapped_ones() {
    vtql()
        .args(["run", "select * from Potentials;"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "error[S0001]: module `Potentials` has no table in the mapping",
        ))
        .stderr(predicate::str::contains(
            "help: the mapping has tables for `Accounts`, `Contacts`, `HelpDesk`, `Leads`",
        ));
}

#[test]
fn unreachable_servers_exit_2_without_the_password() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    for url in [
        "postgres://u:hunter2@127.0.0.1:9/db",
        "mysql://u:hunter2@127.0.0.1:9/db",
    ] {
        vtql()
            .args(["run", "--db", url, README_QUERY])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot connect"))
            .stderr(predicate::str::contains("u:***@127.0.0.1:9"))
            .stderr(predicate::str::contains("hunter2").not());
    }
    // A query error is reported before any connection is tried.
    vtql()
        .args([
            "run",
            "--db",
            "postgres://u:p@127.0.0.1:9/db",
            "select emial from Contacts;",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0204]"))
        .stderr(predicate::str::contains("cannot connect").not());
}

/// `run` shows ids, references and owners as the web service writes them, so that an
/// id it prints can be fed back into a query (it used to show the bare number, which
/// the validator then refused with E0206).
#[test]
fn shown_ids_can_be_fed_back() {
    let out = vtql()
        .args([
            "run",
            "--format",
            "json",
            "select lastname, account_id, assigned_user_id from Contacts limit 1;",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &doc["results"][0]["rows"][0];
    let id = row["id"].as_str().unwrap();
    assert!(id.starts_with("12x"), "{row}");
    assert!(
        row["account_id"].as_str().unwrap().starts_with("11x"),
        "{row}"
    );
    let owner = row["assigned_user_id"].as_str().unwrap();
    assert!(
        owner.starts_with("19x") || owner.starts_with("20x"),
        "{row}"
    );
    let again = vtql()
        .args([
            "run",
            "--format",
            "json",
            &format!("select lastname from Contacts where id = '{id}';"),
        ])
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let doc2: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(doc2["results"][0]["rows"][0]["lastname"], row["lastname"]);
    assert_eq!(doc2["results"][0]["rows"][0]["id"], id);
}
