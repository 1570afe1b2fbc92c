//! The generated demo dataset: deterministic (fixed seed, own PRNG), so every engine and
//! every run sees the same records.

use std::collections::BTreeMap;

use crate::eval::{FieldValue, Record, ValueRef};
use crate::schema::{FieldType, Module, Schema};

/// The seed of [`dataset()`].
pub const SEED: u64 = 0x5EED_0005_D0DE_C0DE;

/// SplitMix64: tiny, fast, good enough for test data.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// `true` with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One record of the demo CRM.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoRecord {
    /// Its module.
    pub module: &'static str,
    /// The record number (`M` of `NxM`; `crmid`), unique across modules.
    pub id: i64,
    /// Deleted (the SQL filters it out with `deleted = 0`).
    pub deleted: bool,
    /// A converted lead (filtered out with `converted = 0`).
    pub converted: bool,
    /// Field values in the web-service form: ids `NxM`, dates `yyyy-mm-dd`, booleans,
    /// numbers; absent or [`FieldValue::Null`] for NULL.
    pub fields: BTreeMap<String, FieldValue>,
}

impl Record for DemoRecord {
    fn get(&self, field: &str) -> ValueRef<'_> {
        if field == "id" {
            return ValueRef::Int(self.id);
        }
        self.fields
            .get(field)
            .map_or(ValueRef::Null, FieldValue::as_ref)
    }
}

/// The demo records of every module.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// All records, deleted and converted ones included, by increasing id.
    pub records: Vec<DemoRecord>,
}

impl Dataset {
    /// Every record of `module`.
    pub fn all<'d>(&'d self, module: &'d str) -> impl Iterator<Item = &'d DemoRecord> + 'd {
        self.records.iter().filter(move |r| r.module == module)
    }

    /// The records a query of `module` can see: not deleted, and for Leads not converted
    /// (what the mapping's fixed filters keep).
    pub fn live<'d>(&'d self, module: &'d str) -> impl Iterator<Item = &'d DemoRecord> + 'd {
        self.all(module).filter(|r| !r.deleted && !r.converted)
    }
}

const FIRST: &[&str] = &[
    "John",
    "Mary",
    "mary",
    "MARY",
    "Seán",
    "Zoë",
    "José",
    "Élodie",
    "ÉLODIE",
    "Åsa",
    "Björk",
    "Łukasz",
    "Dmitri",
    "Дмитрий",
    "Σοφία",
    "李",
    "Ngozi",
    "Aiko",
    "Anna-Lena",
    "Jean-Luc",
    "O'Neil",
    "Ren",
    "Chloé",
    "Ömer",
    "Ana",
    "Peter",
    "Paul",
    "Ülle",
    "Ian",
    "Yusuf",
];
const LAST: &[&str] = &[
    "Smith",
    "smith",
    "SMITH",
    "Smithson",
    "Smyth",
    "Sm_th",
    "O'Brien",
    "o'brien",
    "O'Connor",
    "D'Angelo",
    "Müller",
    "MÜLLER",
    "Mueller",
    "Ørsted",
    "García",
    "Núñez",
    "Nguyễn",
    "Kowalski",
    "Back\\slash",
    "Back\\\\Double",
    "100% Juice",
    "under_score",
    "Per%cent",
    "Ξένος",
    "Иванов",
    "ИВАНОВ",
    "Tanaka",
    "Padded ",
    " Leading",
    "x' OR '1'='1",
    "'; DROP TABLE vtql_canary; --",
    "Brown",
    "Berg",
    "Åberg",
    "Zeta",
    "van der Berg",
];
const COMPANY: &[&str] = &[
    "Acme",
    "ACME Corp",
    "acme corp",
    "O'Reilly Media",
    "Müller & Söhne",
    "50% Off Ltd",
    "snake_case Inc",
    "Back\\Office AS",
    "Nordic Fjord AS",
    "Zürich Re",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "東京 Trading",
    "Café Ünal",
    "Smith & Smith",
    "Łódź Logistics",
    "Aperture",
];
const CITY: &[&str] = &[
    "Oslo",
    "Berlin",
    "berlin",
    "BERLIN",
    "São Paulo",
    "Zürich",
    "Kraków",
    "New York",
    "Köln",
    "Montréal",
    "Reykjavík",
    "Łódź",
    "Москва",
    "東京",
    "Saint-Étienne",
    "Bergen",
    "Paris",
];
const COUNTRY: &[&str] = &[
    "Norway",
    "Germany",
    "Brazil",
    "Switzerland",
    "Poland",
    "USA",
    "Canada",
    "Iceland",
    "Japan",
    "France",
    "Россия",
];
const STATE: &[&str] = &["CA", "NY", "Bayern", "Île-de-France", "Oslo", "Québec"];
const WORDS: &[&str] = &[
    "alpha",
    "Beta",
    "GAMMA",
    "delta",
    "100%",
    "a_b",
    "back\\slash",
    "it's",
    "naïve",
    "œuvre",
    "Straße",
    "ça",
    "ok",
    "urgent",
    "Urgent",
    "follow-up",
    "call",
    "email",
    "Ωmega",
    "ünïcödé",
];
const TITLE: &[&str] = &[
    "CEO",
    "CTO",
    "Sales Manager",
    "sales manager",
    "Developer",
    "Intern",
    "VP Sales",
];

