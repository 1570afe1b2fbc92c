//! The translation proper, generic over the dialect writer.

use std::cell::Cell;

use super::value::{bind, like_pattern};
use super::writer::{MySqlWriter, PostgresWriter, SqlWriter, SqliteWriter};
use super::{
    FilterValue, Mapping, ModuleMapping, SqlError, SqlOptions, SqlQuery, SqlValue, Storage, Target,
};
use crate::ast::{CompareOp, Condition, Ident, Precedence, Query, SelectList, WhereClause};
use crate::schema::Module;
use crate::validate::Validated;

/// A field resolved to its table, column and storage.
#[derive(Clone, Copy)]
pub(crate) struct Column<'m> {
    pub table: &'m str,
    pub column: &'m str,
    pub storage: Storage,
}

/// Resolves field `name` of `module` through `mm`. `id` is the base table's id column.
pub(crate) fn resolve<'m>(
    module: &Module,
    mm: &'m ModuleMapping,
    name: &Ident<'_>,
) -> Result<Column<'m>, SqlError> {
    let name_str = name.as_str();
    if name_str == "id" {
        return Ok(Column {
            table: &mm.table,
            column: &mm.id_column,
            storage: Storage::RecordId,
        });
    }
    let Some(fm) = mm.field(name_str) else {
        return Err(SqlError::UnmappedField {
            module: module.name.clone(),
            field: name_str.to_owned(),
            span: *name.span,
        });
    };
    // Whether `table` belongs to the module is checked once per statement
    // (`Translator::used_joins`).
    let table = fm.table.as_deref().unwrap_or(&mm.table);
    let storage = fm.storage.unwrap_or_else(|| {
        module
            .field(name_str)
            .map_or(Storage::Text, |f| Storage::for_type(&f.ty))
    });
    Ok(Column {
        table,
        column: &fm.column,
        storage,
    })
}

/// The number of parameters the statement will bind.
fn param_count(query: &Query<'_>, mm: &ModuleMapping) -> usize {
    let values: usize = query
        .where_clause
        .iter()
        .flat_map(|w| w.conditions())
        .map(|c| c.values().len())
        .sum();
    let filters = mm
        .filters
        .iter()
        .filter(|f| matches!(f.value, FilterValue::Text(_)))
        .count();
    let limit = if query.is_count() { 0 } else { 2 };
    values + filters + limit
}

pub(crate) fn translate<'q>(
    validated: &Validated<'q>,
    mapping: &Mapping,
    options: &SqlOptions,
) -> Result<SqlQuery<'q>, SqlError> {
    let precedence = validated.precedence();
    let query = validated.query();
    let module = validated.module();
    let mm = mapping
        .module(&module.name)
        .ok_or_else(|| SqlError::UnmappedModule {
            module: module.name.clone(),
        })?;
    let count = param_count(query, mm);
    let max = options.target.max_params();
    if count > max {
        return Err(SqlError::TooManyParams {
            count,
            max,
            target: options.target,
        });
    }
    let first_condition = match &query.select {
        SelectList::Columns(cols) => cols.len(),
        SelectList::All(_) => module.fields.iter().filter(|f| f.name != "id").count(),
        _ => 0,
    };
    let mut t = Translator {
        query,
        validated,
        first_condition,
        module,
        mm,
        options,
        precedence,
        params: count,
        columns: Vec::new(),
        cursor: Cell::new(0),
    };
    let mut columns = Vec::with_capacity(t.column_count());
    t.for_each_column(|name| {
        columns.push(t.resolve(name)?);
        Ok(())
    })?;
    t.columns = columns;
    match options.target {
        Target::MySql => t.run::<MySqlWriter<'q>>(),
        Target::Postgres => t.run::<PostgresWriter<'q>>(),
        Target::Sqlite => t.run::<SqliteWriter<'q>>(),
    }
}

struct Translator<'a, 'q> {
    query: &'q Query<'q>,
    /// The typed constants of the conditions.
    validated: &'a Validated<'q>,
    /// The place of the chain's first condition in emission order: the cursor minus this
    /// is the index of the condition being written.
    first_condition: usize,
    module: &'a Module,
    mm: &'a ModuleMapping,
    options: &'a SqlOptions,
    precedence: Precedence,
    params: usize,
    /// Every column the statement reads, resolved once, in emission order (see
    /// [`Translator::for_each_column`]); [`Translator::next_column`] walks them.
    columns: Vec<Column<'a>>,
    cursor: Cell<usize>,
}

