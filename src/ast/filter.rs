//! The `where` clause: a flat chain of conditions joined by `and` / `or`, its values,
//! and the two ways of grouping the chain.

use std::borrow::Cow;
use std::fmt;

use super::{write_list, Ident, Literal, LiteralKind};
use crate::Span;

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
    pub span: Span,
}

/// `and cond` or `or cond` in a chain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link<'a> {
    /// The connective before the condition.
    pub op: LogicalOp,
    /// Where the connective was written.
    pub op_span: Span,
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
    /// assert!(q.filter.unwrap().readings_differ());
    /// let q = Query::parse("select * from Leads where a = 1 and b = 2 or c = 3;")?;
    /// assert!(!q.filter.unwrap().readings_differ());
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
    /// let w = q.filter.as_ref().unwrap();
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

    /// Under [`Precedence::SqlPrecedence`] the chain is an `or` of `and`-runs; this yields
    /// each run as a range of condition indexes (see [`WhereClause::condition`]).
    pub fn and_runs(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let n = self.len();
        let mut start = 0;
        let mut ops = self.ops().enumerate();
        std::iter::from_fn(move || {
            if start >= n {
                return None;
            }
            for (i, op) in ops.by_ref() {
                if op == LogicalOp::Or {
                    let run = start..i + 1;
                    start = i + 1;
                    return Some(run);
                }
            }
            let run = start..n;
            start = n;
            Some(run)
        })
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

/// A where chain seen under one [`Precedence`]. Its `Display` writes the chain with the
/// parentheses that make the grouping explicit; [`Grouping::evaluate`] computes its truth
/// value. Both are iterative: a chain of any length uses constant stack.
#[derive(Clone, Copy, Debug)]
pub struct Grouping<'w, 'a> {
    clause: &'w WhereClause<'a>,
    precedence: Precedence,
}

impl<'w, 'a> Grouping<'w, 'a> {
    /// The rule this grouping applies.
    pub fn precedence(&self) -> Precedence {
        self.precedence
    }

    /// Evaluates the chain, asking `test` for the truth of each condition. Every
    /// condition is tested once, in source order.
    ///
    /// ```
    /// use vtql::{Precedence, Query};
    /// let q = Query::parse("select * from Leads where a = 1 or b = 2 and c = 3;")?;
    /// let w = q.filter.as_ref().unwrap();
    /// // a true, b false, c false
    /// let truth = |c: &vtql::ast::Condition| c.column.name == "a";
    /// assert!(!w.grouped(Precedence::LeftToRight).evaluate(truth));
    /// assert!(w.grouped(Precedence::SqlPrecedence).evaluate(truth));
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn evaluate(&self, mut test: impl FnMut(&Condition<'a>) -> bool) -> bool {
        let first = test(&self.clause.first);
        match self.precedence {
            Precedence::LeftToRight => {
                let mut acc = first;
                for link in &self.clause.rest {
                    let v = test(&link.condition);
                    acc = match link.op {
                        LogicalOp::And => acc && v,
                        LogicalOp::Or => acc || v,
                    };
                }
                acc
            }
            Precedence::SqlPrecedence => {
                let mut any = false;
                let mut run = first;
                for link in &self.clause.rest {
                    let v = test(&link.condition);
                    match link.op {
                        LogicalOp::And => run = run && v,
                        LogicalOp::Or => {
                            any = any || run;
                            run = v;
                        }
                    }
                }
                any || run
            }
        }
    }
}

impl fmt::Display for Grouping<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.clause;
        match self.precedence {
            Precedence::LeftToRight => {
                // One opening parenthesis per change of connective; each closes just
                // before the next change.
                let mut changes = 0;
                let mut prev: Option<LogicalOp> = None;
                for op in w.ops() {
                    if prev.is_some_and(|p| p != op) {
                        changes += 1;
                    }
                    prev = Some(op);
                }
                for _ in 0..changes {
                    f.write_str("(")?;
                }
                w.first.fmt(f)?;
                let mut prev: Option<LogicalOp> = None;
                for link in &w.rest {
                    if prev.is_some_and(|p| p != link.op) {
                        f.write_str(")")?;
                    }
                    prev = Some(link.op);
                    write!(f, " {} ", link.op)?;
                    link.condition.fmt(f)?;
                }
                Ok(())
            }
            Precedence::SqlPrecedence => {
                let has_or = w.ops().any(|op| op == LogicalOp::Or);
                let n = w.len();
                let op_after = |i: usize| w.rest.get(i).map(|l| l.op);
                let mut open = false;
                for i in 0..n {
                    if i > 0 {
                        write!(f, " {} ", w.rest[i - 1].op)?;
                    }
                    let starts_run = i == 0 || w.rest[i - 1].op == LogicalOp::Or;
                    if has_or && starts_run && op_after(i) == Some(LogicalOp::And) {
                        f.write_str("(")?;
                        open = true;
                    }
                    if let Some(c) = w.condition(i) {
                        c.fmt(f)?;
                    }
                    if open && op_after(i) != Some(LogicalOp::And) {
                        f.write_str(")")?;
                        open = false;
                    }
                }
                Ok(())
            }
        }
    }
}

