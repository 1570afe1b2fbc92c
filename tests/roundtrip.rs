//! Properties of the parser and printer, checked on generated trees and texts:
//!
//! - `parse(print(q)) == q` for every generated tree `q`, in the dialect it belongs to,
//!   for both the canonical (`{}`) and the pretty (`{:#}`) form;
//! - `print(parse(print(parse(s)))) == print(parse(s))` for accepted texts `s` written
//!   with random keyword case, spacing and line breaks;
//! - the parser never panics and always answers, on arbitrary text, arbitrary bytes and
//!   mutated valid queries; whatever it accepts round-trips, and every error it gives
//!   points inside the input.

mod common;

use proptest::prelude::*;
use vtql::ast::{
    CompareOp, Condition, Direction, Ident, Limit, LimitValue, Link, Literal, LiteralKind,
    LogicalOp, Operand, OrderBy, SelectList, Value, ValueList, WhereClause,
};
use vtql::{Dialect, ParseOptions, Query, Span};

const RESERVED: &[&str] = &[
    "select", "from", "where", "and", "or", "in", "like", "not", "is", "between", "order",
    "orderby", "limit", "offset", "distinct", "asc", "desc",
];

/// `cases` cases, or `PROPTEST_CASES` when set (for a longer campaign by hand).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn opts(d: Dialect) -> ParseOptions {
    common::opts(d)
}

// ---------------------------------------------------------------------------------------
// Strategies for trees
// ---------------------------------------------------------------------------------------

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z_]{0,9}",
        1 => "[A-Za-z0-9_]{1,12}",
        1 => "cf_[0-9]{3,4}",
        1 => prop::sample::select(vec!["id", "count", "by", "null", "group", "as", "x", "Order_", "selects"])
            .prop_map(str::to_owned),
    ]
    .prop_filter("reserved word", |s| !RESERVED.iter().any(|k| s.eq_ignore_ascii_case(k)))
}

fn ident() -> impl Strategy<Value = Ident<'static>> {
    name().prop_map(Ident::new)
}

/// A select-list column: in the vtiger dialect `count` is never a column there.
fn select_column(d: Dialect) -> impl Strategy<Value = Ident<'static>> {
    ident().prop_filter("count column", move |i| {
        d == Dialect::Documented || !i.name.eq_ignore_ascii_case("count")
    })
}

fn string_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 %_]{0,10}",
        2 => "[a-z' ;,()\\n\\r\\t\"]{0,8}",
        1 => "['\\\\a]{0,6}",
        1 => "[éüßČ東京😀Ωж ]{0,6}",
        1 => any::<String>(),
        1 => prop::sample::select(vec!["O'Brien", "''", "'", "a;b", "select * from X;", "line\nbreak", "C:\\", "\\'"])
            .prop_map(str::to_owned),
    ]
}

/// Whether the vtiger dialect can write this string (grammar.md §3.3, §10): not
/// empty, and no odd run of backslashes before a quote or the end.
fn vtiger_string_ok(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    // The raw text between the quotes is `s` with quotes doubled.
    let raw = s.replace('\'', "''");
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let start = i;
            while i < b.len() && b[i] == b'\\' {
                i += 1;
            }
            if (i - start) % 2 == 1 && (i == b.len() || b[i] == b'\'') {
                return false;
            }
        } else {
            i += 1;
        }
    }
    true
}

fn value(d: Dialect) -> impl Strategy<Value = Value<'static>> {
    let lit = prop_oneof![
        5 => string_text().prop_map(Literal::string),
        2 => "[+-]?[0-9]{1,22}".prop_map(Literal::integer),
        1 => "[0-9]{1,6}x[0-9]{1,25}".prop_map(Literal::record_id),
    ];
    lit.prop_filter("not writable in this dialect", move |l| match l.parts() {
        (LiteralKind::String, s) => d == Dialect::Documented || vtiger_string_ok(s),
        _ => true,
    })
    .prop_map(|literal| Value {
        literal,
        span: Span::default().into(),
    })
}

fn values(
    d: Dialect,
    min: usize,
    max: usize,
    in_list: bool,
) -> impl Strategy<Value = Vec<Value<'static>>> {
    prop::collection::vec(value(d), min..=max).prop_filter(
        "vtiger: in-list starting with 0",
        move |v| {
            !(in_list
                && d == Dialect::Vtiger
                && matches!(v[0].literal.parts(), (LiteralKind::Integer, s) if s == "0"))
        },
    )
}

