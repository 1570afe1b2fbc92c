//! Heap allocations of parsing and of SQL translation (the goal: translation costs
//! no more than parsing and at most 10 allocations): `typical.vtql` (a Contacts query)
//! parsed, then translated to each dialect with the demo CRM's mapping (the query parsed
//! and validated once beforehand), each counted through a counting global allocator. It
//! prints one line per count and times nothing: the times of the same translations are in
//! the `parse` bench (`vtql_sql_mysql`, `vtql_sql_postgres`, `vtql_sql_sqlite` in each
//! file's group), which runs on the plain system allocator.
//!
//! ```text
//! cargo bench -p vtql-bench --bench sql
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use vtql::sql::{SqlOptions, Target};
use vtql::{Query, ValidateOptions};

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

fn main() {
    let schema = vtql::demo::schema();
    let mapping = vtql::demo::mapping();
    let src = read("typical");
    let query = Query::parse(&src).expect("typical.vtql parses");
    let validated = query
        .validate(&schema, &ValidateOptions::default())
        .unwrap_or_else(|d| {
            panic!(
                "typical.vtql does not validate:\n{}",
                d.render(&src, "typical", false)
            )
        });

    println!("allocations: parse {}", allocations(|| Query::parse(&src)));
    for target in Target::ALL {
        let options = SqlOptions::new(target);
        let n = allocations(|| {
            validated
                .to_sql(&mapping, &options)
                .unwrap_or_else(|e| panic!("typical.vtql: to_sql {target}: {} {e}", e.code()))
        });
        println!("allocations: to_sql {target} {n}");
    }
}
