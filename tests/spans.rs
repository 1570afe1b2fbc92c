//! Equality and spans: trees ignore where their nodes were written (`ast::NodeSpan`),
//! errors and diagnostics do not (`Span` compares by position).

use vtql::{Query, Schema, Span, ValidateOptions};

fn schema() -> Schema {
    Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe")).unwrap()
}

/// The same query written with different spacing: equal trees, different spans.
#[test]
fn trees_ignore_positions() {
    let a = Query::parse("select lastname from Contacts where lastname = 'x' limit 5;").unwrap();
    let b = Query::parse("select  lastname  from Contacts\nwhere lastname='x'  limit 5 ;").unwrap();
    assert_eq!(a, b);
    assert_ne!(a.module.span.get(), b.module.span.get());
    let (wa, wb) = (
        a.where_clause.as_ref().unwrap(),
        b.where_clause.as_ref().unwrap(),
    );
    assert_ne!(wa.span.get(), wb.span.get());
    assert_ne!(a.terminator.get(), b.terminator.get());
}

/// One error at two positions: the errors differ, and only in their spans.
#[test]
fn parse_errors_compare_their_spans() {
    let a = Query::parse("select * from Contacts where x ==  1;").unwrap_err();
    let b = Query::parse("select * from Contacts where x  == 1;").unwrap_err();
    assert_eq!(a.code(), b.code());
    assert_ne!(a.span, b.span);
    assert_ne!(a, b);
    let c = Query::parse("select * from Contacts where x ==  1;").unwrap_err();
    assert_eq!(a, c);
}

/// One diagnostic at two positions: the diagnostics differ by their spans.
#[test]
fn diagnostics_compare_their_spans() {
    let schema = schema();
    let opts = ValidateOptions::default();
    let qa = Query::parse("select nosuchfield from Contacts;").unwrap();
    let qb = Query::parse("select  nosuchfield from Contacts;").unwrap();
    assert_eq!(qa, qb);
    let da = qa.validate(&schema, &opts).unwrap_err();
    let db = qb.validate(&schema, &opts).unwrap_err();
    let (a, b) = (&da.as_slice()[0], &db.as_slice()[0]);
    assert_eq!(a.code, b.code);
    assert_eq!(a.message, b.message);
    assert_eq!(a.span, Span::new(7, 18));
    assert_eq!(b.span, Span::new(8, 19));
    assert_ne!(a, b);
    assert_ne!(da, db);
}
