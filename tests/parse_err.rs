//! Negative cases: every mistake of the "must reject" list (and more), each with its
//! error code, message, web-service code and full caret rendering snapshotted.

mod common;

use common::parse_error;
use vtql::{Dialect, ErrorKind};

use Dialect::{Documented as D, Vtiger as V};

const SYN: &str = "QUERY_SYNTAX_ERROR";
const ISE: &str = "INTERNAL_SERVER_ERROR";

/// `(snapshot name, dialect, input, web-service code)`.
#[rustfmt::skip]
const CASES: &[(&str, Dialect, &str, &str)] = &[
    // --- the head: select list, from, module ---
    ("empty_query", D, "", SYN),
    ("blank_query", V, "  \r\n\t ", SYN),
    ("not_a_select", D, "update Contacts set lastname = 'x';", SYN),
    ("delete_query", V, "delete from Contacts where id = '12x1';", SYN),
    ("only_semicolon", D, ";", SYN),
    ("select_without_list", D, "select from Contacts;", SYN),
    ("select_list_trailing_comma", D, "select firstname, from Contacts;", SYN),
    ("missing_from", D, "select firstname lastname from Contacts;", SYN),
    ("column_alias", D, "select firstname as name from Contacts;", SYN),
    ("star_with_columns", D, "select *, firstname from Contacts;", SYN),
    ("columns_with_star", V, "select firstname, * from Contacts;", SYN),
    ("count_with_columns_documented", D, "select count(*), firstname from Contacts;", SYN),
    ("columns_then_count", V, "select firstname, count(*) from Contacts;", SYN),
    ("count_of_column", D, "select count(id) from Contacts;", SYN),
    ("count_unclosed", D, "select count(* from Contacts;", SYN),
    ("count_as_column_vtiger", V, "select count from Contacts;", SYN),
    ("count_in_column_list_vtiger", V, "select lastname, count from Contacts;", SYN),
    ("distinct", D, "select distinct lastname from Contacts;", SYN),
    ("function_in_select", D, "select upper(lastname) from Contacts;", SYN),
    ("reserved_word_as_column", D, "select order from Contacts;", SYN),
    ("dotted_select_column", D, "select Accounts.accountname from Accounts;", SYN),
    ("two_modules", D, "select * from Contacts, Accounts;", SYN),
    ("join", V, "select * from Contacts join Accounts;", SYN),
    ("quoted_module", D, "select * from 'Contacts';", SYN),
    ("missing_module", D, "select * from;", SYN),
    ("where_as_module", V, "select * from where lastname = 'x';", SYN),
    ("end_after_from", D, "select * from", SYN),
    // --- conditions ---
    ("grouping_parentheses", D, "select * from Contacts where (lastname = 'a' or firstname = 'b') and email = 'c';", SYN),
    ("grouping_parentheses_later", V, "select * from Contacts where email = 'c' and (lastname = 'a' or firstname = 'b');", SYN),
    ("not", D, "select * from Contacts where not lastname = 'Smith';", SYN),
    ("not_in", D, "select * from Contacts where lastname not in ('a', 'b');", SYN),
    ("not_like", V, "select * from Contacts where lastname not like 'Sm%';", SYN),
    ("is_null", D, "select * from Contacts where email is null;", SYN),
    ("is_not_null", V, "select * from Contacts where email is not null;", SYN),
    ("between", D, "select * from Contacts where birthday between '1990-01-01' and '1999-12-31';", SYN),
    ("sql_not_equal", D, "select * from Contacts where lastname <> 'Smith';", SYN),
    ("sql_not_equal_vtiger", V, "select * from Contacts where lastname <> 'Smith';", SYN),
    ("double_equals", D, "select * from Contacts where lastname == 'Smith';", SYN),
    ("bang_alone", D, "select * from Contacts where lastname ! = 'Smith';", ISE),
    ("missing_operator", D, "select * from Contacts where lastname 'Smith';", SYN),
    ("column_as_keyword", D, "select * from Contacts where limit = 5;", SYN),
    ("dotted_where_column", D, "select * from Contacts where account_id.accountname = 'Acme';", SYN),
    ("function_in_where", D, "select * from Contacts where REPLACE(phone, ' ', '') = '123';", SYN),
    ("count_in_where", D, "select count(*) from Contacts where count(*) > 1;", SYN),
    ("ampersands", D, "select * from Contacts where a = 1 && b = 2;", ISE),
    ("pipes", V, "select * from Contacts where a = 1 || b = 2;", ISE),
    ("and_at_end", D, "select * from Contacts where a = 1 and;", SYN),
    ("and_or", D, "select * from Contacts where a = 1 and or b = 2;", SYN),
    ("where_at_end", D, "select * from Contacts where\n", SYN),
    ("operator_at_end", V, "select * from Contacts where lastname =", SYN),
    ("like_escape", D, "select * from Contacts where a like 'x!%' escape '!';", SYN),
    // --- values ---
    ("double_quotes", D, "select * from Contacts where lastname = \"Smith\";", ISE),
    ("double_quotes_vtiger", V, "select * from Contacts where lastname = \"O'Brien\";", ISE),
    ("double_quotes_unterminated", D, "select * from Contacts where lastname = \"Smith;", ISE),
    ("backslash_escape", D, "select * from Contacts where lastname = 'O\\'Brien';", SYN),
    ("backslash_escape_vtiger", V, "select * from Contacts where lastname = 'O\\'Brien';", SYN),
    ("trailing_backslash_vtiger", V, "select * from Contacts where path = 'C:\\';", SYN),
    ("backslash_before_doubled_quote_vtiger", V, "select * from Contacts where a = 'x\\''y';", SYN),
    ("unterminated_string", D, "select * from Contacts where lastname = 'Smith;", ISE),
    ("unterminated_string_vtiger", V, "select * from Contacts where lastname = 'Smith", ISE),
    ("unterminated_in_list", D, "select * from Contacts where a in ('x', 'y);", ISE),
    ("empty_string_vtiger", V, "select * from Contacts where lastname = '';", ISE),
    ("empty_string_in_list_vtiger", V, "select * from Contacts where lastname in ('a', '');", ISE),
    ("empty_string_as_column_vtiger", V, "select * from Contacts where '' = 'a';", ISE),
    ("unquoted_date", D, "select * from Contacts where modifiedtime >= 2019-02-25;", SYN),
    ("unquoted_date_vtiger", V, "select * from Contacts where birthday = 1990-01-31 and a = 1;", SYN),
    ("unquoted_datetime", D, "select * from Contacts where modifiedtime >= 2019-02-25 10:30:00;", SYN),
    ("unquoted_time", D, "select * from Calendar where time_start = 10:30;", SYN),
    ("unquoted_decimal", D, "select * from Products where unit_price > 1.5;", SYN),
    ("unquoted_negative_decimal", V, "select * from Products where unit_price > -0.25;", SYN),
    ("unquoted_arithmetic", D, "select * from Products where qty = 5-3;", SYN),
    ("bare_word", D, "select * from Contacts where lastname = Smith;", SYN),
    ("bare_word_vtiger", V, "select * from Contacts where lastname = Smith;", SYN),
    ("bare_word_in_list", D, "select * from Contacts where lastname in ('a', b);", SYN),
    ("bare_null", D, "select * from Contacts where email = null;", SYN),
    ("bare_true", V, "select * from Contacts where emailoptout = true;", SYN),
    ("keyword_as_value", D, "select * from Contacts where lastname = limit;", SYN),
    ("exponent_value", D, "select * from Products where qty = 1e5;", SYN),
    ("uppercase_record_id", D, "select * from Contacts where id = 12X34;", SYN),
    ("percent_outside_quotes", D, "select * from Contacts where lastname like %Smith%;", ISE),
    ("non_ascii_outside_quotes", V, "select * from Contacts where lastname = Müller;", SYN),
    ("non_ascii_value", D, "select * from Contacts where lastname = é;", ISE),
    ("parameter_marker", D, "select * from Contacts where lastname = ?;", ISE),
    ("sign_without_digits", D, "select * from Contacts where a = - 5;", ISE),
    // Invisible and look-alike characters are named (U+00A0 NO-BREAK SPACE).
    ("no_break_space", D, "select * from Contacts where\u{a0}lastname = 'Smith';", ISE),
    ("zero_width_space", D, "select *\u{200b} from Contacts;", ISE),
    ("bidi_override", D, "select * from Contacts where lastname = 'a' \u{202e}or 1 = 1;", ISE),
    ("typographic_quote", D, "select * from Contacts where lastname = \u{2019}Smith\u{2019};", ISE),
    ("control_character", D, "select * from Contacts\u{7} where lastname = 'a';", ISE),
    // --- lists ---
    ("empty_in_list", D, "select * from Contacts where lastname in ();", SYN),
    ("empty_in_list_vtiger", V, "select * from Contacts where lastname in ( );", SYN),
    ("in_list_trailing_comma", D, "select * from Contacts where lastname in ('a', 'b',);", SYN),
    ("in_list_missing_comma", D, "select * from Contacts where lastname in ('a' 'b');", SYN),
    ("nested_list", D, "select * from Contacts where lastname in (('a'));", SYN),
    ("unclosed_list", D, "select * from Contacts where lastname in ('a', 'b' and a = 1;", SYN),
    ("unclosed_single_value_vtiger", V, "select * from Contacts where lastname = ('c';", SYN),
    ("unclosed_list_vtiger", V, "select * from Contacts where lastname in ('a','b';", SYN),
    ("unclosed_list_before_order_vtiger", V, "select * from Contacts where lastname in ('a' order by a;", SYN),
    ("bare_in_documented", D, "select * from Contacts where lastname in 'a', 'b';", SYN),
    ("bare_in_not_last_vtiger", V, "select * from Contacts where lastname in 'a', 'b' and email = 'c';", SYN),
    ("server_hang_eq_vtiger", V, "select * from Contacts where lastname in 'a', = 'b';", SYN),
    ("server_hang_lt_vtiger", V, "select * from Contacts where lastname in 'a' , < 'b';", SYN),
    ("server_hang_in_vtiger", V, "select * from Contacts where lastname in 'a', in 'b';", SYN),
    ("server_hang_like_vtiger", V, "select * from Contacts where lastname in 'a', like 'b';", SYN),
    ("list_after_eq_documented", D, "select * from Contacts where lastname = ('a');", SYN),
    ("list_of_two_after_eq_vtiger", V, "select * from Contacts where lastname = ('a', 'b');", SYN),
    ("two_values_after_eq", D, "select * from Contacts where lastname = 'a', 'b';", SYN),
    ("zero_first_in_list_vtiger", V, "select * from Contacts where mobile in (0, 1);", SYN),
    ("zero_first_bare_list_vtiger", V, "select * from Contacts where mobile in 0, 1;", SYN),
    // --- order by ---
    ("order_without_by", D, "select * from Contacts order lastname;", SYN),
    ("order_by_three_columns", D, "select * from Contacts order by lastname, firstname, email;", SYN),
    ("direction_not_last", D, "select * from Contacts order by lastname desc, firstname;", SYN),
    ("direction_not_last_vtiger", V, "select * from Contacts order by a, b asc, c desc;", SYN),
    ("order_by_column_after_direction", D, "select * from Contacts order by lastname desc firstname;", SYN),
    ("order_by_nothing", D, "select * from Contacts order by;", SYN),
    ("direction_without_order", D, "select * from Contacts where a = 1 desc;", SYN),
    ("order_by_number_expression", V, "select * from Contacts order by upper(lastname);", SYN),
    // --- limit ---
    ("offset_keyword", D, "select * from Contacts limit 10 offset 20;", SYN),
    ("offset_without_limit", V, "select * from Contacts offset 20;", SYN),
    ("limit_three_numbers", D, "select * from Contacts limit 1, 2, 3;", SYN),
    ("limit_negative", D, "select * from Contacts limit -5;", SYN),
    ("limit_quoted", V, "select * from Contacts limit '10';", SYN),
    ("limit_parenthesised", D, "select * from Contacts limit (10);", SYN),
    ("limit_word", D, "select * from Contacts limit all;", SYN),
    ("limit_too_large", D, "select * from Contacts limit 99999999999999999999999;", SYN),
    ("limit_missing", D, "select * from Contacts limit;", SYN),
    ("limit_pair_then_word", D, "select * from Contacts limit 1, 2 rows;", SYN),
    // --- clause order and the end of the query ---
    ("limit_before_order", D, "select * from Contacts limit 5 order by lastname;", SYN),
    ("order_before_where", V, "select * from Contacts order by lastname where a = 1;", SYN),
    ("two_wheres", D, "select * from Contacts where a = 1 where b = 2;", SYN),
    ("group_by", D, "select * from Contacts group by lastname;", SYN),
    ("word_after_module", V, "select * from Contacts foo;", SYN),
    ("trailing_query", D, "select * from Contacts; select * from Leads;", SYN),
    ("double_semicolon", V, "select * from Contacts;;", SYN),
    ("trailing_comment", D, "select * from Contacts; -- all of them", ISE),
    ("trailing_invalid_char", V, "select * from Contacts;@", ISE),
    ("trailing_empty_string_vtiger", V, "select * from Contacts; ''", ISE),
    ("missing_semicolon_vtiger", V, "select * from Contacts", SYN),
    ("missing_semicolon_after_where_vtiger", V, "select * from Contacts where lastname = 'x'\n", SYN),
    ("missing_semicolon_after_limit_vtiger", V, "select * from Contacts order by a limit 5\r\n", SYN),
    // --- positions: CRLF, tabs and unicode before the error ---
    ("error_on_third_line_crlf", D, "select *\r\nfrom Contacts\r\nwhere lastname = Smith;", SYN),
    ("error_after_tabs", D, "select\t*\tfrom\tContacts\twhere\tlastname\t<>\t'x';", SYN),
    ("error_after_unicode", D, "select * from Contacts where a = 'Čapek 東京' and b = Smith;", SYN),
];

