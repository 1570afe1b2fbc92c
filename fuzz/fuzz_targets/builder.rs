//! Arbitrary names and values through the builder, and arbitrary and/or trees through
//! the filter compiler.
//! Oracle: a query the builder accepts prints to text that parses back (documented
//! dialect, and vtiger when `build_for(Vtiger)` accepts) to an equal tree, with every
//! string value unchanged; a compiled filter means the same as the tree under every
//! precedence its rule promises (checked on several truth assignments).
#![no_main]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use vtql::ast::Condition;
use vtql::build::{col, ChainRule, Cond, Filter};
use vtql::{Dialect, ParseOptions, Query};

#[derive(Arbitrary, Debug)]
enum FValue {
    Str(String),
    Int(i64),
    Bool(bool),
}

#[derive(Arbitrary, Debug)]
struct FCond {
    column: String,
    op: u8,
    values: Vec<FValue>,
}

impl FCond {
    fn cond(&self) -> Cond {
        let c = col(&self.column);
        let first = self.values.first();
        let one = |f: &dyn Fn(vtql::build::Col<'_>, &FValue) -> Cond| -> Cond {
            match first {
                Some(v) => f(col(&self.column), v),
                None => f(col(&self.column), &FValue::Str(String::new())),
            }
        };
        macro_rules! apply {
            ($m:ident) => {
                one(&|c, v| match v {
                    FValue::Str(s) => c.$m(s.as_str()),
                    FValue::Int(i) => c.$m(*i),
                    FValue::Bool(b) => c.$m(*b),
                })
            };
        }
        match self.op % 8 {
            0 => apply!(eq),
            1 => apply!(ne),
            2 => apply!(lt),
            3 => apply!(gt),
            4 => apply!(le),
            5 => apply!(ge),
            6 => apply!(like),
            _ => {
                if self.values.iter().all(|v| matches!(v, FValue::Int(_))) {
                    c.in_(self.values.iter().map(|v| match v {
                        FValue::Int(i) => *i,
                        _ => 0,
                    }))
                } else {
                    c.in_(self.values.iter().map(|v| match v {
                        FValue::Str(s) => s.clone(),
                        FValue::Int(i) => i.to_string(),
                        FValue::Bool(b) => (*b as u8).to_string(),
                    }))
                }
            }
        }
    }

    /// The strings among the values, in order.
    fn strings(&self) -> Vec<&str> {
        self.values
            .iter()
            .filter_map(|v| match v {
                FValue::Str(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    module: String,
    columns: Vec<String>,
    conds: Vec<(bool, FCond)>,
    order: Vec<String>,
    desc: Option<bool>,
    limit: Option<(Option<u64>, u64)>,
    /// Tree shape: a postfix program over the conditions.
    tree: Vec<u8>,
    seeds: [u64; 3],
}

fn build_chain(input: &Input) {
    let cols: Vec<&str> = input.columns.iter().take(6).map(String::as_str).collect();
    let mut b = if cols.is_empty() {
        Query::select_all().from(&input.module)
    } else {
        Query::select(cols).from(&input.module)
    };
    for (i, (and, c)) in input.conds.iter().take(12).enumerate() {
        b = if i == 0 {
            b.filter(c.cond())
        } else if *and {
            b.and(c.cond())
        } else {
            b.or(c.cond())
        };
    }
    for o in input.order.iter().take(3) {
        b = b.order_by(o);
    }
    match input.desc {
        Some(true) => b = b.desc(),
        Some(false) => b = b.asc(),
        None => {}
    }
    if let Some((offset, n)) = input.limit {
        b = b.limit(n);
        if let Some(m) = offset {
            b = b.offset(m);
        }
    }
    for dialect in [Dialect::Documented, Dialect::Vtiger] {
        let Ok(q) = b.clone().build_for(dialect) else {
            continue;
        };
        let text = q.to_string();
        let back = Query::parse_with(&text, &ParseOptions::new().dialect(dialect))
            .unwrap_or_else(|e| panic!("built query does not parse ({dialect:?}): {e:?}\n{text}"));
        assert_eq!(back, q, "built query re-parses differently:\n{text}");
        // Every string value is carried unchanged, in order.
        let mut conds = back.where_clause.iter().flat_map(|w| w.conditions());
        for (_, fc) in input.conds.iter().take(12) {
            let c = conds.next().expect("one condition per builder call");
            match (fc.op % 8, fc.values.first()) {
                (7, _) => {
                    // An all-text list: every value, in order.
                    if fc.values.iter().all(|v| matches!(v, FValue::Str(_))) {
                        let got: Vec<&str> = c.values().iter().map(|v| v.as_str()).collect();
                        assert_eq!(got, fc.strings(), "{text}");
                    }
                }
                (_, Some(FValue::Str(s))) => assert_eq!(c.values()[0].as_str(), s, "{text}"),
                _ => {}
            }
        }
    }
}

fn truth(seed: u64) -> impl Fn(&Condition<'static>) -> bool {
    move |c: &Condition<'static>| {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        c.to_string().hash(&mut h);
        h.finish() & 1 == 1
    }
}

fn build_tree(input: &Input) {
    let leaves: Vec<Cond> = input.conds.iter().take(8).map(|(_, c)| c.cond()).collect();
    if leaves.is_empty() {
        return;
    }
    let mut stack: Vec<Filter> = Vec::new();
    let mut next = 0;
    for op in input.tree.iter().take(48) {
        match op % 3 {
            0 => {
                stack.push(Filter::from(leaves[next % leaves.len()].clone()));
                next += 1;
            }
            k => {
                if stack.len() < 2 {
                    continue;
                }
                let b = stack.pop().unwrap();
                let a = stack.pop().unwrap();
                stack.push(if k == 1 { a & b } else { a | b });
            }
        }
    }
    let Some(mut tree) = stack.pop() else { return };
    while let Some(f) = stack.pop() {
        tree = f | tree;
    }
    if tree.error().is_some() {
        return;
    }
    for rule in [
        ChainRule::LeftToRight,
        ChainRule::SqlPrecedence,
        ChainRule::Both,
    ] {
        let Ok(compiled) = tree.compile(rule) else {
            continue;
        };
        for p in rule.precedences() {
            for seed in input.seeds {
                let t = truth(seed);
                let want = tree.evaluate(&t).expect("valid tree");
                let got = compiled.chains().iter().any(|w| w.grouped(*p).evaluate(&t));
                assert_eq!(got, want, "{rule:?} under {p:?}: {tree}\n{:?}", compiled);
                if !compiled.is_single() {
                    // Union chains mean the same under both rules.
                    for q in [
                        vtql::Precedence::LeftToRight,
                        vtql::Precedence::SqlPrecedence,
                    ] {
                        let got = compiled.chains().iter().any(|w| w.grouped(q).evaluate(&t));
                        assert_eq!(got, want);
                    }
                }
            }
        }
        // Every compiled chain prints and parses back.
        for w in compiled.chains() {
            let text = format!("select * from Leads {w};");
            let back = Query::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
            assert_eq!(back.where_clause.as_ref(), Some(w));
        }
    }
}

fuzz_target!(|input: Input| {
    build_chain(&input);
    build_tree(&input);
});
