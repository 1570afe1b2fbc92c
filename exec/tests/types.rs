//! Every column type a vtiger schema uses comes back as the database's own text, on
//! every engine: one row per type, with the exact expected text.

mod common;

use common::*;
use vtql_exec::{Database, Kind};

/// (column name, column type, SQL literal inserted, expected text or NULL, kind).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Kind,
);

fn check(engine: &str, db: &Database, table: &str, cases: &[Case]) {
    exec(db, &format!("DROP TABLE IF EXISTS {table}"));
    let columns: Vec<String> = cases.iter().map(|(c, t, ..)| format!("{c} {t}")).collect();
    exec(
        db,
        &format!("CREATE TABLE {table} ({})", columns.join(", ")),
    );
    let names: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let values: Vec<&str> = cases.iter().map(|c| c.2).collect();
    exec(
        db,
        &format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            values.join(", ")
        ),
    );
    let typed = db
        .query_typed(&sql(
            db.target(),
            &format!("SELECT {} FROM {table}", names.join(", ")),
        ))
        .unwrap_or_else(|e| panic!("{engine}: {e}"));
    assert_eq!(
        typed.rows.columns, names,
        "{engine}: column names from the statement"
    );
    let row = &typed.rows.rows[0];
    println!("{engine}:");
    for (i, (column, ty, _, expected, kind)) in cases.iter().enumerate() {
        println!("  {ty:<16} {:?}", row[i]);
        assert_eq!(row[i].as_deref(), *expected, "{engine}: {column} {ty}");
        assert_eq!(typed.kinds[i], *kind, "{engine}: kind of {column} {ty}");
    }
    exec(db, &format!("DROP TABLE {table}"));
}

#[test]
fn sqlite_types() {
    let db = open(&sqlite_file("types"));
    check(
        "sqlite",
        &db,
        "vtql_exec_types",
        &[
            ("i", "INTEGER", "42", Some("42"), Kind::Integer),
            (
                "b",
                "INTEGER",
                "9007199254740993",
                Some("9007199254740993"),
                Kind::Integer,
            ),
            ("flag", "INTEGER", "1", Some("1"), Kind::Integer),
            ("amount", "REAL", "1500", Some("1500.0"), Kind::Number),
            ("price", "REAL", "1500.5", Some("1500.5"), Kind::Number),
            ("dec", "NUMERIC", "1500.25", Some("1500.25"), Kind::Number),
            ("d", "TEXT", "'2020-11-17'", Some("2020-11-17"), Kind::Text),
            (
                "ts",
                "TEXT",
                "'2020-11-17 00:01:15'",
                Some("2020-11-17 00:01:15"),
                Kind::Text,
            ),
            ("t", "TEXT", "'13:45:07'", Some("13:45:07"), Kind::Text),
            ("v", "TEXT", "'Zürich'", Some("Zürich"), Kind::Text),
            (
                "x",
                "TEXT",
                "'O''Brien 東京'",
                Some("O'Brien 東京"),
                Kind::Text,
            ),
            ("n", "INTEGER", "NULL", None, Kind::Text),
        ],
    );
}