fn snapshot_text(input: &str, dialect: Dialect) -> String {
    let err = parse_error(input, dialect);
    let expected = if err.expected.is_empty() {
        "-".to_owned()
    } else {
        err.expected.to_string()
    };
    format!(
        "input:    {input:?} ({dialect:?})\ncode:     {} ({})\nmessage:  {}\nexpected: {expected}\nfound:    {:?}\n\n{}",
        err.code(),
        err.webservice_code(),
        err.message,
        err.found,
        err.render(input, "query.vtql"),
    )
}

#[test]
fn every_negative_case_is_snapshotted() {
    let mut names = std::collections::HashSet::new();
    for &(name, dialect, input, ws) in CASES {
        assert!(names.insert(name), "duplicate case name {name}");
        let err = parse_error(input, dialect);
        assert_eq!(err.webservice_code(), ws, "{name}: {input}");
        assert!(
            err.span.hi() <= input.len(),
            "{name}: span {:?} past the input",
            err.span
        );
        assert!(
            input.is_char_boundary(err.span.lo()) && input.is_char_boundary(err.span.hi()),
            "{name}: span not on char boundaries"
        );
        assert!(err.line >= 1 && err.column >= 1, "{name}");
        // The Display of the error carries the message and position.
        assert_eq!(
            err.to_string(),
            format!("{} at {}:{}", err.message, err.line, err.column)
        );
        insta::assert_snapshot!(name, snapshot_text(input, dialect));
    }
}

