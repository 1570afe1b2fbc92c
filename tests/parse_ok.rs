//! Positive cases: queries both dialects (or one of them) accept, their canonical form,
//! the shape of their trees, the two groupings of and/or chains, and the pretty form.

mod common;

use common::{parse_error, parse_in, parses_to, parses_to_in, verified_query, verified_vtiger};
use vtql::ast::{CompareOp, Condition, Direction, LiteralKind, LogicalOp, Operand, SelectList};
use vtql::{Dialect, ErrorKind, Precedence, Query};

use Dialect::{Documented, Vtiger};

/// Already canonical; accepted by the documented dialect (and, when the vtiger dialect
/// accepts them too, read identically there).
const CANONICAL: &[&str] = &[
    // select lists
    "select * from Contacts;",
    "select firstname from Contacts;",
    "select firstname, lastname from Contacts;",
    "select firstname, lastname, email, mailingcity, phone from Contacts;",
    "select id from Leads;",
    "select cf_851 from Contacts;",
    "select count(*) from Contacts;",
    "select count(*) from Leads where leadstatus != 'Junk';",
    "select firstname, firstname from Contacts;",
    "select FirstName from Contacts;",
    "select a1_B2 from X9;",
    "select _x from _Y;",
    "select 123 from Contacts;",
    "select * from contacts;",
    "select * from CONTACTS;",
    "select * from Accounts;",
    "select * from HelpDesk;",
    "select * from Calendar;",
    "select * from Users;",
    // where: every operator
    "select * from Contacts where lastname = 'Smith';",
    "select * from Contacts where lastname != 'Smith';",
    "select * from Contacts where birthday < '2000-01-01';",
    "select * from Contacts where birthday > '2000-01-01';",
    "select * from Contacts where birthday <= '2000-01-01';",
    "select * from Contacts where birthday >= '2000-01-01';",
    "select * from Contacts where lastname like 'Sm%';",
    "select * from Contacts where lastname like 'Sm_th';",
    "select * from Contacts where lastname like 'Smith';",
    "select * from Contacts where lastname in ('Smith');",
    "select * from Contacts where lastname in ('Smith', 'Jones');",
    "select * from Contacts where lastname in ('a', 'b', 'c', 'd', 'e', 'f', 'g');",
    // values: integers, signs, record ids
    "select * from Products where qtyinstock = 5;",
    "select * from Products where qtyinstock = 0;",
    "select * from Products where qtyinstock = -5;",
    "select * from Products where qtyinstock = +5;",
    "select * from Products where qtyinstock > -0;",
    "select * from Products where qtyinstock = 007;",
    "select * from Products where qtyinstock = 18446744073709551616;",
    "select * from Products where qtyinstock in (1, 2, 3);",
    "select * from Products where qtyinstock in (1, -2, +3);",
    "select * from Contacts where id = 12x34;",
    "select * from Contacts where id = '12x34';",
    "select * from Contacts where assigned_user_id = 19x5;",
    "select * from Contacts where id in (12x1, 12x2, '12x3');",
    "select * from Contacts where account_id = 11x99999999999999999999;",
    // strings
    "select * from Contacts where lastname = 'O''Brien';",
    "select * from Contacts where lastname = '''';",
    "select * from Contacts where lastname = 'a''''b';",
    "select * from Contacts where lastname = '''quoted''';",
    "select * from Contacts where lastname = 'Čapek';",
    "select * from Contacts where lastname = 'Нгуен Văn Đức';",
    "select * from Contacts where lastname = '東京';",
    "select * from Contacts where lastname = '😀';",
    "select * from Contacts where lastname = 'a;b';",
    "select * from Contacts where lastname = 'a,b';",
    "select * from Contacts where lastname = '(a)';",
    "select * from Contacts where lastname = 'select * from Leads';",
    "select * from Contacts where lastname = 'where and or';",
    "select * from Contacts where lastname = '%';",
    "select * from Contacts where lastname = '\"quoted\"';",
    "select * from Contacts where lastname = 'C:\\dir';",
    "select * from Contacts where lastname = ' ';",
    "select * from Contacts where lastname = 'two\nlines';",
    "select * from Contacts where lastname = 'tab\there';",
    "select * from Contacts where modifiedtime >= '2019-02-25 10:30:00';",
    "select * from Contacts where amount = '1.5';",
    // chains
    "select * from Contacts where a = 1 and b = 2;",
    "select * from Contacts where a = 1 or b = 2;",
    "select * from Contacts where a = 1 or b = 2 and c = 3;",
    "select * from Contacts where a = 1 and b = 2 or c = 3;",
    "select * from Contacts where a = 1 and b = 2 and c = 3 and d = 4;",
    "select * from Contacts where a = 1 or b = 2 or c = 3 or d = 4;",
    "select * from Contacts where a in (1, 2) and b like 'x%' or c != 'y' and d >= 4;",
    "select firstname, lastname from Contacts where lastname like 'Sm%' and mailingcity = 'Oslo' order by lastname, firstname desc limit 10, 200;",
    // order by
    "select * from Contacts order by lastname;",
    "select * from Contacts order by lastname asc;",
    "select * from Contacts order by lastname desc;",
    "select * from Contacts order by lastname, firstname;",
    "select * from Contacts order by lastname, firstname desc;",
    "select * from Contacts order by lastname, firstname asc;",
    "select * from Contacts where a = 1 order by a;",
    "select count(*) from Contacts where a = 1 order by a desc limit 5;",
    // limit
    "select * from Contacts limit 10;",
    "select * from Contacts limit 0;",
    "select * from Contacts limit 100;",
    "select * from Contacts limit 500;",
    "select * from Contacts limit 10, 20;",
    "select * from Contacts limit 0, 100;",
    "select * from Contacts limit 18446744073709551615;",
    "select * from Contacts order by lastname limit 10;",
    "select * from Contacts where a = 1 limit 10;",
    "select * from Contacts where a = 1 order by b desc limit 10, 5;",
    // words that are not reserved can be names
    "select by from Contacts;",
    "select null from Contacts where null = 1;",
    "select * from Contacts where group = 'a' order by having;",
    "select join, union from Contacts;",
    "select count from Contacts;",
    "select count, lastname from Contacts;",
    "select countx from Contacts;",
    "select selection, fromage, wherever, orders, limits from Contacts;",
];

