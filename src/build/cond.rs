//! Conditions: `col("lastname").like("Sm%")`.

use crate::ast::NodeSpan;
use std::borrow::Borrow;
use std::fmt;

use super::error::{BuildError, NameRole};
use super::ident::ident;
use super::value::IntoValue;
use crate::ast::{CompareOp, Condition, Operand, ValueList};
use crate::value::RecordId;

/// A column to compare; start of every condition. The name is checked when the
/// condition is made; a bad name or value is reported by `build()` / `compile()`.
///
/// ```
/// use vtql::build::col;
/// assert_eq!(col("lastname").eq("O'Brien").to_string(), "lastname = 'O''Brien'");
/// assert_eq!(col("age").in_([30, 40]).to_string(), "age in (30, 40)");
/// assert!(col("last name").eq(1).condition().is_err());
/// ```
pub fn col(name: &str) -> Col<'_> {
    Col { name }
}

/// A column name waiting for its operator; see [`col`].
#[derive(Clone, Copy, Debug)]
pub struct Col<'n> {
    name: &'n str,
}

/// One condition `column op operand`, or the first reason it cannot be written.
///
/// `Display` prints the condition (or `<invalid: ...>` when it holds an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cond {
    inner: Result<Condition<'static>, BuildError>,
}

impl Cond {
    /// The AST condition, or why it cannot be written.
    pub fn condition(&self) -> Result<&Condition<'static>, &BuildError> {
        self.inner.as_ref()
    }

    /// The AST condition, or why it cannot be written.
    pub fn into_condition(self) -> Result<Condition<'static>, BuildError> {
        self.inner
    }
}

impl From<Condition<'static>> for Cond {
    /// Wraps a condition (for example from a parsed query). Its names and values are
    /// taken as they are; conditions from the parser are always safe to print.
    fn from(c: Condition<'static>) -> Self {
        Cond { inner: Ok(c) }
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Ok(c) => c.fmt(f),
            Err(e) => write!(f, "<invalid: {e}>"),
        }
    }
}

impl Col<'_> {
    fn make(self, op: CompareOp, operand: Result<Operand<'static>, BuildError>) -> Cond {
        let inner = ident(self.name, NameRole::Column).and_then(|column| {
            Ok(Condition {
                column,
                op,
                op_span: NodeSpan::default(),
                operand: operand?,
            })
        });
        Cond { inner }
    }

    fn single(self, op: CompareOp, v: impl IntoValue) -> Cond {
        self.make(op, v.into_value().map(Operand::Value))
    }

    /// `col = value`
    pub fn eq(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Eq, v)
    }
    /// `col != value`
    pub fn ne(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Ne, v)
    }
    /// `col < value`
    pub fn lt(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Lt, v)
    }
    /// `col > value`
    pub fn gt(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Gt, v)
    }
    /// `col <= value`
    pub fn le(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Le, v)
    }
    /// `col >= value`
    pub fn ge(self, v: impl IntoValue) -> Cond {
        self.single(CompareOp::Ge, v)
    }

    /// `col like 'pattern'`: `%` matches any run of characters, `_` one character. The
    /// pattern is passed to MySQL as written (there is no escape for `%` and `_`).
    pub fn like(self, pattern: impl IntoValue) -> Cond {
        self.single(CompareOp::Like, pattern)
    }

    /// `col in (v1, v2, ...)`; an empty list is refused
    /// ([`BuildError::EmptyInList`]).
    ///
    /// ```
    /// use vtql::build::col;
    /// assert_eq!(
    ///     col("mailingcountry").in_(["Germany", "France"]).to_string(),
    ///     "mailingcountry in ('Germany', 'France')"
    /// );
    /// ```
    pub fn in_<V: IntoValue>(self, values: impl IntoIterator<Item = V>) -> Cond {
        let name = self.name;
        let operand = values
            .into_iter()
            .map(IntoValue::into_value)
            .collect::<Result<Vec<_>, _>>()
            .and_then(|values| {
                if values.is_empty() {
                    return Err(BuildError::EmptyInList {
                        column: name.to_owned(),
                    });
                }
                Ok(Operand::List(Box::new(ValueList {
                    values,
                    parenthesized: true,
                    span: NodeSpan::default(),
                })))
            });
        self.make(CompareOp::In, operand)
    }

    /// `col in ('12x34', ...)` for record ids (of `id`, a reference or an owner field).
    ///
    /// ```
    /// use vtql::{build::col, RecordId};
    /// let ids: Vec<RecordId> = vec!["12x1".parse()?, "12x2".parse()?];
    /// assert_eq!(col("id").in_ids(&ids).to_string(), "id in ('12x1', '12x2')");
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn in_ids<I>(self, ids: I) -> Cond
    where
        I: IntoIterator,
        I::Item: Borrow<RecordId>,
    {
        self.in_(ids.into_iter().map(|id| *id.borrow()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_table() {
        let cases = [
            (col("a").eq(1), "a = 1"),
            (col("a").ne("x"), "a != 'x'"),
            (col("a").lt(-3), "a < -3"),
            (col("a").gt(2.5), "a > '2.5'"),
            (col("a").le(true), "a <= '1'"),
            (col("a").ge(false), "a >= '0'"),
            (col("a").like("%'%"), "a like '%''%'"),
            (col("a").in_(["x"]), "a in ('x')"),
            (col("a").in_([1, 2, 3]), "a in (1, 2, 3)"),
            (col("id").in_ids([RecordId::new(1, 2)]), "id in ('1x2')"),
        ];
        for (c, want) in cases {
            assert_eq!(c.to_string(), want);
        }
    }

    #[test]
    fn errors_are_kept() {
        assert!(matches!(
            col("a b").eq(1).into_condition(),
            Err(BuildError::InvalidName { .. })
        ));
        assert!(matches!(
            col("where").eq(1).into_condition(),
            Err(BuildError::ReservedName { .. })
        ));
        assert!(matches!(
            col("a").in_(Vec::<i32>::new()).into_condition(),
            Err(BuildError::EmptyInList { .. })
        ));
        assert!(matches!(
            col("a").eq(f64::NAN).into_condition(),
            Err(BuildError::Value(crate::value::ValueError::Invalid { .. }))
        ));
        assert!(col("a").eq(f64::NAN).to_string().starts_with("<invalid"));
    }
}
