//! Shared by the targets that run SQL: the demo CRM loaded once per thread into an
//! in-memory SQLite database, and the conversions of bound values.
#![allow(dead_code)]

use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use vtql::demo::{self, DemoRecord};
use vtql::eval::Outcome;
use vtql::schema::Schema;
use vtql::sql::{Mapping, SqlQuery, SqlValue, Target};

/// The demo schema, mapping, live records per module, and a SQLite database holding the
/// demo data (tables and rows).
pub struct Demo {
    pub schema: Schema,
    pub mapping: Mapping,
    pub live: Vec<(&'static str, Vec<DemoRecord>)>,
    pub db: rusqlite::Connection,
}

impl Demo {
    pub fn new(with_rows: bool) -> Demo {
        let data = demo::dataset();
        let db = rusqlite::Connection::open_in_memory().expect("sqlite");
        // SQLite's own lower() folds ASCII only; the SQL backend expects Unicode.
        db.create_scalar_function(
            "lower",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let s: Option<String> = ctx.get(0)?;
                Ok(s.map(|s| vtql::eval::fold(&s).into_owned()))
            },
        )
        .expect("lower()");
        let statements = if with_rows {
            demo::setup_sql(Target::Sqlite, &data)
        } else {
            demo::create_tables(Target::Sqlite)
        };
        for q in statements {
            exec(&db, &q).expect("demo setup");
        }
        let live = demo::MODULES
            .iter()
            .map(|m| (*m, data.live(m).cloned().collect()))
            .collect();
        Demo {
            schema: demo::schema(),
            mapping: demo::mapping(),
            live,
            db,
        }
    }

    pub fn live(&self, module: &str) -> &[DemoRecord] {
        self.live
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[])
    }
}

pub fn value(v: &SqlValue<'_>) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Int(i) => Value::Integer(*i),
        SqlValue::Float(f) => Value::Real(*f),
        other => Value::Text(other.as_str().unwrap_or_default().to_owned()),
    }
}

pub fn exec(db: &rusqlite::Connection, q: &SqlQuery<'_>) -> rusqlite::Result<usize> {
    db.execute(
        &q.sql,
        rusqlite::params_from_iter(q.params.iter().map(value)),
    )
}

/// The ids (in order) or the count a query returns.
#[derive(Debug, PartialEq, Eq)]
pub enum Rows {
    Ids(Vec<i64>),
    Count(i64),
}

impl Rows {
    pub fn of(outcome: &Outcome<'_, DemoRecord>) -> Rows {
        match outcome {
            Outcome::Rows(r) => Rows::Ids(r.iter().map(|r| r.id).collect()),
            Outcome::Count(n) => Rows::Count(*n as i64),
        }
    }
}

pub fn fetch(db: &rusqlite::Connection, q: &SqlQuery<'_>, count: bool) -> rusqlite::Result<Rows> {
    let mut stmt = db.prepare_cached(&q.sql)?;
    let col = stmt.column_index(if count { "count" } else { "id" })?;
    let ids = stmt
        .query_map(
            rusqlite::params_from_iter(q.params.iter().map(value)),
            |row| row.get::<_, i64>(col),
        )?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(if count {
        Rows::Count(ids[0])
    } else {
        Rows::Ids(ids)
    })
}
