//! Named regression tests for the defects found by the limits tests and the fuzz
//! campaigns (parse, roundtrip, builder, validate_sql, eval_vs_sqlite; ≥ 10
//! minutes each), each with its fix.

use vtql::{Dialect, ErrorKind, Limits, ParseOptions, Query};

fn opts(dialect: Dialect, limits: Limits) -> ParseOptions {
    ParseOptions::new().dialect(dialect).limits(limits)
}

/// `max_conditions = 0` let the first condition through: only the conditions after a
/// connective were counted.
#[test]
fn regression_max_conditions_zero_admitted_the_first_condition() {
    let src = "select * from Leads where a = 1;";
    let err = Query::parse_with(
        src,
        &opts(
            Dialect::Documented,
            Limits::UNLIMITED.with_max_conditions(0),
        ),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooManyConditions);
    assert_eq!(&src[err.span.range()], "a");
    // No where clause at all is still fine.
    Query::parse_with(
        "select * from Leads;",
        &opts(
            Dialect::Documented,
            Limits::UNLIMITED.with_max_conditions(0),
        ),
    )
    .unwrap();
}

/// The vtiger dialect's bare in-list checked its length only from the second value on,
/// so `max_list_values = 0` pointed at the second value instead of the first.
#[test]
fn regression_bare_in_list_limit_pointed_past_the_first_value() {
    let src = "select * from Leads where x in 'a', 'b';";
    let err = Query::parse_with(
        src,
        &opts(Dialect::Vtiger, Limits::UNLIMITED.with_max_list_values(0)),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ListTooLong);
    assert_eq!(&src[err.span.range()], "'a'");
}

/// `QueryTooLong` put its span start at the byte limit even inside a multi-byte
/// character (so `found` was lost), and copied the whole excess of the input into
/// `found` (megabytes for a huge query).
#[test]
fn regression_query_too_long_span_and_found() {
    let src = "select * from Leads where a = 'ééé';";
    let cut = src.find('é').unwrap() + 1; // inside the first `é`
    let err = Query::parse_with(
        src,
        &opts(
            Dialect::Documented,
            Limits::UNLIMITED.with_max_query_bytes(cut),
        ),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::QueryTooLong);
    assert_eq!(err.span.lo(), cut - 1);
    assert_eq!(err.found.as_deref(), Some("ééé';"));

    let huge = format!("select * from Leads where a = '{}';", "x".repeat(4 << 20));
    let err = Query::parse(&huge).unwrap_err();
    assert_eq!(err.kind, ErrorKind::QueryTooLong);
    assert_eq!(err.span.range(), (1 << 20)..huge.len());
    assert!(err.found.unwrap().chars().count() <= 41);
}

/// Found by the `validate_sql` fuzz target: the validator accepted an hour-only
/// date-time (`'2024-01-19 02'`, read as `02:00`) that the SQL backend cannot read, so
/// `to_sql` failed on a `Validated` query. The validator now wants `hh:mm[:ss]`.
#[test]
fn regression_fuzz_validate_sql_hour_only_datetime() {
    use vtql::sql::{SqlOptions, Target};
    use vtql::{demo, ValidateOptions};
    let schema = demo::schema();
    let mapping = demo::mapping();
    let src = "select id from Contacts where createdtime >= '2024-01-19 02';";
    let q = Query::parse(src).unwrap();
    let diags = q
        .validate(&schema, &ValidateOptions::default())
        .unwrap_err();
    assert!(diags.errors().any(|d| d.code == "E0210"), "{diags:?}");
    // Every accepted date-time shape translates, for every engine.
    for v in ["2024-01-19", "2024-01-19 02:30", "2024-01-19 02:30:59"] {
        let src = format!("select id from Contacts where createdtime >= '{v}';");
        let q = Query::parse(&src).unwrap();
        let val = q.validate(&schema, &ValidateOptions::default()).unwrap();
        for target in Target::ALL {
            val.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
        }
    }
}

