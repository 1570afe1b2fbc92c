//! No recursion that input controls: with the limits raised, a
//! 1,000,000-condition chain and a 1,000,000-value in-list go through every stage of the
//! pipeline on a thread with a 256 KiB stack, in the default (debug) test profile.
//!
//! A recursive walk over either input would need far more than 256 KiB of stack and
//! overflow (an abort, not a panic), so passing is proof that each stage is iterative.

use std::fmt::Write as _;
use std::time::Instant;

use vtql::ast::LogicalOp;
use vtql::{Dialect, Limits, ParseOptions, Precedence, Query};

const N: usize = 1_000_000;
const STACK: usize = 256 * 1024;

/// Runs `f` on a thread with a 256 KiB stack and propagates its panic.
fn on_small_stack(name: &str, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

/// `select * from Leads where c0 = 'v' and c1 = 'v' or ...;`: `n` conditions, the
/// connectives mixing `and` and `or` so that both groupings differ.
fn chain(n: usize) -> String {
    let mut s = String::with_capacity(n * 16 + 32);
    s.push_str("select * from Leads where ");
    for i in 0..n {
        if i > 0 {
            s.push_str(if i % 3 == 0 { " or " } else { " and " });
        }
        // c0, c3, c6, ... (the conditions after `or`) hold 't', the others 'f'.
        let _ = write!(s, "c{} = '{}'", i % 100, if i % 3 == 0 { 't' } else { 'f' });
    }
    s.push(';');
    s
}

/// `select id from Leads where id in ('0', '1', ...);` with `n` values.
fn in_list(n: usize) -> String {
    let mut s = String::with_capacity(n * 10 + 48);
    s.push_str("select id from Leads where id in (");
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "'{i}'");
    }
    s.push_str(");");
    s
}

fn unlimited(dialect: Dialect) -> ParseOptions {
    ParseOptions::new()
        .dialect(dialect)
        .limits(Limits::UNLIMITED)
}

/// Parse, print both ways, re-parse both prints (the canonical one in the vtiger
/// dialect, the pretty one in the documented dialect), compare, detach and drop.
fn parse_print_drop(src: &str) {
    let documented = unlimited(Dialect::Documented);
    let vtiger = unlimited(Dialect::Vtiger);
    let t = Instant::now();
    let q = Query::parse_with(src, &documented).expect("parses");
    let canonical = q.to_string();
    let pretty = format!("{q:#}");
    assert_eq!(canonical, q.to_string(), "printing is stable");
    {
        let again = Query::parse_with(&canonical, &vtiger).expect("canonical re-parses");
        assert!(again == q, "canonical print re-parses to an equal tree");
        drop(again);
        let again = Query::parse_with(&pretty, &documented).expect("pretty re-parses");
        assert!(again == q, "pretty print re-parses to an equal tree");
    }
    let owned: Query<'static> = q.clone().into_owned();
    assert!(owned == q);
    drop(owned);
    drop(q);
    eprintln!(
        "  parse x3, print x3, compare, detach, drop: {:?}",
        t.elapsed()
    );
}

#[test]
fn million_condition_chain_uses_constant_stack() {
    on_small_stack("chain", || {
        let t = Instant::now();
        let src = chain(N);
        parse_print_drop(&src);

        let q = Query::parse_with(&src, &unlimited(Dialect::Documented)).unwrap();
        let w = q.where_clause.as_ref().unwrap();
        assert_eq!(w.len(), N);
        assert!(w.readings_differ());
        assert_eq!(
            w.grouped(Precedence::SqlPrecedence).runs().count(),
            (N - 1) / 3 + 1
        );
        let truth = |c: &vtql::ast::Condition| c.values()[0].as_str() == "t";
        for p in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
            let g = w.grouped(p);
            let t = Instant::now();
            let text = g.to_string();
            assert!(text.len() > src.len() / 2);
            eprintln!("  grouped {p:?} display: {:?}", t.elapsed());
            // Each `and` run is false except the last, a lone true condition after `or`:
            // true under both groupings. All-false is false, all-true is true.
            assert!(g.evaluate(truth));
            assert!(!g.evaluate(|_| false));
            assert!(g.evaluate(|_| true));
        }
        assert_eq!(w.rest.last().unwrap().op, LogicalOp::Or);
        // With the last condition false, left to right is false, and SQL precedence too
        // (every run holds a false condition).
        let all_but_last =
            |c: &vtql::ast::Condition| !std::ptr::eq(c, &w.rest[N - 2].condition) && truth(c);
        assert!(!w.grouped(Precedence::LeftToRight).evaluate(all_but_last));
        assert!(!w.grouped(Precedence::SqlPrecedence).evaluate(all_but_last));
        drop(q);
        eprintln!(
            "1,000,000-condition chain ({} bytes): {:?}",
            src.len(),
            t.elapsed()
        );
    });
}