/// Canonical, and only the vtiger dialect accepts them.
const VTIGER_ONLY: &[&str] = &[
    "select count(*), firstname from Contacts;",
    "select count(*), firstname, lastname from Contacts where a = 1;",
    "select * from Contacts order by a, b, c;",
    "select * from Contacts order by a, b, c desc;",
    "select * from Contacts order by a, b, c, d, e asc limit 5;",
    "select * from Contacts where lastname in 'a';",
    "select * from Contacts where lastname in 'a', 'b';",
    "select * from Contacts where lastname in 'a', 'b', 'c' order by a;",
    "select * from Contacts where a = 1 or lastname in 'a', 'b' limit 3;",
    "select * from Contacts where lastname in 1, 0;",
    "select * from Contacts where lastname = ('a');",
    "select * from Contacts where lastname != ('a');",
    "select * from Contacts where qty < (5);",
    "select * from Contacts where lastname like ('Sm%');",
    "select * from Contacts where a = ('a') and b = 2;",
];

/// `(input, canonical)` in the documented dialect: tolerance and normalisation.
#[rustfmt::skip]
const NORMALISED: &[(&str, &str)] = &[
    // keyword case
    ("SELECT * FROM Contacts;", "select * from Contacts;"),
    ("SeLeCt * FrOm Contacts;", "select * from Contacts;"),
    ("Select firstname From Contacts Where lastname = 'x';", "select firstname from Contacts where lastname = 'x';"),
    ("select * from Contacts WHERE a = 1 AND b = 2 OR c = 3;", "select * from Contacts where a = 1 and b = 2 or c = 3;"),
    ("select * from Contacts where a LIKE 'x' and b IN (1);", "select * from Contacts where a like 'x' and b in (1);"),
    ("select * from Contacts ORDER BY a DESC LIMIT 5;", "select * from Contacts order by a desc limit 5;"),
    ("select * from Contacts Order By a Asc;", "select * from Contacts order by a asc;"),
    ("select COUNT(*) from Contacts;", "select count(*) from Contacts;"),
    // the one-word orderby
    ("select * from Contacts orderby lastname;", "select * from Contacts order by lastname;"),
    ("select * from Contacts ORDERBY lastname desc;", "select * from Contacts order by lastname desc;"),
    ("select * from Contacts where a = 1 orderby a, b limit 1;", "select * from Contacts where a = 1 order by a, b limit 1;"),
    // whitespace: none where tokens are unambiguous
    ("select*from Contacts;", "select * from Contacts;"),
    ("select firstname,lastname from Contacts;", "select firstname, lastname from Contacts;"),
    ("select * from Contacts where lastname='x';", "select * from Contacts where lastname = 'x';"),
    ("select * from Contacts where lastname='x'and firstname='y';", "select * from Contacts where lastname = 'x' and firstname = 'y';"),
    ("select * from Contacts where a!=1;", "select * from Contacts where a != 1;"),
    ("select * from Contacts where a<=1;", "select * from Contacts where a <= 1;"),
    ("select * from Contacts where a>=-1;", "select * from Contacts where a >= -1;"),
    ("select * from Contacts where a<1;", "select * from Contacts where a < 1;"),
    ("select * from Contacts where a>1;", "select * from Contacts where a > 1;"),
    ("select * from Contacts where a in('x','y');", "select * from Contacts where a in ('x', 'y');"),
    ("select * from Contacts where a in ( 'x' , 'y' ) ;", "select * from Contacts where a in ('x', 'y');"),
    ("select * from Contacts order by a,b desc limit 1,2;", "select * from Contacts order by a, b desc limit 1, 2;"),
    ("select * from Contacts limit 1 , 2 ;", "select * from Contacts limit 1, 2;"),
    ("select * from Contacts where id=12x34;", "select * from Contacts where id = 12x34;"),
    // count ( * ) with whitespace
    ("select count ( * ) from Contacts;", "select count(*) from Contacts;"),
    ("select count( *)from Contacts;", "select count(*) from Contacts;"),
    ("select count\n(\n*\n)\nfrom Contacts;", "select count(*) from Contacts;"),
    // tabs, newlines, CRLF, indentation
    ("select\t*\tfrom\tContacts;", "select * from Contacts;"),
    ("select *\nfrom Contacts\nwhere a = 1\n  and b = 2;", "select * from Contacts where a = 1 and b = 2;"),
    ("select *\r\nfrom Contacts\r\nwhere a = 1\r\norder by a\r\nlimit 1;\r\n", "select * from Contacts where a = 1 order by a limit 1;"),
    ("  \n\t select * from Contacts;  \n\n", "select * from Contacts;"),
    ("select * from Contacts;\r\n\t ", "select * from Contacts;"),
    ("\r\rselect\r*\rfrom\rContacts\r;", "select * from Contacts;"),
    ("select    firstname ,   lastname    from    Contacts   ;", "select firstname, lastname from Contacts;"),
    // the final `;` may be omitted (documented dialect)
    ("select * from Contacts", "select * from Contacts;"),
    ("select * from Contacts   \n", "select * from Contacts;"),
    ("select * from Contacts where a = 1", "select * from Contacts where a = 1;"),
    ("select * from Contacts order by a desc", "select * from Contacts order by a desc;"),
    ("select * from Contacts limit 5, 10", "select * from Contacts limit 5, 10;"),
    ("select count(*) from Contacts where a in (1, 2)", "select count(*) from Contacts where a in (1, 2);"),
    // the empty string (documented dialect)
    ("select * from Contacts where lastname = ''", "select * from Contacts where lastname = '';"),
    ("select * from Contacts where lastname in ('', 'a');", "select * from Contacts where lastname in ('', 'a');"),
    ("select * from Contacts where a != ''and b = 1;", "select * from Contacts where a != '' and b = 1;"),
    // unicode and escapes survive normalisation
    ("SELECT * FROM Contacts WHERE lastname='D''Artagnan'", "select * from Contacts where lastname = 'D''Artagnan';"),
    ("select * from Contacts where city='Zürich'", "select * from Contacts where city = 'Zürich';"),
];

