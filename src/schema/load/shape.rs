//! The structural checks of each document kind, run before the lenient conversion:
//! the types that decide what the document holds (the list of fields, a field's type,
//! a picklist, the list of modules) must be right; scalars stay lenient. `Err` holds
//! `path: expected X, found Y`.

use serde_json::{Map, Value};

/// What a member may be.
#[derive(Clone, Copy)]
enum Want {
    /// A JSON array.
    Array,
    /// An array or a comma-separated string (`labelFields`, `refersTo`, `types`).
    List,
    /// An object, or a type name alone.
    TypeObject,
    /// A string or a number (a name).
    Text,
    /// An object, or an array (PHP writes an empty map as `[]`).
    Map,
}

impl Want {
    fn accepts(self, v: &Value) -> bool {
        match self {
            Want::Array => v.is_array(),
            Want::List => v.is_array() || v.is_string(),
            Want::TypeObject => v.is_object() || v.is_string(),
            Want::Text => v.is_string() || v.is_number(),
            Want::Map => v.is_object() || v.is_array(),
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Want::Array => "an array",
            Want::List => "an array or a comma-separated string",
            Want::TypeObject => "an object or a type name",
            Want::Text => "a string",
            Want::Map => "an object",
        }
    }
}

/// Checks `obj[key]`: `required` members must be present and not `null`; optional
/// ones may be absent or `null` (a tolerated deviation).
fn member(
    obj: &Map<String, Value>,
    path: &str,
    key: &str,
    want: Want,
    required: bool,
) -> Result<(), String> {
    let found = match obj.get(key) {
        None if required => "nothing",
        None => return Ok(()),
        Some(Value::Null) if !required => return Ok(()),
        Some(v) if want.accepts(v) => return Ok(()),
        Some(v) => kind(v),
    };
    Err(format!(
        "{}: expected {}, found {found}",
        join(path, key),
        want.expected()
    ))
}

/// A describe result.
pub(super) fn describe(obj: &Map<String, Value>, path: &str) -> Result<(), String> {
    member(obj, path, "name", Want::Text, true)?;
    member(obj, path, "fields", Want::Array, true)?;
    member(obj, path, "labelFields", Want::List, false)?;
    let Some(Value::Array(fields)) = obj.get("fields") else {
        return Ok(());
    };
    for (i, field) in fields.iter().enumerate() {
        // Entries that are not objects are skipped by the loader (tolerated).
        let Value::Object(field) = field else {
            continue;
        };
        let at = format!("{}[{i}]", join(path, "fields"));
        member(field, &at, "name", Want::Text, false)?;
        member(field, &at, "type", Want::TypeObject, false)?;
        if let Some(Value::Object(ty)) = field.get("type") {
            let at = join(&at, "type");
            member(ty, &at, "name", Want::Text, false)?;
            member(ty, &at, "picklistValues", Want::Array, false)?;
            member(ty, &at, "refersTo", Want::List, false)?;
        }
    }
    Ok(())
}

/// A `listtypes` result.
pub(super) fn list_types(obj: &Map<String, Value>, path: &str) -> Result<(), String> {
    member(obj, path, "types", Want::List, true)?;
    member(obj, path, "information", Want::Map, false)
}

/// A module list (`loginAndFetchModules`).
pub(super) fn module_list(obj: &Map<String, Value>, path: &str) -> Result<(), String> {
    member(obj, path, "modules", Want::Array, true)
}

/// `path.key`, or `key` at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The JSON type of `v`, for messages.
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