/// How many records each module gets, in generation order (references point backwards).
const COUNTS: [(&str, u64); 4] = [
    ("Accounts", 420),
    ("Contacts", 900),
    ("Leads", 520),
    ("HelpDesk", 400),
];

fn ascii_word(s: &str) -> String {
    let w: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if w.is_empty() {
        "x".to_owned()
    } else {
        w
    }
}

fn date(rng: &mut Rng, from: i64, to: i64) -> String {
    let y = rng.range(from, to);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    format!("{y:04}-{m:02}-{d:02}")
}

fn time(rng: &mut Rng) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59)
    )
}

fn string_value(rng: &mut Rng, name: &str, id: i64) -> String {
    let pick = |rng: &mut Rng, items: &[&str]| (*rng.pick(items)).to_owned();
    if name == "firstname" {
        pick(rng, FIRST)
    } else if name == "lastname" {
        pick(rng, LAST)
    } else if name == "accountname" || name == "company" {
        pick(rng, COMPANY)
    } else if name.ends_with("city") {
        pick(rng, CITY)
    } else if name.ends_with("country") {
        pick(rng, COUNTRY)
    } else if name.ends_with("state") {
        pick(rng, STATE)
    } else if name.ends_with("_no") {
        format!("NO{id}")
    } else if name == "title" || name == "designation" {
        pick(rng, TITLE)
    } else if name.ends_with("code") || name.ends_with("zip") || name.ends_with("pobox") {
        format!("{:04}", rng.below(10_000))
    } else if rng.chance(5) {
        String::new()
    } else {
        format!("{} {}", rng.pick(WORDS), rng.pick(WORDS))
    }
}

struct Ctx<'s> {
    schema: &'s Schema,
    /// Generated record numbers per module.
    ids: BTreeMap<&'static str, Vec<i64>>,
}

