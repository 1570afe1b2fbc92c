//! Validation next to parsing: the standard files that query Contacts (`tiny`, `typical`,
//! `in1k`, `chain200`, `big64k`) validated against the Contacts describe fixture
//! (`data/describe/Contacts.json`).
//!
//! One criterion group per file, named `validate/<file>`, with `parse` (text to tree),
//! `validate` (tree to `Validated`, the query parsed once outside the loop) and
//! `parse_validate` (both). The goal of issue 3: `validate` costs no more than `parse`.
//!
//! ```text
//! cargo bench -p vtql-bench --bench validate -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vtql::{validate, Query, Schema, ValidateOptions};

const FILES: [&str; 5] = ["tiny", "typical", "in1k", "chain200", "big64k"];

const CONTACTS: &str = include_str!("../../data/describe/Contacts.json");

fn read(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "queries",
        &format!("{name}.vtql"),
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench_validate(c: &mut Criterion) {
    let schema = Schema::from_json_str(CONTACTS).expect("Contacts fixture");
    let opts = ValidateOptions::default();
    for name in FILES {
        let src = read(name);
        let query = Query::parse(&src).unwrap_or_else(|e| panic!("{name}.vtql: {e}"));
        // Every input must validate, or the numbers would time an error path.
        if let Err(d) = validate(&query, &schema, &opts) {
            panic!(
                "{name}.vtql does not validate:\n{}",
                d.render(&src, name, false)
            );
        }

        let mut g = c.benchmark_group(format!("validate/{name}"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function("parse", |b| b.iter(|| Query::parse(black_box(&src))));
        g.bench_function("validate", |b| {
            b.iter(|| validate(black_box(&query), &schema, &opts).is_ok())
        });
        g.bench_function("parse_validate", |b| {
            b.iter(|| {
                let q = Query::parse(black_box(&src)).unwrap();
                validate(&q, &schema, &opts).is_ok()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_validate);
criterion_main!(benches);
