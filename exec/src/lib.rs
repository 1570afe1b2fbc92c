//! Runs vtql's SQL on SQLite, PostgreSQL and MariaDB/MySQL: the one executor of
//! `vtql run` and `vtql serve`.
//!
//! - [`Database`]: a connection pool ([`Options`]: pool size, connect, statement and
//!   acquire timeouts) on a `sqlite:`, `postgres://` or `mysql://` URL, or the embedded
//!   demo CRM ([`Database::demo`]). Results come back as the database's own text
//!   ([`vtql_service::Rows`]: `1500.00000000` for a DECIMAL(25,8), `2020-11-17
//!   00:01:15` for a DATETIME, `1` for a TINYINT or a true boolean, `None` for NULL), as
//!   the real vtiger server sends them. Parameters ([`vtql::sql::SqlValue`]) are bound
//!   as the types the statement needs (a number against a PostgreSQL NUMERIC, a date
//!   against a DATE or TIMESTAMP).
//! - [`Database`] implements the service's [`Backend`](vtql_service::Backend), and
//!   [`SqlStore`] its [`SessionStore`](vtql_service::SessionStore) in two tables, shared
//!   by every server process on the same database.
//! - [`ExecError`]: sentences, URLs redacted ([`redact`]), no Rust debug output.
//!
//! SQLite connections get a Unicode `lower()` folding as vtql's evaluator does
//! (`char::to_lowercase` per character), since the translator lowers both sides of
//! text comparisons and SQLite's own `lower()` folds ASCII only.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod database;
mod error;
mod mysql;
mod options;
mod pool;
mod postgres;
mod sqlite;
mod store;
mod typed;
mod url;

pub use database::Database;
pub use error::ExecError;
pub use options::Options;
pub use store::SqlStore;
pub use typed::{Kind, TypedRows};
pub use url::{redact, target_of};
