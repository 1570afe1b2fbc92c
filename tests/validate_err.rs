//! Validation diagnostics against the fixture schema in `data/describe/`: each case is
//! parsed, validated, and its diagnostics (codes, web-service codes and messages, full
//! caret rendering) are snapshotted. Every case must produce at least one diagnostic, and
//! its first code must be the one listed.

use std::fmt::Write as _;
use std::sync::LazyLock;

use vtql::{Dialect, ParseOptions, Precedence, Query, Schema, ValidateOptions};

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let mut s = Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe")).unwrap();
    // A module the user may not read.
    let mut invoice = vtql::schema::Module::new("Invoice", Some(15));
    invoice.retrieveable = false;
    invoice.fields.push(vtql::schema::Field::new(
        "subject",
        vtql::schema::FieldType::String,
    ));
    s.insert(invoice);
    s
});

#[derive(Clone, Copy)]
enum Opts {
    /// Defaults.
    Def,
    /// Module names resolved ignoring case (5.x).
    Ci,
    /// SQL precedence reading.
    Sql,
    /// Row cap 200.
    Cap200,
}

use Dialect::{Documented as D, Vtiger as V};
use Opts::*;

/// `(snapshot name, dialect, options, query, expected code of the first error, or of
/// the first warning when there is no error)`.
const CASES: &[(&str, Dialect, Opts, &str, &str)] = &[
    // --- modules ---
    ("module_lowercase", D, Def, "select * from contacts;", "E0201"),
    ("module_uppercase", V, Def, "select * from CONTACTS;", "E0201"),
    ("module_typo", D, Def, "select * from Contcats;", "E0201"),
    ("module_singular", D, Def, "select * from Contact;", "E0201"),
    ("module_unknown", D, Def, "select * from Spaceships;", "E0201"),
    ("module_lowercase_5x", D, Ci, "select lastname from contacts;", "W0307"),
    ("module_lowercase_5x_bad_field", D, Ci, "select lastnme from contacts;", "E0204"),
    ("module_not_entity", D, Def, "select groupname from Groups;", "E0202"),
    ("module_currency_listed", D, Def, "select * from Currency;", "E0202"),
    ("module_not_readable", D, Def, "select subject from Invoice;", "E0203"),
    ("module_not_described", D, Def, "select vendorname from Vendors where vendorname = 'Acme';", "E0205"),
    ("module_unknown_with_field_errors_skipped", D, Def, "select nothing from Nowhere where x = 1;", "E0201"),
    // --- fields ---
    ("field_typo_select", D, Def, "select firstnam, lastname from Contacts;", "E0204"),
    ("field_wrong_case", D, Def, "select FirstName from Contacts;", "E0204"),
    ("field_id_wrong_case", D, Def, "select ID from Contacts;", "E0204"),
    ("field_typo_where", D, Def, "select * from Contacts where lastnme = 'Smith';", "E0204"),
    ("field_typo_order_by", D, Def, "select * from Contacts order by mailingcty;", "E0204"),
    ("field_unknown_no_suggestion", D, Def, "select shoe_size from Contacts;", "E0204"),
    ("field_of_other_module", D, Def, "select accountname from Contacts;", "E0204"),
    ("field_label_instead_of_name", D, Def, "select Last_Name from Contacts;", "E0204"),
    ("field_unknown_after_count", V, Def, "select count(*), lastnam from Contacts;", "E0204"),
    ("field_many_unknown", D, Def, "select a1, lastname, b2 from Leads where c3 = 'x' order by d4;", "E0204"),
    ("field_custom_typo", D, Def, "select cf_852 from Contacts;", "E0204"),
    // --- record ids ---
    ("id_without_prefix", D, Def, "select * from Contacts where id = '34';", "E0206"),
    ("id_unquoted_integer", D, Def, "select * from Contacts where id = 34;", "E0206"),
    ("id_injection", D, Def, "select * from Contacts where id = '1x1 or 1=1';", "E0206"),
    ("id_wrong_prefix", D, Def, "select * from Contacts where id = '11x5';", "E0207"),
    ("id_unknown_prefix", D, Def, "select * from Contacts where id = '99x5';", "E0207"),
    ("id_list_one_wrong", D, Def, "select * from Contacts where id in ('12x1', '12x2', '13x3');", "E0207"),
    ("id_three_parts", D, Def, "select * from Contacts where id = '12x34x5';", "E0206"),
    ("reference_without_x", D, Def, "select * from Contacts where account_id = '5';", "E0206"),
    ("reference_wrong_module", D, Def, "select * from Contacts where account_id = '12x5';", "E0207"),
    ("reference_many_targets", D, Def, "select * from Calendar where parent_id = '12x5';", "E0207"),
    ("reference_unquoted_wrong", D, Def, "select * from Potentials where related_to = 13x7;", "E0207"),
    ("owner_not_an_id", D, Def, "select * from Contacts where assigned_user_id = 1;", "E0206"),
    ("owner_wrong_prefix", D, Def, "select * from Contacts where assigned_user_id = '12x1';", "E0207"),
    ("owner_words", D, Def, "select * from Leads where assigned_user_id = 'admin';", "E0206"),
    // --- numbers, booleans, dates, times ---
    ("integer_with_decimals", D, Def, "select * from Contacts where cf_857 = '4.5';", "E0208"),
    ("integer_word", D, Def, "select * from Accounts where employees > 'many';", "E0208"),
    ("currency_word", D, Def, "select * from Contacts where cf_851 > 'lots';", "E0208"),
    ("currency_comma_decimal", D, Def, "select * from Contacts where cf_851 >= '12,50';", "E0208"),
    ("decimal_record_id", D, Def, "select * from Products where unit_price = 12x5;", "E0208"),
    ("boolean_true", D, Def, "select * from Contacts where emailoptout = 'true';", "E0209"),
    ("boolean_false", D, Def, "select * from Contacts where donotcall = 'false';", "E0209"),
    ("boolean_two", D, Def, "select * from Contacts where emailoptout = 2;", "E0209"),
    ("boolean_ordering", D, Def, "select * from Contacts where emailoptout > 0;", "E0211"),
    ("date_user_format", D, Def, "select * from Contacts where birthday = '31-12-1980';", "E0210"),
    ("date_impossible", D, Def, "select * from Contacts where birthday = '1980-02-30';", "E0210"),
    ("date_unquoted_year", D, Def, "select * from Contacts where birthday > 1980;", "E0210"),
    ("date_month_13", D, Def, "select * from Potentials where closingdate < '2024-13-01';", "E0210"),
    ("datetime_bad_time", D, Def, "select * from Contacts where modifiedtime >= '2024-01-03 25:00:00';", "E0210"),
    ("datetime_slashes", D, Def, "select * from Contacts where createdtime > '2024/01/03';", "E0210"),
    ("datetime_date_equality", D, Def, "select * from Contacts where createdtime = '2024-01-31';", "W0316"),
    ("time_bad", D, Def, "select * from HelpDesk where cf_901 = '9:30';", "E0210"),
    ("time_seconds_overflow", D, Def, "select * from Calendar where time_start > '10:15:60';", "E0210"),
    // --- operators ---
    ("like_on_date", D, Def, "select * from Contacts where birthday like '1980-%';", "E0211"),
    ("like_on_number", D, Def, "select * from Accounts where employees like '1%';", "E0211"),
    ("like_on_id", D, Def, "select * from Contacts where id like '12x%';", "E0211"),
    ("like_on_reference", D, Def, "select * from Contacts where account_id like '11x%';", "E0211"),
    ("ordering_on_owner", D, Def, "select * from Contacts where assigned_user_id < '19x5';", "E0211"),
    ("ordering_on_reference", D, Def, "select * from HelpDesk where product_id >= '14x1';", "E0211"),
    ("mixed_in_list", D, Def, "select * from Contacts where cf_857 in (1, '2', 3);", "E0212"),
    ("mixed_in_list_strings", D, Def, "select * from Contacts where mailingzip in ('0150', 1234);", "E0212"),
    ("nul_character", D, Def, "select * from Contacts where lastname = 'Smith\0';", "E0213"),
    // --- several problems at once ---
    ("all_problems_collected", D, Def, "select firstnam, emial from Contacts where id = '11x1' and birthday = 'yesterday' or leadsource = 'Website' order by lastnme limit 500", "E0204"),
    // --- picklists and e-mails (warnings) ---
    ("picklist_unknown", D, Def, "select * from Contacts where leadsource = 'Website';", "W0313"),
    ("picklist_wrong_case", D, Def, "select * from Contacts where leadsource in ('web site', 'Partner');", "W0313"),
    ("picklist_label_not_value", D, Def, "select * from Calendar where recurringtype = 'Day(s)';", "W0313"),
    ("picklist_far_off", D, Def, "select * from HelpDesk where ticketstatus = 'Resolved';", "W0313"),
    ("multipicklist_part_unknown", D, Def, "select * from Contacts where cf_855 = 'Newsletter |##| Podcasts';", "W0313"),
    ("email_without_at", D, Def, "select * from Contacts where email = 'smith';", "W0314"),
    // --- compatibility lints ---
    ("readings_differ", D, Def, "select * from Leads where leadsource = 'Web Site' or leadsource = 'Partner' and leadstatus = 'Hot';", "W0301"),
    ("readings_differ_sql", D, Sql, "select * from Contacts where lastname = 'a' or firstname = 'b' and email = 'c@x.org' or title = 'd' and department = 'e';", "W0301"),
    ("readings_differ_long_chain", D, Def, "select * from Contacts where lastname = 'a' and firstname = 'b' and title = 'c' or email = 'd@x.org' and department = 'e' or mobile = '1' and phone = '2';", "W0301"),
    ("missing_semicolon", D, Def, "select * from Contacts", "W0302"),
    ("empty_string", D, Def, "select * from Contacts where email = '';", "W0303"),
    ("three_order_columns", V, Def, "select * from Contacts order by lastname, firstname, mailingcity desc;", "W0304"),
    ("zero_first_in_list", D, Def, "select * from Contacts where cf_857 in (0, 1);", "W0305"),
    ("bare_in_list", V, Def, "select * from Leads where leadsource in 'Web Site', 'Partner';", "W0306"),
    ("bare_in_single", V, Def, "select * from Leads where leadsource in 'Web Site';", "W0306"),
    ("leading_wildcard", D, Def, "select * from Contacts where email like '%@example.com';", "W0308"),
    ("like_backslash", D, Def, "select * from Contacts where lastname like 'Back\\slash';", "W0317"),
    ("paging_without_order", D, Def, "select * from Contacts limit 100, 100;", "W0309"),
    ("limit_above_cap", D, Def, "select * from Contacts order by id limit 500;", "W0310"),
    ("limit_above_custom_cap", D, Cap200, "select * from Contacts order by id limit 20, 250;", "W0310"),
    ("limit_zero", D, Def, "select * from Contacts limit 0;", "W0311"),
    ("count_with_order_by", D, Def, "select count(*) from Contacts order by lastname;", "W0312"),
    ("count_extra_columns", V, Def, "select count(*), lastname, firstname from Contacts;", "W0315"),
];

