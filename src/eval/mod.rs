//! The in-memory evaluator: runs a validated query over records with exactly the
//! semantics of the SQL that [`Validated::to_sql`] writes. It is the reference of the
//! differential tests, and serves servers and tests that keep their data in memory. It
//! reads the constants the validator read ([`Validated::constants`]) and stands on its
//! own: its options ([`EvalOptions`]) carry what the SQL backend takes from its options
//! and its mapping (case rule, cap, tie-breaker, storage overrides).
//!
//! Semantics (the same as the SQL backend's, see [`crate::sql`]):
//! - the chain is grouped by the precedence the query was validated with;
//! - a field is read as its type's storage, or as [`EvalOptions::stored_as`] says, as a
//!   mapping's `storage` makes the SQL read it;
//! - values are read by the field's type: numbers compare numerically, dates and
//!   date-times as dates (`yyyy-mm-dd[ hh:mm:ss]`), booleans as `0`/`1`, record ids `NxM`
//!   by their number `M` (the prefix is not compared);
//! - text compares case-insensitively by default (each character lower-cased, then by
//!   code point), case-sensitively with [`EvalOptions::case_sensitive`];
//! - `like`: `%` any run, `_` one character, `\` escapes the next character (a final lone
//!   `\` is itself); on integers and dates it matches their ISO text;
//! - NULL, a missing field or a value that cannot be read as the field's type never
//!   matches a comparison, `!=` included;
//! - `order by`: the direction applies to the last column; NULLs first ascending, last
//!   descending; then the record id ascending when [`EvalOptions::tie_breaker`] is on
//!   (else input order: the sort is stable); a NaN decimal (only in records built in
//!   memory) sorts after every number, as on PostgreSQL;
//! - `limit` as in SQL: offset uncapped, count capped at the row cap the query was
//!   validated with ([`Validated::row_cap`]);
//!   `count(*)` counts every match, ignoring order and limit.
//!
//! How it runs: the conditions are compiled once per call, their values converted and
//! normalized (text folded, ids, dates and times as numbers, `in` lists sorted for
//! binary search, `like` patterns split into tokens and simple shapes); record values
//! are read in place (text is folded as it is compared, not copied); the chain tests a
//! condition only while its value can still change the outcome; sort keys are read once
//! per row, and only the rows up to the end of the page are put in order.
//!
//! Everything is iterative: chains and lists of any length use constant stack.

mod chain;
mod options;
mod record;
mod text;

use std::borrow::Cow;
use std::cmp::Ordering;

pub(crate) use options::operands;
pub use options::{EvalError, EvalOptions};
pub use record::{FieldValue, Record, ValueRef};
pub use text::fold;

use crate::ast::Direction;
use crate::validate::Validated;
use crate::value::Storage;
use chain::{record_key, storage_of, text_of, CompiledChain, Key};
use text::{Case, Folded};

/// What a query gives.
#[derive(Debug, PartialEq)]
pub enum Outcome<'r, R> {
    /// The matching records, ordered and paged.
    Rows(Vec<&'r R>),
    /// `count(*)`: the number of matching records.
    Count(u64),
}

impl<'r, R> Outcome<'r, R> {
    /// The rows (empty for a count).
    pub fn rows(&self) -> &[&'r R] {
        match self {
            Outcome::Rows(r) => r,
            Outcome::Count(_) => &[],
        }
    }
}

/// One sort column: an `order by` column or the id tie-breaker.
#[derive(Clone, Copy, Debug)]
struct Column<'q> {
    field: &'q str,
    storage: Storage,
    /// Text compared case-insensitively.
    fold: bool,
    desc: bool,
}

/// A record's key for one sort column: read once per row, text kept in place with
/// the form the case rule gives it.
#[derive(Debug)]
enum SortKey<'r> {
    Null,
    Num(i64),
    Float(f64),
    Text(Cow<'r, str>, Case),
}

