//! The demo CRM (feature `demo`): a schema, a vtiger-shaped mapping and a deterministic
//! generated dataset, with DDL and inserts for every [`Target`](crate::sql::Target), so that tests, examples
//! and the CLI can run real SQL on any engine.
//!
//! - [`schema()`]: the describe fixtures of `data/describe/` (Contacts, Accounts, Leads,
//!   HelpDesk, Potentials, Products, Calendar, Users, Groups), compiled in;
//! - [`mapping()`]: Contacts, Accounts, Leads and HelpDesk laid out like a vtiger
//!   database: a base table, joined detail/address/custom-field tables, and the shared
//!   `vtiger_crmentity` (owner, times, `deleted`); fixed filters `deleted = 0` and, for
//!   Leads, `converted = 0`;
//! - [`dataset()`]: 2,240 records (fixed seed, own PRNG) with references between them,
//!   apostrophes, backslashes, `%` and `_`, unicode and mixed case, empty strings, NULLs,
//!   deleted records, converted leads, dates over decades, booleans and picklists;
//! - [`setup_sql`]: `DROP`/`CREATE TABLE` and batched `INSERT` statements for a target.
//!
//! ```
//! use vtql::demo;
//! use vtql::sql::Target;
//! let data = demo::dataset();
//! assert!(data.records.len() >= 2_000);
//! assert!(data.live("Leads").count() < data.all("Leads").count());
//! let statements = demo::setup_sql(Target::Sqlite, &data);
//! assert!(statements[0].sql.starts_with("DROP TABLE IF EXISTS"));
//! ```

mod data;
mod ddl;

pub use data::{dataset, Dataset, DemoRecord, SEED};
pub use ddl::{create_tables, drop_tables, inserts, setup_sql};

use crate::schema::Schema;
use crate::sql::{FieldMapping, FixedFilter, JoinTable, Mapping, ModuleMapping, Storage};

/// The describe fixtures compiled into the demo.
const DESCRIBE: [(&str, &str); 9] = [
    (
        "Accounts.json",
        include_str!("../../data/describe/Accounts.json"),
    ),
    (
        "Contacts.json",
        include_str!("../../data/describe/Contacts.json"),
    ),
    ("Leads.json", include_str!("../../data/describe/Leads.json")),
    (
        "HelpDesk.json",
        include_str!("../../data/describe/HelpDesk.json"),
    ),
    (
        "Potentials.json",
        include_str!("../../data/describe/Potentials.json"),
    ),
    (
        "Products.json",
        include_str!("../../data/describe/Products.json"),
    ),
    (
        "Calendar.json",
        include_str!("../../data/describe/Calendar.json"),
    ),
    ("Users.json", include_str!("../../data/describe/Users.json")),
    (
        "Groups.json",
        include_str!("../../data/describe/Groups.json"),
    ),
];

/// The modules that have tables and data in the demo.
pub const MODULES: [&str; 4] = ["Accounts", "Contacts", "Leads", "HelpDesk"];

/// The demo schema, from the bundled describe files.
pub fn schema() -> Schema {
    let mut schema = Schema::new();
    for (origin, text) in DESCRIBE {
        // The bundled files are fixed and covered by tests.
        if let Err(e) = schema.add_json_str(text, origin) {
            unreachable!("bundled describe file {origin} does not load: {e}");
        }
    }
    schema
}

const CRMENTITY: &str = "vtiger_crmentity";