/// Found by the `validate_sql` fuzz target: a record id whose number fits `u64` but not
/// the database's BIGINT (`11x15532559262904483838`) validated, then `to_sql` failed. The
/// validator now rejects it as a malformed id (INVALID_ID_ATTRIBUTE).
#[test]
fn regression_fuzz_validate_sql_record_number_over_i64() {
    use vtql::sql::{SqlOptions, Target};
    use vtql::{demo, ValidateOptions};
    let schema = demo::schema();
    let mapping = demo::mapping();
    for v in [
        "11x15532559262904483838",
        "'11x9223372036854775808'",
        "12x18446744073709551615",
    ] {
        for col in ["account_id", "id"] {
            let src = format!("select * from Contacts where {col} = {v};");
            let q = Query::parse(&src).unwrap();
            let diags = q
                .validate(&schema, &ValidateOptions::default())
                .unwrap_err();
            let d = diags.errors().next().unwrap();
            assert_eq!(
                (d.code, d.webservice_code),
                ("E0206", "INVALID_ID_ATTRIBUTE"),
                "{src}"
            );
        }
    }
    // The largest record number still validates and translates.
    let src = "select * from Contacts where account_id = '11x9223372036854775807';";
    let q = Query::parse(src).unwrap();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    for target in Target::ALL {
        v.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
    }
}

/// Found by the `validate_sql` fuzz target: the validator accepted the year 0
/// (`'0000-01-01'`), which the SQL backend cannot bind, so `to_sql` failed on a
/// `Validated` query. Year 0 is now a bad date (E0210) for dates and date-times.
#[test]
fn regression_fuzz_validate_sql_year_zero() {
    use vtql::sql::{SqlOptions, Target};
    use vtql::{demo, ValidateOptions};
    let schema = demo::schema();
    let mapping = demo::mapping();
    for src in [
        "select * from Contacts where birthday < '0000-01-01';",
        "select * from Contacts where createdtime > '0000-12-31 10:00';",
    ] {
        let q = Query::parse(src).unwrap();
        let diags = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_err();
        assert!(
            diags.errors().any(|d| d.code == "E0210"),
            "{src}: {diags:?}"
        );
    }
    let q = Query::parse("select * from Contacts where birthday < '0001-01-01';").unwrap();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    for target in Target::ALL {
        v.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
    }
}

mod sql_support;

