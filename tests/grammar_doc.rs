//! `grammar.md` must describe what the parser does: every row of its error table (§7) is
//! parsed here with the dialect or limit the row names, and must fail with the row's code
//! and web-service code; every `ErrorKind` must have a row.

use vtql::{Dialect, ErrorKind, Limits, ParseOptions, Query};

const GRAMMAR: &str = include_str!("../grammar.md");

/// One row of the error table.
struct Row<'a> {
    code: &'a str,
    kind: &'a str,
    webservice: &'a str,
    options: &'a str,
    example: String,
}

fn error_rows() -> Vec<Row<'static>> {
    GRAMMAR
        .lines()
        .filter(|l| l.starts_with("| `E0"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            assert!(cells.len() >= 6, "malformed error row: {line}");
            let example = match cells[4] {
                "*(empty)*" => String::new(),
                cell => cell
                    .strip_prefix('`')
                    .and_then(|c| c.strip_suffix('`'))
                    .unwrap_or_else(|| panic!("example not in backticks: {line}"))
                    .to_owned(),
            };
            Row {
                code: cells[0].trim_start_matches("| ").trim_matches('`'),
                kind: cells[1],
                webservice: cells[2],
                options: cells[3],
                example,
            }
        })
        .collect()
}

fn options(spec: &str) -> ParseOptions {
    let base = ParseOptions::default();
    if spec == "documented" {
        return base;
    }
    if spec == "vtiger" {
        return base.dialect(Dialect::Vtiger);
    }
    let (name, n) = spec
        .split_once(" = ")
        .unwrap_or_else(|| panic!("unknown dialect or limit `{spec}`"));
    let n: usize = n.parse().expect("limit value");
    let limits = Limits::default();
    base.limits(match name {
        "max_query_bytes" => limits.with_max_query_bytes(n),
        "max_conditions" => limits.with_max_conditions(n),
        "max_list_values" => limits.with_max_list_values(n),
        "max_select_columns" => limits.with_max_select_columns(n),
        "max_values" => limits.with_max_values(n),
        other => panic!("unknown limit `{other}`"),
    })
}

#[test]
fn every_error_kind_has_a_row() {
    let rows = error_rows();
    let codes: Vec<&str> = rows.iter().map(|r| r.code).collect();
    let expected: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(
        codes, expected,
        "grammar.md §7 must list ErrorKind::ALL in order"
    );
}

#[test]
fn every_row_is_what_the_parser_says() {
    for row in error_rows() {
        let err = Query::parse_with(&row.example, &options(row.options))
            .expect_err(&format!("{}: `{}` must not parse", row.code, row.example));
        assert_eq!(err.code(), row.code, "`{}`: {err:?}", row.example);
        assert_eq!(format!("{:?}", err.kind), row.kind, "{}", row.code);
        assert_eq!(err.webservice_code(), row.webservice, "{}", row.code);
    }
}

#[test]
fn the_worked_examples_of_the_canonical_form_hold() {
    let src = "SeLeCt firstname,lastname FROM Contacts WHERE lastname='O''Brien' or id=12x34 \
               ORDERBY lastname DESC LIMIT 5,10";
    let printed = "select firstname, lastname from Contacts where lastname = 'O''Brien' or \
                   id = 12x34 order by lastname desc limit 5, 10;";
    assert!(GRAMMAR.contains(src) && GRAMMAR.contains(printed));
    assert_eq!(Query::parse(src).unwrap().to_string(), printed);
}
