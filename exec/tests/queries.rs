//! Translated queries on real vtiger column types (DECIMAL, DATE, DATETIME, TINYINT)
//! give the records vtql's evaluator gives, on every engine, with every parameter bound
//! typed; and the longest where chain vtql's limits allow runs everywhere.

mod common;

use common::*;
use vtql::eval::Outcome;
use vtql::sql::SqlOptions;
use vtql::validate::ValidateOptions;
use vtql::{ParseOptions, Query};
use vtql_exec::{Database, Options};

/// What a query gives: the ids in order, or the count.
#[derive(Debug, PartialEq)]
enum Answer {
    Ids(Vec<i64>),
    Count(u64),
}

fn expected(text: &str) -> Answer {
    let schema = vtql::demo::schema();
    let data = vtql::demo::dataset();
    let q = Query::parse_with(text, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let v = q
        .validate(&schema, &ValidateOptions::default())
        .unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let live: Vec<_> = data.live(v.module().name.as_str()).cloned().collect();
    match v
        .evaluate(&live, &vtql::eval::EvalOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
    {
        Outcome::Rows(rows) => Answer::Ids(rows.iter().map(|r| r.id).collect()),
        Outcome::Count(n) => Answer::Count(n),
    }
}

fn actual(db: &Database, text: &str) -> Answer {
    let schema = vtql::demo::schema();
    let mapping = vtql::demo::mapping();
    let q = Query::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let v = q
        .validate(&schema, &ValidateOptions::default())
        .unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let sql = v
        .to_sql(&mapping, &SqlOptions::new(db.target()))
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = db
        .query(&sql)
        .unwrap_or_else(|e| panic!("{}: {text}: {e}", db.target()));
    let numbers = |column: &str| -> Vec<i64> {
        let i = rows.columns.iter().position(|c| c == column).unwrap();
        rows.rows
            .iter()
            .map(|r| r[i].as_deref().unwrap().parse().unwrap())
            .collect()
    };
    if q.is_count() {
        Answer::Count(numbers("count")[0] as u64)
    } else {
        Answer::Ids(numbers("id"))
    }
}

/// The demo CRM on every configured engine.
fn engines() -> Vec<Database> {
    let mut out = vec![Database::demo(&Options::default()).unwrap_or_else(|e| panic!("{e}"))];
    for (_, url) in servers() {
        let db = open(&url);
        ensure_demo(&db);
        out.push(db);
    }
    out
}

const TYPED: &[&str] = &[
    // currency: DECIMAL(25,8) / NUMERIC(25,8); the number binds to NUMERIC on PostgreSQL.
    "select id from Contacts where cf_851 > 100;",
    "select id from Contacts where cf_851 > '100.5' order by cf_851 desc;",
    "select count(*) from Contacts where cf_851 >= 0;",
    "select id from Accounts where annual_revenue >= '30000.5' order by annual_revenue;",
    "select count(*) from Contacts where cf_863 <= '50.25';",
    // integers
    "select id from Accounts where employees > 100;",
    "select count(*) from Contacts where cf_857 < 10;",
    // dates and date-times
    "select id from Contacts where birthday > '1980-01-01' order by birthday;",
    "select id from Contacts where createdtime >= '2020-01-01 00:00:00';",
    "select count(*) from Contacts where createdtime < '2021-06-30';",
    "select id from Contacts where cf_861 > '2020-01-01' order by cf_861 desc;",
    "select id from Accounts where cf_871 = '2019-06-24' or cf_871 < '2010-01-01';",
    // booleans: TINYINT(1) / SMALLINT
    "select id from Contacts where donotcall = 1;",
    "select count(*) from Contacts where emailoptout = 0;",
    "select id from Accounts where starred = 1 or notify_owner = 1;",
];

#[test]
fn typed_columns_agree_with_the_evaluator() {
    let engines = engines();
    for text in TYPED {
        let want = expected(text);
        if let Answer::Ids(ids) = &want {
            assert!(!ids.is_empty(), "{text} matches nothing: a weak test");
        }
        for db in &engines {
            assert_eq!(actual(db, text), want, "{}: {text}", db.target());
        }
    }
}

/// A chain of `n` conditions joined by `op`.
fn chain(op: &str, n: usize) -> String {
    let conditions: Vec<String> = (0..n).map(|i| format!("cf_857 = {i}")).collect();
    format!(
        "select count(*) from Contacts where {};",
        conditions.join(&format!(" {op} "))
    )
}

#[test]
fn the_longest_chain_runs_everywhere() {
    let n = vtql::Limits::default().max_conditions;
    let engines = engines();
    for text in [chain("or", n), chain("or", 997), chain("and", n)] {
        let want = expected(&text);
        for db in &engines {
            assert_eq!(actual(db, &text), want, "{}: {} conditions", db.target(), n);
        }
    }
}

/// Conditions that are true, false or NULL (birthday and cf_861 are missing on some
/// records) for different records.
const ATOMS: &[&str] = &[
    "donotcall = 1",
    "emailoptout = 0",
    "lastname like 'S%'",
    "cf_851 > 100",
    "cf_851 <= '2500.5'",
    "birthday > '1980-01-01'",
    "cf_861 < '2021-01-01'",
    "cf_857 < 5",
    "firstname != 'Anna'",
    "createdtime >= '2020-06-01'",
];

/// A chain of `n` conditions whose connectives alternate in runs of 1 to 3, from `seed`.
fn alternating(n: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut text = String::from("select count(*) from Contacts where ");
    let mut op = "and";
    let mut left_in_run = 1;
    for i in 0..n {
        if i > 0 {
            if left_in_run == 0 {
                op = if op == "and" { "or" } else { "and" };
                left_in_run = 1 + next() % 3;
            }
            left_in_run -= 1;
            text.push_str(&format!(" {op} "));
        }
        text.push_str(ATOMS[next() % ATOMS.len()]);
    }
    text.push(';');
    text
}

#[test]
fn long_alternating_chains_agree_with_the_evaluator() {
    let max = vtql::Limits::default().max_conditions;
    let engines = engines();
    let mut nonzero = 0;
    for (n, seed) in [
        (150, 1),
        (400, 2),
        (1_500, 3),
        (max, 4),
        (max, 5),
        (300, 6),
        (3_000, 7),
    ] {
        let text = alternating(n, seed);
        let want = expected(&text);
        if want != Answer::Count(0) {
            nonzero += 1;
        }
        for db in &engines {
            assert_eq!(
                actual(db, &text),
                want,
                "{}: {n} conditions, seed {seed}",
                db.target()
            );
        }
    }
    assert!(nonzero >= 3, "too few chains match anything: a weak test");
    // Rows and an order by after the chain: the columns after it are still right.
    let text = alternating(500, 8)
        .replace("select count(*)", "select id, lastname")
        .replace(';', " order by lastname desc limit 40;");
    let want = expected(&text);
    assert!(
        matches!(&want, Answer::Ids(ids) if ids.len() > 5),
        "{want:?}"
    );
    for db in &engines {
        assert_eq!(actual(db, &text), want, "{}: ordered rows", db.target());
    }
}
