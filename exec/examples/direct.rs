//! The typical query run directly through the driver, no HTTP and no web-service layer:
//! the baseline `scripts/load.sh` puts beside the server's numbers.
//!
//! ```text
//! cargo run --release -p vtql-exec --example direct -- --threads 2 --seconds 10 [--db URL] [--query FILE]
//! ```
//!
//! Translates the query once (demo schema and mapping, SQL precedence, row cap 100, as
//! `vtql serve` reads it), then runs it on `--threads` threads sharing one pool for
//! `--seconds`, and prints one JSON line: `{"threads":2,"queries":N,"seconds":S,
//! "qps":Q,"us_per_query":U,"rows":R}` where `us_per_query` is the time one thread spends
//! per query (threads × seconds ÷ queries). Without `--db` the embedded demo CRM is used;
//! a URL must name a database loaded with the demo (`vtql serve --load-demo`).

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use vtql::sql::SqlOptions;
use vtql::validate::ValidateOptions;
use vtql::{Precedence, Query};
use vtql_exec::{Database, Options};

/// The command line.
struct Args {
    threads: usize,
    seconds: f64,
    db: Option<String>,
    query: String,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        threads: 1,
        seconds: 5.0,
        db: None,
        query: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../benches/queries/typical.vtql"
        )
        .into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--threads" => a.threads = value.parse().map_err(|_| "--threads: a number")?,
            "--seconds" => a.seconds = value.parse().map_err(|_| "--seconds: a number")?,
            "--db" => a.db = Some(value),
            "--query" => a.query = value,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    a.threads = a.threads.max(1);
    Ok(a)
}

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("direct: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let args = args()?;
    let text = std::fs::read_to_string(&args.query)
        .map_err(|e| format!("cannot read {}: {e}", args.query))?;
    let options = Options::default().pool_size(args.threads);
    let db = match &args.db {
        Some(url) => Database::open(url, &options),
        None => Database::demo(&options),
    }
    .map_err(|e| e.to_string())?;

    let schema = vtql::demo::schema();
    let mapping = vtql::demo::mapping();
    let query = Query::parse(text.trim()).map_err(|e| e.to_string())?;
    let vopts = ValidateOptions::default()
        .precedence(Precedence::SqlPrecedence)
        .row_cap(100);
    let validated = query
        .validate(&schema, &vopts)
        .map_err(|_| "the query does not validate against the demo schema".to_owned())?;
    let sql_options = SqlOptions::new(db.target());
    let sql = validated
        .to_sql(&mapping, &sql_options)
        .map_err(|e| e.to_string())?;

    // One run to check it and to count its rows (and warm every connection up).
    let rows = db.query(&sql).map_err(|e| e.to_string())?.rows.len();
    let done = AtomicU64::new(0);
    let failed = AtomicU64::new(0);
    let limit = Duration::from_secs_f64(args.seconds);
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..args.threads {
            s.spawn(|| {
                while start.elapsed() < limit {
                    match db.query(&sql) {
                        Ok(r) if r.rows.len() == rows => done.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    let failed = failed.load(Ordering::Relaxed);
    if failed > 0 {
        return Err(format!(
            "{failed} runs failed or returned another row count"
        ));
    }
    let qps = n as f64 / secs;
    let us = args.threads as f64 * secs * 1e6 / n.max(1) as f64;
    Ok(format!(
        r#"{{"threads":{},"queries":{n},"seconds":{secs:.2},"qps":{qps:.1},"us_per_query":{us:.1},"rows":{rows}}}"#,
        args.threads
    ))
}
