//! Parses one standard query file `N` times, for instruction counts under valgrind
//! (`benches/icount.sh`): counts do not depend on the machine's load, unlike times.
//!
//! ```text
//! cargo run --release -p vtql-bench --example parse_loop -- vtql typical 1000
//! ```
//!
//! The first argument picks what runs: `vtql` (parse the `.vtql` file), `scan` (the byte
//! scan of `benches/parse.rs` over the `.vtql` file), `validate` (validate the parsed file
//! against the demo schema), `sql` (translate the validated file to PostgreSQL with the
//! demo mapping), `eval` (evaluate it over the demo dataset's live records) or
//! `sqlparser` (parse the `.sql` twin with sqlparser-rs, `GenericDialect`).

use std::hint::black_box;

use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser as SqlParser;

#[path = "../benches/scan.rs"]
mod scan;
use scan::{observe, read};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [what, file, n] = args.as_slice() else {
        eprintln!("usage: parse_loop vtql|validate|sql|eval|scan|sqlparser FILE N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N must be a number");
    let mut sink = 0usize;
    match what.as_str() {
        "vtql" => {
            let src = read(file, "vtql");
            for _ in 0..n {
                let q = vtql::Query::parse(black_box(&src));
                sink += usize::from(q.is_ok());
                observe(&q);
            }
        }
        "validate" => {
            let src = read(file, "vtql");
            let schema = vtql::demo::schema();
            let options = vtql::ValidateOptions::default();
            let q = vtql::Query::parse(&src).expect("the file parses");
            for _ in 0..n {
                let v = black_box(&q).validate(&schema, &options);
                sink += usize::from(v.is_ok());
                observe(&v);
            }
        }
        "sql" => {
            let src = read(file, "vtql");
            let schema = vtql::demo::schema();
            let mapping = vtql::demo::mapping();
            let q = vtql::Query::parse(&src).expect("the file parses");
            let v = q
                .validate(&schema, &vtql::ValidateOptions::default())
                .expect("the file validates");
            let options = vtql::sql::SqlOptions::new(vtql::sql::Target::Postgres);
            for _ in 0..n {
                let sql = black_box(&v).to_sql(&mapping, &options);
                sink += usize::from(sql.is_ok());
                observe(&sql);
            }
        }
        "eval" => {
            let src = read(file, "vtql");
            let schema = vtql::demo::schema();
            let data = vtql::demo::dataset();
            let q = vtql::Query::parse(&src).expect("the file parses");
            let v = q
                .validate(&schema, &vtql::ValidateOptions::default())
                .expect("the file validates");
            let records: Vec<_> = data.live(v.module().name.as_str()).cloned().collect();
            let options = vtql::eval::EvalOptions::default();
            for _ in 0..n {
                let out = black_box(&v).evaluate(&records, &options);
                sink += usize::from(out.is_ok());
                observe(&out);
            }
        }
        "scan" => {
            let src = read(file, "vtql");
            for _ in 0..n {
                sink += scan::byte_scan(black_box(src.as_bytes()));
            }
        }
        "sqlparser" => {
            let src = read(file, "sql");
            let dialect = GenericDialect {};
            for _ in 0..n {
                let q = SqlParser::parse_sql(&dialect, black_box(&src));
                sink += usize::from(q.is_ok());
                observe(&q);
            }
        }
        other => {
            eprintln!("unknown mode {other:?}: vtql, validate, sql, eval, scan or sqlparser");
            std::process::exit(2);
        }
    }
    println!("{sink}");
}
