//! [`SqlStore`]: challenges and sessions in two tables of a shared database, so that
//! several `vtql serve` processes behind a load balancer share logins.

use std::borrow::Cow;

use vtql::sql::{SqlQuery, SqlValue, Target};
use vtql_service::{BackendError, Challenge, Session, SessionStore};

use crate::{Database, ExecError};

/// A [`SessionStore`] in the tables `vtql_ws_challenge` and `vtql_ws_session` of a
/// PostgreSQL, MariaDB/MySQL or SQLite database. Every operation is one atomic
/// statement (an upsert, an `UPDATE ... RETURNING`, a `DELETE`), safe with any number of
/// processes on the same database.
#[derive(Clone, Debug)]
pub struct SqlStore {
    db: Database,
}

/// `?` placeholders as the target writes them (`$1`.. on PostgreSQL). The statements
/// here contain no `?` other than placeholders.
fn statement<'a>(target: Target, sql: &str, params: Vec<SqlValue<'a>>) -> SqlQuery<'a> {
    let sql = match target {
        Target::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push('$');
                    out.push_str(&n.to_string());
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    SqlQuery {
        sql,
        params,
        target,
    }
}

fn text(s: &str) -> SqlValue<'_> {
    SqlValue::Text(Cow::Borrowed(s))
}

/// A stored integer, as text from the database.
fn int(cell: Option<&Option<String>>) -> Result<i64, ExecError> {
    cell.and_then(|c| c.as_deref())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            ExecError::Unsupported("the session table holds a value that is not a number".into())
        })
}

impl SqlStore {
    /// A store on `db`; creates its tables if they are missing (safe when several
    /// processes start at once). Refuses the demo database, whose connections each
    /// hold a private copy.
    pub fn new(db: Database) -> Result<SqlStore, ExecError> {
        if db.is_private_copy() {
            return Err(ExecError::Unsupported(
                "the session store needs a database shared by every connection; the demo \
                 database gives each connection its own copy"
                    .into(),
            ));
        }
        let target = db.target();
        let suffix = if target == Target::MySql {
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
        } else {
            ""
        };
        let mut setup = Vec::new();
        if target == Target::Postgres {
            // Concurrent `CREATE TABLE IF NOT EXISTS` can collide in PostgreSQL's
            // catalogue; a transaction-scoped advisory lock serialises the creators.
            setup.push(statement(
                target,
                "SELECT pg_advisory_xact_lock(7613290331)",
                vec![],
            ));
        }
        setup.push(statement(
            target,
            &format!(
                "CREATE TABLE IF NOT EXISTS vtql_ws_challenge (user_name VARCHAR(255) NOT NULL \
                 PRIMARY KEY, token VARCHAR(255) NOT NULL, expires_at BIGINT NOT NULL){suffix}"
            ),
            vec![],
        ));
        setup.push(statement(
            target,
            &format!(
                "CREATE TABLE IF NOT EXISTS vtql_ws_session (id VARCHAR(255) NOT NULL PRIMARY \
                 KEY, user_name VARCHAR(255) NOT NULL, last_seen BIGINT NOT NULL){suffix}"
            ),
            vec![],
        ));
        db.execute_all(&setup)?;
        Ok(SqlStore { db })
    }

    fn target(&self) -> Target {
        self.db.target()
    }

    fn delete_idle(&self, id: &str, oldest: i64) -> Result<(), ExecError> {
        self.db.execute(&statement(
            self.target(),
            "DELETE FROM vtql_ws_session WHERE id = ? AND last_seen < ?",
            vec![text(id), SqlValue::Int(oldest)],
        ))?;
        Ok(())
    }

