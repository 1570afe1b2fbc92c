//! Names, summaries and explanations of the builder's error codes (`B00xx`,
//! [`BuildError::code`](super::BuildError::code)), for the catalogue in
//! [`crate::validate::codes`]. The builder is a library API: the `vtql` command never
//! reports these codes, so the examples are Rust calls.

use crate::validate::codes::CodeText;

/// One entry per [`BuildError`](super::BuildError) variant, in code order.
pub(crate) static CODES: [CodeText; 21] = [
    CodeText {
        code: "B0001",
        name: "invalid-name",
        summary: "a column or module name that is not ASCII letters, digits and `_`",
        explanation: "Field and module names of the language are ASCII letters, digits and \
`_`; anything else would change the query's structure, so the builder refuses it.\n\n\
Example:\n\n    Query::select([\"last name\"]).from(\"Contacts\").build()\n\n\
Use the field name from describe (`lastname`), not its label.",
    },
    CodeText {
        code: "B0002",
        name: "reserved-name",
        summary: "a keyword of the language used as a name",
        explanation: "`from`, `where`, `order`, `limit`... cannot name a column or module \
(and `count` cannot be a select column for a real server), because the query would read \
differently.\n\n\
Example:\n\n    Query::select([\"order\"]).from(\"Contacts\").build()\n\n\
Name a field of the module.",
    },
    CodeText {
        code: "B0003",
        name: "empty-select",
        summary: "`select` without a column",
        explanation: "The select list needs at least one column.\n\n\
Example:\n\n    Query::select(Vec::<&str>::new()).from(\"Contacts\").build()\n\n\
Name a column, or use `Query::select_all()` or `Query::count()`.",
    },
    CodeText {
        code: "B0004",
        name: "builder-empty-in-list",
        summary: "`in` without a value",
        explanation: "The language has no empty list (`in ()` is a syntax error on real \
servers).\n\n\
Example:\n\n    col(\"lastname\").in_(Vec::<&str>::new())\n\n\
Skip the query (or the condition) when there is nothing to look for.",
    },
    CodeText {
        code: "B0005",
        name: "builder-too-many-order-columns",
        summary: "more than two `order by` columns",
        explanation: "The documentation allows at most two sort columns, and the builder \
writes only what every server accepts.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").order_by(\"a\").order_by(\"b\").order_by(\"c\").build()\n\n\
Sort by at most two columns, or sort on the client.",
    },
    CodeText {
        code: "B0006",
        name: "builder-direction-not-last",
        summary: "`asc`/`desc` for an order-by column that is not the last",
        explanation: "Real servers take one direction, after the last column, and apply it \
to that column only.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").order_by(\"lastname\").desc().order_by(\"firstname\").build()\n\n\
Give the direction after the last `order_by` only.",
    },
    CodeText {
        code: "B0007",
        name: "direction-without-order-by",
        summary: "`asc()`/`desc()` before any `order_by`",
        explanation: "A direction applies to an order-by column; there is none yet.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").desc().build()\n\n\
Call `order_by(column)` first.",
    },
    CodeText {
        code: "B0008",
        name: "offset-without-limit",
        summary: "an offset without a limit",
        explanation: "The language writes an offset only as `limit m, n`.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").offset(40).build()\n\n\
