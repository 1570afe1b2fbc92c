//! The in-memory evaluator: runs a validated query over records with exactly the
//! semantics of the SQL that [`crate::sql::to_sql`] writes. It is the reference of the
//! differential tests, and serves servers and tests that keep their data in memory.
//!
//! Semantics (the same as the SQL backend's, see [`crate::sql`]):
//! - the chain is grouped by the precedence ([`SqlOptions::precedence`], else the one the
//!   query was validated with);
//! - values are read by the field's type: numbers compare numerically, dates and
//!   date-times as dates (`yyyy-mm-dd[ hh:mm:ss]`), booleans as `0`/`1`, record ids `NxM`
//!   by their number `M` (the prefix is not compared);
//! - text compares case-insensitively by default (each character lower-cased, then by
//!   code point), case-sensitively with [`SqlOptions::case_sensitive`];
//! - `like`: `%` any run, `_` one character, `\` escapes the next character (a final lone
//!   `\` is itself); on integers and dates it matches their ISO text;
//! - NULL, a missing field or a value that cannot be read as the field's type never
//!   matches a comparison, `!=` included;
//! - `order by`: the direction applies to the last column; NULLs first ascending, last
//!   descending; then the record id ascending when [`SqlOptions::tie_breaker`] is on
//!   (else input order: the sort is stable);
//! - `limit` as in SQL: offset uncapped, count capped at [`SqlOptions::row_cap`];
//!   `count(*)` counts every match, ignoring order and limit.
//!
//! Everything is iterative: chains and lists of any length use constant stack.

mod record;

use std::borrow::Cow;
use std::cmp::Ordering;

pub use record::{FieldValue, Record, ValueRef};

use crate::ast::{CompareOp, Direction, Ident, LogicalOp, Precedence, Query};
use crate::schema::Module;
use crate::sql::value::{
    convert, datetime_key, format_date, format_datetime, format_time, parse_bool, parse_date,
    parse_datetime, parse_float, parse_int, parse_time,
};
use crate::sql::{SqlError, SqlOptions, SqlValue, Storage};
use crate::validate::Validated;

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

/// A comparable value.
#[derive(Clone, Debug, PartialEq)]
enum Key<'a> {
    Null,
    Num(i64),
    Float(f64),
    Text(Cow<'a, str>),
}

fn cmp_keys(a: &Key<'_>, b: &Key<'_>) -> Option<Ordering> {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => Some(x.cmp(y)),
        (Key::Float(x), Key::Float(y)) => x.partial_cmp(y),
        (Key::Num(x), Key::Float(y)) => (*x as f64).partial_cmp(y),
        (Key::Float(x), Key::Num(y)) => x.partial_cmp(&(*y as f64)),
        (Key::Text(x), Key::Text(y)) => Some(x.as_ref().cmp(y.as_ref())),
        _ => None,
    }
}

/// Sort order: NULL first, then by value.
fn sort_keys(a: &Key<'_>, b: &Key<'_>) -> Ordering {
    match (a, b) {
        (Key::Null, Key::Null) => Ordering::Equal,
        (Key::Null, _) => Ordering::Less,
        (_, Key::Null) => Ordering::Greater,
        _ => cmp_keys(a, b).unwrap_or(Ordering::Equal),
    }
}

/// Lower-cases every character (one to one where the language has a simple mapping).
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| !c.is_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().flat_map(char::to_lowercase).collect())
    }
}

