//! Building queries in code: checked names, typed values that are always escaped,
//! record ids, boolean filter trees compiled to the flat wire chain, and a pager past the
//! server's 100-row cap.
//!
//! The builder produces the parser's own AST ([`Query<'static>`](crate::Query)), so
//! `to_string()` gives the wire text, and that text always parses back (in the dialect
//! it was built for, and in the documented dialect) to an equal tree: no value can change
//! the structure of the query.
//!
//! [`QueryBuilder::build`] targets a **real vtiger server** (it is
//! [`QueryBuilder::build_for`]`(Dialect::Vtiger)`): the server pastes values into MySQL,
//! where a backslash is an escape character, and `id` values are split on `x` and pasted
//! unquoted; that dialect refuses backslashes, `id` values that are not record ids, the
//! empty string, an in-list starting with an unquoted `0` and a select column named
//! `count`, so the wire text means on the server exactly what the builder was given.
//! `build_for(Dialect::Documented)` follows the documented language, where `\` is an
//! ordinary character, for servers that bind values as parameters (servers built on vtql).
//!
//! Entry points: [`Query::select`](crate::Query::select), [`Query::select_all`](crate::Query::select_all)
//! and [`Query::count`](crate::Query::count) (also as the free functions [`select`],
//! [`select_all`], [`count`]), then [`SelectBuilder::from`], conditions from [`col`],
//! and [`QueryBuilder::build`]. Every step that turns a builder into queries has the same
//! default and the same opt-in: [`QueryBuilder::build`] / [`QueryBuilder::build_for`],
//! [`Compiled::into_queries`] / [`Compiled::into_queries_for`]. A [`Pager`] builds nothing:
//! it pages an already built query, adding only `order by id` and `limit m, n`, which
//! are the same in both dialects.
//!
//! ```
//! use vtql::{build::col, Dialect, Query};
//!
//! let q = Query::select(["firstname", "lastname"])
//!     .from("Contacts")
//!     .filter(col("lastname").like("Sm%"))
//!     .and(col("mailingcountry").in_(["Germany", "France"]))
//!     .order_by("lastname")
//!     .desc()
//!     .limit(20)
//!     .offset(40)
//!     .build()?;
//! assert_eq!(
//!     q.to_string(),
//!     "select firstname, lastname from Contacts where lastname like 'Sm%' \
//!      and mailingcountry in ('Germany', 'France') order by lastname desc limit 40, 20;"
//! );
//! assert_eq!(Query::parse(&q.to_string())?, q);
//!
//! // Hostile values stay values.
//! let q = Query::count().from("Leads").filter(col("lastname").eq("x' or 1=1 --")).build()?;
//! assert_eq!(q.to_string(), "select count(*) from Leads where lastname = 'x'' or 1=1 --';");
//!
//! // `build()` is for real servers, where MySQL reads `\` as an escape: refused there.
//! // Servers that bind values as parameters take any string with `build_for(Documented)`.
//! let b = Query::select_all().from("Documents").filter(col("filename").eq("C:\\tmp\\a'b"));
//! assert_eq!(b.clone().build().unwrap_err().code(), "B0019");
//! assert_eq!(
//!     b.build_for(Dialect::Documented)?.to_string(),
//!     "select * from Documents where filename = 'C:\\tmp\\a''b';"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod codes;
mod compile;
mod cond;
mod error;
mod ident;
mod pager;
mod tree;
mod value;
pub mod wire;

pub use crate::value::RecordId;
pub use compile::{ChainRule, CompileOptions, Compiled};
pub use cond::{col, Col, Cond};
pub use error::{BuildError, NameRole};
pub use ident::Name;
pub use pager::{Pager, PagerWarning, Pages, Rows, StopRule};
pub use tree::Filter;
pub use value::{Date, DateTime, Decimal, IntoValue, Time};

use crate::ast::NodeSpan;
use crate::ast::{
    Condition, Direction, Ident, Limit, LimitValue, Link, LiteralKind, LogicalOp, OrderBy, Query,
    SelectList, WhereClause,
};
use crate::{Dialect, Span};
use ident::{check_name, ident};

