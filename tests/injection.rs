//! Injection corpus: every payload, as a value, through the builder and
//! through the parser (quoted with `''`), in the four value positions (`=`, `like`, `in`,
//! and an id field), translated and executed on SQLite (always) and on PostgreSQL and
//! MariaDB (when `VTQL_PG_URL` / `VTQL_MYSQL_URL` are set). For each: the builder's tree
//! equals the parser's, the rows equal the evaluator's, the SQL text is the one a plain
//! value gives (the payload only ever travels as a bound parameter), id positions are
//! rejected with INVALID_ID_ATTRIBUTE, and the canary table survives.
//!
//! Payloads: the `naughty-strings` list (always), plus sqlmap's payloads expanded with
//! its boundaries when `VTQL_PAYLOADS_DIR` names the output of `scripts/payloads.sh`
//! (`.ci/run` generates it; sqlmap is GPL and never committed). The sqlmap list is
//! sampled evenly to `VTQL_PAYLOADS_SAMPLE` payloads (default 1,000; `all` for every
//! one) to bound CI time.

mod sql_support;

use sql_support::{engines, quote, Demo, Engine, Rows};
use vtql::build::col;
use vtql::sql::{SqlOptions, SqlQuery};
use vtql::{Query, ValidateOptions};

const DEFAULT_SAMPLE: usize = 1_000;

fn payloads() -> (Vec<String>, usize, usize) {
    let mut out: Vec<String> = naughty_strings::BLNS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let naughty = out.len();
    let mut sqlmap = Vec::new();
    match std::env::var("VTQL_PAYLOADS_DIR") {
        Ok(dir) => {
            let path = std::path::Path::new(&dir).join("payloads.jsonl");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run scripts/payloads.sh {dir})", path.display()));
            for line in text.lines().filter(|l| !l.is_empty()) {
                let s: String = serde_json::from_str(line).expect("one JSON string per line");
                sqlmap.push(s);
            }
            assert!(sqlmap.len() > 1000, "only {} sqlmap payloads", sqlmap.len());
        }
        Err(_) => eprintln!(
            "VTQL_PAYLOADS_DIR is not set: naughty strings only (scripts/payloads.sh <dir> makes the sqlmap list)"
        ),
    }
    let total_sqlmap = sqlmap.len();
    let sample = match std::env::var("VTQL_PAYLOADS_SAMPLE").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n
            .parse()
            .expect("VTQL_PAYLOADS_SAMPLE is a number or `all`"),
        Err(_) => DEFAULT_SAMPLE,
    };
    if sqlmap.len() > sample {
        // An even stride over the list keeps every payload family represented.
        let step = sqlmap.len() as f64 / sample as f64;
        sqlmap = (0..sample)
            .map(|i| sqlmap[(i as f64 * step) as usize].clone())
            .collect();
    }
    // The canary payloads are always in.
    for s in [
        "'; DROP TABLE vtql_canary; --",
        "x'); DELETE FROM vtql_canary; --",
    ] {
        sqlmap.push(s.to_owned());
    }
    let used = sqlmap.len();
    out.extend(sqlmap);
    eprintln!("payloads: {naughty} naughty strings + {used} of {total_sqlmap} sqlmap payloads");
    (out, naughty, used)
}

/// The four value positions: the query text for a quoted value, and the builder call.
#[derive(Clone, Copy, Debug)]
enum Position {
    Eq,
    Like,
    In,
    Id,
}

const POSITIONS: [Position; 4] = [Position::Eq, Position::Like, Position::In, Position::Id];

impl Position {
    fn text(self, quoted: &str) -> String {
        match self {
            Position::Eq => {
                format!("select id from Contacts where lastname = {quoted} order by id;")
            }
            Position::Like => {
                format!("select id from Contacts where lastname like {quoted} order by id;")
            }
            Position::In => format!(
                "select id from Contacts where lastname in ({quoted}, 'Smith') order by id;"
            ),
            Position::Id => {
                format!("select id from Contacts where account_id = {quoted} order by id;")
            }
        }
    }

    fn build(self, value: &str) -> Result<Query<'static>, vtql::build::BuildError> {
        let c = match self {
            Position::Eq => col("lastname").eq(value),
            Position::Like => col("lastname").like(value),
            Position::In => col("lastname").in_([value, "Smith"]),
            Position::Id => col("account_id").eq(value),
        };
        let id = if matches!(self, Position::Id) {
            "account_id"
        } else {
            "lastname"
        };
        let _ = id;
        Query::select(["id"])
            .from("Contacts")
            .filter(c)
            .order_by("id")
            .build()
    }
}

fn canary_rows(engine: &mut dyn Engine) -> Result<Rows, sql_support::AnyError> {
    engine.fetch(
        &SqlQuery {
            sql: "SELECT id FROM vtql_canary".to_owned(),
            params: vec![],
            target: engine.target(),
        },
        false,
    )
}

