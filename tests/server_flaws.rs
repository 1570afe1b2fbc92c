//! Regression tests named after the real vtiger server's flaws (grammar.md §10):
//! where the real server hangs, drops a value, pastes text into SQL or ignores a
//! mistake, vtql stops with a clean, coded error (or, where the documented dialect
//! accepts, does exactly what the documentation says).

use std::sync::mpsc;
use std::time::Duration;

use vtql::sql::{SqlOptions, SqlValue, Target};
use vtql::{demo, Dialect, ErrorKind, ParseError, ParseOptions, Query, ValidateOptions};

const DIALECTS: [Dialect; 2] = [Dialect::Documented, Dialect::Vtiger];

fn parse(src: &str, dialect: Dialect) -> Result<Query<'_>, ParseError> {
    Query::parse_with(src, &ParseOptions::new().dialect(dialect))
}

/// Parses on another thread and fails the test if the parser does not answer within a
/// few seconds (the real server's parser loops forever on some of these inputs).
fn parse_terminates(src: &str, dialect: Dialect) -> Result<String, ParseError> {
    let owned = src.to_owned();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = parse(&owned, dialect).map(|q| q.to_string());
        let _ = tx.send(r);
    });
    rx.recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("the parser did not terminate on {src:?}"))
}

/// A bare in-list, a comma, an operator, a value makes the real parser loop.
#[test]
fn flaw_bare_in_list_then_operator_terminates_with_an_error() {
    for op in ["=", "<", ">", "!=", "<=", ">=", "in", "like"] {
        let src = format!("select * from Contacts where lastname in 'a' , {op} 'b';");
        for dialect in DIALECTS {
            let err = parse_terminates(&src, dialect).unwrap_err();
            match dialect {
                // The documented dialect rejects the bare list itself.
                Dialect::Documented => {
                    assert_eq!(err.kind, ErrorKind::BareList, "{src}");
                    assert_eq!(&src[err.span.range()], "'a'");
                }
                _ => {
                    assert_eq!(err.kind, ErrorKind::UnexpectedToken, "{src}: {err:?}");
                    assert_eq!(&src[err.span.range()], op, "{src}");
                    assert!(err.hint.as_deref().unwrap_or("").contains("loops"));
                }
            }
        }
    }
    // Longer bare lists and other shapes of the same trap.
    for src in [
        "select * from Contacts where lastname in 'a', 'b', = 'c';",
        "select * from Contacts where lastname in 'a',= 'b';",
        "select * from Contacts where lastname in 'a' , in 'b' , = 'c';",
    ] {
        for dialect in DIALECTS {
            assert!(parse_terminates(src, dialect).is_err(), "{src}");
        }
    }
}