fn list(values: Vec<Value<'static>>, parenthesized: bool) -> Operand<'static> {
    Operand::List(Box::new(ValueList {
        values,
        parenthesized,
        span: Span::default().into(),
    }))
}

fn op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(vec![
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Lt,
        CompareOp::Gt,
        CompareOp::Le,
        CompareOp::Ge,
        CompareOp::Like,
        CompareOp::In,
    ])
}

/// A condition; `last` allows the vtiger dialect's bare in-lists.
fn condition(d: Dialect, last: bool) -> BoxedStrategy<Condition<'static>> {
    (ident(), op())
        .prop_flat_map(move |(column, op)| {
            let vtiger = d == Dialect::Vtiger;
            let operand: BoxedStrategy<Operand<'static>> = match op {
                CompareOp::In if vtiger && last => prop_oneof![
                    values(d, 1, 12, true).prop_map(|v| list(v, true)),
                    values(d, 1, 1, true).prop_map(|mut v| Operand::Value(v.remove(0))),
                    values(d, 2, 8, true).prop_map(|v| list(v, false)),
                ]
                .boxed(),
                CompareOp::In => values(d, 1, 12, true).prop_map(|v| list(v, true)).boxed(),
                _ if vtiger => prop_oneof![
                    3 => value(d).prop_map(Operand::Value),
                    1 => values(d, 1, 1, false).prop_map(|v| list(v, true)),
                ]
                .boxed(),
                _ => value(d).prop_map(Operand::Value).boxed(),
            };
            operand.prop_map(move |operand| Condition {
                column: column.clone(),
                op,
                op_span: Span::default().into(),
                operand,
            })
        })
        .boxed()
}

fn where_clause(d: Dialect) -> impl Strategy<Value = WhereClause<'static>> {
    let len = prop_oneof![12 => 0usize..4, 4 => 4usize..20, 1 => 60usize..150];
    len.prop_flat_map(move |n| {
        let first = condition(d, n == 0);
        let links =
            prop::collection::vec((prop::bool::ANY, condition(d, false)), n.saturating_sub(1));
        let last = condition(d, true);
        (first, links, last).prop_map(move |(first, links, last)| {
            let mut rest: Vec<Link<'static>> = links
                .into_iter()
                .map(|(and, condition)| Link {
                    op: if and { LogicalOp::And } else { LogicalOp::Or },
                    op_span: Span::default().into(),
                    condition,
                })
                .collect();
            if n > 0 {
                rest.push(Link {
                    op: if n % 2 == 0 {
                        LogicalOp::And
                    } else {
                        LogicalOp::Or
                    },
                    op_span: Span::default().into(),
                    condition: last,
                });
            }
            WhereClause {
                first,
                rest,
                span: Span::default().into(),
            }
        })
    })
}

fn select(d: Dialect) -> BoxedStrategy<SelectList<'static>> {
    let count_extra = if d == Dialect::Vtiger {
        0usize..4
    } else {
        0usize..1
    };
    prop_oneof![
        Just(SelectList::All(Span::default().into())),
        prop::collection::vec(select_column(d), count_extra).prop_map(|extra| SelectList::Count {
            span: Span::default().into(),
            extra
        }),
        prop::collection::vec(select_column(d), 1..8).prop_map(SelectList::Columns),
        prop::collection::vec(select_column(d), 15..40).prop_map(SelectList::Columns),
    ]
    .boxed()
}

fn order_by(d: Dialect) -> impl Strategy<Value = OrderBy<'static>> {
    let max = if d == Dialect::Vtiger { 7 } else { 2 };
    (
        prop::collection::vec(ident(), 1..=max),
        prop::option::of(prop::bool::ANY),
    )
        .prop_map(|(columns, dir)| OrderBy {
            columns,
            direction: dir.map(|desc| {
                if desc {
                    Direction::Desc
                } else {
                    Direction::Asc
                }
            }),
            direction_span: Span::default().into(),
            span: Span::default().into(),
        })
}

fn limit() -> impl Strategy<Value = Limit> {
    let n = prop_oneof![0u64..200, any::<u64>()];
    (prop::option::of(n.clone()), n).prop_map(|(offset, count)| Limit {
        offset: offset.map(LimitValue::new),
        count: LimitValue::new(count),
        span: Span::default().into(),
    })
}

