//! Database connections for `run`: the embedded demo CRM (SQLite in memory), and
//! `--db sqlite:PATH`, `postgres://...`, `mysql://...` (or `mariadb://...`) URLs.

use vtql::sql::{SqlQuery, SqlValue, Target};

use crate::table::{Cell, ResultSet};

/// An open connection.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
    Mysql(Box<mysql::Conn>),
}

impl Db {
    /// The engine a `--db` URL names, without connecting.
    pub fn target_of(url: &str) -> Result<Target, String> {
        if url.starts_with("sqlite:") {
            Ok(Target::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Target::Postgres)
        } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
            Ok(Target::MySql)
        } else {
            Err(format!(
                "unsupported database URL `{}`: use `sqlite:PATH`, `postgres://...` or `mysql://...`",
                redact(url)
            ))
        }
    }

    /// Opens the database a `--db` URL names.
    pub fn open(url: &str) -> Result<Db, String> {
        Db::target_of(url)?;
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err("`sqlite:` needs a path, e.g. `sqlite:crm.db`".into());
            }
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                | rusqlite::OpenFlags::SQLITE_OPEN_URI;
            let conn = rusqlite::Connection::open_with_flags(path, flags)
                .map_err(|e| format!("cannot open SQLite database `{path}`: {e}"))?;
            register_unicode_lower(&conn)?;
            return Ok(Db::Sqlite(conn));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
                format!(
                    "cannot connect to PostgreSQL at `{}`: {}",
                    redact(url),
                    pg_error(&e)
                )
            })?;
            return Ok(Db::Postgres(Box::new(client)));
        }
        if url.starts_with("mysql://") || url.starts_with("mariadb://") {
            let url = match url.strip_prefix("mariadb://") {
                Some(rest) => format!("mysql://{rest}"),
                None => url.to_owned(),
            };
            let opts = mysql::Opts::from_url(&url)
                .map_err(|e| format!("invalid MySQL URL `{}`: {e}", redact(&url)))?;
            let conn = mysql::Conn::new(opts)
                .map_err(|e| format!("cannot connect to MySQL at `{}`: {e}", redact(&url)))?;
            return Ok(Db::Mysql(Box::new(conn)));
        }
        Err(format!(
            "unsupported database URL `{}`: use `sqlite:PATH`, `postgres://...` or `mysql://...`",
            redact(url)
        ))
    }

    /// A fresh, empty in-memory SQLite database.
    pub fn sqlite_memory() -> Result<Db, String> {
        let conn = rusqlite::Connection::open_in_memory()
            .map_err(|e| format!("cannot create an in-memory database: {e}"))?;
        register_unicode_lower(&conn)?;
        Ok(Db::Sqlite(conn))
    }

    /// Runs statements that return no rows (DDL, inserts) in one transaction.
    pub fn execute_all(&mut self, statements: &[SqlQuery<'_>]) -> Result<(), String> {
        match self {
            Db::Sqlite(conn) => {
                let tx = conn.transaction().map_err(|e| format!("SQLite: {e}"))?;
                for s in statements {
                    let params = sqlite_params(s)?;
                    tx.execute(&s.sql, rusqlite::params_from_iter(params))
                        .map_err(|e| format!("SQLite: {e}"))?;
                }
                tx.commit().map_err(|e| format!("SQLite: {e}"))
            }
            Db::Postgres(client) => {
                let mut tx = client.transaction().map_err(|e| pg_error(&e))?;
                for s in statements {
                    pg::execute(&mut tx, s)?;
                }
                tx.commit().map_err(|e| pg_error(&e))
            }
            Db::Mysql(conn) => {
                use mysql::prelude::Queryable;
                let mut tx = conn
                    .start_transaction(mysql::TxOpts::default())
                    .map_err(|e| format!("MySQL: {e}"))?;
                for s in statements {
                    tx.exec_drop(s.sql.as_str(), mysql_params(s)?)
                        .map_err(|e| format!("MySQL: {e}"))?;
                }
                tx.commit().map_err(|e| format!("MySQL: {e}"))
            }
        }
    }

    /// The SQL dialect of the connection.
    pub fn target(&self) -> Target {
        match self {
            Db::Sqlite(_) => Target::Sqlite,
            Db::Postgres(_) => Target::Postgres,
            Db::Mysql(_) => Target::MySql,
        }
    }

    /// Runs one query with its bound parameters.
    pub fn query(&mut self, q: &SqlQuery<'_>) -> Result<ResultSet, String> {
        match self {
            Db::Sqlite(conn) => sqlite_query(conn, q),
            Db::Postgres(client) => pg::query(client, q),
            Db::Mysql(conn) => mysql_query(conn, q),
        }
    }
}

