//! Parsing and validation in one call, the path of a server that gets query text: each
//! standard file (`tiny`, `typical`, `in1k`, `chain200`, `big64k`) parsed and validated
//! against the demo schema (`vtql::demo::schema()`, default [`ValidateOptions`]), the
//! tree and the `Validated` dropped inside the timed call.
//!
//! One criterion group per file, named `validate/<file>`, with the one function
//! `parse_validate`. The stages alone (`vtql_parse`, `vtql_validate`) are measured on the
//! same inputs by the `parse` bench, in the group named after the file.
//!
//! ```text
//! cargo bench -p vtql-bench --bench validate -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vtql::{Query, ValidateOptions};

const FILES: [&str; 5] = ["tiny", "typical", "in1k", "chain200", "big64k"];

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
    let schema = vtql::demo::schema();
    let opts = ValidateOptions::default();
    for name in FILES {
        let src = read(name);
        let query = Query::parse(&src).unwrap_or_else(|e| panic!("{name}.vtql: {e}"));
        // Every input must validate, or the numbers would time an error path.
        if let Err(d) = query.validate(&schema, &opts) {
            panic!(
                "{name}.vtql does not validate:\n{}",
                d.render(&src, name, false)
            );
        }

        let mut g = c.benchmark_group(format!("validate/{name}"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function("parse_validate", |b| {
            b.iter(|| {
                let q = Query::parse(black_box(&src)).unwrap();
                q.validate(&schema, &opts).is_ok()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_validate);
criterion_main!(benches);