/// `(input, canonical)` in the vtiger dialect.
#[rustfmt::skip]
const NORMALISED_VTIGER: &[(&str, &str)] = &[
    ("SELECT COUNT ( * ) , firstname FROM Contacts;", "select count(*), firstname from Contacts;"),
    ("select * from Contacts ORDERBY a,b,c DESC;", "select * from Contacts order by a, b, c desc;"),
    ("select * from Contacts where lastname IN 'a','b';", "select * from Contacts where lastname in 'a', 'b';"),
    ("select * from Contacts where lastname=('a');", "select * from Contacts where lastname = ('a');"),
    ("select*from Contacts where a=1;\r\n", "select * from Contacts where a = 1;"),
    ("select * from Contacts where lastname in 'O''Brien' ;", "select * from Contacts where lastname in 'O''Brien';"),
];

#[test]
fn canonical_queries_round_trip() {
    for input in CANONICAL {
        verified_query(input);
    }
}

#[test]
fn canonical_queries_outside_the_vtiger_subset_are_exactly_the_listed_ones() {
    // Every canonical query is vtiger-valid too, except those using a column named
    // `count` in the select list (the real server reads it as `count(*)`).
    for input in CANONICAL {
        let vtiger = vtql::Query::parse_with(input, &common::opts(Vtiger));
        let uses_count_column =
            input.starts_with("select count,") || input.starts_with("select count from");
        assert_eq!(vtiger.is_err(), uses_count_column, "{input}: {vtiger:?}");
    }
}

