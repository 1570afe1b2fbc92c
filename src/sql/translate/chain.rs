//! The `where` clause in SQL: the chain grouped by its runs ([`Grouping::runs`]), long
//! runs as balanced trees and long alternations without nesting, so that every engine
//! accepts the expression's depth.
//!
//! [`Grouping::runs`]: crate::ast::Grouping::runs

use super::Translator;
use crate::ast::{LogicalOp, Precedence, Run, WhereClause};
use crate::sql::writer::{push_decimal, SqlWriter};
use crate::sql::{FilterOp, FilterValue, SqlError, SqlValue, Target};

impl<'a, 'q> Translator<'a, 'q> {
    pub(super) fn where_<W: SqlWriter<'q>>(&self, w: &mut W) -> Result<(), SqlError> {
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
}

/// Runs of one connective longer than this are grouped as a balanced tree.
pub(super) const FLAT_RUN: usize = 32;

/// A left-to-right chain with more groups of one connective than this is written as
/// [`Translator::alternation`] instead of one nesting level per group (SQLite refuses
/// expressions deeper than 1,000).
pub(super) const NESTED_GROUPS: usize = 64;

/// Most arguments of one `GREATEST`/`max` call (SQLite's default limit is 127).
pub(super) const GREATEST_ARGS: usize = 64;

/// The parentheses of a run of `n` operands joined by one connective: for each
/// operand, how many `(` come right before it and how many `)` right after. A run of up
/// to [`FLAT_RUN`] operands has none; a longer one is split into halves, each in
/// parentheses, until the parts are that short, so its depth is about
/// `FLAT_RUN + log2(n / FLAT_RUN)` instead of `n`.
pub(super) fn run_shape(n: usize) -> Vec<(u32, u32)> {
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
