//! Integration tests of the `vtql` binary: every subcommand, every exit status, standard
//! input, several files, JSON output parsed back, colors and `NO_COLOR`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::vtql;

/// A fresh directory under the target dir for files a test writes.
fn tempdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn stdout_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

const MESSY: &str = "SELECT firstname,lastname FROM Contacts WHERE lastname='O''Brien;' AND mailingcity IN ('Oslo','Bergen') ORDER BY lastname DESC LIMIT 5;\n\n\nselect count(*) from Leads\n";
const TIDY: &str = "select firstname, lastname from Contacts where lastname = 'O''Brien;' and mailingcity in ('Oslo', 'Bergen') order by lastname desc limit 5;\nselect count(*) from Leads;\n";
/// Three queries; the second and third have syntax errors on lines 3 and 4.
const BROKEN: &str = "select * from Contacts;\n\nselect * from Contacts where lastname = Smith;\nselect * from Leads where a <> 'b';\n";

// ---------------------------------------------------------------- fmt

#[test]
fn fmt_prints_the_canonical_layout_from_stdin() {
    vtql()
        .arg("fmt")
        .write_stdin(MESSY)
        .assert()
        .success()
        .stdout(TIDY);
    vtql()
        .args(["fmt", "-"])
        .write_stdin(MESSY)
        .assert()
        .success()
        .stdout(TIDY);
}

#[test]
fn fmt_pretty_puts_clauses_on_lines() {
    vtql()
        .args(["fmt", "--pretty"])
        .write_stdin("select a,b from Leads where a='1' and b='2' order by a;select * from Leads;")
        .assert()
        .success()
        .stdout("select a, b\nfrom Leads\nwhere a = '1'\n  and b = '2'\norder by a;\n\nselect *\nfrom Leads;\n");
}

#[test]
fn fmt_check_exits_1_only_when_a_file_would_change() {
    let dir = tempdir("fmt_check");
    let tidy = write(&dir, "tidy.vtql", TIDY);
    let messy = write(&dir, "messy.vtql", MESSY);
    vtql()
        .args(["fmt", "--check"])
        .arg(&tidy)
        .assert()
        .code(0)
        .stdout("");
    vtql()
        .args(["fmt", "--check"])
        .arg(&tidy)
        .arg(&messy)
        .assert()
        .code(1)
        .stdout(format!("would reformat {}\n", messy.display()));
    // Nothing was written.
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);
}

#[test]
fn fmt_diff_shows_a_unified_diff() {
    let dir = tempdir("fmt_diff");
    let f = write(
        &dir,
        "q.vtql",
        "select * from Leads;\nSELECT a FROM Leads\n",
    );
    let origin = f.display().to_string();
    vtql()
        .args(["fmt", "--diff"])
        .arg(&f)
        .assert()
        .code(1)
        .stdout(format!(
            "--- {origin}\n+++ {origin} (formatted)\n@@ -1,2 +1,2 @@\n select * from Leads;\n-SELECT a FROM Leads\n+select a from Leads;\n"
        ));
    vtql()
        .args(["fmt", "--diff", "-"])
        .write_stdin(TIDY)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fmt_write_rewrites_files_in_place() {
    let dir = tempdir("fmt_write");
    let a = write(&dir, "a.vtql", MESSY);
    let b = write(&dir, "b.vtql", TIDY);
    vtql()
        .args(["fmt", "--write"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), TIDY);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), TIDY);
    // Standard input cannot be rewritten.
    vtql()
        .args(["fmt", "--write", "-"])
        .write_stdin(TIDY)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`--write` needs files"));
}

#[test]
fn fmt_reports_syntax_errors_and_leaves_the_file_alone() {
    let dir = tempdir("fmt_err");
    let f = write(&dir, "broken.vtql", BROKEN);
    let origin = f.display().to_string();
    vtql()
        .args(["fmt", "--write"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("--> {origin}:3:41")))
        .stderr(predicate::str::contains(format!("--> {origin}:4:29")));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), BROKEN);
}

