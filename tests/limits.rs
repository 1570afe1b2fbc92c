//! The size limits of `ParseOptions` (grammar.md §6): every limit at limit−1, limit,
//! limit+1, 0 and the maximum, in both dialects. Each violation is a clean error with its
//! own code (`E0101`..`E0105`) and a span on the first item past the limit.

use std::ops::Range;

use vtql::{Dialect, ErrorKind, Limits, ParseError, ParseOptions, Query};

const DIALECTS: [Dialect; 2] = [Dialect::Documented, Dialect::Vtiger];

/// A generated query and the byte range of each counted item, in order.
struct Gen {
    src: String,
    items: Vec<Range<usize>>,
}

/// `select * from Leads where c0 = 'v0' and c1 = 'v1' ...;` with `n` conditions; the
/// item of condition 0 is its column, of condition `i > 0` the connective before it.
fn conditions(n: usize) -> Gen {
    let mut src = String::from("select * from Leads");
    let mut items = Vec::new();
    for i in 0..n {
        if i == 0 {
            src.push_str(" where ");
            let at = src.len();
            src.push_str(&format!("c{i}"));
            items.push(at..src.len());
        } else {
            src.push(' ');
            let at = src.len();
            src.push_str(if i % 3 == 0 { "or" } else { "and" });
            items.push(at..src.len());
            src.push_str(&format!(" c{i}"));
        }
        src.push_str(&format!(" = 'v{i}'"));
    }
    src.push(';');
    Gen { src, items }
}

/// `select * from Leads where x in ('0', '1', ...);` with `n` values (no where clause
/// when `n` is 0); the items are the values.
fn in_list(n: usize) -> Gen {
    let mut src = String::from("select * from Leads");
    let mut items = Vec::new();
    if n > 0 {
        src.push_str(" where x in (");
        for i in 0..n {
            if i > 0 {
                src.push_str(", ");
            }
            let at = src.len();
            src.push_str(&format!("'{i}'"));
            items.push(at..src.len());
        }
        src.push(')');
    }
    src.push(';');
    Gen { src, items }
}

/// `select c0, c1, ... from Leads;` with `n >= 1` columns; the items are the columns.
fn columns(n: usize) -> Gen {
    let mut src = String::from("select ");
    let mut items = Vec::new();
    for i in 0..n {
        if i > 0 {
            src.push_str(", ");
        }
        let at = src.len();
        src.push_str(&format!("c{i}"));
        items.push(at..src.len());
    }
    src.push_str(" from Leads;");
    Gen { src, items }
}

/// `n` values spread over a mix of single values and lists:
/// `where a = 1 and b in ('x', 'y') and c like 'z%' ...`; the items are the values.
fn values(n: usize) -> Gen {
    let mut src = String::from("select * from Leads");
    let mut items = Vec::new();
    let mut i = 0;
    let mut cond = 0;
    while i < n {
        src.push_str(if cond == 0 { " where " } else { " and " });
        match cond % 3 {
            0 => {
                src.push_str(&format!("a{cond} = "));
                let at = src.len();
                src.push_str(&i.to_string());
                items.push(at..src.len());
                i += 1;
            }
            1 => {
                src.push_str(&format!("b{cond} in ("));
                let take = (n - i).min(3);
                for k in 0..take {
                    if k > 0 {
                        src.push_str(", ");
                    }
                    let at = src.len();
                    src.push_str(&format!("'{}'", i + k));
                    items.push(at..src.len());
                }
                src.push(')');
                i += take;
            }
            _ => {
                src.push_str(&format!("c{cond} like "));
                let at = src.len();
                src.push_str(&format!("'{i}%'"));
                items.push(at..src.len());
                i += 1;
            }
        }
        cond += 1;
    }
    src.push(';');
    Gen { src, items }
}

/// Two in-lists of `n` values each.
fn two_lists(n: usize) -> Gen {
    let (a, b) = (in_list(n), in_list(n));
    let b_list = &b.src[b.src.find(" in (").unwrap()..b.src.len() - 1];
    let src = format!("{} and y{};", &a.src[..a.src.len() - 1], b_list);
    Gen {
        src,
        items: Vec::new(),
    }
}

fn opts(dialect: Dialect, limits: Limits) -> ParseOptions {
    ParseOptions::new().dialect(dialect).limits(limits)
}

fn parse(src: &str, dialect: Dialect, limits: Limits) -> Result<Query<'_>, ParseError> {
    Query::parse_with(src, &opts(dialect, limits))
}

