//! SQLite: opening (a file, or an in-memory copy of the demo CRM), the Unicode
//! `lower()`, typed parameters, and the statement timeout through the progress handler.

use std::time::{Duration, Instant};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use vtql::sql::{SqlQuery, SqlValue};
use vtql_service::Rows;

use crate::options::millis;
use crate::typed::{sqlite_real, Kind, TypedRows};
use crate::ExecError;

const ENGINE: &str = "SQLite";

/// Prepared statements kept per connection (the server repeats a few query shapes).
const STATEMENT_CACHE: usize = 64;

/// Virtual-machine steps between two checks of the statement deadline.
const PROGRESS_STEPS: i32 = 1_000;

fn refused(e: rusqlite::Error, timeout: Duration) -> ExecError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.code == rusqlite::ErrorCode::OperationInterrupted {
            return ExecError::Timeout {
                millis: millis(timeout),
            };
        }
    }
    ExecError::Query {
        engine: ENGINE,
        message: e.to_string(),
    }
}

fn prepare(conn: &Connection) -> Result<(), ExecError> {
    register_unicode_lower(conn).map_err(|e| refused(e, Duration::ZERO))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// Opens the database file at `path` for reading and writing (read-only if the file
/// is write-protected); the file must exist.
pub(crate) fn open_file(path: &str, busy: Duration) -> Result<Connection, ExecError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| ExecError::OpenFile {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    conn.busy_timeout(busy).map_err(|e| refused(e, busy))?;
    prepare(&conn)?;
    Ok(conn)
}

/// A new in-memory database loaded with `setup`.
pub(crate) fn open_memory(setup: &[SqlQuery<'_>]) -> Result<Connection, ExecError> {
    let mut conn = Connection::open_in_memory().map_err(|e| ExecError::Connect {
        engine: ENGINE,
        url: "sqlite::memory:".into(),
        reason: e.to_string(),
    })?;
    prepare(&conn)?;
    execute_all(&mut conn, setup, Duration::ZERO)?;
    // Table statistics, so that the planner starts the typical join from the module's
    // own table rather than from vtiger_crmentity, which holds every module's records.
    conn.execute_batch("ANALYZE")
        .map_err(|e| ExecError::Query {
            engine: ENGINE,
            message: e.to_string(),
        })?;
    Ok(conn)
}

/// Replaces SQLite's ASCII-only `lower()` with the fold of vtql's evaluator
/// ([`vtql::eval::fold`]: each character's simple lower case, as PostgreSQL and MariaDB
/// fold). Not `str::to_lowercase`, which turns a word-final `Σ` into `ς` and `İ` into
/// `i̇` where the evaluator (and every other engine) has `σ` and `i`.
fn register_unicode_lower(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "lower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                // ASCII (most values): the same fold, without decoding characters.
                ValueRef::Text(t) if t.is_ascii() => {
                    Value::Text(String::from_utf8_lossy(t).to_ascii_lowercase())
                }
                ValueRef::Text(t) => {
                    Value::Text(vtql::eval::fold(&String::from_utf8_lossy(t)).into_owned())
                }
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Integer(i),
                ValueRef::Real(f) => Value::Real(f),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            })
        },
    )
}

fn params(q: &SqlQuery<'_>) -> Vec<Value> {
    q.params
        .iter()
        .map(|p| match p {
            SqlValue::Int(i) => Value::Integer(*i),
            SqlValue::Float(f) => Value::Real(*f),
            other => match other.as_str() {
                Some(s) => Value::Text(s.to_owned()),
                None => Value::Null,
            },
        })
        .collect()
}

/// Arms the statement deadline (`Duration::ZERO`: none) for the next statements.
fn arm(conn: &mut Connection, timeout: Duration) -> Result<(), ExecError> {
    let result = if timeout.is_zero() {
        conn.progress_handler(0, None::<fn() -> bool>)
    } else {
        let deadline = Instant::now() + timeout;
        conn.progress_handler(PROGRESS_STEPS, Some(move || Instant::now() >= deadline))
    };
    result.map_err(|e| refused(e, timeout))
}

