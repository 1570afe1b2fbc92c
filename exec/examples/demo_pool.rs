//! Measures the demo database: opening it (one connection loads the data) and the
//! throughput of a typical query from several threads.
//!
//! `cargo run --release -p vtql-exec --example demo_pool`

use std::sync::Arc;
use std::time::Instant;

use vtql::sql::{SqlOptions, Target};
use vtql::validate::ValidateOptions;
use vtql_exec::{Database, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let db = Arc::new(Database::demo(&Options::default().pool_size(4))?);
    println!("open (one connection loaded): {:?}", started.elapsed());
    let schema = vtql::demo::schema();
    let q = vtql::Query::parse(
        "select firstname, lastname, email from Contacts where lastname like 'S%' order by lastname limit 20;",
    )?;
    let v = q
        .validate(&schema, &ValidateOptions::default())
        .map_err(|e| format!("{e:?}"))?;
    let sql = v
        .to_sql(&vtql::demo::mapping(), &SqlOptions::new(Target::Sqlite))?
        .into_owned();
    for threads in [1, 2, 4] {
        let per_thread = 5_000;
        let started = Instant::now();
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let db = Arc::clone(&db);
                let sql = sql.clone();
                std::thread::spawn(move || {
                    for _ in 0..per_thread {
                        db.query(&sql).map(|_| ())?;
                    }
                    Ok::<(), vtql_exec::ExecError>(())
                })
            })
            .collect();
        for h in handles {
            h.join().map_err(|_| "a worker panicked")??;
        }
        let n = threads * per_thread;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{threads} threads: {n} queries in {secs:.2} s, {:.0} queries/s",
            n as f64 / secs
        );
    }
    Ok(())
}