/// Asserts `src` fails with `kind` on exactly `span`, with line/column/found filled in.
fn assert_violation(src: &str, err: &ParseError, kind: ErrorKind, span: Range<usize>) {
    assert_eq!(err.kind, kind, "{src:.200}\n{err:?}");
    assert_eq!(err.span.range(), span, "span of {kind:?} in {src:.200}");
    let lc = err.span.line_col(src);
    assert_eq!((err.line, err.column), (lc.line, lc.column));
    assert!(err.found.is_some(), "{err:?}");
    // The rendering works and shows the code.
    assert!(err.render(src, "q").contains(kind.code()));
}

/// One limit: the generator, the setter, the error kind and the item whose arrival
/// breaks the limit (by index into `Gen::items`).
struct Case {
    name: &'static str,
    gen: fn(usize) -> Gen,
    set: fn(Limits, usize) -> Limits,
    kind: ErrorKind,
    code: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "conditions",
        gen: conditions,
        set: Limits::with_max_conditions,
        kind: ErrorKind::TooManyConditions,
        code: "E0102",
    },
    Case {
        name: "list values",
        gen: in_list,
        set: Limits::with_max_list_values,
        kind: ErrorKind::ListTooLong,
        code: "E0103",
    },
    Case {
        name: "select columns",
        gen: columns,
        set: Limits::with_max_select_columns,
        kind: ErrorKind::TooManyColumns,
        code: "E0104",
    },
    Case {
        name: "values",
        gen: values,
        set: Limits::with_max_values,
        kind: ErrorKind::TooManyValues,
        code: "E0105",
    },
];

/// Every other limit unlimited, so only the one under test can fire.
fn only(case: &Case, limit: usize) -> Limits {
    (case.set)(Limits::UNLIMITED, limit)
}

#[test]
fn every_limit_has_its_own_code() {
    let mut codes: Vec<&str> = CASES.iter().map(|c| c.kind.code()).collect();
    codes.push(ErrorKind::QueryTooLong.code());
    for case in CASES {
        assert_eq!(case.kind.code(), case.code, "{}", case.name);
    }
    assert_eq!(ErrorKind::QueryTooLong.code(), "E0101");
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 5);
    for code in codes {
        assert_eq!(ErrorKind::from_code(code).unwrap().code(), code);
    }
}

#[test]
fn count_limits_at_limit_minus_one_limit_and_plus_one() {
    for case in CASES {
        for dialect in DIALECTS {
            for limit in [1usize, 2, 3, 7, 64] {
                for n in [limit - 1, limit] {
                    if n == 0 && case.name == "select columns" {
                        continue; // a select list has at least one column
                    }
                    let g = (case.gen)(n);
                    assert_eq!(g.items.len(), n);
                    parse(&g.src, dialect, only(case, limit)).unwrap_or_else(|e| {
                        panic!("{} limit {limit}, {n} items: {e:?}\n{}", case.name, g.src)
                    });
                }
                let g = (case.gen)(limit + 1);
                let err = parse(&g.src, dialect, only(case, limit)).unwrap_err();
                assert_violation(&g.src, &err, case.kind, g.items[limit].clone());
                assert_eq!(err.code(), case.code);
                assert_eq!(err.webservice_code(), "QUERY_SYNTAX_ERROR");
                assert!(err.message.contains(&limit.to_string()), "{}", err.message);
                assert!(err.hint.is_some());
            }
        }
    }
}

#[test]
fn count_limits_at_zero() {
    for case in CASES {
        for dialect in DIALECTS {
            if case.name != "select columns" {
                // Nothing of the kind: accepted even with a limit of 0.
                let g = (case.gen)(0);
                parse(&g.src, dialect, only(case, 0)).unwrap();
            }
            for n in [1, 2, 5] {
                let g = (case.gen)(n);
                let err = parse(&g.src, dialect, only(case, 0)).unwrap_err();
                assert_violation(&g.src, &err, case.kind, g.items[0].clone());
            }
        }
    }
}

#[test]
fn zero_columns_still_allows_star_and_count() {
    for dialect in DIALECTS {
        let l = Limits::UNLIMITED.with_max_select_columns(0);
        parse("select * from Leads;", dialect, l).unwrap();
        parse("select count(*) from Leads;", dialect, l).unwrap();
    }
    // The columns after `count(*)` (vtiger dialect) count as select columns.
    let src = "select count(*), a, b from Leads;";
    let l = Limits::UNLIMITED.with_max_select_columns(1);
    let err = parse(src, Dialect::Vtiger, l).unwrap_err();
    assert_violation(src, &err, ErrorKind::TooManyColumns, 20..21);
    parse(src, Dialect::Vtiger, l.with_max_select_columns(2)).unwrap();
}