impl<'r> SortKey<'r> {
    fn of(column: &Column<'_>, row: &'r impl Record) -> Self {
        let v = row.get(column.field);
        if column.storage == Storage::Text {
            return match text_of(v) {
                Some(t) => {
                    let case = Folded::new(&t, column.fold).case;
                    SortKey::Text(t, case)
                }
                None => SortKey::Null,
            };
        }
        match record_key(column.storage, v, false) {
            Key::Null => SortKey::Null,
            Key::Num(i) => SortKey::Num(i),
            Key::Float(f) => SortKey::Float(f),
            Key::Text(t) => SortKey::Text(t, Case::Exact),
        }
    }

    fn folded(&self) -> Option<Folded<'_>> {
        match self {
            SortKey::Text(text, case) => Some(Folded { text, case: *case }),
            _ => None,
        }
    }

    /// An integer key (or NULL) as a number in the order [`sort_keys`] gives, reversed
    /// for a descending column: NULL below every `i64`. `None` for other keys.
    fn lead(&self, desc: bool) -> Option<i128> {
        let n = match self {
            SortKey::Num(i) => i128::from(*i),
            SortKey::Null => -(1 << 64),
            _ => return None,
        };
        Some(if desc { -n } else { n })
    }
}

/// Sort order: NULL first, then by value. A column's keys are all integers, all
/// decimals or all text. A NaN decimal (only in records built in memory), which orders
/// against nothing, sorts after every other decimal, as on PostgreSQL.
fn sort_keys(a: &SortKey<'_>, b: &SortKey<'_>) -> Ordering {
    let float = |x: f64, y: f64| {
        x.partial_cmp(&y)
            .unwrap_or_else(|| x.is_nan().cmp(&y.is_nan()))
    };
    match (a, b) {
        (SortKey::Null, SortKey::Null) => Ordering::Equal,
        (SortKey::Null, _) => Ordering::Less,
        (_, SortKey::Null) => Ordering::Greater,
        (SortKey::Num(x), SortKey::Num(y)) => x.cmp(y),
        (SortKey::Float(x), SortKey::Float(y)) => float(*x, *y),
        (SortKey::Num(x), SortKey::Float(y)) => float(*x as f64, *y),
        (SortKey::Float(x), SortKey::Num(y)) => float(*x, *y as f64),
        (x, y) => match (x.folded(), y.folded()) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => Ordering::Equal,
        },
    }
}

/// A matching row to order.
struct Entry<'r, R> {
    /// The first sort key as a number when the first column reads as integers
    /// ([`SortKey::lead`]), else 0.
    lead: i128,
    /// Its place among the matches: the last tie-breaker, as in a stable sort.
    pos: usize,
    row: &'r R,
}

/// The order of rows beyond their `lead`: the sort keys from column `from` on, then
/// the place among the matches.
struct Rest<'k, 'r> {
    /// Row `pos` has `keys[pos * width..][..width]`.
    keys: &'k [SortKey<'r>],
    width: usize,
    from: usize,
    /// Per column: descending.
    desc: Vec<bool>,
}

impl Rest<'_, '_> {
    /// Compares the rows at places `a` and `b`. Kept out of line: comparisons that
    /// `lead` decides stay short.
    #[inline(never)]
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        let row = |pos: usize| &self.keys[pos * self.width..][self.from..self.width];
        for ((x, y), desc) in row(a).iter().zip(row(b)).zip(&self.desc[self.from..]) {
            let o = sort_keys(x, y);
            if o != Ordering::Equal {
                return if *desc { o.reverse() } else { o };
            }
        }
        a.cmp(&b)
    }
}

