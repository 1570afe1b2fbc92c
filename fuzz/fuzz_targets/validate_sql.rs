//! Arbitrary bytes → parse (both dialects) → validate against the demo schema (both
//! precedences) → translate for MySQL, PostgreSQL and SQLite.
//! Oracle: never panics; the SQLite statement prepares on the demo tables and has
//! exactly one placeholder per bound value; no string value of the query appears in any
//! statement's text (values are always bound).
#![no_main]

mod common;

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use vtql::sql::{SqlOptions, Target};
use vtql::{Dialect, ParseOptions, Precedence, Query, ValidateOptions};

thread_local! {
    static DEMO: RefCell<common::Demo> = RefCell::new(common::Demo::new(false));
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    DEMO.with(|demo| {
        let demo = demo.borrow();
        for dialect in [Dialect::Documented, Dialect::Vtiger] {
            let Ok(q) = Query::parse_with(&text, &ParseOptions::new().dialect(dialect)) else {
                continue;
            };
            for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
                let opts = ValidateOptions::new().precedence(precedence);
                let Ok(v) = q.validate(&demo.schema, &opts) else {
                    continue;
                };
                check(&demo, &q, &v);
            }
        }
    });
});

fn check(demo: &common::Demo, q: &Query<'_>, v: &vtql::Validated<'_>) {
    for target in Target::ALL {
        for case_sensitive in [false, true] {
            let opts = SqlOptions::new(target).case_sensitive(case_sensitive);
            let sql = match v.to_sql(&demo.mapping, &opts) {
                Ok(sql) => sql,
                // Unmapped demo modules (Potentials, Products, ...) are expected errors.
                Err(vtql::sql::SqlError::UnmappedModule { .. }) => return,
                Err(e) => panic!("to_sql failed on a validated query: {e:?}\n{q}"),
            };
            for c in q.where_clause.iter().flat_map(|w| w.conditions()) {
                for value in c.values() {
                    let s = value.as_str();
                    // Long enough not to collide with SQL words or table names.
                    if value.is_quoted()
                        && s.len() >= 12
                        && s.chars().any(|c| !c.is_ascii_alphanumeric() && c != '_')
                    {
                        assert!(
                            !sql.sql.contains(s),
                            "value {s:?} pasted into SQL: {}",
                            sql.sql
                        );
                    }
                }
            }
            if target == Target::Sqlite {
                let stmt = demo
                    .db
                    .prepare(&sql.sql)
                    .unwrap_or_else(|e| panic!("SQLite rejects: {e}\n{q}\n{}", sql.sql));
                assert_eq!(stmt.parameter_count(), sql.params.len(), "{}", sql.sql);
            }
        }
    }
}
