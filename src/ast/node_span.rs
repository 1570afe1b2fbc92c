//! Where a node was written, kept out of the tree's equality.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

use crate::Span;

/// The [`Span`] of a syntax-tree node, **ignored by equality, ordering and hashing**.
///
/// Two trees that differ only in where their nodes were written compare equal, so tests
/// can build trees by hand and the round trip `parse(print(q)) == q` holds. `Span`
/// itself compares honestly, so errors and diagnostics, which carry plain `Span`s, are
/// equal only at the same position. The wrapper derefs to the `Span`.
///
/// ```
/// use vtql::{ast::NodeSpan, Query, Span};
/// assert_eq!(NodeSpan::from(Span::new(0, 3)), NodeSpan::from(Span::new(7, 9)));
/// assert_ne!(Span::new(0, 3), Span::new(7, 9));
///
/// let a = Query::parse("select * from Leads;")?;
/// let b = Query::parse("select  *  from  Leads ;")?;
/// assert_eq!(a, b); // same tree
/// assert_ne!(a.module.span.get(), b.module.span.get()); // written elsewhere
/// # Ok::<(), vtql::ParseError>(())
/// ```
#[derive(Clone, Copy, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct NodeSpan(pub Span);

impl NodeSpan {
    /// The span.
    #[inline]
    pub const fn get(self) -> Span {
        self.0
    }
}

impl Deref for NodeSpan {
    type Target = Span;

    #[inline]
    fn deref(&self) -> &Span {
        &self.0
    }
}

impl DerefMut for NodeSpan {
    #[inline]
    fn deref_mut(&mut self) -> &mut Span {
        &mut self.0
    }
}

impl From<Span> for NodeSpan {
    #[inline]
    fn from(span: Span) -> Self {
        NodeSpan(span)
    }
}

impl From<NodeSpan> for Span {
    #[inline]
    fn from(span: NodeSpan) -> Self {
        span.0
    }
}

impl PartialEq for NodeSpan {
    #[inline]
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for NodeSpan {}

impl PartialOrd for NodeSpan {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NodeSpan {
    fn cmp(&self, _: &Self) -> Ordering {
        Ordering::Equal
    }
}

impl Hash for NodeSpan {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl fmt::Debug for NodeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