/// An unclosed `(` in a value list is accepted by the real server, and its last
/// value silently dropped.
#[test]
fn flaw_unclosed_paren_in_value_list_is_an_error() {
    let cases = [
        (
            "select * from Contacts where lastname in ('a','b';",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a';",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a' and firstname = 'b';",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a', 'b' or firstname = 'b';",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a' order by lastname;",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a' orderby lastname;",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a' limit 5;",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname in ('a'",
            Dialect::Documented,
        ),
        (
            "select * from Contacts where lastname = ('c';",
            Dialect::Vtiger,
        ),
        (
            "select * from Contacts where account_id = ('11x1' and lastname = 'x';",
            Dialect::Vtiger,
        ),
    ];
    for (src, dialect) in cases {
        for d in DIALECTS {
            let err = parse_terminates(src, d).unwrap_err();
            if d == dialect || dialect == Dialect::Documented {
                assert_eq!(
                    err.kind,
                    ErrorKind::UnclosedParenthesis,
                    "{src} ({d:?}): {err:?}"
                );
                assert_eq!(&src[err.span.range()], "(");
                assert_eq!(err.code(), "E0033");
            }
        }
    }
}

/// `'1x1 or 1=1'` as an id is pasted into the real server's SQL.
#[test]
fn flaw_id_injection_is_invalid_id_attribute() {
    let schema = demo::schema();
    for src in [
        "select * from Contacts where id = '1x1 or 1=1';",
        "select * from Contacts where id in ('12x1', '12x2 or 1=1');",
        "select * from Contacts where account_id = '11x1) or (1=1';",
        "select * from Contacts where id = '12x';",
        "select * from Contacts where id = 'x12';",
        "select * from Contacts where id = '12';",
    ] {
        for dialect in DIALECTS {
            let q = parse(src, dialect).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            let diags = q
                .validate(&schema, &ValidateOptions::default())
                .err()
                .unwrap_or_else(|| panic!("validated: {src}"));
            let d = diags
                .errors()
                .find(|d| d.code == "E0206")
                .unwrap_or_else(|| panic!("{src}: {diags:?}"));
            assert_eq!(d.webservice_code, "INVALID_ID_ATTRIBUTE");
            let text = &src[d.span.range()];
            assert!(text.starts_with('\'') && text.ends_with('\''), "{text}");
        }
    }
}

/// Unquoted words become SQL identifiers or keywords on the real server.
#[test]
fn flaw_bare_words_never_reach_sql() {
    for src in [
        "select * from Contacts where lastname = Smith;",
        "select * from Contacts where lastname = lastname;",
        "select * from Contacts where lastname = null;",
        "select * from Contacts where lastname = true;",
        "select * from Contacts where lastname in (Smith, 'Jones');",
        "select * from Contacts where lastname like abc;",
        "select * from Contacts where lastname = sleep;",
        "select * from Contacts where lastname = 1e5;",
    ] {
        for dialect in DIALECTS {
            let err = parse(src, dialect).unwrap_err();
            assert_eq!(err.kind, ErrorKind::UnquotedWord, "{src}: {err:?}");
        }
    }
    // Every value that parses reaches the SQL as a bound parameter, never as text.
    let schema = demo::schema();
    let mapping = demo::mapping();
    let src = "select lastname from Contacts where lastname = 'Smith' or firstname like 'DROP%' \
               or mailingcity in ('Oslo', 'Bergen');";
    let q = Query::parse(src).unwrap();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    for target in Target::ALL {
        let sql = v.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
        for word in ["Smith", "DROP", "Oslo", "Bergen"] {
            assert!(!sql.sql.contains(word), "{target}: {}", sql.sql);
        }
        let texts: Vec<&str> = sql.params.iter().filter_map(SqlValue::as_str).collect();
        for word in ["Smith", "DROP%", "Oslo", "Bergen"] {
            assert!(texts.contains(&word), "{target}: {sql}");
        }
    }
}

/// The real server does not check order-by columns.
#[test]
fn flaw_unknown_order_by_column_is_an_error() {
    let schema = demo::schema();
    for (src, col) in [
        (
            "select * from Contacts order by nosuchfield;",
            "nosuchfield",
        ),
        (
            "select * from Contacts order by lastname, nosuchfield desc;",
            "nosuchfield",
        ),
        ("select * from Contacts order by LastName;", "LastName"),
        ("select * from Contacts order by sleep;", "sleep"),
    ] {
        let q = Query::parse(src).unwrap();
        let diags = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_err();
        let d = diags.errors().next().unwrap();
        assert_eq!(d.code, "E0204", "{src}: {diags:?}");
        assert_eq!(&src[d.span.range()], col);
    }
}

/// No backslash escapes; `\'` must not end or extend a string differently.
#[test]
fn flaw_backslashes_never_change_the_structure() {
    for dialect in DIALECTS {
        // `\'` followed by more text: an error, not a string that runs on.
        let src = "select * from Contacts where lastname = 'O\\'Brien';";
        let err = parse(src, dialect).unwrap_err();
        assert_eq!(err.kind, ErrorKind::BackslashEscape);
        assert_eq!(&src[err.span.range()], "\\'");
        // The classic `\' or 1=1 --`: the string ends at the quote; what follows is not
        // a condition.
        let src = "select * from Contacts where lastname = 'a\\' or 1=1 --';";
        assert!(parse(src, dialect).is_err());
        // A backslash at the end of a string, followed by a separator, is a character
        // (documented); the vtiger dialect rejects it, as MySQL would read it as `\'`.
        let src = "select * from Contacts where lastname = 'C:\\dir\\' and firstname = '\\';";
        if dialect == Dialect::Vtiger {
            let err = parse(src, dialect).unwrap_err();
            assert_eq!(err.kind, ErrorKind::BackslashEscape);
            assert_eq!(err.span.lo(), src.find("\\'").unwrap());
        } else {
            let q = parse(src, dialect).unwrap();
            let w = q.where_clause.as_ref().unwrap();
            assert_eq!(w.len(), 2);
            assert_eq!(w.first.values()[0].as_str(), "C:\\dir\\");
            assert_eq!(w.rest[0].condition.values()[0].as_str(), "\\");
        }
        // Backslashes anywhere inside: characters, and the tree is the same as without
        // (or, in the vtiger dialect, an odd run before a quote is an error).
        for value in [
            "\\", "\\\\", "a\\nb", "\\x27", "\\'\\'", "\\0", "%\\_", "\\\\'",
        ] {
            let quoted = value.replace('\'', "''");
            let src =
                format!("select * from Contacts where lastname = '{quoted}' and id = '12x1';");
            if dialect == Dialect::Vtiger && odd_backslashes_before_quote(&quoted) {
                let err = parse(&src, dialect).unwrap_err();
                assert_eq!(err.kind, ErrorKind::BackslashEscape, "{src}");
                continue;
            }
            let q = parse(&src, dialect).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            let w = q.where_clause.as_ref().unwrap();
            assert_eq!(w.len(), 2, "{src}");
            assert_eq!(w.first.values()[0].as_str(), value);
            // Printed and parsed again: unchanged.
            assert_eq!(parse(&q.to_string(), dialect).unwrap(), q);
        }
    }
    // In SQL the backslash stays data: a parameter, never escaped into the statement.
    let schema = demo::schema();
    let src = "select lastname from Contacts where lastname = 'x\\' or lastname = '\\\\';";
    let q = Query::parse(src).unwrap();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    for target in Target::ALL {
        let sql = v
            .to_sql(&demo::mapping(), &SqlOptions::new(target))
            .unwrap();
        assert!(!sql.sql.contains('\\') || target == Target::MySql, "{sql}");
        let texts: Vec<&str> = sql.params.iter().filter_map(SqlValue::as_str).collect();
        assert!(texts.contains(&"x\\") && texts.contains(&"\\\\"), "{sql}");
    }
}

/// Whether the raw string text holds an odd run of backslashes at its end or before a
/// quote (MySQL would read the last one as escaping the quote).
fn odd_backslashes_before_quote(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] == b'\\' {
            i += 1;
        }
        if i > start && (i - start) % 2 == 1 && (i == b.len() || b[i] == b'\'') {
            return true;
        }
        i = i.max(start + 1);
    }
    false
}

