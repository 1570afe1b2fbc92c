//! Differential tests of the SQL backend on real engines: generated queries over the demo
//! CRM must return the same ids (or count) on SQLite, PostgreSQL and MariaDB as the
//! in-memory evaluator, under both precedence rules and both case rules; hostile values
//! must neither change the statement nor touch a canary table.
//!
//! SQLite always runs. PostgreSQL and MariaDB run when `VTQL_PG_URL` / `VTQL_MYSQL_URL`
//! are set (`.ci/databases.sh start; eval "$(.ci/databases.sh env)"`); `.ci/run` sets them.

mod sql_support;

use sql_support::{engines, quote, random_query, Demo, Engine, Rng, Rows};
use vtql::eval::evaluate;
use vtql::sql::{to_sql, SqlOptions, SqlQuery};
use vtql::{validate, Precedence, Query, ValidateOptions};

thread_local! {
    /// Time spent in the evaluator and in each engine.
    static TIMES: std::cell::RefCell<[std::time::Duration; 4]> = Default::default();
    /// Evaluations, and how many of them had rows (or a non-zero count).
    static NON_EMPTY: std::cell::Cell<(usize, usize)> = Default::default();
}

/// Generated queries that must validate and run.
const QUERIES: usize = 1_200;

fn check(
    engines: &mut [Box<dyn Engine>],
    demo: &Demo,
    text: &str,
    options: &SqlOptions,
    ran: &mut [usize],
    failures: &mut Vec<String>,
) -> bool {
    let q = match Query::parse(text) {
        Ok(q) => q,
        Err(_) => return false,
    };
    let Ok(v) = validate(&q, &demo.schema, &ValidateOptions::default()) else {
        return false;
    };
    let module = v.module().name.as_str();
    let t0 = std::time::Instant::now();
    let expected = match evaluate(&v, demo.live(module), options) {
        Ok(outcome) => Rows::of(&outcome),
        Err(e) => {
            failures.push(format!("{text}\n  evaluator error: {e}"));
            return true;
        }
    };
    TIMES.with(|t| t.borrow_mut()[0] += t0.elapsed());
    let non_empty =
        !matches!(expected, Rows::Ids(ref ids) if ids.is_empty()) && expected != Rows::Count(0);
    NON_EMPTY.with(|n| {
        let (all, some) = n.get();
        n.set((all + 1, some + usize::from(non_empty)));
    });
    for (i, engine) in engines.iter_mut().enumerate() {
        let t0 = std::time::Instant::now();
        let sql = match to_sql(&v, &demo.mapping, &options.target(engine.target())) {
            Ok(sql) => sql,
            Err(e) => {
                failures.push(format!("{text}\n  to_sql error: {e}"));
                continue;
            }
        };
        if let Err(e) = engine.set_case_sensitive_like(options.case_sensitive) {
            failures.push(format!("pragma: {e}"));
        }
        match engine.fetch(&sql, q.is_count()) {
            Ok(got) if got == expected => ran[i] += 1,
            Ok(got) => failures.push(format!(
                "{text}\n  options: {options:?}\n  {}: {sql}\n  got      {got:?}\n  expected {expected:?}",
                engine.name()
            )),
            Err(e) => failures.push(format!("{text}\n  {}: {sql}\n  error: {e}", engine.name())),
        }
        TIMES.with(|t| t.borrow_mut()[i + 1] += t0.elapsed());
    }
    true
}

fn canary(engine: &mut dyn Engine) -> SqlQuery<'static> {
    SqlQuery {
        sql: "SELECT id FROM vtql_canary".to_owned(),
        params: vec![],
        target: engine.target(),
    }
}

fn create_canary(engine: &mut dyn Engine) {
    for sql in [
        "DROP TABLE IF EXISTS vtql_canary",
        "CREATE TABLE vtql_canary (id BIGINT)",
        "INSERT INTO vtql_canary VALUES (1)",
    ] {
        let q = SqlQuery {
            sql: sql.to_owned(),
            params: vec![],
            target: engine.target(),
        };
        engine.exec(&q).expect("canary setup");
    }
}

