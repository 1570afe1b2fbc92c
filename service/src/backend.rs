//! What the service needs from a database: run one translated statement and hand back
//! its rows as the database's own text. Implemented by `vtql-exec` for SQLite,
//! PostgreSQL and MariaDB/MySQL; the service itself never opens a connection.

use vtql::sql::{SqlQuery, Target};

/// The rows of one statement: column names in select order, then one row per record,
/// each cell the value as the database renders it as text (`"1500.00000000"` for a
/// DECIMAL(25,8), `"2020-11-17 00:01:15"` for a DATETIME, `"1"` for a TINYINT), `None`
/// for SQL NULL. This is exactly what the real server sends back, so the encoder never
/// formats a value itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rows {
    /// Column names (the `AS` names of the translated SQL: field names, `id`, `count`).
    pub columns: Vec<String>,
    /// The records.
    pub rows: Vec<Vec<Option<String>>>,
}

/// Why a statement failed. The message is a sentence safe to log (no credentials, no
/// Rust debug output); the service answers `DATABASE_QUERY_ERROR` without it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BackendError {
    /// The database is unreachable or the pool has no free connection in time.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The statement ran over the statement timeout.
    #[error("statement timed out after {0} ms")]
    Timeout(u64),
    /// The database refused or failed the statement.
    #[error("database error: {0}")]
    Query(String),
}

/// A database the service can query. Calls block; an async server runs them on its
/// blocking pool. Implementations are shared between threads (`Send + Sync`) and pool
/// their connections.
pub trait Backend: Send + Sync {
    /// The engine, which decides the SQL dialect the service translates to.
    fn target(&self) -> Target;

    /// Runs one read-only statement and returns its rows.
    fn query(&self, query: &SqlQuery<'_>) -> Result<Rows, BackendError>;
}

impl<B: Backend + ?Sized> Backend for std::sync::Arc<B> {
    fn target(&self) -> Target {
        (**self).target()
    }
    fn query(&self, query: &SqlQuery<'_>) -> Result<Rows, BackendError> {
        (**self).query(query)
    }
}
