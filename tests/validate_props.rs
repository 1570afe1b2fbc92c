//! Properties of the validator over queries generated *from the fixture schema*:
//! - a query built from a module's fields with type-correct values validates without
//!   errors;
//! - mutating one element (a column name, an id prefix, a value of a typed field) gives
//!   exactly one error, with the expected code.
//!
//! Queries are built from a stream of random choices (`Vec<u32>`), so proptest shrinks
//! towards the first choices of every decision.

use std::sync::LazyLock;

use proptest::prelude::*;
use vtql::schema::{Field, FieldType, Module};
use vtql::{Query, Schema, ValidateOptions};

static SCHEMA: LazyLock<Schema> =
    LazyLock::new(|| Schema::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/describe")).unwrap());

/// The modules a query may target: described, entity, readable.
static MODULES: LazyLock<Vec<&'static Module>> = LazyLock::new(|| {
    SCHEMA
        .modules()
        .filter(|m| SCHEMA.is_described(&m.name) && m.is_entity && m.retrieveable)
        .collect()
});

/// A cursor over random choices.
struct Choices<'c> {
    data: &'c [u32],
    at: usize,
}

impl Choices<'_> {
    fn below(&mut self, n: usize) -> usize {
        let v = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 {
            0
        } else {
            v as usize % n
        }
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
    fn flip(&mut self) -> bool {
        self.below(2) == 1
    }
}

/// One condition of a generated query.
#[derive(Clone, Debug)]
struct Cond {
    column: String,
    op: &'static str,
    /// Values as written (quoted or not).
    values: Vec<String>,
}

#[derive(Clone, Debug)]
struct Plan {
    module: &'static Module,
    /// `None` = `*`; `Some(empty)` = `count(*)`.
    select: Option<Vec<String>>,
    conds: Vec<Cond>,
    links: Vec<&'static str>,
    order: Vec<String>,
    limit: Option<(Option<u64>, u64)>,
}

impl Plan {
    fn render(&self) -> String {
        let mut s = String::from("select ");
        match &self.select {
            None => s.push('*'),
            Some(cols) if cols.is_empty() => s.push_str("count(*)"),
            Some(cols) => s.push_str(&cols.join(", ")),
        }
        s.push_str(" from ");
        s.push_str(&self.module.name);
        for (i, c) in self.conds.iter().enumerate() {
            s.push_str(if i == 0 { " where " } else { " " });
            if i > 0 {
                s.push_str(self.links[i - 1]);
                s.push(' ');
            }
            s.push_str(&c.column);
            s.push(' ');
            s.push_str(c.op);
            s.push(' ');
            if c.op == "in" {
                s.push('(');
                s.push_str(&c.values.join(", "));
                s.push(')');
            } else {
                s.push_str(&c.values[0]);
            }
        }
        if !self.order.is_empty() {
            s.push_str(" order by ");
            s.push_str(&self.order.join(", "));
        }
        if let Some((offset, n)) = self.limit {
            s.push_str(" limit ");
            if let Some(o) = offset {
                s.push_str(&format!("{o}, "));
            }
            s.push_str(&n.to_string());
        }
        s.push(';');
        s
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn prefix_of(name: &str) -> Option<u32> {
    SCHEMA.module(name).and_then(|m| m.id_prefix)
}

/// A record id for one of `modules` (a module of the schema with a known prefix), or
/// for prefix 999 (no module) when none is known.
fn id_for(ch: &mut Choices<'_>, modules: &[&str]) -> String {
    let known: Vec<u32> = modules.iter().filter_map(|m| prefix_of(m)).collect();
    let p = if known.is_empty() {
        999
    } else {
        *ch.pick(&known)
    };
    let n = 1 + ch.below(100_000);
    if ch.flip() {
        format!("'{p}x{n}'")
    } else {
        format!("{p}x{n}")
    }
}

fn word(ch: &mut Choices<'_>) -> String {
    const WORDS: [&str; 8] = [
        "Smith", "Oslo", "Acme", "O'Brien", "x", "Web", "Ærø", "42 b",
    ];
    ch.pick(&WORDS).to_string()
}

/// Operators that fit the field, and a value generator for it.
fn ops_for(field: &Field, is_id: bool) -> &'static [&'static str] {
    const ALL: &[&str] = &["=", "!=", "<", ">", "<=", ">=", "like", "in"];
    const NO_LIKE: &[&str] = &["=", "!=", "<", ">", "<=", ">=", "in"];
    const EQ: &[&str] = &["=", "!=", "in"];
    if is_id {
        return NO_LIKE;
    }
    match field.ty {
        FieldType::Boolean | FieldType::Reference { .. } | FieldType::Owner => EQ,
        ref t if t.is_text_like() || matches!(t, FieldType::Other(_)) => ALL,
        _ => NO_LIKE,
    }
}

/// A type-correct value for `field` under `op`.
fn value_for(
    ch: &mut Choices<'_>,
    module: &Module,
    field: &Field,
    is_id: bool,
    op: &str,
    quoted: bool,
) -> String {
    if op == "like" {
        return quote(&format!("{}%", word(ch)));
    }
    if is_id {
        return id_for(ch, &[module.name.as_str()]);
    }
    let n = ch.below(10_000) as i64 - 5000;
    match &field.ty {
        FieldType::Reference { refers_to } => {
            let names: Vec<&str> = refers_to.iter().map(String::as_str).collect();
            id_for(ch, &names)
        }
        FieldType::Owner => id_for(ch, &["Users", "Groups"]),
        FieldType::Integer => {
            if quoted {
                quote(&n.to_string())
            } else {
                n.to_string()
            }
        }
        FieldType::Double | FieldType::Decimal | FieldType::Currency => {
            if quoted {
                quote(&format!("{n}.{:02}", ch.below(100)))
            } else {
                n.to_string()
            }
        }
        FieldType::Boolean => {
            let b = ch.below(2).to_string();
            if quoted {
                quote(&b)
            } else {
                b
            }
        }
        FieldType::Date { .. } => quote(&date(ch)),
        FieldType::DateTime => {
            // Bare dates only with ordering operators (equality gets W0316, still fine).
            let t = format!(
                "{:02}:{:02}:{:02}",
                ch.below(24),
                ch.below(60),
                ch.below(60)
            );
            quote(&format!("{} {t}", date(ch)))
        }
        FieldType::Time => quote(&format!("{:02}:{:02}", ch.below(24), ch.below(60))),
        FieldType::Picklist(p) | FieldType::MultiPicklist(p) if !p.values.is_empty() => {
            quote(&ch.pick(&p.values).value)
        }
        FieldType::Email => quote(&format!("{}@example.org", word(ch).replace(' ', ""))),
        _ => quote(&word(ch)),
    }
}

fn date(ch: &mut Choices<'_>) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        1950 + ch.below(100),
        1 + ch.below(12),
        1 + ch.below(28)
    )
}