/// The evaluator left a text without an upper-case letter as it was, so a title-case
/// letter (`ǅ`, which is not upper-case) stayed, while the engines' `lower()` (and the
/// Unicode `lower` registered on SQLite) lower-case it: `lastname = 'ǆemal'` matched a
/// record `ǅemal` in SQL, not in the evaluator. Found reading the evaluator's case rule.
#[test]
fn regression_title_case_letters_fold_as_the_engines_lower_does() {
    use std::collections::HashMap;
    use vtql::eval::{FieldValue, Outcome};
    use vtql::schema::{Field, FieldType, Module, Schema};
    use vtql::ValidateOptions;

    let names = ["ǅemal", "ǆemal", "Ǆemal", "demal"];
    let mut contacts = Module::new("Contacts", Some(12));
    contacts
        .fields
        .push(Field::new("lastname", FieldType::String));
    contacts
        .fields
        .push(Field::new("id", FieldType::Autogenerated));
    let mut schema = Schema::new();
    schema.insert(contacts);
    let records: Vec<HashMap<String, FieldValue>> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            HashMap::from([
                ("id".to_owned(), format!("12x{}", i + 1).into()),
                ("lastname".to_owned(), (*name).into()),
            ])
        })
        .collect();
    let db = sql_support::Sqlite::open().unwrap();
    for value in ["ǆemal", "ǅemal", "ǄEMAL"] {
        let src = format!("select lastname from Contacts where lastname = '{value}';");
        let q = Query::parse(&src).unwrap();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        let Outcome::Rows(rows) = v
            .evaluate(&records, &vtql::eval::EvalOptions::default())
            .unwrap()
        else {
            panic!("rows expected")
        };
        let evaluated: Vec<String> = rows
            .iter()
            .map(|r| match &r["lastname"] {
                FieldValue::Text(t) => t.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        // SQLite with the Unicode lower(), on the same names.
        let mut stmt = db
            .0
            .prepare("select t from (select ?1 as t union all select ?2 union all select ?3 union all select ?4) where lower(t) = lower(?5)")
            .unwrap();
        let from_sql: Vec<String> = stmt
            .query_map(
                rusqlite::params![names[0], names[1], names[2], names[3], value],
                |r| r.get(0),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(evaluated, from_sql, "{value}");
        assert_eq!(evaluated, ["ǅemal", "ǆemal", "Ǆemal"], "{value}");
    }
}

/// Found by the `validate_sql` fuzz target in CI's smoke run: an integer field compared
/// with a whole number beyond 64 bits (`employees > 10099999999999999999999`) validated,
/// then `to_sql` failed (it binds a BIGINT). Decimal fields had the same hole with a
/// number beyond `f64` (309 digits and more). Both are now out of range (E0208).
#[test]
fn regression_fuzz_validate_sql_number_out_of_range() {
    use vtql::sql::{SqlOptions, Target};
    use vtql::{demo, ValidateOptions};
    let schema = demo::schema();
    let mapping = demo::mapping();
    let huge = format!("'{}'", "9".repeat(400));
    for (module, cond) in [
        ("Accounts", "employees > 10099999999999999999999".to_owned()),
        ("Accounts", "employees = '9223372036854775808'".to_owned()),
        ("Accounts", "employees < -9223372036854775809".to_owned()),
        ("Accounts", format!("annual_revenue > {huge}")),
    ] {
        let src = format!("select id from {module} where annual_revenue >= 0\r\nor {cond};");
        let q = Query::parse(&src).unwrap();
        let diags = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_err();
        let d = diags.errors().next().unwrap();
        assert_eq!(d.code, "E0208", "{src}");
        assert!(d.message.ends_with("is out of range"), "{}", d.message);
    }
    // The extremes of each range still validate and translate.
    let largest = format!("annual_revenue > '1{}.5'", "0".repeat(308));
    for cond in [
        "employees = 9223372036854775807",
        "employees = -9223372036854775808",
        "employees = '+9223372036854775807'",
        &largest,
    ] {
        let src = format!("select id from Accounts where {cond};");
        let q = Query::parse(&src).unwrap();
        let v = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_or_else(|e| panic!("{src}: {e:?}"));
        for target in Target::ALL {
            v.to_sql(&mapping, &SqlOptions::new(target)).unwrap();
        }
    }
}

/// Found by the `eval_vs_sqlite` fuzz target: a NUL character in a `like` pattern
/// (`skype like '\0'`) matched the empty values on SQLite, whose `like` stops reading the
/// pattern at NUL, and nothing in the evaluator; PostgreSQL cannot hold NUL in text at
/// all. No field holds NUL, so a value with NUL is now refused (E0213) in every position.
#[test]
fn regression_fuzz_eval_vs_sqlite_nul_in_a_value() {
    use vtql::{demo, ValidateOptions};
    let schema = demo::schema();
    for cond in [
        "skype like '\0'",
        "description like 'a\0%'",
        "lastname = 'Smith\0'",
        "lastname in ('a', '\0')",
        "account_id = '11x1\0'",
        "birthday = '\u{0}1980-01-01'",
    ] {
        let src = format!("select count(*) from Contacts where {cond};");
        let q = Query::parse(&src).unwrap();
        let diags = q
            .validate(&schema, &ValidateOptions::default())
            .unwrap_err();
        let codes: Vec<&str> = diags.errors().map(|d| d.code).collect();
        assert_eq!(codes, ["E0213"], "{src:?}");
    }
}

/// The validator required two-digit hours (and months and days) while the SQL backend
/// and the evaluator, each with its own calendar, accepted one: a value could mean
/// something in one layer and be refused in another. Now one calendar
/// (`vtql::value`) reads every value, the validator keeps what it read, and the
/// translator and the evaluator use that: one-digit hours are refused by the validator
/// and the builder alike, and the two-digit form means the same time in the SQL and in
/// the evaluator.
#[test]
fn regression_one_digit_hours_are_refused_everywhere() {
    use std::collections::HashMap;
    use vtql::build::{DateTime, Time};
    use vtql::eval::{FieldValue, Outcome};
    use vtql::schema::{Field, FieldType, Module, Schema};
    use vtql::sql::{Mapping, SqlOptions, SqlValue, Target};
    use vtql::ValidateOptions;

    let mut events = Module::new("Events", Some(18));
    events.fields.push(Field::new("starts", FieldType::Time));
    events.fields.push(Field::new("at", FieldType::DateTime));
    let mut schema = Schema::new();
    schema.insert(events);
    let mapping = Mapping::from_schema(&schema);
    let codes = |src: &str| -> Vec<&'static str> {
        let q = Query::parse(src).unwrap();
        match q.validate(&schema, &ValidateOptions::default()) {
            Ok(v) => v.warnings().iter().map(|d| d.code).collect(),
            Err(d) => d.iter().map(|d| d.code).collect(),
        }
    };
    // One digit: refused by the validator and by the builder's readers.
    for (field, value) in [
        ("starts", "9:30"),
        ("starts", "9:30:00"),
        ("at", "2024-01-05 9:30"),
        ("at", "2024-1-05 09:30"),
    ] {
        let src = format!("select * from Events where {field} < '{value}';");
        assert_eq!(codes(&src), ["E0210"], "{src}");
    }
    assert!("9:30".parse::<Time>().is_err());
    assert!("9:30:00".parse::<Time>().is_err());
    assert!("2024-01-05 9:30".parse::<DateTime>().is_err());
    // Two digits: accepted by all four, with one meaning.
    assert_eq!("09:30".parse::<Time>().unwrap().to_string(), "09:30:00");
    let src = "select * from Events where starts = '09:30' and at = '2024-01-05 09:30';";
    let q = Query::parse(src).unwrap();
    let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    let sql = v
        .to_sql(&mapping, &SqlOptions::new(Target::Sqlite))
        .unwrap();
    assert_eq!(
        sql.params[..2],
        [
            SqlValue::Time("09:30:00".into()),
            SqlValue::DateTime("2024-01-05 09:30:00".into())
        ]
    );
    let record = |id: u32, starts: &str, at: &str| -> HashMap<String, FieldValue> {
        HashMap::from([
            ("id".to_owned(), format!("18x{id}").into()),
            ("starts".to_owned(), starts.into()),
            ("at".to_owned(), at.into()),
        ])
    };
    let records = [
        record(1, "09:30:00", "2024-01-05 09:30:00"),
        // Stored with a one-digit hour: not the stored form, so it matches nothing, as
        // its text does not equal the bound `09:30:00` in SQL.
        record(2, "9:30:00", "2024-01-05 9:30:00"),
    ];
    let Outcome::Rows(rows) = v
        .evaluate(&records, &vtql::eval::EvalOptions::default())
        .unwrap()
    else {
        panic!("rows expected")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], FieldValue::from("18x1"));
}