/// `select col, ...`: see [`Query::select`](crate::Query::select).
pub fn select<I>(columns: I) -> SelectBuilder
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let cols: Result<Vec<Ident<'static>>, BuildError> = columns
        .into_iter()
        .map(|c| ident(c.as_ref(), NameRole::Column))
        .collect();
    let select = cols.and_then(|cols| {
        if cols.is_empty() {
            Err(BuildError::EmptySelect)
        } else {
            Ok(SelectList::Columns(cols))
        }
    });
    SelectBuilder { select }
}

/// `select *`: see [`Query::select_all`](crate::Query::select_all).
pub fn select_all() -> SelectBuilder {
    SelectBuilder {
        select: Ok(SelectList::All(NodeSpan::default())),
    }
}

/// `select count(*)`: see [`Query::count`](crate::Query::count).
pub fn count() -> SelectBuilder {
    SelectBuilder {
        select: Ok(SelectList::Count {
            span: NodeSpan::default(),
            extra: Vec::new(),
        }),
    }
}

impl Query<'static> {
    /// Starts a query selecting the given columns (names checked by `build()`).
    ///
    /// ```
    /// use vtql::Query;
    /// let q = Query::select(["firstname", "lastname"]).from("Contacts").build()?;
    /// assert_eq!(q.to_string(), "select firstname, lastname from Contacts;");
    /// assert!(Query::select(["first name"]).from("Contacts").build().is_err());
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn select<I>(columns: I) -> SelectBuilder
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        select(columns)
    }

    /// Starts a `select *` query.
    ///
    /// ```
    /// use vtql::Query;
    /// assert_eq!(Query::select_all().from("Leads").build()?.to_string(), "select * from Leads;");
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn select_all() -> SelectBuilder {
        select_all()
    }

    /// Starts a `select count(*)` query.
    ///
    /// ```
    /// use vtql::{build::col, Query};
    /// let q = Query::count().from("Leads").filter(col("leadsource").eq("Web Site")).build()?;
    /// assert_eq!(q.to_string(), "select count(*) from Leads where leadsource = 'Web Site';");
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn count() -> SelectBuilder {
        count()
    }
}

/// The select list, waiting for [`SelectBuilder::from`].
#[derive(Clone, Debug)]
#[must_use = "call .from(module) to continue"]
pub struct SelectBuilder {
    select: Result<SelectList<'static>, BuildError>,
}

impl SelectBuilder {
    /// The module to read (name checked by `build()`).
    pub fn from(self, module: &str) -> QueryBuilder {
        let mut error = None;
        let select = self.select.unwrap_or_else(|e| {
            error = Some(e);
            SelectList::All(NodeSpan::default())
        });
        let module = ident(module, NameRole::Module).unwrap_or_else(|e| {
            error.get_or_insert(e);
            Ident::new("")
        });
        QueryBuilder {
            error,
            select,
            module,
            filter: None,
            order: Vec::new(),
            direction: None,
            limit: None,
            offset: None,
        }
    }
}

/// A query under construction. Every step is infallible; the first mistake is kept and
/// returned by [`QueryBuilder::build`].
#[derive(Clone, Debug)]
#[must_use = "call .build() to get the query"]
pub struct QueryBuilder {
    error: Option<BuildError>,
    select: SelectList<'static>,
    module: Ident<'static>,
    filter: Option<WhereClause<'static>>,
    order: Vec<Ident<'static>>,
    /// The direction and the index of the order-by column it was given for.
    direction: Option<(Direction, usize)>,
    limit: Option<u64>,
    offset: Option<u64>,
}

impl QueryBuilder {
    fn fail(&mut self, e: BuildError) {
        self.error.get_or_insert(e);
    }

    fn push(mut self, op: LogicalOp, cond: impl Into<Cond>) -> Self {
        match cond.into().into_condition() {
            Err(e) => self.fail(e),
            Ok(condition) => match &mut self.filter {
                None => {
                    self.filter = Some(WhereClause {
                        first: condition,
                        rest: Vec::new(),
                        span: NodeSpan::default(),
                    })
                }
                Some(w) => w.rest.push(Link {
                    op,
                    op_span: NodeSpan::default(),
                    condition,
                }),
            },
        }
        self
    }

