//! Prints the demo CRM's live records as JSON, computed from the generator alone (no SQL,
//! no server): the oracle the third-party client tests (`tests/clients/`) check a running
//! `vtql serve` against.
//!
//! ```text
//! cargo run --example demo_facts > facts.json
//! ```
//!
//! Output: `{"modules":{"Contacts":{"prefix":"12","records":[{"id":"12x100",...}]},...}}`
//! with the records a query can see (not deleted, leads not converted) by increasing id.
//! Values are in the web-service text form (`"1"`/`"0"` for booleans, integers as text),
//! except numbers with a fraction, which stay JSON numbers (each engine prints its decimal
//! columns with its own scale, so tests compare them numerically). NULL fields are absent.
//! A reference to a demo module is the target's id, or `""` when the target is deleted or a
//! converted lead (as the server renders it); references to modules without data (Products)
//! are left out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};
use vtql::demo::{self, DemoRecord};
use vtql::eval::FieldValue;
use vtql::schema::FieldType;

fn main() {
    let schema = demo::schema();
    let data = demo::dataset();
    // Record numbers a reference may render: live records of the demo modules.
    let live: BTreeSet<i64> = data
        .records
        .iter()
        .filter(|r| !r.deleted && !r.converted)
        .map(|r| r.id)
        .collect();
    let prefixes: BTreeMap<String, &str> = demo::MODULES
        .iter()
        .filter_map(|m| Some((schema.module(m)?.id_prefix?.to_string(), *m)))
        .collect();

    let mut modules = Map::new();
    for name in demo::MODULES {
        let Some(module) = schema.module(name) else {
            continue;
        };
        let Some(prefix) = module.id_prefix else {
            continue;
        };
        let records: Vec<Value> = data
            .live(name)
            .map(|r| record(r, module, prefix, &prefixes, &live))
            .collect();
        modules.insert(
            name.to_owned(),
            json!({"prefix": prefix.to_string(), "records": records}),
        );
    }
    println!("{}", json!({ "modules": modules }));
}

/// One record in the web-service form (see the module documentation).
fn record(
    r: &DemoRecord,
    module: &vtql::schema::Module,
    prefix: u32,
    prefixes: &BTreeMap<String, &str>,
    live: &BTreeSet<i64>,
) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(format!("{prefix}x{}", r.id)));
    for (name, value) in &r.fields {
        let is_reference = module
            .fields
            .iter()
            .any(|f| &f.name == name && matches!(f.ty, FieldType::Reference { .. }));
        let v = match value {
            FieldValue::Null => continue,
            FieldValue::Bool(b) => json!(if *b { "1" } else { "0" }),
            FieldValue::Int(i) => json!(i.to_string()),
            FieldValue::Float(f) => json!(f),
            FieldValue::Text(t) if is_reference => match reference(t, prefixes, live) {
                Some(v) => json!(v),
                None => continue,
            },
            FieldValue::Text(t) => json!(t),
        };
        out.insert(name.clone(), v);
    }
    Value::Object(out)
}

/// How a reference `NxM` renders: itself when `M` is live, `""` when `N` is a demo module's
/// prefix but `M` is not live, `None` (unknown: left out) for other modules, except Users
/// (`19x...`), which is kept as generated.
fn reference(
    text: &str,
    prefixes: &BTreeMap<String, &str>,
    live: &BTreeSet<i64>,
) -> Option<String> {
    let (prefix, number) = text.split_once('x')?;
    let number: i64 = number.parse().ok()?;
    if prefixes.contains_key(prefix) {
        Some(if live.contains(&number) {
            text.to_owned()
        } else {
            String::new()
        })
    } else if prefix == "19" {
        Some(text.to_owned())
    } else {
        None
    }
}
