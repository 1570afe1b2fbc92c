//! Shared by the tests/sql_*.rs files: the three engines loaded with the demo CRM, and a
//! deterministic generator of valid queries over the demo schema.
#![allow(dead_code)]

use std::error::Error;

use vtql::demo::{self, Dataset, DemoRecord};
use vtql::eval::{FieldValue, Outcome};
use vtql::schema::{FieldType, Schema};
use vtql::sql::{Mapping, SqlQuery, SqlValue, Target};

pub type AnyError = Box<dyn Error + Send + Sync>;

/// Serializes the tests that use the shared PostgreSQL / MariaDB databases (each test
/// reloads the demo tables).
pub static DATABASES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Takes [`DATABASES`], even after another test panicked while holding it.
pub fn lock_databases() -> std::sync::MutexGuard<'static, ()> {
    DATABASES.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a query returned: the id column in order, or the count.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// A database loaded with the demo CRM.
pub trait Engine {
    fn target(&self) -> Target;
    fn name(&self) -> &'static str;
    /// Runs a statement without rows.
    fn exec(&mut self, q: &SqlQuery<'_>) -> Result<(), AnyError>;
    /// Runs a query; reads the `id` column, or the `count` column when `count`.
    fn fetch(&mut self, q: &SqlQuery<'_>, count: bool) -> Result<Rows, AnyError>;
    /// Switches `like` to case-sensitive where the engine needs it (SQLite).
    fn set_case_sensitive_like(&mut self, _yes: bool) -> Result<(), AnyError> {
        Ok(())
    }
}

pub struct Demo {
    pub schema: Schema,
    pub mapping: Mapping,
    pub data: Dataset,
    /// The live records of each module (what the fixed filters keep).
    pub live: Vec<(&'static str, Vec<DemoRecord>)>,
}

impl Demo {
    pub fn new() -> Demo {
        let data = demo::dataset();
        let live = demo::MODULES
            .iter()
            .map(|m| (*m, data.live(m).cloned().collect()))
            .collect();
        Demo {
            schema: demo::schema(),
            mapping: demo::mapping(),
            data,
            live,
        }
    }

    pub fn live(&self, module: &str) -> &[DemoRecord] {
        self.live
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[])
    }

    pub fn load(&self, engine: &mut dyn Engine) -> Result<(), AnyError> {
        for q in demo::setup_sql(engine.target(), &self.data) {
            engine.exec(&q)?;
        }
        let analyze = SqlQuery {
            sql: "ANALYZE".to_owned(),
            params: vec![],
            target: engine.target(),
        };
        if engine.target() != Target::MySql {
            engine.exec(&analyze)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- SQLite

pub struct Sqlite(pub rusqlite::Connection);

fn sqlite_value(v: &SqlValue<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Int(i) => Value::Integer(*i),
        SqlValue::Float(f) => Value::Real(*f),
        other => Value::Text(other.as_str().unwrap_or_default().to_owned()),
    }
}

impl Sqlite {
    /// An in-memory database with a Unicode `lower()` (SQLite's own folds ASCII only).
    pub fn open() -> Result<Sqlite, AnyError> {
        use rusqlite::functions::FunctionFlags;
        let conn = rusqlite::Connection::open_in_memory()?;
        conn.create_scalar_function(
            "lower",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let s: Option<String> = ctx.get(0)?;
                Ok(s.map(|s| vtql::eval::fold(&s).into_owned()))
            },
        )?;
        Ok(Sqlite(conn))
    }
}

impl Engine for Sqlite {
    fn target(&self) -> Target {
        Target::Sqlite
    }
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn exec(&mut self, q: &SqlQuery<'_>) -> Result<(), AnyError> {
        let params: Vec<_> = q.params.iter().map(sqlite_value).collect();
        self.0.execute(&q.sql, rusqlite::params_from_iter(params))?;
        Ok(())
    }
    fn fetch(&mut self, q: &SqlQuery<'_>, count: bool) -> Result<Rows, AnyError> {
        let params: Vec<_> = q.params.iter().map(sqlite_value).collect();
        let mut stmt = self.0.prepare_cached(&q.sql)?;
        let col = stmt.column_index(if count { "count" } else { "id" })?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                row.get::<_, i64>(col)
            })?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(if count {
            Rows::Count(ids[0])
        } else {
            Rows::Ids(ids)
        })
    }
    fn set_case_sensitive_like(&mut self, yes: bool) -> Result<(), AnyError> {
        self.0.execute_batch(if yes {
            "PRAGMA case_sensitive_like = ON"
        } else {
            "PRAGMA case_sensitive_like = OFF"
        })?;
        Ok(())
    }
}

// ---------------------------------------------------------------- PostgreSQL

pub struct Postgres(pub postgres::Client);

#[derive(Debug)]
struct PgParam<'a>(&'a SqlValue<'a>);

fn split_datetime(s: &str) -> Option<(i64, i64)> {
    let (date, time) = s.split_once(' ').unwrap_or((s, "00:00:00"));
    let date: vtql::value::Date = date.parse().ok()?;
    let mut t = time.split(':').map(|p| p.parse::<i64>());
    let (h, mi, sec) = (
        t.next()?.ok()?,
        t.next()?.ok()?,
        t.next().unwrap_or(Ok(0)).ok()?,
    );
    let days = date.days_since_epoch() - vtql::value::days_from_civil(2000, 1, 1);
    Some((days, (h * 3600 + mi * 60 + sec) * 1_000_000))
}

/// A decimal text (`-12.5`, as `f64`'s display writes it) in PostgreSQL's binary
/// NUMERIC format: base-10,000 digits with a weight, a sign and the scale. (vtql-exec
/// has the full codec; this crate's tests cannot depend on it.)
fn numeric(
    text: &str,
    out: &mut postgres::types::private::BytesMut,
) -> Result<postgres::types::IsNull, Box<dyn Error + Sync + Send>> {
    let (neg, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let int = int.trim_start_matches('0');
    let lpad = (4 - int.len() % 4) % 4;
    let rpad = (4 - frac.len() % 4) % 4;
    let all = format!("{}{int}{frac}{}", "0".repeat(lpad), "0".repeat(rpad));
    let mut digits: Vec<u16> = all
        .as_bytes()
        .chunks(4)
        .map(|c| c.iter().fold(0, |acc, b| acc * 10 + u16::from(b - b'0')))
        .collect();
    let mut weight = ((lpad + int.len()) / 4) as i16 - 1;
    while digits.first() == Some(&0) {
        digits.remove(0);
        weight -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    let sign: u16 = if neg && !digits.is_empty() { 0x4000 } else { 0 };
    out.extend_from_slice(&(digits.len() as u16).to_be_bytes());
    out.extend_from_slice(&weight.to_be_bytes());
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&(frac.len() as u16).to_be_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
    Ok(postgres::types::IsNull::No)
}

impl postgres::types::ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self.0 {
            SqlValue::Null => Ok(IsNull::Yes),
            SqlValue::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            SqlValue::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            SqlValue::Int(i) if *ty == Type::NUMERIC => numeric(&i.to_string(), out),
            SqlValue::Int(i) => i.to_sql(ty, out),
            SqlValue::Float(f) if *ty == Type::NUMERIC => numeric(&f.to_string(), out),
            SqlValue::Float(f) => f.to_sql(ty, out),
            SqlValue::Date(s) if *ty == Type::DATE => {
                let (days, _) = split_datetime(s).ok_or("bad date")?;
                i32::try_from(days)?.to_sql(&Type::INT4, out)
            }
            SqlValue::DateTime(s) if *ty == Type::TIMESTAMP => {
                let (days, micros) = split_datetime(s).ok_or("bad date-time")?;
                (days * 86_400_000_000 + micros).to_sql(&Type::INT8, out)
            }
            other => other.as_str().unwrap_or_default().to_sql(&Type::TEXT, out),
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

impl Postgres {
    pub fn connect(url: &str) -> Result<Postgres, AnyError> {
        Ok(Postgres(postgres::Client::connect(url, postgres::NoTls)?))
    }
}

impl Engine for Postgres {
    fn target(&self) -> Target {
        Target::Postgres
    }
    fn name(&self) -> &'static str {
        "postgres"
    }
    fn exec(&mut self, q: &SqlQuery<'_>) -> Result<(), AnyError> {
        let params: Vec<PgParam<'_>> = q.params.iter().map(PgParam).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        self.0.execute(q.sql.as_str(), &refs)?;
        Ok(())
    }
    fn fetch(&mut self, q: &SqlQuery<'_>, count: bool) -> Result<Rows, AnyError> {
        let params: Vec<PgParam<'_>> = q.params.iter().map(PgParam).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.0.query(q.sql.as_str(), &refs)?;
        let col = if count { "count" } else { "id" };
        let ids = rows
            .iter()
            .map(|r| r.try_get::<_, i64>(col))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if count {
            Rows::Count(ids[0])
        } else {
            Rows::Ids(ids)
        })
    }
}

// ---------------------------------------------------------------- MariaDB / MySQL

pub struct MySql(pub mysql::Conn);

fn mysql_value(v: &SqlValue<'_>) -> mysql::Value {
    match v {
        SqlValue::Null => mysql::Value::NULL,
        SqlValue::Int(i) => mysql::Value::Int(*i),
        SqlValue::Float(f) => mysql::Value::Double(*f),
        other => mysql::Value::Bytes(other.as_str().unwrap_or_default().as_bytes().to_vec()),
    }
}

impl MySql {
    pub fn connect(url: &str) -> Result<MySql, AnyError> {
        let opts = mysql::Opts::from_url(url)?;
        let mut conn = mysql::Conn::new(opts)?;
        use mysql::prelude::Queryable;
        conn.query_drop("SET NAMES utf8mb4 COLLATE utf8mb4_nopad_bin")?;
        Ok(MySql(conn))
    }
}

impl Engine for MySql {
    fn target(&self) -> Target {
        Target::MySql
    }
    fn name(&self) -> &'static str {
        "mariadb"
    }
    fn exec(&mut self, q: &SqlQuery<'_>) -> Result<(), AnyError> {
        use mysql::prelude::Queryable;
        if q.params.is_empty() {
            self.0.query_drop(&q.sql)?;
        } else {
            let params: Vec<mysql::Value> = q.params.iter().map(mysql_value).collect();
            self.0
                .exec_drop(&q.sql, mysql::Params::Positional(params))?;
        }
        Ok(())
    }
    fn fetch(&mut self, q: &SqlQuery<'_>, count: bool) -> Result<Rows, AnyError> {
        use mysql::prelude::Queryable;
        let params: Vec<mysql::Value> = q.params.iter().map(mysql_value).collect();
        let rows: Vec<mysql::Row> = self.0.exec(&q.sql, mysql::Params::Positional(params))?;
        let col = if count { "count" } else { "id" };
        let ids = rows
            .into_iter()
            .map(|r| {
                r.get_opt::<i64, _>(col)
                    .ok_or("no column")?
                    .map_err(|e| e.into())
            })
            .collect::<Result<Vec<i64>, AnyError>>()?;
        Ok(if count {
            Rows::Count(ids[0])
        } else {
            Rows::Ids(ids)
        })
    }
}

/// The engines to test: SQLite always; PostgreSQL and MariaDB when their URL is set
/// (a message says why one is skipped). Each is loaded with the demo data.
pub fn engines(demo: &Demo) -> Vec<Box<dyn Engine>> {
    let mut out: Vec<Box<dyn Engine>> = Vec::new();
    let mut sqlite = Sqlite::open().expect("sqlite opens");
    demo.load(&mut sqlite).expect("sqlite loads the demo");
    out.push(Box::new(sqlite));
    match std::env::var("VTQL_PG_URL") {
        Ok(url) => {
            let mut pg = Postgres::connect(&url).expect("VTQL_PG_URL connects");
            demo.load(&mut pg).expect("postgres loads the demo");
            out.push(Box::new(pg));
        }
        Err(_) => eprintln!("skipping PostgreSQL: VTQL_PG_URL is not set (.ci/databases.sh start)"),
    }
    match std::env::var("VTQL_MYSQL_URL") {
        Ok(url) => {
            let mut my = MySql::connect(&url).expect("VTQL_MYSQL_URL connects");
            demo.load(&mut my).expect("mariadb loads the demo");
            out.push(Box::new(my));
        }
        Err(_) => eprintln!("skipping MariaDB: VTQL_MYSQL_URL is not set (.ci/databases.sh start)"),
    }
    out
}

// ---------------------------------------------------------------- query generator

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `'text'` with quotes doubled.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Escapes `%`, `_` and `\` for a literal part of a like pattern.
pub fn like_literal(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn mangle_case(rng: &mut Rng, s: &str) -> String {
    match rng.below(4) {
        0 => s.to_uppercase(),
        1 => s.chars().flat_map(char::to_lowercase).collect(),
        _ => s.to_owned(),
    }
}

fn text_of(v: &FieldValue) -> Option<String> {
    match v {
        FieldValue::Text(s) => Some(s.clone()),
        FieldValue::Int(i) => Some(i.to_string()),
        FieldValue::Float(f) => Some(format!("{f}")),
        FieldValue::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        FieldValue::Null => None,
    }
}

/// A value of `field` taken from a random record of the dataset (any record: deleted
/// ones too), or `None` when that record has none.
fn sample(rng: &mut Rng, demo: &Demo, module: &str, field: &str) -> Option<String> {
    let all: Vec<&DemoRecord> = demo.data.all(module).collect();
    let r = rng.pick(&all);
    if field == "id" {
        let prefix = demo.schema.module(module)?.id_prefix?;
        return Some(format!("{prefix}x{}", r.id));
    }
    r.fields.get(field).and_then(text_of)
}

/// One condition on a random field of `module`; `None` when the field is not usable.
fn condition(rng: &mut Rng, demo: &Demo, module: &str) -> Option<String> {
    let m = demo.schema.module(module)?;
    let f = rng.pick(&m.fields);
    let name = f.name.as_str();
    let val = |rng: &mut Rng| -> String { sample(rng, demo, module, name).unwrap_or_default() };
    let text_ops = ["=", "!=", "<", ">", "<=", ">=", "like", "in", "=", "like"];
    let num_ops = ["=", "!=", "<", ">", "<=", ">=", "in"];
    Some(match &f.ty {
        FieldType::Reference { .. } | FieldType::Owner | FieldType::Autogenerated => {
            let op = *rng.pick(&["=", "!=", "in"]);
            let one = |rng: &mut Rng| -> Option<String> {
                sample(rng, demo, module, name).filter(|s| s.contains('x'))
            };
            if op == "in" {
                let vals: Vec<String> = (0..1 + rng.below(4))
                    .filter_map(|_| one(rng))
                    .map(|s| quote(&s))
                    .collect();
                if vals.is_empty() {
                    return None;
                }
                format!("{name} in ({})", vals.join(", "))
            } else {
                format!("{name} {op} {}", quote(&one(rng)?))
            }
        }
        FieldType::Boolean => {
            let op = *rng.pick(&["=", "!="]);
            format!(
                "{name} {op} {}",
                rng.pick(&["1", "0", "'1'", "'0'", "'true'", "'false'"])
            )
        }
        FieldType::Integer | FieldType::Double | FieldType::Decimal | FieldType::Currency => {
            let op = *rng.pick(&num_ops);
            let num = |rng: &mut Rng| -> String {
                let v = val(rng);
                if v.is_empty() {
                    format!("{}", rng.below(3000) as i64 - 100)
                } else {
                    v
                }
            };
            let q = |s: String| {
                if matches!(f.ty, FieldType::Integer) && !s.contains('.') {
                    s
                } else {
                    quote(&s)
                }
            };
            if op == "in" {
                let vals: Vec<String> = (0..1 + rng.below(4)).map(|_| q(num(rng))).collect();
                format!("{name} in ({})", vals.join(", "))
            } else if matches!(f.ty, FieldType::Integer) && rng.chance(20) {
                format!("{name} like {}", quote(&format!("{}%", rng.below(10))))
            } else {
                format!("{name} {op} {}", q(num(rng)))
            }
        }
        FieldType::Date { .. } | FieldType::DateTime | FieldType::Time => {
            let op = *rng.pick(&["=", "!=", "<", ">", "<=", ">=", "like", "in"]);
            let v = val(rng);
            let v = if v.is_empty() {
                "2020-06-15".to_owned()
            } else {
                v
            };
            match op {
                "like" if !matches!(f.ty, FieldType::Time) => format!(
                    "{name} like {}",
                    quote(&format!("{}%", &v[..4.min(v.len())]))
                ),
                "like" | "in" => format!(
                    "{name} in ({}, {})",
                    quote(&v),
                    quote(&val(rng)).replace("''", "'2021-01-01'")
                ),
                _ if matches!(f.ty, FieldType::DateTime) && rng.chance(30) => {
                    format!("{name} {op} {}", quote(&v[..10.min(v.len())]))
                }
                _ => format!("{name} {op} {}", quote(&v)),
            }
        }
        FieldType::File { .. } | FieldType::Password => return None,
        _ => {
            let op = *rng.pick(&text_ops);
            match op {
                "like" => {
                    let v = val(rng);
                    let chars: Vec<char> = v.chars().collect();
                    let cut = |a: usize, b: usize| -> String {
                        chars[a.min(chars.len())..b.min(chars.len())]
                            .iter()
                            .collect()
                    };
                    let pattern = match rng.below(5) {
                        0 => format!("{}%", like_literal(&cut(0, 1 + rng.below(3)))),
                        1 => format!("%{}%", like_literal(&cut(1, 3))),
                        2 => format!(
                            "%{}",
                            like_literal(&cut(chars.len().saturating_sub(2), chars.len()))
                        ),
                        3 => {
                            // `_` for one character, wildcards raw from the data
                            let mut s = String::new();
                            for (i, c) in chars.iter().enumerate() {
                                if i == 1 {
                                    s.push('_')
                                } else if *c == '\\' {
                                    s.push_str("\\\\")
                                } else {
                                    s.push(*c)
                                }
                            }
                            s
                        }
                        _ => rng
                            .pick(&[
                                "%", "%a%", "S%", "s%", "%\\%%", "%\\_%", "%\\\\%", "%'%", "_",
                                "%é%", "%É%",
                            ])
                            .to_string(),
                    };
                    format!("{name} like {}", quote(&mangle_case(rng, &pattern)))
                }
                "in" => {
                    let vals: Vec<String> = (0..1 + rng.below(5))
                        .map(|_| {
                            let v = val(rng);
                            quote(&mangle_case(rng, &v))
                        })
                        .collect();
                    format!("{name} in ({})", vals.join(", "))
                }
                _ => {
                    let v = val(rng);
                    format!("{name} {op} {}", quote(&mangle_case(rng, &v)))
                }
            }
        }
    })
}

/// A random query text over the demo schema (it may still fail validation).
pub fn random_query(rng: &mut Rng, demo: &Demo) -> String {
    let module = *rng.pick(&demo::MODULES);
    let m = demo.schema.module(module).expect("demo module");
    let fields: Vec<&str> = m
        .fields
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Password))
        .map(|f| f.name.as_str())
        .collect();
    let select = match rng.below(10) {
        0 => "*".to_owned(),
        1 | 2 => "count(*)".to_owned(),
        _ => (0..1 + rng.below(3))
            .map(|_| *rng.pick(&fields))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut q = format!("select {select} from {module}");
    if rng.chance(85) {
        let n = 1 + rng.below(5);
        let mut conds = Vec::new();
        while conds.len() < n {
            if let Some(c) = condition(rng, demo, module) {
                conds.push(c);
            }
        }
        q.push_str(" where ");
        for (i, c) in conds.iter().enumerate() {
            if i > 0 {
                q.push_str(if rng.chance(50) { " and " } else { " or " });
            }
            q.push_str(c);
        }
    }
    if rng.chance(55) {
        let n = 1 + rng.below(2);
        let cols: Vec<&str> = (0..n).map(|_| *rng.pick(&fields)).collect();
        q.push_str(&format!(" order by {}", cols.join(", ")));
        match rng.below(3) {
            0 => q.push_str(" desc"),
            1 => q.push_str(" asc"),
            _ => {}
        }
    }
    match rng.below(10) {
        0..=2 => {}
        3..=6 => q.push_str(&format!(" limit {}", rng.below(160))),
        _ => q.push_str(&format!(" limit {}, {}", rng.below(400), rng.below(160))),
    }
    q.push(';');
    q
}
