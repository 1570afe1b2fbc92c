//! [`ServeError`]: why the server could not start or stopped.

/// Why `vtql serve` could not start, or stopped with an error. Messages are sentences
/// without credentials (database URLs are redacted).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// A configuration file (schema, mapping, users) is missing or invalid.
    #[error("{0}")]
    Config(String),
    /// The database cannot be opened or prepared.
    #[error("{0}")]
    Database(String),
    /// The listen address cannot be bound.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address as given.
        address: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The async runtime or the signal handlers cannot be set up.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}