#[test]
fn million_value_in_list_uses_constant_stack() {
    on_small_stack("in-list", || {
        let t = Instant::now();
        let src = in_list(N);
        parse_print_drop(&src);
        let q = Query::parse_with(&src, &unlimited(Dialect::Documented)).unwrap();
        let values = q.where_clause.as_ref().unwrap().first.values();
        assert_eq!(values.len(), N);
        assert_eq!(values[N - 1].as_str(), (N - 1).to_string());
        drop(q);
        eprintln!(
            "1,000,000-value in-list ({} bytes): {:?}",
            src.len(),
            t.elapsed()
        );
    });
}

/// Validate, translate for the three engines and evaluate a huge query, on the small
/// stack. Translation refuses (more bound parameters than any engine takes); evaluation
/// runs over one record (every condition is compiled and tested).
fn validate_translate_evaluate(src: &str, n: usize) {
    use vtql::demo;
    use vtql::sql::{SqlError, SqlOptions, Target};
    use vtql::ValidateOptions;

    let schema = demo::schema();
    let mapping = demo::mapping();
    let data = demo::dataset();
    let records: Vec<_> = data.live("Contacts").take(1).cloned().collect();
    let q = Query::parse_with(src, &unlimited(Dialect::Documented)).expect("parses");
    let t = Instant::now();
    for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
        let opts = ValidateOptions::new()
            .precedence(precedence)
            .allow_all_warnings();
        let v = q.validate(&schema, &opts).expect("validates");
        eprintln!("  validate {precedence:?}: {:?}", t.elapsed());
        for target in Target::ALL {
            match v.to_sql(&mapping, &SqlOptions::new(target)) {
                Err(SqlError::TooManyParams { count, max, .. }) => {
                    assert!(count >= n && max < n, "{count} {max}");
                }
                other => panic!(
                    "expected TooManyParams, got {:?}",
                    other.map(|s| s.params.len())
                ),
            }
        }
        eprintln!("  translate x3: {:?}", t.elapsed());
        let outcome = v
            .evaluate(&records, &vtql::eval::EvalOptions::default())
            .expect("evaluates");
        assert!(outcome.rows().len() <= records.len());
        eprintln!("  evaluate: {:?}", t.elapsed());
        drop(v);
    }
    drop(q);
}

#[test]
fn million_condition_chain_through_validate_translate_evaluate() {
    on_small_stack("chain-pipeline", || {
        let src = {
            // Every condition on a real Contacts field.
            let mut s = String::with_capacity(N * 20);
            s.push_str("select lastname from Contacts where ");
            for i in 0..N {
                if i > 0 {
                    s.push_str(if i % 3 == 0 { " or " } else { " and " });
                }
                s.push_str(if i % 2 == 0 {
                    "lastname = 't'"
                } else {
                    "firstname != 'f'"
                });
            }
            s.push(';');
            s
        };
        validate_translate_evaluate(&src, N);
    });
}

#[test]
fn million_value_in_list_through_validate_translate_evaluate() {
    on_small_stack("in-list-pipeline", || {
        let src = in_list(N).replacen(
            "select id from Leads where id in",
            "select lastname from Contacts where lastname in",
            1,
        );
        validate_translate_evaluate(&src, N);
    });
}

#[test]
fn largest_translatable_chain_uses_constant_stack() {
    // The most conditions every engine takes as bound parameters (SQLite: 32,766):
    // the SQL writer walks the whole chain and emits it, on the small stack.
    on_small_stack("translate", || {
        use vtql::sql::{SqlOptions, Target};
        use vtql::{demo, ValidateOptions};
        let n = Target::Sqlite.max_params() - 10;
        let mut src = String::from("select lastname from Contacts where ");
        for i in 0..n {
            if i > 0 {
                src.push_str(if i % 3 == 0 { " or " } else { " and " });
            }
            src.push_str("lastname = 'x'");
        }
        src.push(';');
        let q = Query::parse_with(&src, &unlimited(Dialect::Documented)).unwrap();
        let schema = demo::schema();
        let mapping = demo::mapping();
        let t = Instant::now();
        for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
            let opts = ValidateOptions::new()
                .precedence(precedence)
                .allow_all_warnings();
            let v = q.validate(&schema, &opts).unwrap();
            for target in Target::ALL {
                let sql = v.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
                assert!(sql.params.len() >= n && sql.params.len() <= target.max_params());
                assert!(sql.sql.len() > n * 10);
            }
        }
        eprintln!(
            "  {n} conditions, validate + translate x3 x2: {:?}",
            t.elapsed()
        );
    });
}
