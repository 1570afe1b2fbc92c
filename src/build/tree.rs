//! Boolean filter trees: `and`/`or` of conditions, nested to any depth, built with
//! [`Filter::and`], [`Filter::or`] and the `&` / `|` operators ([`super::compile`] turns
//! them into wire chains).
//!
//! The tree is a flat arena (children stored before their parent, the root last), so
//! building, cloning, comparing, printing, evaluating, compiling and dropping a tree of
//! any depth use constant stack.

use std::fmt;
use std::ops::{BitAnd, BitOr};

use super::cond::Cond;
use super::error::BuildError;
use crate::ast::{Condition, LogicalOp};

/// A boolean filter: conditions combined with `and` / `or`, nested to any depth.
///
/// Build it with [`Filter::and`], [`Filter::or`], or the `&` and `|` operators on
/// conditions and filters; compile it with [`Filter::compile`]. `Display` writes the tree
/// with explicit parentheses (not wire syntax: the language has no grouping). Equality
/// is structural (same groups, same order), not logical equivalence.
///
/// ```
/// use vtql::build::{col, ChainRule, Compiled, Filter};
///
/// // (lastname like 'Sm%' or lastname like 'Jo%') and mailingcountry = 'Norway'
/// let f = (col("lastname").like("Sm%") | col("lastname").like("Jo%"))
///     & col("mailingcountry").eq("Norway");
/// assert_eq!(
///     f.to_string(),
///     "(lastname like 'Sm%' or lastname like 'Jo%') and mailingcountry = 'Norway'"
/// );
/// // Left to right, one chain says it:
/// let Compiled::Single(chain) = f.compile(ChainRule::LeftToRight)? else { unreachable!() };
/// assert_eq!(
///     chain.to_string(),
///     "where lastname like 'Sm%' or lastname like 'Jo%' and mailingcountry = 'Norway'"
/// );
/// // With SQL precedence, one chain too (the and distributed over the or):
/// let Compiled::Single(chain) = f.compile(ChainRule::SqlPrecedence)? else { unreachable!() };
/// assert_eq!(
///     chain.to_string(),
///     "where lastname like 'Sm%' and mailingcountry = 'Norway' \
///      or lastname like 'Jo%' and mailingcountry = 'Norway'"
/// );
/// // Valid on every server: two queries, whose union (by id) is the answer.
/// let Compiled::Union(chains) = f.compile(ChainRule::Both)? else { unreachable!() };
/// assert_eq!(chains.len(), 2);
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Children precede their parent; the root is the last node. Same-operator groups
    /// are merged and single-child groups removed as the tree is built.
    pub(super) nodes: Vec<Node>,
    /// The first invalid condition or empty group met while building.
    pub(super) error: Option<BuildError>,
}

/// A node of the arena: a condition, or a group of earlier nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Node {
    Leaf(Condition<'static>),
    Group(LogicalOp, Vec<u32>),
}

impl From<Cond> for Filter {
    fn from(c: Cond) -> Self {
        match c.into_condition() {
            Ok(c) => Filter {
                nodes: vec![Node::Leaf(c)],
                error: None,
            },
            Err(e) => Filter {
                nodes: Vec::new(),
                error: Some(e),
            },
        }
    }
}

impl From<Condition<'static>> for Filter {
    fn from(c: Condition<'static>) -> Self {
        Filter::from(Cond::from(c))
    }
}

impl Filter {
    /// All of `items` (`and`). An empty group cannot be written and is refused by
    /// [`Filter::compile`].
    pub fn and<F: Into<Filter>>(items: impl IntoIterator<Item = F>) -> Filter {
        group(LogicalOp::And, items.into_iter().map(Into::into).collect())
    }

    /// Any of `items` (`or`). An empty group cannot be written and is refused by
    /// [`Filter::compile`].
    pub fn or<F: Into<Filter>>(items: impl IntoIterator<Item = F>) -> Filter {
        group(LogicalOp::Or, items.into_iter().map(Into::into).collect())
    }

    /// The first invalid condition or empty group in the tree, if any.
    pub fn error(&self) -> Option<&BuildError> {
        self.error.as_ref()
    }

    /// Number of condition leaves (a condition used twice counts twice).
    pub fn leaf_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Leaf(_)))
            .count()
    }

    /// The truth of the tree, asking `test` for the truth of each condition (each leaf
    /// once, in no particular order). Iterative.
    ///
    /// ```
    /// use vtql::build::col;
    /// let f = col("a").eq(1) & (col("b").eq(1) | col("c").eq(1));
    /// assert_eq!(f.evaluate(|c| c.column.name != "b"), Ok(true));
    /// assert_eq!(f.evaluate(|c| c.column.name == "a"), Ok(false));
    /// ```
    pub fn evaluate(
        &self,
        mut test: impl FnMut(&Condition<'static>) -> bool,
    ) -> Result<bool, &BuildError> {
        if let Some(e) = &self.error {
            return Err(e);
        }
        let mut truth = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let v = match node {
                Node::Leaf(c) => test(c),
                Node::Group(LogicalOp::And, ch) => ch.iter().all(|&i| truth[i as usize]),
                Node::Group(LogicalOp::Or, ch) => ch.iter().any(|&i| truth[i as usize]),
            };
            truth.push(v);
        }
        Ok(truth.last().copied().unwrap_or(false))
    }
}

