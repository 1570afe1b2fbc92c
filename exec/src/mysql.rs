//! MySQL and MariaDB: connect under a timeout, `max_statement_time`, typed parameters
//! through the binary protocol, values rendered as the server's text.

use std::sync::mpsc;
use std::time::Duration;

use mysql::consts::ColumnType;
use mysql::prelude::Queryable;
use mysql::{Opts, OptsBuilder, Value};
use vtql::sql::{SqlQuery, SqlValue};
use vtql_service::Rows;

use crate::options::millis;
use crate::typed::{shortest_float, Kind, TypedRows};
use crate::url::redact;
use crate::{ExecError, Options};

const ENGINE: &str = "MySQL";

/// Prepared statements kept per connection (the driver's cache).
const STATEMENT_CACHE: usize = 64;

/// How long past the statement timeout the client waits for an answer before it gives
/// the connection up (the server cancels first).
const GRACE: Duration = Duration::from_secs(5);

/// One connection.
pub(crate) struct Conn {
    conn: mysql::Conn,
    statement_timeout: Duration,
    broken: bool,
}

impl Conn {
    /// Connects to `url` (a `mysql://` URL). The handshake runs on a helper thread so
    /// that a server that accepts and never answers fails after the connect timeout;
    /// the helper itself gives up at the read timeout (statement timeout plus grace).
    pub fn connect(url: &str, options: &Options) -> Result<Conn, ExecError> {
        let opts = Opts::from_url(url).map_err(|e| ExecError::InvalidUrl {
            url: redact(url),
            reason: e.to_string(),
        })?;
        let io_timeout = options.statement_timeout.saturating_add(GRACE);
        let builder = OptsBuilder::from_opts(opts)
            .tcp_connect_timeout(Some(options.connect_timeout))
            .read_timeout(Some(io_timeout))
            .write_timeout(Some(io_timeout))
            .stmt_cache_size(STATEMENT_CACHE)
            .prefer_socket(false);
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("vtql-mysql-connect".into())
            .spawn(move || {
                let _ = tx.send(mysql::Conn::new(builder));
            })
            .map_err(|e| ExecError::Connect {
                engine: ENGINE,
                url: redact(url),
                reason: format!("cannot start the connect thread: {e}"),
            })?;
        let conn = match rx.recv_timeout(options.connect_timeout) {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                return Err(ExecError::Connect {
                    engine: ENGINE,
                    url: redact(url),
                    reason: message(&e),
                })
            }
            Err(_) => {
                return Err(ExecError::ConnectTimeout {
                    engine: ENGINE,
                    url: redact(url),
                    millis: millis(options.connect_timeout),
                })
            }
        };
        let mut conn = Conn {
            conn,
            statement_timeout: options.statement_timeout,
            broken: false,
        };
        let seconds = options.statement_timeout.as_secs_f64();
        // MariaDB's limit covers every statement; MySQL's (milliseconds) only SELECTs.
        if conn
            .conn
            .query_drop(format!("SET SESSION max_statement_time = {seconds:.3}"))
            .is_err()
        {
            let _ = conn.conn.query_drop(format!(
                "SET SESSION max_execution_time = {}",
                millis(options.statement_timeout)
            ));
        }
        conn.conn
            .query_drop("SET time_zone = '+00:00'")
            .map_err(|e| conn.classify(&e))?;
        Ok(conn)
    }

    /// Whether the connection can no longer be used.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    fn classify(&mut self, e: &mysql::Error) -> ExecError {
        let lost = || ExecError::ConnectionLost {
            engine: ENGINE,
            reason: message(e),
        };
        match e {
            mysql::Error::MySqlError(m) => match m.code {
                // ER_STATEMENT_TIMEOUT (MariaDB), ER_QUERY_TIMEOUT (MySQL).
                1969 | 3024 => ExecError::Timeout {
                    millis: millis(self.statement_timeout),
                },
                // ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN, server gone / lost.
                1927 | 1053 | 2006 | 2013 => {
                    self.broken = true;
                    lost()
                }
                _ => ExecError::Query {
                    engine: ENGINE,
                    message: message(e),
                },
            },
            mysql::Error::IoError(_) | mysql::Error::CodecError(_) => {
                self.broken = true;
                lost()
            }
            mysql::Error::DriverError(
                mysql::DriverError::PacketOutOfSync
                | mysql::DriverError::UnexpectedPacket
                | mysql::DriverError::ConnectTimeout
                | mysql::DriverError::Timeout
                | mysql::DriverError::CouldNotConnect(_),
            ) => {
                self.broken = true;
                lost()
            }
            _ => ExecError::Query {
                engine: ENGINE,
                message: message(e),
            },
        }
    }

    /// Runs `q` and returns its rows as the server's text.
    pub fn query(&mut self, q: &SqlQuery<'_>) -> Result<TypedRows, ExecError> {
        let outcome = read(&mut self.conn, q);
        outcome.map_err(|e| self.classify(&e))
    }

    /// Runs `q`, which returns no rows; the number of rows it changed.
    pub fn execute(&mut self, q: &SqlQuery<'_>) -> Result<u64, ExecError> {
        let done = self
            .conn
            .exec_iter(q.sql.as_str(), params(q))
            .map(|r| r.affected_rows());
        done.map_err(|e| self.classify(&e))
    }

    /// Runs `statements` in one transaction (DDL commits implicitly on MySQL).
    pub fn execute_all(&mut self, statements: &[SqlQuery<'_>]) -> Result<(), ExecError> {
        let done = (|| {
            let mut tx = self.conn.start_transaction(mysql::TxOpts::default())?;
            for s in statements {
                tx.exec_drop(s.sql.as_str(), params(s))?;
            }
            tx.commit()
        })();
        done.map_err(|e| self.classify(&e))
    }
}

