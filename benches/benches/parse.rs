//! The whole pipeline on the five standard query files, with two references in the same
//! run: sqlparser-rs (`GenericDialect`) parsing each file's `.sql` twin, and a bare
//! byte-classifying scan, the floor any tokenizer pays.
//!
//! One criterion group per file (`tiny`, `typical`, `in1k`, `chain200`, `big64k`), each
//! with the functions
//! - `vtql_parse`: text to tree;
//! - `vtql_lex`: the lexer alone over the text, token after token, building nothing
//!   (`vtql::parse::internals::count_tokens`);
//! - `vtql_tree`: the parsed tree cloned and dropped: its allocations, writes and frees
//!   without reading any text (with `vtql_lex`, the breakdown of `vtql_parse`);
//! - `vtql_print`: tree back to text (into a reused `String`);
//! - `byte_scan`: the reference scan over the `.vtql` text;
//! - `vtql_validate`: the parsed tree against the demo schema (`vtql::demo::schema()`,
//!   default [`ValidateOptions`]);
//! - `vtql_sql_mysql`, `vtql_sql_postgres`, `vtql_sql_sqlite`: the validated query to
//!   parameterized SQL with the demo mapping (`vtql::demo::mapping()`, default
//!   [`SqlOptions`] for the target);
//! - `vtql_eval`: the validated query run by the in-memory evaluator over the demo
//!   dataset's live records of its module (default `EvalOptions`: row cap 100, id as
//!   tie-breaker);
//! - `sqlparser_parse`: sqlparser-rs on the `.sql` twin.
//!
//! The downstream stages start from a tree parsed (and validated) once outside the timed
//! loop; each timed call includes dropping its result, which it hands to [`observe`]
//! (seen by reference, then dropped) rather than returning it to the harness. Throughput is in bytes of the file
//! measured (`.vtql`, or `.sql` for sqlparser). Before any timing, every file must parse,
//! print to a form that re-parses to the same tree, validate without errors, translate for
//! every target and evaluate; a one-line summary per file is printed.
//! `benches/report.py` turns the results into markdown tables.
//!
//! ```text
//! cargo bench -p vtql-bench --bench parse -- --warm-up-time 1 --measurement-time 3
//! python3 benches/report.py [TARGET_DIR]
//! ```

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser as SqlParser;
use vtql::demo::DemoRecord;
use vtql::eval::Outcome;
use vtql::sql::{SqlOptions, Target};
use vtql::{Query, ValidateOptions};

mod scan;
use scan::{byte_scan, observe, read};

/// The standard files, smallest first. Keep the names: results compare across the project.
const FILES: [&str; 5] = ["tiny", "typical", "in1k", "chain200", "big64k"];

fn bench_files(c: &mut Criterion) {
    let dialect = GenericDialect {};
    let schema = vtql::demo::schema();
    let mapping = vtql::demo::mapping();
    let data = vtql::demo::dataset();
    let validate_options = ValidateOptions::default();
    let eval_options = vtql::eval::EvalOptions::default();
    for name in FILES {
        let vtql_src = read(name, "vtql");
        let sql_src = read(name, "sql");

        // Every input must be accepted at every stage, or the numbers would time an error
        // path.
        let query = Query::parse(&vtql_src).unwrap_or_else(|e| panic!("{name}.vtql: {e}"));
        let printed = query.to_string();
        assert_eq!(
            Query::parse(&printed).as_ref(),
            Ok(&query),
            "{name}.vtql: printed form must re-parse to the same tree"
        );
        SqlParser::parse_sql(&dialect, &sql_src).unwrap_or_else(|e| panic!("{name}.sql: {e}"));
        let validated = query
            .validate(&schema, &validate_options)
            .unwrap_or_else(|d| {
                panic!(
                    "{name}.vtql does not validate against the demo schema:\n{}",
                    d.render(&vtql_src, &format!("{name}.vtql"), false)
                )
            });
        let module = validated.module().name.as_str();
        let records: Vec<DemoRecord> = data.live(module).cloned().collect();
        let mut params = Vec::new();
        for target in Target::ALL {
            let sql = validated
                .to_sql(&mapping, &SqlOptions::new(target))
                .unwrap_or_else(|e| panic!("{name}.vtql: to_sql {target}: {} {e}", e.code()));
            params.push(format!("{target} {}", sql.params.len()));
        }
        let outcome = match validated.evaluate(&records, &eval_options) {
            Ok(Outcome::Rows(rows)) => format!("{} rows", rows.len()),
            Ok(Outcome::Count(n)) => format!("count {n}"),
            Err(e) => panic!("{name}.vtql: evaluate: {} {e}", e.code()),
        };
        // Warnings are allowed (several files draw W0301, W0308 or W0309); count them by code.
        let mut warnings: Vec<(&str, usize)> = Vec::new();
        for d in validated.warnings() {
            match warnings.iter_mut().find(|(code, _)| *code == d.code) {
                Some((_, n)) => *n += 1,
                None => warnings.push((d.code, 1)),
            }
        }
        let warnings: Vec<String> = warnings.iter().map(|(c, n)| format!("{c} x{n}")).collect();
        println!(
            "{name}: {module}, warnings [{}], params ({}), eval over {} records: {outcome}",
            warnings.join(", "),
            params.join(", "),
            records.len(),
        );

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(vtql_src.len() as u64));
        g.bench_function("vtql_parse", |b| {
            b.iter(|| observe(&Query::parse(black_box(&vtql_src))))
        });
        // The breakdown of parse time: the lexing alone, and the tree alone (a clone of the
        // parsed tree, dropped: the same allocations, writes and frees, with no text read).
        g.bench_function("vtql_lex", |b| {
            b.iter(|| vtql::parse::internals::count_tokens(black_box(&vtql_src)))
        });
        g.bench_function("vtql_tree", |b| {
            b.iter(|| observe(&black_box(&query).clone()))
        });
        let mut out = String::with_capacity(printed.len());
        g.bench_function("vtql_print", |b| {
            b.iter(|| {
                out.clear();
                let _ = write!(out, "{}", black_box(&query));
                out.len()
            })
        });
        g.bench_function("byte_scan", |b| {
            b.iter(|| byte_scan(black_box(vtql_src.as_bytes())))
        });
        g.bench_function("vtql_validate", |b| {
            b.iter(|| observe(&black_box(&query).validate(&schema, &validate_options)))
        });
        for target in Target::ALL {
            let options = SqlOptions::new(target);
            g.bench_function(format!("vtql_sql_{target}"), |b| {
                b.iter(|| observe(&black_box(&validated).to_sql(&mapping, &options)))
            });
        }
        g.bench_function("vtql_eval", |b| {
            b.iter(|| observe(&black_box(&validated).evaluate(black_box(&records), &eval_options)))
        });
        g.throughput(Throughput::Bytes(sql_src.len() as u64));
        g.bench_function("sqlparser_parse", |b| {
            b.iter(|| observe(&SqlParser::parse_sql(&dialect, black_box(&sql_src))))
        });
        g.finish();
    }
}

criterion_group!(benches, bench_files);
criterion_main!(benches);
