//! The library's settings from the command line (parse limits, validation options),
//! inline query text (`-e`), the hint for a query given as a file name, the "no schema"
//! note, and `explain` for every code the library can emit.

use std::path::PathBuf;

use predicates::prelude::*;

mod common;
use common::vtql;

fn file(name: &str, text: &str) -> PathBuf {
    common::scratch_file("options", name, text)
}

/// A query of more than 1 MiB (the default limit): refused by default, processed by
/// every file-reading command with `--max-query-bytes`, and by `--no-limits`.
#[test]
fn a_query_over_one_mib_is_processed_with_a_flag() {
    let query = format!(
        "select * from Contacts where lastname = '{}';\n",
        "x".repeat(1_100_000)
    );
    let big = file("big.vtql", &query);
    vtql()
        .args(["check", "--demo"])
        .arg(&big)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[E0101]"))
        .stdout(predicate::str::contains("--max-query-bytes BYTES"));
    for args in [
        &["check", "--demo", "--max-query-bytes", "2000000"][..],
        &["parse", "--max-query-bytes", "2000000"],
        &["fmt", "--check", "--max-query-bytes", "2000000"],
        &[
            "sql",
            "--target",
            "postgres",
            "--max-query-bytes",
            "2000000",
        ],
        &["sql", "--target", "mysql", "--no-limits"],
    ] {
        vtql().args(args).arg(&big).assert().success();
    }
}

#[test]
fn every_limit_has_a_flag() {
    let ids: Vec<String> = (1..=12).map(|i| format!("'12x{i}'")).collect();
    let list = format!("select * from Contacts where id in ({});", ids.join(", "));
    let cases = [
        ("--max-list-values", "E0103", list.clone()),
        ("--max-values", "E0105", list),
        (
            "--max-conditions",
            "E0102",
            "select * from Contacts where lastname = 'a' or lastname = 'b' or lastname = 'c';"
                .to_owned(),
        ),
        (
            "--max-select-columns",
            "E0104",
            "select firstname, lastname, email from Contacts;".to_owned(),
        ),
    ];
    for (flag, code, query) in cases {
        vtql()
            .args(["check", "-e", &query, flag, "2"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(format!("error[{code}]")))
            .stdout(predicate::str::contains(flag));
        vtql()
            .args(["check", "-e", &query, flag, "100"])
            .assert()
            .success();
    }
}

#[test]
fn validation_options_have_flags() {
    // Row cap: W0310 above it, not below; `sql` caps the rows at it.
    let q = "select * from Contacts order by id limit 150;";
    vtql()
        .args(["check", "--demo", "-e", q])
        .assert()
        .stdout(predicate::str::contains("warning[W0310]"));
    vtql()
        .args(["check", "--demo", "--row-cap", "200", "-e", q])
        .assert()
        .stdout(predicate::str::contains("W0310").not());
    vtql()
        .args(["sql", "--target", "sqlite", "--row-cap", "200", "-e", q])
        .assert()
        .success()
        .stdout(predicate::str::contains("-- binds: [150, 0]"));
    vtql()
        .args(["sql", "--target", "sqlite", "-e", q])
        .assert()
        .stdout(predicate::str::contains("-- binds: [100, 0]"));
    // Module names ignoring case: W0307 instead of E0201.
    let lower = "select * from contacts;";
    vtql()
        .args(["check", "--demo", "-e", lower])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[E0201]"));
    vtql()
        .args(["check", "--demo", "--module-case-insensitive", "-e", lower])
        .assert()
        .success()
        .stdout(predicate::str::contains("warning[W0307]"));
    vtql()
        .args([
            "sql",
            "--target",
            "sqlite",
            "--module-case-insensitive",
            "-e",
            lower,
        ])
        .assert()
        .success();
    // Allow, on sql too.
    vtql()
        .args(["sql", "--target", "sqlite", "--allow", "W0310", "-e", q])
        .assert()
        .success()
        .stderr(predicate::str::contains("W0310").not());
    vtql()
        .args(["sql", "--target", "sqlite", "--allow", "E0201", "-e", q])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only warnings can be allowed"));
}

#[test]
fn inline_queries_on_every_file_command() {
    let q = "SELECT lastname FROM Contacts;";
    vtql()
        .args(["fmt", "-e", q])
        .assert()
        .success()
        .stdout("select lastname from Contacts;\n");
    vtql()
        .args(["parse", "--query", q])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"file\": \"<query>\""));
    vtql()
        .args([
            "sql",
            "--target",
            "mysql",
            "-e",
            q,
            "-e",
            "select * from Leads;",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("-- <query 2>:1:1"));
    vtql()
        .args(["check", "-e", "select * from Contacts where x = y;"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--> <query>:1:34"));
    // Inline text and files together; standard input is not read.
    let f = file("one.vtql", "select * from Leads;\n");
    vtql()
        .args(["check", "-e", q])
        .arg(&f)
        .write_stdin("not read")
        .assert()
        .success()
        .stderr(predicate::str::contains("checked 2 queries in 2 files"));
    vtql()
        .args(["fmt", "--write", "-e", q])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`--query` text cannot be rewritten",
        ));
}

