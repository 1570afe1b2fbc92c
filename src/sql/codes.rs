//! Names, summaries and explanations of the translation error codes (`S00xx`,
//! [`SqlError::code`](super::SqlError::code)), for the catalogue in
//! [`crate::validate::codes`].

use crate::validate::codes::CodeText;

/// One entry per [`SqlError`](super::SqlError) variant, in code order.
pub(crate) static CODES: [CodeText; 6] = [
    CodeText {
        code: "S0001",
        name: "unmapped-module",
        summary: "the module has no table in the mapping",
        explanation: "The query is valid for the schema, but the module-to-table mapping \
has no entry for its module, so there is no table to read. The demo mapping covers \
Contacts, Accounts, Leads and HelpDesk; a mapping derived from a schema \
(`Mapping::from_schema`) covers every module of that schema.\n\n\
Example (with the demo schema and mapping, which describe Potentials but map no table \
for it):\n\n    select * from Potentials;\n\n\
Add the module to the mapping (`vtql sql --mapping PATH`, `vtql run --mapping PATH`; \
`Mapping::insert` in the library), or query a mapped module.",
    },
    CodeText {
        code: "S0002",
        name: "unmapped-field",
        summary: "a field of the query has no column in the mapping",
        explanation: "The field exists in the schema, but the module's entry in the mapping \
has no column for it (`fields` in the mapping's JSON). With `select *` every field of the \
describe must be mapped.\n\n\
Example (with a mapping whose Contacts entry lacks `mailingcity`):\n\n    \
select mailingcity from Contacts;\n\n\
Add the field to the module's `fields` in the mapping (`--mapping PATH`), or leave it out \
of the query.",
    },
    CodeText {
        code: "S0003",
        name: "unknown-table",
        summary: "the mapping names a table that is not the module's",
        explanation: "A field or fixed filter of the mapping lives in a table (`table`) that \
is neither the module's base table nor one of its `joins`, so the statement could not \
join it. This is a mistake in the mapping, not in the query.\n\n\
Example (with a mapping whose Contacts field `mailingcity` says \
`\"table\": \"vtiger_address\"` while its `joins` do not list that table):\n\n    \
select mailingcity from Contacts;\n\n\
List the table in the module's `joins` (with its record-id column), or fix the field's \
`table` in the mapping (`--mapping PATH`).",
    },
    CodeText {
        code: "S0005",
        name: "unsupported-on-storage",
        summary: "the operator cannot be expressed on the column's storage",
        explanation: "Some comparisons have no SQL form on how the field is stored: `like` \
on a number with a fraction, a boolean, a record id or an owner (record ids are stored as \
integers without their `NxM` prefix), or a list after an operator other than `in`. \
Validation refuses these for the field's type in the schema (E0211); a mapping whose \
`storage` differs from the type lets them through to the translation.\n\n\
Example (with a mapping that stores Contacts' `mailingzip` as `\"storage\": \"float\"`):\n\n    \
select * from Contacts where mailingzip like '75%';\n\n\
Compare with `=`, `<`, `>` or `in` instead, or store the field as text in the mapping \
(`--mapping PATH`).",
    },
    CodeText {
        code: "S0006",
        name: "too-many-parameters",
        summary: "more bound parameters than the database accepts",
        explanation: "Every value of the query is a bound parameter, and engines limit their \
number per statement: 65,535 on MySQL and PostgreSQL, 32,766 on SQLite. The parse limits \
(`Limits::max_values`, 10,000 by default) stay below all of them, so this happens only \
when they are raised (`--max-values`, `--max-list-values` or `--no-limits` on the \
command line).\n\n\
Example (on SQLite, with `--max-values 40000 --max-list-values 40000`):\n\n    \
select * from Contacts where id in ('12x1', '12x2', ... 33,000 ids ...);\n\n\
Split the list over several queries.",
    },
    CodeText {
        code: "S0007",
        name: "storage-cannot-hold-type",
        summary: "the mapping stores a compared field in a column that cannot hold its values",
        explanation: "Validation reads every value as the field's type in the schema; the \
mapping may store the field differently (its `storage`), and that storage must hold every \
value of the type: text holds anything, a number with a fraction holds integers and \
flags, an integer holds flags, a date-time holds dates, record ids and owners hold each \
other. Any other storage is a mistake in the mapping, refused whatever the value (by the \
translation and by the evaluator alike).\n\n\
Example (with a mapping that stores Contacts' `mailingzip`, a text field, as \
`\"storage\": \"integer\"`):\n\n    \
select * from Contacts where mailingzip = '75001';\n\n\
Store the field as its type or as text in the mapping (`--mapping PATH`).",
    },
];

