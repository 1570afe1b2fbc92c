//! The vtiger / Simply CRM web-service contract (`webservice.php`) over vtql, without a
//! transport: request parameters in, the JSON answer out.
//!
//! The operations `getchallenge`, `login`, `logout`, `listtypes`, `describe`, `query` and
//! `retrieve` answer as the real server does (envelope, error codes and messages, record
//! encoding); [`Service::handle`] is the one entry point. The database and the session
//! storage are traits ([`Backend`], [`SessionStore`]) so that this crate has no HTTP and no
//! driver in it: `vtql-exec` implements them on SQLite, PostgreSQL and MariaDB, and
//! `vtql serve` puts HTTP in front.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod backend;
pub mod store;

pub use backend::{Backend, BackendError, Rows};
pub use store::{Challenge, Session, SessionStore};

/// The HTTP method a request came with; the service needs it only for the real server's
/// one method check (`logout` must be a POST).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET (and HEAD).
    Get,
    /// POST.
    Post,
    /// Anything else.
    Other,
}

/// One request, transport-free: parameters already percent-decoded to text.
#[derive(Clone, Debug)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// Parameters of the URL's query string, in order (empty pairs dropped).
    pub url: Vec<(String, String)>,
    /// Parameters of a urlencoded or multipart body, in order.
    pub body: Vec<(String, String)>,
}