    /// Adds a condition: the first one starts the `where` chain; later ones are joined
    /// with `and` (same as [`QueryBuilder::and`]).
    pub fn filter(self, cond: impl Into<Cond>) -> Self {
        self.push(LogicalOp::And, cond)
    }

    /// Appends `and cond` to the chain (or starts it).
    pub fn and(self, cond: impl Into<Cond>) -> Self {
        self.push(LogicalOp::And, cond)
    }

    /// Appends `or cond` to the chain (or starts it). The chain is flat: real servers read
    /// `a or b and c` as `a or (b and c)`, the documentation as `(a or b) and c`. For
    /// nested logic use a [`Filter`] tree and [`Filter::compile`].
    pub fn or(self, cond: impl Into<Cond>) -> Self {
        self.push(LogicalOp::Or, cond)
    }

    /// Replaces the `where` chain with `chain` (for example one produced by
    /// [`Filter::compile`]). Its names and values are checked by `build()`.
    pub fn where_clause(mut self, chain: WhereClause<'static>) -> Self {
        self.filter = Some(chain);
        self
    }

    /// Adds an `order by` column (at most two).
    pub fn order_by(mut self, column: &str) -> Self {
        match ident(column, NameRole::Column) {
            Ok(c) => self.order.push(c),
            Err(e) => self.fail(e),
        }
        self
    }

    fn direction(mut self, d: Direction) -> Self {
        if self.order.is_empty() {
            self.fail(BuildError::DirectionWithoutOrderBy);
        } else {
            self.direction = Some((d, self.order.len() - 1));
        }
        self
    }

    /// Sorts the last `order by` column ascending (`asc`). The language has one direction,
    /// written after the last column, and it applies to that column only.
    pub fn asc(self) -> Self {
        self.direction(Direction::Asc)
    }

    /// Sorts the last `order by` column descending (`desc`).
    pub fn desc(self) -> Self {
        self.direction(Direction::Desc)
    }

    /// `limit n`: return at most `n` rows (servers return at most 100 per query; see
    /// [`Pager`] for more).
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skips `m` rows: written `limit m, n`, so a limit is required.
    pub fn offset(mut self, m: u64) -> Self {
        self.offset = Some(m);
        self
    }