/// A URL with its password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((cred, host)) = rest.split_once('@') {
            if let Some((user, _)) = cred.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_owned()
}

/// SQLite's own `lower()` folds ASCII only; the translator lowers both sides of text
/// comparisons, so accented capitals need a Unicode `lower()`.
fn register_unicode_lower(conn: &rusqlite::Connection) -> Result<(), String> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "lower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    rusqlite::types::Value::Text(String::from_utf8_lossy(t).to_lowercase())
                }
                rusqlite::types::ValueRef::Null => rusqlite::types::Value::Null,
                rusqlite::types::ValueRef::Integer(i) => rusqlite::types::Value::Integer(i),
                rusqlite::types::ValueRef::Real(f) => rusqlite::types::Value::Real(f),
                rusqlite::types::ValueRef::Blob(b) => rusqlite::types::Value::Blob(b.to_vec()),
            })
        },
    )
    .map_err(|e| format!("cannot register lower(): {e}"))
}

fn unsupported(v: &SqlValue<'_>) -> String {
    format!("cannot bind the value {v}: this build does not know its type")
}

fn sqlite_params(q: &SqlQuery<'_>) -> Result<Vec<rusqlite::types::Value>, String> {
    use rusqlite::types::Value;
    q.params
        .iter()
        .map(|p| {
            Ok(match p {
                SqlValue::Null => Value::Null,
                SqlValue::Int(i) => Value::Integer(*i),
                SqlValue::Float(f) => Value::Real(*f),
                SqlValue::Text(s)
                | SqlValue::Date(s)
                | SqlValue::DateTime(s)
                | SqlValue::Time(s) => Value::Text(s.to_string()),
                other => return Err(unsupported(other)),
            })
        })
        .collect()
}

fn sqlite_query(conn: &rusqlite::Connection, q: &SqlQuery<'_>) -> Result<ResultSet, String> {
    use rusqlite::types::ValueRef;
    let params = sqlite_params(q)?;
    let mut stmt = conn.prepare(&q.sql).map_err(|e| format!("SQLite: {e}"))?;
    let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let n = columns.len();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params))
        .map_err(|e| format!("SQLite: {e}"))?;
    let mut out = ResultSet {
        columns,
        rows: Vec::new(),
    };
    while let Some(row) = rows.next().map_err(|e| format!("SQLite: {e}"))? {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            cells.push(match row.get_ref(i).map_err(|e| format!("SQLite: {e}"))? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(i) => Cell::Int(i),
                ValueRef::Real(f) => Cell::Float(f),
                ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Cell::Text(format!("<{} bytes>", b.len())),
            });
        }
        out.rows.push(cells);
    }
    Ok(out)
}

fn mysql_params(q: &SqlQuery<'_>) -> Result<mysql::Params, String> {
    use mysql::Value;
    let mut params = Vec::with_capacity(q.params.len());
    for p in &q.params {
        params.push(match p {
            SqlValue::Null => Value::NULL,
            SqlValue::Int(i) => Value::Int(*i),
            SqlValue::Float(f) => Value::Double(*f),
            SqlValue::Text(s) | SqlValue::Date(s) | SqlValue::DateTime(s) | SqlValue::Time(s) => {
                Value::Bytes(s.as_bytes().to_vec())
            }
            other => return Err(unsupported(other)),
        });
    }
    Ok(if params.is_empty() {
        mysql::Params::Empty
    } else {
        mysql::Params::Positional(params)
    })
}