/// `''` cannot be written for the real server; the documentation allows it.
#[test]
fn flaw_empty_string_behaves_as_documented() {
    let src = "select * from Contacts where lastname = '';";
    let q = parse(src, Dialect::Documented).unwrap();
    assert_eq!(
        q.where_clause.as_ref().unwrap().first.values()[0].as_str(),
        ""
    );
    // Accepted with a compatibility warning.
    let schema = demo::schema();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    assert!(
        v.warnings().iter().any(|w| w.code == "W0303"),
        "{:?}",
        v.warnings()
    );
    let err = parse(src, Dialect::Vtiger).unwrap_err();
    assert_eq!(err.kind, ErrorKind::EmptyString);
    assert_eq!(err.webservice_code(), "INTERNAL_SERVER_ERROR");
    assert_eq!(&src[err.span.range()], "''");
    // `''''` is a one-quote string in both dialects.
    let src = "select * from Contacts where lastname = '''';";
    for dialect in DIALECTS {
        let q = parse(src, dialect).unwrap();
        assert_eq!(
            q.where_clause.as_ref().unwrap().first.values()[0].as_str(),
            "'"
        );
    }
}

/// Stray words after the module and a lone `order` are errors, not
/// silently dropped.
#[test]
fn flaw_stray_words_after_module_are_errors() {
    for src in [
        "select * from Contacts foo;",
        "select * from Contacts order lastname;",
        "select * from Contacts where lastname = 'a' order lastname;",
    ] {
        for dialect in DIALECTS {
            assert!(parse(src, dialect).is_err(), "{src}");
        }
    }
}
