//! HTTP front of `vtql-service`: `vtql serve`, a `webservice.php`-compatible query server
//! that existing vtiger clients (vtigerpy, node-vtiger, vtwsclib) talk to unchanged.
//!
//! - [`Server::bind`] loads the configuration ([`ServeOptions`]: schema, mapping, users,
//!   database, limits), opens the database and binds the address;
//!   [`Server::serve_until`] answers until a shutdown future completes, then finishes
//!   in-flight requests. [`serve`] does both and prints the address; [`run`] does it on
//!   its own runtime until SIGINT/SIGTERM (what `vtql serve` calls).
//! - Every request to a path ending in `/webservice.php` gets HTTP 200 with
//!   `Content-Type: application/json`, whatever its method (`logout` alone checks it, in
//!   the service, as the real server does). URL parameters are always read, and so are
//!   urlencoded and multipart bodies; the service picks what each operation reads.
//!   Parameters are decoded like PHP, plus JavaScript `escape()` text ([`decode`]).
//! - The server's own answers (size and time limits, a panic, 404) are listed in
//!   [`answer`]; one JSON line per request goes to a [`log::RequestLog`] (stderr by
//!   default), without secrets or values.
//! - Robustness: body and URL size limits, a per-request timeout, a header read timeout
//!   against slow-loris clients, the service run on tokio's blocking pool, a panic
//!   answered as `INTERNAL_SERVER_ERROR`, idle sessions purged periodically.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vtql_server::ServeError> {
//! let mut options = vtql_server::ServeOptions::default();
//! options.listen = "127.0.0.1:0".into();
//! options.access_key = Some("secret".into());
//! let server = vtql_server::Server::bind(options).await?;
//! println!("http://{}/webservice.php", server.local_addr());
//! server.serve_until(async { let _ = tokio::signal::ctrl_c().await; }).await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod answer;
pub mod body;
pub mod decode;
mod dispatch;
pub mod error;
mod http;
mod listen;
pub mod log;
pub mod options;
mod server;
mod setup;
#[cfg(test)]
mod testing;

pub use error::ServeError;
pub use options::{Limits, ServeOptions};
pub use server::{run, serve, Server};