#[test]
fn fmt_dialect_vtiger_requires_the_semicolon() {
    vtql()
        .args(["fmt"])
        .write_stdin("select * from Leads")
        .assert()
        .success();
    vtql()
        .args(["fmt", "--dialect", "vtiger"])
        .write_stdin("select * from Leads")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0025]"));
}

// ---------------------------------------------------------------- parse

#[test]
fn parse_json_is_versioned_and_positions_are_in_the_file() {
    let text = "select * from Contacts;\n  select firstname from Leads where lastname = 'x';\n";
    let doc = stdout_json(vtql().args(["parse", "--format", "json"]).write_stdin(text));
    assert_eq!(doc["version"], 1);
    let queries = doc["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 2);
    assert_eq!(queries[1]["file"], "<stdin>");
    assert_eq!(queries[1]["index"], 1);
    assert_eq!(
        (queries[1]["line"].as_u64(), queries[1]["column"].as_u64()),
        (Some(2), Some(3))
    );
    let ast = &queries[1]["ast"];
    assert_eq!(ast["module"]["name"], "Leads");
    // Spans count bytes of the whole input.
    assert_eq!(ast["module"]["span"]["start"], text.find("Leads").unwrap());
    assert_eq!(ast["span"]["start"], text.find("select firstname").unwrap());
    assert_eq!(ast["where_clause"]["first"]["column"]["name"], "lastname");
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn parse_json_carries_errors_and_exits_1() {
    let mut cmd = vtql();
    cmd.args(["parse"]).write_stdin(BROKEN);
    let doc = stdout_json(&mut cmd);
    assert_eq!(doc["queries"].as_array().unwrap().len(), 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    let codes: Vec<_> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["E0009", "E0015"]);
    assert_eq!(diags[1]["span"]["line"], 4);
    vtql().arg("parse").write_stdin(BROKEN).assert().code(1);
}

#[test]
fn parse_debug_prints_the_tree() {
    vtql()
        .args(["parse", "--format", "debug"])
        .write_stdin("select * from Leads;")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "// <stdin>:1:1 (query 0)\nQuery {\n",
        ))
        .stdout(predicate::str::contains("name: \"Leads\""));
}

// ---------------------------------------------------------------- check

#[test]
fn check_reports_every_query_at_its_file_position() {
    let dir = tempdir("check_files");
    let good = write(&dir, "good.vtql", TIDY);
    let bad = write(&dir, "bad.vtql", BROKEN);
    let origin = bad.display().to_string();
    vtql()
        .arg("check")
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "error[E0009]: bare word `Smith` is not a value\n --> {origin}:3:41\n  |\n3 | select * from Contacts where lastname = Smith;\n  |                                         ^^^^^ values must be quoted\n"
        )))
        .stdout(predicate::str::contains(format!(" --> {origin}:4:29\n")))
        .stderr(predicate::str::contains("checked 5 queries in 2 files: 2 errors"));
    vtql().arg("check").arg(&good).assert().code(0);
}

#[test]
fn check_json_is_a_versioned_document() {
    let mut cmd = vtql();
    cmd.args(["check", "--format", "json", "-"])
        .write_stdin(BROKEN);
    let doc = stdout_json(&mut cmd);
    assert_eq!(doc["version"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["file"], "<stdin>");
    assert_eq!(d["code"], "E0009");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "bare word `Smith` is not a value");
    assert_eq!(d["webservice_code"], "QUERY_SYNTAX_ERROR");
    assert_eq!(d["help"], "write it in single quotes: 'Smith'");
    let span = &d["span"];
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    assert_eq!(&BROKEN[start..end], "Smith");
    assert_eq!(
        (span["line"].as_u64(), span["column"].as_u64()),
        (Some(3), Some(41))
    );
    assert_eq!(doc["summary"]["queries"], 3);
    assert_eq!(doc["summary"]["errors"], 2);
    vtql()
        .args(["check", "--format", "json"])
        .write_stdin(BROKEN)
        .assert()
        .code(1);
}

#[test]
fn check_github_prints_workflow_commands() {
    vtql()
        .args(["check", "--format", "github"])
        .write_stdin(BROKEN)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=<stdin>,line=3,col=41,endLine=3,endColumn=46,title=E0009::bare word `Smith` is not a value: values must be quoted%0Ahelp: write it in single quotes: 'Smith'\n::error file=<stdin>,line=4,col=29,",
        ));
}

