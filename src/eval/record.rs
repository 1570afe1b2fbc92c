//! What the evaluator reads: records that answer "what is the value of field X".

use std::collections::{BTreeMap, HashMap};

/// An owned field value, for building records in memory.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum FieldValue {
    /// No value (SQL `NULL`); a missing field reads as this too.
    Null,
    /// A flag.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text, or any value in the web-service text form (`"12x34"`, `"2024-01-31"`,
    /// `"1"`, `"1500.00"`...): the field's type decides how it is read.
    Text(String),
}

impl FieldValue {
    /// A borrowed view.
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            FieldValue::Null => ValueRef::Null,
            FieldValue::Bool(b) => ValueRef::Bool(*b),
            FieldValue::Int(i) => ValueRef::Int(*i),
            FieldValue::Float(f) => ValueRef::Float(*f),
            FieldValue::Text(s) => ValueRef::Text(s),
        }
    }
}

impl From<&str> for FieldValue {
    fn from(s: &str) -> Self {
        FieldValue::Text(s.to_owned())
    }
}
impl From<String> for FieldValue {
    fn from(s: String) -> Self {
        FieldValue::Text(s)
    }
}
impl From<i64> for FieldValue {
    fn from(i: i64) -> Self {
        FieldValue::Int(i)
    }
}
impl From<f64> for FieldValue {
    fn from(f: f64) -> Self {
        FieldValue::Float(f)
    }
}
impl From<bool> for FieldValue {
    fn from(b: bool) -> Self {
        FieldValue::Bool(b)
    }
}

/// A borrowed field value, what [`Record::get`] returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'r> {
    /// No value.
    Null,
    /// A flag.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text (or the web-service text form of any value).
    Text(&'r str),
}

/// A record the evaluator can read. `get("id")` must give the record id, as `Int(M)` or
/// as the text `"NxM"`.
pub trait Record {
    /// The value of `field`; [`ValueRef::Null`] when the record has none.
    fn get(&self, field: &str) -> ValueRef<'_>;
}

impl Record for HashMap<String, FieldValue> {
    fn get(&self, field: &str) -> ValueRef<'_> {
        HashMap::get(self, field).map_or(ValueRef::Null, FieldValue::as_ref)
    }
}

impl Record for BTreeMap<String, FieldValue> {
    fn get(&self, field: &str) -> ValueRef<'_> {
        BTreeMap::get(self, field).map_or(ValueRef::Null, FieldValue::as_ref)
    }
}

/// A JSON object as the web service returns it: strings, numbers, booleans, null.
/// Arrays and objects read as NULL.
#[cfg(feature = "json")]
impl Record for serde_json::Map<String, serde_json::Value> {
    fn get(&self, field: &str) -> ValueRef<'_> {
        use serde_json::Value;
        match serde_json::Map::get(self, field) {
            Some(Value::String(s)) => ValueRef::Text(s),
            Some(Value::Bool(b)) => ValueRef::Bool(*b),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => ValueRef::Int(i),
                None => n.as_f64().map_or(ValueRef::Null, ValueRef::Float),
            },
            _ => ValueRef::Null,
        }
    }
}

impl<R: Record + ?Sized> Record for &R {
    fn get(&self, field: &str) -> ValueRef<'_> {
        (**self).get(field)
    }
}