#[test]
fn generated_queries_agree_on_every_engine() {
    let _db = sql_support::lock_databases();
    let demo = Demo::new();
    let mut engines = engines(&demo);
    let mut ran = vec![0usize; engines.len()];
    let mut failures = Vec::new();
    let mut rng = Rng(0x00D1_FFE2_E27A_1000);
    let (mut valid, mut tried) = (0usize, 0usize);
    while valid < QUERIES && tried < QUERIES * 4 {
        tried += 1;
        let text = random_query(&mut rng, &demo);
        let mut any = false;
        for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
            let options = SqlOptions::default().precedence(precedence);
            any = check(
                &mut engines,
                &demo,
                &text,
                &options,
                &mut ran,
                &mut failures,
            );
            if !any {
                break;
            }
            if valid % 3 == 0 {
                let cs = options.case_sensitive(true);
                check(&mut engines, &demo, &text, &cs, &mut ran, &mut failures);
            }
        }
        if any {
            valid += 1;
        }
    }
    for (i, e) in engines.iter().enumerate() {
        eprintln!(
            "differential: {valid} valid queries of {tried} generated; {} executions agreed on {}",
            ran[i],
            e.name()
        );
    }
    TIMES.with(|t| eprintln!("time in evaluator, engines: {:?}", t.borrow()));
    let (all, some) = NON_EMPTY.with(|n| n.get());
    eprintln!("differential: {some} of {all} evaluations returned rows or a non-zero count");
    assert!(some * 2 >= all, "too many empty results: {some} of {all}");
    if !failures.is_empty() {
        let n = failures.len();
        failures.truncate(8);
        panic!(
            "{n} disagreements, first ones:\n\n{}",
            failures.join("\n\n")
        );
    }
    assert!(
        valid >= QUERIES,
        "only {valid} of {tried} generated queries validated"
    );
}

/// Hostile values go through as data: the rows equal the evaluator's and the canary
/// table survives.
#[test]
fn hostile_values_are_data() {
    let _db = sql_support::lock_databases();
    let demo = Demo::new();
    let mut engines = engines(&demo);
    for e in engines.iter_mut() {
        create_canary(e.as_mut());
    }
    let hostile = [
        "' or 1=1 --",
        "' OR '1'='1",
        "'; DROP TABLE vtql_canary; --",
        "\"; DROP TABLE vtql_canary; --",
        "Robert'); DROP TABLE vtql_canary;--",
        "x' OR '1'='1",
        "'; DROP TABLE vtql_canary; --",
        "\\",
        "\\\\",
        "a\\'b",
        "\\x27",
        "%",
        "_",
        "%_%",
        "100%",
        "O'Brien",
        "o'brien",
        "Back\\slash",
        "Müller",
        "ÉLODIE",
        "Ξένος",
        "😀",
        "`; DROP TABLE vtql_canary; --",
        "$1",
        "?",
        "\u{0}",
        "a\u{0}b",
        "",
    ];
    let mut executed = 0usize;
    let mut failures = Vec::new();
    let mut checked = 0;
    for value in hostile {
        let v = quote(value);
        let texts = [
            format!("select lastname from Contacts where lastname = {v};"),
            format!("select lastname from Contacts where lastname like {v};"),
            format!("select lastname from Contacts where lastname != {v} order by lastname limit 5;"),
            format!("select count(*) from Contacts where lastname in ({v}, 'Smith') or firstname < {v};"),
            format!("select accountname from Accounts where accountname like {} and bill_city = {v};", quote(&format!("%{value}%"))),
            format!("select * from Leads where lastname = {v} or company = {v};"),
        ];
        for text in &texts {
            let has_nul = value.contains('\u{0}');
            // PostgreSQL text cannot hold NUL: run those on SQLite and MariaDB only.
            let mut subset: Vec<Box<dyn Engine>> = Vec::new();
            let mut rest: Vec<Box<dyn Engine>> = Vec::new();
            for e in engines.drain(..) {
                if has_nul && e.name() == "postgres" {
                    rest.push(e);
                } else {
                    subset.push(e);
                }
            }
            let mut sub_ran = vec![0usize; subset.len()];
            if check(
                &mut subset,
                &demo,
                text,
                &SqlOptions::default(),
                &mut sub_ran,
                &mut failures,
            ) {
                checked += 1;
            }
            executed += sub_ran.iter().sum::<usize>();
            engines.extend(subset);
            engines.extend(rest);
        }
    }
    // record ids with injections never validate
    for text in [
        "select * from Contacts where id = '1x1 or 1=1';",
        "select * from Contacts where account_id = '11x5; drop table vtql_canary';",
        "select * from Contacts where assigned_user_id in ('19x1', '19x1) or (1=1');",
    ] {
        let q = Query::parse(text).expect("parses");
        assert!(
            validate(&q, &demo.schema, &ValidateOptions::default()).is_err(),
            "{text} must not validate"
        );
    }
    for e in engines.iter_mut() {
        let q = canary(e.as_mut());
        let rows = e.fetch(&q, false).expect("canary table still exists");
        assert_eq!(rows, Rows::Ids(vec![1]), "canary row on {}", e.name());
    }
    eprintln!(
        "hostile values: {checked} queries, {executed} executions agreed on {} engines",
        engines.len()
    );
    if !failures.is_empty() {
        panic!(
            "{} disagreements:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
    assert!(checked >= 100, "only {checked} hostile queries validated");
}