impl<'a, 'q> Translator<'a, 'q> {
    fn resolve(&self, name: &Ident<'_>) -> Result<Column<'a>, SqlError> {
        resolve(self.module, self.mm, name)
    }

    /// The next column in emission order (resolved up front).
    fn next_column(&self, name: &Ident<'_>) -> Result<Column<'a>, SqlError> {
        let i = self.cursor.get();
        self.cursor.set(i + 1);
        match self.columns.get(i) {
            Some(c) => Ok(*c),
            None => self.resolve(name),
        }
    }

    /// How many columns [`Translator::for_each_column`] visits.
    fn column_count(&self) -> usize {
        let q = self.query;
        let select = match &q.select {
            SelectList::Columns(c) => c.len(),
            SelectList::All(_) => self.module.fields.len(),
            _ => 0,
        };
        let order = match (&q.order_by, q.is_count()) {
            (Some(o), false) => o.columns.len(),
            _ => 0,
        };
        select + q.where_clause.as_ref().map_or(0, WhereClause::len) + order
    }

    fn insensitive(&self, c: &Column<'_>) -> bool {
        !self.options.case_sensitive && c.storage.is_text()
    }

    fn run<W: SqlWriter<'q>>(&self) -> Result<SqlQuery<'q>, SqlError> {
        let q = self.query;
        let conditions = q.where_clause.as_ref().map_or(0, WhereClause::len);
        let columns = match &q.select {
            SelectList::Columns(c) => c.len(),
            SelectList::All(_) => self.module.fields.len(),
            _ => 1,
        };
        let estimate = 160
            + 72 * columns
            + 80 * conditions
            + 12 * self.params
            + 64 * (self.mm.joins.len() + self.mm.filters.len());
        let mut w = W::with_capacity(estimate, self.params);
        self.select(&mut w)?;
        self.from(&mut w)?;
        self.where_(&mut w)?;
        if !q.is_count() {
            self.order_by(&mut w)?;
            let (offset, count) = self.validated.page(q.limit.as_ref());
            w.push_sql(" LIMIT ");
            w.push_bind(SqlValue::Int(i64::try_from(count).unwrap_or(i64::MAX)));
            w.push_sql(" OFFSET ");
            w.push_bind(SqlValue::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
        }
        Ok(w.finish())
    }

    fn output_column<W: SqlWriter<'q>>(
        &self,
        w: &mut W,
        first: &mut bool,
        name: &Ident<'_>,
        cached: bool,
    ) -> Result<(), SqlError> {
        let c = if cached {
            self.next_column(name)?
        } else {
            self.resolve(name)?
        };
        if !*first {
            w.push_sql(", ");
        }
        *first = false;
        w.push_column(c.table, c.column);
        w.push_sql(" AS ");
        w.push_identifier(name.as_str());
        Ok(())
    }

    fn select<W: SqlWriter<'q>>(&self, w: &mut W) -> Result<(), SqlError> {
        w.push_sql("SELECT ");
        let id = Ident::new("id");
        let mut first = true;
        match &self.query.select {
            SelectList::Count { .. } => {
                w.push_sql("COUNT(*) AS ");
                w.push_identifier("count");
                return Ok(());
            }
            SelectList::All(_) => {
                for f in &self.module.fields {
                    if f.name != "id" {
                        self.output_column(w, &mut first, &Ident::new(f.name.as_str()), true)?;
                    }
                }
            }
            SelectList::Columns(cols) => {
                for c in cols {
                    self.output_column(w, &mut first, c, true)?;
                }
                if cols.iter().any(|c| c.as_str() == "id") {
                    return Ok(());
                }
            }
        }
        self.output_column(w, &mut first, &id, false)
    }

    /// The joins the statement uses, as a bit set over `mm.joins` (one pass over the
    /// columns; `None` when there are more joins than bits, see [`Self::uses_slow`]).
    fn used_joins(&self) -> Result<Option<u128>, SqlError> {
        let joins = &self.mm.joins;
        if joins.len() > 128 {
            return Ok(None);
        }
        let base = self.mm.table.as_str();
        let mut used = 0u128;
        let mut mark = |table: &str| {
            if let Some(i) = joins.iter().position(|j| j.table == table) {
                used |= 1 << i;
            }
        };
        for f in &self.mm.filters {
            mark(f.table.as_deref().unwrap_or(base));
        }
        for c in &self.columns {
            if c.table != base {
                match joins.iter().position(|j| j.table == c.table) {
                    Some(i) => used |= 1 << i,
                    None => return Err(self.unknown_table(c.table)),
                }
            }
        }
        Ok(Some(used))
    }

    /// Calls `f` with every column the statement reads: select list (not for a count),
    /// where chain, order by (not for a count).
    fn for_each_column(
        &self,
        mut f: impl FnMut(&Ident<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let q = self.query;
        match &q.select {
            SelectList::Columns(cols) => {
                for c in cols {
                    f(c)?;
                }
            }
            SelectList::All(_) => {
                for field in &self.module.fields {
                    if field.name != "id" {
                        f(&Ident::new(field.name.as_str()))?;
                    }
                }
            }
            _ => {}
        }
        if let Some(filter) = &q.where_clause {
            for c in filter.conditions() {
                f(&c.column)?;
            }
        }
        if let (false, Some(order)) = (q.is_count(), &q.order_by) {
            for c in &order.columns {
                f(c)?;
            }
        }
        Ok(())
    }

    fn unknown_table(&self, table: &str) -> SqlError {
        SqlError::UnknownTable {
            module: self.module.name.clone(),
            table: table.to_owned(),
        }
    }

    /// Whether the statement uses `table`: the path for modules with over 128 joins.
    fn uses_slow(&self, table: &str) -> Result<bool, SqlError> {
        let base = self.mm.table.as_str();
        if let Some(c) = self
            .columns
            .iter()
            .find(|c| self.mm.id_column_of(c.table).is_none())
        {
            return Err(self.unknown_table(c.table));
        }
        if self
            .mm
            .filters
            .iter()
            .any(|f| f.table.as_deref().unwrap_or(base) == table)
        {
            return Ok(true);
        }
        Ok(self.columns.iter().any(|c| c.table == table))
    }

    fn from<W: SqlWriter<'q>>(&self, w: &mut W) -> Result<(), SqlError> {
        let mm = self.mm;
        w.push_sql(" FROM ");
        w.push_identifier(&mm.table);
        let used = self.used_joins()?;
        for (i, j) in mm.joins.iter().enumerate() {
            let uses = match used {
                Some(bits) => bits & (1 << i) != 0,
                None => self.uses_slow(&j.table)?,
            };
            if j.table == mm.table || !uses {
                continue;
            }
            w.push_sql(" LEFT JOIN ");
            w.push_identifier(&j.table);
            w.push_sql(" ON ");
            w.push_column(&mm.table, &mm.id_column);
            w.push_sql(" = ");
            w.push_column(&j.table, &j.id_column);
        }
        Ok(())
    }

    fn condition<W: SqlWriter<'q>>(&self, w: &mut W, c: &'q Condition<'q>) -> Result<(), SqlError> {
        let index = self.cursor.get() - self.first_condition;
        let col = self.next_column(&c.column)?;
        let lower = self.insensitive(&col);
        let values = SqlError::single_unless_in(c)?;
        if c.op == CompareOp::Like {
            match col.storage {
                Storage::Text if lower => {
                    w.push_sql("lower(");
                    w.push_column(col.table, col.column);
                    w.push_sql(") LIKE lower(");
                    w.push_bind(like_pattern(&values[0]));
                    w.push_sql(")");
                }
                Storage::Text => {
                    w.push_column(col.table, col.column);
                    w.push_sql(" LIKE ");
                    w.push_bind(like_pattern(&values[0]));
                }
                Storage::Integer | Storage::Date | Storage::DateTime | Storage::Time => {
                    w.cast_text_open();
                    w.push_column(col.table, col.column);
                    w.cast_text_close();
                    w.push_sql(" LIKE ");
                    w.push_bind(like_pattern(&values[0]));
                }
                _ => return Err(SqlError::unsupported(c)),
            }
            w.like_escape();
            return Ok(());
        }
        if lower {
            w.push_sql("lower(");
            w.push_column(col.table, col.column);
            w.push_sql(")");
        } else {
            w.push_column(col.table, col.column);
        }
        w.push_sql(match c.op {
            CompareOp::Eq => " = ",
            CompareOp::Ne => " <> ",
            CompareOp::Lt => " < ",
            CompareOp::Gt => " > ",
            CompareOp::Le => " <= ",
            CompareOp::Ge => " >= ",
            CompareOp::In | CompareOp::Like => " IN (",
        });
        let stored = self.validated.stored(index, col.storage)?;
        for (i, (v, stored)) in values.iter().zip(stored).enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            let param = bind(stored, v.as_str());
            if lower {
                w.push_sql("lower(");
                w.push_bind(param);
                w.push_sql(")");
            } else {
                w.push_bind(param);
            }
        }
        if c.op == CompareOp::In {
            w.push_sql(")");
        }
        Ok(())
    }

    fn order_by<W: SqlWriter<'q>>(&self, w: &mut W) -> Result<(), SqlError> {
        let mm = self.mm;
        let mut first = true;
        let mut has_id = false;
        if let Some(order) = &self.query.order_by {
            let n = order.columns.len();
            for (i, name) in order.columns.iter().enumerate() {
                let col = self.next_column(name)?;
                has_id |= name.as_str() == "id";
                w.push_sql(if first { " ORDER BY " } else { ", " });
                first = false;
                if self.insensitive(&col) {
                    w.push_sql("lower(");
                    w.push_column(col.table, col.column);
                    w.push_sql(")");
                } else {
                    w.push_column(col.table, col.column);
                }
                let desc = i + 1 == n && order.last_direction() == crate::ast::Direction::Desc;
                w.push_sql(if desc { " DESC" } else { " ASC" });
                w.nulls_order(desc);
            }
        }
        if self.options.tie_breaker && !has_id {
            w.push_sql(if first { " ORDER BY " } else { ", " });
            w.push_column(&mm.table, &mm.id_column);
            w.push_sql(" ASC");
        }
        Ok(())
    }
}

mod chain;

#[cfg(test)]
mod tests;
