//! HTTP front of `vtql-service`: `vtql serve`, a `webservice.php`-compatible query server.
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
