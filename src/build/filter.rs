//! Boolean filter trees (`and`/`or` of conditions, nested) and their compiler to the flat
//! wire chain, or to a union of chains when no single chain means the same.
//!
//! The tree is a flat arena (children stored before their parent, the root last), so
//! building, cloning, comparing, printing, evaluating, compiling and dropping a tree of
//! any depth use constant stack.

use std::collections::HashMap;
use std::fmt;
use std::ops::{BitAnd, BitOr};

use super::cond::Cond;
use super::error::BuildError;
use super::{Query, QueryBuilder};
use crate::ast::{Condition, Link, LogicalOp, WhereClause};
use crate::{Dialect, Span};

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
    nodes: Vec<Node>,
    /// The first invalid condition or empty group met while building.
    error: Option<BuildError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
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

    /// Compiles the tree for servers applying `rule`, with the default options.
    pub fn compile(&self, rule: ChainRule) -> Result<Compiled, BuildError> {
        self.compile_with(&CompileOptions::new(rule))
    }

    /// Compiles the tree into one chain that means the same under `options.rule`, or,
    /// when no chain can, into the fewest and-chains (one per and-term of the
    /// disjunctive normal form, the one-condition terms folded into the first chain) whose
    /// union by record id is the answer. Those chains mean the same under both rules.
    ///
    /// Which trees compile to a single chain:
    /// - [`ChainRule::SqlPrecedence`]: every tree (a chain *is* an or of and-runs; nested
    ///   groups are distributed, duplicating conditions), while the normal form stays
    ///   within [`CompileOptions::max_terms`].
    /// - [`ChainRule::LeftToRight`]: trees where every group has at most one sub-group
    ///   (`((a or b) and c) or d`...), and trees whose normal form has at most one
    ///   term of two or more conditions.
    /// - [`ChainRule::Both`]: trees whose normal form is one and-term plus any number of
    ///   single conditions: `a and b or c or d`.
    ///
    /// Errors: an invalid condition, an empty group, or a normal form of more than
    /// `max_terms` terms ([`BuildError::TooManyTerms`]).
    pub fn compile_with(&self, options: &CompileOptions) -> Result<Compiled, BuildError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let Some(root) = self.nodes.len().checked_sub(1) else {
            return Err(BuildError::EmptyGroup { op: "and" });
        };
        if let Some(chain) = self.shallow_chain(root, options.rule) {
            return Ok(Compiled::Single(chain));
        }
        if options.rule == ChainRule::LeftToRight {
            if let Some(chain) = self.spine_chain(root) {
                return Ok(Compiled::Single(chain));
            }
        }
        let (conds, terms) = self.dnf(root, options.max_terms)?;
        let chain_of = |term: &[u32]| -> Vec<(LogicalOp, u32)> {
            term.iter().map(|&l| (LogicalOp::And, l)).collect()
        };
        if options.rule == ChainRule::SqlPrecedence {
            let mut links = Vec::new();
            for term in &terms {
                let start = links.len();
                links.extend(chain_of(term));
                links[start].0 = LogicalOp::Or;
            }
            return Ok(Compiled::Single(make_chain(&conds, &links)));
        }
        let (multi, singles): (Vec<_>, Vec<_>) = terms.iter().partition(|t| t.len() > 1);
        let mut chains: Vec<Vec<(LogicalOp, u32)>> = multi.iter().map(|t| chain_of(t)).collect();
        if chains.is_empty() {
            chains.push(Vec::new());
        }
        for s in singles {
            chains[0].push((LogicalOp::Or, s[0]));
        }
        let mut out: Vec<WhereClause<'static>> =
            chains.iter().map(|c| make_chain(&conds, c)).collect();
        if out.len() == 1 {
            Ok(Compiled::Single(out.remove(0)))
        } else {
            Ok(Compiled::Union(out))
        }
    }

    fn children(&self, i: usize) -> Option<(LogicalOp, &[u32])> {
        match &self.nodes[i] {
            Node::Leaf(_) => None,
            Node::Group(op, ch) => Some((*op, ch)),
        }
    }

    fn leaf(&self, i: u32) -> Option<&Condition<'static>> {
        match &self.nodes[i as usize] {
            Node::Leaf(c) => Some(c),
            Node::Group(..) => None,
        }
    }

    /// A chain for trees of depth at most two, in the order written: a condition; an
    /// `and` of conditions; an `or` of conditions and `and`-groups of conditions (one such
    /// group at most for `Both`, put first; any number for SQL precedence; for left to
    /// right, the spine handles it).
    fn shallow_chain(&self, root: usize, rule: ChainRule) -> Option<WhereClause<'static>> {
        let Some((op, ch)) = self.children(root) else {
            let c = self.leaf(root as u32)?;
            return Some(make_chain(&[c], &[(LogicalOp::And, 0)]));
        };
        let mut conds: Vec<&Condition<'static>> = Vec::new();
        let mut links: Vec<(LogicalOp, u32)> = Vec::new();
        let mut push = |links: &mut Vec<(LogicalOp, u32)>, op, c| {
            links.push((op, conds.len() as u32));
            conds.push(c);
        };
        if op == LogicalOp::And {
            for &c in ch {
                push(&mut links, LogicalOp::And, self.leaf(c)?);
            }
            return Some(make_chain(&conds, &links));
        }
        if rule == ChainRule::LeftToRight {
            return None;
        }
        let groups = ch.iter().filter(|&&c| self.leaf(c).is_none()).count();
        if rule == ChainRule::Both && groups > 1 {
            return None;
        }
        // Sub-groups first (for Both, the single and-run must lead the chain).
        for &c in ch.iter().filter(|&&c| self.leaf(c).is_none()) {
            let (_, sub) = self.children(c as usize)?;
            let mut op = LogicalOp::Or;
            for &l in sub {
                push(&mut links, op, self.leaf(l)?);
                op = LogicalOp::And;
            }
        }
        for &c in ch.iter().filter(|&&c| self.leaf(c).is_some()) {
            push(&mut links, LogicalOp::Or, self.leaf(c)?);
        }
        Some(make_chain(&conds, &links))
    }

    /// Left to right, a chain is `((c1 op c2) op c3) ...`: it expresses exactly the trees
    /// where every group has at most one sub-group. Walks that spine down, then writes
    /// the chain from the innermost group outwards.
    fn spine_chain(&self, root: usize) -> Option<WhereClause<'static>> {
        let mut spine: Vec<usize> = Vec::new();
        let mut at = root;
        loop {
            spine.push(at);
            let (_, ch) = self.children(at)?;
            let mut groups = ch.iter().filter(|&&c| self.leaf(c).is_none());
            match (groups.next(), groups.next()) {
                (None, _) => break,
                (Some(&g), None) => at = g as usize,
                (Some(_), Some(_)) => return None,
            }
        }
        let mut conds: Vec<&Condition<'static>> = Vec::new();
        let mut links: Vec<(LogicalOp, u32)> = Vec::new();
        for &node in spine.iter().rev() {
            let (op, ch) = self.children(node)?;
            for &c in ch {
                if let Some(cond) = self.leaf(c) {
                    links.push((op, conds.len() as u32));
                    conds.push(cond);
                }
            }
        }
        Some(make_chain(&conds, &links))
    }

    /// The disjunctive normal form: distinct conditions (numbered in reading order) and the
    /// and-terms (sorted condition numbers), deduplicated and absorbed (`a or a and b` is
    /// `a`), in order of first appearance. Bottom-up over the arena: no recursion.
    #[allow(clippy::type_complexity)]
    fn dnf(
        &self,
        root: usize,
        cap: usize,
    ) -> Result<(Vec<&Condition<'static>>, Vec<Vec<u32>>), BuildError> {
        // Number the distinct conditions in reading order (explicit-stack walk).
        let mut ids: HashMap<&Condition<'static>, u32> = HashMap::new();
        let mut conds: Vec<&Condition<'static>> = Vec::new();
        let mut leaf_id = vec![u32::MAX; self.nodes.len()];
        let mut stack = vec![root as u32];
        while let Some(n) = stack.pop() {
            match &self.nodes[n as usize] {
                Node::Leaf(c) => {
                    let id = *ids.entry(c).or_insert_with(|| {
                        conds.push(c);
                        conds.len() as u32 - 1
                    });
                    leaf_id[n as usize] = id;
                }
                Node::Group(_, ch) => stack.extend(ch.iter().rev()),
            }
        }
        let too_many = || BuildError::TooManyTerms { cap };
        let mut forms: Vec<Vec<Vec<u32>>> = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            let form = match node {
                Node::Leaf(_) => vec![vec![leaf_id[i]]],
                Node::Group(LogicalOp::Or, ch) => {
                    let mut all = Vec::new();
                    for &c in ch {
                        all.append(&mut forms[c as usize]);
                    }
                    absorb(all)
                }
                Node::Group(LogicalOp::And, ch) => {
                    let mut acc: Vec<Vec<u32>> = vec![Vec::new()];
                    for &c in ch {
                        let child = std::mem::take(&mut forms[c as usize]);
                        if acc.len().saturating_mul(child.len()) > cap.saturating_mul(cap).max(cap)
                        {
                            return Err(too_many());
                        }
                        let mut next = Vec::with_capacity(acc.len() * child.len());
                        for t in &acc {
                            for u in &child {
                                next.push(union_sorted(t, u));
                            }
                        }
                        acc = absorb(next);
                        if acc.len() > cap {
                            return Err(too_many());
                        }
                    }
                    acc
                }
            };
            if form.len() > cap {
                return Err(too_many());
            }
            forms.push(form);
        }
        let terms = std::mem::take(&mut forms[root]);
        Ok((conds, terms))
    }
}

