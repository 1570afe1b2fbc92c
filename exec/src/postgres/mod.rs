//! PostgreSQL: one connection is a `tokio-postgres` client driven by its own
//! current-thread runtime (as the sync `postgres` crate does), so that connecting,
//! startup and authentication included, and every statement run under a timeout.

mod calendar;
mod numeric;
mod types;

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, NoTls, Statement};
use vtql::sql::SqlQuery;
use vtql_service::Rows;

use crate::options::millis;
use crate::typed::TypedRows;
use crate::url::redact;
use crate::{ExecError, Options};

const ENGINE: &str = "PostgreSQL";

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

/// How long past the server's statement timeout the client waits before it gives the
/// connection up (the server cancels first; this covers a server that stopped answering).
const GRACE: Duration = Duration::from_secs(5);

/// One connection.
pub(crate) struct Conn {
    runtime: Runtime,
    client: Client,
    statements: HashMap<String, Statement>,
    statement_timeout: Duration,
    /// Set when a statement was abandoned mid-way: the connection's state is unknown.
    broken: bool,
}

/// The server's message and SQLSTATE, or the driver's sentence.
fn message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

impl Conn {
    /// Connects to `url` (already known to be a PostgreSQL URL).
    pub fn connect(url: &str, options: &Options) -> Result<Conn, ExecError> {
        let mut config: tokio_postgres::Config =
            url.parse()
                .map_err(|e: tokio_postgres::Error| ExecError::InvalidUrl {
                    url: redact(url),
                    reason: e.to_string(),
                })?;
        config.connect_timeout(options.connect_timeout);
        let failed = |reason: String| ExecError::Connect {
            engine: ENGINE,
            url: redact(url),
            reason,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(format!("cannot start the driver's runtime: {e}")))?;
        let timed_out = || ExecError::ConnectTimeout {
            engine: ENGINE,
            url: redact(url),
            millis: millis(options.connect_timeout),
        };
        let (client, connection) = runtime
            .block_on(async {
                tokio::time::timeout(options.connect_timeout, config.connect(NoTls)).await
            })
            .map_err(|_| timed_out())?
            .map_err(|e| failed(message(&e)))?;
        // Driven whenever the runtime runs a statement; ends when the socket closes.
        runtime.spawn(async move {
            let _ = connection.await;
        });
        let conn = Conn {
            runtime,
            client,
            statements: HashMap::new(),
            statement_timeout: options.statement_timeout,
            broken: false,
        };
        let setup = format!(
            "SET statement_timeout = {}; SET TimeZone = 'UTC'",
            millis(options.statement_timeout)
        );
        let client = &conn.client;
        let done = conn.runtime.block_on(async {
            tokio::time::timeout(options.connect_timeout, client.batch_execute(&setup)).await
        });
        match done {
            Ok(Ok(())) => Ok(conn),
            Ok(Err(e)) => Err(failed(message(&e))),
            Err(_) => Err(timed_out()),
        }
    }

    /// Whether the connection can no longer be used.
    pub fn is_broken(&self) -> bool {
        self.broken || self.client.is_closed()
    }

    fn classify(&self, e: &tokio_postgres::Error) -> ExecError {
        match e.code() {
            Some(c) if *c == SqlState::QUERY_CANCELED => ExecError::Timeout {
                millis: millis(self.statement_timeout),
            },
            Some(c) if *c == SqlState::ADMIN_SHUTDOWN || *c == SqlState::CRASH_SHUTDOWN => {
                ExecError::ConnectionLost {
                    engine: ENGINE,
                    reason: message(e),
                }
            }
            None if e.is_closed() || self.client.is_closed() => ExecError::ConnectionLost {
                engine: ENGINE,
                reason: message(e),
            },
            _ => ExecError::Query {
                engine: ENGINE,
                message: message(e),
            },
        }
    }