fn query(d: Dialect) -> impl Strategy<Value = Query<'static>> {
    (
        select(d),
        ident(),
        prop::option::of(where_clause(d)),
        prop::option::of(order_by(d)),
        prop::option::of(limit()),
    )
        .prop_map(|(select, module, filter, order_by, limit)| Query {
            select,
            module,
            where_clause: filter,
            order_by,
            limit,
            terminator: Span::default().into(),
            span: Span::default().into(),
        })
}

fn dialect_and_query() -> impl Strategy<Value = (Dialect, Query<'static>)> {
    prop_oneof![
        query(Dialect::Documented).prop_map(|q| (Dialect::Documented, q)),
        query(Dialect::Vtiger).prop_map(|q| (Dialect::Vtiger, q)),
    ]
}

// ---------------------------------------------------------------------------------------
// A messy printer: the same query with random keyword case, spacing and line breaks
// ---------------------------------------------------------------------------------------

/// Writes tokens separated by randomly chosen whitespace (or none, where the tokens stay
/// apart), with keywords in random case.
struct Messy<'c> {
    out: String,
    choices: &'c [u8],
    at: usize,
    /// Whether the previous token ends with a word character (so a following word needs
    /// a separator), or with a backslash-ended string (which needs whitespace).
    need_space: bool,
}

impl Messy<'_> {
    fn pick(&mut self) -> u8 {
        let c = self
            .choices
            .get(self.at % self.choices.len().max(1))
            .copied()
            .unwrap_or(0);
        self.at += 1;
        c
    }

    fn sep(&mut self, next_is_word: bool) {
        const SEPS: &[&str] = &[
            " ",
            " ",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            " \n\t ",
            "\r\n\r\n  ",
        ];
        let c = self.pick();
        let must = self.need_space && next_is_word;
        if !self.out.is_empty() && (must || c % 4 != 0) {
            let s = SEPS[c as usize % SEPS.len()];
            self.out.push_str(s);
        }
    }

    fn keyword(&mut self, kw: &str) {
        self.sep(true);
        let c = self.pick();
        for (i, ch) in kw.chars().enumerate() {
            let upper = match c % 3 {
                0 => false,
                1 => true,
                _ => (c as usize >> i) & 1 == 1,
            };
            self.out
                .push(if upper { ch.to_ascii_uppercase() } else { ch });
        }
        self.need_space = true;
    }

    fn word(&mut self, w: &str) {
        self.sep(true);
        self.out.push_str(w);
        self.need_space = true;
    }

    fn punct(&mut self, p: &str) {
        self.sep(false);
        self.out.push_str(p);
        self.need_space = false;
    }

    fn value(&mut self, v: &Value<'_>) {
        match v.literal.parts() {
            (LiteralKind::String, _) => {
                self.sep(false);
                let text = v.to_string();
                self.need_space = text.ends_with("\\'");
                self.out.push_str(&text);
                // A string ending in a backslash followed directly by a word reads as the
                // `\'` mistake; keep whitespace after it.
                if self.need_space {
                    self.out.push(' ');
                    self.need_space = false;
                }
            }
            (LiteralKind::Integer, s) if s.starts_with(['+', '-']) => {
                self.sep(false);
                self.out.push_str(s);
                self.need_space = true;
            }
            _ => self.word(&v.to_string()),
        }
    }

    fn query(&mut self, q: &Query<'_>, semicolon: bool) {
        self.keyword("select");
        match &q.select {
            SelectList::All(_) => self.punct("*"),
            SelectList::Count { extra, .. } => {
                self.keyword("count");
                self.punct("(");
                self.punct("*");
                self.punct(")");
                for c in extra {
                    self.punct(",");
                    self.word(&c.name);
                }
            }
            SelectList::Columns(cols) => {
                for (i, c) in cols.iter().enumerate() {
                    if i > 0 {
                        self.punct(",");
                    }
                    self.word(&c.name);
                }
            }
            other => panic!("unknown select list {other:?}"),
        }
        self.keyword("from");
        self.word(&q.module.name);
        if let Some(w) = &q.where_clause {
            self.keyword("where");
            for (i, c) in w.conditions().enumerate() {
                if i > 0 {
                    self.keyword(w.rest[i - 1].op.as_str());
                }
                self.word(&c.column.name);
                match c.op {
                    CompareOp::In | CompareOp::Like => self.keyword(c.op.as_str()),
                    op => self.punct(op.as_str()),
                }
                match &c.operand {
                    Operand::Value(v) => self.value(v),
                    Operand::List(l) => {
                        if l.parenthesized {
                            self.punct("(");
                        }
                        for (j, v) in l.values.iter().enumerate() {
                            if j > 0 {
                                self.punct(",");
                            }
                            self.value(v);
                        }
                        if l.parenthesized {
                            self.punct(")");
                        }
                    }
                }
            }
        }
        if let Some(o) = &q.order_by {
            if self.pick() % 2 == 0 {
                self.keyword("orderby");
            } else {
                self.keyword("order");
                self.keyword("by");
            }
            for (i, c) in o.columns.iter().enumerate() {
                if i > 0 {
                    self.punct(",");
                }
                self.word(&c.name);
            }
            if let Some(d) = o.direction {
                self.keyword(&d.to_string());
            }
        }
        if let Some(l) = &q.limit {
            self.keyword("limit");
            if let Some(off) = l.offset {
                self.word(&off.value.to_string());
                self.punct(",");
            }
            self.word(&l.count.value.to_string());
        }
        if semicolon {
            self.punct(";");
        }
        self.sep(false);
    }
}