#[test]
fn count_limits_at_the_maximum() {
    // Inputs beyond every default limit go through when the limit is usize::MAX, set
    // alone or through `Limits::UNLIMITED`.
    let big = [
        (CASES[0].gen)(5000),
        (CASES[1].gen)(12_000),
        (CASES[2].gen)(1500),
        // 12,000 values in two lists: within the default condition and list limits.
        two_lists(6000),
    ];
    for (case, g) in CASES.iter().zip(&big) {
        for dialect in DIALECTS {
            assert!(
                parse(&g.src, dialect, Limits::default()).is_err(),
                "{}",
                case.name
            );
            parse(&g.src, dialect, Limits::UNLIMITED).unwrap();
            let raised = (case.set)(
                Limits::default()
                    .with_max_values(usize::MAX)
                    .with_max_query_bytes(usize::MAX),
                usize::MAX,
            );
            parse(&g.src, dialect, raised)
                .unwrap_or_else(|e| panic!("{} at usize::MAX: {e:?}", case.name));
        }
    }
}

#[test]
fn documented_defaults() {
    let d = Limits::default();
    assert_eq!(d.max_query_bytes, 1 << 20);
    assert_eq!(d.max_conditions, 4096);
    assert_eq!(d.max_list_values, 10_000);
    assert_eq!(d.max_select_columns, 1024);
    assert_eq!(d.max_values, 10_000);
    assert_eq!(ParseOptions::default().limits, d);
    let u = Limits::UNLIMITED;
    for v in [
        u.max_query_bytes,
        u.max_conditions,
        u.max_list_values,
        u.max_select_columns,
        u.max_values,
    ] {
        assert_eq!(v, usize::MAX);
    }
}

#[test]
fn count_limits_at_their_defaults() {
    let d = Limits::default();
    let at = [
        d.max_conditions,
        d.max_list_values,
        d.max_select_columns,
        d.max_values,
    ];
    for (case, limit) in CASES.iter().zip(at) {
        // Only this limit at its default; the others out of the way.
        let l = (case.set)(Limits::UNLIMITED, limit);
        let ok = (case.gen)(limit);
        parse(&ok.src, Dialect::Documented, l).unwrap();
        let bad = (case.gen)(limit + 1);
        let err = parse(&bad.src, Dialect::Documented, l).unwrap_err();
        assert_violation(&bad.src, &err, case.kind, bad.items[limit].clone());
    }
}

/// `select * from Leads;` padded with trailing spaces to exactly `len` bytes.
fn padded(len: usize) -> String {
    let mut s = String::from("select * from Leads;");
    assert!(len >= s.len());
    let pad = len - s.len();
    s.extend(std::iter::repeat(' ').take(pad));
    s
}

#[test]
fn query_bytes_at_limit_minus_one_limit_and_plus_one() {
    for dialect in DIALECTS {
        for limit in [20usize, 21, 64, 1000] {
            for len in [limit - 1, limit] {
                if len >= 20 {
                    parse(
                        &padded(len),
                        dialect,
                        Limits::UNLIMITED.with_max_query_bytes(limit),
                    )
                    .unwrap();
                }
            }
            let src = padded(limit + 1);
            let err =
                parse(&src, dialect, Limits::UNLIMITED.with_max_query_bytes(limit)).unwrap_err();
            assert_violation(&src, &err, ErrorKind::QueryTooLong, limit..limit + 1);
            assert_eq!(err.code(), "E0101");
            assert!(err.message.contains(&format!("{} bytes", limit + 1)));
        }
        // The check runs before parsing: even an invalid query reports its size first.
        let src = "drop table x; drop table y;";
        let err = parse(src, dialect, Limits::UNLIMITED.with_max_query_bytes(10)).unwrap_err();
        assert_violation(src, &err, ErrorKind::QueryTooLong, 10..src.len());
    }
}

#[test]
fn query_bytes_at_zero_and_maximum() {
    for dialect in DIALECTS {
        let zero = Limits::UNLIMITED.with_max_query_bytes(0);
        // The empty text fits in 0 bytes and is reported as empty.
        assert_eq!(
            parse("", dialect, zero).unwrap_err().kind,
            ErrorKind::EmptyQuery
        );
        for src in [" ", "select * from Leads;"] {
            let err = parse(src, dialect, zero).unwrap_err();
            assert_violation(src, &err, ErrorKind::QueryTooLong, 0..src.len());
            assert_eq!((err.line, err.column), (1, 1));
        }
        // Over the 1 MiB default, accepted at usize::MAX.
        let src = padded((1 << 20) + 1);
        let err = parse(&src, dialect, Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::QueryTooLong);
        assert_eq!(err.span.lo(), 1 << 20);
        parse(
            &src,
            dialect,
            Limits::default().with_max_query_bytes(usize::MAX),
        )
        .unwrap();
        parse(&src, dialect, Limits::UNLIMITED).unwrap();
        // Exactly at the default: accepted.
        parse(&padded(1 << 20), dialect, Limits::default()).unwrap();
    }
}

