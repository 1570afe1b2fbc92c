//! [`Options`]: timeouts and pool size.

use std::time::Duration;

/// How a [`Database`](crate::Database) connects, waits and pools.
///
/// ```
/// use std::time::Duration;
/// let options = vtql_exec::Options::default()
///     .connect_timeout(Duration::from_secs(2))
///     .pool_size(4);
/// assert_eq!(options.pool_size, 4);
/// assert_eq!(options.statement_timeout, Duration::from_secs(30));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The longest a new connection may take, startup and authentication included
    /// (default 5 s).
    pub connect_timeout: Duration,
    /// The longest one statement may run (default 30 s): PostgreSQL's
    /// `statement_timeout`, MariaDB's `max_statement_time`, SQLite's progress handler.
    pub statement_timeout: Duration,
    /// The most connections open at once (default twice the cores, 8 if unknown).
    pub pool_size: usize,
    /// The longest a request waits for a free connection (default 5 s).
    pub acquire_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        Options {
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
            pool_size: cores.saturating_mul(2).max(1),
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

impl Options {
    /// Sets [`Options::connect_timeout`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// Sets [`Options::statement_timeout`].
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = timeout;
        self
    }
    /// Sets [`Options::pool_size`] (at least 1).
    pub fn pool_size(mut self, size: usize) -> Self {
        self.pool_size = size.max(1);
        self
    }
    /// Sets [`Options::acquire_timeout`].
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }
}

/// Milliseconds of `d`, saturated, for messages.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