#[test]
fn vtiger_only_queries_round_trip_in_vtiger_and_fail_documented() {
    for input in VTIGER_ONLY {
        verified_vtiger(input);
        let err = parse_error(input, Documented);
        assert!(
            matches!(
                err.kind,
                ErrorKind::CountWithColumns
                    | ErrorKind::TooManyOrderColumns
                    | ErrorKind::BareList
                    | ErrorKind::ListNotAllowed
            ),
            "{input}: {err:?}"
        );
    }
}

#[test]
fn inputs_normalise_to_their_canonical_form() {
    for (input, canonical) in NORMALISED {
        parses_to(input, canonical);
    }
}

#[test]
fn vtiger_inputs_normalise_to_their_canonical_form() {
    for (input, canonical) in NORMALISED_VTIGER {
        parses_to_in(input, canonical, Vtiger);
    }
}

#[test]
fn documented_tolerances_the_vtiger_dialect_rejects() {
    let cases = [
        ("select * from Contacts", ErrorKind::MissingSemicolon),
        (
            "select * from Contacts where a = 1\n",
            ErrorKind::MissingSemicolon,
        ),
        (
            "select * from Contacts where lastname = '';",
            ErrorKind::EmptyString,
        ),
        ("select count from Contacts;", ErrorKind::ReservedWord),
        ("select a, count from Contacts;", ErrorKind::ReservedWord),
    ];
    for (input, kind) in cases {
        parse_in(input, Documented);
        assert_eq!(parse_error(input, Vtiger).kind, kind, "{input}");
    }
}

#[test]
fn case_count_meets_the_target() {
    let n = CANONICAL.len() + VTIGER_ONLY.len() + NORMALISED.len() + NORMALISED_VTIGER.len();
    assert!(n >= 150, "only {n} positive cases");
}

// ---------------------------------------------------------------------------------------
// Structure of the trees
// ---------------------------------------------------------------------------------------

fn cond<'q>(q: &'q Query<'_>, i: usize) -> &'q Condition<'q> {
    q.where_clause.as_ref().unwrap().condition(i).unwrap()
}

