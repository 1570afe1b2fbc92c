//! The compiler's tables, its oracle property and its depth test.
use super::*;
use crate::build::col;

fn texts(c: &Compiled) -> Vec<String> {
    c.chains().iter().map(|w| w.to_string()).collect()
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
