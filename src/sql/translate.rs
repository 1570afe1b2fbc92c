//! The translation proper, generic over the dialect writer.

use std::cell::Cell;

use super::value::{bind, like_pattern};
use super::writer::{push_decimal, MySqlWriter, PostgresWriter, SqlWriter, SqliteWriter};
use super::{
    FilterOp, FilterValue, Mapping, ModuleMapping, SqlError, SqlOptions, SqlQuery, SqlValue,
    Storage, Target,
};
use crate::ast::{
    CompareOp, Condition, Ident, LogicalOp, Precedence, Query, Run, SelectList, WhereClause,
};
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

    fn where_<W: SqlWriter<'q>>(&self, w: &mut W) -> Result<(), SqlError> {
        let mm = self.mm;
        let mut first = true;
        if let Some(chain) = &self.query.where_clause {
            w.push_sql(" WHERE (");
            self.chain(w, chain)?;
            w.push_sql(")");
            first = false;
        }
        for f in &mm.filters {
            w.push_sql(if first { " WHERE " } else { " AND " });
            first = false;
            let table = f.table.as_deref().unwrap_or(&mm.table);
            if mm.id_column_of(table).is_none() {
                return Err(SqlError::UnknownTable {
                    module: self.module.name.clone(),
                    table: table.to_owned(),
                });
            }
            w.push_column(table, &f.column);
            w.push_sql(match f.op {
                FilterOp::Eq => " = ",
                FilterOp::Ne => " <> ",
            });
            match &f.value {
                FilterValue::Int(i) => {
                    let mut s = String::new();
                    if *i < 0 {
                        s.push('-');
                    }
                    push_decimal(&mut s, i.unsigned_abs());
                    w.push_sql(&s);
                }
                FilterValue::Text(s) => w.push_bind(SqlValue::Text(s.clone().into())),
            }
        }
        Ok(())
    }

    /// The chain with explicit parentheses for the chosen precedence. Iterative.
    ///
    /// A long run of one connective is grouped as a balanced tree ([`run_shape`]): the
    /// same value (`and` and `or` are associative, also with NULLs), but an expression
    /// tree of logarithmic depth, which every engine accepts (SQLite refuses trees
    /// deeper than 1,000). Runs of up to [`FLAT_RUN`] conditions are written flat.
    fn chain<W: SqlWriter<'q>>(
        &self,
        w: &mut W,
        chain: &'q WhereClause<'q>,
    ) -> Result<(), SqlError> {
        let connective = |op| match op {
            LogicalOp::And => " AND ",
            LogicalOp::Or => " OR ",
        };
        let parens = |w: &mut W, text: &str, n: u32| {
            for _ in 0..n {
                w.push_sql(text);
            }
        };
        let runs: Vec<Run> = chain.grouped(self.precedence).runs().collect();
        match self.precedence {
            Precedence::LeftToRight => {
                // Every run after the first has the expression so far as its first
                // operand, then its conditions.
                if chain.len() == 1 {
                    return self.condition(w, &chain.first);
                }
                if runs.len() > NESTED_GROUPS {
                    return self.alternation(w, chain, &runs);
                }
                let shapes: Vec<Vec<(u32, u32)>> = runs
                    .iter()
                    .enumerate()
                    .map(|(k, r)| run_shape(r.conditions.len() + usize::from(k > 0)))
                    .collect();
                // One `(` per later run around the expression before it, plus the
                // runs' own parentheses before their first operand.
                let mut opens = 0;
                for (k, shape) in shapes.iter().enumerate() {
                    opens += shape.first().map_or(0, |s| s.0) + u32::from(k > 0);
                }
                parens(w, "(", opens);
                for (k, (run, shape)) in runs.iter().zip(&shapes).enumerate() {
                    if k == 0 {
                        for (j, i) in run.conditions.clone().enumerate() {
                            let (open, close) = shape[j];
                            if j > 0 {
                                w.push_sql(connective(run.op));
                                parens(w, "(", open);
                            }
                            if let Some(c) = chain.condition(i) {
                                self.condition(w, c)?;
                            }
                            parens(w, ")", close);
                        }
                    } else {
                        w.push_sql(")");
                        parens(w, ")", shape[0].1);
                        for (j, i) in run.conditions.clone().enumerate() {
                            w.push_sql(connective(run.op));
                            parens(w, "(", shape[j + 1].0);
                            if let Some(c) = chain.condition(i) {
                                self.condition(w, c)?;
                            }
                            parens(w, ")", shape[j + 1].1);
                        }
                    }
                }
            }
            Precedence::SqlPrecedence => {
                // An OR of AND-runs; each run of two or more conditions in parentheses.
                let has_or = runs.len() > 1;
                let or_shape = run_shape(runs.len());
                for (r, run) in runs.iter().enumerate() {
                    if r > 0 {
                        w.push_sql(connective(LogicalOp::Or));
                    }
                    parens(w, "(", or_shape[r].0);
                    let wrap = has_or && run.conditions.len() >= 2;
                    if wrap {
                        w.push_sql("(");
                    }
                    let and_shape = run_shape(run.conditions.len());
                    for (j, i) in run.conditions.clone().enumerate() {
                        if j > 0 {
                            w.push_sql(connective(run.op));
                        }
                        parens(w, "(", and_shape[j].0);
                        if let Some(c) = chain.condition(i) {
                            self.condition(w, c)?;
                        }
                        parens(w, ")", and_shape[j].1);
                    }
                    if wrap {
                        w.push_sql(")");
                    }
                    parens(w, ")", or_shape[r].1);
                }
            }
        }
        Ok(())
    }

    /// The conditions `range` joined by `op`, grouped by [`run_shape`]. Written out of
    /// the chain's order, so each condition's column is looked up at `base` (the
    /// cursor at the chain's first condition) plus its position.
    fn one_run<W: SqlWriter<'q>>(
        &self,
        w: &mut W,
        chain: &'q WhereClause<'q>,
        op: LogicalOp,
        range: std::ops::Range<usize>,
        base: usize,
    ) -> Result<(), SqlError> {
        let shape = run_shape(range.len());
        for (j, i) in range.enumerate() {
            if j > 0 {
                w.push_sql(match op {
                    LogicalOp::And => " AND ",
                    LogicalOp::Or => " OR ",
                });
            }
            for _ in 0..shape[j].0 {
                w.push_sql("(");
            }
            if let Some(c) = chain.condition(i) {
                self.cursor.set(base + i);
                self.condition(w, c)?;
            }
            for _ in 0..shape[j].1 {
                w.push_sql(")");
            }
        }
        Ok(())
    }

    /// A left-to-right chain of many alternating groups, without nesting one level per
    /// group. The chain `((G1 op2 G2) op3 G3) ...` is true exactly when some group that
    /// starts it or follows an `or` is true and every group after that one which
    /// follows an `and` is true: the last true `or`-group comes after the last
    /// not-true `and`-group. Written as
    /// `GREATEST(0, CASE WHEN (G) THEN k ELSE 0 END, ..) > GREATEST(0, CASE WHEN (G) THEN 0 ELSE k END, ..)`
    /// over the group numbers `k` (`max(..)` on SQLite), each group appears once, and the
    /// depth no longer grows with the chain. (`CASE WHEN` takes NULL as not true, as
    /// `WHERE` does.)
    fn alternation<W: SqlWriter<'q>>(
        &self,
        w: &mut W,
        chain: &'q WhereClause<'q>,
        runs: &[Run],
    ) -> Result<(), SqlError> {
        // (group number, its op, its conditions).
        let numbered: Vec<(usize, LogicalOp, std::ops::Range<usize>)> = runs
            .iter()
            .enumerate()
            .map(|(k, run)| (k + 1, run.op, run.conditions.clone()))
            .collect();
        let starts: Vec<_> = numbered
            .iter()
            .filter(|(k, op, _)| *k == 1 || *op == LogicalOp::Or)
            .cloned()
            .collect();
        let ands: Vec<_> = numbered
            .iter()
            .filter(|(k, op, _)| *k > 1 && *op == LogicalOp::And)
            .cloned()
            .collect();
        let base = self.cursor.get();
        self.greatest(w, chain, &starts, true, base)?;
        w.push_sql(" > ");
        self.greatest(w, chain, &ands, false, base)?;
        self.cursor.set(base + chain.len());
        Ok(())
    }

    /// `GREATEST(0, CASE WHEN (group) THEN k ELSE 0 END, ..)` (`when_true`), or with
    /// `THEN 0 ELSE k`, over `groups`; at most [`GREATEST_ARGS`] arguments per call,
    /// calls nested when there are more.
    fn greatest<W: SqlWriter<'q>>(
        &self,
        w: &mut W,
        chain: &'q WhereClause<'q>,
        groups: &[(usize, LogicalOp, std::ops::Range<usize>)],
        when_true: bool,
        base: usize,
    ) -> Result<(), SqlError> {
        let function = if W::TARGET == Target::Sqlite {
            "max("
        } else {
            "GREATEST("
        };
        if groups.is_empty() {
            w.push_sql("0");
            return Ok(());
        }
        // Work list: a call over groups[lo..hi], or one group's CASE, or a separator.
        enum Step {
            Call(usize, usize),
            Case(usize),
            Text(&'static str),
        }
        let mut todo = vec![
            Step::Text(")"),
            Step::Call(0, groups.len()),
            Step::Text(", "),
            Step::Text("0"),
        ];
        w.push_sql(function);
        while let Some(step) = todo.pop() {
            match step {
                Step::Text(t) => w.push_sql(t),
                Step::Case(i) => {
                    let (k, op, range) = &groups[i];
                    let number = k.to_string();
                    w.push_sql("CASE WHEN (");
                    self.one_run(w, chain, *op, range.clone(), base)?;
                    w.push_sql(") THEN ");
                    w.push_sql(if when_true { &number } else { "0" });
                    w.push_sql(" ELSE ");
                    w.push_sql(if when_true { "0" } else { &number });
                    w.push_sql(" END");
                }
                Step::Call(lo, hi) if hi - lo <= GREATEST_ARGS => {
                    for i in (lo..hi).rev() {
                        todo.push(Step::Case(i));
                        if i > lo {
                            todo.push(Step::Text(", "));
                        }
                    }
                }
                Step::Call(lo, hi) => {
                    // Chunks of at least two groups, each its own call.
                    let step = (hi - lo).div_ceil(GREATEST_ARGS).max(2);
                    let chunks: Vec<(usize, usize)> = (lo..hi)
                        .step_by(step)
                        .map(|a| (a, (a + step).min(hi)))
                        .collect();
                    for (n, &(a, b)) in chunks.iter().enumerate().rev() {
                        if b - a == 1 {
                            todo.push(Step::Case(a));
                        } else {
                            todo.push(Step::Text(")"));
                            todo.push(Step::Call(a, b));
                            todo.push(Step::Text(function));
                        }
                        if n > 0 {
                            todo.push(Step::Text(", "));
                        }
                    }
                }
            }
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
        let natural = self.validated.storage(index);
        let mismatch = || SqlError::StorageMismatch {
            field: c.column.as_str().to_owned(),
            storage: col.storage,
            natural,
            span: c.span(),
        };
        if !col.storage.holds(natural) {
            return Err(mismatch());
        }
        let constants = self.validated.constants(index);
        debug_assert_eq!(constants.len(), values.len());
        for (i, (v, k)) in values.iter().zip(constants).enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            let text = v.as_str();
            let param = bind(k.stored(text, col.storage).ok_or_else(mismatch)?, text);
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

/// Runs of one connective longer than this are grouped as a balanced tree.
const FLAT_RUN: usize = 32;

/// A left-to-right chain with more groups of one connective than this is written as
/// [`Translator::alternation`] instead of one nesting level per group (SQLite refuses
/// expressions deeper than 1,000).
const NESTED_GROUPS: usize = 64;

/// Most arguments of one `GREATEST`/`max` call (SQLite's default limit is 127).
const GREATEST_ARGS: usize = 64;

/// The parentheses of a run of `n` operands joined by one connective: for each
/// operand, how many `(` come right before it and how many `)` right after. A run of up
/// to [`FLAT_RUN`] operands has none; a longer one is split into halves, each in
/// parentheses, until the parts are that short, so its depth is about
/// `FLAT_RUN + log2(n / FLAT_RUN)` instead of `n`.
fn run_shape(n: usize) -> Vec<(u32, u32)> {
    let mut shape = vec![(0, 0); n];
    let mut todo = vec![(0, n, false)];
    while let Some((lo, hi, wrapped)) = todo.pop() {
        if wrapped && hi - lo >= 2 {
            shape[lo].0 += 1;
            shape[hi - 1].1 += 1;
        }
        if hi - lo > FLAT_RUN {
            let mid = lo + (hi - lo) / 2;
            todo.push((lo, mid, true));
            todo.push((mid, hi, true));
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Field, FieldType, Schema};
    use crate::sql::{FieldMapping, FixedFilter, JoinTable};
    use crate::validate::ValidateOptions;

    fn schema() -> Schema {
        let mut calendar = Module::new("Calendar", Some(9));
        calendar
            .fields
            .push(Field::new("subject", FieldType::String));
        calendar.fields.push(Field::new("odd", FieldType::String));
        calendar.fields.push(Field::new("lost", FieldType::String));
        calendar
            .fields
            .push(Field::new("id", FieldType::Autogenerated));
        let mut schema = Schema::new();
        schema.insert(calendar);
        schema
    }

    fn mapping() -> Mapping {
        let mut mm = ModuleMapping::new("vtiger_activity", "activityid");
        mm.joins.push(JoinTable {
            table: "vtiger_crmentity".into(),
            id_column: "crmid".into(),
        });
        mm.fields
            .insert("subject".into(), FieldMapping::column("subject"));
        mm.fields
            .insert("odd".into(), FieldMapping::column("we\"ird`name"));
        mm.fields
            .insert("lost".into(), FieldMapping::in_table("nowhere", "lost"));
        mm.filters
            .push(FixedFilter::eq(Some("vtiger_crmentity"), "deleted", 0));
        mm.filters
            .push(FixedFilter::eq(None, "activitytype", "Task"));
        let mut m = Mapping::new();
        m.insert("Calendar", mm);
        m
    }

    fn sql(text: &str, target: Target) -> Result<String, SqlError> {
        let schema = schema();
        let q = Query::parse(text).unwrap();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        v.to_sql(&mapping(), &SqlOptions::new(target))
            .map(|s| s.to_string())
    }

    #[test]
    fn string_fixed_filters_are_bound() {
        assert_eq!(
            sql("select subject from Calendar;", Target::Sqlite).unwrap(),
            "SELECT \"vtiger_activity\".\"subject\" AS \"subject\", \"vtiger_activity\".\"activityid\" AS \"id\" \
             FROM \"vtiger_activity\" LEFT JOIN \"vtiger_crmentity\" ON \"vtiger_activity\".\"activityid\" = \"vtiger_crmentity\".\"crmid\" \
             WHERE \"vtiger_crmentity\".\"deleted\" = 0 AND \"vtiger_activity\".\"activitytype\" = ? \
             ORDER BY \"vtiger_activity\".\"activityid\" ASC LIMIT ? OFFSET ? -- binds: [\"Task\", 100, 0]"
        );
    }

    #[test]
    fn mapped_identifiers_are_escaped() {
        let my = sql("select odd from Calendar;", Target::MySql).unwrap();
        assert!(
            my.contains("`vtiger_activity`.`we\"ird``name` AS `odd`"),
            "{my}"
        );
        let pg = sql("select odd from Calendar;", Target::Postgres).unwrap();
        assert!(
            pg.contains("\"vtiger_activity\".\"we\"\"ird`name\" AS \"odd\""),
            "{pg}"
        );
    }

    #[test]
    fn mapping_errors() {
        let err = sql("select lost from Calendar;", Target::MySql).unwrap_err();
        assert_eq!(err.code(), "S0003");
        let schema = schema();
        let q = Query::parse("select subject from Calendar;").unwrap();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        let err = v
            .to_sql(&Mapping::new(), &SqlOptions::default())
            .unwrap_err();
        assert_eq!(err.code(), "S0001");
        let mut m = mapping();
        m.modules
            .get_mut("Calendar")
            .unwrap()
            .fields
            .remove("subject");
        let err = v.to_sql(&m, &SqlOptions::default()).unwrap_err();
        assert_eq!(err.code(), "S0002");
        assert_eq!(err.span().map(|s| s.range()), Some(7..14));
    }

    #[test]
    fn limits_are_capped_and_bound() {
        let s = sql(
            "select subject from Calendar limit 500, 1000;",
            Target::Postgres,
        )
        .unwrap();
        assert!(
            s.ends_with("LIMIT $2 OFFSET $3 -- binds: [\"Task\", 100, 500]"),
            "{s}"
        );
        let s = sql("select count(*) from Calendar limit 5;", Target::Postgres).unwrap();
        assert!(!s.contains("LIMIT") && !s.contains("ORDER BY"), "{s}");
    }

    /// The deepest nesting of parentheses in `sql`.
    fn paren_depth(sql: &str) -> usize {
        let (mut depth, mut max) = (0usize, 0usize);
        for b in sql.bytes() {
            match b {
                b'(' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        max
    }

    #[test]
    fn run_shapes_are_balanced_and_shallow() {
        assert_eq!(run_shape(FLAT_RUN), vec![(0, 0); FLAT_RUN]);
        for n in [FLAT_RUN + 1, 100, 997, 4096] {
            let shape = run_shape(n);
            let opens: u32 = shape.iter().map(|s| s.0).sum();
            let closes: u32 = shape.iter().map(|s| s.1).sum();
            assert_eq!(opens, closes, "{n}");
            let deepest = shape.iter().map(|s| s.0).max().unwrap_or(0);
            assert!(deepest as usize <= (n as f64).log2().ceil() as usize, "{n}");
        }
    }

    #[test]
    fn long_chains_nest_logarithmically() {
        for (op, precedence) in [
            ("or", Precedence::LeftToRight),
            ("and", Precedence::LeftToRight),
            ("or", Precedence::SqlPrecedence),
            ("and", Precedence::SqlPrecedence),
        ] {
            let conditions: Vec<String> = (0..997).map(|i| format!("subject = 's{i}'")).collect();
            let text = format!(
                "select subject from Calendar where {};",
                conditions.join(&format!(" {op} "))
            );
            let q = crate::Query::parse(&text).unwrap();
            let schema = schema();
            let v = q
                .validate(&schema, &ValidateOptions::default().precedence(precedence))
                .unwrap();
            let s = v
                .to_sql(&mapping(), &SqlOptions::new(Target::Sqlite))
                .unwrap()
                .sql;
            assert!(
                paren_depth(&s) < 20,
                "{op} {precedence:?}: {}",
                paren_depth(&s)
            );
            assert_eq!(s.matches('(').count(), s.matches(')').count());
            // 996 connectives, plus the fixed filters' ANDs.
            let n = s.matches(&format!(" {} ", op.to_uppercase())).count();
            assert!((996..1000).contains(&n), "{n}");
        }
    }

    #[test]
    fn long_alternating_chains_do_not_nest_per_group() {
        let conditions: Vec<String> = (0..4096).map(|i| format!("subject = 's{i}'")).collect();
        let mut text = String::from("select subject from Calendar where ");
        for (i, c) in conditions.iter().enumerate() {
            if i > 0 {
                text.push_str(if i % 2 == 0 { " and " } else { " or " });
            }
            text.push_str(c);
        }
        text.push_str(" order by subject;");
        let q = crate::Query::parse(&text).unwrap();
        let schema = schema();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        for target in Target::ALL {
            let s = v.to_sql(&mapping(), &SqlOptions::new(target)).unwrap().sql;
            assert!(paren_depth(&s) < 12, "{target}: {}", paren_depth(&s));
            assert_eq!(s.matches("CASE WHEN").count(), 4095, "{target}");
            let greatest = if target == Target::Sqlite {
                "max(0, "
            } else {
                "GREATEST(0, "
            };
            assert_eq!(s.matches(greatest).count(), 2, "{target}");
        }
        // A short chain keeps its nested form.
        let q = crate::Query::parse(
            "select subject from Calendar where subject = 'a' or subject = 'b' and subject = 'c';",
        )
        .unwrap();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        let s = v
            .to_sql(&mapping(), &SqlOptions::new(Target::Sqlite))
            .unwrap()
            .sql;
        assert!(!s.contains("CASE") && s.contains("WHERE (("), "{s}");
    }
}