#[test]
fn typical_query_structure() {
    let q = verified_query(
        "select firstname, lastname from Contacts where lastname like 'Sm%' and leadsource in ('Web', 'Cold Call') or mailingcity = 'Berlin' order by lastname, firstname desc limit 20, 40;",
    );
    let SelectList::Columns(cols) = &q.select else {
        panic!("{:?}", q.select)
    };
    let names: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
    assert_eq!(names, ["firstname", "lastname"]);
    assert_eq!(q.module.name, "Contacts");
    let w = q.where_clause.as_ref().unwrap();
    assert_eq!(w.len(), 3);
    assert_eq!(w.ops().collect::<Vec<_>>(), [LogicalOp::And, LogicalOp::Or]);
    assert_eq!(cond(&q, 0).op, CompareOp::Like);
    assert_eq!(cond(&q, 1).op, CompareOp::In);
    let Operand::List(list) = &cond(&q, 1).operand else {
        panic!()
    };
    assert!(list.parenthesized);
    assert_eq!(list.values.len(), 2);
    assert_eq!(list.values[1].as_str(), "Cold Call");
    let order = q.order_by.as_ref().unwrap();
    assert_eq!(order.columns.len(), 2);
    assert_eq!(order.direction, Some(Direction::Desc));
    let limit = q.limit.unwrap();
    assert_eq!(limit.offset.map(|o| o.value), Some(20));
    assert_eq!(limit.count.value, 40);
    assert!(q.has_semicolon());
    assert!(!q.is_count());
    let all: Vec<&str> = q.columns().map(|c| c.as_str()).collect();
    assert_eq!(
        all,
        [
            "firstname",
            "lastname",
            "lastname",
            "leadsource",
            "mailingcity",
            "lastname",
            "firstname"
        ]
    );
}

#[test]
fn literal_kinds() {
    let q =
        verified_query("select * from X where a in ('s', 5, -5, +5, 007, 12x34, 'O''B', '12x34');");
    let values = cond(&q, 0).values();
    let kinds: Vec<(LiteralKind, &str)> = values.iter().map(|v| v.literal.parts()).collect();
    assert!(matches!(kinds[0], (LiteralKind::String, s) if s == "s"));
    assert!(matches!(kinds[1], (LiteralKind::Integer, s) if s == "5"));
    assert!(matches!(kinds[2], (LiteralKind::Integer, s) if s == "-5"));
    assert!(matches!(kinds[3], (LiteralKind::Integer, s) if s == "+5"));
    assert!(matches!(kinds[4], (LiteralKind::Integer, s) if s == "007"));
    assert!(matches!(kinds[5], (LiteralKind::RecordId, s) if s == "12x34"));
    assert!(matches!(kinds[6], (LiteralKind::String, s) if s == "O'B"));
    assert!(matches!(kinds[7], (LiteralKind::String, s) if s == "12x34"));
    assert_eq!(values[2].as_i64(), Some(-5));
    assert_eq!(values[3].as_i64(), Some(5));
    assert_eq!(values[0].as_i64(), None);
    assert_eq!(values[5].record_id(), Some(vtql::RecordId::new(12, 34)));
    assert_eq!(values[7].record_id(), Some(vtql::RecordId::new(12, 34)));
    assert!(values[6].is_quoted() && !values[5].is_quoted());
}

#[test]
fn escaped_strings_own_their_text_and_plain_ones_borrow() {
    let q = verified_query("select * from X where a = 'plain' and b = 'O''Brien';");
    let (plain, escaped) = (
        &cond(&q, 0).values()[0].literal,
        &cond(&q, 1).values()[0].literal,
    );
    assert!(!plain.is_owned() && plain.parts() == (LiteralKind::String, "plain"));
    assert!(escaped.is_owned() && escaped.parts() == (LiteralKind::String, "O'Brien"));
    // A borrowed text points into the query text.
    let src = "select * from X where a = 'plain';";
    let q = verified_query(src);
    let text = cond(&q, 0).values()[0].as_str();
    assert_eq!(text.as_ptr(), src[src.find("plain").unwrap()..].as_ptr());
}

#[test]
fn empty_string_is_a_string_in_the_documented_dialect() {
    let q = parse_in("select * from X where a = '';", Documented);
    assert!(
        matches!(cond(&q, 0).values()[0].literal.parts(), (LiteralKind::String, s) if s.is_empty())
    );
}

#[test]
fn missing_semicolon_gives_an_empty_terminator_after_the_last_token() {
    let src = "select * from Contacts  \n";
    let q = parse_in(src, Documented);
    assert!(!q.has_semicolon());
    assert_eq!(q.terminator.range(), 22..22);
    assert_eq!(q.span.range(), 0..22);
}

