//! How a [`Service`](crate::Service) reads queries and answers: [`Config`].

use vtql::sql::Mapping;
use vtql::{Dialect, Precedence};

use crate::users::Directory;

/// Everything a [`Service`](crate::Service) needs besides its database and session
/// store. Build it with [`Config::new`] or [`Config::demo`] and the setters.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Who may log in, and the schema each user sees.
    pub directory: Directory,
    /// Where modules and fields live in the database.
    pub mapping: Mapping,
    /// How queries are read. Default [`Dialect::Vtiger`]: exactly what real servers accept,
    /// since clients' queries were written against them.
    pub dialect: Dialect,
    /// How `and`/`or` chains are grouped. Default [`Precedence::SqlPrecedence`] (`and`
    /// before `or`): real servers paste the chain into MySQL's `WHERE` unparenthesised, so
    /// MySQL's precedence is what every existing client query was tested against.
    pub precedence: Precedence,
    /// The most rows one query returns (default 100, the real server's cap).
    pub row_cap: u64,
    /// Seconds a session may stay unused before it is refused (default 1,440: the real
    /// server's sessions end with PHP's session garbage collection after 24 minutes).
    pub session_idle_seconds: i64,
    /// Seconds a login challenge stays valid (300, as on the real server).
    pub challenge_seconds: i64,
    /// The `vtigerVersion` of the login answer.
    pub vtiger_version: String,
}

impl Config {
    /// A configuration with the real server's defaults.
    pub fn new(directory: Directory, mapping: Mapping) -> Config {
        Config {
            directory,
            mapping,
            dialect: Dialect::Vtiger,
            precedence: Precedence::SqlPrecedence,
            row_cap: 100,
            session_idle_seconds: 1_440,
            challenge_seconds: 300,
            vtiger_version: "7.1.0".to_owned(),
        }
    }

    /// The demo CRM (schema, mapping, users `admin` with `access_key` and the demo's
    /// other owners, groups 6 and 7).
    #[cfg(feature = "demo")]
    pub fn demo(access_key: &str) -> Config {
        Config::new(
            Directory::demo(vtql::demo::schema(), access_key),
            vtql::demo::mapping(),
        )
    }

    /// Sets the dialect.
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Sets the and/or reading.
    pub fn precedence(mut self, precedence: Precedence) -> Self {
        self.precedence = precedence;
        self
    }

    /// Sets the row cap.
    pub fn row_cap(mut self, row_cap: u64) -> Self {
        self.row_cap = row_cap;
        self
    }

    /// Sets the idle lifetime of sessions, in seconds.
    pub fn session_idle_seconds(mut self, seconds: i64) -> Self {
        self.session_idle_seconds = seconds;
        self
    }
}