fn options(o: Opts) -> ValidateOptions {
    match o {
        Def => ValidateOptions::default(),
        Ci => ValidateOptions::default().module_case_insensitive(true),
        Sql => ValidateOptions::default().precedence(Precedence::SqlPrecedence),
        Cap200 => ValidateOptions::default().row_cap(200),
    }
}

#[test]
fn validation_diagnostics() {
    assert!(CASES.len() >= 80, "{} cases", CASES.len());
    let mut names = std::collections::HashSet::new();
    for &(name, dialect, opts, src, expected) in CASES {
        assert!(names.insert(name), "duplicate case name {name}");
        let q = Query::parse_with(src, &ParseOptions::default().dialect(dialect))
            .unwrap_or_else(|e| panic!("{name}: does not parse: {}", e.render(src, name)));
        let (diags, ok) = match q.validate(&SCHEMA, &options(opts)) {
            Ok(v) => (v.warnings().to_vec(), true),
            Err(d) => (d.into_vec(), false),
        };
        assert!(!diags.is_empty(), "{name}: no diagnostic");
        let first = diags
            .iter()
            .find(|d| d.is_error())
            .or_else(|| diags.first())
            .unwrap();
        assert_eq!(first.code, expected, "{name}: {diags:#?}");
        assert_eq!(ok, expected.starts_with('W'), "{name}: accepted = {ok}");

        let mut snap = format!("{src}\n---\n");
        for (i, d) in diags.iter().enumerate() {
            if i > 0 {
                snap.push('\n');
            }
            snap.push_str(&d.render(src, "query.vtql", false));
        }
        snap.push_str("---\n");
        for d in &diags {
            let ws = if d.webservice_code.is_empty() {
                "(real servers accept it)".to_owned()
            } else {
                format!("{}: {}", d.webservice_code, d.webservice_message)
            };
            let _ = writeln!(snap, "{} {} {ws}", d.code, d.severity);
        }
        insta::assert_snapshot!(name, snap);
    }
}

#[test]
fn renders_through_diagnostics() {
    let src = "select firstnam from Contacts where id = '11x1'";
    let q = Query::parse(src).unwrap();
    let diags = q
        .validate(&SCHEMA, &ValidateOptions::default())
        .unwrap_err();
    let text = diags.render(src, "q", false);
    assert_eq!(text.matches("error[").count(), 2, "{text}");
    assert_eq!(text.matches("warning[W0302]").count(), 1, "{text}");
    assert!(diags.has_errors());
    assert_eq!(diags.errors().count(), 2);
    assert_eq!(diags.warnings().count(), 1);
    assert_eq!(diags.to_string().lines().count(), 3);
}
