//! The `where` chain compiled once per evaluation: each condition's constants converted
//! and normalized up front (folded text, date and number keys, sorted `in` lists,
//! compiled `like` patterns), and the chain combined with short-circuits that cannot
//! change its value.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::options::{operands, EvalError, EvalOptions};
use super::record::{Record, ValueRef};
use super::text::{Folded, Pattern};
use crate::ast::{CompareOp, LogicalOp, Precedence, Run};
use crate::schema::Module;
use crate::validate::Validated;
use crate::value::number::{read_stored_float, read_stored_integer};
use crate::value::{boolean, Date, DateTime, RecordId, Storage, Stored, Time};

/// A comparable value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Key<'a> {
    Null,
    Num(i64),
    Float(f64),
    Text(Cow<'a, str>),
}

/// Compares two keys of the same kind (numbers with numbers, text with text).
pub(super) fn cmp_keys(a: &Key<'_>, b: &Key<'_>) -> Option<Ordering> {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => Some(x.cmp(y)),
        (Key::Float(x), Key::Float(y)) => x.partial_cmp(y),
        (Key::Num(x), Key::Float(y)) => (*x as f64).partial_cmp(y),
        (Key::Float(x), Key::Num(y)) => x.partial_cmp(&(*y as f64)),
        (Key::Text(x), Key::Text(y)) => Some(x.as_ref().cmp(y.as_ref())),
        _ => None,
    }
}

/// The text of a value: text as is, numbers in decimal, flags as `1`/`0`.
pub(super) fn text_of(v: ValueRef<'_>) -> Option<Cow<'_, str>> {
    Some(match v {
        ValueRef::Null => return None,
        ValueRef::Text(s) => Cow::Borrowed(s),
        ValueRef::Int(i) => Cow::Owned(i.to_string()),
        ValueRef::Float(f) => Cow::Owned(f.to_string()),
        ValueRef::Bool(b) => Cow::Borrowed(if b { "1" } else { "0" }),
    })
}

/// A record's value read as `storage`. Text storage gives text (folded with
/// `fold_text`); every other storage gives a number or NULL.
pub(super) fn record_key<'r>(storage: Storage, v: ValueRef<'r>, fold_text: bool) -> Key<'r> {
    let num = |o: Option<i64>| o.map_or(Key::Null, Key::Num);
    match (storage, v) {
        (_, ValueRef::Null) => Key::Null,
        (Storage::Text, v) => match text_of(v) {
            Some(Cow::Borrowed(s)) if fold_text => Key::Text(super::text::fold(s)),
            Some(t) if fold_text => Key::Text(Cow::Owned(super::text::fold(&t).into_owned())),
            Some(t) => Key::Text(t),
            None => Key::Null,
        },
        (Storage::Integer, ValueRef::Int(i)) => Key::Num(i),
        (Storage::Integer, ValueRef::Float(f)) if f.fract() == 0.0 => Key::Num(f as i64),
        (Storage::Integer, ValueRef::Bool(b)) => Key::Num(i64::from(b)),
        (Storage::Integer, ValueRef::Text(s)) => num(read_stored_integer(s)),
        (Storage::Float, ValueRef::Int(i)) => Key::Float(i as f64),
        (Storage::Float, ValueRef::Float(f)) => Key::Float(f),
        (Storage::Float, ValueRef::Text(s)) => read_stored_float(s).map_or(Key::Null, Key::Float),
        (Storage::Boolean, ValueRef::Bool(b)) => Key::Num(i64::from(b)),
        (Storage::Boolean, ValueRef::Int(i)) => Key::Num(i64::from(i != 0)),
        (Storage::Boolean, ValueRef::Text(s)) => num(boolean::read_stored_flag(s).map(i64::from)),
        (Storage::RecordId | Storage::Owner, ValueRef::Int(i)) => Key::Num(i),
        (Storage::RecordId | Storage::Owner, ValueRef::Text(s)) => {
            num(RecordId::read_stored_number(s))
        }
        (Storage::Date, ValueRef::Text(s)) => num(Date::read_stored(s).map(date_key)),
        (Storage::DateTime, ValueRef::Text(s)) => num(DateTime::read_stored(s).map(DateTime::key)),
        (Storage::Time, ValueRef::Text(s)) => num(Time::read_stored(s).map(Time::key)),
        _ => Key::Null,
    }
}