fn text_of(v: ValueRef<'_>) -> Option<Cow<'_, str>> {
    Some(match v {
        ValueRef::Null => return None,
        ValueRef::Text(s) => Cow::Borrowed(s),
        ValueRef::Int(i) => Cow::Owned(i.to_string()),
        ValueRef::Float(f) => Cow::Owned(f.to_string()),
        ValueRef::Bool(b) => Cow::Borrowed(if b { "1" } else { "0" }),
    })
}

/// A record's value read as `storage`.
fn record_key<'r>(storage: Storage, v: ValueRef<'r>, fold_text: bool) -> Key<'r> {
    let num = |o: Option<i64>| o.map_or(Key::Null, Key::Num);
    match (storage, v) {
        (_, ValueRef::Null) => Key::Null,
        (Storage::Text, v) => match text_of(v) {
            Some(Cow::Borrowed(s)) if fold_text => Key::Text(fold(s)),
            Some(t) if fold_text => Key::Text(Cow::Owned(fold(&t).into_owned())),
            Some(t) => Key::Text(t),
            None => Key::Null,
        },
        (Storage::Integer, ValueRef::Int(i)) => Key::Num(i),
        (Storage::Integer, ValueRef::Float(f)) if f.fract() == 0.0 => Key::Num(f as i64),
        (Storage::Integer, ValueRef::Bool(b)) => Key::Num(i64::from(b)),
        (Storage::Integer, ValueRef::Text(s)) => num(parse_int(s)),
        (Storage::Float, ValueRef::Int(i)) => Key::Float(i as f64),
        (Storage::Float, ValueRef::Float(f)) => Key::Float(f),
        (Storage::Float, ValueRef::Text(s)) => parse_float(s).map_or(Key::Null, Key::Float),
        (Storage::Boolean, ValueRef::Bool(b)) => Key::Num(i64::from(b)),
        (Storage::Boolean, ValueRef::Int(i)) => Key::Num(i64::from(i != 0)),
        (Storage::Boolean, ValueRef::Text(s)) => num(parse_bool(s).map(i64::from)),
        (Storage::RecordId | Storage::Owner, ValueRef::Int(i)) => Key::Num(i),
        (Storage::RecordId | Storage::Owner, ValueRef::Text(s)) => {
            num(crate::ast::split_record_id(s)
                .and_then(|(_, m)| i64::try_from(m).ok())
                .or_else(|| parse_int(s)))
        }
        (Storage::Date, ValueRef::Text(s)) => num(parse_date(s)
            .or_else(|| parse_datetime(s).map(|(d, _)| d))
            .map(|d| datetime_key((d, (0, 0, 0))))),
        (Storage::DateTime, ValueRef::Text(s)) => num(parse_datetime(s).map(datetime_key)),
        (Storage::Time, ValueRef::Text(s)) => num(parse_time(s)
            .map(|(h, m, s)| i64::from(h) * 10_000 + i64::from(m) * 100 + i64::from(s))),
        _ => Key::Null,
    }
}

/// The text `like` sees for a record value: text as is, other types in ISO form.
fn like_text<'r>(storage: Storage, v: ValueRef<'r>, fold_text: bool) -> Option<Cow<'r, str>> {
    match storage {
        Storage::Text => {
            let t = text_of(v)?;
            Some(if fold_text {
                Cow::Owned(fold(&t).into_owned())
            } else {
                t
            })
        }
        Storage::Integer => match record_key(storage, v, false) {
            Key::Num(i) => Some(Cow::Owned(i.to_string())),
            _ => None,
        },
        Storage::Date => match v {
            ValueRef::Text(s) => parse_date(s)
                .or_else(|| parse_datetime(s).map(|(d, _)| d))
                .map(|d| Cow::Owned(format_date(d))),
            _ => None,
        },
        Storage::DateTime => match v {
            ValueRef::Text(s) => parse_datetime(s).map(|dt| Cow::Owned(format_datetime(dt))),
            _ => None,
        },
        Storage::Time => match v {
            ValueRef::Text(s) => parse_time(s).map(|t| Cow::Owned(format_time(t))),
            _ => None,
        },
        _ => None,
    }
}

/// One piece of a `like` pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Any,
    One,
    Lit(char),
}

fn like_tokens(pattern: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Tok::Any,
            '_' => Tok::One,
            '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
            c => Tok::Lit(c),
        });
    }
    out
}

