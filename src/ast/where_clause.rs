//! The `where` clause: a flat chain of conditions joined by `and` / `or`, kept in source
//! order (how a precedence groups it is `grouping.rs`).

use std::fmt;

use super::{Condition, Grouping, NodeSpan, Precedence};

/// `where cond {and|or cond}`: a flat chain kept **in source order**, never regrouped.
///
/// The language has no parentheses, so a chain mixing `and` and `or` can be read two
/// ways; see [`Precedence`] and [`WhereClause::grouped`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WhereClause<'a> {
    /// The first condition.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub first: Condition<'a>,
    /// Every further condition with the connective before it.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub rest: Vec<Link<'a>>,
    /// From `where` to the end of the last condition.
    pub span: NodeSpan,
}

/// `and cond` or `or cond` in a chain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link<'a> {
    /// The connective before the condition.
    pub op: LogicalOp,
    /// Where the connective was written.
    pub op_span: NodeSpan,
    /// The condition.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub condition: Condition<'a>,
}

/// `and` or `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum LogicalOp {
    /// `and`
    And,
    /// `or`
    Or,
}

impl LogicalOp {
    /// `"and"` or `"or"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogicalOp::And => "and",
            LogicalOp::Or => "or",
        }
    }
}

impl fmt::Display for LogicalOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'a> WhereClause<'a> {
    /// Number of conditions in the chain (at least one).
    pub fn len(&self) -> usize {
        self.rest.len() + 1
    }

    /// Always `false`: a where clause holds at least one condition.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The conditions in source order.
    pub fn conditions(&self) -> impl DoubleEndedIterator<Item = &Condition<'a>> + Clone {
        std::iter::once(&self.first).chain(self.rest.iter().map(|l| &l.condition))
    }

    /// The `i`-th condition (0-based).
    pub fn condition(&self, i: usize) -> Option<&Condition<'a>> {
        if i == 0 {
            Some(&self.first)
        } else {
            self.rest.get(i - 1).map(|l| &l.condition)
        }
    }

    /// The connectives in source order (one fewer than the conditions).
    pub fn ops(&self) -> impl ExactSizeIterator<Item = LogicalOp> + Clone + '_ {
        self.rest.iter().map(|l| l.op)
    }

    /// Whether the documented left-to-right reading and the SQL-precedence reading of the
    /// chain can give different results: exactly when an `and` follows an `or`.
    ///
    /// ```
    /// use vtql::Query;
    /// let q = Query::parse("select * from Leads where a = 1 or b = 2 and c = 3;")?;
    /// assert!(q.where_clause.unwrap().readings_differ());
    /// let q = Query::parse("select * from Leads where a = 1 and b = 2 or c = 3;")?;
    /// assert!(!q.where_clause.unwrap().readings_differ());
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn readings_differ(&self) -> bool {
        let mut seen_or = false;
        for op in self.ops() {
            match op {
                LogicalOp::Or => seen_or = true,
                LogicalOp::And if seen_or => return true,
                LogicalOp::And => {}
            }
        }
        false
    }

    /// The chain grouped under `precedence`: prints with explicit parentheses and
    /// evaluates with [`Grouping::evaluate`].
    ///
    /// ```
    /// use vtql::{Precedence, Query};
    /// let q = Query::parse("select * from Leads where a = 1 or b = 2 and c = 3;")?;
    /// let w = q.where_clause.as_ref().unwrap();
    /// assert_eq!(w.grouped(Precedence::LeftToRight).to_string(), "(a = 1 or b = 2) and c = 3");
    /// assert_eq!(w.grouped(Precedence::SqlPrecedence).to_string(), "a = 1 or (b = 2 and c = 3)");
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn grouped(&self, precedence: Precedence) -> Grouping<'_, 'a> {
        Grouping {
            clause: self,
            precedence,
        }
    }

    /// Detaches the clause from the text.
    pub fn into_owned(self) -> WhereClause<'static> {
        WhereClause {
            first: self.first.into_owned(),
            rest: self
                .rest
                .into_iter()
                .map(|l| Link {
                    op: l.op,
                    op_span: l.op_span,
                    condition: l.condition.into_owned(),
                })
                .collect(),
            span: self.span,
        }
    }
}

impl fmt::Display for WhereClause<'_> {
    /// `where a = 1 and b = 2`; the pretty form puts each further condition on its own
    /// line, indented under `where`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        f.write_str("where ")?;
        self.first.fmt(f)?;
        for link in &self.rest {
            if pretty {
                f.write_str("\n  ")?;
            } else {
                f.write_str(" ")?;
            }
            write!(f, "{} ", link.op)?;
            link.condition.fmt(f)?;
        }
        Ok(())
    }
}
