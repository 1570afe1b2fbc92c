//! SQL translation next to parsing: `typical.vtql` (a Contacts query) translated to each
//! dialect with the demo CRM's mapping, and the same file parsed, in one criterion group
//! `sql/typical`: `parse`, `to_sql_mysql`, `to_sql_postgres`, `to_sql_sqlite` (the query
//! parsed and validated once outside the loop). Before measuring, the bench prints the
//! number of heap allocations of one parse and of one translation per dialect (goal of
//! issue 5: translation costs no more than parsing and at most 10 allocations).
//!
//! ```text
//! cargo bench -p vtql-bench --bench sql -- --warm-up-time 1 --measurement-time 3
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vtql::sql::{to_sql, SqlOptions, Target};
use vtql::{validate, Query, ValidateOptions};

/// Counts allocations (the library itself forbids `unsafe`; this bench binary needs it
/// only to wrap the system allocator).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<T>(f: impl FnOnce() -> T) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let out = f();
    let n = ALLOCATIONS.load(Ordering::Relaxed) - before;
    drop(out);
    n
}

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

fn bench_sql(c: &mut Criterion) {
    let schema = vtql::demo::schema();
    let mapping = vtql::demo::mapping();
    let src = read("typical");
    let query = Query::parse(&src).expect("typical.vtql parses");
    let validated = validate(&query, &schema, &ValidateOptions::default()).unwrap_or_else(|d| {
        panic!(
            "typical.vtql does not validate:\n{}",
            d.render(&src, "typical", false)
        )
    });

    println!("allocations: parse {}", allocations(|| Query::parse(&src)));
    for target in Target::ALL {
        let options = SqlOptions::new(target);
        let n = allocations(|| to_sql(&validated, &mapping, &options));
        println!("allocations: to_sql {target} {n}");
    }

    let mut g = c.benchmark_group("sql/typical");
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function("parse", |b| b.iter(|| Query::parse(black_box(&src))));
    for target in Target::ALL {
        let options = SqlOptions::new(target);
        g.bench_function(format!("to_sql_{target}"), |b| {
            b.iter(|| to_sql(black_box(&validated), &mapping, &options))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_sql);
criterion_main!(benches);