#[test]
fn semicolons_inside_strings_do_not_split_queries() {
    let doc = stdout_json(vtql().args(["parse"]).write_stdin(
        "select * from Leads where a = 'x;y' or b = 'it''s;';\nselect * from Leads where c = 'z';",
    ));
    let qs = doc["queries"].as_array().unwrap();
    assert_eq!(qs.len(), 2);
    assert_eq!(
        qs[0]["ast"]["where_clause"]["first"]["operand"]["value"]["literal"]["string"],
        "x;y"
    );
}

// ---------------------------------------------------------------- colors

#[test]
fn colors_follow_the_flag_and_the_environment() {
    let has_escape = predicate::str::contains("\x1b[");
    // Not a terminal: no color by default.
    vtql()
        .arg("check")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone().not());
    vtql()
        .args(["--color", "always", "check"])
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone());
    // The flag overrides NO_COLOR.
    vtql()
        .args(["check", "--color", "always"])
        .env("NO_COLOR", "1")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone());
    vtql()
        .arg("check")
        .env("CLICOLOR_FORCE", "1")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone());
    // NO_COLOR wins over CLICOLOR_FORCE in `auto`; an empty NO_COLOR does not count.
    vtql()
        .arg("check")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone().not())
        .stderr(has_escape.clone().not());
    vtql()
        .arg("check")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.clone());
    vtql()
        .args(["--color", "never", "check"])
        .env("CLICOLOR_FORCE", "1")
        .write_stdin(BROKEN)
        .assert()
        .stdout(has_escape.not());
}

// ---------------------------------------------------------------- explain, completions

#[test]
fn explain_prints_the_explanation_of_a_code() {
    vtql()
        .args(["explain", "E0015"])
        .assert()
        .success()
        .stdout(predicate::str::contains("<>"));
    vtql().args(["explain", "e0009"]).assert().success();
    vtql()
        .args(["explain", "E9999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no explanation for `E9999`"));
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_vtql()"),
        ("zsh", "#compdef vtql"),
        ("fish", "complete -c vtql"),
        ("elvish", "vtql"),
        ("powershell", "vtql"),
    ] {
        vtql()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("explain"));
    }
    vtql().args(["completions", "tcsh"]).assert().code(2);
}

// ---------------------------------------------------------------- usage and I/O errors

#[test]
fn usage_and_io_errors_exit_2_without_a_panic() {
    let no_panic = || predicate::str::contains("panicked").not();
    vtql()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage"));
    vtql().arg("frobnicate").assert().code(2);
    vtql().args(["check", "--format", "xml"]).assert().code(2);
    vtql()
        .args(["check", "/definitely/not/here.vtql"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read `/definitely/not/here.vtql`: No such file or directory",
        ))
        .stderr(no_panic());
    // A directory, and a file that is not UTF-8.
    let dir = tempdir("io_errors");
    vtql()
        .args(["fmt"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(no_panic());
    let latin1 = dir.join("latin1.vtql");
    std::fs::write(&latin1, b"select * from Leads where a = '\xe9';").unwrap();
    vtql()
        .args(["check"])
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not UTF-8 text"));
    vtql().args(["check", "-", "-"]).assert().code(2);
    // An I/O error wins over findings in the other files.
    vtql()
        .args(["check", "-", "/definitely/not/here.vtql"])
        .write_stdin(BROKEN)
        .assert()
        .code(2);
}

#[test]
fn help_and_version_exit_0() {
    vtql()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("fmt"));
    vtql()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("vtql "));
    vtql()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--deny"));
}

#[test]
fn empty_input_is_an_empty_query() {
    vtql()
        .arg("check")
        .write_stdin("  \n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[E0001]"));
    // `fmt` leaves a blank file blank.
    vtql()
        .arg("fmt")
        .write_stdin("\n")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Many queries, output read by nobody: the process must end quietly.
    let text = "select * from Leads;\n".repeat(20_000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vtql"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.code().is_none(),
        "{:?}",
        out.status
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