/// The translator and the evaluator each wrote their own check that a mapping's storage
/// can hold a field's values, with their own error. Now both ask
/// `Validated::stored`, and refuse such a mapping with the same error (S0007), whatever
/// the value.
#[test]
fn regression_a_storage_that_cannot_hold_the_type_is_refused_alike() {
    use vtql::eval::{EvalError, EvalOptions};
    use vtql::schema::{Field, FieldType, Module, Schema};
    use vtql::sql::{FieldMapping, Mapping, ModuleMapping, SqlError, SqlOptions, Storage};
    use vtql::ValidateOptions;

    let mut events = Module::new("Events", Some(18));
    events
        .fields
        .push(Field::new("day", FieldType::Date { format: None }));
    let mut schema = Schema::new();
    schema.insert(events);
    let mut mm = ModuleMapping::new("events", "id");
    mm.fields.insert(
        "day".into(),
        FieldMapping::column("day").stored_as(Storage::Integer),
    );
    let mut mapping = Mapping::new();
    mapping.insert("Events", mm);
    let eval = EvalOptions::new().stored_as("day", Storage::Integer);

    for src in [
        "select * from Events where day = '2024-01-31';",
        "select * from Events where day in ('2024-01-31', '2024-02-01');",
    ] {
        let q = Query::parse(src).unwrap();
        let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
        let sql = v.to_sql(&mapping, &SqlOptions::default()).unwrap_err();
        let records: [vtql::demo::DemoRecord; 0] = [];
        let ev = v.evaluate(&records, &eval).unwrap_err();
        assert_eq!((sql.code(), ev.code()), ("S0007", "S0007"), "{src}");
        let (SqlError::StorageMismatch(a), EvalError::StorageMismatch(b)) = (sql, ev) else {
            panic!("{src}: not a storage mismatch");
        };
        assert_eq!(a, b, "{src}");
        assert_eq!(
            (a.field.as_str(), a.storage, a.natural),
            ("day", Storage::Integer, Storage::Date)
        );
        assert_eq!(&src[a.span.range()], &src[27..src.len() - 1], "{src}");
    }
}
