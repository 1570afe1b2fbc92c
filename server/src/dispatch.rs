//! The seam between HTTP and the service: a decoded [`Request`] in, an [`Answer`] out.
//! [`vtql_service::Service`] is the implementation `vtql serve` uses; the HTTP layer's
//! own tests plug in small ones (one that panics, one that is slow).

use vtql_service::Request;

/// The service's answer to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Answer {
    /// The JSON body.
    pub json: String,
    /// The operation as read (lower-cased), for the log.
    pub operation: String,
    /// The user, once known, for the log.
    pub user: Option<String>,
    /// The error code of the answer, `None` on success.
    pub error_code: Option<&'static str>,
}

/// Answers requests. Called on tokio's blocking pool: it may block on the database.
pub(crate) trait Dispatch: Send + Sync + 'static {
    /// Answers `request` at `now` (Unix seconds).
    fn dispatch(&self, request: &Request, now: i64) -> Answer;
}