/// Sorted union of two sorted id lists.
fn union_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn is_subset(small: &[u32], big: &[u32]) -> bool {
    let mut j = 0;
    for &x in small {
        while j < big.len() && big[j] < x {
            j += 1;
        }
        if j == big.len() || big[j] != x {
            return false;
        }
        j += 1;
    }
    true
}

/// Removes duplicate terms and terms implied by a shorter one, keeping the order of
/// first appearance.
fn absorb(terms: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by(|&a, &b| terms[a].len().cmp(&terms[b].len()).then(a.cmp(&b)));
    let mut keep = vec![false; terms.len()];
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        if kept.iter().all(|&k| !is_subset(&terms[k], &terms[i])) {
            keep[i] = true;
            kept.push(i);
        }
    }
    terms
        .into_iter()
        .zip(keep)
        .filter_map(|(t, k)| k.then_some(t))
        .collect()
}

/// A chain from `(op before, condition number)` pairs; the first op is ignored.
fn make_chain(conds: &[&Condition<'static>], links: &[(LogicalOp, u32)]) -> WhereClause<'static> {
    let mut it = links.iter();
    let first = it.next().map_or(0, |l| l.1);
    WhereClause {
        first: conds[first as usize].clone(),
        rest: it
            .map(|&(op, c)| Link {
                op,
                op_span: Span::default(),
                condition: conds[c as usize].clone(),
            })
            .collect(),
        span: Span::default(),
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

/// Which servers a compiled chain must be right for.
///
/// ```
/// use vtql::{build::{col, ChainRule}, Precedence};
/// let f = col("a").eq(1) | (col("b").eq(2) & col("c").eq(3));
/// let chain = f.compile(ChainRule::Both)?.chains()[0].clone();
/// assert_eq!(chain.to_string(), "where b = 2 and c = 3 or a = 1");
/// assert!(!chain.readings_differ()); // same meaning left to right and with SQL precedence
/// assert_eq!(ChainRule::Both.precedences(), [Precedence::LeftToRight, Precedence::SqlPrecedence]);
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ChainRule {
    /// The documented rule: connectives apply left to right.
    LeftToRight,
    /// What real servers do: `and` binds tighter than `or`.
    SqlPrecedence,
    /// Right under both rules (the safe default for unknown servers).
    #[default]
    Both,
}

impl ChainRule {
    /// The precedences a chain compiled for this rule is right under.
    pub fn precedences(self) -> &'static [crate::Precedence] {
        use crate::Precedence::*;
        match self {
            ChainRule::LeftToRight => &[LeftToRight],
            ChainRule::SqlPrecedence => &[SqlPrecedence],
            ChainRule::Both => &[LeftToRight, SqlPrecedence],
        }
    }
}

/// Options for [`Filter::compile_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CompileOptions {
    /// The rule the chain(s) must be right under (default [`ChainRule::Both`]).
    pub rule: ChainRule,
    /// The most and-terms the normal form may have (default 64): it can grow
    /// exponentially with nesting (`(a or b) and (c or d) and ...`).
    pub max_terms: usize,
}

impl CompileOptions {
    /// The defaults with `rule`.
    pub fn new(rule: ChainRule) -> Self {
        CompileOptions {
            rule,
            max_terms: 64,
        }
    }

    /// Sets [`CompileOptions::max_terms`].
    pub fn max_terms(mut self, n: usize) -> Self {
        self.max_terms = n;
        self
    }
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions::new(ChainRule::Both)
    }
}

/// What [`Filter::compile`] produced.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compiled {
    /// One chain means the same as the tree.
    Single(WhereClause<'static>),
    /// No single chain does: the union (by record id) of these chains' results is the
    /// answer. Each chain means the same under both rules. Select `id` to merge them.
    Union(Vec<WhereClause<'static>>),
}

impl Compiled {
    /// The chain(s): one for [`Compiled::Single`].
    pub fn chains(&self) -> &[WhereClause<'static>] {
        match self {
            Compiled::Single(c) => std::slice::from_ref(c),
            Compiled::Union(cs) => cs,
        }
    }

    /// Whether one chain was enough.
    pub fn is_single(&self) -> bool {
        matches!(self, Compiled::Single(_))
    }

    /// One query per chain, for a **real vtiger server**: `base` with its `where` chain
    /// replaced, each built with [`QueryBuilder::build`] (the same as
    /// [`into_queries_for`](Self::into_queries_for)`(base, Dialect::Vtiger)`, so a value
    /// with `\` or an empty string is refused). For a union, `base` must select `*` or
    /// include `id`, so that the results can be merged by record id
    /// ([`BuildError::UnionNeedsIds`]).
    ///
    /// ```
    /// use vtql::{build::{col, ChainRule}, Query};
    /// let f = col("a").eq(1) & (col("b").eq(2) | col("c").eq(3));
    /// let base = Query::select(["id", "lastname"]).from("Contacts");
    /// let queries = f.compile(ChainRule::Both)?.into_queries(&base)?;
    /// let texts: Vec<String> = queries.iter().map(|q| q.to_string()).collect();
    /// assert_eq!(texts, [
    ///     "select id, lastname from Contacts where a = 1 and b = 2;",
    ///     "select id, lastname from Contacts where a = 1 and c = 3;",
    /// ]);
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn into_queries(self, base: &QueryBuilder) -> Result<Vec<Query<'static>>, BuildError> {
        self.into_queries_for(base, Dialect::Vtiger)
    }

    /// One query per chain, each built with [`QueryBuilder::build_for`]`(dialect)`:
    /// `Dialect::Documented` for servers that bind values as parameters. The same
    /// union rule as [`into_queries`](Self::into_queries).
    ///
    /// ```
    /// use vtql::{build::{col, ChainRule}, Dialect, Query};
    /// let f = col("path").like("C:\\%") | col("path").eq("");
    /// let base = Query::select_all().from("Documents");
    /// let compiled = f.compile(ChainRule::Both)?;
    /// assert_eq!(compiled.clone().into_queries(&base).unwrap_err().code(), "B0019");
    /// let q = compiled.into_queries_for(&base, Dialect::Documented)?;
    /// assert_eq!(q[0].to_string(), "select * from Documents where path like 'C:\\%' or path = '';");
    /// # Ok::<(), vtql::build::BuildError>(())
    /// ```
    pub fn into_queries_for(
        self,
        base: &QueryBuilder,
        dialect: Dialect,
    ) -> Result<Vec<Query<'static>>, BuildError> {
        let chains = match self {
            Compiled::Single(c) => vec![c],
            Compiled::Union(cs) => {
                let mergeable = match &base.select {
                    crate::ast::SelectList::All(_) => true,
                    crate::ast::SelectList::Columns(cols) => cols.iter().any(|c| c.name == "id"),
                    _ => false,
                };
                if !mergeable && base.error.is_none() {
                    return Err(BuildError::UnionNeedsIds);
                }
                cs
            }
        };
        chains
            .into_iter()
            .map(|c| base.clone().where_clause(c).build_for(dialect))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::col;

    fn texts(c: &Compiled) -> Vec<String> {
        c.chains().iter().map(|w| w.to_string()).collect()
    }

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

    #[test]
    fn compile_table() {
        let a = || col("a").eq(1);
        let b = || col("b").eq(2);
        let c = || col("c").eq(3);
        let d = || col("d").eq(4);
        use ChainRule::*;
        let cases: Vec<(Filter, ChainRule, bool, Vec<&str>)> = vec![
            (a().into(), Both, true, vec!["where a = 1"]),
            (a() & b(), Both, true, vec!["where a = 1 and b = 2"]),
            (
                (a() & b()) | c() | d(),
                Both,
                true,
                vec!["where a = 1 and b = 2 or c = 3 or d = 4"],
            ),
            (
                c() | (a() & b()),
                Both,
                true,
                vec!["where a = 1 and b = 2 or c = 3"],
            ),
            (
                (a() | b()) & c(),
                LeftToRight,
                true,
                vec!["where a = 1 or b = 2 and c = 3"],
            ),
            (
                (a() | b()) & c(),
                SqlPrecedence,
                true,
                vec!["where a = 1 and c = 3 or b = 2 and c = 3"],
            ),
            (
                (a() | b()) & c(),
                Both,
                false,
                vec!["where a = 1 and c = 3", "where b = 2 and c = 3"],
            ),
            (
                (a() & b()) | (c() & d()),
                SqlPrecedence,
                true,
                vec!["where a = 1 and b = 2 or c = 3 and d = 4"],
            ),
            (
                (a() & b()) | (c() & d()),
                LeftToRight,
                false,
                vec!["where a = 1 and b = 2", "where c = 3 and d = 4"],
            ),
            (
                (a() | b()) & (c() | d()),
                LeftToRight,
                false,
                vec![
                    "where a = 1 and c = 3",
                    "where a = 1 and d = 4",
                    "where b = 2 and c = 3",
                    "where b = 2 and d = 4",
                ],
            ),
            // Shallow trees keep their written form ...
            (
                a() | (a() & b()),
                Both,
                true,
                vec!["where a = 1 and b = 2 or a = 1"],
            ),
            // ... deeper ones go through the normal form, which absorbs: a or (a and b) is a.
            (a() | (a() & (b() | c())), Both, true, vec!["where a = 1"]),
            // Duplicates: (a and b) or (b and a) is one term.
            (
                (a() & b()) | (b() & a()),
                LeftToRight,
                true,
                vec!["where a = 1 and b = 2"],
            ),
            // Singles fold into the first union chain.
            (
                (a() & b()) | (c() & d()) | col("e").eq(5),
                Both,
                false,
                vec!["where a = 1 and b = 2 or e = 5", "where c = 3 and d = 4"],
            ),
            (
                ((a() | b()) & c()) | d(),
                LeftToRight,
                true,
                vec!["where a = 1 or b = 2 and c = 3 or d = 4"],
            ),
        ];
        for (f, rule, single, want) in cases {
            let got = f.compile(rule).unwrap();
            assert_eq!(got.is_single(), single, "{f} under {rule:?}");
            assert_eq!(texts(&got), want, "{f} under {rule:?}");
        }
    }

    #[test]
    fn union_queries_need_ids() {
        let f = (col("a").eq(1) & col("b").eq(2)) | (col("c").eq(3) & col("d").eq(4));
        let compiled = f.compile(ChainRule::Both).unwrap();
        let ok = crate::Query::select(["lastname", "id"]).from("Contacts");
        assert_eq!(compiled.clone().into_queries(&ok).unwrap().len(), 2);
        let all = crate::Query::select_all().from("Contacts");
        assert_eq!(compiled.clone().into_queries(&all).unwrap().len(), 2);
        for bad in [
            crate::Query::select(["lastname"]).from("Contacts"),
            crate::Query::count().from("Contacts"),
        ] {
            assert_eq!(
                compiled.clone().into_queries(&bad),
                Err(BuildError::UnionNeedsIds)
            );
        }
        // A single chain needs no id.
        let single = (col("a").eq(1) & col("b").eq(2))
            .compile(ChainRule::Both)
            .unwrap();
        let count = crate::Query::count().from("Contacts");
        assert_eq!(
            single.into_queries(&count).unwrap()[0].to_string(),
            "select count(*) from Contacts where a = 1 and b = 2;"
        );
    }

    #[test]
    fn into_queries_follow_build_and_its_dialects() {
        let base = crate::Query::select(["id"]).from("Contacts");
        // (value, what `into_queries` = `build()` says, text with the documented dialect)
        let cases: [(Filter, Option<&str>, &str); 4] = [
            (
                (col("a").eq("x") & col("b").eq("y")) | (col("c").eq("z") & col("d").eq("w")),
                None,
                "select id from Contacts where a = 'x' and b = 'y';",
            ),
            (
                (col("a").eq("C:\\t") & col("b").eq(1)) | (col("c").eq(2) & col("d").eq(3)),
                Some("B0019"),
                "select id from Contacts where a = 'C:\\t' and b = 1;",
            ),
            (
                (col("a").eq(1) & col("b").eq(2)) | (col("c").eq(3) & col("d").eq("")),
                Some("B0010"),
                "select id from Contacts where a = 1 and b = 2;",
            ),
            (
                (col("a").in_([0, 1]) & col("b").eq(2)) | (col("c").eq(3) & col("d").eq(4)),
                Some("B0011"),
                "select id from Contacts where a in (0, 1) and b = 2;",
            ),
        ];
        for (f, vtiger, documented) in cases {
            let compiled = f.compile(ChainRule::Both).unwrap();
            assert!(!compiled.is_single(), "{f}");
            let default = compiled.clone().into_queries(&base);
            let strict = compiled.clone().into_queries_for(&base, Dialect::Vtiger);
            assert_eq!(default, strict, "{f}");
            match vtiger {
                None => assert_eq!(default.unwrap()[0].to_string(), documented),
                Some(code) => assert_eq!(default.unwrap_err().code(), code, "{f}"),
            }
            let q = compiled
                .into_queries_for(&base, Dialect::Documented)
                .unwrap();
            assert_eq!(q.len(), 2);
            assert_eq!(q[0].to_string(), documented);
        }
        // The union rule holds in both dialects.
        let f = (col("a").eq(1) & col("b").eq(2)) | (col("c").eq(3) & col("d").eq(4));
        let compiled = f.compile(ChainRule::Both).unwrap();
        let names = crate::Query::select(["lastname"]).from("Contacts");
        for dialect in [Dialect::Documented, Dialect::Vtiger] {
            assert_eq!(
                compiled.clone().into_queries_for(&names, dialect),
                Err(BuildError::UnionNeedsIds)
            );
        }
    }

    #[test]
    fn errors() {
        assert!(matches!(
            Filter::and(Vec::<Filter>::new()).compile(ChainRule::Both),
            Err(BuildError::EmptyGroup { op: "and" })
        ));
        let bad = col("a b").eq(1) | col("c").eq(2);
        assert!(matches!(
            bad.compile(ChainRule::Both),
            Err(BuildError::InvalidName { .. })
        ));
        // (a1 or b1) and (a2 or b2) and ... : 2^n terms.
        let mut f = col("a0").eq(0) | col("b0").eq(0);
        for i in 1..8 {
            f = f & (col(&format!("a{i}")).eq(i) | col(&format!("b{i}")).eq(i));
        }
        assert!(f.compile(ChainRule::LeftToRight).is_err());
        assert_eq!(
            f.compile(ChainRule::Both),
            Err(BuildError::TooManyTerms { cap: 64 })
        );
        assert!(f
            .compile_with(&CompileOptions::new(ChainRule::Both).max_terms(256))
            .is_ok());
    }

    mod props {
        use super::*;
        use crate::ast::CompareOp;
        use crate::{Dialect, Precedence};
        use proptest::prelude::*;
        use std::collections::HashMap;

        /// An independent tree for the oracle (shallow in tests, so recursion is fine).
        #[derive(Clone, Debug)]
        enum T {
            Leaf(&'static str, u8, i64),
            And(Vec<T>),
            Or(Vec<T>),
        }

        const COLS: [&str; 4] = ["a", "b", "c", "d"];

        fn tree() -> impl Strategy<Value = T> {
            let leaf = (0..4usize, 0..7u8, 0..3i64).prop_map(|(c, op, v)| T::Leaf(COLS[c], op, v));
            leaf.prop_recursive(4, 24, 4, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 1..4).prop_map(T::And),
                    proptest::collection::vec(inner, 1..4).prop_map(T::Or),
                ]
            })
        }

        fn to_filter(t: &T) -> Filter {
            match t {
                T::Leaf(c, op, v) => {
                    let c = col(c);
                    match op {
                        0 => c.eq(*v),
                        1 => c.ne(*v),
                        2 => c.lt(*v),
                        3 => c.gt(*v),
                        4 => c.le(*v),
                        5 => c.ge(*v),
                        _ => c.in_([*v, *v + 1]),
                    }
                    .into()
                }
                T::And(ts) => Filter::and(ts.iter().map(to_filter)),
                T::Or(ts) => Filter::or(ts.iter().map(to_filter)),
            }
        }

        fn holds(c: &Condition<'_>, record: &HashMap<&str, i64>) -> bool {
            let x = record[c.column.name.as_ref()];
            let vals: Vec<i64> = c.values().iter().map(|v| v.as_i64().unwrap()).collect();
            match c.op {
                CompareOp::Eq => x == vals[0],
                CompareOp::Ne => x != vals[0],
                CompareOp::Lt => x < vals[0],
                CompareOp::Gt => x > vals[0],
                CompareOp::Le => x <= vals[0],
                CompareOp::Ge => x >= vals[0],
                CompareOp::In => vals.contains(&x),
                CompareOp::Like => unreachable!(),
            }
        }

        fn oracle(t: &T, record: &HashMap<&str, i64>) -> bool {
            match t {
                T::Leaf(..) => {
                    let f = to_filter(t);
                    f.evaluate(|c| holds(c, record)).unwrap()
                }
                T::And(ts) => ts.iter().all(|t| oracle(t, record)),
                T::Or(ts) => ts.iter().any(|t| oracle(t, record)),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(768))]

            #[test]
            fn compiled_chains_mean_the_tree(
                t in tree(),
                records in proptest::collection::vec(proptest::array::uniform4(0..3i64), 12),
                rule in prop_oneof![Just(ChainRule::LeftToRight), Just(ChainRule::SqlPrecedence), Just(ChainRule::Both)],
            ) {
                let f = to_filter(&t);
                let compiled = match f.compile(rule) {
                    Err(BuildError::TooManyTerms { .. }) => return Ok(()),
                    other => other.unwrap(),
                };
                let precedences: &[Precedence] = match &compiled {
                    Compiled::Single(_) => rule.precedences(),
                    // Union chains must be right under both rules, whatever was asked.
                    Compiled::Union(_) => ChainRule::Both.precedences(),
                };
                if let Compiled::Union(cs) = &compiled {
                    prop_assert!(cs.len() >= 2);
                    // Each union chain is an and-run followed by or-ed conditions.
                    for c in cs {
                        prop_assert!(!c.readings_differ());
                    }
                }
                for r in &records {
                    let record: HashMap<&str, i64> = COLS.iter().copied().zip(r.iter().copied()).collect();
                    let want = oracle(&t, &record);
                    prop_assert_eq!(f.evaluate(|c| holds(c, &record)).unwrap(), want);
                    for &p in precedences {
                        let got = compiled
                            .chains()
                            .iter()
                            .any(|w| w.grouped(p).evaluate(|c| holds(c, &record)));
                        prop_assert_eq!(got, want, "{} as {:?} under {:?}", f, compiled.chains().iter().map(|w| w.to_string()).collect::<Vec<_>>(), p);
                    }
                }
                // SQL precedence always fits one chain; Both fits one when the tree is one
                // and-run plus single conditions.
                if rule == ChainRule::SqlPrecedence {
                    prop_assert!(compiled.is_single());
                }
                // Every chain re-parses to itself. The leaves' in-lists can start with an
                // unquoted 0, which only the documented dialect (and not `build()`) takes.
                for w in compiled.chains() {
                    let b = crate::Query::select(["id"]).from("M").where_clause(w.clone());
                    let q = b.clone().build_for(Dialect::Documented).unwrap();
                    prop_assert_eq!(&crate::Query::parse(&q.to_string()).unwrap().into_owned(), &q);
                    let zero_first = w.conditions().any(|c| {
                        c.op == CompareOp::In && c.values()[0].as_i64() == Some(0)
                    });
                    match b.build() {
                        Ok(v) => {
                            prop_assert!(!zero_first, "{}", v);
                            prop_assert_eq!(&v, &q);
                            let opts = crate::ParseOptions::default().dialect(Dialect::Vtiger);
                            prop_assert_eq!(&crate::Query::parse_with(&v.to_string(), &opts).unwrap().into_owned(), &v);
                        }
                        Err(e) => {
                            prop_assert!(zero_first, "{}", e);
                            prop_assert_eq!(e.code(), "B0011");
                        }
                    }
                }
            }
        }
    }

    /// a and (b or (c and (d or ...))) built from the inside out.
    fn deep(depth: usize) -> Filter {
        let mut f: Filter = col("c0").eq(0).into();
        for i in 1..depth {
            let leaf = col("c").eq(i);
            f = if i % 2 == 0 { leaf & f } else { leaf | f };
        }
        f
    }

    #[test]
    fn deep_trees_use_constant_stack() {
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let f = deep(100_000);
                let g = f.clone();
                assert_eq!(f, g);
                assert_eq!(f.leaf_count(), 100_000);
                let s = f.to_string();
                assert!(s.ends_with(&")".repeat(99_998)));
                assert!(f.evaluate(|_| true).unwrap());
                // Left to right, the tree is a spine: one chain of 100,000 conditions.
                match f.compile(ChainRule::LeftToRight).unwrap() {
                    Compiled::Single(w) => assert_eq!(w.len(), 100_000),
                    other => panic!("expected one chain, got {} chains", other.chains().len()),
                }
                assert!(matches!(
                    f.compile(ChainRule::SqlPrecedence),
                    Err(BuildError::TooManyTerms { .. })
                ));
                drop(g);
                drop(f);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
