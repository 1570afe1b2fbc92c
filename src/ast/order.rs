//! The `order by` and `limit` clauses.

use std::fmt;

use super::NodeSpan;
use super::{write_list, Ident};

/// `order by col [, col ...] [asc|desc]`.
///
/// The real server takes one optional direction, after the last column, and applies it
/// to that column only (`order by a, b desc` sorts `a` ascending, `b` descending).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrderBy<'a> {
    /// The sort columns, in order. At most two in the documented dialect.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub columns: Vec<Ident<'a>>,
    /// The direction written after the last column, if any.
    pub direction: Option<Direction>,
    /// The span of the direction keyword (empty when there is none).
    pub direction_span: NodeSpan,
    /// From `order` to the last column or direction.
    pub span: NodeSpan,
}

impl OrderBy<'_> {
    /// The direction that applies to the last column (`asc` when none was written).
    pub fn last_direction(&self) -> Direction {
        self.direction.unwrap_or(Direction::Asc)
    }

    /// Detaches the clause from the text.
    pub fn into_owned(self) -> OrderBy<'static> {
        OrderBy {
            columns: self.columns.into_iter().map(Ident::into_owned).collect(),
            direction: self.direction,
            direction_span: self.direction_span,
            span: self.span,
        }
    }
}

impl fmt::Display for OrderBy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("order by ")?;
        write_list(f, &self.columns, f.alternate(), 9, 9)?;
        if let Some(dir) = self.direction {
            write!(f, " {dir}")?;
        }
        Ok(())
    }
}

/// A sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Direction {
    /// `asc`, ascending (the default).
    Asc,
    /// `desc`, descending.
    Desc,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        })
    }
}

/// `limit n` or `limit m, n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Limit {
    /// `m` in `limit m, n`: the number of rows to skip.
    pub offset: Option<LimitValue>,
    /// `n`: the number of rows wanted (the server returns at most its cap, 100).
    pub count: LimitValue,
    /// From `limit` to the last number.
    pub span: NodeSpan,
}

impl Limit {
    /// The offset, 0 when none was written.
    pub fn offset_or_zero(&self) -> u64 {
        self.offset.map_or(0, |o| o.value)
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("limit ")?;
        if let Some(offset) = self.offset {
            write!(f, "{}, ", offset.value)?;
        }
        write!(f, "{}", self.count.value)
    }
}

/// A non-negative integer in a `limit` clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LimitValue {
    /// The number.
    pub value: u64,
    /// Where it was written.
    pub span: NodeSpan,
}

impl LimitValue {
    /// A value with an empty span, for building trees by hand.
    pub fn new(value: u64) -> Self {
        LimitValue {
            value,
            span: NodeSpan::default(),
        }
    }
}
