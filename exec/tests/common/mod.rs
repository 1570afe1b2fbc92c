//! Shared by the integration tests: the test databases (SQLite always, PostgreSQL and
//! MariaDB when `VTQL_PG_URL` / `VTQL_MYSQL_URL` are set) and small helpers.
#![allow(dead_code)]

use std::sync::OnceLock;

use vtql::sql::{SqlQuery, SqlValue, Target};
use vtql_exec::{Database, Options};
use vtql_service::Rows;

/// The PostgreSQL database these tests own (created on first use, C.UTF-8 like `vtql`),
/// so that they never drop tables other suites use.
const PG_DATABASE: &str = "vtql_exec";

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap_or(0) + 2 => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The PostgreSQL URL for these tests, or `None` with a printed note.
pub fn pg_url() -> Option<String> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    let url = URL.get_or_init(|| {
        let admin = std::env::var("VTQL_PG_URL").ok()?;
        let db = Database::open(&admin, &Options::default().pool_size(1))
            .unwrap_or_else(|e| panic!("{e}"));
        let exists = db
            .query(&sql(
                Target::Postgres,
                &format!("SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'"),
            ))
            .unwrap_or_else(|e| panic!("{e}"));
        if exists.rows.is_empty() {
            let created = db.execute(&sql(
                Target::Postgres,
                &format!(
                    "CREATE DATABASE {PG_DATABASE} TEMPLATE template0 ENCODING 'UTF8' \
                     LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                ),
            ));
            // Another test binary may have created it meanwhile.
            if let Err(e) = created {
                assert!(e.to_string().contains("42P04"), "{e}");
            }
        }
        Some(with_database(&admin, PG_DATABASE))
    });
    if url.is_none() {
        println!("skipped on PostgreSQL: VTQL_PG_URL is not set");
    }
    url.clone()
}

/// The MariaDB URL for these tests, or `None` with a printed note.
pub fn mysql_url() -> Option<String> {
    let url = std::env::var("VTQL_MYSQL_URL").ok();
    if url.is_none() {
        println!("skipped on MariaDB: VTQL_MYSQL_URL is not set");
    }
    url
}

/// Every server engine that is configured: (name, URL).
pub fn servers() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(url) = pg_url() {
        out.push(("postgres", url));
    }
    if let Some(url) = mysql_url() {
        out.push(("mariadb", url));
    }
    out
}

/// A fresh, writable SQLite file database under the test's temporary directory.
pub fn sqlite_file(name: &str) -> String {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("vtql_exec");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.db"));
    let _ = std::fs::remove_file(&path);
    std::fs::File::create(&path).unwrap();
    format!("sqlite:{}", path.display())
}

/// A statement without parameters.
pub fn sql(target: Target, text: &str) -> SqlQuery<'static> {
    SqlQuery {
        sql: text.to_owned(),
        params: vec![],
        target,
    }
}

/// A statement with parameters.
pub fn sql_with(target: Target, text: &str, params: Vec<SqlValue<'static>>) -> SqlQuery<'static> {
    SqlQuery {
        sql: text.to_owned(),
        params,
        target,
    }
}

/// Runs `text` and returns its rows, panicking with the error's sentence.
pub fn rows(db: &Database, text: &str) -> Rows {
    db.query(&sql(db.target(), text))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Runs `text`, panicking with the error's sentence.
pub fn exec(db: &Database, text: &str) {
    db.execute(&sql(db.target(), text))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
}

/// Opens `url` with default options.
pub fn open(url: &str) -> Database {
    Database::open(url, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// A name unique to this process and call, for rows other processes must not see.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}-{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The demo CRM's tables in `db`, loaded unless they are already there (the MariaDB
/// database is shared with other suites, which load the same data).
pub fn ensure_demo(db: &Database) {
    static LOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = LOADING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let present = db
        .query(&sql(db.target(), "SELECT count(*) FROM vtiger_crmentity"))
        .is_ok_and(|r| r.rows.first().and_then(|r| r[0].as_deref()) != Some("0"));
    if !present {
        db.execute_all(&vtql::demo::setup_sql(db.target(), &vtql::demo::dataset()))
            .unwrap_or_else(|e| panic!("loading the demo: {e}"));
    }
}