#[cfg(all(test, feature = "demo"))]
mod tests {
    use super::CODES;
    use crate::sql::{FieldMapping, Mapping, SqlError, SqlOptions, Storage, Target};
    use crate::validate::ValidateOptions;
    use crate::{Limits, ParseOptions, Query};

    /// One of each variant; the match makes a new variant a compile error here.
    fn one_of_each() -> Vec<SqlError> {
        let all = vec![
            SqlError::UnmappedModule { module: "A".into() },
            SqlError::UnmappedField {
                module: "A".into(),
                field: "f".into(),
                span: crate::Span::new(0, 1),
            },
            SqlError::UnknownTable {
                module: "A".into(),
                table: "t".into(),
            },
            SqlError::Unsupported {
                field: "f".into(),
                op: "like",
                span: crate::Span::new(0, 1),
            },
            SqlError::TooManyParams {
                count: 2,
                max: 1,
                target: Target::Sqlite,
            },
            SqlError::StorageMismatch(crate::value::StorageMismatch {
                field: "f".into(),
                storage: Storage::Integer,
                natural: Storage::Text,
                span: crate::Span::new(0, 1),
            }),
        ];
        for e in &all {
            match e {
                SqlError::UnmappedModule { .. }
                | SqlError::UnmappedField { .. }
                | SqlError::UnknownTable { .. }
                | SqlError::Unsupported { .. }
                | SqlError::TooManyParams { .. }
                | SqlError::StorageMismatch(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_variant_is_in_the_table_in_order() {
        let all = one_of_each();
        assert_eq!(all.len(), CODES.len());
        for (e, c) in all.iter().zip(&CODES) {
            assert_eq!(e.code(), c.code);
            assert!(c.explanation.contains("Example"), "{}", c.code);
        }
    }

    /// The first indented line after `Example:`.
    fn example(code: &str) -> &'static str {
        let text = CODES.iter().find(|c| c.code == code).unwrap().explanation;
        let after = text.split("Example").nth(1).unwrap();
        after.lines().find_map(|l| l.strip_prefix("    ")).unwrap()
    }

    /// Translates `src` with the demo schema and `mapping`; the error code.
    fn code_of(src: &str, mapping: &Mapping, limits: Limits, target: Target) -> &'static str {
        let q = Query::parse_with(src, &ParseOptions::default().limits(limits)).unwrap();
        let schema = crate::demo::schema();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        v.to_sql(mapping, &SqlOptions::new(target))
            .unwrap_err()
            .code()
    }

    fn with_field(field: &str, fm: Option<FieldMapping>) -> Mapping {
        let mut m = crate::demo::mapping();
        let mut contacts = m.module("Contacts").unwrap().clone();
        match fm {
            Some(fm) => contacts.fields.insert(field.into(), fm),
            None => contacts.fields.remove(field),
        };
        m.insert("Contacts", contacts);
        m
    }

    #[test]
    fn examples_produce_their_code() {
        let d = Limits::default();
        let demo = crate::demo::mapping();
        assert_eq!(code_of(example("S0001"), &demo, d, Target::MySql), "S0001");
        let m = with_field("mailingcity", None);
        assert_eq!(code_of(example("S0002"), &m, d, Target::MySql), "S0002");
        let fm = FieldMapping::in_table("vtiger_address", "mailingcity");
        let m = with_field("mailingcity", Some(fm));
        assert_eq!(code_of(example("S0003"), &m, d, Target::MySql), "S0003");
        let fm = FieldMapping::column("zip").stored_as(Storage::Float);
        let m = with_field("mailingzip", Some(fm));
        assert_eq!(code_of(example("S0005"), &m, d, Target::MySql), "S0005");
        // The example's list, written out.
        let ids: Vec<String> = (1..=33_000).map(|i| format!("'12x{i}'")).collect();
        let src = format!("select * from Contacts where id in ({});", ids.join(", "));
        assert!(example("S0006").starts_with("select * from Contacts where id in ('12x1'"));
        let raised = d.with_max_values(40_000).with_max_list_values(40_000);
        assert_eq!(code_of(&src, &demo, raised, Target::Sqlite), "S0006");
        let fm = FieldMapping::column("zip").stored_as(Storage::Integer);
        let m = with_field("mailingzip", Some(fm));
        assert_eq!(code_of(example("S0007"), &m, d, Target::MySql), "S0007");
    }
}