/// Runs `q` and returns its rows as SQLite's text.
pub(crate) fn query(
    conn: &mut Connection,
    q: &SqlQuery<'_>,
    timeout: Duration,
) -> Result<TypedRows, ExecError> {
    arm(conn, timeout)?;
    let err = |e| refused(e, timeout);
    let mut stmt = conn.prepare_cached(&q.sql).map_err(err)?;
    let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let n = columns.len();
    // A column's kind: Integer if every value is an integer, Number if every value is
    // numeric, else Text (SQLite types values, not columns).
    let mut integer = vec![true; n];
    let mut numeric = vec![true; n];
    let mut out = Rows {
        columns,
        rows: Vec::new(),
    };
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params(q)))
        .map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            let value = row.get_ref(i).map_err(err)?;
            cells.push(match value {
                ValueRef::Null => None,
                ValueRef::Integer(v) => Some(v.to_string()),
                ValueRef::Real(f) => {
                    integer[i] = false;
                    Some(sqlite_real(f))
                }
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    integer[i] = false;
                    numeric[i] = false;
                    Some(String::from_utf8_lossy(t).into_owned())
                }
            });
        }
        out.rows.push(cells);
    }
    let any_value = |i: usize| {
        out.rows
            .iter()
            .any(|r| r.get(i).is_some_and(Option::is_some))
    };
    let kinds = (0..n)
        .map(|i| match (any_value(i), integer[i], numeric[i]) {
            (true, true, _) => Kind::Integer,
            (true, false, true) => Kind::Number,
            _ => Kind::Text,
        })
        .collect();
    Ok(TypedRows { rows: out, kinds })
}

/// Runs `q`, which returns no rows; the number of rows it changed.
pub(crate) fn execute(
    conn: &mut Connection,
    q: &SqlQuery<'_>,
    timeout: Duration,
) -> Result<usize, ExecError> {
    arm(conn, timeout)?;
    let mut stmt = conn
        .prepare_cached(&q.sql)
        .map_err(|e| refused(e, timeout))?;
    stmt.execute(rusqlite::params_from_iter(params(q)))
        .map_err(|e| refused(e, timeout))
}

/// Runs `statements` in one transaction.
pub(crate) fn execute_all(
    conn: &mut Connection,
    statements: &[SqlQuery<'_>],
    timeout: Duration,
) -> Result<(), ExecError> {
    arm(conn, timeout)?;
    let err = |e| refused(e, timeout);
    let tx = conn.transaction().map_err(err)?;
    for s in statements {
        tx.execute(&s.sql, rusqlite::params_from_iter(params(s)))
            .map_err(err)?;
    }
    tx.commit().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vtql::sql::Target;

    fn sql(text: &str) -> SqlQuery<'static> {
        SqlQuery {
            sql: text.into(),
            params: vec![],
            target: Target::Sqlite,
        }
    }

    #[test]
    fn lower_folds_like_the_evaluator() {
        let mut conn = open_memory(&[]).unwrap();
        let rows = query(
            &mut conn,
            &sql("SELECT lower('ΟΔΟΣ ÄÖÜ İSTANBUL STRAẞE')"),
            Duration::ZERO,
        )
        .unwrap();
        // `str::to_lowercase` would give `οδος` with a final sigma, and `i̇stanbul`.
        assert_eq!(
            rows.rows.rows[0][0].as_deref(),
            Some("οδοσ äöü istanbul straße")
        );
    }

    #[test]
    fn a_long_statement_is_interrupted() {
        let mut conn = open_memory(&[]).unwrap();
        let slow = sql(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        );
        let started = Instant::now();
        let e = query(&mut conn, &slow, Duration::from_millis(100)).unwrap_err();
        assert_eq!(e, ExecError::Timeout { millis: 100 });
        assert!(started.elapsed() < Duration::from_secs(5));
        // The connection still works, and without a deadline runs on.
        let one = query(&mut conn, &sql("SELECT 1"), Duration::ZERO).unwrap();
        assert_eq!(one.rows.rows, vec![vec![Some("1".to_owned())]]);
    }

    #[test]
    fn kinds_follow_the_values() {
        let mut conn = open_memory(&[]).unwrap();
        let rows = query(
            &mut conn,
            &sql("SELECT 1 AS i, 1.5 AS r, 'x' AS t, NULL AS n UNION ALL SELECT 2, 3, 'y', NULL"),
            Duration::ZERO,
        )
        .unwrap();
        assert_eq!(
            rows.kinds,
            vec![Kind::Integer, Kind::Number, Kind::Text, Kind::Text]
        );
        assert_eq!(rows.rows.columns, vec!["i", "r", "t", "n"]);
        assert_eq!(
            rows.rows.rows[0],
            vec![Some("1".into()), Some("1.5".into()), Some("x".into()), None]
        );
    }
}