/// A valid query for a random module.
fn plan(data: &[u32]) -> Plan {
    let mut ch = Choices { data, at: 0 };
    let module: &'static Module = MODULES[ch.below(MODULES.len())];
    let fields: Vec<&'static Field> = module.fields.iter().collect();
    let select = match ch.below(4) {
        0 => None,
        1 => Some(Vec::new()),
        _ => Some(
            (0..1 + ch.below(5))
                .map(|_| ch.pick(&fields).name.clone())
                .collect(),
        ),
    };
    let mut conds = Vec::new();
    let mut links = Vec::new();
    for i in 0..ch.below(5) {
        let field: &'static Field = fields[ch.below(fields.len())];
        let is_id = field.name == "id";
        let op = *ch.pick(ops_for(field, is_id));
        let quoted = ch.flip();
        let count = if op == "in" { 1 + ch.below(4) } else { 1 };
        let values = (0..count)
            .map(|_| value_for(&mut ch, module, field, is_id, op, quoted))
            .collect();
        if i > 0 {
            links.push(if ch.flip() { "and" } else { "or" });
        }
        conds.push(Cond {
            column: field.name.clone(),
            op,
            values,
        });
    }
    let order: Vec<String> = (0..ch.below(3))
        .map(|_| ch.pick(&fields).name.clone())
        .collect();
    let limit = if ch.flip() {
        let offset = (!order.is_empty() && ch.flip()).then(|| ch.below(1000) as u64);
        Some((offset, 1 + ch.below(100) as u64))
    } else {
        None
    };
    Plan {
        module,
        select,
        conds,
        links,
        order,
        limit,
    }
}

fn errors_of(src: &str) -> Vec<&'static str> {
    let q = Query::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src, "generated")));
    match q.validate(&SCHEMA, &ValidateOptions::default()) {
        Ok(_) => Vec::new(),
        Err(d) => d.errors().map(|e| e.code).collect(),
    }
}

/// The mutations, each with the code it must produce.
#[derive(Clone, Copy, Debug)]
enum Mutation {
    UnknownField,
    WrongIdPrefix,
    WrongTypeValue,
}