#[test]
fn case_count_meets_the_target() {
    assert!(CASES.len() >= 80, "only {} negative cases", CASES.len());
}

/// The error kind of each item of the "must reject" list, per dialect.
#[test]
fn kinds_of_the_must_reject_list() {
    use ErrorKind::*;
    let cases: &[(&str, &[ErrorKind])] = &[
        ("where (a = 1 or b = 2) and c = 3;", &[GroupingParentheses]),
        ("where not a = 1;", &[NotOperator]),
        ("where a is null;", &[IsNull]),
        ("where a between 1 and 2;", &[Between]),
        ("where a <> 1;", &[WrongOperator]),
        ("where a not in (1);", &[NotOperator]),
        ("where a not like 'x';", &[NotOperator]),
        ("where a = \"x\";", &[DoubleQuotedString]),
        ("where a = 'O\\'B';", &[BackslashEscape]),
        ("where a = 2019-02-01;", &[UnquotedLiteral]),
        ("where a = 2019-02-01 10:00:00;", &[UnquotedLiteral]),
        ("where a = 1.5;", &[UnquotedLiteral]),
        ("where a = Smith;", &[UnquotedWord]),
        ("where upper(a) = 'X';", &[FunctionCall]),
        ("where a.b = 1;", &[QualifiedName]),
        ("order by a desc, b;", &[DirectionNotLast]),
        ("limit 5 offset 10;", &[OffsetKeyword]),
        ("where a in ();", &[EmptyInList]),
        ("; x", &[TrailingInput]),
        ("where a = 'x;", &[UnterminatedString]),
        ("where a = ('x';", &[UnclosedParenthesis]),
        ("limit 5 order by a;", &[ClauseOrder]),
    ];
    for (tail, kinds) in cases {
        let src = format!("select * from Contacts {tail}");
        for dialect in [D, V] {
            let err = parse_error(&src, dialect);
            assert!(kinds.contains(&err.kind), "{src} ({dialect:?}): {err:?}");
        }
    }
    let distinct = "select distinct a from Contacts;";
    assert_eq!(parse_error(distinct, D).kind, Distinct);
    assert_eq!(parse_error(distinct, V).kind, Distinct);
    let three = "select * from Contacts order by a, b, c;";
    assert_eq!(parse_error(three, D).kind, TooManyOrderColumns);
    assert_eq!(
        parse_error("select * from Contacts where a = '';", V).kind,
        EmptyString
    );
    assert_eq!(
        parse_error("select * from Contacts", V).kind,
        MissingSemicolon
    );
    assert_eq!(
        parse_error("select * from Contacts where a in (0, 1);", V).kind,
        ZeroFirstInList
    );
}