fn mysql_query(conn: &mut mysql::Conn, q: &SqlQuery<'_>) -> Result<ResultSet, String> {
    use mysql::prelude::Queryable;
    use mysql::Value;
    let params = mysql_params(q)?;
    let result = conn
        .exec_iter(q.sql.as_str(), params)
        .map_err(|e| format!("MySQL: {e}"))?;
    let cols = result.columns();
    let columns: Vec<String> = cols
        .as_ref()
        .iter()
        .map(|c| c.name_str().into_owned())
        .collect();
    // A DATETIME at midnight arrives like a DATE: the column type tells them apart.
    let date_only: Vec<bool> = cols
        .as_ref()
        .iter()
        .map(|c| {
            matches!(
                c.column_type(),
                mysql::consts::ColumnType::MYSQL_TYPE_DATE
                    | mysql::consts::ColumnType::MYSQL_TYPE_NEWDATE
            )
        })
        .collect();
    let mut out = ResultSet {
        columns,
        rows: Vec::new(),
    };
    for row in result {
        let row = row.map_err(|e| format!("MySQL: {e}"))?;
        let cells = row
            .unwrap()
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::NULL => Cell::Null,
                Value::Int(i) => Cell::Int(i),
                Value::UInt(u) => {
                    i64::try_from(u).map_or_else(|_| Cell::Text(u.to_string()), Cell::Int)
                }
                Value::Float(f) => Cell::Float(f64::from(f)),
                Value::Double(f) => Cell::Float(f),
                Value::Bytes(b) => Cell::Text(String::from_utf8_lossy(&b).into_owned()),
                Value::Date(y, mo, d, h, mi, s, _) => {
                    Cell::Text(if date_only.get(i).copied().unwrap_or(false) {
                        format!("{y:04}-{mo:02}-{d:02}")
                    } else {
                        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                    })
                }
                Value::Time(neg, days, h, mi, s, _) => {
                    let h = u32::from(h) + days * 24;
                    Cell::Text(format!(
                        "{}{h:02}:{mi:02}:{s:02}",
                        if neg { "-" } else { "" }
                    ))
                }
            })
            .collect();
        out.rows.push(cells);
    }
    Ok(out)
}

/// A PostgreSQL error with its cause (the driver's message alone says "error serializing
/// parameter 3" or "db error" without the why).
fn pg_error(e: &postgres::Error) -> String {
    let mut msg = format!("PostgreSQL: {e}");
    if let Some(db) = e.as_db_error() {
        msg = format!("PostgreSQL: {}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            msg.push_str(&format!(" ({detail})"));
        }
    } else if let Some(source) = std::error::Error::source(e) {
        msg.push_str(&format!(": {source}"));
    }
    msg
}

/// PostgreSQL: parameters are converted to the types the server inferred for them, and
/// result values are decoded from the binary format of their column type.
mod pg {
    use super::*;
    use postgres::types::{FromSql, ToSql, Type};

    /// The parameters converted to the types of the prepared statement's placeholders.
    fn params(
        q: &SqlQuery<'_>,
        stmt: &postgres::Statement,
    ) -> Result<Vec<Box<dyn ToSql + Sync>>, String> {
        q.params
            .iter()
            .zip(stmt.params())
            .map(|(p, ty)| param(p, ty))
            .collect()
    }

    pub fn execute(tx: &mut postgres::Transaction<'_>, q: &SqlQuery<'_>) -> Result<(), String> {
        let stmt = tx.prepare(&q.sql).map_err(|e| pg_error(&e))?;
        let params = params(q, &stmt)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        tx.execute(&stmt, &refs).map_err(|e| pg_error(&e))?;
        Ok(())
    }

    pub fn query(client: &mut postgres::Client, q: &SqlQuery<'_>) -> Result<ResultSet, String> {
        let stmt = client.prepare(&q.sql).map_err(|e| pg_error(&e))?;
        let params = params(q, &stmt)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        let rows = client.query(&stmt, &refs).map_err(|e| pg_error(&e))?;
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        let mut out = ResultSet {
            columns,
            rows: Vec::with_capacity(rows.len()),
        };
        for row in &rows {
            let mut cells = Vec::with_capacity(row.len());
            for i in 0..row.len() {
                let c: PgCell = row.try_get(i).map_err(|e| pg_error(&e))?;
                cells.push(c.0);
            }
            out.rows.push(cells);
        }
        Ok(out)
    }