/// `column op operand`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Condition<'a> {
    /// The field compared.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub column: Ident<'a>,
    /// The operator.
    pub op: CompareOp,
    /// Where the operator was written.
    pub op_span: Span,
    /// The value or list of values.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub operand: Operand<'a>,
}

impl<'a> Condition<'a> {
    /// From the column to the end of the operand. Computed from the two, not stored: a
    /// condition is a node of every chain, so every byte of it counts.
    ///
    /// ```
    /// use vtql::Query;
    /// let src = "select * from Leads where lastname = 'Smith';";
    /// let q = Query::parse(src)?;
    /// let c = &q.filter.as_ref().unwrap().first;
    /// assert_eq!(&src[c.span().range()], "lastname = 'Smith'");
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn span(&self) -> Span {
        self.column.span.to(self.operand.span())
    }

    /// All values of the operand, in order.
    pub fn values(&self) -> &[Value<'a>] {
        match &self.operand {
            Operand::Value(v) => std::slice::from_ref(v),
            Operand::List(list) => &list.values,
        }
    }

    /// Detaches the condition from the text.
    pub fn into_owned(self) -> Condition<'static> {
        Condition {
            column: self.column.into_owned(),
            op: self.op,
            op_span: self.op_span,
            operand: self.operand.into_owned(),
        }
    }
}

impl fmt::Display for Condition<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ", self.column, self.op)?;
        match &self.operand {
            Operand::Value(v) => v.fmt(f),
            Operand::List(list) => {
                // In the pretty form the condition follows `where ` or `  and ` (6
                // characters), so the list's first line already holds that much.
                let used = 6 + self.column.name.chars().count() + self.op.as_str().len() + 2;
                list.write(f, f.alternate(), used)
            }
        }
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `like 'pattern'` with `%` and `_` wildcards.
    Like,
    /// `in (v, ...)`
    In,
}

impl CompareOp {
    /// The operator as written in canonical form.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Gt => ">",
            CompareOp::Le => "<=",
            CompareOp::Ge => ">=",
            CompareOp::Like => "like",
            CompareOp::In => "in",
        }
    }

    /// Whether this is one of `< > <= >=`.
    pub fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Lt | CompareOp::Gt | CompareOp::Le | CompareOp::Ge
        )
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The right-hand side of a condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Operand<'a> {
    /// A single value: `= 'Smith'`, `like 'Sm%'`, and in the vtiger dialect a bare
    /// `in 'a'`.
    #[cfg_attr(feature = "serde", serde(borrow))]
    Value(Value<'a>),
    /// A list of values: `in ('a', 'b')`, and in the vtiger dialect `= ('a')` or a bare
    /// `in 'a', 'b'`. Boxed, so that the common single value keeps conditions small.
    #[cfg_attr(feature = "serde", serde(borrow))]
    List(Box<ValueList<'a>>),
}

impl<'a> Operand<'a> {
    /// The span of the operand.
    pub fn span(&self) -> Span {
        match self {
            Operand::Value(v) => v.span,
            Operand::List(l) => l.span,
        }
    }

    /// Detaches the operand from the text.
    pub fn into_owned(self) -> Operand<'static> {
        match self {
            Operand::Value(v) => Operand::Value(v.into_owned()),
            Operand::List(l) => Operand::List(Box::new(l.into_owned())),
        }
    }
}

