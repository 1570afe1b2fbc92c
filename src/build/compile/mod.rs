//! The compiler from boolean filter trees to the flat wire chain, or to a union of
//! chains when no single chain means the same. Chains are written from runs through
//! [`Precedence::connective`], the inverse of [`crate::ast::Grouping::runs`].

use crate::ast::NodeSpan;
use std::collections::HashMap;

use super::error::BuildError;
use super::tree::{Filter, Node};
use super::{Query, QueryBuilder};
use crate::ast::{Condition, Link, LogicalOp, Precedence, WhereClause};
use crate::Dialect;

impl Filter {
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
        // Each and-term is an and-run; under SQL precedence the runs are joined by `or`.
        let and_run = |term: &[u32]| (LogicalOp::And, term.to_vec());
        if options.rule == ChainRule::SqlPrecedence {
            let runs: Vec<_> = terms.iter().map(|t| and_run(t)).collect();
            return Ok(Compiled::Single(make_chain(
                &conds,
                &runs,
                Precedence::SqlPrecedence,
            )));
        }
        // One chain per term of two or more conditions; the single conditions join the
        // first as runs of their own. Such chains read the same under both rules.
        let (multi, singles): (Vec<_>, Vec<_>) = terms.iter().partition(|t| t.len() > 1);
        let mut chains: Vec<Vec<(LogicalOp, Vec<u32>)>> =
            multi.iter().map(|t| vec![and_run(t)]).collect();
        if chains.is_empty() {
            chains.push(Vec::new());
        }
        chains[0].extend(singles.iter().map(|s| and_run(s)));
        let mut out: Vec<WhereClause<'static>> = chains
            .iter()
            .map(|c| make_chain(&conds, c, Precedence::SqlPrecedence))
            .collect();
        if out.len() == 1 {
            Ok(Compiled::Single(out.remove(0)))
        } else {
            Ok(Compiled::Union(out))
        }
    }

    /// A chain for trees of depth at most two, in the order written: a condition; an
    /// `and` of conditions; an `or` of conditions and `and`-groups of conditions (one such
    /// group at most for `Both`, put first; any number for SQL precedence; for left to
    /// right, the spine handles it).
    fn shallow_chain(&self, root: usize, rule: ChainRule) -> Option<WhereClause<'static>> {
        let Some((op, ch)) = self.children(root) else {
            let c = self.leaf(root as u32)?;
            return Some(make_chain(
                &[c],
                &[(LogicalOp::And, vec![0])],
                Precedence::LeftToRight,
            ));
        };
        let mut conds: Vec<&Condition<'static>> = Vec::new();
        let run = |conds: &mut Vec<_>, leaves: &[u32]| self.and_run(conds, leaves);
        if op == LogicalOp::And {
            let runs = [run(&mut conds, ch)?];
            return Some(make_chain(&conds, &runs, Precedence::SqlPrecedence));
        }
        if rule == ChainRule::LeftToRight {
            return None;
        }
        let groups = ch.iter().filter(|&&c| self.leaf(c).is_none()).count();
        if rule == ChainRule::Both && groups > 1 {
            return None;
        }
        // An or of and-runs. Sub-groups first (for Both, the single and-run must lead
        // the chain), then the single conditions.
        let mut runs = Vec::new();
        for &c in ch.iter().filter(|&&c| self.leaf(c).is_none()) {
            let (_, sub) = self.children(c as usize)?;
            runs.push(run(&mut conds, sub)?);
        }
        for &c in ch.iter().filter(|&&c| self.leaf(c).is_some()) {
            runs.push(run(&mut conds, &[c])?);
        }
        Some(make_chain(&conds, &runs, Precedence::SqlPrecedence))
    }

    /// The leaves `leaves` as an and-run, numbered as they are appended to `conds`.
    fn and_run<'s>(
        &'s self,
        conds: &mut Vec<&'s Condition<'static>>,
        leaves: &[u32],
    ) -> Option<(LogicalOp, Vec<u32>)> {
        let mut numbers = Vec::with_capacity(leaves.len());
        for &l in leaves {
            numbers.push(conds.len() as u32);
            conds.push(self.leaf(l)?);
        }
        Some((LogicalOp::And, numbers))
    }

    /// Left to right, a chain is `((c1 op c2) op c3) ...`: it expresses exactly the trees
    /// where every group has at most one sub-group. Walks that spine down, then writes
    /// the chain from the innermost group outwards, one run per group.
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
        let mut runs: Vec<(LogicalOp, Vec<u32>)> = Vec::new();
        for &node in spine.iter().rev() {
            let (op, ch) = self.children(node)?;
            let mut numbers = Vec::new();
            for &c in ch {
                if let Some(cond) = self.leaf(c) {
                    numbers.push(conds.len() as u32);
                    conds.push(cond);
                }
            }
            runs.push((op, numbers));
        }
        Some(make_chain(&conds, &runs, Precedence::LeftToRight))
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

/// The chain that `precedence` reads as `runs` (each a connective and its condition
/// numbers into `conds`): the connectives come from [`Precedence::connective`].
fn make_chain(
    conds: &[&Condition<'static>],
    runs: &[(LogicalOp, Vec<u32>)],
    precedence: Precedence,
) -> WhereClause<'static> {
    let mut links = runs.iter().flat_map(|(op, numbers)| {
        numbers
            .iter()
            .enumerate()
            .map(move |(j, &c)| (precedence.connective(*op, j == 0), c))
    });
    let first = links.next().map_or(0, |l| l.1);
    WhereClause {
        first: conds[first as usize].clone(),
        rest: links
            .map(|(op, c)| Link {
                op,
                op_span: NodeSpan::default(),
                condition: conds[c as usize].clone(),
            })
            .collect(),
        span: NodeSpan::default(),
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
mod tests;