#[test]
fn payloads_stay_values_on_every_engine() {
    let _db = sql_support::lock_databases();
    let demo = Demo::new();
    let mut engines = engines(&demo);
    for e in engines.iter_mut() {
        for sql in [
            "DROP TABLE IF EXISTS vtql_canary",
            "CREATE TABLE vtql_canary (id BIGINT)",
            "INSERT INTO vtql_canary VALUES (1)",
        ] {
            e.exec(&SqlQuery {
                sql: sql.to_owned(),
                params: vec![],
                target: e.target(),
            })
            .expect("canary setup");
        }
    }
    let (payloads, naughty, sqlmap) = payloads();
    let schema = &demo.schema;
    let options = ValidateOptions::default();
    let sql_options = SqlOptions::default();

    // The SQL a plain value gives, per position and engine: every payload must give the
    // same text.
    let reference: Vec<Vec<String>> = POSITIONS
        .iter()
        .map(|p| {
            let src = p.text("'Smith'");
            let q = Query::parse(&src).unwrap();
            match q.validate(schema, &options) {
                Ok(v) => engines
                    .iter()
                    .map(|e| {
                        v.to_sql(&demo.mapping, &sql_options.target(e.target()))
                            .unwrap()
                            .sql
                    })
                    .collect(),
                Err(_) => Vec::new(),
            }
        })
        .collect();

    let mut executed = vec![0usize; engines.len()];
    let mut rejected_ids = 0usize;
    let mut rejected_nul = 0usize;
    let mut builder_refused = 0usize;
    let mut failures: Vec<String> = Vec::new();
    for payload in &payloads {
        let quoted = quote(payload);
        for (pi, position) in POSITIONS.iter().enumerate() {
            let src = position.text(&quoted);
            let parsed = match Query::parse(&src) {
                Ok(q) => q,
                Err(e) => {
                    failures.push(format!("{position:?} {payload:?}: does not parse: {e}"));
                    continue;
                }
            };
            match position.build(payload) {
                Ok(built) if built == parsed => {}
                Ok(built) => {
                    failures.push(format!("{position:?} {payload:?}: builder gives {built}"))
                }
                // The builder refuses some values outright (the empty string and
                // backslashes, which the real server mishandles): a clean refusal.
                Err(_) => builder_refused += 1,
            }
            let v = match parsed.validate(schema, &options) {
                Ok(v) => v,
                Err(d) => {
                    let is_id = matches!(position, Position::Id);
                    if is_id
                        && d.errors()
                            .all(|d| d.webservice_code == "INVALID_ID_ATTRIBUTE")
                    {
                        rejected_ids += 1;
                    } else if payload.contains('\0') && d.errors().all(|d| d.code == "E0213") {
                        // No field holds NUL and the engines disagree on it (E0213).
                        rejected_nul += 1;
                    } else {
                        failures.push(format!("{position:?} {payload:?}: rejected: {d:?}"));
                    }
                    continue;
                }
            };
            if matches!(position, Position::Id) {
                // Only a real `NxM` id validates here.
                if vtql::ast::Value::string(payload.as_str())
                    .record_id()
                    .is_none()
                {
                    failures.push(format!("id position accepted {payload:?}"));
                }
            }
            let expected =
                match v.evaluate(demo.live("Contacts"), &vtql::eval::EvalOptions::default()) {
                    Ok(o) => Rows::of(&o),
                    Err(e) => {
                        failures.push(format!("{position:?} {payload:?}: evaluator: {e}"));
                        continue;
                    }
                };
            for (ei, engine) in engines.iter_mut().enumerate() {
                let sql = match v.to_sql(&demo.mapping, &sql_options.target(engine.target())) {
                    Ok(sql) => sql,
                    Err(e) => {
                        failures.push(format!("{position:?} {payload:?}: to_sql: {e}"));
                        continue;
                    }
                };
                if reference[pi].get(ei) != Some(&sql.sql) && !matches!(position, Position::Id) {
                    failures.push(format!(
                        "{position:?} {payload:?} on {}: SQL text changed:\n{}\n{:?}",
                        engine.name(),
                        sql.sql,
                        reference[pi].get(ei)
                    ));
                }
                match engine.fetch(&sql, false) {
                    Ok(got) if got == expected => executed[ei] += 1,
                    Ok(got) => failures.push(format!(
                        "{position:?} {payload:?} on {}: rows {got:?}, evaluator {expected:?}",
                        engine.name()
                    )),
                    Err(e) => failures.push(format!(
                        "{position:?} {payload:?} on {}: {e}",
                        engine.name()
                    )),
                }
            }
        }
    }
    for (i, e) in engines.iter_mut().enumerate() {
        match canary_rows(e.as_mut()) {
            Ok(Rows::Ids(ids)) if ids == [1] => {}
            other => failures.push(format!("canary table damaged on {}: {other:?}", e.name())),
        }
        eprintln!(
            "injection: {} queries executed on {} ({} payloads: {naughty} naughty + {sqlmap} sqlmap; \
             {rejected_ids} id-position values rejected as INVALID_ID_ATTRIBUTE, \
             {rejected_nul} payload/position pairs holding NUL rejected as E0213; \
             the builder refused {builder_refused} payload/position pairs)",
            executed[i],
            e.name(),
            payloads.len()
        );
    }
    if !failures.is_empty() {
        let n = failures.len();
        failures.retain(|f| !f.contains(": builder refuses"));
        let mut kinds: Vec<String> = failures
            .iter()
            .map(|f| f.chars().take(60).collect())
            .collect();
        kinds.dedup();
        failures.truncate(12);
        panic!("{n} failures, first ones:\n{}", failures.join("\n"));
    }
    // Every payload runs in the `=`, `like` and `in` positions, except those holding NUL.
    let runnable = payloads.iter().filter(|p| !p.contains('\0')).count();
    assert!(
        executed[0] >= 3 * runnable,
        "SQLite ran only {} of {}",
        executed[0],
        3 * runnable
    );
}
