//! A generated valid query over the demo CRM → evaluator rows == SQLite rows.
//! The generator picks the module, fields (by index into the schema), operators, values
//! (sampled from the dataset, or arbitrary text and numbers), the and/or chain, order by
//! and limit; queries that do not validate are skipped. Both precedences and both case
//! rules are compared, ids in order (the tie-breaker makes the order total).
#![no_main]

mod common;

use std::cell::RefCell;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use vtql::eval::{EvalOptions, FieldValue};
use vtql::sql::{SqlOptions, Target};
use vtql::{Precedence, Query, ValidateOptions};

thread_local! {
    static DEMO: RefCell<common::Demo> = RefCell::new(common::Demo::new(true));
}

#[derive(Arbitrary, Debug)]
enum FValue {
    /// The value of the condition's field in the record with this index (any case).
    Sample(u16, u8),
    Text(String),
    Int(i64),
}

#[derive(Arbitrary, Debug)]
struct FCond {
    field: u16,
    op: u8,
    values: Vec<FValue>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    module: u8,
    count: bool,
    conds: Vec<(bool, FCond)>,
    order: Vec<u16>,
    desc: bool,
    limit: Option<(Option<u8>, u8)>,
}

const OPS: [&str; 8] = ["=", "!=", "<", ">", "<=", ">=", "like", "in"];

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn text_of(v: &FieldValue) -> Option<String> {
    match v {
        FieldValue::Text(s) => Some(s.clone()),
        FieldValue::Int(i) => Some(i.to_string()),
        FieldValue::Float(f) => Some(format!("{f}")),
        FieldValue::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        _ => None,
    }
}

fn query_text(demo: &common::Demo, input: &Input) -> Option<String> {
    let module = vtql::demo::MODULES[input.module as usize % vtql::demo::MODULES.len()];
    let m = demo.schema.module(module)?;
    let records = demo.live(module);
    let field = |i: u16| &m.fields[i as usize % m.fields.len()];
    let mut text = if input.count {
        "select count(*)".to_owned()
    } else {
        "select id".to_owned()
    };
    text.push_str(" from ");
    text.push_str(module);
    for (i, (and, c)) in input.conds.iter().take(6).enumerate() {
        let f = field(c.field);
        text.push_str(if i == 0 {
            " where "
        } else if *and {
            " and "
        } else {
            " or "
        });
        let op = OPS[c.op as usize % OPS.len()];
        let value = |v: &FValue| -> String {
            match v {
                FValue::Sample(r, case) => {
                    let r = records.get(*r as usize % records.len().max(1));
                    let s = match r {
                        Some(r) if f.name == "id" => {
                            format!("{}x{}", m.id_prefix.unwrap_or(1), r.id)
                        }
                        Some(r) => r.fields.get(&f.name).and_then(text_of).unwrap_or_default(),
                        None => String::new(),
                    };
                    let s = match case % 4 {
                        0 => s.to_uppercase(),
                        1 => s.to_lowercase(),
                        2 if op == "like" && s.chars().count() > 2 => {
                            let head: String = s.chars().take(2).collect();
                            format!("{head}%")
                        }
                        _ => s,
                    };
                    quote(&s)
                }
                FValue::Text(s) => quote(s),
                FValue::Int(i) => i.to_string(),
            }
        };
        let first = c
            .values
            .first()
            .map(&value)
            .unwrap_or_else(|| "''".to_owned());
        text.push_str(&f.name);
        text.push(' ');
        text.push_str(op);
        text.push(' ');
        if op == "in" {
            let mut vals: Vec<String> = c.values.iter().take(5).map(&value).collect();
            if vals.is_empty() {
                vals.push(first);
            }
            text.push('(');
            text.push_str(&vals.join(", "));
            text.push(')');
        } else {
            text.push_str(&first);
        }
    }
    if !input.order.is_empty() {
        let cols: Vec<&str> = input
            .order
            .iter()
            .take(2)
            .map(|i| field(*i).name.as_str())
            .collect();
        text.push_str(" order by ");
        text.push_str(&cols.join(", "));
        if input.desc {
            text.push_str(" desc");
        }
    }
    if let Some((offset, n)) = input.limit {
        text.push_str(" limit ");
        if let Some(o) = offset {
            text.push_str(&format!("{o}, "));
        }
        text.push_str(&n.to_string());
    }
    text.push(';');
    Some(text)
}

fuzz_target!(|input: Input| {
    DEMO.with(|demo| {
        let demo = demo.borrow();
        let Some(text) = query_text(&demo, &input) else { return };
        let Ok(q) = Query::parse(&text) else { return };
        for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
            let vopts = ValidateOptions::default().precedence(precedence);
            let Ok(v) = q.validate(&demo.schema, &vopts) else { return };
            let module = v.module().name.as_str();
            for case_sensitive in [false, true] {
                let opts = SqlOptions::new(Target::Sqlite).case_sensitive(case_sensitive);
                let eval_opts = EvalOptions::default().case_sensitive(case_sensitive);
                let expected = match v.evaluate(demo.live(module), &eval_opts) {
                    Ok(outcome) => common::Rows::of(&outcome),
                    Err(e) => panic!("evaluator error on a validated query: {e:?}\n{text}"),
                };
                let sql = v.to_sql(&demo.mapping, &opts)
                    .unwrap_or_else(|e| panic!("to_sql error: {e:?}\n{text}"));
                demo.db
                    .execute_batch(if case_sensitive {
                        "PRAGMA case_sensitive_like = ON"
                    } else {
                        "PRAGMA case_sensitive_like = OFF"
                    })
                    .expect("pragma");
                let got = common::fetch(&demo.db, &sql, q.is_count())
                    .unwrap_or_else(|e| panic!("SQLite error: {e}\n{text}\n{}", sql.sql));
                assert_eq!(
                    got, expected,
                    "evaluator and SQLite disagree ({precedence:?}, case_sensitive {case_sensitive})\n{text}\n{sql}"
                );
            }
        }
    });
});