    /// The value as the Rust type the driver binds to a parameter of type `ty`.
    fn param(v: &SqlValue<'_>, ty: &Type) -> Result<Box<dyn ToSql + Sync>, String> {
        let mismatch = || format!("cannot bind {v} to a PostgreSQL parameter of type {ty}");
        Ok(match v {
            SqlValue::Null => Box::new(PgNull),
            SqlValue::Int(i) => match *ty {
                Type::INT2 => Box::new(i16::try_from(*i).map_err(|_| mismatch())?),
                Type::INT4 => Box::new(i32::try_from(*i).map_err(|_| mismatch())?),
                Type::INT8 => Box::new(*i),
                Type::FLOAT4 => Box::new(*i as f32),
                Type::FLOAT8 => Box::new(*i as f64),
                Type::BOOL => Box::new(*i != 0),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR => Box::new(i.to_string()),
                _ => return Err(mismatch()),
            },
            SqlValue::Float(f) => match *ty {
                Type::FLOAT4 => Box::new(*f as f32),
                Type::FLOAT8 => Box::new(*f),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR => Box::new(f.to_string()),
                _ => return Err(mismatch()),
            },
            SqlValue::Text(s) | SqlValue::Date(s) | SqlValue::DateTime(s) | SqlValue::Time(s) => {
                match *ty {
                    Type::DATE => Box::new(PgDate(date_days(s).ok_or_else(mismatch)?)),
                    Type::TIMESTAMP | Type::TIMESTAMPTZ => {
                        Box::new(PgTimestamp(timestamp_micros(s).ok_or_else(mismatch)?))
                    }
                    Type::TIME => Box::new(PgTime(time_micros(s).ok_or_else(mismatch)?)),
                    _ => Box::new(s.to_string()),
                }
            }
            other => return Err(unsupported(other)),
        })
    }

    /// Days since 2000-01-01 (PostgreSQL's epoch) of `yyyy-mm-dd`.
    fn date_days(s: &str) -> Option<i32> {
        let s = s.get(..10)?;
        let mut it = s.split('-');
        let y: i64 = it.next()?.parse().ok()?;
        let m: i64 = it.next()?.parse().ok()?;
        let d: i64 = it.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        i32::try_from(days_from_civil(y, m, d) - days_from_civil(2000, 1, 1)).ok()
    }

    /// `hh:mm[:ss]` as microseconds since midnight.
    fn time_micros(s: &str) -> Option<i64> {
        let mut it = s.split(':');
        let h: i64 = it.next()?.trim().parse().ok()?;
        let m: i64 = it.next()?.parse().ok()?;
        let sec: i64 = it
            .next()
            .map_or(Some(0), |x| x.get(..2).unwrap_or(x).parse().ok())?;
        Some(((h * 60 + m) * 60 + sec) * 1_000_000)
    }

    /// `yyyy-mm-dd[ hh:mm[:ss]]` as microseconds since 2000-01-01 00:00:00.
    fn timestamp_micros(s: &str) -> Option<i64> {
        let days = i64::from(date_days(s)?);
        let time = match s.get(10..) {
            Some(rest) if !rest.is_empty() => time_micros(rest.trim_start_matches(['T', ' ']))?,
            _ => 0,
        };
        Some(days * 86_400_000_000 + time)
    }

