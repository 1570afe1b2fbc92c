//! The command under hostile and large input: output that grows linearly with the
//! input (sizes N and 4N compared), terminal escapes shown escaped, byte-order marks,
//! and line endings kept by `fmt`.

use std::path::{Path, PathBuf};

mod common;
use common::vtql;

fn file(name: &str, text: &str) -> PathBuf {
    common::scratch_file("hostile", name, text)
}

/// Bytes printed on standard output by `vtql ARGS... PATH`.
fn stdout_bytes(args: &[&str], path: &Path) -> usize {
    vtql().args(args).arg(path).output().unwrap().stdout.len()
}

/// One line holding `n` erroneous statements (each a bare word where a value belongs).
fn one_line_of_errors(n: usize) -> String {
    "select * from Contacts where lastname = Smith;".repeat(n)
}

#[test]
fn check_output_grows_linearly_on_one_long_line() {
    let small = file("line-500.vtql", &one_line_of_errors(500));
    let large = file("line-2000.vtql", &one_line_of_errors(2000));
    let (a, b) = (
        stdout_bytes(&["check", "--all"], &small),
        stdout_bytes(&["check", "--all"], &large),
    );
    let ratio = b as f64 / a as f64;
    assert!((3.5..4.5).contains(&ratio), "{a} -> {b} bytes: {ratio:.2}x");
    // Each diagnostic is bounded whatever the line length...
    assert!(b < 2000 * 700, "{b} bytes for 2000 diagnostics");
    // ...and without `--all` a file prints 50 and says how many more there are.
    let out = vtql().args(["check"]).arg(&large).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("error[E0009]").count(), 50);
    assert!(
        text.contains("... and 1950 more findings in"),
        "{}",
        &text[text.len() - 200..]
    );
    // JSON stays complete.
    let out = vtql()
        .args(["check", "--format", "json"])
        .arg(&large)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 2000);
}

#[test]
fn sql_and_parse_output_grow_linearly_with_the_number_of_queries() {
    let query = "select firstname, lastname from Contacts where lastname like 'S%' limit 5;\n";
    let small = file("q-1000.vtql", &query.repeat(1000));
    let large = file("q-4000.vtql", &query.repeat(4000));
    for args in [
        &["sql", "--target", "sqlite"][..],
        &["sql", "--target", "mysql", "--format", "json"],
        &["parse"],
    ] {
        let (a, b) = (stdout_bytes(args, &small), stdout_bytes(args, &large));
        let ratio = b as f64 / a as f64;
        assert!(
            (3.9..4.1).contains(&ratio),
            "{args:?}: {a} -> {b} bytes: {ratio:.2}x"
        );
    }
    // The streamed JSON is one valid document with every query, positioned in the file.
    let out = vtql().args(["parse"]).arg(&large).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let queries = doc["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 4000);
    assert_eq!(queries[3999]["line"], 4000);
    assert_eq!(doc["version"], 1);
}

#[test]
fn terminal_escapes_in_queries_are_shown_escaped() {
    let q = "select * from Contacts where lastname = \u{1b}]0;owned\u{7} and x = '\u{1b}[2J';\n";
    let path = file("escape.vtql", q);
    for args in [
        &["check"][..],
        &["check", "--demo"],
        &["sql", "--target", "sqlite"],
    ] {
        let out = vtql().args(args).arg(&path).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}: raw control character in {text:?}"
            );
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("\\u{1b}]0;owned\\u{7}"), "{args:?}: {text}");
    }
    // The caret stays under the offending text: the bare word starts after the
    // escaped ESC (6 columns for `\u{1b}`).
    let out = vtql().args(["check"]).arg(&path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("1 | ")).unwrap();
    let caret = text.lines().find(|l| l.contains('^')).unwrap();
    let col = caret.find('^').unwrap();
    assert_eq!(&line[col..col + 6], "\\u{1b}", "{text}");
}

#[test]
fn a_byte_order_mark_is_skipped_and_kept_by_fmt() {
    let path = file("bom.vtql", "\u{feff}SELECT * FROM Contacts;\n");
    let out = vtql()
        .args(["check", "--demo"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = vtql().args(["fmt", "--write"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "\u{feff}select * from Contacts;\n"
    );
}

#[test]
fn fmt_keeps_lf_line_ends_when_a_value_holds_crlf() {
    let text = "select * from Contacts where lastname = 'a\r\nb';\nselect * from Leads;\n";
    let path = file("lf.vtql", text);
    let out = vtql().args(["fmt", "--check"]).arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = vtql().args(["fmt"]).arg(&path).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}
