//! [`ExecError`]: why opening a database or running a statement failed.

use vtql_service::BackendError;

/// Why opening a database or running a statement failed. Messages are sentences: URLs
/// have their password replaced by `***`, driver errors are given as the database's
/// message (with PostgreSQL's SQLSTATE), never as Rust debug output.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The URL names no engine this crate knows.
    #[error(
        "unsupported database URL `{url}`: use `sqlite:PATH`, `postgres://...` or `mysql://...`"
    )]
    UnsupportedUrl {
        /// The URL, redacted.
        url: String,
    },
    /// The URL names an engine but cannot be read.
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL, redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A new connection failed.
    #[error("cannot connect to {engine} at `{url}`: {reason}")]
    Connect {
        /// `SQLite`, `PostgreSQL` or `MySQL`.
        engine: &'static str,
        /// The URL, redacted.
        url: String,
        /// The driver's or server's message.
        reason: String,
    },
    /// A SQLite database file cannot be opened.
    #[error("cannot open SQLite database `{path}`: {reason}")]
    OpenFile {
        /// The file.
        path: String,
        /// SQLite's message.
        reason: String,
    },
    /// A new connection did not complete within the connect timeout.
    #[error("cannot connect to {engine} at `{url}`: no answer within {millis} ms")]
    ConnectTimeout {
        /// `PostgreSQL` or `MySQL`.
        engine: &'static str,
        /// The URL, redacted.
        url: String,
        /// The connect timeout.
        millis: u64,
    },
    /// Every pooled connection stayed busy for the whole acquire timeout.
    #[error("no database connection became free within {millis} ms")]
    PoolTimeout {
        /// The acquire timeout.
        millis: u64,
    },
    /// The connection broke while in use (the server restarted, or killed it).
    #[error("the connection to {engine} was lost: {reason}")]
    ConnectionLost {
        /// `PostgreSQL` or `MySQL`.
        engine: &'static str,
        /// The driver's message.
        reason: String,
    },
    /// The statement ran past the statement timeout and was cancelled.
    #[error(
        "the statement ran longer than the statement timeout of {millis} ms and was cancelled"
    )]
    Timeout {
        /// The statement timeout.
        millis: u64,
    },
    /// A parameter cannot be sent as the type the statement needs there.
    #[error("cannot bind {value} to a {engine} parameter of type {ty}")]
    Bind {
        /// `PostgreSQL`.
        engine: &'static str,
        /// The value, as the translator prints it.
        value: String,
        /// The parameter's type.
        ty: String,
    },
    /// The database refused or failed the statement.
    #[error("{engine} refused the statement: {message}")]
    Query {
        /// `SQLite`, `PostgreSQL` or `MySQL`.
        engine: &'static str,
        /// The database's message.
        message: String,
    },
    /// The operation does not apply to this database.
    #[error("{0}")]
    Unsupported(String),
}

impl ExecError {
    /// Whether the connection it happened on is gone (it is discarded, and a read-only
    /// statement is retried on another one).
    pub fn is_connection_lost(&self) -> bool {
        matches!(self, ExecError::ConnectionLost { .. })
    }
}

impl From<ExecError> for BackendError {
    fn from(e: ExecError) -> Self {
        match e {
            ExecError::Timeout { millis } => BackendError::Timeout(millis),
            ExecError::Connect { .. }
            | ExecError::OpenFile { .. }
            | ExecError::ConnectTimeout { .. }
            | ExecError::PoolTimeout { .. }
            | ExecError::ConnectionLost { .. }
            | ExecError::UnsupportedUrl { .. }
            | ExecError::InvalidUrl { .. } => BackendError::Unavailable(e.to_string()),
            other => BackendError::Query(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_errors_keep_the_kind() {
        let lost = ExecError::ConnectionLost {
            engine: "PostgreSQL",
            reason: "connection closed".into(),
        };
        assert!(lost.is_connection_lost());
        assert!(matches!(
            BackendError::from(lost),
            BackendError::Unavailable(_)
        ));
        assert_eq!(
            BackendError::from(ExecError::Timeout { millis: 7 }),
            BackendError::Timeout(7)
        );
        let q = ExecError::Query {
            engine: "SQLite",
            message: "no such table: x".into(),
        };
        assert_eq!(
            BackendError::from(q),
            BackendError::Query("SQLite refused the statement: no such table: x".into())
        );
    }
}
