//! What `vtql serve` is told: [`ServeOptions`] and its request [`Limits`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::log::{RequestLog, StderrLog};

/// Size and time limits on requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest request body read; a larger one gets a `REQUEST_TOO_LARGE` answer and the
    /// connection is closed. Default 1 MiB.
    pub max_body_bytes: usize,
    /// Longest request target (path and query string) answered; a longer one gets
    /// `REQUEST_TOO_LARGE`. Request heads beyond this plus 16 KiB of headers are refused by
    /// the HTTP layer (status 431, connection closed). Default 64 KiB.
    pub max_url_bytes: usize,
    /// Longest time from a request's headers to its answer; past it the client gets
    /// `REQUEST_TIMEOUT`. Default 30 s.
    pub request_timeout: Duration,
    /// Longest time a client may take to send a request's headers (also the idle time of a
    /// kept-alive connection): slow-loris clients are disconnected after it. Default 10 s.
    pub header_read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_url_bytes: 64 << 10,
            request_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// Everything `vtql serve` is configured with. [`Default`] serves the embedded demo CRM on
/// `127.0.0.1:8080`, with a generated access key for `admin`.
#[derive(Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// Address to listen on (`host:port`; port 0 picks a free port). Default
    /// `127.0.0.1:8080`.
    pub listen: String,
    /// The database URL (`sqlite:PATH`, `postgres://...`, `mysql://...`); `None` is the
    /// embedded demo CRM in memory.
    pub db: Option<String>,
    /// Schema files or directories (`describe` / `listtypes` JSON); empty means the demo
    /// schema.
    pub schema: Vec<PathBuf>,
    /// The module-to-table mapping (JSON); `None` means the demo mapping with the demo
    /// schema, else the conventional mapping of `schema`.
    pub mapping: Option<PathBuf>,
    /// The users file (users, access keys, ids and the schema each one sees); `None` means
    /// one user `admin` who sees the whole schema.
    pub users: Option<PathBuf>,
    /// The access key of `admin` when there is no users file; `None` generates one (see
    /// [`crate::Server::generated_access_key`]); `vtql serve` reads it from `VTQL_ACCESS_KEY`.
    pub access_key: Option<String>,
    /// The query language accepted. Default [`vtql::Dialect::Vtiger`]: what the real
    /// server accepts and executes correctly.
    pub dialect: vtql::Dialect,
    /// How `and`/`or` chains are read. Default [`vtql::Precedence::SqlPrecedence`]: the
    /// real server pastes the chain into SQL, where `and` binds tighter, and clients'
    /// queries were written (and tested) against that reading.
    pub precedence: vtql::Precedence,
    /// Most rows a query returns. Default 100, as on the real server.
    pub row_cap: u64,
    /// Idle time after which a session expires. Default 1440 s (the real server's PHP
    /// session garbage collection).
    pub session_idle: Duration,
    /// How often idle sessions and expired challenges are purged. Default 60 s.
    pub purge_interval: Duration,
    /// (Re)create the demo tables and data in `db` before serving.
    pub load_demo: bool,
    /// Request size and time limits.
    pub limits: Limits,
    /// Database connections: pool size, connect, statement and acquire timeouts.
    pub database: vtql_exec::Options,
    /// Where request lines go. Default standard error.
    pub log: Arc<dyn RequestLog>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            listen: "127.0.0.1:8080".into(),
            db: None,
            schema: Vec::new(),
            mapping: None,
            users: None,
            access_key: None,
            dialect: vtql::Dialect::Vtiger,
            precedence: vtql::Precedence::SqlPrecedence,
            row_cap: 100,
            session_idle: Duration::from_secs(1440),
            purge_interval: Duration::from_secs(60),
            load_demo: false,
            limits: Limits::default(),
            database: vtql_exec::Options::default(),
            log: Arc::new(StderrLog),
        }
    }
}

impl std::fmt::Debug for ServeOptions {
    /// Everything but the access key and the database URL past its scheme.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeOptions")
            .field("listen", &self.listen)
            // The scheme only: a URL may hold a password.
            .field(
                "db",
                &self
                    .db
                    .as_deref()
                    .map(|u| u.split(':').next().unwrap_or("")),
            )
            .field("schema", &self.schema)
            .field("mapping", &self.mapping)
            .field("users", &self.users)
            .field("access_key", &self.access_key.as_ref().map(|_| "<set>"))
            .field("dialect", &self.dialect)
            .field("precedence", &self.precedence)
            .field("row_cap", &self.row_cap)
            .field("session_idle", &self.session_idle)
            .field("purge_interval", &self.purge_interval)
            .field("load_demo", &self.load_demo)
            .field("limits", &self.limits)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}