/// Wildcard matching with one backtrack point: linear space, no recursion.
fn like_match(tokens: &[Tok], text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Tok::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
            }
            Some(Tok::Lit(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p.min(tokens.len())..].iter().all(|k| *k == Tok::Any)
}

/// A condition ready to test records.
struct Test<'q> {
    field: &'q str,
    storage: Storage,
    op: CompareOp,
    keys: Vec<Key<'q>>,
    like: Vec<Tok>,
    fold: bool,
}

impl Test<'_> {
    fn matches<R: Record>(&self, r: &R) -> bool {
        let v = r.get(self.field);
        if self.op == CompareOp::Like {
            return like_text(self.storage, v, self.fold)
                .is_some_and(|t| like_match(&self.like, &t));
        }
        let key = record_key(self.storage, v, self.fold);
        if key == Key::Null {
            return false;
        }
        let cmp = |k: &Key<'_>| cmp_keys(&key, k);
        match self.op {
            CompareOp::Eq => cmp(&self.keys[0]) == Some(Ordering::Equal),
            CompareOp::Ne => matches!(cmp(&self.keys[0]), Some(o) if o != Ordering::Equal),
            CompareOp::Lt => cmp(&self.keys[0]) == Some(Ordering::Less),
            CompareOp::Gt => cmp(&self.keys[0]) == Some(Ordering::Greater),
            CompareOp::Le => matches!(cmp(&self.keys[0]), Some(Ordering::Less | Ordering::Equal)),
            CompareOp::Ge => {
                matches!(
                    cmp(&self.keys[0]),
                    Some(Ordering::Greater | Ordering::Equal)
                )
            }
            CompareOp::In => self.keys.iter().any(|k| cmp(k) == Some(Ordering::Equal)),
            CompareOp::Like => false,
        }
    }
}

fn storage_of(module: &Module, name: &str) -> Storage {
    if name == "id" {
        return Storage::RecordId;
    }
    module
        .field(name)
        .map_or(Storage::Text, |f| Storage::for_type(&f.ty))
}

fn query_key(v: SqlValue<'_>, fold_text: bool) -> Key<'static> {
    match v {
        SqlValue::Null => Key::Null,
        SqlValue::Int(i) => Key::Num(i),
        SqlValue::Float(f) => Key::Float(f),
        SqlValue::Text(s) => Key::Text(Cow::Owned(if fold_text {
            fold(&s).into_owned()
        } else {
            s.into_owned()
        })),
        SqlValue::Date(s) => record_key(Storage::Date, ValueRef::Text(&s), false).into_static(),
        SqlValue::DateTime(s) => {
            record_key(Storage::DateTime, ValueRef::Text(&s), false).into_static()
        }
        SqlValue::Time(s) => record_key(Storage::Time, ValueRef::Text(&s), false).into_static(),
    }
}

impl Key<'_> {
    fn into_static(self) -> Key<'static> {
        match self {
            Key::Null => Key::Null,
            Key::Num(i) => Key::Num(i),
            Key::Float(f) => Key::Float(f),
            Key::Text(t) => Key::Text(Cow::Owned(t.into_owned())),
        }
    }
}

/// Compiles the conditions: converts values exactly like the SQL backend does.
fn compile<'q>(
    query: &'q Query<'q>,
    module: &Module,
    options: &SqlOptions,
) -> Result<Vec<Test<'q>>, SqlError> {
    let mut tests = Vec::new();
    for c in query.filter.iter().flat_map(|w| w.conditions()) {
        let storage = storage_of(module, c.column.as_str());
        let fold_text = !options.case_sensitive && storage.is_text();
        let values = SqlError::single_unless_in(c)?;
        let mut test = Test {
            field: c.column.as_str(),
            storage,
            op: c.op,
            keys: Vec::new(),
            like: Vec::new(),
            fold: fold_text,
        };
        if c.op == CompareOp::Like {
            if !matches!(
                storage,
                Storage::Text
                    | Storage::Integer
                    | Storage::Date
                    | Storage::DateTime
                    | Storage::Time
            ) {
                return Err(SqlError::unsupported(c));
            }
            let pattern = values[0].as_str();
            test.like = like_tokens(&if fold_text {
                fold(pattern)
            } else {
                Cow::Borrowed(pattern)
            });
        } else {
            for v in values {
                let param = convert(storage, v).map_err(|e| SqlError::BadValue {
                    field: c.column.as_str().to_owned(),
                    value: v.as_str().to_owned(),
                    expected: e.expected,
                    span: v.span,
                })?;
                test.keys.push(query_key(param, fold_text));
            }
        }
        tests.push(test);
    }
    Ok(tests)
}