/// The ISO text `like` sees for a value of a number, date or time field (text fields
/// are matched in place, see [`Pattern::matches`]).
fn iso_text(storage: Storage, v: ValueRef<'_>) -> Option<String> {
    match storage {
        Storage::Integer => match record_key(storage, v, false) {
            Key::Num(i) => Some(i.to_string()),
            _ => None,
        },
        Storage::Date => match v {
            ValueRef::Text(s) => Date::read_stored(s).map(|d| d.to_string()),
            _ => None,
        },
        Storage::DateTime => match v {
            ValueRef::Text(s) => DateTime::read_stored(s).map(|d| d.to_string()),
            _ => None,
        },
        Storage::Time => match v {
            ValueRef::Text(s) => Time::read_stored(s).map(|t| t.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a comparison holds given how the record's value orders against the
/// constant (`None`: not comparable, never holds).
fn holds(op: CompareOp, o: Option<Ordering>) -> bool {
    match (op, o) {
        (_, None) => false,
        (CompareOp::Eq, Some(o)) => o == Ordering::Equal,
        (CompareOp::Ne, Some(o)) => o != Ordering::Equal,
        (CompareOp::Lt, Some(o)) => o == Ordering::Less,
        (CompareOp::Gt, Some(o)) => o == Ordering::Greater,
        (CompareOp::Le, Some(o)) => o != Ordering::Greater,
        (CompareOp::Ge, Some(o)) => o != Ordering::Less,
        (CompareOp::In | CompareOp::Like, _) => false,
    }
}

/// The values of an `in` list: sorted and searched by halving when enough records will
/// be looked up to pay for the sort, else scanned.
#[derive(Debug)]
struct Set<T> {
    values: Vec<T>,
    sorted: bool,
}

impl<T> Set<T> {
    /// A set of `values` for `lookups` lookups; `order` is a total order on the values
    /// that agrees with the lookups' comparison.
    fn new(mut values: Vec<T>, lookups: usize, order: impl Fn(&T, &T) -> Ordering) -> Self {
        // Sorting costs about n log2(n) comparisons; scanning costs n per lookup.
        let sorted = values.len() > 1 && lookups > values.len().ilog2() as usize + 1;
        if sorted {
            values.sort_unstable_by(&order);
            values.dedup_by(|a, b| order(a, b) == Ordering::Equal);
        }
        Set { values, sorted }
    }

    /// Whether some value compares equal; `probe` orders a value against the one
    /// looked up.
    fn contains(&self, probe: impl Fn(&T) -> Ordering) -> bool {
        if self.sorted {
            self.values.binary_search_by(probe).is_ok()
        } else {
            self.values.iter().any(|v| probe(v) == Ordering::Equal)
        }
    }
}

/// What a condition checks, its constants ready.
#[derive(Debug)]
enum Check {
    /// A text field against a constant (folded when the comparison folds case).
    Text(CompareOp, Box<str>),
    /// A text field `in` a list of such constants.
    TextIn(Set<Box<str>>),
    /// Any other field: its key against a constant key.
    Key(CompareOp, Key<'static>),
    /// `in` with integer keys (integers, flags, ids, dates, date-times, times).
    NumIn(Set<i64>),
    /// `in` with decimal keys.
    FloatIn(Set<f64>),
    /// `in` with keys of mixed kinds (the conversions give none; kept for generality).
    KeyIn(Vec<Key<'static>>),
    /// `like` on a text field: matched in place.
    TextLike(Box<Pattern>),
    /// `like` on a number, date or time field: matched against its ISO text.
    IsoLike(Box<Pattern>),
}

/// A condition ready to test records.
#[derive(Debug)]
struct Test<'q> {
    field: &'q str,
    storage: Storage,
    /// Text compared case-insensitively.
    fold: bool,
    check: Check,
}

impl Test<'_> {
    fn matches<R: Record>(&self, r: &R) -> bool {
        let v = r.get(self.field);
        let text = || text_of(v);
        match &self.check {
            Check::Text(op, k) => text().is_some_and(|t| {
                let t = Folded::new(&t, self.fold);
                match op {
                    CompareOp::Eq => t.eq_str(k),
                    CompareOp::Ne => !t.eq_str(k),
                    _ => holds(*op, Some(t.cmp_str(k))),
                }
            }),
            Check::TextIn(set) => text().is_some_and(|t| {
                let t = Folded::new(&t, self.fold);
                set.contains(|k| t.cmp_str(k).reverse())
            }),
            Check::TextLike(p) => text().is_some_and(|t| p.matches(Folded::new(&t, self.fold))),
            Check::IsoLike(p) => {
                iso_text(self.storage, v).is_some_and(|t| p.matches(Folded::new(&t, false)))
            }
            Check::Key(op, k) => match record_key(self.storage, v, self.fold) {
                Key::Null => false,
                key => holds(*op, cmp_keys(&key, k)),
            },
            Check::NumIn(set) => match record_key(self.storage, v, false) {
                Key::Num(x) => set.contains(|k| k.cmp(&x)),
                Key::Float(x) => {
                    set.contains(|&k| (k as f64).partial_cmp(&x).unwrap_or(Ordering::Less))
                }
                _ => false,
            },
            Check::FloatIn(set) => match record_key(self.storage, v, false) {
                // NaN orders against nothing, and so is in no list.
                Key::Float(x) => set.contains(|k| k.partial_cmp(&x).unwrap_or(Ordering::Less)),
                Key::Num(x) => {
                    set.contains(|k| k.partial_cmp(&(x as f64)).unwrap_or(Ordering::Less))
                }
                _ => false,
            },
            Check::KeyIn(keys) => match record_key(self.storage, v, self.fold) {
                Key::Null => false,
                key => keys
                    .iter()
                    .any(|k| cmp_keys(&key, k) == Some(Ordering::Equal)),
            },
        }
    }
}

/// The storage of a field of `module` (`id` is the record id): the override of
/// `options`, else its type's, as the translator resolves it through the mapping.
pub(super) fn storage_of(module: &Module, options: &EvalOptions, name: &str) -> Storage {
    if name == "id" {
        return Storage::RecordId;
    }
    options.storage_override(name).unwrap_or_else(|| {
        module
            .field(name)
            .map_or(Storage::Text, |f| Storage::for_type(&f.ty))
    })
}

/// A date's key: the key of midnight that day, so that dates and date-times of a
/// column compare alike.
fn date_key(d: Date) -> i64 {
    DateTime::new(d, Time::MIDNIGHT).key()
}

/// A query constant, as its column stores it, as a key (text folded with `fold_text`).
fn query_key(v: Stored<'_>, fold_text: bool) -> Key<'static> {
    match v {
        Stored::Integer(i) => Key::Num(i),
        Stored::Float(f) => Key::Float(f),
        Stored::Text(s) => Key::Text(Cow::Owned(if fold_text {
            super::text::fold(s).into_owned()
        } else {
            s.to_owned()
        })),
        Stored::Date(d) => Key::Num(date_key(d)),
        Stored::DateTime(dt) => Key::Num(dt.key()),
        Stored::Time(t) => Key::Num(t.key()),
    }
}

/// The check for `in` over `keys`: a set of one kind when every key has it (NULLs,
/// which match nothing, left out).
fn in_check(storage: Storage, keys: Vec<Key<'static>>, lookups: usize) -> Check {
    let keys: Vec<Key<'static>> = keys.into_iter().filter(|k| *k != Key::Null).collect();
    if storage == Storage::Text && keys.iter().all(|k| matches!(k, Key::Text(_))) {
        let texts = keys
            .into_iter()
            .filter_map(|k| match k {
                Key::Text(t) => Some(t.into_owned().into_boxed_str()),
                _ => None,
            })
            .collect();
        Check::TextIn(Set::new(texts, lookups, Ord::cmp))
    } else if storage != Storage::Text && keys.iter().all(|k| matches!(k, Key::Num(_))) {
        let nums = keys
            .iter()
            .filter_map(|k| match k {
                Key::Num(i) => Some(*i),
                _ => None,
            })
            .collect();
        Check::NumIn(Set::new(nums, lookups, i64::cmp))
    } else if storage != Storage::Text && keys.iter().all(|k| matches!(k, Key::Float(_))) {
        let floats = keys
            .iter()
            .filter_map(|k| match k {
                Key::Float(f) => Some(*f),
                _ => None,
            })
            .collect();
        Check::FloatIn(Set::new(floats, lookups, f64::total_cmp))
    } else {
        Check::KeyIn(keys)
    }
}

/// The `where` chain, compiled.
#[derive(Debug)]
pub(super) struct CompiledChain<'q> {
    tests: Vec<Test<'q>>,
    /// The chain's runs under `precedence` ([`crate::ast::Grouping::runs`]).
    runs: Vec<Run>,
    precedence: Precedence,
}

impl<'q> CompiledChain<'q> {
    /// Compiles the conditions of a validated query from the constants the validator
    /// read, converted like the SQL backend converts them (the same errors, in the same
    /// order). `lookups`: how many records will be tested.
    /// `storage` gives each field's storage, as the translator's mapping does.
    pub fn compile(
        validated: &Validated<'q>,
        options: &EvalOptions,
        precedence: Precedence,
        lookups: usize,
        storage: &dyn Fn(&str) -> Storage,
    ) -> Result<Self, EvalError> {
        let query = validated.query();
        let mut tests = Vec::new();
        for (index, c) in query
            .where_clause
            .iter()
            .flat_map(|w| w.conditions())
            .enumerate()
        {
            let storage = storage(c.column.as_str());
            let fold_text = !options.case_sensitive && storage.is_text();
            let values = operands(c).ok_or_else(|| EvalError::unsupported(c))?;
            let check = if c.op == CompareOp::Like {
                let pattern = Box::new(Pattern::new(values[0].as_str(), fold_text));
                match storage {
                    Storage::Text => Check::TextLike(pattern),
                    Storage::Integer | Storage::Date | Storage::DateTime | Storage::Time => {
                        Check::IsoLike(pattern)
                    }
                    _ => return Err(EvalError::unsupported(c)),
                }
            } else {
                let mut keys = Vec::with_capacity(values.len());
                for stored in validated.stored(index, storage)? {
                    keys.push(query_key(stored, fold_text));
                }
                if c.op == CompareOp::In {
                    in_check(storage, keys, lookups)
                } else {
                    match keys.pop() {
                        Some(Key::Text(t)) if storage == Storage::Text => {
                            Check::Text(c.op, t.into_owned().into_boxed_str())
                        }
                        key => Check::Key(c.op, key.unwrap_or(Key::Null)),
                    }
                }
            };
            tests.push(Test {
                field: c.column.as_str(),
                storage,
                fold: fold_text,
                check,
            });
        }
        let runs = query
            .where_clause
            .iter()
            .flat_map(|w| w.grouped(precedence).runs())
            .collect();
        Ok(CompiledChain {
            tests,
            runs,
            precedence,
        })
    }

    /// Whether `r` passes the chain (no chain: every record does). Conditions have no
    /// effects, so each is tested only while the chain's value still depends on it.
    pub fn matches<R: Record>(&self, r: &R) -> bool {
        let Some((first, rest)) = self.tests.split_first() else {
            return true;
        };
        match self.precedence {
            // `((c1 op c2) op c3) ... op cn`: the value is set by the last condition
            // that sets it, an `or` one that holds (true) or an `and` one that fails
            // (false); the others leave it. So read from the right and stop at the
            // first that sets it; if none does, it is `c1`.
            Precedence::LeftToRight => {
                for run in self.runs.iter().rev() {
                    let sets = run.op == LogicalOp::Or;
                    let after_first = run.conditions.start.max(1)..run.conditions.end;
                    for t in rest[after_first.start - 1..after_first.end - 1]
                        .iter()
                        .rev()
                    {
                        if t.matches(r) == sets {
                            return sets;
                        }
                    }
                }
                first.matches(r)
            }
            // `and` binds tighter: true when one run holds throughout.
            Precedence::SqlPrecedence => self.runs.iter().any(|run| {
                self.tests[run.conditions.clone()]
                    .iter()
                    .all(|t| t.matches(r))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with one field `f` whose value says which conditions hold.
    struct Bits(u32);
    impl Record for Bits {
        fn get(&self, field: &str) -> ValueRef<'_> {
            let i: u32 = field[1..].parse().unwrap();
            ValueRef::Int(i64::from(self.0 >> i & 1))
        }
    }

    /// Every chain of up to 7 conditions, every truth assignment, both precedences: the
    /// short-circuits give the value of the full evaluation ([`Grouping::evaluate`]).
    ///
    /// [`Grouping::evaluate`]: crate::ast::Grouping::evaluate
    #[test]
    fn short_circuits_keep_the_value() {
        use crate::schema::{Field, FieldType, Module, Schema};
        use crate::{Query, ValidateOptions};
        let mut module = Module::new("M", Some(1));
        for i in 0..7 {
            module
                .fields
                .push(Field::new(format!("c{i}"), FieldType::Integer));
        }
        let mut schema = Schema::new();
        schema.insert(module);
        for n in 1..=7u32 {
            for op_bits in 0..1u32 << (n - 1) {
                let mut text = String::from("select * from M where c0 = 1");
                for i in 1..n {
                    let op = if op_bits >> (i - 1) & 1 == 1 {
                        "or"
                    } else {
                        "and"
                    };
                    text.push_str(&format!(" {op} c{i} = 1"));
                }
                let query = Query::parse(&text).unwrap();
                let chain = query.where_clause.as_ref().unwrap();
                let validated = query
                    .validate(&schema, &ValidateOptions::default())
                    .unwrap();
                let integer = |_: &str| Storage::Integer;
                for precedence in [Precedence::LeftToRight, Precedence::SqlPrecedence] {
                    let options = EvalOptions::default();
                    let filter =
                        CompiledChain::compile(&validated, &options, precedence, 1, &integer)
                            .unwrap();
                    for truth in 0..1u32 << n {
                        let holds = |c: &crate::ast::Condition| {
                            let i: u32 = c.column.as_str()[1..].parse().unwrap();
                            truth >> i & 1 == 1
                        };
                        assert_eq!(
                            filter.matches(&Bits(truth)),
                            chain.grouped(precedence).evaluate(holds),
                            "{text} {truth:b} {precedence:?}"
                        );
                    }
                }
            }
        }
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
    }

    /// Sorted and scanned sets agree, duplicates and signed zeros included.
    #[test]
    fn sets_sorted_or_scanned() {
        let nums = vec![5, -3, 5, 9, 0, i64::MAX, i64::MIN];
        let floats = vec![1.5, -0.0, 0.0, 2.0, -7.25, 1.5];
        let texts: Vec<Box<str>> = ["b", "a", "müller", "", "b", "zz"]
            .iter()
            .map(|s| Box::from(*s))
            .collect();
        for lookups in [1, 1000] {
            let s = Set::new(nums.clone(), lookups, i64::cmp);
            assert_eq!(s.sorted, lookups == 1000);
            for x in [-3, 5, 4, 0, i64::MAX, i64::MIN, 10] {
                assert_eq!(s.contains(|k| k.cmp(&x)), nums.contains(&x), "{x}");
            }
            let s = Set::new(floats.clone(), lookups, f64::total_cmp);
            for x in [0.0, -0.0, 1.5, 2.0, 3.0, f64::NAN, f64::INFINITY] {
                assert_eq!(
                    s.contains(|k| k.partial_cmp(&x).unwrap_or(Ordering::Less)),
                    floats.contains(&x),
                    "{x}"
                );
            }
            let s = Set::new(texts.clone(), lookups, Ord::cmp);
            for x in ["a", "b", "c", "", "müller", "zz", "z"] {
                let t = Folded::new(x, true);
                assert_eq!(
                    s.contains(|k| t.cmp_str(k).reverse()),
                    texts.iter().any(|k| &**k == x),
                    "{x}"
                );
            }
        }
    }
}
