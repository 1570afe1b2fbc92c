//! Parse and print the five standard query files, with two references in the same run:
//! sqlparser-rs (`GenericDialect`) parsing each file's `.sql` twin, and a bare
//! byte-classifying scan, the floor any tokenizer pays.
//!
//! One criterion group per file (`tiny`, `typical`, `in1k`, `chain200`, `big64k`), each
//! with the functions `vtql_parse`, `vtql_print`, `sqlparser_parse` and `byte_scan`, all
//! with throughput in bytes of the file measured (`.vtql`, or `.sql` for sqlparser).
//! `benches/report.py` turns the results into a markdown table.
//!
//! ```text
//! cargo bench -p vtql-bench -- --warm-up-time 1 --measurement-time 3
//! python3 benches/report.py [TARGET_DIR]
//! ```

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser as SqlParser;
use vtql::Query;

/// The standard files, smallest first. Keep the names: results compare across the project.
const FILES: [&str; 5] = ["tiny", "typical", "in1k", "chain200", "big64k"];

fn read(name: &str, ext: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "queries",
        &format!("{name}.{ext}"),
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Byte classes for the scan: whitespace, word, quote, punctuation, other.
const CLASS: [u8; 256] = {
    let mut t = [4u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b' ' | b'\t' | b'\r' | b'\n' => 0,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => 1,
            b'\'' => 2,
            b'(' | b')' | b',' | b'*' | b';' | b'=' | b'<' | b'>' | b'!' | b'+' | b'-' => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

/// Classifies every byte through a table and counts the class changes: the work any
/// tokenizer must do at least, with nothing built.
fn byte_scan(text: &[u8]) -> usize {
    let mut changes = 0;
    let mut prev = 0u8;
    for &b in text {
        let class = CLASS[b as usize];
        changes += usize::from(class != prev);
        prev = class;
    }
    changes
}

fn bench_files(c: &mut Criterion) {
    let dialect = GenericDialect {};
    for name in FILES {
        let vtql_src = read(name, "vtql");
        let sql_src = read(name, "sql");

        // Every input must be accepted, or the numbers would time an error path.
        let query = Query::parse(&vtql_src).unwrap_or_else(|e| panic!("{name}.vtql: {e}"));
        let printed = query.to_string();
        assert_eq!(
            Query::parse(&printed).as_ref(),
            Ok(&query),
            "{name}.vtql: printed form must re-parse to the same tree"
        );
        SqlParser::parse_sql(&dialect, &sql_src).unwrap_or_else(|e| panic!("{name}.sql: {e}"));

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(vtql_src.len() as u64));
        g.bench_function("vtql_parse", |b| {
            b.iter(|| Query::parse(black_box(&vtql_src)))
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
        g.throughput(Throughput::Bytes(sql_src.len() as u64));
        g.bench_function("sqlparser_parse", |b| {
            b.iter(|| SqlParser::parse_sql(&dialect, black_box(&sql_src)))
        });
        g.finish();
    }
}

criterion_group!(benches, bench_files);
criterion_main!(benches);
