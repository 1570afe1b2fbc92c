//! Parameterized SQL for MySQL/MariaDB, PostgreSQL and SQLite from a validated query.
//!
//! [`Validated::to_sql`] turns a validated query into a [`SqlQuery`]: SQL text plus bound
//! parameters. The guarantees, which the tests check on all three engines:
//!
//! - **every value of the query is a bound parameter**, identifiers come only from the
//!   [`Mapping`] (always quoted, quotes doubled), so the SQL text of a query is the same
//!   whatever its values are, and no value can change the statement;
//! - the user's chain sits in parentheses, **grouped explicitly** by the precedence the
//!   query was validated with (the documented left-to-right rule by default), and the
//!   mapping's fixed filters (`deleted = 0`, Leads' `converted = 0`, ...) are `AND`ed
//!   outside it;
//! - record ids `NxM` become the integer `M`; numbers, booleans (`0`/`1`) and dates are
//!   bound typed ([`SqlValue`]), from the constants the validator read
//!   ([`Validated::constants`]), converted to the mapping's storage when it
//!   [holds](Storage::holds) the field's type;
//! - comparisons of text are **case-insensitive by default**, as on the real server's
//!   MySQL collation: `lower(col) op lower(?)` on every engine (see "Case" below);
//!   [`SqlOptions::case_sensitive`] compares the raw values instead;
//! - `like` keeps `%` and `_` as wildcards and `\` as the escape character, made explicit
//!   with `ESCAPE` on every engine; on numbers and dates `like` matches their ISO text;
//! - `limit`: none → the cap the query was validated with (default 100); `limit n` →
//!   `min(n, cap)`; `limit m, n` →
//!   offset `m` (never capped) and `min(n, cap)` rows; always `LIMIT ? OFFSET ?`;
//! - `order by a, b desc`: the direction applies to the last column, as on the real
//!   server; NULLs sort first ascending and last descending (MySQL's rule) on every engine;
//!   the record id is added as a final tie-breaker (on by default) so pages are the same
//!   on every engine;
//! - `count(*)` gives one row with one column `count`; order and limit do not apply;
//! - a NULL column never matches a comparison (`!=` included), as in SQL.
//!
//! ## Case
//! The case-insensitive rule folds letters with `lower()`. On PostgreSQL (with a UTF-8
//! `LC_CTYPE` such as `C.UTF-8`) and MariaDB this folds every letter; SQLite's built-in
//! `lower()` folds ASCII only, so register a Unicode `lower(text)` on the connection (a
//! three-line `create_scalar_function` with rusqlite; the tests do) for accented capitals
//! to match. Both sides are lowered, so the column's collation only decides the order of
//! text: give text columns a binary collation (`utf8mb4_nopad_bin` on MariaDB, `C` /
//! `C.UTF-8` on PostgreSQL; SQLite is binary) for identical results on every engine. With a
//! `_ci` MySQL collation MySQL also ignores accents and trailing spaces, like the real
//! server. In case-sensitive mode SQLite needs `PRAGMA case_sensitive_like = ON`.
//!
//! ```
//! # #[cfg(feature = "demo")] {
//! use vtql::sql::{SqlOptions, Target};
//! use vtql::validate::{ValidateOptions};
//! use vtql::Query;
//!
//! let schema = vtql::demo::schema();
//! let mapping = vtql::demo::mapping();
//! let q = Query::parse("select lastname from Contacts where lastname = 'O''Brien' limit 5;")?;
//! let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
//! let sql = v.to_sql(&mapping, &SqlOptions::new(Target::Postgres)).unwrap();
//! assert_eq!(
//!     sql.to_string(),
//!     r#"SELECT "vtiger_contactdetails"."lastname" AS "lastname", "vtiger_contactdetails"."contactid" AS "id" FROM "vtiger_contactdetails" LEFT JOIN "vtiger_crmentity" ON "vtiger_contactdetails"."contactid" = "vtiger_crmentity"."crmid" WHERE (lower("vtiger_contactdetails"."lastname") = lower($1)) AND "vtiger_crmentity"."deleted" = 0 ORDER BY "vtiger_contactdetails"."contactid" ASC LIMIT $2 OFFSET $3 -- binds: ["O'Brien", 5, 0]"#
//! );
//! # }
//! # Ok::<(), vtql::ParseError>(())
//! ```

pub(crate) mod codes;
mod mapping;
mod translate;
pub(crate) mod value;
pub(crate) mod writer;

use std::borrow::Cow;
use std::fmt;