impl Filter {
    pub(super) fn children(&self, i: usize) -> Option<(LogicalOp, &[u32])> {
        match &self.nodes[i] {
            Node::Leaf(_) => None,
            Node::Group(op, ch) => Some((*op, ch)),
        }
    }

    pub(super) fn leaf(&self, i: u32) -> Option<&Condition<'static>> {
        match &self.nodes[i as usize] {
            Node::Leaf(c) => Some(c),
            Node::Group(..) => None,
        }
    }
}

/// Combines filters under `op`, merging same-operator groups and reusing the largest
/// child's arena, so chained `a & b & c ...` stays one flat group and costs O(n).
fn group(op: LogicalOp, mut items: Vec<Filter>) -> Filter {
    let name = if op == LogicalOp::And { "and" } else { "or" };
    if items.is_empty() {
        return Filter {
            nodes: Vec::new(),
            error: Some(BuildError::EmptyGroup { op: name }),
        };
    }
    if items.len() == 1 {
        return items.remove(0);
    }
    let error = items.iter_mut().find_map(|f| f.error.take());
    if let Some(error) = error {
        return Filter {
            nodes: Vec::new(),
            error: Some(error),
        };
    }
    let big = (0..items.len())
        .max_by_key(|&i| items[i].nodes.len())
        .unwrap_or(0);
    let mut nodes = std::mem::take(&mut items[big].nodes);
    let mut children: Vec<u32> = Vec::with_capacity(items.len());
    let mut big_children = Vec::new();
    if let Some(Node::Group(o, ch)) = nodes.last_mut() {
        if *o == op {
            big_children = std::mem::take(ch);
            nodes.pop();
        } else {
            big_children.push(nodes.len() as u32 - 1);
        }
    } else {
        big_children.push(nodes.len() as u32 - 1);
    }
    for (i, item) in items.into_iter().enumerate() {
        if i == big {
            children.append(&mut big_children);
            continue;
        }
        let offset = nodes.len() as u32;
        let count = item.nodes.len();
        for (k, mut node) in item.nodes.into_iter().enumerate() {
            if let Node::Group(o, ch) = &mut node {
                for c in ch.iter_mut() {
                    *c += offset;
                }
                if k + 1 == count && *o == op {
                    children.append(ch);
                    continue;
                }
            }
            if k + 1 == count {
                children.push(nodes.len() as u32);
            }
            nodes.push(node);
        }
    }
    nodes.push(Node::Group(op, children));
    Filter { nodes, error: None }
}

impl<R: Into<Filter>> BitAnd<R> for Filter {
    type Output = Filter;
    fn bitand(self, rhs: R) -> Filter {
        group(LogicalOp::And, vec![self, rhs.into()])
    }
}

impl<R: Into<Filter>> BitOr<R> for Filter {
    type Output = Filter;
    fn bitor(self, rhs: R) -> Filter {
        group(LogicalOp::Or, vec![self, rhs.into()])
    }
}

impl<R: Into<Filter>> BitAnd<R> for Cond {
    type Output = Filter;
    fn bitand(self, rhs: R) -> Filter {
        group(LogicalOp::And, vec![self.into(), rhs.into()])
    }
}

impl<R: Into<Filter>> BitOr<R> for Cond {
    type Output = Filter;
    fn bitor(self, rhs: R) -> Filter {
        group(LogicalOp::Or, vec![self.into(), rhs.into()])
    }
}

impl fmt::Display for Filter {
    /// The tree with explicit parentheses around every nested group. Iterative.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.error {
            return write!(f, "<invalid: {e}>");
        }
        let Some(root) = self.nodes.len().checked_sub(1) else {
            return Ok(());
        };
        if let Node::Leaf(c) = &self.nodes[root] {
            return c.fmt(f);
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (node, pos) = *top;
            let Some((op, ch)) = self.children(node) else {
                stack.pop();
                continue;
            };
            if pos == ch.len() {
                stack.pop();
                if !stack.is_empty() {
                    f.write_str(")")?;
                }
                continue;
            }
            top.1 += 1;
            if pos > 0 {
                write!(f, " {op} ")?;
            }
            let child = ch[pos] as usize;
            match &self.nodes[child] {
                Node::Leaf(c) => c.fmt(f)?,
                Node::Group(..) => {
                    f.write_str("(")?;
                    stack.push((child, 0));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::col;

    #[test]
    fn building_flattens_and_keeps_order() {
        let f = col("a").eq(1) & col("b").eq(2) & col("c").eq(3);
        assert_eq!(f.nodes.len(), 4);
        assert_eq!(f.to_string(), "a = 1 and b = 2 and c = 3");
        let g = Filter::or([f.clone(), Filter::and([col("d").eq(4)])]);
        assert_eq!(g.to_string(), "(a = 1 and b = 2 and c = 3) or d = 4");
        let h = col("x").eq(0) | g;
        assert_eq!(
            h.to_string(),
            "x = 0 or (a = 1 and b = 2 and c = 3) or d = 4"
        );
    }
}
