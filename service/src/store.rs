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

/// A [`SessionStore`] in this process's memory, for one server process (SQLite, tests).
///
/// ```
/// use vtql_service::{Challenge, MemoryStore, SessionStore};
/// let store = MemoryStore::new();
/// store.create_session("s1", "admin", 100).unwrap();
/// assert!(store.touch_session("s1", 200, 1440).unwrap().is_some());
/// assert!(store.touch_session("s1", 2000, 1440).unwrap().is_none()); // idle too long
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: std::sync::Mutex<Memory>,
}

#[derive(Debug, Default)]
struct Memory {
    challenges: std::collections::HashMap<String, Challenge>,
    sessions: std::collections::HashMap<String, Session>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panic while holding the lock leaves consistent maps (every update is one
        // insert or remove), so a poisoned lock is still usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SessionStore for MemoryStore {
    fn put_challenge(&self, user_name: &str, challenge: &Challenge) -> Result<(), BackendError> {
        self.lock()
            .challenges
            .insert(user_name.to_owned(), challenge.clone());
        Ok(())
    }

    fn challenge(&self, user_name: &str) -> Result<Option<Challenge>, BackendError> {
        Ok(self.lock().challenges.get(user_name).cloned())
    }

    fn create_session(&self, id: &str, user_name: &str, now: i64) -> Result<(), BackendError> {
        self.lock().sessions.insert(
            id.to_owned(),
            Session {
                user_name: user_name.to_owned(),
                last_seen: now,
            },
        );
        Ok(())
    }

    fn touch_session(
        &self,
        id: &str,
        now: i64,
        idle_seconds: i64,
    ) -> Result<Option<Session>, BackendError> {
        let mut m = self.lock();
        let Some(s) = m.sessions.get_mut(id) else {
            return Ok(None);
        };
        if s.last_seen < now.saturating_sub(idle_seconds) {
            m.sessions.remove(id);
            return Ok(None);
        }
        s.last_seen = s.last_seen.max(now);
        Ok(Some(s.clone()))
    }

    fn delete_session(&self, id: &str) -> Result<bool, BackendError> {
        Ok(self.lock().sessions.remove(id).is_some())
    }

    fn purge(&self, now: i64, idle_seconds: i64) -> Result<(), BackendError> {
        let mut m = self.lock();
        m.challenges.retain(|_, c| c.expires_at >= now);
        let oldest = now.saturating_sub(idle_seconds);
        m.sessions.retain(|_, s| s.last_seen >= oldest);
        Ok(())
    }
}