    /// The query, safe to send to a **real vtiger server**: the same as
    /// [`build_for`](Self::build_for)`(Dialect::Vtiger)`. The default is the strict one
    /// because a real server pastes values into MySQL, where a backslash is an escape: a
    /// value with `\` could change the query there, so it is refused (B0019), as are the
    /// empty string, non-id `id` values and an in-list starting with an unquoted `0`.
    /// Servers built on vtql bind every value as a parameter; for them
    /// `build_for(Dialect::Documented)` accepts any string.
    ///
    /// The text parses back to an equal tree (queries larger than the parser's default
    /// [`Limits`](crate::Limits), such as more than 4,096 conditions, need raised limits).
    ///
    /// ```
    /// use vtql::{build::col, Dialect, Query};
    /// let b = Query::select_all().from("Contacts").filter(col("lastname").eq("C:\\temp"));
    /// assert!(b.clone().build().is_err());
    /// assert!(b.build_for(Dialect::Documented).is_ok());
    /// ```
    pub fn build(self) -> Result<Query<'static>, BuildError> {
        self.build_for(Dialect::Vtiger)
    }

    /// The query, checked to be sendable in `dialect`. For [`Dialect::Vtiger`] (what the
    /// real server executes correctly) this also refuses the empty string `''`, an
    /// in-list starting with an unquoted `0`, and a select column named `count`.
    ///
    /// ```
    /// use vtql::{build::col, Dialect, Query};
    /// let b = Query::select_all().from("Contacts").filter(col("email").ne(""));
    /// assert!(b.clone().build_for(Dialect::Documented).is_ok());
    /// assert!(b.build_for(Dialect::Vtiger).is_err());
    /// ```
    pub fn build_for(self, dialect: Dialect) -> Result<Query<'static>, BuildError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.order.len() > 2 {
            return Err(BuildError::TooManyOrderColumns {
                count: self.order.len(),
            });
        }
        let direction = match self.direction {
            Some((d, at)) if at + 1 == self.order.len() => Some(d),
            Some((_, at)) => {
                return Err(BuildError::DirectionNotLast {
                    column: self.order[at].name.to_string(),
                })
            }
            None => None,
        };
        let limit = match (self.limit, self.offset) {
            (None, Some(offset)) => return Err(BuildError::OffsetWithoutLimit { offset }),
            (None, None) => None,
            (Some(n), offset) => Some(Limit {
                offset: offset.map(LimitValue::new),
                count: LimitValue::new(n),
                span: NodeSpan::default(),
            }),
        };
        if let Some(w) = &self.filter {
            for c in w.conditions() {
                check_condition(c, dialect)?;
            }
        }
        if dialect == Dialect::Vtiger {
            if let SelectList::Columns(cols) = &self.select {
                if let Some(c) = cols.iter().find(|c| c.name.eq_ignore_ascii_case("count")) {
                    return Err(BuildError::ReservedName {
                        name: c.name.to_string(),
                        role: NameRole::Column,
                    });
                }
            }
        }
        let order_by = (!self.order.is_empty()).then(|| OrderBy {
            columns: self.order,
            direction,
            direction_span: NodeSpan::default(),
            span: NodeSpan::default(),
        });
        Ok(Query {
            select: self.select,
            module: self.module,
            where_clause: self.filter,
            order_by,
            limit,
            // The printer always writes the final `;`.
            terminator: Span::new(0, 1).into(),
            span: NodeSpan::default(),
        })
    }
}

/// Checks a condition that may come from outside the builder ([`QueryBuilder::where_clause`],
/// `From<Condition>`): names are identifiers, integer and id literals have their shape,
/// lists are non-empty; plus the dialect's extra rules.
fn check_condition(c: &Condition<'_>, dialect: Dialect) -> Result<(), BuildError> {
    check_name(&c.column.name, NameRole::Column)?;
    let values = c.values();
    if values.is_empty() {
        return Err(BuildError::EmptyInList {
            column: c.column.name.to_string(),
        });
    }
    for v in values {
        let ok = match v.literal.parts() {
            (LiteralKind::String, s) if dialect == Dialect::Vtiger => {
                let column = || c.column.name.to_string();
                if s.is_empty() {
                    return Err(BuildError::EmptyString { column: column() });
                }
                if s.contains('\\') {
                    return Err(BuildError::Backslash { column: column() });
                }
                true
            }
            (LiteralKind::String, _) => true,
            (LiteralKind::Integer, s) => {
                let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            }
            (LiteralKind::RecordId, s) => s.parse::<RecordId>().is_ok(),
        };
        if !ok {
            return Err(BuildError::Value(crate::value::ValueError::Invalid {
                kind: "literal",
                text: v.as_str().to_owned(),
                reason: "an unquoted literal must be an integer or a record id",
            }));
        }
    }
    if dialect == Dialect::Vtiger && c.column.name == "id" {
        for v in values {
            if !is_safe_id_value(v.as_str(), c.op == crate::ast::CompareOp::Like) {
                return Err(BuildError::UnsafeIdValue {
                    text: v.as_str().to_owned(),
                });
            }
        }
    }
    if dialect == Dialect::Vtiger && c.op == crate::ast::CompareOp::In {
        if let (LiteralKind::Integer, s) = values[0].literal.parts() {
            if s == "0" {
                return Err(BuildError::ZeroFirstInList {
                    column: c.column.name.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// `NxM`, or for `like` `N x` followed by digits and wildcards: what the real server can
/// split on `x` and paste into SQL without harm.
fn is_safe_id_value(s: &str, like: bool) -> bool {
    let Some((prefix, id)) = s.split_once('x') else {
        return false;
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(prefix)
        && !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (like && matches!(b, b'%' | b'_')))
}

#[cfg(test)]
mod tests;
