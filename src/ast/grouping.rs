//! How an `and`/`or` chain is grouped: the one place the precedence rule is written.
//!
//! A chain has no parentheses, so each [`Precedence`] cuts it into [`Run`]s of one
//! connective ([`Grouping::runs`]). The printer, the evaluator, the SQL translator and
//! the builder's compiler all read the chain through those runs, and the builder writes
//! chains back from runs with [`Precedence::connective`], the inverse.

use std::fmt;
use std::ops::Range;

use super::{Condition, LogicalOp, WhereClause};

/// How an `and`/`or` chain is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Precedence {
    /// The documented rule, and this crate's default: connectives apply left to right,
    /// so `a or b and c` means `(a or b) and c`.
    #[default]
    LeftToRight,
    /// What real vtiger servers execute: they paste the chain into MySQL, where `and`
    /// binds tighter than `or`, so `a or b and c` means `a or (b and c)`.
    SqlPrecedence,
}

/// A run of consecutive conditions joined by one connective, as a [`Precedence`] reads
/// a chain.
///
/// - [`Precedence::LeftToRight`]: the maximal runs of one connective. The first run is
///   `c0 op c1 op ...`; every later run takes the value of everything before it as its
///   first operand: `(before) op ck op ...`.
/// - [`Precedence::SqlPrecedence`]: the `and`-runs (`op` is always `and`), joined by
///   `or`.
///
/// A run of one condition has the connective written before it, or `and` for the first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Run {
    /// The connective inside the run.
    pub op: LogicalOp,
    /// The run's conditions, as indexes into the chain (see [`WhereClause::condition`]).
    pub conditions: Range<usize>,
}

impl Precedence {
    /// The connective written before a condition when chains are built from runs (the
    /// inverse of [`Grouping::runs`]): inside a run its own `op`; at the start of a later
    /// run `run_op` left to right, `or` under SQL precedence.
    ///
    /// ```
    /// use vtql::{ast::LogicalOp::*, Precedence};
    /// assert_eq!(Precedence::SqlPrecedence.connective(And, true), Or);
    /// assert_eq!(Precedence::LeftToRight.connective(And, true), And);
    /// ```
    pub fn connective(self, run_op: LogicalOp, starts_run: bool) -> LogicalOp {
        match self {
            Precedence::SqlPrecedence if starts_run => LogicalOp::Or,
            _ => run_op,
        }
    }
}

/// A where chain seen under one [`Precedence`]. Its `Display` writes the chain with the
/// parentheses that make the grouping explicit; [`Grouping::evaluate`] computes its truth
/// value. Both are iterative: a chain of any length uses constant stack.
#[derive(Clone, Copy, Debug)]
pub struct Grouping<'w, 'a> {
    pub(super) clause: &'w WhereClause<'a>,
    pub(super) precedence: Precedence,
}

impl<'w, 'a> Grouping<'w, 'a> {
    /// The rule this grouping applies.
    pub fn precedence(&self) -> Precedence {
        self.precedence
    }

    /// The chain cut into runs of one connective under this precedence, in source order.
    /// Lazy and allocation-free.
    ///
    /// ```
    /// use vtql::ast::{LogicalOp::*, Run};
    /// use vtql::{Precedence, Query};
    /// let q = Query::parse("select * from Leads where a = 1 or b = 2 and c = 3 and d = 4;")?;
    /// let w = q.where_clause.as_ref().unwrap();
    /// let ltr: Vec<Run> = w.grouped(Precedence::LeftToRight).runs().collect();
    /// assert_eq!(ltr, [Run { op: Or, conditions: 0..2 }, Run { op: And, conditions: 2..4 }]);
    /// let sql: Vec<Run> = w.grouped(Precedence::SqlPrecedence).runs().collect();
    /// assert_eq!(sql, [Run { op: And, conditions: 0..1 }, Run { op: And, conditions: 1..4 }]);
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn runs(&self) -> Runs<'w, 'a> {
        Runs {
            clause: self.clause,
            precedence: self.precedence,
            start: 0,
        }
    }