pub use mapping::{
    FieldMapping, FilterOp, FilterValue, FixedFilter, JoinTable, Mapping, ModuleMapping, Storage,
};

use crate::validate::Validated;
use crate::Span;

/// The database engine the SQL is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Target {
    /// MySQL and MariaDB: `` `quoted` `` identifiers, `?` placeholders.
    #[default]
    MySql,
    /// PostgreSQL: `"quoted"` identifiers, `$1..$n` placeholders.
    Postgres,
    /// SQLite: `"quoted"` identifiers, `?` placeholders.
    Sqlite,
}

impl Target {
    /// All targets.
    pub const ALL: [Target; 3] = [Target::MySql, Target::Postgres, Target::Sqlite];

    /// The most bound parameters one statement may have: 65,535 on MySQL and
    /// PostgreSQL, 32,766 on SQLite (its default `SQLITE_MAX_VARIABLE_NUMBER`).
    pub fn max_params(self) -> usize {
        match self {
            Target::MySql | Target::Postgres => 65_535,
            Target::Sqlite => 32_766,
        }
    }

    /// `"mysql"`, `"postgres"` or `"sqlite"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::MySql => "mysql",
            Target::Postgres => "postgres",
            Target::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Options for [`Validated::to_sql`]. The and/or reading and the row cap are the
/// query's: set them when validating ([`ValidateOptions`](crate::ValidateOptions)), and
/// the validator's warnings speak of the same ones the SQL applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SqlOptions {
    /// The engine.
    pub target: Target,
    /// Compare text case-sensitively (default `false`: case-insensitive, like the real
    /// server's MySQL collation).
    pub case_sensitive: bool,
    /// Add the record id as the last sort key so pages are deterministic (default `true`).
    pub tie_breaker: bool,
}

impl Default for SqlOptions {
    fn default() -> Self {
        SqlOptions {
            target: Target::default(),
            case_sensitive: false,
            tie_breaker: true,
        }
    }
}

impl SqlOptions {
    /// The defaults for `target`.
    pub fn new(target: Target) -> Self {
        SqlOptions {
            target,
            ..SqlOptions::default()
        }
    }
    /// Sets [`SqlOptions::target`].
    pub fn target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }
    /// Sets [`SqlOptions::case_sensitive`].
    pub fn case_sensitive(mut self, yes: bool) -> Self {
        self.case_sensitive = yes;
        self
    }
    /// Sets [`SqlOptions::tie_breaker`].
    pub fn tie_breaker(mut self, yes: bool) -> Self {
        self.tie_breaker = yes;
        self
    }
}

/// A value bound to a placeholder. Text borrows from the query where it can.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum SqlValue<'q> {
    /// SQL `NULL` (only in the demo's inserts; a query value is never NULL).
    Null,
    /// An integer (also booleans as `0`/`1`, record ids, limits).
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(Cow<'q, str>),
    /// A date, `yyyy-mm-dd` (bind as the driver's date type, or as text on MySQL/SQLite).
    Date(Cow<'q, str>),
    /// A date and time, `yyyy-mm-dd hh:mm:ss`.
    DateTime(Cow<'q, str>),
    /// A time of day, `hh:mm:ss` (stored as text).
    Time(Cow<'q, str>),
}

impl SqlValue<'_> {
    /// Detaches the value from the query text.
    pub fn into_owned(self) -> SqlValue<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        match self {
            SqlValue::Null => SqlValue::Null,
            SqlValue::Int(i) => SqlValue::Int(i),
            SqlValue::Float(f) => SqlValue::Float(f),
            SqlValue::Text(s) => SqlValue::Text(own(s)),
            SqlValue::Date(s) => SqlValue::Date(own(s)),
            SqlValue::DateTime(s) => SqlValue::DateTime(own(s)),
            SqlValue::Time(s) => SqlValue::Time(own(s)),
        }
    }

    /// The text of a text, date, date-time or time value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            SqlValue::Text(s) | SqlValue::Date(s) | SqlValue::DateTime(s) | SqlValue::Time(s) => {
                Some(s)
            }
            _ => None,
        }
    }
}

impl fmt::Display for SqlValue<'_> {
    /// Like diesel's bind list: integers bare, text in double quotes with Rust escapes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlValue::Null => f.write_str("NULL"),
            SqlValue::Int(i) => write!(f, "{i}"),
            SqlValue::Float(x) => write!(f, "{x:?}"),
            SqlValue::Text(s) | SqlValue::Date(s) | SqlValue::DateTime(s) | SqlValue::Time(s) => {
                write!(f, "{:?}", s.as_ref())
            }
        }
    }
}