impl Ctx<'_> {
    fn reference(&self, rng: &mut Rng, refers_to: &[String], id: i64) -> Option<String> {
        // A field that may point to several modules points to each in turn (by record
        // number, so that the random stream, and every other value, stays the same).
        let target = refers_to.get(id.rem_euclid(refers_to.len().max(1) as i64) as usize)?;
        if target == "Users" {
            return Some(format!("19x{}", rng.range(1, 5)));
        }
        let prefix = self.schema.module(target).and_then(|m| m.id_prefix)?;
        Some(match self.ids.get(target.as_str()) {
            Some(ids) if !ids.is_empty() => format!("{prefix}x{}", rng.pick(ids)),
            _ => format!("{prefix}x{}", rng.range(1, 60)),
        })
    }

    fn value(
        &self,
        rng: &mut Rng,
        module: &Module,
        name: &str,
        ty: &FieldType,
        id: i64,
    ) -> FieldValue {
        let _ = module;
        match ty {
            FieldType::String | FieldType::Other(_) | FieldType::Skype => {
                FieldValue::Text(string_value(rng, name, id))
            }
            FieldType::Text => {
                let n = rng.range(1, 5);
                let words: Vec<&str> = (0..n).map(|_| *rng.pick(WORDS)).collect();
                FieldValue::Text(words.join(" "))
            }
            FieldType::Email => FieldValue::Text(format!(
                "{}.{}{}@{}",
                ascii_word(rng.pick::<&str>(FIRST)),
                ascii_word(rng.pick::<&str>(LAST)),
                id % 7,
                rng.pick(&["example.com", "Example.COM", "mail.test"])
            )),
            FieldType::Phone => FieldValue::Text(format!(
                "+47 {:03} {:05}",
                rng.below(1000),
                rng.below(100_000)
            )),
            FieldType::Url => FieldValue::Text(format!(
                "https://www.{}.test/{}",
                ascii_word(rng.pick::<&str>(COMPANY)),
                id
            )),
            FieldType::Picklist(p) if !p.values.is_empty() => {
                FieldValue::Text(rng.pick(&p.values).value.clone())
            }
            FieldType::MultiPicklist(p) if !p.values.is_empty() => {
                let n = rng.range(1, 3);
                let vals: Vec<&str> = (0..n).map(|_| rng.pick(&p.values).value.as_str()).collect();
                FieldValue::Text(vals.join(" |##| "))
            }
            FieldType::Picklist(_) | FieldType::MultiPicklist(_) => {
                FieldValue::Text((*rng.pick(WORDS)).to_owned())
            }
            FieldType::Reference { refers_to } => self
                .reference(rng, refers_to, id)
                .map_or(FieldValue::Null, FieldValue::Text),
            FieldType::Owner => FieldValue::Text(if rng.chance(85) {
                format!("19x{}", rng.range(1, 5))
            } else {
                format!("20x{}", rng.range(6, 7))
            }),
            FieldType::DateTime => {
                FieldValue::Text(format!("{} {}", date(rng, 2012, 2026), time(rng)))
            }
            FieldType::Date { .. } if name == "birthday" => FieldValue::Text(date(rng, 1940, 2008)),
            FieldType::Date { .. } => FieldValue::Text(date(rng, 2015, 2027)),
            FieldType::Time => FieldValue::Text(time(rng)),
            FieldType::Boolean => FieldValue::Bool(rng.chance(40)),
            FieldType::Integer => FieldValue::Int(if rng.chance(10) {
                -rng.range(1, 50)
            } else {
                rng.range(0, 5000)
            }),
            FieldType::Double | FieldType::Decimal | FieldType::Currency => {
                let cents = rng.range(-50_000, 5_000_000);
                FieldValue::Float(cents as f64 / 100.0)
            }
            FieldType::File { .. } => FieldValue::Text(format!("img_{id}.png")),
            FieldType::Password | FieldType::Autogenerated => FieldValue::Null,
        }
    }
}

/// The demo dataset: 2,240 records, always the same (seed [`SEED`]).
pub fn dataset() -> Dataset {
    let schema = super::schema();
    let mut rng = Rng::new(SEED);
    let mut ctx = Ctx {
        schema: &schema,
        ids: BTreeMap::new(),
    };
    let mut records = Vec::new();
    let mut next_id = 100i64;
    for (module_name, count) in COUNTS {
        let Some(module) = schema.module(module_name) else {
            continue;
        };
        for _ in 0..count {
            let id = next_id;
            next_id += 1 + rng.below(3) as i64;
            let mut fields = BTreeMap::new();
            for field in &module.fields {
                if field.name == "id" {
                    continue;
                }
                let null = !field.mandatory && rng.chance(12);
                let value = if null {
                    FieldValue::Null
                } else {
                    ctx.value(&mut rng, module, &field.name, &field.ty, id)
                };
                if value != FieldValue::Null {
                    fields.insert(field.name.clone(), value);
                }
            }
            records.push(DemoRecord {
                module: module_name,
                id,
                deleted: rng.chance(6),
                converted: module_name == "Leads" && rng.chance(15),
                fields,
            });
            ctx.ids.entry(module_name).or_default().push(id);
        }
    }
    Dataset { records }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let a = dataset();
        assert_eq!(a, dataset());
        assert_eq!(a.records.len(), 2240);
        let contacts: Vec<_> = a.all("Contacts").collect();
        assert!(contacts.iter().any(|r| r.deleted));
        assert!(a.all("Leads").any(|r| r.converted));
        let has = |f: &dyn Fn(&str) -> bool| {
            contacts
                .iter()
                .any(|r| matches!(r.fields.get("lastname"), Some(FieldValue::Text(s)) if f(s)))
        };
        assert!(has(&|s| s.contains('\'')));
        assert!(has(&|s| s.contains('\\')));
        assert!(has(&|s| s.contains('%')));
        assert!(has(&|s| !s.is_ascii()));
        assert!(contacts.iter().any(|r| !r.fields.contains_key("birthday")));
        assert!(contacts
            .iter()
            .any(|r| matches!(r.fields.get("account_id"), Some(FieldValue::Text(s)) if s.starts_with("11x"))));
    }
}