/// The server's message with its code, or the driver's sentence (the inner error's:
/// the driver's own display wraps it as `DriverError { ... }`).
fn message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(m) => {
            format!("{} (error {}, SQLSTATE {})", m.message, m.code, m.state)
        }
        mysql::Error::DriverError(d) => d.to_string(),
        mysql::Error::IoError(io) => io.to_string(),
        mysql::Error::CodecError(c) => c.to_string(),
        mysql::Error::UrlError(u) => u.to_string(),
        other => other.to_string(),
    }
}

fn params(q: &SqlQuery<'_>) -> mysql::Params {
    if q.params.is_empty() {
        return mysql::Params::Empty;
    }
    mysql::Params::Positional(
        q.params
            .iter()
            .map(|p| match p {
                SqlValue::Int(i) => Value::Int(*i),
                SqlValue::Float(f) => Value::Double(*f),
                other => match other.as_str() {
                    Some(s) => Value::Bytes(s.as_bytes().to_vec()),
                    None => Value::NULL,
                },
            })
            .collect(),
    )
}

fn kind(ty: ColumnType) -> Kind {
    use ColumnType::*;
    match ty {
        MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_LONG | MYSQL_TYPE_LONGLONG
        | MYSQL_TYPE_INT24 | MYSQL_TYPE_YEAR | MYSQL_TYPE_BIT => Kind::Integer,
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL | MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => {
            Kind::Number
        }
        _ => Kind::Text,
    }
}

/// `.ffffff` cut to the column's `decimals` (fractional-second digits), or nothing.
fn fraction(micros: u32, decimals: u8) -> String {
    if decimals == 0 || decimals > 6 {
        return String::new();
    }
    let f = format!(".{micros:06}");
    f[..=usize::from(decimals)].to_owned()
}

fn render(v: Value, ty: ColumnType, decimals: u8) -> Option<String> {
    Some(match v {
        Value::NULL => return None,
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Double(f) => shortest_float(f, true),
        Value::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
        Value::Date(y, mo, d, h, mi, s, us) => {
            if matches!(
                ty,
                ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE
            ) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!(
                    "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{}",
                    fraction(us, decimals)
                )
            }
        }
        Value::Time(neg, days, h, mi, s, us) => {
            let h = u64::from(h) + u64::from(days) * 24;
            format!(
                "{}{h:02}:{mi:02}:{s:02}{}",
                if neg { "-" } else { "" },
                fraction(us, decimals)
            )
        }
    })
}

fn read(conn: &mut mysql::Conn, q: &SqlQuery<'_>) -> Result<TypedRows, mysql::Error> {
    let result = conn.exec_iter(q.sql.as_str(), params(q))?;
    let cols = result.columns();
    let meta: Vec<(ColumnType, u8)> = cols
        .as_ref()
        .iter()
        .map(|c| (c.column_type(), c.decimals()))
        .collect();
    let columns: Vec<String> = cols
        .as_ref()
        .iter()
        .map(|c| c.name_str().into_owned())
        .collect();
    let kinds = meta.iter().map(|(ty, _)| kind(*ty)).collect();
    let mut out = Rows {
        columns,
        rows: Vec::new(),
    };
    for row in result {
        let row = row?;
        let cells = row
            .unwrap()
            .into_iter()
            .zip(&meta)
            .map(|(v, (ty, decimals))| render(v, *ty, *decimals))
            .collect();
        out.rows.push(cells);
    }
    Ok(TypedRows { rows: out, kinds })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_the_server_prints_them() {
        use ColumnType::*;
        let d = Value::Date(2020, 11, 17, 0, 1, 15, 0);
        assert_eq!(
            render(d.clone(), MYSQL_TYPE_DATETIME, 0).unwrap(),
            "2020-11-17 00:01:15"
        );
        assert_eq!(render(d, MYSQL_TYPE_DATE, 0).unwrap(), "2020-11-17");
        let t = Value::Time(false, 1, 2, 3, 4, 500_000);
        assert_eq!(render(t.clone(), MYSQL_TYPE_TIME, 0).unwrap(), "26:03:04");
        assert_eq!(render(t, MYSQL_TYPE_TIME, 2).unwrap(), "26:03:04.50");
        assert_eq!(
            render(Value::Double(1e20), MYSQL_TYPE_DOUBLE, 31).unwrap(),
            "1e20"
        );
        assert_eq!(render(Value::NULL, MYSQL_TYPE_LONG, 0), None);
        assert_eq!(
            render(Value::UInt(u64::MAX), MYSQL_TYPE_LONGLONG, 0).unwrap(),
            u64::MAX.to_string()
        );
    }
}
