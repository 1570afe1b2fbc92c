//! Arbitrary bytes → parse in both dialects, with the default and with small limits.
//! Oracle: never panics; an accepted query prints to a text that re-parses to an equal
//! tree, printing twice is stable, the pretty form re-parses equal too; a rejected
//! query gives an error whose span lies in the text and whose rendering works.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vtql::{Dialect, ErrorKind, Limits, ParseOptions, Query};

fuzz_target!(|data: &[u8]| {
    // As UTF-8 where valid; invalid sequences become U+FFFD (an invalid character).
    let text = String::from_utf8_lossy(data);
    let small = Limits::default()
        .with_max_conditions(3)
        .with_max_list_values(3)
        .with_max_select_columns(3)
        .with_max_values(4)
        .with_max_query_bytes(200);
    for dialect in [Dialect::Documented, Dialect::Vtiger] {
        for limits in [Limits::default(), small] {
            let opts = ParseOptions::new().dialect(dialect).limits(limits);
            check(&text, &opts);
        }
    }
});

fn check(text: &str, opts: &ParseOptions) {
    let reparse_opts = ParseOptions::new()
        .dialect(opts.dialect)
        .limits(Limits::UNLIMITED);
    match Query::parse_with(text, opts) {
        Ok(q) => {
            let printed = q.to_string();
            let again = Query::parse_with(&printed, &reparse_opts)
                .unwrap_or_else(|e| panic!("canonical form does not re-parse: {e:?}\n{printed}"));
            assert_eq!(
                again, q,
                "canonical form re-parses to a different tree:\n{printed}"
            );
            assert_eq!(again.to_string(), printed, "printing is not stable");
            let pretty = format!("{q:#}");
            let again = Query::parse_with(&pretty, &reparse_opts)
                .unwrap_or_else(|e| panic!("pretty form does not re-parse: {e:?}\n{pretty}"));
            assert_eq!(
                again, q,
                "pretty form re-parses to a different tree:\n{pretty}"
            );
            assert_eq!(
                format!("{again:#}"),
                pretty,
                "pretty printing is not stable"
            );
            // A query accepted with limits is accepted without them, identically.
            let free = Query::parse_with(text, &reparse_opts).expect("accepted without limits");
            assert_eq!(free, q);
            let _ = q.clone().into_owned();
        }
        Err(e) => {
            assert!(
                e.span.lo() <= e.span.hi() && e.span.hi() <= text.len(),
                "{e:?}"
            );
            assert!(e.line >= 1 && e.column >= 1);
            assert_eq!(ErrorKind::from_code(e.code()), Some(e.kind));
            let rendered = e.render(text, "fuzz");
            assert!(rendered.contains(e.code()));
            let _ = e.to_string();
        }
    }
}