    /// Howard Hinnant's `days_from_civil`: days since 1970-01-01.
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`days_from_civil`].
    fn civil_from_days(z: i64) -> (i64, i64, i64) {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    fn date_text(days_since_2000: i64) -> String {
        let (y, m, d) = civil_from_days(days_since_2000 + days_from_civil(2000, 1, 1));
        format!("{y:04}-{m:02}-{d:02}")
    }

    fn time_text(micros: i64) -> String {
        let s = micros.div_euclid(1_000_000);
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }

    macro_rules! binary_param {
        ($name:ident, $inner:ty, $($ty:ident)|+) => {
            #[derive(Debug)]
            struct $name($inner);
            impl ToSql for $name {
                fn to_sql(
                    &self,
                    _: &Type,
                    out: &mut postgres::types::private::BytesMut,
                ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
                    out.extend_from_slice(&self.0.to_be_bytes());
                    Ok(postgres::types::IsNull::No)
                }
                fn accepts(ty: &Type) -> bool {
                    matches!(*ty, $(Type::$ty)|+)
                }
                postgres::types::to_sql_checked!();
            }
        };
    }
    /// SQL `NULL` for a parameter of any type (`Option::<T>::None` checks `T`'s type).
    #[derive(Debug)]
    struct PgNull;
    impl ToSql for PgNull {
        fn to_sql(
            &self,
            _: &Type,
            _: &mut postgres::types::private::BytesMut,
        ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
            Ok(postgres::types::IsNull::Yes)
        }
        fn accepts(_: &Type) -> bool {
            true
        }
        postgres::types::to_sql_checked!();
    }

    binary_param!(PgDate, i32, DATE);
    binary_param!(PgTimestamp, i64, TIMESTAMP | TIMESTAMPTZ);
    binary_param!(PgTime, i64, TIME);

    /// Any column value, decoded from PostgreSQL's binary format.
    struct PgCell(Cell);

    impl<'a> FromSql<'a> for PgCell {
        fn from_sql(
            ty: &Type,
            raw: &'a [u8],
        ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
            let be8 = |raw: &[u8]| -> Result<[u8; 8], String> {
                raw.try_into().map_err(|_| "bad length".to_string())
            };
            Ok(PgCell(match *ty {
                Type::BOOL => Cell::Bool(bool::from_sql(ty, raw)?),
                Type::INT2 => Cell::Int(i16::from_sql(ty, raw)?.into()),
                Type::INT4 => Cell::Int(i32::from_sql(ty, raw)?.into()),
                Type::INT8 => Cell::Int(i64::from_sql(ty, raw)?),
                Type::OID => Cell::Int(u32::from_sql(ty, raw)?.into()),
                Type::FLOAT4 => Cell::Float(f32::from_sql(ty, raw)?.into()),
                Type::FLOAT8 => Cell::Float(f64::from_sql(ty, raw)?),
                Type::DATE => Cell::Text(date_text(i32::from_sql(ty, raw)?.into())),
                Type::TIMESTAMP | Type::TIMESTAMPTZ => {
                    let us = i64::from_be_bytes(be8(raw)?);
                    let days = us.div_euclid(86_400_000_000);
                    Cell::Text(format!(
                        "{} {}",
                        date_text(days),
                        time_text(us.rem_euclid(86_400_000_000))
                    ))
                }
                Type::TIME => Cell::Text(time_text(i64::from_be_bytes(be8(raw)?))),
                _ => Cell::Text(String::from_utf8_lossy(raw).into_owned()),
            }))
        }

        fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
            Ok(PgCell(Cell::Null))
        }

        fn accepts(_: &Type) -> bool {
            true
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn dates_round_trip() {
            for s in [
                "2000-01-01",
                "1999-12-31",
                "2026-11-27",
                "1970-01-01",
                "2400-02-29",
            ] {
                let d = date_days(s).unwrap();
                assert_eq!(date_text(d.into()), s);
            }
            assert_eq!(date_days("2000-01-02"), Some(1));
            assert_eq!(date_days("2026-13-01"), None);
            assert_eq!(
                timestamp_micros("2000-01-02 00:00:01"),
                Some(86_400_000_000 + 1_000_000)
            );
            assert_eq!(time_text(time_micros("13:45:07").unwrap()), "13:45:07");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("sqlite:x.db"), "sqlite:x.db");
    }

    #[test]
    fn unknown_scheme_is_an_error() {
        let e = Db::open("oracle://u:pw@h/db").err().unwrap();
        assert!(e.contains("oracle://u:***@h/db"), "{e}");
        assert!(Db::open("sqlite:").is_err());
    }
}