/// How one demo module is laid out.
struct Layout {
    module: &'static str,
    table: &'static str,
    id: &'static str,
    /// Custom fields (`cf_*`) live here.
    cf: (&'static str, &'static str),
    /// Further joined tables: (table, id column, fields in it).
    joins: &'static [(&'static str, &'static str, &'static [&'static str])],
    /// Fields whose column name differs from the field name.
    renamed: &'static [(&'static str, &'static str)],
}

const CRMENTITY_FIELDS: [(&str, &str); 8] = [
    ("assigned_user_id", "smownerid"),
    ("createdtime", "createdtime"),
    ("modifiedtime", "modifiedtime"),
    ("modifiedby", "modifiedby"),
    ("description", "description"),
    ("source", "source"),
    ("starred", "starred"),
    ("tags", "tags"),
];

const LAYOUTS: [Layout; 4] = [
    Layout {
        module: "Accounts",
        table: "vtiger_account",
        id: "accountid",
        cf: ("vtiger_accountscf", "accountid"),
        joins: &[
            (
                "vtiger_accountbillads",
                "accountaddressid",
                &["bill_street", "bill_city", "bill_code", "bill_country"],
            ),
            (
                "vtiger_accountshipads",
                "accountaddressid",
                &["ship_street", "ship_city", "ship_code", "ship_country"],
            ),
        ],
        renamed: &[
            ("account_id", "parentid"),
            ("annual_revenue", "annualrevenue"),
        ],
    },
    Layout {
        module: "Contacts",
        table: "vtiger_contactdetails",
        id: "contactid",
        cf: ("vtiger_contactscf", "contactid"),
        joins: &[
            (
                "vtiger_contactaddress",
                "contactaddressid",
                &[
                    "mailingstreet",
                    "mailingpobox",
                    "mailingcity",
                    "mailingstate",
                    "mailingzip",
                    "mailingcountry",
                    "otherstreet",
                    "otherpobox",
                    "othercity",
                    "otherstate",
                    "otherzip",
                    "othercountry",
                ],
            ),
            (
                "vtiger_contactsubdetails",
                "contactsubscriptionid",
                &[
                    "homephone",
                    "otherphone",
                    "assistant",
                    "assistantphone",
                    "birthday",
                    "leadsource",
                ],
            ),
            (
                "vtiger_customerdetails",
                "customerid",
                &["portal", "support_start_date", "support_end_date"],
            ),
        ],
        renamed: &[("account_id", "accountid"), ("contact_id", "reportsto")],
    },
    Layout {
        module: "Leads",
        table: "vtiger_leaddetails",
        id: "leadid",
        cf: ("vtiger_leadscf", "leadid"),
        joins: &[
            (
                "vtiger_leadaddress",
                "leadaddressid",
                &["lane", "code", "city", "country", "state"],
            ),
            ("vtiger_leadsubdetails", "leadsubscriptionid", &["website"]),
        ],
        renamed: &[],
    },
    Layout {
        module: "HelpDesk",
        table: "vtiger_troubletickets",
        id: "ticketid",
        cf: ("vtiger_ticketcf", "ticketid"),
        joins: &[],
        renamed: &[
            ("ticket_title", "title"),
            ("ticketpriorities", "priority"),
            ("ticketstatus", "status"),
            ("ticketseverities", "severity"),
            ("ticketcategories", "category"),
        ],
    },
];

/// The demo mapping: vtiger's table layout for Accounts, Contacts, Leads and HelpDesk.
pub fn mapping() -> Mapping {
    let schema = schema();
    let mut mapping = Mapping::new();
    for layout in &LAYOUTS {
        let Some(module) = schema.module(layout.module) else {
            continue;
        };
        let mut mm = ModuleMapping::new(layout.table, layout.id);
        for (table, id, _) in layout.joins {
            mm.joins.push(JoinTable {
                table: (*table).to_owned(),
                id_column: (*id).to_owned(),
            });
        }
        mm.joins.push(JoinTable {
            table: layout.cf.0.to_owned(),
            id_column: layout.cf.1.to_owned(),
        });
        mm.joins.push(JoinTable {
            table: CRMENTITY.to_owned(),
            id_column: "crmid".to_owned(),
        });
        for field in &module.fields {
            let name = field.name.as_str();
            if name == "id" {
                continue;
            }
            let storage = Storage::for_type(&field.ty);
            let fm = if let Some((_, col)) = CRMENTITY_FIELDS.iter().find(|(f, _)| *f == name) {
                FieldMapping::in_table(CRMENTITY, *col)
            } else if name.starts_with("cf_") {
                FieldMapping::in_table(layout.cf.0, name)
            } else if let Some((table, _, _)) = layout
                .joins
                .iter()
                .find(|(_, _, fields)| fields.contains(&name))
            {
                FieldMapping::in_table(*table, name)
            } else {
                let col = layout
                    .renamed
                    .iter()
                    .find(|(f, _)| *f == name)
                    .map_or(name, |(_, c)| c);
                FieldMapping::column(col)
            };
            mm.fields.insert(name.to_owned(), fm.stored_as(storage));
        }
        mm.filters
            .push(FixedFilter::eq(Some(CRMENTITY), "deleted", 0));
        if layout.module == "Leads" {
            mm.filters.push(FixedFilter::eq(None, "converted", 0));
        }
        mapping.insert(layout.module, mm);
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_and_mapping_load() {
        let schema = schema();
        for m in MODULES {
            let module = schema.module(m).unwrap();
            let mm = mapping();
            let mm = mm.module(m).unwrap();
            for f in &module.fields {
                assert!(
                    f.name == "id" || mm.field(&f.name).is_some(),
                    "{m}.{}",
                    f.name
                );
            }
        }
        let m = mapping();
        let c = m.module("Contacts").unwrap();
        assert_eq!(
            c.field("mailingcity").unwrap().table.as_deref(),
            Some("vtiger_contactaddress")
        );
        assert_eq!(c.field("account_id").unwrap().column, "accountid");
        assert_eq!(c.field("assigned_user_id").unwrap().column, "smownerid");
        assert_eq!(m.module("Leads").unwrap().filters.len(), 2);
    }
}
