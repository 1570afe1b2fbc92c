//! Helpers shared by the parser's integration tests.
//!
//! Each test binary uses only some of these helpers.
#![allow(dead_code)]

use vtql::{Dialect, ParseError, ParseOptions, Query};

/// Parse options for `dialect`.
pub fn opts(dialect: Dialect) -> ParseOptions {
    ParseOptions::default().dialect(dialect)
}

/// Parses `input` in `dialect`, panicking with the rendered diagnostic on failure.
pub fn parse_in(input: &str, dialect: Dialect) -> Query<'_> {
    match Query::parse_with(input, &opts(dialect)) {
        Ok(q) => q,
        Err(e) => panic!(
            "{dialect:?} dialect rejected {input:?}:\n{}",
            e.render(input, "query.vtql")
        ),
    }
}

/// Parses `input` in `dialect`, checks that it is already in canonical form (printing the
/// tree gives back exactly `input`) and that the pretty form re-parses to the same tree;
/// returns the tree.
pub fn verified_in(input: &str, dialect: Dialect) -> Query<'_> {
    let q = parse_in(input, dialect);
    assert_eq!(
        q.to_string(),
        input,
        "canonical form of {input:?} ({dialect:?})"
    );
    let pretty = format!("{q:#}");
    let again = parse_in(&pretty, dialect);
    assert_eq!(
        again, q,
        "pretty form {pretty:?} re-parses differently ({dialect:?})"
    );
    q
}

/// [`verified_in`] in the documented dialect. Queries that are valid in both dialects are
/// also checked in the vtiger dialect, which must then give the same tree.
pub fn verified_query(input: &str) -> Query<'_> {
    let q = verified_in(input, Dialect::Documented);
    if let Ok(v) = Query::parse_with(input, &opts(Dialect::Vtiger)) {
        assert_eq!(v, q, "the dialects read {input:?} differently");
    }
    q
}

/// [`verified_in`] in the vtiger dialect.
pub fn verified_vtiger(input: &str) -> Query<'_> {
    verified_in(input, Dialect::Vtiger)
}

/// Parses `input` in `dialect` and checks that it prints as `canonical`, that
/// `canonical` is itself verified, and that both parse to equal trees.
pub fn parses_to_in(input: &str, canonical: &str, dialect: Dialect) {
    let q = parse_in(input, dialect);
    assert_eq!(
        q.to_string(),
        canonical,
        "canonical form of {input:?} ({dialect:?})"
    );
    let c = verified_in(canonical, dialect);
    assert_eq!(
        q, c,
        "{input:?} and {canonical:?} parse differently ({dialect:?})"
    );
}

/// [`parses_to_in`] in the documented dialect.
pub fn parses_to(input: &str, canonical: &str) {
    parses_to_in(input, canonical, Dialect::Documented)
}

/// The error `input` gives in `dialect`; panics if it parses.
pub fn parse_error(input: &str, dialect: Dialect) -> ParseError {
    match Query::parse_with(input, &opts(dialect)) {
        Ok(q) => panic!("{dialect:?} dialect accepted {input:?} as `{q}`"),
        Err(e) => e,
    }
}