fn messy(q: &Query<'_>, choices: &[u8], semicolon: bool) -> String {
    let mut m = Messy {
        out: String::new(),
        choices,
        at: 0,
        need_space: false,
    };
    m.query(q, semicolon);
    m.out
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn check_round_trip(q: &Query<'_>, d: Dialect) -> Result<(), TestCaseError> {
    for text in [q.to_string(), format!("{q:#}")] {
        let parsed = Query::parse_with(&text, &opts(d)).map_err(|e| {
            TestCaseError::fail(format!(
                "{d:?} rejected its own output:\n{}",
                e.render(&text, "q")
            ))
        })?;
        prop_assert_eq!(&parsed, q, "{}", text);
    }
    Ok(())
}

/// Checks an error's position data against the input.
fn check_error(err: &vtql::ParseError, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        err.span.lo() <= err.span.hi() && err.span.hi() <= input.len(),
        "{:?}",
        err
    );
    prop_assert!(input.is_char_boundary(err.span.lo()) && input.is_char_boundary(err.span.hi()));
    prop_assert!(err.line >= 1 && err.column >= 1);
    prop_assert!(!err.message.is_empty());
    let rendered = err.render(input, "q.vtql");
    let head = format!("error[{}]", err.code());
    prop_assert!(rendered.starts_with(&head));
    Ok(())
}