    fn touch(&self, id: &str, now: i64, idle_seconds: i64) -> Result<Option<Session>, ExecError> {
        let target = self.target();
        let oldest = now.saturating_sub(idle_seconds);
        let found = match target {
            Target::Postgres | Target::Sqlite => {
                let rows = self.db.query(&statement(
                    target,
                    "UPDATE vtql_ws_session SET last_seen = ? WHERE id = ? AND last_seen >= ? \
                     RETURNING user_name",
                    vec![SqlValue::Int(now), text(id), SqlValue::Int(oldest)],
                ))?;
                rows.rows
                    .into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next().flatten())
            }
            Target::MySql => {
                // No UPDATE ... RETURNING: update, then read what the update kept alive
                // (a session fresh at the update stays fresh for the read).
                self.db.execute(&statement(
                    target,
                    "UPDATE vtql_ws_session SET last_seen = GREATEST(last_seen, ?) WHERE id = ? \
                     AND last_seen >= ?",
                    vec![SqlValue::Int(now), text(id), SqlValue::Int(oldest)],
                ))?;
                let rows = self.db.query(&statement(
                    target,
                    "SELECT user_name FROM vtql_ws_session WHERE id = ? AND last_seen >= ?",
                    vec![text(id), SqlValue::Int(oldest)],
                ))?;
                rows.rows
                    .into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next().flatten())
            }
        };
        match found {
            Some(user_name) => Ok(Some(Session {
                user_name,
                last_seen: now,
            })),
            None => {
                self.delete_idle(id, oldest)?;
                Ok(None)
            }
        }
    }
}

impl SessionStore for SqlStore {
    fn put_challenge(&self, user_name: &str, challenge: &Challenge) -> Result<(), BackendError> {
        let sql = match self.target() {
            Target::MySql => {
                "INSERT INTO vtql_ws_challenge (user_name, token, expires_at) VALUES (?, ?, ?) \
                 ON DUPLICATE KEY UPDATE token = VALUES(token), expires_at = VALUES(expires_at)"
            }
            _ => {
                "INSERT INTO vtql_ws_challenge (user_name, token, expires_at) VALUES (?, ?, ?) \
                 ON CONFLICT (user_name) DO UPDATE SET token = excluded.token, \
                 expires_at = excluded.expires_at"
            }
        };
        self.db.execute(&statement(
            self.target(),
            sql,
            vec![
                text(user_name),
                text(&challenge.token),
                SqlValue::Int(challenge.expires_at),
            ],
        ))?;
        Ok(())
    }

    fn challenge(&self, user_name: &str) -> Result<Option<Challenge>, BackendError> {
        let rows = self.db.query(&statement(
            self.target(),
            "SELECT token, expires_at FROM vtql_ws_challenge WHERE user_name = ?",
            vec![text(user_name)],
        ))?;
        let Some(row) = rows.rows.first() else {
            return Ok(None);
        };
        Ok(Some(Challenge {
            token: row.first().cloned().flatten().unwrap_or_default(),
            expires_at: int(row.get(1))?,
        }))
    }

    fn create_session(&self, id: &str, user_name: &str, now: i64) -> Result<(), BackendError> {
        self.db.execute(&statement(
            self.target(),
            "INSERT INTO vtql_ws_session (id, user_name, last_seen) VALUES (?, ?, ?)",
            vec![text(id), text(user_name), SqlValue::Int(now)],
        ))?;
        Ok(())
    }

    fn touch_session(
        &self,
        id: &str,
        now: i64,
        idle_seconds: i64,
    ) -> Result<Option<Session>, BackendError> {
        Ok(self.touch(id, now, idle_seconds)?)
    }

    fn delete_session(&self, id: &str) -> Result<bool, BackendError> {
        let n = self.db.execute(&statement(
            self.target(),
            "DELETE FROM vtql_ws_session WHERE id = ?",
            vec![text(id)],
        ))?;
        Ok(n > 0)
    }

    fn purge(&self, now: i64, idle_seconds: i64) -> Result<(), BackendError> {
        self.db.execute(&statement(
            self.target(),
            "DELETE FROM vtql_ws_challenge WHERE expires_at < ?",
            vec![SqlValue::Int(now)],
        ))?;
        self.db.execute(&statement(
            self.target(),
            "DELETE FROM vtql_ws_session WHERE last_seen < ?",
            vec![SqlValue::Int(now.saturating_sub(idle_seconds))],
        ))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_per_target() {
        let q = statement(Target::Postgres, "a = ? AND b = ?", vec![]);
        assert_eq!(q.sql, "a = $1 AND b = $2");
        let q = statement(Target::MySql, "a = ?", vec![]);
        assert_eq!(q.sql, "a = ?");
    }
}
