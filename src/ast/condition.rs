//! A condition of the `where` chain: `column op operand`, its operator and its values.

use std::borrow::Cow;
use std::fmt;

use super::{write_list, Ident, Literal, LiteralKind, NodeSpan};
use crate::{RecordId, Span};

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
    pub op_span: NodeSpan,
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
    /// let c = &q.where_clause.as_ref().unwrap().first;
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
            Operand::Value(v) => *v.span,
            Operand::List(l) => *l.span,
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
    pub span: NodeSpan,
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
    pub span: NodeSpan,
}

impl<'a> Value<'a> {
    /// A string value with an empty span.
    pub fn string(s: impl Into<Cow<'a, str>>) -> Self {
        Value {
            literal: Literal::string(s),
            span: NodeSpan::default(),
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
    /// assert_eq!(Value::string("12x34").record_id(), Some(vtql::RecordId::new(12, 34)));
    /// assert_eq!(Value::string("1x1 or 1=1").record_id(), None);
    /// ```
    pub fn record_id(&self) -> Option<RecordId> {
        self.as_str().parse().ok()
    }

    /// Detaches the value from the text.
    pub fn into_owned(self) -> Value<'static> {
        Value {
            literal: self.literal.into_owned(),
            span: self.span,
        }
    }
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