#[test]
fn spans_point_at_the_source() {
    let src =
        "  select a, b from Leads where x = 'O''B' or y in (1, 2) order by a desc limit 3, 4 ;";
    let q = parse_in(src, Documented);
    let at = |r: std::ops::Range<usize>| &src[r];
    assert_eq!(at(q.span.range()), &src[2..]);
    assert_eq!(at(q.select.span().range()), "a, b");
    assert_eq!(at(q.module.span.range()), "Leads");
    let w = q.where_clause.as_ref().unwrap();
    assert_eq!(at(w.span.range()), "where x = 'O''B' or y in (1, 2)");
    assert_eq!(at(w.first.span().range()), "x = 'O''B'");
    assert_eq!(at(w.first.op_span.range()), "=");
    assert_eq!(at(w.first.values()[0].span.range()), "'O''B'");
    assert_eq!(at(w.rest[0].op_span.range()), "or");
    assert_eq!(at(w.rest[0].condition.operand.span().range()), "(1, 2)");
    assert_eq!(at(w.rest[0].condition.values()[1].span.range()), "2");
    let o = q.order_by.as_ref().unwrap();
    assert_eq!(at(o.span.range()), "order by a desc");
    assert_eq!(at(o.direction_span.range()), "desc");
    let l = q.limit.unwrap();
    assert_eq!(at(l.span.range()), "limit 3, 4");
    assert_eq!(at(l.offset.unwrap().span.range()), "3");
    assert_eq!(at(q.terminator.range()), ";");
}

#[test]
fn count_spans_and_bare_list_spans() {
    let src = "select count ( * ), a from X where b in 'p', 'q';";
    let q = parse_in(src, Vtiger);
    let SelectList::Count { span, extra } = &q.select else {
        panic!()
    };
    assert_eq!(&src[span.range()], "count ( * )");
    assert_eq!(&src[q.select.span().range()], "count ( * ), a");
    assert_eq!(extra.len(), 1);
    let Operand::List(list) = &cond(&q, 0).operand else {
        panic!()
    };
    assert!(!list.parenthesized);
    assert_eq!(&src[list.span.range()], "'p', 'q'");
}

#[test]
fn owned_trees_equal_borrowed_ones_and_parse_from_str() {
    let src =
        String::from("select * from X where a = 'O''B' and b in (1, 2x3) order by a limit 1;");
    let q = parse_in(&src, Documented);
    let owned: Query<'static> = q.clone().into_owned();
    assert_eq!(owned, q);
    let from_str: Query<'static> = src.parse().unwrap();
    assert_eq!(from_str, q);
}

#[test]
fn equality_ignores_spans() {
    let a = parse_in("select a from X where b = 1;", Documented);
    let b = parse_in("select   a  from  X  where  b=1", Documented);
    assert_eq!(a, b);
    assert_ne!(a.span.range(), b.span.range());
}

// ---------------------------------------------------------------------------------------
// and/or: the two groupings
// ---------------------------------------------------------------------------------------

/// `(ops, left-to-right, sql precedence, readings differ)` for the chain `a = 1 op b = 2 ...`.
#[rustfmt::skip]
const GROUPINGS: &[(&str, &str, &str, bool)] = &[
    ("", "a = 1", "a = 1", false),
    ("and", "a = 1 and b = 2", "a = 1 and b = 2", false),
    ("or", "a = 1 or b = 2", "a = 1 or b = 2", false),
    ("and and", "a = 1 and b = 2 and c = 3", "a = 1 and b = 2 and c = 3", false),
    ("or or", "a = 1 or b = 2 or c = 3", "a = 1 or b = 2 or c = 3", false),
    ("or and", "(a = 1 or b = 2) and c = 3", "a = 1 or (b = 2 and c = 3)", true),
    ("and or", "(a = 1 and b = 2) or c = 3", "(a = 1 and b = 2) or c = 3", false),
    ("and and or", "(a = 1 and b = 2 and c = 3) or d = 4", "(a = 1 and b = 2 and c = 3) or d = 4", false),
    ("or or and", "(a = 1 or b = 2 or c = 3) and d = 4", "a = 1 or b = 2 or (c = 3 and d = 4)", true),
    ("or and or", "((a = 1 or b = 2) and c = 3) or d = 4", "a = 1 or (b = 2 and c = 3) or d = 4", true),
    ("and or and", "((a = 1 and b = 2) or c = 3) and d = 4", "(a = 1 and b = 2) or (c = 3 and d = 4)", true),
    ("and or or", "(a = 1 and b = 2) or c = 3 or d = 4", "(a = 1 and b = 2) or c = 3 or d = 4", false),
    ("or and and", "(a = 1 or b = 2) and c = 3 and d = 4", "a = 1 or (b = 2 and c = 3 and d = 4)", true),
    ("and or and or and", "((((a = 1 and b = 2) or c = 3) and d = 4) or e = 5) and f = 6", "(a = 1 and b = 2) or (c = 3 and d = 4) or (e = 5 and f = 6)", true),
];

