//! Where challenges and sessions live: [`SessionStore`]. [`MemoryStore`] serves one
//! process; `vtql-exec` provides a store in PostgreSQL or MariaDB so that several server
//! processes behind a load balancer share sessions.

use crate::backend::BackendError;

/// A login challenge: the token handed out by `getchallenge` and when it expires
/// (Unix seconds). One per user: a new challenge replaces the previous one, as on the
/// real server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The token (hex).
    pub token: String,
    /// Unix time after which the token is refused.
    pub expires_at: i64,
}

/// A live session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The user name it belongs to.
    pub user_name: String,
    /// Unix time of the last request that used it.
    pub last_seen: i64,
}

/// Storage of challenges and sessions. Every method is one atomic step, so that an
/// implementation over a shared database is safe with several server processes.
/// Secrets (tokens, session ids) are stored as given; implementations never log them.
pub trait SessionStore: Send + Sync {
    /// Stores `challenge` for `user_name`, replacing any earlier one.
    fn put_challenge(&self, user_name: &str, challenge: &Challenge) -> Result<(), BackendError>;

    /// The challenge of `user_name`, if any (expired ones included: the caller checks).
    fn challenge(&self, user_name: &str) -> Result<Option<Challenge>, BackendError>;

    /// Creates session `id` for `user_name` at time `now`.
    fn create_session(&self, id: &str, user_name: &str, now: i64) -> Result<(), BackendError>;

    /// Looks session `id` up. If it exists and was last seen at or after
    /// `now - idle_seconds`, marks it seen at `now` and returns it; an idle session is
    /// deleted and `None` returned.
    fn touch_session(
        &self,
        id: &str,
        now: i64,
        idle_seconds: i64,
    ) -> Result<Option<Session>, BackendError>;

    /// Deletes session `id`; `true` if it existed.
    fn delete_session(&self, id: &str) -> Result<bool, BackendError>;

    /// Deletes expired challenges and idle sessions (called now and then by the server).
    fn purge(&self, now: i64, idle_seconds: i64) -> Result<(), BackendError>;
}