/// Parses `input` in both dialects; whatever is accepted must print and re-parse to the
/// same tree; errors must point inside the input. The vtiger dialect accepts nothing the
/// documented one rejects, except its own extensions.
fn check_any(input: &str) -> Result<(), TestCaseError> {
    for d in [Dialect::Documented, Dialect::Vtiger] {
        match Query::parse_with(input, &opts(d)) {
            Ok(q) => {
                check_round_trip(&q, d)?;
                let canon = q.to_string();
                let again = Query::parse_with(&canon, &opts(d)).unwrap().to_string();
                prop_assert_eq!(again, canon);
            }
            Err(e) => check_error(&e, input)?,
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn printed_trees_parse_back((d, q) in dialect_and_query()) {
        check_round_trip(&q, d)?;
    }

    #[test]
    fn documented_trees_are_read_alike_by_the_vtiger_dialect_when_it_accepts_them(
        q in query(Dialect::Documented)
    ) {
        let text = q.to_string();
        if let Ok(v) = Query::parse_with(&text, &opts(Dialect::Vtiger)) {
            prop_assert_eq!(v, q);
        }
    }

    #[test]
    fn messy_texts_normalise_idempotently(
        (d, q) in dialect_and_query(),
        choices in prop::collection::vec(any::<u8>(), 1..64),
        semicolon in prop::bool::ANY,
    ) {
        let semicolon = semicolon || d == Dialect::Vtiger;
        let s = messy(&q, &choices, semicolon);
        let parsed = Query::parse_with(&s, &opts(d)).map_err(|e| {
            TestCaseError::fail(format!("{d:?} rejected {s:?}:\n{}", e.render(&s, "q")))
        })?;
        prop_assert_eq!(&parsed, &q);
        prop_assert_eq!(parsed.has_semicolon(), semicolon);
        // print(parse(print(parse(s)))) == print(parse(s)), for {} and {:#}
        for pretty in [false, true] {
            let show = |q: &Query<'_>| if pretty { format!("{q:#}") } else { q.to_string() };
            let once = show(&parsed);
            let reparsed = Query::parse_with(&once, &opts(d)).unwrap();
            prop_assert_eq!(show(&reparsed), once);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Never panics, always answers
// ---------------------------------------------------------------------------------------

/// Splits a query text into rough tokens (words, strings, punctuation) for mutation.
fn rough_tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'\'' => {
                i += 1;
                while i < b.len() {
                    if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
            }
            b'<' | b'>' | b'!' if b.get(i + 1) == Some(&b'=') => i += 2,
            _ => {
                i += 1;
                while !s.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
        out.push(&s[start..i]);
    }
    out
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    InsertToken(usize, &'static str),
    InsertChar(usize, char),
}

const VOCAB: &[&str] = &[
    "(",
    ")",
    ",",
    "'",
    "''",
    "'x'",
    "\"",
    "\\",
    ";",
    "=",
    "<>",
    "!",
    "-",
    ".",
    "%",
    "in",
    "and",
    "or",
    "not",
    "is",
    "null",
    "between",
    "order",
    "by",
    "orderby",
    "limit",
    "offset",
    "asc",
    "desc",
    "where",
    "from",
    "select",
    "count",
    "count(*)",
    "*",
    "0",
    "1.5",
    "2019-02-01",
    "19x5",
    "-5",
    "é",
    "\u{0}",
];

/// Fragments glued together without separators for the query-like text property.
const QUERY_PARTS: &[&str] = &[
    "select", "SELECT", "from", "where", "and", "or", "in", "like", "order", "by", "orderby",
    "limit", "count", "(", ")", "*", ",", ";", "'", "''", "'a'", "=", "<", ">", "!", "-", "a",
    "b1", "0", "12", "19x5", " ", " ", " ", "\n", "\r\n", "\t", "é", "\"", "\\", ".", "not",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), prop::sample::select(VOCAB))
            .prop_map(|(a, t)| Mutation::InsertToken(a, t)),
        (any::<usize>(), any::<char>()).prop_map(|(a, c)| Mutation::InsertChar(a, c)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut toks: Vec<String> = rough_tokens(text).into_iter().map(str::to_owned).collect();
    let mut char_inserts = Vec::new();
    for m in mutations {
        let n = toks.len().max(1);
        match *m {
            Mutation::Delete(i) if !toks.is_empty() => {
                toks.remove(i % n);
            }
            Mutation::Duplicate(i) if !toks.is_empty() => {
                let t = toks[i % n].clone();
                toks.insert(i % n, t);
            }
            Mutation::Swap(a, b) if !toks.is_empty() => toks.swap(a % n, b % n),
            Mutation::InsertToken(i, t) => toks.insert(i % (toks.len() + 1), t.to_owned()),
            Mutation::InsertChar(i, c) => char_inserts.push((i, c)),
            _ => {}
        }
    }
    let mut out = toks.join(" ");
    for (i, c) in char_inserts {
        let mut at = i % (out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        out.insert(at, c);
    }
    out
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn never_panics_on_arbitrary_text(s in any::<String>()) {
        check_any(&s)?;
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_any(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn never_panics_on_query_like_text(
        parts in prop::collection::vec(prop::sample::select(QUERY_PARTS), 0..40),
    ) {
        check_any(&parts.concat())?;
    }

}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn never_panics_on_mutated_queries(
        (_, q) in dialect_and_query(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let text = mutate(&q.to_string(), &mutations);
        check_any(&text)?;
    }
}

#[test]
fn rough_tokens_split_as_expected() {
    assert_eq!(
        rough_tokens("select a,b from X where c<='O''B' and d in (1, -2);"),
        [
            "select", "a", ",", "b", "from", "X", "where", "c", "<=", "'O''B'", "and", "d", "in",
            "(", "1", ",", "-", "2", ")", ";"
        ]
    );
}

#[test]
fn vtiger_string_rule_matches_the_parser() {
    for s in ["a", "C:\\", "\\'", "a\\\\", "\\\\'", "x\\y", "'", "", "\\"] {
        let q = format!("select * from X where a = {};", Value::string(s));
        let ok = Query::parse_with(&q, &opts(Dialect::Vtiger)).is_ok();
        assert_eq!(ok, vtiger_string_ok(s), "{q}");
    }
}