    /// Runs `work` on the connection's runtime under the statement timeout plus grace.
    fn run<T>(
        &mut self,
        work: impl FnOnce(
            &Client,
        ) -> std::pin::Pin<
            Box<dyn Future<Output = Result<T, tokio_postgres::Error>> + '_>,
        >,
    ) -> Result<T, ExecError> {
        let limit = self.statement_timeout.saturating_add(GRACE);
        let client = &self.client;
        let outcome = self
            .runtime
            .block_on(async { tokio::time::timeout(limit, work(client)).await });
        match outcome {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.classify(&e)),
            Err(_) => {
                self.broken = true;
                Err(ExecError::ConnectionLost {
                    engine: ENGINE,
                    reason: format!("no answer within {} ms", millis(limit)),
                })
            }
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, ExecError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let owned = sql.to_owned();
        let stmt = self.run(move |c| Box::pin(async move { c.prepare(&owned).await }))?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    fn params(q: &SqlQuery<'_>, stmt: &Statement) -> Result<Vec<types::Param>, ExecError> {
        if q.params.len() != stmt.params().len() {
            return Err(ExecError::Query {
                engine: ENGINE,
                message: format!(
                    "the statement has {} placeholders but {} values were given",
                    stmt.params().len(),
                    q.params.len()
                ),
            });
        }
        q.params
            .iter()
            .zip(stmt.params())
            .map(|(v, ty)| types::bind(v, ty))
            .collect()
    }

    /// Runs `q` and returns its rows as PostgreSQL's text. A cached statement whose
    /// tables were replaced since (PostgreSQL: "cached plan must not change result
    /// type") is prepared again, once.
    pub fn query(&mut self, q: &SqlQuery<'_>) -> Result<TypedRows, ExecError> {
        match self.query_once(q) {
            Err(ExecError::Query { message, .. }) if message.contains("(SQLSTATE 0A000)") => {
                self.statements.clear();
                self.query_once(q)
            }
            other => other,
        }
    }

    fn query_once(&mut self, q: &SqlQuery<'_>) -> Result<TypedRows, ExecError> {
        let stmt = self.statement(&q.sql)?;
        let params = Self::params(q, &stmt)?;
        let s = stmt.clone();
        let rows = self.run(move |c| {
            Box::pin(async move {
                let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                c.query(&s, &refs).await
            })
        })?;
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        let kinds = stmt
            .columns()
            .iter()
            .map(|c| types::kind(c.type_()))
            .collect();
        let mut out = Rows {
            columns,
            rows: Vec::with_capacity(rows.len()),
        };
        for row in &rows {
            let mut cells = Vec::with_capacity(row.len());
            for i in 0..row.len() {
                let cell: types::Cell = row.try_get(i).map_err(|e| self.classify(&e))?;
                cells.push(cell.0);
            }
            out.rows.push(cells);
        }
        Ok(TypedRows { rows: out, kinds })
    }

    /// Runs `q`, which returns no rows; the number of rows it changed.
    pub fn execute(&mut self, q: &SqlQuery<'_>) -> Result<u64, ExecError> {
        let stmt = self.statement(&q.sql)?;
        let params = Self::params(q, &stmt)?;
        self.run(move |c| {
            Box::pin(async move {
                let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                c.execute(&stmt, &refs).await
            })
        })
    }

    fn batch(&mut self, sql: &'static str) -> Result<(), ExecError> {
        self.run(move |c| Box::pin(async move { c.batch_execute(sql).await }))
    }

    /// Runs `statements` in one transaction (rolled back on the first failure).
    pub fn execute_all(&mut self, statements: &[SqlQuery<'_>]) -> Result<(), ExecError> {
        self.batch("BEGIN")?;
        for s in statements {
            // Statements run once: no need to cache them.
            let owned = s.sql.clone();
            let done = self
                .run(move |c| Box::pin(async move { c.prepare(&owned).await }))
                .and_then(|stmt| {
                    let params = Self::params(s, &stmt)?;
                    self.run(move |c| {
                        Box::pin(async move {
                            let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                                params.iter().map(|p| p as _).collect();
                            c.execute(&stmt, &refs).await
                        })
                    })
                });
            if let Err(e) = done {
                if !self.is_broken() {
                    let _ = self.batch("ROLLBACK");
                }
                return Err(e);
            }
        }
        self.batch("COMMIT")
    }
}