fn chain(ops: &str) -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g"];
    let mut s = String::from("select * from X where a = 1");
    for (i, op) in ops.split_whitespace().enumerate() {
        s.push_str(&format!(" {op} {} = {}", names[i + 1], i + 2));
    }
    s.push(';');
    s
}

#[test]
fn grouping_display_and_readings_differ() {
    for (ops, ltr, sql, differ) in GROUPINGS {
        let src = chain(ops);
        let q = verified_query(&src);
        let w = q.where_clause.as_ref().unwrap();
        assert_eq!(
            w.grouped(Precedence::LeftToRight).to_string(),
            *ltr,
            "{ops}"
        );
        assert_eq!(
            w.grouped(Precedence::SqlPrecedence).to_string(),
            *sql,
            "{ops}"
        );
        assert_eq!(w.readings_differ(), *differ, "{ops}");
        // The printed groupings are the readings: evaluate agrees with a brute-force
        // evaluation of the parenthesised text for every assignment.
        let n = w.len();
        for bits in 0u32..(1 << n) {
            let truth = |c: &Condition| {
                let i = (c.column.name.as_bytes()[0] - b'a') as u32;
                bits & (1 << i) != 0
            };
            for (p, text) in [
                (Precedence::LeftToRight, ltr),
                (Precedence::SqlPrecedence, sql),
            ] {
                assert_eq!(
                    w.grouped(p).evaluate(truth),
                    eval_text(text, bits),
                    "{ops} {p:?} bits={bits:b}"
                );
            }
        }
    }
}

/// Evaluates a fully parenthesised grouping such as `(a = 1 or b = 2) and c = 3`, with
/// condition `x = ..` true when bit `x - 'a'` of `bits` is set; `and` before `or` within
/// one level (the printed forms only mix them inside explicit parentheses).
fn eval_text(text: &str, bits: u32) -> bool {
    // Tokens: "(", ")", "and", "or", or a condition's column letter (`= N` is dropped).
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let toks: Vec<String> = spaced
        .split_whitespace()
        .filter(|t| *t != "=" && !t.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    // Shunting-yard with an explicit stack (and > or).
    let prec = |t: &str| if t == "and" { 2 } else { 1 };
    let mut out: Vec<bool> = Vec::new();
    let mut ops: Vec<String> = Vec::new();
    let apply = |out: &mut Vec<bool>, op: &str| {
        let b = out.pop().unwrap();
        let a = out.pop().unwrap();
        out.push(if op == "and" { a && b } else { a || b });
    };
    for t in toks {
        match t.as_str() {
            "(" => ops.push(t),
            ")" => {
                while let Some(op) = ops.pop() {
                    if op == "(" {
                        break;
                    }
                    apply(&mut out, &op);
                }
            }
            "and" | "or" => {
                while ops.last().is_some_and(|o| o != "(" && prec(o) >= prec(&t)) {
                    let op = ops.pop().unwrap();
                    apply(&mut out, &op);
                }
                ops.push(t);
            }
            name => out.push(bits & (1 << (name.as_bytes()[0] - b'a')) != 0),
        }
    }
    while let Some(op) = ops.pop() {
        apply(&mut out, &op);
    }
    out.pop().unwrap()
}

#[test]
fn runs_split_the_chain_by_precedence() {
    let runs = |ops: &str, p: Precedence| -> Vec<(LogicalOp, std::ops::Range<usize>)> {
        let src = chain(ops);
        let q = verified_query(&src);
        let w = q.where_clause.as_ref().unwrap();
        w.grouped(p).runs().map(|r| (r.op, r.conditions)).collect()
    };
    use LogicalOp::{And, Or};
    let sql = Precedence::SqlPrecedence;
    let ltr = Precedence::LeftToRight;
    assert_eq!(
        runs("and or and and or", sql),
        [(And, 0..2), (And, 2..5), (And, 5..6)]
    );
    assert_eq!(
        runs("and or and and or", ltr),
        [(And, 0..2), (Or, 2..3), (And, 3..5), (Or, 5..6)]
    );
    assert_eq!(runs("", sql), [(And, 0..1)]);
    assert_eq!(runs("", ltr), [(And, 0..1)]);
    assert_eq!(runs("or or", ltr), [(Or, 0..3)]);
    assert_eq!(runs("or or", sql), [(And, 0..1), (And, 1..2), (And, 2..3)]);
}

#[test]
fn evaluate_tests_each_condition_once_in_order() {
    let src = chain("or and or and");
    let q = verified_query(&src);
    for p in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
        let mut seen = Vec::new();
        q.where_clause.as_ref().unwrap().grouped(p).evaluate(|c| {
            seen.push(c.column.name.to_string());
            false
        });
        assert_eq!(seen, ["a", "b", "c", "d", "e"]);
    }
}