/// A list of values, with or without parentheses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ValueList<'a> {
    /// The values, at least one.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub values: Vec<Value<'a>>,
    /// `true` for `(a, b)`; `false` for the bare `a, b` the vtiger dialect accepts
    /// after `in` in the last condition.
    pub parenthesized: bool,
    /// From `(` to `)`, or over the values of a bare list.
    pub span: Span,
}

impl ValueList<'_> {
    /// Detaches the list from the text.
    pub fn into_owned(self) -> ValueList<'static> {
        ValueList {
            values: self.values.into_iter().map(Value::into_owned).collect(),
            parenthesized: self.parenthesized,
            span: self.span,
        }
    }
}

impl ValueList<'_> {
    /// Writes the list; `used` is how much of the current line is already taken.
    fn write(&self, f: &mut fmt::Formatter<'_>, pretty: bool, used: usize) -> fmt::Result {
        if self.parenthesized {
            f.write_str("(")?;
        }
        let used = used + usize::from(self.parenthesized);
        write_list(f, &self.values, pretty, 4, used)?;
        if self.parenthesized {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for ValueList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, f.alternate(), 0)
    }
}

/// A value in a condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Value<'a> {
    /// What was written.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub literal: Literal<'a>,
    /// Where it was written (quotes included).
    pub span: Span,
}

impl<'a> Value<'a> {
    /// A string value with an empty span.
    pub fn string(s: impl Into<Cow<'a, str>>) -> Self {
        Value {
            literal: Literal::string(s),
            span: Span::default(),
        }
    }

    /// The text of the value: a string's unescaped content, or the integer or id as
    /// written.
    pub fn as_str(&self) -> &str {
        self.literal.as_str()
    }

    /// Whether the value was written in quotes.
    pub fn is_quoted(&self) -> bool {
        self.literal.kind() == LiteralKind::String
    }

    /// The value as an `i64` when it is an unquoted integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match (self.literal.kind(), self.as_str()) {
            (LiteralKind::Integer, s) => s.strip_prefix('+').unwrap_or(s).parse().ok(),
            _ => None,
        }
    }

    /// The `(prefix, number)` of a record id `NxM`, quoted or not, when the text has
    /// exactly that shape (read as a [`RecordId`](crate::RecordId)).
    ///
    /// ```
    /// use vtql::ast::Value;
    /// assert_eq!(Value::string("12x34").record_id(), Some((12, 34)));
    /// assert_eq!(Value::string("1x1 or 1=1").record_id(), None);
    /// ```
    pub fn record_id(&self) -> Option<(u64, u64)> {
        split_record_id(self.as_str()).map(|(prefix, number)| (u64::from(prefix), number))
    }

    /// Detaches the value from the text.
    pub fn into_owned(self) -> Value<'static> {
        Value {
            literal: self.literal.into_owned(),
            span: self.span,
        }
    }
}

/// The prefix and number of a record id `NxM` (see [`RecordId`](crate::RecordId)).
pub(crate) fn split_record_id(s: &str) -> Option<(u32, u64)> {
    s.parse::<crate::RecordId>()
        .ok()
        .map(|id| (id.prefix, id.number))
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.literal.kind() {
            LiteralKind::String => write_quoted_string(f, self.as_str()),
            _ => f.write_str(self.as_str()),
        }
    }
}

/// Writes `s` in single quotes, doubling every `'`.
pub(crate) fn write_quoted_string(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    let mut rest = s;
    while let Some(i) = rest.find('\'') {
        f.write_str(&rest[..=i])?;
        f.write_char('\'')?;
        rest = &rest[i + 1..];
    }
    f.write_str(rest)?;
    f.write_char('\'')
}