impl Validated<'_> {
    /// Runs the query over `records` (the module's records; the caller leaves out deleted
    /// ones, which the SQL's fixed filters would hide), grouped by the precedence and
    /// capped by the row cap it was validated with. See the [module docs](self).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use vtql::eval::{EvalOptions, FieldValue, Outcome};
    /// use vtql::schema::{Field, FieldType, Module, Schema};
    /// use vtql::{Query, ValidateOptions};
    ///
    /// let mut contacts = Module::new("Contacts", Some(12));
    /// contacts.fields.push(Field::new("lastname", FieldType::String));
    /// contacts.fields.push(Field::new("id", FieldType::Autogenerated));
    /// let mut schema = Schema::new();
    /// schema.insert(contacts);
    ///
    /// let record = |id: &str, name: &str| -> HashMap<String, FieldValue> {
    ///     HashMap::from([("id".into(), id.into()), ("lastname".into(), name.into())])
    /// };
    /// let records = [record("12x1", "Smith"), record("12x2", "O'Brien"), record("12x3", "SMITHSON")];
    /// let q = Query::parse("select lastname from Contacts where lastname like 'smith%' order by lastname desc;")?;
    /// let v = q.validate(&schema, &ValidateOptions::default()).unwrap();
    /// let Outcome::Rows(rows) = v.evaluate(&records, &EvalOptions::default()).unwrap() else { panic!() };
    /// let names: Vec<_> = rows.iter().map(|r| r["lastname"].clone()).collect();
    /// assert_eq!(names, [FieldValue::from("SMITHSON"), FieldValue::from("Smith")]);
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn evaluate<'r, R: Record>(
        &self,
        records: &'r [R],
        options: &EvalOptions,
    ) -> Result<Outcome<'r, R>, EvalError> {
        evaluate(self, records, options)
    }
}