    /// Evaluates the chain, asking `test` for the truth of each condition. Every
    /// condition is tested once, in source order.
    ///
    /// ```
    /// use vtql::{Precedence, Query};
    /// let q = Query::parse("select * from Leads where a = 1 or b = 2 and c = 3;")?;
    /// let w = q.where_clause.as_ref().unwrap();
    /// // a true, b false, c false
    /// let truth = |c: &vtql::ast::Condition| c.column.name == "a";
    /// assert!(!w.grouped(Precedence::LeftToRight).evaluate(truth));
    /// assert!(w.grouped(Precedence::SqlPrecedence).evaluate(truth));
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn evaluate(&self, mut test: impl FnMut(&Condition<'a>) -> bool) -> bool {
        let mut value = None;
        let mut any = false;
        for run in self.runs() {
            let mut acc = match self.precedence {
                Precedence::LeftToRight => value,
                Precedence::SqlPrecedence => None,
            };
            for i in run.conditions {
                let v = self.clause.condition(i).is_some_and(&mut test);
                acc = Some(match (acc, run.op) {
                    (None, _) => v,
                    (Some(a), LogicalOp::And) => a && v,
                    (Some(a), LogicalOp::Or) => a || v,
                });
            }
            value = acc;
            any |= acc == Some(true);
        }
        match self.precedence {
            Precedence::LeftToRight => value == Some(true),
            Precedence::SqlPrecedence => any,
        }
    }
}

impl fmt::Display for Grouping<'_, '_> {
    /// Left to right: one `(` per later run, each closed before that run's connective.
    /// SQL precedence: each `and`-run of two or more conditions in parentheses when
    /// there is an `or`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.clause;
        let runs = self.runs().count();
        let ltr = self.precedence == Precedence::LeftToRight;
        if ltr {
            for _ in 1..runs {
                f.write_str("(")?;
            }
        }
        for (k, run) in self.runs().enumerate() {
            let wrap = !ltr && runs > 1 && run.conditions.len() > 1;
            if k > 0 {
                if ltr {
                    f.write_str(")")?;
                }
                write!(f, " {} ", self.precedence.connective(run.op, true))?;
            }
            if wrap {
                f.write_str("(")?;
            }
            for (j, i) in run.conditions.enumerate() {
                if j > 0 {
                    write!(f, " {} ", run.op)?;
                }
                if let Some(c) = w.condition(i) {
                    c.fmt(f)?;
                }
            }
            if wrap {
                f.write_str(")")?;
            }
        }
        Ok(())
    }
}

/// The iterator of [`Grouping::runs`].
#[derive(Clone, Debug)]
pub struct Runs<'w, 'a> {
    clause: &'w WhereClause<'a>,
    precedence: Precedence,
    /// The first condition of the next run.
    start: usize,
}

impl Iterator for Runs<'_, '_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let n = self.clause.len();
        if self.start >= n {
            return None;
        }
        let start = self.start;
        // `rest[i]` is the connective before condition `i + 1`.
        let rest = &self.clause.rest;
        let op = match (self.precedence, start) {
            (Precedence::SqlPrecedence, _) => LogicalOp::And,
            (Precedence::LeftToRight, 0) => rest.first().map_or(LogicalOp::And, |l| l.op),
            (Precedence::LeftToRight, _) => rest[start - 1].op,
        };
        let mut end = start + 1;
        while end < n && rest[end - 1].op == op {
            end += 1;
        }
        self.start = end;
        Some(Run {
            op,
            conditions: start..end,
        })
    }
}

impl std::iter::FusedIterator for Runs<'_, '_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Query;

    /// Every chain of up to 6 conditions: the runs cover the chain in order, and the
    /// connectives written back from them ([`Precedence::connective`]) are the chain's.
    #[test]
    fn runs_partition_the_chain_and_connective_inverts_them() {
        for n in 1..=6usize {
            for mask in 0..1u32 << (n - 1) {
                let mut text = String::from("select * from M where c0 = 0");
                for i in 1..n {
                    let op = if mask >> (i - 1) & 1 == 1 {
                        "or"
                    } else {
                        "and"
                    };
                    text.push_str(&format!(" {op} c{i} = {i}"));
                }
                let q = Query::parse(&text).unwrap();
                let w = q.where_clause.as_ref().unwrap();
                let ops: Vec<LogicalOp> = w.ops().collect();
                for p in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
                    let mut next = 0;
                    let mut rebuilt = Vec::new();
                    for run in w.grouped(p).runs() {
                        assert_eq!(run.conditions.start, next, "{text} {p:?}");
                        assert!(!run.conditions.is_empty());
                        next = run.conditions.end;
                        for i in run.conditions.clone() {
                            if i > 0 {
                                let starts = i == run.conditions.start;
                                rebuilt.push(p.connective(run.op, starts));
                            }
                        }
                    }
                    assert_eq!(next, n, "{text} {p:?}");
                    assert_eq!(rebuilt, ops, "{text} {p:?}");
                }
            }
        }
    }
}
