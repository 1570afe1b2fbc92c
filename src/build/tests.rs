//! Builder tests: `(builder expression, expected text)` tables, refusals, and the
//! round-trip / injection properties.

use super::*;
use crate::{Dialect, ParseOptions, Query};

fn reparse(q: &Query<'static>, dialect: Dialect) -> Query<'static> {
    let text = q.to_string();
    let opts = ParseOptions::default().dialect(dialect);
    Query::parse_with(&text, &opts)
        .unwrap_or_else(|e| panic!("{text:?} does not parse in {dialect:?}: {e}"))
        .into_owned()
}

#[test]
fn builder_table() {
    let cases: Vec<(Result<Query<'static>, BuildError>, &str)> =
        vec![
        (Query::select_all().from("Contacts").build(), "select * from Contacts;"),
        (Query::count().from("Leads").build(), "select count(*) from Leads;"),
        (
            Query::select(["firstname", "lastname"])
                .from("Contacts")
                .filter(col("lastname").like("Sm%"))
                .and(col("mailingcountry").in_(["Germany", "France"]))
                .order_by("lastname")
                .desc()
                .limit(20)
                .offset(40)
                .build(),
            "select firstname, lastname from Contacts where lastname like 'Sm%' and \
             mailingcountry in ('Germany', 'France') order by lastname desc limit 40, 20;",
        ),
        (
            Query::select(["id"])
                .from("Accounts")
                .filter(col("annual_revenue").ge(1.5e6))
                .or(col("employees").gt(100))
                .build(),
            "select id from Accounts where annual_revenue >= '1500000' or employees > 100;",
        ),
        (
            Query::select_all()
                .from("Contacts")
                .filter(col("emailoptout").eq(false))
                .and(col("account_id").eq(RecordId::new(11, 7)))
                .order_by("lastname")
                .order_by("firstname")
                .asc()
                .limit(5)
                .build(),
            "select * from Contacts where emailoptout = '0' and account_id = '11x7' \
             order by lastname, firstname asc limit 5;",
        ),
        (
            Query::select_all()
                .from("Events")
                .filter(col("date_start").ge(Date::new(2024, 1, 1).unwrap()))
                .and(col("time_start").lt(Time::new(12, 0, 0).unwrap()))
                .and(col("modifiedtime").gt("2024-01-01 00:00:00".parse::<DateTime>().unwrap()))
                .build(),
            "select * from Events where date_start >= '2024-01-01' and time_start < '12:00:00' \
             and modifiedtime > '2024-01-01 00:00:00';",
        ),
        (
            Query::select_all().from("Leads").limit(0).build(),
            "select * from Leads limit 0;",
        ),
        (
            Query::select_all()
                .from("Leads")
                .filter(col("lastname").eq("x'; drop table vtiger_users; --"))
                .build(),
            "select * from Leads where lastname = 'x''; drop table vtiger_users; --';",
        ),
        (
            Query::select_all().from("Leads").filter(col("n").in_([-1, 0, 1])).build(),
            "select * from Leads where n in (-1, 0, 1);",
        ),
    ];
    for (built, want) in cases {
        let q = built.unwrap_or_else(|e| panic!("{want}: {e}"));
        assert_eq!(q.to_string(), want);
        assert_eq!(reparse(&q, Dialect::Documented), q, "{want}");
        assert_eq!(reparse(&q, Dialect::Vtiger), q, "{want}");
        assert!(q.has_semicolon());
    }
}

#[test]
fn build_is_build_for_vtiger() {
    let ok = Query::select(["id", "lastname"])
        .from("Contacts")
        .filter(col("id").in_ids([RecordId::new(12, 1)]))
        .and(col("lastname").eq("O'Brien"));
    let q = ok.clone().build().unwrap();
    assert_eq!(Ok(&q), ok.clone().build_for(Dialect::Vtiger).as_ref());
    assert_eq!(Ok(&q), ok.build_for(Dialect::Documented).as_ref());
    let bad = Query::select_all()
        .from("Contacts")
        .filter(col("lastname").eq("a\\b"));
    assert_eq!(
        bad.clone().build(),
        Err(BuildError::Backslash {
            column: "lastname".into()
        })
    );
    assert_eq!(bad.clone().build(), bad.build_for(Dialect::Vtiger));
}

#[test]
fn vtiger_dialect_table() {
    let q = Query::select(["id", "lastname"])
        .from("Contacts")
        .filter(col("id").in_ids([RecordId::new(12, 1), RecordId::new(12, 2)]))
        .or(col("lastname").like("O''%"))
        .order_by("lastname")
        .order_by("id")
        .desc()
        .limit(100)
        .offset(100)
        .build_for(Dialect::Vtiger)
        .unwrap();
    assert_eq!(reparse(&q, Dialect::Vtiger), q);
    assert!(Query::select_all()
        .from("Contacts")
        .filter(col("id").like("12x3%"))
        .build_for(Dialect::Vtiger)
        .is_ok());
}

#[test]
fn refusals_table() {
    use BuildError as E;
    let base = || Query::select_all().from("Contacts");
    // (builder, code from `build()` = `build_for(Vtiger)`, whether the documented
    // dialect accepts it)
    let cases: Vec<(QueryBuilder, &str, bool)> = vec![
        (
            Query::select(Vec::<&str>::new()).from("Contacts"),
            "B0003",
            false,
        ),
        (
            Query::select(["a", "from"]).from("Contacts"),
            "B0002",
            false,
        ),
        (Query::select_all().from("Contacts;"), "B0001", false),
        (Query::select_all().from(""), "B0001", false),
        (
            base().filter(col("x").in_(Vec::<String>::new())),
            "B0004",
            false,
        ),
        (
            base().order_by("a").order_by("b").order_by("c"),
            "B0005",
            false,
        ),
        (base().order_by("a").desc().order_by("b"), "B0006", false),
        (base().desc(), "B0007", false),
        (base().offset(40), "B0008", false),
        (base().filter(col("x").eq(f64::NAN)), "B0009", false),
        (base().filter(col("x").eq("")), "B0010", true),
        (base().filter(col("x").in_(["a", ""])), "B0010", true),
        (base().filter(col("x").in_([0, 1])), "B0011", true),
        (base().filter(col("x").eq("a\\b")), "B0019", true),
        (base().filter(col("x").like("\\%")), "B0019", true),
        (
            base().filter(col("x").eq(1)).or(col("y").ne("\\")),
            "B0019",
            true,
        ),
        (base().filter(col("id").eq("1x1 or 1=1")), "B0020", true),
        (base().filter(col("id").eq("34")), "B0020", true),
        (base().filter(col("id").eq(34)), "B0020", true),
        (Query::select(["count"]).from("Contacts"), "B0002", true),
        (
            Query::select(["id", "COUNT"]).from("Contacts"),
            "B0002",
            true,
        ),
        (
            base().filter(col("a b").eq(1)).and(col("c").eq(2)),
            "B0001",
            false,
        ),
    ];
    for (i, (builder, code, documented_ok)) in cases.into_iter().enumerate() {
        let err = builder
            .clone()
            .build()
            .expect_err(&format!("case {i} should fail"));
        assert_eq!(err.code(), code, "case {i}: {err}");
        assert!(!err.to_string().is_empty());
        assert_eq!(
            builder.clone().build_for(Dialect::Vtiger),
            Err(err.clone()),
            "case {i}"
        );
        let documented = builder.build_for(Dialect::Documented);
        if documented_ok {
            let q = documented.unwrap_or_else(|e| panic!("case {i}: {e}"));
            assert_eq!(reparse(&q, Dialect::Documented), q, "case {i}");
        } else {
            assert_eq!(documented, Err(err), "case {i}");
        }
    }
    assert!(matches!(
        base().offset(1).build(),
        Err(E::OffsetWithoutLimit { offset: 1 })
    ));
}

#[test]
fn foreign_chains_are_checked() {
    use crate::ast::{Literal, Value};
    let mut w = Query::parse("select * from M where a = 1;")
        .unwrap()
        .into_owned()
        .where_clause
        .unwrap();
    w.first.operand = crate::ast::Operand::Value(Value {
        literal: Literal::integer("1 or 1=1"),
        span: crate::Span::default().into(),
    });
    let b = Query::select_all().from("M").where_clause(w);
    let err = b.clone().build().unwrap_err();
    assert_eq!(err.code(), "B0009");
    assert_eq!(b.build_for(Dialect::Documented), Err(err));
}

/// At least 200 hostile values: quoting, comments, statement ends, escapes, control
/// characters, unicode (RTL, combining, emoji, non-characters), keywords, long strings.
fn hostile_strings() -> Vec<String> {
    let base: &[&str] = &[
        "'",
        "''",
        "'''",
        "' or 1=1 --",
        "' or '1'='1",
        "x' or 'x'='x",
        "'--",
        "--",
        "-- ",
        "/*",
        "*/",
        "/* x */",
        "#",
        ";",
        "';",
        "'; drop table vtiger_users; --",
        "; select * from Users;",
        "\\",
        "\\'",
        "'\\",
        "\\\\",
        "a\\",
        "\\'' or 1=1 --",
        "\\0",
        "\\n",
        "%",
        "_",
        "%'%",
        "%%",
        "\0",
        "a\0b",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\u{b}",
        "\u{c}",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{2029}",
        "\u{200b}",
        "\u{feff}",
        "\u{202e}gnp.exe",
        "\u{202b}שלום\u{202c}",
        "مرحبا",
        "שלום",
        "e\u{301}",
        "a\u{300}\u{301}\u{302}\u{303}",
        "Z\u{336}a\u{337}l\u{338}g\u{339}o",
        "日本語",
        "Ελληνικά",
        "Ünïcödé",
        "ß",
        "İ",
        "🦀",
        "👨‍👩‍👧‍👦",
        "\u{fffd}",
        "\u{10ffff}",
        "\u{fdd0}",
        "select",
        "from",
        "where",
        "and",
        "or",
        "in",
        "like",
        "order by",
        "limit",
        "limit 1, 2",
        ") or (",
        "(",
        ")",
        ",",
        "', '",
        "'), ('",
        "*",
        "count(*)",
        "1x1 or 1=1",
        "12x34",
        "0",
        "-1",
        "+1",
        "1e5",
        "1.5",
        "2024-01-01",
        "null",
        "NULL",
        "true",
        "\"",
        "\"'\"",
        "`",
        "[x]",
        "$1",
        "?",
        ":name",
        "@var",
        "&",
        "|",
        "!=",
        "<>",
        "==",
        "<=",
        ">=",
        "=",
        " ",
        "  ",
        "a b",
        " leading",
        "trailing ",
        "%00",
        "%27",
        "&#39;",
        "&apos;",
        "\u{2019}",
        "\u{ff07}",
        "＇",
    ];
    let mut out: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
    for s in base.iter().take(60) {
        out.push(format!("O'Brien{s}"));
        out.push(format!("{s}{s}"));
    }
    out.push("'".repeat(5000));
    out.push("x".repeat(10 * 1024));
    out.push("\\'".repeat(2048));
    out.push("日本'".repeat(2000));
    out.push("' or 1=1 -- ".repeat(900));
    out
}

/// A query with `v` in four places.
fn value_builder(v: &str) -> QueryBuilder {
    Query::select(["id", "lastname"])
        .from("Contacts")
        .filter(col("lastname").eq(v))
        .or(col("email").like(v))
        .and(col("account_id").in_([v, "x"]))
        .and(col("mobile").ne(v))
        .order_by("lastname")
        .desc()
        .limit(3)
}

/// `build()` of the query with `v` in four places: the same query and text as
/// `build_for(Documented)` when `v` is not empty and has no backslash; otherwise the
/// refusal B0010 (empty) or B0019 (backslash).
fn check_default_build(v: &str) -> Result<(), String> {
    let documented = value_builder(v)
        .build_for(Dialect::Documented)
        .map_err(|e| e.to_string())?;
    match (value_builder(v).build(), v.is_empty(), v.contains('\\')) {
        (Ok(q), false, false) if q == documented && q.to_string() == documented.to_string() => {
            Ok(())
        }
        (Err(e), true, false) if e.code() == "B0010" => Ok(()),
        (Err(e), false, true) if e.code() == "B0019" => Ok(()),
        (got, ..) => Err(format!("build() of {v:?} gave {got:?}")),
    }
}

/// Builds a query with `v` in four places and checks the reparsed tree and values.
fn check_value_round_trip(v: &str, dialect: Dialect) -> Result<(), String> {
    let q = value_builder(v)
        .build_for(dialect)
        .map_err(|e| e.to_string())?;
    let text = q.to_string();
    let opts = ParseOptions::default()
        .dialect(dialect)
        .limits(crate::Limits::UNLIMITED);
    let back = Query::parse_with(&text, &opts).map_err(|e| format!("{text:?}: {e}"))?;
    if back != q {
        return Err(format!("AST changed for {v:?}"));
    }
    // Structure unchanged by the content.
    let w = back.where_clause.as_ref().ok_or("no filter")?;
    let shape: Vec<_> = w
        .conditions()
        .map(|c| (c.column.name.as_ref(), c.op, c.values().len()))
        .collect();
    use crate::ast::CompareOp::*;
    let want = [
        ("lastname", Eq, 1),
        ("email", Like, 1),
        ("account_id", In, 2),
        ("mobile", Ne, 1),
    ];
    if shape != want
        || w.ops().collect::<Vec<_>>() != [LogicalOp::Or, LogicalOp::And, LogicalOp::And]
    {
        return Err(format!("structure changed for {v:?}: {shape:?}"));
    }
    if back.columns().count() != 2 + 4 + 1 || back.limit.map(|l| l.count.value) != Some(3) {
        return Err(format!("columns or limit changed for {v:?}"));
    }
    // Every value is exactly the input.
    for (i, c) in w.conditions().enumerate() {
        let got = c.values()[0].as_str();
        if got != v || !c.values()[0].is_quoted() {
            return Err(format!("value {i} is {got:?}, not {v:?}"));
        }
    }
    Ok(())
}

#[test]
fn hostile_strings_round_trip() {
    let list = hostile_strings();
    assert!(list.len() >= 200, "{} hostile strings", list.len());
    let refused = list
        .iter()
        .filter(|v| v.is_empty() || v.contains('\\'))
        .count();
    assert!(refused >= 10, "{refused} strings exercise the refusals");
    for v in &list {
        check_value_round_trip(v, Dialect::Documented).unwrap();
        check_default_build(v).unwrap();
        match check_value_round_trip(v, Dialect::Vtiger) {
            Ok(()) => assert!(!v.is_empty() && !v.contains('\\'), "{v:?}"),
            Err(e) => assert!(
                v.is_empty() || v.contains('\\'),
                "{v:?} refused for vtiger: {e}"
            ),
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        "[a-z_][a-z0-9_]{0,10}".prop_filter("not a keyword", |n| Name::try_from(n.as_str()).is_ok())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_string_round_trips(v in any::<String>()) {
            check_value_round_trip(&v, Dialect::Documented).map_err(TestCaseError::fail)?;
            check_default_build(&v).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn hostile_alphabet_round_trips(v in "[' ;\\-\\\\\n\r\t%_()=,*a-z0-9\u{0}\u{202e}\u{301}é日]{0,40}") {
            check_value_round_trip(&v, Dialect::Documented).map_err(TestCaseError::fail)?;
            check_default_build(&v).map_err(TestCaseError::fail)?;
            if !v.is_empty() && !v.contains('\\') {
                check_value_round_trip(&v, Dialect::Vtiger).map_err(TestCaseError::fail)?;
            }
        }

        /// Without a backslash (and not empty), `build()` writes exactly what
        /// `build_for(Documented)` writes.
        #[test]
        fn default_build_equals_documented_without_backslash(v in "[^\\\\]{1,40}") {
            prop_assert!(!v.contains('\\'));
            let documented = value_builder(&v).build_for(Dialect::Documented);
            let default = value_builder(&v).build();
            prop_assert!(default.is_ok(), "{:?}: {:?}", v, default);
            prop_assert_eq!(
                default.as_ref().map(ToString::to_string).ok(),
                documented.as_ref().map(ToString::to_string).ok()
            );
            prop_assert_eq!(default, documented);
        }

        /// With a backslash anywhere, `build()` refuses with B0019 (and the documented
        /// dialect carries the value unchanged).
        #[test]
        fn default_build_refuses_any_backslash(a in any::<String>(), b in any::<String>()) {
            let v = format!("{a}\\{b}");
            let err = value_builder(&v).build().expect_err("a backslash is refused");
            prop_assert_eq!(err.code(), "B0019");
            prop_assert_eq!(err, BuildError::Backslash { column: "lastname".into() });
            check_value_round_trip(&v, Dialect::Documented).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn any_built_query_reparses(
            cols in proptest::collection::vec(name(), 0..4),
            module in name(),
            conds in proptest::collection::vec((name(), 0..8u8, any::<i64>(), ".{0,8}", any::<bool>()), 0..6),
            order in proptest::collection::vec(name(), 0..3),
            dir in 0..3u8,
            limit in proptest::option::of((any::<u64>(), proptest::option::of(any::<u64>()))),
        ) {
            let mut b = if cols.is_empty() { Query::select_all() } else { Query::select(&cols) }.from(&module);
            for (i, (c, op, n, s, or)) in conds.iter().enumerate() {
                let c = col(c);
                let cond = match op {
                    0 => c.eq(s.as_str()),
                    1 => c.ne(*n),
                    2 => c.lt(s.as_str()),
                    3 => c.gt(*n),
                    4 => c.le(*n as f64 / 8.0),
                    5 => c.ge(*or),
                    6 => c.like(s.as_str()),
                    _ => c.in_([s.clone(), n.to_string()]),
                };
                b = if *or && i > 0 { b.or(cond) } else { b.and(cond) };
            }
            for o in &order {
                b = b.order_by(o);
            }
            if !order.is_empty() {
                b = match dir { 0 => b, 1 => b.asc(), _ => b.desc() };
            }
            if let Some((n, m)) = limit {
                b = b.limit(n);
                if let Some(m) = m {
                    b = b.offset(m);
                }
            }
            let q = b
                .clone()
                .build_for(Dialect::Documented)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(q.where_clause.as_ref().map_or(0, |w| w.len()), conds.len());
            prop_assert_eq!(&reparse(&q, Dialect::Documented), &q);
            // `build()`: the same query, or a refusal that the input explains; and it
            // refuses nothing without such a reason.
            let empty = conds.iter().any(|(_, op, _, s, _)| matches!(op, 0 | 2 | 6 | 7) && s.is_empty());
            let backslash = conds.iter().any(|(_, op, _, s, _)| matches!(op, 0 | 2 | 6 | 7) && s.contains('\\'));
            let id_col = conds.iter().any(|(c, ..)| c == "id");
            let count_col = cols.iter().any(|c| c.eq_ignore_ascii_case("count"));
            match b.clone().build() {
                Ok(v) => {
                    prop_assert_eq!(&v, &q);
                    prop_assert_eq!(v.to_string(), q.to_string());
                    prop_assert_eq!(reparse(&v, Dialect::Vtiger), v);
                }
                Err(e) => {
                    let explained = match e.code() {
                        "B0010" => empty,
                        "B0019" => backslash,
                        "B0020" => id_col,
                        "B0002" => count_col,
                        _ => false,
                    };
                    prop_assert!(explained, "unexplained refusal {}: {}", e.code(), e);
                    prop_assert_eq!(b.clone().build_for(Dialect::Vtiger), Err(e));
                }
            }
            if !(empty || backslash || id_col || count_col) {
                prop_assert!(b.build().is_ok());
            }
        }
    }
}