/// The evaluator proper (see [`Validated::evaluate`]).
fn evaluate<'r, R: Record>(
    validated: &Validated<'_>,
    records: &'r [R],
    options: &EvalOptions,
) -> Result<Outcome<'r, R>, EvalError> {
    let module = validated.module();
    let storage = |name: &str| storage_of(module, options, name);
    let precedence = validated.precedence();
    let query = validated.query();
    let chain = CompiledChain::compile(validated, options, precedence, records.len(), &storage)?;
    let matching = records.iter().filter(|r| chain.matches(r));
    if query.is_count() {
        return Ok(Outcome::Count(matching.count() as u64));
    }
    let (offset, count) = validated.page(query.limit.as_ref());
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let count = usize::try_from(count).unwrap_or(usize::MAX);

    // Sort columns: the order-by columns (the direction applies to the last), then the
    // id unless ordered by already.
    let mut columns: Vec<Column<'_>> = query
        .order_by
        .iter()
        .flat_map(|o| {
            let n = o.columns.len();
            o.columns.iter().enumerate().map(move |(i, c)| {
                let storage = storage(c.as_str());
                Column {
                    field: c.as_str(),
                    storage,
                    fold: !options.case_sensitive && storage.is_text(),
                    desc: i + 1 == n && o.last_direction() == Direction::Desc,
                }
            })
        })
        .collect();
    if options.tie_breaker && !columns.iter().any(|c| c.field == "id") {
        columns.push(Column {
            field: "id",
            storage: Storage::RecordId,
            fold: false,
            desc: false,
        });
    }
    if columns.is_empty() {
        // Input order: the page is the first matches after the offset.
        return Ok(Outcome::Rows(matching.skip(offset).take(count).collect()));
    }

    // Each matching row with its keys, read once. While the first column reads as
    // integers (ids, numbers, dates...), `lead` holds its key and most comparisons end
    // there.
    let width = columns.len();
    let mut entries: Vec<Entry<'r, R>> = Vec::new();
    let mut keys: Vec<SortKey<'r>> = Vec::new();
    let mut numeric = true;
    for (pos, row) in matching.enumerate() {
        let first = SortKey::of(&columns[0], row);
        let lead = first.lead(columns[0].desc);
        numeric &= lead.is_some();
        keys.push(first);
        keys.extend(columns[1..].iter().map(|c| SortKey::of(c, row)));
        entries.push(Entry {
            lead: lead.unwrap_or(0),
            pos,
            row,
        });
    }
    let end = offset.saturating_add(count).min(entries.len());
    if offset >= end {
        return Ok(Outcome::Rows(Vec::new()));
    }
    if !numeric {
        for e in &mut entries {
            e.lead = 0;
        }
    }
    let rest = Rest {
        keys: &keys,
        width,
        from: usize::from(numeric),
        desc: columns.iter().map(|c| c.desc).collect(),
    };
    // Ties end in input order, the order of a stable sort: with it the order is total,
    // so selecting the page and sorting only it gives the rows a full sort would.
    let cmp = |a: &Entry<'r, R>, b: &Entry<'r, R>| match a.lead.cmp(&b.lead) {
        Ordering::Equal => rest.cmp(a.pos, b.pos),
        o => o,
    };
    if end < entries.len() {
        entries.select_nth_unstable_by(end, cmp);
        entries.truncate(end);
    }
    entries.sort_unstable_by(cmp);
    Ok(Outcome::Rows(
        entries[offset..].iter().map(|e| e.row).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::ast::{Precedence, Query};
    use crate::schema::{Field, FieldType, Module};

    fn module() -> Module {
        let mut m = Module::new("Things", Some(7));
        for (name, ty) in [
            ("n", FieldType::Integer),
            ("t", FieldType::String),
            ("f", FieldType::Double),
            ("d", FieldType::Date { format: None }),
            ("t2", FieldType::String),
        ] {
            m.fields.push(Field::new(name, ty));
        }
        m
    }

    type Rec = HashMap<String, FieldValue>;

    fn rows<'r>(q: &str, records: &'r [Rec], options: &EvalOptions) -> Vec<&'r Rec> {
        let q = Query::parse(q).unwrap();
        let mut schema = crate::Schema::new();
        schema.insert(module());
        let vopts = crate::ValidateOptions::default()
            .precedence(Precedence::LeftToRight)
            .row_cap(1000);
        let v = q.validate(&schema, &vopts).unwrap();
        match v.evaluate(records, options) {
            Ok(Outcome::Rows(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    /// Pages from selection and partial sorting are those of a full stable sort, for
    /// numeric and text first columns, duplicates, NULLs, both directions, any page.
    #[test]
    fn pages_match_a_full_stable_sort() {
        let texts = ["b", "B", "a", "Ä", "ä", "", "zz", "Zz"];
        let records: Vec<Rec> = (0..60i64)
            .map(|i| {
                let mut r = Rec::new();
                // Duplicate ids (and one NULL id) test the final tie-break on input order.
                if i % 13 != 5 {
                    r.insert("id".into(), FieldValue::Text(format!("7x{}", i % 17)));
                }
                if i % 7 != 3 {
                    r.insert("n".into(), FieldValue::Int(i * 37 % 11 - 5));
                }
                if i % 5 != 1 {
                    r.insert("t".into(), texts[(i * 7 % 8) as usize].into());
                }
                r.insert(
                    "d".into(),
                    FieldValue::from(format!("2024-01-{:02}", 1 + i % 4)),
                );
                r
            })
            .collect();
        let module = module();
        for order in [
            "",
            "order by n",
            "order by t desc",
            "order by d, t",
            "order by t, n desc",
            "order by id desc",
        ] {
            for tie in [true, false] {
                for cs in [false, true] {
                    let options = EvalOptions::default().tie_breaker(tie).case_sensitive(cs);
                    // The reference: every key of every row, one stable sort.
                    let text = format!("select * from Things {order};");
                    let q = Query::parse(&text).unwrap();
                    let mut columns: Vec<Column<'_>> = Vec::new();
                    if let Some(o) = &q.order_by {
                        let n = o.columns.len();
                        for (i, c) in o.columns.iter().enumerate() {
                            let storage = storage_of(&module, &options, c.as_str());
                            columns.push(Column {
                                field: c.as_str(),
                                storage,
                                fold: !cs && storage.is_text(),
                                desc: i + 1 == n && o.last_direction() == Direction::Desc,
                            });
                        }
                    }
                    if tie && !columns.iter().any(|c| c.field == "id") {
                        columns.push(Column {
                            field: "id",
                            storage: Storage::RecordId,
                            fold: false,
                            desc: false,
                        });
                    }
                    let mut all: Vec<(Vec<SortKey<'_>>, &Rec)> = records
                        .iter()
                        .map(|r| (columns.iter().map(|c| SortKey::of(c, r)).collect(), r))
                        .collect();
                    all.sort_by(|(a, _), (b, _)| {
                        for ((x, y), c) in a.iter().zip(b).zip(&columns) {
                            let o = sort_keys(x, y);
                            if o != Ordering::Equal {
                                return if c.desc { o.reverse() } else { o };
                            }
                        }
                        Ordering::Equal
                    });
                    for (offset, count) in [
                        (0, 0),
                        (0, 1),
                        (0, 10),
                        (3, 9),
                        (50, 20),
                        (59, 1),
                        (60, 5),
                        (0, 100),
                    ] {
                        let text = format!("select * from Things {order} limit {offset}, {count};");
                        let got = rows(&text, &records, &options);
                        let expected: Vec<&Rec> =
                            all.iter().skip(offset).take(count).map(|e| e.1).collect();
                        let ptrs =
                            |v: &[&Rec]| v.iter().map(|r| *r as *const Rec).collect::<Vec<_>>();
                        assert_eq!(ptrs(&got), ptrs(&expected), "{text} {options:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn nan_sorts_after_every_number() {
        let records: Vec<Rec> = [
            Some(f64::NAN),
            Some(1.0),
            None,
            Some(-0.0),
            Some(0.0),
            Some(f64::NAN),
        ]
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut r = Rec::from([("id".into(), FieldValue::Int(i as i64))]);
            if let Some(f) = f {
                r.insert("f".into(), FieldValue::Float(*f));
            }
            r
        })
        .collect();
        let ids = |q: &str| -> Vec<FieldValue> {
            rows(q, &records, &EvalOptions::default())
                .iter()
                .map(|r| r["id"].clone())
                .collect()
        };
        let ids_of =
            |v: &[i64]| -> Vec<FieldValue> { v.iter().map(|&i| FieldValue::Int(i)).collect() };
        assert_eq!(
            ids("select * from Things order by f;"),
            ids_of(&[2, 3, 4, 1, 0, 5])
        );
        assert_eq!(
            ids("select * from Things order by f desc;"),
            ids_of(&[0, 5, 1, 3, 4, 2])
        );
        // NaN matches no comparison.
        assert_eq!(ids("select * from Things where f != 1;"), ids_of(&[3, 4]));
        assert_eq!(
            ids("select * from Things where f in (0, 1);"),
            ids_of(&[1, 3, 4])
        );
    }

    /// `like` on integer and date fields matches their ISO text.
    #[test]
    fn like_on_numbers_and_dates() {
        let records: Vec<Rec> = [("12", "2024-1-5"), ("-3", "2024-01-15 10:00:00"), ("x", "")]
            .iter()
            .enumerate()
            .map(|(i, (n, d))| {
                Rec::from([
                    ("id".into(), FieldValue::Int(i as i64)),
                    ("t".into(), FieldValue::from(*n)),
                    ("t2".into(), FieldValue::from(*d)),
                ])
            })
            .collect();
        // Text fields stored as numbers and dates (by a mapping): `like` matches the ISO
        // text of the stored value, as the translator's cast does; a date not in the
        // stored form is no date.
        let count = |q: &str| {
            let q = Query::parse(q).unwrap();
            let mut schema = crate::Schema::new();
            schema.insert(module());
            let v = q
                .validate(&schema, &crate::ValidateOptions::default())
                .unwrap();
            let options = EvalOptions::default()
                .stored_as("t", Storage::Integer)
                .stored_as("t2", Storage::Date);
            match v.evaluate(&records, &options) {
                Ok(Outcome::Rows(r)) => r.len(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(count("select * from Things where t like '1%';"), 1);
        assert_eq!(count("select * from Things where t like '-_';"), 1);
        assert_eq!(count("select * from Things where t2 like '2024-01-_5';"), 1);
        assert_eq!(count("select * from Things where t2 like '%-05';"), 0);
        assert_eq!(count("select * from Things where t2 like '%-15';"), 1);
    }
}