/// The real server never answers these (its parser loops); vtql answers at once.
#[test]
fn server_hangs_answer_immediately() {
    for op in ["=", "!=", "<", ">", "<=", ">=", "in", "like"] {
        let src = format!("select * from Contacts where lastname in 'a', {op} 'b';");
        let started = std::time::Instant::now();
        let err = parse_error(&src, V);
        assert_eq!(err.kind, ErrorKind::UnexpectedToken, "{src}");
        assert!(
            err.hint.as_deref().unwrap_or("").contains("never answers"),
            "{src}"
        );
        // Generous bound: only guards against a loop, not a performance assertion.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

#[test]
fn error_codes_are_stable_and_round_trip() {
    for kind in ErrorKind::ALL {
        assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
        assert!(kind.code().starts_with("E0") && kind.code().len() == 5);
    }
    assert_eq!(ErrorKind::from_code("E9999"), None);
}

#[test]
fn expected_sets_never_mention_internals() {
    for &(name, dialect, input, _) in CASES {
        let err = parse_error(input, dialect);
        let text = format!("{} {} {:?}", err.message, err.expected, err.hint);
        for internal in [
            "Tag",
            "ErrorKind",
            "nom",
            "Kw::",
            "Tok::",
            "Miss",
            "TakeWhile",
            "Alt",
        ] {
            assert!(!text.contains(internal), "{name}: {text}");
        }
    }
}
