//! Heap allocations made while parsing the benchmark queries, counted with a counting
//! global allocator (this test binary only; the library denies `unsafe` but in `ast::literal`).
//!
//! The count is deterministic (it depends only on the input and the vectors' growth
//! policy), so it is asserted exactly for `typical.vtql` and bounded for the others.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use vtql::{Dialect, ParseOptions, Query};

/// Counts allocations made by the current thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every method forwards to the system allocator unchanged; the counter is a
// const-initialised thread-local `Cell` that never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (including reallocations) made by `f` on this thread.
fn count<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

fn bench_query(name: &str) -> String {
    let path = format!("{}/benches/queries/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn allocations(src: &str, dialect: Dialect) -> usize {
    let opts = ParseOptions::default().dialect(dialect);
    let (n, q) =
        count(|| Query::parse_with(src, &opts).map(|q| q.where_clause.map_or(0, |w| w.len())));
    q.unwrap_or_else(|e| panic!("{}", e.render(src, "bench")));
    n
}

#[test]
fn typical_parses_with_at_most_ten_allocations() {
    let src = bench_query("typical.vtql");
    // 4 select columns, the chain's links, the in-list (its box and its values), the 2
    // order-by columns: one vector each, each allocated once, and the list's box.
    for d in [Dialect::Documented, Dialect::Vtiger] {
        let n = allocations(&src, d);
        assert_eq!(n, 5, "typical.vtql ({d:?})");
        assert!(n <= 10);
    }
}

#[test]
fn allocation_counts_of_every_bench_query() {
    // (file, allocations): vectors grow by doubling, so a list of n items costs about
    // log2(n) allocations, up to 1,024 items; past that a list reserves its estimated
    // final size at once (big64k's 5,000-value list: 1 allocation instead of 3); every
    // value list is boxed (chain200 has 25 in-lists); nothing else allocates.
    let expected = [
        ("tiny.vtql", 0),
        ("typical.vtql", 5),
        ("in1k.vtql", 11),
        ("chain200.vtql", 59),
        ("big64k.vtql", 42),
    ];
    let measured: Vec<(&str, usize)> = expected
        .iter()
        .map(|&(file, _)| {
            let src = bench_query(file);
            let n = allocations(&src, Dialect::Vtiger);
            assert_eq!(allocations(&src, Dialect::Documented), n, "{file}");
            (file, n)
        })
        .collect();
    println!("{measured:?}");
    assert_eq!(measured, expected);
}

#[test]
fn errors_allocate_only_for_their_message() {
    // The failure path builds one error value: a bounded handful of allocations (the
    // found text and the formatted message), independent of the query length.
    let short = "select * from Contacts where lastname = Smith;";
    let long = format!(
        "select * from Contacts where {} lastname = Smith;",
        "a = 1 and ".repeat(500)
    );
    let opts = ParseOptions::default();
    let (n_short, r) = count(|| Query::parse_with(short, &opts).map(|_| ()));
    assert!(r.is_err());
    let (n_long, r) = count(|| Query::parse_with(&long, &opts).map(|_| ()));
    assert!(r.is_err());
    assert!(n_short <= 6, "{n_short}");
    // The long query's chain vector grows before the error: log2(500) more at most.
    assert!(n_long <= n_short + 10, "{n_short} vs {n_long}");
}