#[test]
fn query_bytes_span_starts_on_a_character_boundary() {
    // The limit falls inside the two-byte `é`: the span starts at the character.
    let src = "select * from Leads where a = 'é';";
    let e = src.find('é').unwrap();
    let err = parse(
        src,
        Dialect::Documented,
        Limits::UNLIMITED.with_max_query_bytes(e + 1),
    )
    .unwrap_err();
    assert_violation(src, &err, ErrorKind::QueryTooLong, e..src.len());
    assert_eq!(err.found.as_deref(), Some("é';"));
    // A huge excess is not copied whole into `found`.
    let src = padded(100_000);
    let err = parse(
        &src,
        Dialect::Documented,
        Limits::UNLIMITED.with_max_query_bytes(30),
    )
    .unwrap_err();
    assert!(err.found.as_ref().unwrap().len() < 200);
}

#[test]
fn query_bytes_error_reports_line_and_column() {
    let src = "select *\nfrom Leads\nwhere a = 1;";
    let err = parse(
        src,
        Dialect::Documented,
        Limits::UNLIMITED.with_max_query_bytes(12),
    )
    .unwrap_err();
    assert_eq!((err.line, err.column), (2, 4));
}

#[test]
fn bare_lists_obey_the_list_limit() {
    // The vtiger dialect's bare in-list is a list too.
    let src = "select * from Leads where x in 'a', 'b', 'c';";
    let a = src.find("'a'").unwrap();
    let c = src.find("'c'").unwrap();
    let l = Limits::UNLIMITED;
    parse(src, Dialect::Vtiger, l.with_max_list_values(3)).unwrap();
    let err = parse(src, Dialect::Vtiger, l.with_max_list_values(2)).unwrap_err();
    assert_violation(src, &err, ErrorKind::ListTooLong, c..c + 3);
    let err = parse(src, Dialect::Vtiger, l.with_max_list_values(0)).unwrap_err();
    assert_violation(src, &err, ErrorKind::ListTooLong, a..a + 3);
    // A single bare value is a value, not a list.
    parse(
        "select * from Leads where x in 'a';",
        Dialect::Vtiger,
        l.with_max_list_values(0),
    )
    .unwrap();
    // `= ('a')` (vtiger dialect) is a one-value list.
    let src = "select * from Leads where x = ('a');";
    parse(src, Dialect::Vtiger, l.with_max_list_values(1)).unwrap();
    let err = parse(src, Dialect::Vtiger, l.with_max_list_values(0)).unwrap_err();
    assert_violation(src, &err, ErrorKind::ListTooLong, 31..34);
}

#[test]
fn list_limit_applies_per_list_and_value_limit_per_query() {
    let src = "select * from Leads where a in ('1', '2') and b in ('3', '4');";
    let l = Limits::UNLIMITED;
    parse(src, Dialect::Documented, l.with_max_list_values(2)).unwrap();
    parse(src, Dialect::Documented, l.with_max_values(4)).unwrap();
    let err = parse(src, Dialect::Documented, l.with_max_values(3)).unwrap_err();
    let at = src.find("'4'").unwrap();
    assert_violation(src, &err, ErrorKind::TooManyValues, at..at + 3);
}

#[test]
fn limit_clause_numbers_are_not_values() {
    let src = "select * from Leads limit 5, 10;";
    parse(
        src,
        Dialect::Documented,
        Limits::UNLIMITED.with_max_values(0),
    )
    .unwrap();
}

#[test]
fn limits_builders_set_only_their_field() {
    let d = Limits::default();
    assert_eq!(d.with_max_query_bytes(7).max_query_bytes, 7);
    assert_eq!(d.with_max_conditions(7).max_conditions, 7);
    assert_eq!(d.with_max_list_values(7).max_list_values, 7);
    assert_eq!(d.with_max_select_columns(7).max_select_columns, 7);
    assert_eq!(d.with_max_values(7).max_values, 7);
    assert_eq!(
        d.with_max_values(7).with_max_values(d.max_values),
        d,
        "setting a field back restores the default"
    );
}