#[test]
fn postgres_types() {
    let Some(url) = pg_url() else { return };
    let db = open(&url);
    check(
        "postgres",
        &db,
        "vtql_exec_types",
        &[
            ("i", "INTEGER", "42", Some("42"), Kind::Integer),
            (
                "b",
                "BIGINT",
                "9007199254740993",
                Some("9007199254740993"),
                Kind::Integer,
            ),
            ("s", "SMALLINT", "-7", Some("-7"), Kind::Integer),
            ("flag", "BOOLEAN", "true", Some("1"), Kind::Integer),
            ("off", "BOOLEAN", "false", Some("0"), Kind::Integer),
            (
                "amount",
                "NUMERIC(25,8)",
                "1500",
                Some("1500.00000000"),
                Kind::Number,
            ),
            (
                "neg",
                "NUMERIC(25,8)",
                "-0.00000001",
                Some("-0.00000001"),
                Kind::Number,
            ),
            (
                "big",
                "NUMERIC(25,8)",
                "12345678901234567.12345678",
                Some("12345678901234567.12345678"),
                Kind::Number,
            ),
            ("free", "NUMERIC", "10000.5", Some("10000.5"), Kind::Number),
            (
                "dbl",
                "DOUBLE PRECISION",
                "1500.5",
                Some("1500.5"),
                Kind::Number,
            ),
            ("r", "REAL", "0.25", Some("0.25"), Kind::Number),
            ("d", "DATE", "'2020-11-17'", Some("2020-11-17"), Kind::Text),
            (
                "ts",
                "TIMESTAMP(0)",
                "'2020-11-17 00:01:15'",
                Some("2020-11-17 00:01:15"),
                Kind::Text,
            ),
            ("t", "TIME", "'13:45:07'", Some("13:45:07"), Kind::Text),
            ("v", "VARCHAR(100)", "'Zürich'", Some("Zürich"), Kind::Text),
            (
                "x",
                "TEXT",
                "'O''Brien 東京'",
                Some("O'Brien 東京"),
                Kind::Text,
            ),
            ("c", "CHAR(3)", "'ab'", Some("ab "), Kind::Text),
            ("n", "INTEGER", "NULL", None, Kind::Integer),
            ("nd", "NUMERIC(25,8)", "NULL", None, Kind::Number),
        ],
    );
}

#[test]
fn mariadb_types() {
    let Some(url) = mysql_url() else { return };
    let db = open(&url);
    check(
        "mariadb",
        &db,
        "vtql_exec_types",
        &[
            ("i", "INT", "42", Some("42"), Kind::Integer),
            (
                "b",
                "BIGINT",
                "9007199254740993",
                Some("9007199254740993"),
                Kind::Integer,
            ),
            ("s", "SMALLINT", "-7", Some("-7"), Kind::Integer),
            ("flag", "TINYINT(1)", "1", Some("1"), Kind::Integer),
            ("off", "BOOLEAN", "false", Some("0"), Kind::Integer),
            (
                "amount",
                "DECIMAL(25,8)",
                "1500",
                Some("1500.00000000"),
                Kind::Number,
            ),
            (
                "neg",
                "DECIMAL(25,8)",
                "-0.00000001",
                Some("-0.00000001"),
                Kind::Number,
            ),
            (
                "big",
                "DECIMAL(25,8)",
                "12345678901234567.12345678",
                Some("12345678901234567.12345678"),
                Kind::Number,
            ),
            ("dbl", "DOUBLE", "1500.5", Some("1500.5"), Kind::Number),
            ("d", "DATE", "'2020-11-17'", Some("2020-11-17"), Kind::Text),
            (
                "dt",
                "DATETIME",
                "'2020-11-17 00:01:15'",
                Some("2020-11-17 00:01:15"),
                Kind::Text,
            ),
            (
                "mid",
                "DATETIME",
                "'2020-11-17 00:00:00'",
                Some("2020-11-17 00:00:00"),
                Kind::Text,
            ),
            (
                "ts",
                "TIMESTAMP NULL",
                "'2020-11-17 00:01:15'",
                Some("2020-11-17 00:01:15"),
                Kind::Text,
            ),
            ("t", "TIME", "'13:45:07'", Some("13:45:07"), Kind::Text),
            ("v", "VARCHAR(100)", "'Zürich'", Some("Zürich"), Kind::Text),
            (
                "x",
                "TEXT",
                "'O''Brien 東京'",
                Some("O'Brien 東京"),
                Kind::Text,
            ),
            ("n", "INT", "NULL", None, Kind::Integer),
            ("nd", "DECIMAL(25,8)", "NULL", None, Kind::Number),
        ],
    );
}