#[test]
fn a_query_given_as_a_file_name_gets_a_hint() {
    for cmd in ["check", "parse", "fmt"] {
        vtql()
            .args([cmd, "select * from Contacts;"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "cannot read `select * from Contacts;`",
            ))
            .stderr(predicate::str::contains("-e 'select ...'"));
    }
    vtql()
        .args(["sql", "--target", "sqlite", "Select lastname from Contacts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks like query text"));
    // A missing file that does not look like a query gets no hint.
    vtql()
        .args(["check", "missing.vtql"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks like query text").not());
}

#[test]
fn the_no_schema_note_follows_checked_queries_only() {
    vtql()
        .args(["check", "no-such-file.vtql"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no schema").not());
    let f = file("ok.vtql", "select * from Contacts;\n");
    vtql()
        .arg("check")
        .arg(&f)
        .arg("no-such-file.vtql")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no schema").not());
    vtql()
        .arg("check")
        .arg(&f)
        .assert()
        .success()
        .stderr(predicate::str::contains("no schema"));
}

/// `explain` knows every code the library emits: parse, validation, translation (S)
/// and builder (B) codes.
#[test]
fn explain_covers_every_code() {
    for code in vtql::validate::codes::all().map(|c| c.code) {
        vtql()
            .args(["explain", code])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!("{code} (")))
            .stdout(predicate::str::contains("Example"));
    }
    vtql()
        .args(["explain", "s0001"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--mapping"));
    vtql()
        .args(["explain", "E0101"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--max-query-bytes"));
}

/// S0001's example, run by the command: the demo schema describes Potentials, the demo
/// mapping has no table for it.
#[test]
fn a_translation_code_is_printed_and_explained() {
    vtql()
        .args([
            "sql",
            "--target",
            "sqlite",
            "-e",
            "select * from Potentials;",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[S0001]"));
}

/// `run` takes query text: a file name gets the way to run a file.
#[test]
fn run_says_how_to_run_a_file() {
    let f = file("runme.vtql", "select lastname from Contacts limit 1;\n");
    vtql()
        .arg("run")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`run` takes query text, not a file name",
        ))
        .stderr(predicate::str::contains("vtql run - < "));
    vtql()
        .args(["run", "runme.vtql"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("vtql run - < runme.vtql"));
    // The way it gives works.
    vtql()
        .args(["run", "-"])
        .pipe_stdin(&f)
        .unwrap()
        .assert()
        .success();
}

/// `--schema` describes the database of `--db`; without `--db` the rule is said up front.
#[test]
fn run_schema_needs_db() {
    let describe = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/describe");
    vtql()
        .args(["run", "--schema", describe, "select * from Contacts;"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`--schema` needs `--db`"))
        .stderr(predicate::str::contains("no such table").not());
}

/// CSV holds one table: several queries are refused before any runs, one query prints
/// plain CSV.
#[test]
fn run_csv_takes_one_query() {
    vtql()
        .args([
            "run",
            "--format",
            "csv",
            "select lastname from Contacts limit 1; select lastname from Leads limit 1;",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("holds 2 queries"));
    let out = vtql()
        .args([
            "run",
            "--format",
            "csv",
            "select lastname from Contacts order by id limit 3;",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(!text.contains("\n\n"), "{text}");
}

/// `run` has the limit and validation flags too.
#[test]
fn run_has_the_shared_flags() {
    let q = "select lastname from Contacts order by id limit 150;";
    let rows = |args: &[&str]| {
        let out = vtql()
            .args(["run", "--format", "json"])
            .args(args)
            .arg(q)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["results"][0]["rows"].as_array().unwrap().len()
    };
    assert_eq!(rows(&[]), 100);
    assert_eq!(rows(&["--row-cap", "200"]), 150);
    vtql()
        .args(["run", "--max-query-bytes", "10", q])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0101]"));
    vtql()
        .args([
            "run",
            "--module-case-insensitive",
            "select count(*) from contacts;",
        ])
        .assert()
        .success();
}