#[test]
fn long_chains_group_without_recursion() {
    let mut src = String::from("select * from X where a = 1");
    for i in 0..3000 {
        src.push_str(if i % 3 == 0 {
            " or a = 1"
        } else {
            " and a = 1"
        });
    }
    src.push(';');
    let q = verified_query(&src);
    let w = q.where_clause.as_ref().unwrap();
    assert!(w.readings_differ());
    assert!(w.grouped(Precedence::LeftToRight).evaluate(|_| true));
    assert!(!w.grouped(Precedence::SqlPrecedence).evaluate(|_| false));
    assert!(w
        .grouped(Precedence::LeftToRight)
        .to_string()
        .starts_with("(((("));
}

// ---------------------------------------------------------------------------------------
// The pretty form
// ---------------------------------------------------------------------------------------

fn pretty(src: &str, dialect: Dialect) -> String {
    let q = parse_in(src, dialect);
    let out = format!("{q:#}");
    assert_eq!(
        parse_in(&out, dialect),
        q,
        "pretty form re-parses differently"
    );
    out
}

#[test]
fn pretty_simple() {
    insta::assert_snapshot!(pretty("select * from Contacts;", Documented));
}

#[test]
fn pretty_all_clauses() {
    insta::assert_snapshot!(pretty(
        "select firstname, lastname from Contacts where lastname like 'Sm%' and leadsource in ('Web Site', 'Cold Call', 'Partner') or mailingcity = 'Berlin' order by lastname, firstname desc limit 20, 40;",
        Documented
    ));
}

#[test]
fn pretty_count_with_columns_vtiger() {
    insta::assert_snapshot!(pretty(
        "select count(*), firstname from Contacts where lastname in 'a', 'b';",
        Vtiger
    ));
}

#[test]
fn pretty_long_in_list_wraps() {
    let ids: Vec<String> = (0..40).map(|i| format!("'12x{}'", 1000 + i)).collect();
    let src = format!(
        "select id from Contacts where id in ({}) and lastname != 'O''Brien';",
        ids.join(", ")
    );
    insta::assert_snapshot!(pretty(&src, Documented));
}

#[test]
fn pretty_long_select_list_and_order_by_wrap() {
    let cols: Vec<String> = (0..30).map(|i| format!("cf_{}", 800 + i)).collect();
    let src = format!(
        "select {c} from Contacts order by {c} desc;",
        c = cols.join(", ")
    );
    insta::assert_snapshot!(pretty(&src, Vtiger));
}

#[test]
fn pretty_multiline_string_value() {
    insta::assert_snapshot!(pretty(
        "select * from Contacts where description = 'line one\nline two' or a = 1;",
        Documented
    ));
}