/// SQL text and its bound parameters, in placeholder order.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SqlQuery<'q> {
    /// The statement. Output columns are named after the fields (`AS "lastname"`, the id
    /// as `"id"`, a count as `"count"`).
    pub sql: String,
    /// The values, one per placeholder.
    pub params: Vec<SqlValue<'q>>,
    /// The engine it was written for.
    pub target: Target,
}

impl SqlQuery<'_> {
    /// Detaches the parameters from the query text.
    pub fn into_owned(self) -> SqlQuery<'static> {
        SqlQuery {
            sql: self.sql,
            params: self.params.into_iter().map(SqlValue::into_owned).collect(),
            target: self.target,
        }
    }
}

impl fmt::Display for SqlQuery<'_> {
    /// diesel's `debug_query` form: `SQL -- binds: [v1, v2]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -- binds: [", self.sql)?;
        for (i, p) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{p}")?;
        }
        f.write_str("]")
    }
}

/// Why a validated query cannot be translated. Codes are stable (`S0001`..).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SqlError {
    /// The module has no entry in the mapping.
    #[error("module `{module}` has no table in the mapping")]
    UnmappedModule {
        /// The module.
        module: String,
    },
    /// A field used by the query has no column in the mapping.
    #[error("field `{field}` of `{module}` has no column in the mapping")]
    UnmappedField {
        /// The module.
        module: String,
        /// The field.
        field: String,
        /// Where the query uses it (empty for `select *`).
        span: Span,
    },
    /// A field or filter names a table that is neither the base table nor a join.
    #[error("table `{table}` is not the base table of `{module}` nor one of its joins")]
    UnknownTable {
        /// The module.
        module: String,
        /// The table.
        table: String,
    },
    /// An operator this backend cannot express on the field's storage (e.g. `like` on a
    /// record id), or a list after an operator other than `in`.
    #[error("`{op}` is not supported on field `{field}`")]
    Unsupported {
        /// The field.
        field: String,
        /// The operator.
        op: &'static str,
        /// The condition.
        span: Span,
    },
    /// More values than the engine accepts in one statement.
    #[error("the query needs {count} bound parameters; {target} accepts at most {max}")]
    TooManyParams {
        /// Parameters needed.
        count: usize,
        /// The engine's maximum.
        max: usize,
        /// The engine.
        target: Target,
    },
    /// The mapping stores a compared field in a column that cannot hold the values of
    /// its type ([`Storage::holds`]): a mistake in the mapping, whatever the value.
    #[error(transparent)]
    StorageMismatch(#[from] crate::value::StorageMismatch),
}

impl SqlError {
    /// [`SqlError::Unsupported`] for condition `c`.
    pub(crate) fn unsupported(c: &crate::ast::Condition<'_>) -> SqlError {
        SqlError::Unsupported {
            field: c.column.as_str().to_owned(),
            op: c.op.as_str(),
            span: c.span(),
        }
    }

    /// The values of `c`, refusing a list after an operator other than `in` (the vtiger
    /// dialect's `= ('a')` has one value and passes).
    pub(crate) fn single_unless_in<'c, 'q>(
        c: &'c crate::ast::Condition<'q>,
    ) -> Result<&'c [crate::ast::Value<'q>], SqlError> {
        crate::eval::operands(c).ok_or_else(|| SqlError::unsupported(c))
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SqlError::UnmappedModule { .. } => "S0001",
            SqlError::UnmappedField { .. } => "S0002",
            SqlError::UnknownTable { .. } => "S0003",
            SqlError::Unsupported { .. } => "S0005",
            SqlError::TooManyParams { .. } => "S0006",
            SqlError::StorageMismatch(_) => "S0007",
        }
    }

    /// Where in the query the problem is, when it is in the query.
    pub fn span(&self) -> Option<Span> {
        match self {
            SqlError::UnmappedField { span, .. } | SqlError::Unsupported { span, .. } => {
                Some(*span)
            }
            SqlError::StorageMismatch(m) => Some(m.span),
            _ => None,
        }
    }
}
impl<'q> Validated<'q> {
    /// Translates the query to parameterized SQL, grouped by the precedence and capped
    /// by the row cap it was validated with. See the [module docs](self).
    pub fn to_sql(
        &self,
        mapping: &Mapping,
        options: &SqlOptions,
    ) -> Result<SqlQuery<'q>, SqlError> {
        translate::translate(self, mapping, options)
    }
}