/// Combines per-condition truths under `precedence`. Iterative.
fn combine(
    first: bool,
    rest: impl Iterator<Item = (LogicalOp, bool)>,
    precedence: Precedence,
) -> bool {
    match precedence {
        Precedence::LeftToRight => rest.fold(first, |acc, (op, v)| match op {
            LogicalOp::And => acc && v,
            LogicalOp::Or => acc || v,
        }),
        Precedence::SqlPrecedence => {
            let (mut any, mut run) = (false, first);
            for (op, v) in rest {
                match op {
                    LogicalOp::And => run = run && v,
                    LogicalOp::Or => {
                        any = any || run;
                        run = v;
                    }
                }
            }
            any || run
        }
    }
}

/// Runs a validated query over `records` (the module's records; the caller leaves out
/// deleted ones, which the SQL's fixed filters would hide). Only `options.precedence`,
/// `case_sensitive`, `row_cap` and `tie_breaker` matter; the target is ignored.
///
/// ```
/// use std::collections::HashMap;
/// use vtql::eval::{evaluate, FieldValue, Outcome};
/// use vtql::schema::{Field, FieldType, Module, Schema};
/// use vtql::sql::SqlOptions;
/// use vtql::{validate, Query, ValidateOptions};
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
/// let v = validate(&q, &schema, &ValidateOptions::default()).unwrap();
/// let Outcome::Rows(rows) = evaluate(&v, &records, &SqlOptions::default()).unwrap() else { panic!() };
/// let names: Vec<_> = rows.iter().map(|r| r["lastname"].clone()).collect();
/// assert_eq!(names, [FieldValue::from("SMITHSON"), FieldValue::from("Smith")]);
/// # Ok::<(), vtql::ParseError>(())
/// ```
pub fn evaluate<'r, R: Record>(
    validated: &Validated<'_>,
    records: &'r [R],
    options: &SqlOptions,
) -> Result<Outcome<'r, R>, SqlError> {
    let precedence = options.precedence.unwrap_or(validated.precedence());
    evaluate_query(
        validated.query(),
        validated.module(),
        records,
        options,
        precedence,
    )
}