/// Applies `m` to `p`; returns the expected code, or `None` when the plan offers nothing
/// to mutate.
fn mutate(p: &mut Plan, m: Mutation, ch: &mut Choices<'_>) -> Option<&'static str> {
    match m {
        Mutation::UnknownField => {
            // Rename one column occurrence: in the select list, a condition or order by.
            let mut slots: Vec<&mut String> = Vec::new();
            if let Some(cols) = &mut p.select {
                slots.extend(cols.iter_mut());
            }
            slots.extend(p.conds.iter_mut().map(|c| &mut c.column));
            slots.extend(p.order.iter_mut());
            if slots.is_empty() {
                return None;
            }
            let i = ch.below(slots.len());
            slots[i].push_str("_zz");
            Some("E0204")
        }
        Mutation::WrongIdPrefix => {
            let own = p.module.id_prefix?;
            let others: Vec<u32> = SCHEMA
                .modules()
                .filter_map(|m| m.id_prefix)
                .filter(|x| *x != own)
                .collect();
            let other = *ch.pick(&others);
            let cond = Cond {
                column: "id".into(),
                op: "=",
                values: vec![format!("'{other}x{}'", 1 + ch.below(1000))],
            };
            let at = ch.below(p.conds.len() + 1);
            p.conds.insert(at, cond);
            if p.conds.len() > 1 {
                p.links.insert(at.min(p.links.len()), "and");
            }
            Some("E0207")
        }
        Mutation::WrongTypeValue => {
            let typed: Vec<(&Field, &'static str, &'static str)> = p
                .module
                .fields
                .iter()
                .filter_map(|f| {
                    let (code, bad) = match f.ty {
                        FieldType::Integer => ("E0208", "'many'"),
                        FieldType::Double | FieldType::Decimal | FieldType::Currency => {
                            ("E0208", "'1.2.3'")
                        }
                        FieldType::Boolean => ("E0209", "'yes'"),
                        FieldType::Date { .. } => ("E0210", "'2023-02-29'"),
                        FieldType::DateTime => ("E0210", "'2024-01-01 24:00:00'"),
                        FieldType::Time => ("E0210", "'7:5'"),
                        FieldType::Reference { .. } | FieldType::Owner => ("E0206", "'7'"),
                        _ => return None,
                    };
                    (f.name != "id").then_some((f, code, bad))
                })
                .collect();
            if typed.is_empty() {
                return None;
            }
            let &(field, code, bad) = ch.pick(&typed);
            // Replace an existing condition when there is one, else add one.
            let cond = Cond {
                column: field.name.clone(),
                op: "=",
                values: vec![bad.to_owned()],
            };
            if p.conds.is_empty() {
                p.conds.push(cond);
            } else {
                let i = ch.below(p.conds.len());
                p.conds[i] = cond;
            }
            Some(code)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn generated_queries_validate(data in proptest::collection::vec(any::<u32>(), 96)) {
        let p = plan(&data);
        let src = p.render();
        let errors = errors_of(&src);
        prop_assert!(errors.is_empty(), "{src}\n{errors:?}");
    }

    #[test]
    fn one_mutation_one_error(
        data in proptest::collection::vec(any::<u32>(), 96),
        extra in proptest::collection::vec(any::<u32>(), 8),
        which in 0..3usize,
    ) {
        let mut p = plan(&data);
        let m = [Mutation::UnknownField, Mutation::WrongIdPrefix, Mutation::WrongTypeValue][which];
        let mut ch = Choices { data: &extra, at: 0 };
        if let Some(code) = mutate(&mut p, m, &mut ch) {
            let src = p.render();
            let errors = errors_of(&src);
            prop_assert_eq!(errors, vec![code], "{:?}: {}", m, src);
        }
    }
}

#[test]
fn generator_covers_every_module_and_type() {
    // The generator is only useful if it reaches every module and every field type.
    let mut modules = std::collections::HashSet::new();
    let mut types = std::collections::HashSet::new();
    for seed in 0..4000u32 {
        let data: Vec<u32> = (0..96)
            .map(|i| seed.wrapping_mul(2_654_435_761).rotate_left(i) ^ i.wrapping_mul(40_503))
            .collect();
        let p = plan(&data);
        modules.insert(p.module.name.clone());
        for c in &p.conds {
            if let Some(f) = p.module.field(&c.column) {
                types.insert(f.ty.name().to_owned());
            }
        }
        let src = p.render();
        assert!(errors_of(&src).is_empty(), "{src}");
    }
    assert_eq!(modules.len(), MODULES.len(), "{modules:?}");
    for t in [
        "string",
        "text",
        "picklist",
        "multipicklist",
        "reference",
        "owner",
        "datetime",
        "date",
        "time",
        "boolean",
        "integer",
        "double",
        "decimal",
        "currency",
        "email",
        "phone",
        "url",
        "skype",
        "autogenerated",
    ] {
        assert!(types.contains(t), "type {t} never generated: {types:?}");
    }
}
