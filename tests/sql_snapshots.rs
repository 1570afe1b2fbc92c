//! The SQL written for a table of queries over the demo CRM, one insta snapshot per
//! dialect (`tests/snapshots/sql_snapshots__<dialect>.snap`), in diesel's debug form.

use vtql::demo;
use vtql::sql::{SqlOptions, Target};
use vtql::{Dialect, ParseOptions, Precedence, Query, ValidateOptions};

/// (query, option tweak) — the tweak names what differs from the defaults.
const CASES: &[(&str, &str)] = &[
    ("select firstname, lastname from Contacts;", ""),
    ("select subject from Calendar;", "unmapped"),
    ("select count(*) from Leads;", ""),
    ("select count(*) from Leads where leadstatus != 'Junk';", ""),
    ("select count(*), firstname from Contacts where lastname like 'Sm%' order by lastname limit 5, 10;", ""),
    ("select firstname, lastname, email, mailingcity from Contacts where lastname like 'Sm%' and leadsource in ('Web Site', 'Cold Call', 'Partner') or mailingcity = 'Berlin' order by lastname, firstname desc limit 20, 40;", ""),
    ("select firstname, lastname, email, mailingcity from Contacts where lastname like 'Sm%' and leadsource in ('Web Site', 'Cold Call', 'Partner') or mailingcity = 'Berlin' order by lastname, firstname desc limit 20, 40;", "sql-precedence"),
    ("select lastname from Contacts where lastname = 'O''Brien';", ""),
    ("select lastname from Contacts where lastname = 'O''Brien';", "case-sensitive"),
    ("select lastname from Contacts where firstname = 'a' or lastname = 'b' and title = 'c';", ""),
    ("select lastname from Contacts where firstname = 'a' or lastname = 'b' and title = 'c';", "sql-precedence"),
    ("select lastname from Contacts where firstname = 'a' and lastname = 'b' or title = 'c' and department = 'd' or email = 'e';", ""),
    ("select lastname from Contacts where firstname = 'a' and lastname = 'b' or title = 'c' and department = 'd' or email = 'e';", "sql-precedence"),
    ("select lastname from Contacts where firstname = 'a' or lastname = 'b' or title = 'c';", ""),
    ("select lastname from Contacts where firstname = 'a' and lastname = 'b' and title = 'c';", "sql-precedence"),
    ("select firstname from Contacts where id = '12x34';", ""),
    ("select firstname from Contacts where id in ('12x1', '12x2', 12x3);", ""),
    ("select accountname from Accounts where account_id in ('11x5', '11x6') or assigned_user_id = '19x1';", ""),
    ("select accountname from Accounts where assigned_user_id = '20x7';", ""),
    ("select ticket_title from HelpDesk where parent_id = '11x120' and contact_id != '12x500';", ""),
    ("select lastname from Contacts where lastname like '100\\%';", ""),
    ("select lastname from Contacts where lastname like '%\\_%';", ""),
    ("select lastname from Contacts where lastname like 'Back\\\\%';", ""),
    ("select lastname from Contacts where lastname like 'ends with \\';", ""),
    ("select lastname from Contacts where lastname like 'Sm%';", "case-sensitive"),
    ("select lastname from Contacts where birthday > '2000-01-01';", ""),
    ("select lastname from Contacts where birthday <= '1960-12-31';", ""),
    ("select lastname from Contacts where createdtime >= '2020-01-01';", ""),
    ("select lastname from Contacts where createdtime < '2020-01-01 12:30:00';", ""),
    ("select lastname from Contacts where createdtime like '2020-%';", "rejected"),
    ("select lastname from Contacts where emailoptout = 1 and donotcall = '0';", ""),
    ("select accountname from Accounts where annual_revenue >= '1000.50';", ""),
    ("select accountname from Accounts where employees < 50 and employees > -5;", ""),
    ("select accountname from Accounts where employees like '1%';", ""),
    ("select accountname, bill_city, ship_city from Accounts where bill_city = 'Oslo';", ""),
    ("select lastname from Contacts order by lastname desc;", ""),
    ("select lastname from Contacts order by lastname, firstname desc;", ""),
    ("select lastname from Contacts order by birthday;", ""),
    ("select lastname from Contacts order by id desc;", ""),
    ("select lastname from Contacts order by lastname;", "no-tie-breaker"),
    ("select lastname from Contacts;", "no-tie-breaker"),
    ("select lastname from Contacts limit 5;", ""),
    ("select lastname from Contacts limit 500, 1000;", ""),
    ("select lastname from Contacts limit 0;", ""),
    ("select lastname from Contacts limit 250;", "cap-500"),
    ("select id from Contacts;", ""),
    ("select lastname, id, lastname from Contacts;", ""),
    ("select ticket_title, ticketstatus from HelpDesk where ticketstatus in ('Open', 'In Progress') order by ticketpriorities;", ""),
    ("select ticket_title from HelpDesk where cf_901 > '10:00';", ""),
    ("select ticket_title from HelpDesk where hours > '1.5' and days <= 3;", ""),
    ("select lastname, company from Leads where city = 'Oslo' or website like '%.test%';", ""),
    ("select lastname from Leads where lastname = 'x'' OR ''1''=''1';", ""),
    ("select * from HelpDesk where ticket_no = 'TT1';", ""),
];

/// The options of a tweak: the and/or reading and the cap are the validator's, the rest
/// the translator's.
fn options(tweak: &str, target: Target) -> (ValidateOptions, SqlOptions) {
    let (v, o) = (ValidateOptions::default(), SqlOptions::new(target));
    match tweak {
        "sql-precedence" => (v.precedence(Precedence::SqlPrecedence), o),
        "case-sensitive" => (v, o.case_sensitive(true)),
        "no-tie-breaker" => (v, o.tie_breaker(false)),
        "cap-500" => (v.row_cap(500), o),
        _ => (v, o),
    }
}

fn render(target: Target) -> String {
    let schema = demo::schema();
    let mapping = demo::mapping();
    let mut out = String::new();
    for (text, tweak) in CASES {
        let vtiger = ParseOptions::default().dialect(Dialect::Vtiger);
        let q = Query::parse(text)
            .or_else(|_| Query::parse_with(text, &vtiger))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        out.push_str(&format!("-- {text}"));
        if !tweak.is_empty() {
            out.push_str(&format!("   [{tweak}]"));
        }
        out.push('\n');
        let (vopts, sopts) = options(tweak, target);
        let v = match q.validate(&schema, &vopts) {
            Ok(v) => v,
            Err(d) => {
                let codes: Vec<&str> = d.errors().map(|e| e.code).collect();
                out.push_str(&format!("rejected by validate: {}\n\n", codes.join(", ")));
                continue;
            }
        };
        match v.to_sql(&mapping, &sopts) {
            Ok(sql) => out.push_str(&format!("{sql}\n\n")),
            Err(e) => out.push_str(&format!("error[{}]: {e}\n\n", e.code())),
        }
    }
    out
}

#[test]
fn enough_cases() {
    assert!(CASES.len() >= 40);
}

#[test]
fn mysql() {
    insta::assert_snapshot!("mysql", render(Target::MySql));
}

#[test]
fn postgres() {
    insta::assert_snapshot!("postgres", render(Target::Postgres));
}

#[test]
fn sqlite() {
    insta::assert_snapshot!("sqlite", render(Target::Sqlite));
}
