//! The vtiger / Simply CRM web-service contract (`webservice.php`) over vtql, without a
//! transport: request parameters in, the JSON answer out.
//!
//! The operations `getchallenge`, `login`, `logout`, `listtypes`, `describe`, `query` and
//! `retrieve` answer as the real server does: the envelope, the error codes and messages,
//! and query rows encoded as its records (every value a string, ids and references as
//! `<prefix>x<number>`; [`web_service_ids`] gives the same rewriting to other tools).
//! [`Service::handle`] is the one entry point. The database and the session
//! storage are traits ([`Backend`], [`SessionStore`]) so that this crate has no HTTP and no
//! driver in it: `vtql-exec` implements them on SQLite, PostgreSQL and MariaDB, and
//! `vtql serve` puts HTTP in front.
//!
//! ```
//! # #[cfg(feature = "demo")] {
//! use std::sync::Arc;
//! use vtql_service::{Backend, BackendError, Config, MemoryStore, Method, Request, Rows, Service};
//!
//! /// A database that has no rows (a real server uses `vtql_exec::Database`).
//! struct Empty;
//! impl Backend for Empty {
//!     fn target(&self) -> vtql::sql::Target { vtql::sql::Target::Sqlite }
//!     fn query(&self, _: &vtql::sql::SqlQuery<'_>) -> Result<Rows, BackendError> {
//!         Ok(Rows::default())
//!     }
//! }
//!
//! let service = Service::new(Config::demo("secret"), Arc::new(Empty), Arc::new(MemoryStore::new()));
//! let get = |pairs: &[(&str, &str)]| Request {
//!     method: Method::Get,
//!     url: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
//!     body: Vec::new(),
//! };
//! let answer = service.handle(&get(&[("operation", "query"), ("query", "select * from Contacts;")]), 0);
//! assert_eq!(answer.json, r#"{"success":false,"error":{"message":"Authencation required","code":"AUTHENTICATION_REQUIRED"}}"#);
//! let answer = service.handle(&get(&[("operation", "getchallenge"), ("username", "admin")]), 1_700_000_000);
//! assert!(answer.json.contains(r#""serverTime":1700000000,"expireTime":1700000300"#));
//! # }
//! ```
//!
//! ## Where vtql differs from the real server, on purpose
//!
//! | situation | real server | vtql |
//! |---|---|---|
//! | unknown or missing `operation` | PHP fatal error: HTTP 500 or an HTML page (which kills node-vtiger) | JSON `UNKNOWN_OPERATION` "Unknown operation requested" |
//! | a query the real server turns into broken SQL (`where a = 'x' and`, a `;` inside the query, ...) | `DATABASE_QUERY_ERROR` or wrong rows | `QUERY_SYNTAX_ERROR` with vtql's precise message, code and position; vtql never emits broken SQL |
//! | error messages of queries | short fixed texts | vtql's message with its code and position, e.g. ``Contacts` has no field `emial` (E0204 at 1:29)`` |
//! | challenge tokens and session ids | `uniqid()`: time-based, guessable | 128 random bits from the OS |
//! | the login proof | `strcmp` | compared in constant time |
//! | a module the server has no table for | rows (it has every table) | `ACCESS_DENIED` naming the missing table (S0001) |
//! | retrieving a Users record | exposes `user_password` and `accesskey` | secret fields are never in any user's schema |
//! | owner `0` / unknown owner (vtiger 8) | `"0"` / the bare number | the same |
//! | and/or without parentheses | MySQL's precedence (`and` first) | the same by default ([`Config::precedence`]) |

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod backend;
pub mod config;
mod describe;
mod encode;
pub mod envelope;
mod ops;
mod secret;
mod service;
pub mod store;
pub mod users;

pub use backend::{Backend, BackendError, Rows};
pub use config::Config;
pub use encode::web_service_ids;
pub use service::{Outcome, Response, Service};
pub use store::{Challenge, MemoryStore, Session, SessionStore};

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