/// The evaluator core over a query and its resolved module.
fn evaluate_query<'r, 'q, R: Record>(
    query: &'q Query<'q>,
    module: &Module,
    records: &'r [R],
    options: &SqlOptions,
    precedence: Precedence,
) -> Result<Outcome<'r, R>, SqlError> {
    let tests = compile(query, module, options)?;
    let ops: Vec<LogicalOp> = query.filter.iter().flat_map(|w| w.ops()).collect();
    let matches = |r: &R| -> bool {
        let Some((first, rest)) = tests.split_first() else {
            return true;
        };
        combine(
            first.matches(r),
            ops.iter().copied().zip(rest.iter().map(|t| t.matches(r))),
            precedence,
        )
    };
    if query.is_count() {
        return Ok(Outcome::Count(
            records.iter().filter(|r| matches(r)).count() as u64,
        ));
    }
    let mut rows: Vec<&'r R> = records.iter().filter(|r| matches(r)).collect();

    // Sort keys: the order-by columns, then the id.
    let order: Vec<(&str, Storage, bool, bool)> = query
        .order_by
        .iter()
        .flat_map(|o| {
            let n = o.columns.len();
            o.columns.iter().enumerate().map(move |(i, c)| {
                let desc = i + 1 == n && o.last_direction() == Direction::Desc;
                (c, desc)
            })
        })
        .map(|(c, desc): (&Ident<'_>, bool)| {
            let storage = storage_of(module, c.as_str());
            let fold_text = !options.case_sensitive && storage.is_text();
            (c.as_str(), storage, desc, fold_text)
        })
        .collect();
    let has_id = order.iter().any(|o| o.0 == "id");
    let tie = options.tie_breaker && !has_id;
    if !order.is_empty() || tie {
        let mut keyed: Vec<(Vec<Key<'r>>, &'r R)> = rows
            .into_iter()
            .map(|r| {
                let mut keys: Vec<Key<'r>> = order
                    .iter()
                    .map(|&(f, s, _, fold_text)| record_key(s, r.get(f), fold_text))
                    .collect();
                if tie {
                    keys.push(record_key(Storage::RecordId, r.get("id"), false));
                }
                (keys, r)
            })
            .collect();
        keyed.sort_by(|(a, _), (b, _)| {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let o = sort_keys(x, y);
                let desc = order.get(i).is_some_and(|o| o.2);
                let o = if desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        rows = keyed.into_iter().map(|(_, r)| r).collect();
    }
    let (offset, count) = options.page(query.limit.as_ref());
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    Ok(Outcome::Rows(
        rows.into_iter().skip(offset).take(count).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_cases() {
        let cases = [
            ("Sm%", "Smith", true),
            ("Sm%", "smith", false),
            ("%ith", "Smith", true),
            ("S_ith", "Smith", true),
            ("S_ith", "Sith", false),
            ("%", "", true),
            ("_", "", false),
            ("100\\%", "100%", true),
            ("100\\%", "1000", false),
            ("a\\_b", "a_b", true),
            ("a\\_b", "axb", false),
            ("a\\\\b", "a\\b", true),
            ("a\\", "a\\", true),
            ("%a%b%", "xxaxxbxx", true),
            ("%a%b%", "xxbxxaxx", false),
            ("Mü%", "Müller", true),
            ("_ü%", "Müller", true),
            ("%%%x", "abc", false),
        ];
        for (pattern, text, expect) in cases {
            assert_eq!(
                like_match(&like_tokens(pattern), text),
                expect,
                "{pattern:?} {text:?}"
            );
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("abc"), Cow::Borrowed("abc"));
        assert_eq!(fold("ÉLODIE Müller"), "élodie müller");
        assert_eq!(fold("ΣΩΚΡΆΤΗΣ"), "σωκράτησ");
    }

    #[test]
    fn keys_by_storage() {
        assert_eq!(
            record_key(Storage::RecordId, ValueRef::Text("12x34"), false),
            Key::Num(34)
        );
        assert_eq!(
            record_key(Storage::Integer, ValueRef::Text("abc"), false),
            Key::Null
        );
        assert_eq!(
            record_key(Storage::Boolean, ValueRef::Text("on"), false),
            Key::Num(1)
        );
        assert_eq!(
            record_key(Storage::Float, ValueRef::Text("1.50"), false),
            Key::Float(1.5)
        );
        assert!(matches!(
            record_key(Storage::Date, ValueRef::Text("2020-01-02"), false),
            Key::Num(_)
        ));
        assert_eq!(
            record_key(Storage::Date, ValueRef::Text(""), false),
            Key::Null
        );
        assert_eq!(sort_keys(&Key::Null, &Key::Num(-5)), Ordering::Less);
    }

    #[test]
    fn combine_precedence() {
        use LogicalOp::*;
        // a or b and c with a = true, b = false, c = false
        let rest = [(Or, false), (And, false)];
        assert!(!combine(
            true,
            rest.iter().copied(),
            Precedence::LeftToRight
        ));
        assert!(combine(
            true,
            rest.iter().copied(),
            Precedence::SqlPrecedence
        ));
    }
}