Give `limit(n)` as well, or page with `Pager`.",
    },
    CodeText {
        code: "B0009",
        name: "invalid-value",
        summary: "a value that does not have the shape of its type",
        explanation: "Typed values are checked when they are made: an impossible date or \
time, a decimal that is not a number, an unquoted literal that is neither an integer nor a \
record id.\n\n\
Example:\n\n    Date::new(2023, 2, 29)\n\n\
Give a value that exists (`Date::new(2023, 2, 28)`).",
    },
    CodeText {
        code: "B0010",
        name: "builder-empty-string",
        summary: "the empty string for a real server",
        explanation: "The real server's lexer has no token for `''` and fails with \
INTERNAL_SERVER_ERROR, so `build()` (the vtiger dialect) refuses it; \
`build_for(Dialect::Documented)` accepts it for servers built on vtql.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").filter(col(\"email\").eq(\"\")).build()\n\n\
Filter empty values on the client, or build for the documented dialect.",
    },
    CodeText {
        code: "B0011",
        name: "builder-zero-first-in-list",
        summary: "an in-list starting with an unquoted `0` for a real server",
        explanation: "Real servers test the first list value with PHP's `empty()`, which is \
true for `0`, and answer QUERY_SYNTAX_ERROR.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").filter(col(\"emailoptout\").in_([0, 1])).build()\n\n\
Put another value first (`in_([1, 0])`), or pass the values as text.",
    },
    CodeText {
        code: "B0012",
        name: "invalid-entity-id",
        summary: "a text that is not a record id `NxM`",
        explanation: "A record id is the module's id prefix, a lower-case `x` and the record \
number, both decimal digits that fit in 64 bits.\n\n\
Example:\n\n    \"12y34\".parse::<RecordId>()\n\n\
Write `12x34`, or build it with `RecordId::new(12, 34)`.",
    },
    CodeText {
        code: "B0013",
        name: "prefix-mismatch",
        summary: "a record id of another module",
        explanation: "The id's prefix is not the module's `idPrefix` (or the module has \
none), so the id names a record of another module.\n\n\
Example:\n\n    RecordId::new(11, 34).check_prefix(&Module::new(\"Contacts\", Some(12)))\n\n\
Use an id of the module, or check it against the module it belongs to.",
    },
    CodeText {
        code: "B0014",
        name: "builder-unknown-module",
        summary: "a module that is not in the schema",
        explanation: "The module named for the check is not in the schema given.\n\n\
Example:\n\n    RecordId::new(12, 1).check_in(&Schema::new(), \"Contacts\")\n\n\
Load the module's describe into the schema, or correct the name (module names are \
case-sensitive).",
    },
    CodeText {
        code: "B0015",
        name: "empty-group",
        summary: "an empty `and`/`or` group",
        explanation: "`Filter::and([])` or `Filter::or([])` has no condition, and the \
language cannot write true or false.\n\n\
Example:\n\n    Filter::or(Vec::<Filter>::new()).compile(ChainRule::Both)\n\n\
Leave the group out, or skip the query when it would match nothing.",
    },
    CodeText {
        code: "B0016",
        name: "too-many-terms",
        summary: "the filter expands to too many and-terms",
        explanation: "A filter tree is compiled to the language's flat chain, which can mean \
expanding it into a disjunction of and-terms; the expansion is capped \
(`CompileOptions::max_terms`, 64 by default).\n\n\
Example:\n\n    Filter::and((0..8).map(|i| col(\"a\").eq(i) | col(\"b\").eq(i))).compile(ChainRule::Both)\n\n\
Simplify the filter (an `in` list instead of many `or`s), or raise \
`CompileOptions::max_terms`.",
    },
    CodeText {
        code: "B0017",
        name: "invalid-page-size",
        summary: "a page size of 0 or above the row cap",
        explanation: "A `Pager` asks for pages of 1 up to the server's row cap (100 by \
default); the server would return at most the cap anyway.\n\n\
Example:\n\n    Pager::new(query)?.page_size(500)\n\n\
Use a size between 1 and the cap, or set the cap with `Pager::cap` when the server's \
differs.",
    },
    CodeText {
        code: "B0018",
        name: "paging-count",
        summary: "paging a `count(*)` query",
        explanation: "A `count(*)` query returns one row; there is nothing to page.\n\n\
Example:\n\n    Pager::new(Query::count().from(\"Contacts\").build()?)\n\n\
Run the count query directly.",
    },
    CodeText {
        code: "B0019",
        name: "backslash",
        summary: "a backslash in a value for a real server",
        explanation: "Real servers paste values into MySQL, where `\\` is an escape \
character: the value would change, or `\\'` would end the string early and let the rest \
escape into SQL. `build()` (the vtiger dialect) refuses it; \
`build_for(Dialect::Documented)` accepts it for servers that bind values as parameters.\n\n\
Example:\n\n    Query::select_all().from(\"Documents\").filter(col(\"filename\").eq(\"C:\\\\tmp\")).build()\n\n\
Build for the documented dialect when the server binds values, or avoid the backslash.",
    },
    CodeText {
        code: "B0020",
        name: "unsafe-id-value",
        summary: "an `id` value that is not a record id, for a real server",
        explanation: "Real servers split `id` values on `x` and paste the second part into \
SQL unquoted, so anything but `NxM` is an injection there.\n\n\
Example:\n\n    Query::select_all().from(\"Contacts\").filter(col(\"id\").eq(\"1x1 or 1=1\")).build()\n\n\
Pass a record id (`RecordId`, or text `NxM`).",
    },
    CodeText {
        code: "B0021",
        name: "union-needs-ids",
        summary: "several queries whose results cannot be merged by record id",
        explanation: "A filter that no single chain can express compiles to several queries \
(`Compiled::Union`), whose results are merged by record id: the select list must be `*` or \
include `id`, and cannot be `count(*)`.\n\n\
Example:\n\n    (col(\"a\").eq(1) & (col(\"b\").eq(2) | col(\"c\").eq(3))).compile(ChainRule::Both)?.into_queries(&Query::select([\"lastname\"]).from(\"Contacts\"))\n\n\
Select `id` as well (`Query::select([\"id\", \"lastname\"])`), or `*`.",
    },
];

#[cfg(test)]
mod tests {
    use super::CODES;
    use crate::build::{col, ChainRule, Filter, Pager, RecordId};
    use crate::build::{BuildError, Date};
    use crate::schema::Module;
    use crate::{Query, Schema};

    /// Each example, as the Rust call its text shows: `(code, the call's error)`.
    fn examples() -> Vec<(&'static str, BuildError)> {
        let all = || Query::select_all().from("Contacts");
        let e = |r: Result<Query<'static>, BuildError>| r.unwrap_err();
        let pager = Pager::new(all().build().unwrap()).unwrap();
        let union = (col("a").eq(1) & (col("b").eq(2) | col("c").eq(3)))
            .compile(ChainRule::Both)
            .unwrap()
            .into_queries(&Query::select(["lastname"]).from("Contacts"));
        vec![
            (
                "B0001",
                e(Query::select(["last name"]).from("Contacts").build()),
            ),
            (
                "B0002",
                e(Query::select(["order"]).from("Contacts").build()),
            ),
            (
                "B0003",
                e(Query::select(Vec::<&str>::new()).from("Contacts").build()),
            ),
            (
                "B0004",
                e(all()
                    .filter(col("lastname").in_(Vec::<&str>::new()))
                    .build()),
            ),
            (
                "B0005",
                e(all().order_by("a").order_by("b").order_by("c").build()),
            ),
            (
                "B0006",
                e(all()
                    .order_by("lastname")
                    .desc()
                    .order_by("firstname")
                    .build()),
            ),
            ("B0007", e(all().desc().build())),
            ("B0008", e(all().offset(40).build())),
            ("B0009", Date::new(2023, 2, 29).unwrap_err().into()),
            ("B0010", e(all().filter(col("email").eq("")).build())),
            (
                "B0011",
                e(all().filter(col("emailoptout").in_([0, 1])).build()),
            ),
            ("B0012", "12y34".parse::<RecordId>().unwrap_err().into()),
            (
                "B0013",
                RecordId::new(11, 34)
                    .check_prefix(&Module::new("Contacts", Some(12)))
                    .unwrap_err()
                    .into(),
            ),
            (
                "B0014",
                RecordId::new(12, 1)
                    .check_in(&Schema::new(), "Contacts")
                    .unwrap_err()
                    .into(),
            ),
            (
                "B0015",
                Filter::or(Vec::<Filter>::new())
                    .compile(ChainRule::Both)
                    .unwrap_err(),
            ),
            (
                "B0016",
                Filter::and((0..8).map(|i| col("a").eq(i) | col("b").eq(i)))
                    .compile(ChainRule::Both)
                    .unwrap_err(),
            ),
            ("B0017", pager.page_size(500).unwrap_err()),
            (
                "B0018",
                Pager::new(Query::count().from("Contacts").build().unwrap()).unwrap_err(),
            ),
            (
                "B0019",
                e(Query::select_all()
                    .from("Documents")
                    .filter(col("filename").eq("C:\\tmp"))
                    .build()),
            ),
            ("B0020", e(all().filter(col("id").eq("1x1 or 1=1")).build())),
            ("B0021", union.unwrap_err()),
        ]
    }

    /// Every variant has an entry (the code of each example's error is the entry's
    /// code, and the entries are the 21 codes in order), and every example is the call
    /// written in its explanation and fails with that code.
    #[test]
    fn examples_produce_their_code() {
        let examples = examples();
        assert_eq!(examples.len(), CODES.len());
        for ((code, err), entry) in examples.iter().zip(&CODES) {
            assert_eq!(*code, entry.code);
            assert_eq!(err.code(), entry.code, "{err}");
            let example = entry
                .explanation
                .split("Example:\n\n    ")
                .nth(1)
                .and_then(|t| t.lines().next())
                .unwrap_or_default();
            assert!(!example.is_empty(), "{code}: no example");
        }
    }
}
