//! The documents as they arrive: lenient scalars (numbers as strings, `null` where a
//! value is expected...) and the raw describe, listtypes and module-list shapes.

use serde::de::{Deserialize, Deserializer};
use serde_json::Value;

use super::super::{Field, FieldType, Module, Picklist, PicklistValue};

// ---- lenient scalars -------------------------------------------------------------------

/// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`, `"yes"`/`"no"`; anything
/// else (including `null`) is "not said".
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Some(true),
            "0" | "false" | "no" | "off" | "" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A string, or a number or boolean written as its text; `null` is `None`.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar_text(Value::deserialize(d)?))
}

fn scalar_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if b { "1" } else { "0" }.to_owned()),
        _ => None,
    }
}

/// A non-negative integer written as a number or a string of digits.
fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `"a,b"` or `["a","b"]`.
fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::Array(items) => items.into_iter().filter_map(scalar_text).collect(),
        _ => Vec::new(),
    })
}

/// Picklist entries: objects with `label`/`value` (either may be missing), or strings.
fn picklist_values<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PicklistValue>, D::Error> {
    let Value::Array(items) = Value::deserialize(d)? else {
        return Ok(Vec::new());
    };
    Ok(items
        .into_iter()
        .filter_map(|item| match item {
            Value::Object(mut o) => {
                let value = o.remove("value").and_then(scalar_text);
                let label = o.remove("label").and_then(scalar_text);
                match (label, value) {
                    (Some(l), Some(v)) => Some(PicklistValue { label: l, value: v }),
                    (Some(x), None) | (None, Some(x)) => Some(PicklistValue {
                        label: x.clone(),
                        value: x,
                    }),
                    (None, None) => None,
                }
            }
            other => scalar_text(other).map(|v| PicklistValue {
                label: v.clone(),
                value: v,
            }),
        })
        .collect())
}

// ---- raw documents ---------------------------------------------------------------------

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawDescribe {
    #[serde(default, deserialize_with = "lenient_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    label: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    createable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    updateable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    deleteable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    retrieveable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_u64")]
    id_prefix: Option<u64>,
    #[serde(default, deserialize_with = "lenient_bool")]
    is_entity: Option<bool>,
    #[serde(default, deserialize_with = "string_list")]
    label_fields: Vec<String>,
    #[serde(default, deserialize_with = "fields")]
    fields: Vec<RawField>,
}

/// The fields array; entries that are not objects with a name are skipped.
fn fields<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RawField>, D::Error> {
    let Value::Array(items) = Value::deserialize(d)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.is_object() {
            let f = RawField::deserialize(item).map_err(serde::de::Error::custom)?;
            if f.name.as_deref().is_some_and(|n| !n.is_empty()) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

impl RawDescribe {
    pub(super) fn into_module(self) -> Module {
        let name = self.name.unwrap_or_default();
        Module {
            label: self.label.unwrap_or_else(|| name.clone()),
            name,
            id_prefix: self.id_prefix.and_then(|p| u32::try_from(p).ok()),
            is_entity: self.is_entity.unwrap_or(true),
            createable: self.createable.unwrap_or(false),
            updateable: self.updateable.unwrap_or(false),
            deleteable: self.deleteable.unwrap_or(false),
            retrieveable: self.retrieveable.unwrap_or(true),
            label_fields: self.label_fields,
            fields: self.fields.into_iter().map(RawField::into_field).collect(),
        }
    }
}

#[derive(serde::Deserialize)]
struct RawField {
    #[serde(default, deserialize_with = "lenient_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    label: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    mandatory: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    nullable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    editable: Option<bool>,
    #[serde(default, deserialize_with = "lenient_string")]
    default: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "raw_type")]
    ty: Option<RawType>,
}

fn raw_type<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RawType>, D::Error> {
    match Value::deserialize(d)? {
        v @ Value::Object(_) => RawType::deserialize(v)
            .map(Some)
            .map_err(serde::de::Error::custom),
        // Some forks write the type name alone.
        Value::String(name) => Ok(Some(RawType {
            name: Some(name),
            ..RawType::default()
        })),
        _ => Ok(None),
    }
}

impl RawField {
    fn into_field(self) -> Field {
        let name = self.name.unwrap_or_default();
        Field {
            label: self.label.unwrap_or_else(|| name.clone()),
            name,
            mandatory: self.mandatory.unwrap_or(false),
            nullable: self.nullable.unwrap_or(true),
            editable: self.editable.unwrap_or(true),
            default: self.default,
            ty: self
                .ty
                .map_or(FieldType::Other(String::new()), RawType::into_type),
        }
    }
}

#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawType {
    #[serde(default, deserialize_with = "lenient_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "picklist_values")]
    picklist_values: Vec<PicklistValue>,
    #[serde(default, deserialize_with = "lenient_string")]
    default_value: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    refers_to: Vec<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    format: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    max_upload_file_size: Option<u64>,
}

impl RawType {
    fn into_type(self) -> FieldType {
        let picklist = || Picklist {
            values: self.picklist_values.clone(),
            default: self.default_value.clone(),
        };
        match FieldType::from_name(self.name.as_deref().unwrap_or_default()) {
            FieldType::Picklist(_) => FieldType::Picklist(picklist()),
            FieldType::MultiPicklist(_) => FieldType::MultiPicklist(picklist()),
            FieldType::Reference { .. } => FieldType::Reference {
                refers_to: self.refers_to,
            },
            FieldType::Date { .. } => FieldType::Date {
                format: self.format.filter(|f| !f.trim().is_empty()),
            },
            FieldType::File { .. } => FieldType::File {
                max_upload_size: self.max_upload_file_size,
            },
            other => other,
        }
    }
}

#[derive(serde::Deserialize)]
pub(super) struct RawListTypes {
    #[serde(default, deserialize_with = "string_list")]
    types: Vec<String>,
    #[serde(default)]
    information: Value,
}

impl RawListTypes {
    pub(super) fn into_modules(self) -> Vec<Module> {
        let info = match self.information {
            Value::Object(o) => o,
            _ => Default::default(),
        };
        self.types
            .into_iter()
            .map(|name| {
                let mut m = Module::new(name, None);
                if let Some(i) = info.get(&m.name) {
                    if let Ok(raw) = RawModuleEntry::deserialize(i) {
                        if let Some(label) = raw.label {
                            m.label = label;
                        }
                        m.is_entity = raw.is_entity.unwrap_or(true);
                        m.id_prefix = raw.id.and_then(|p| u32::try_from(p).ok());
                    }
                }
                m
            })
            .collect()
    }
}

#[derive(serde::Deserialize)]
pub(super) struct RawModuleList {
    #[serde(default, deserialize_with = "module_entries")]
    pub(super) modules: Vec<RawModuleEntry>,
}

fn module_entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RawModuleEntry>, D::Error> {
    let Value::Array(items) = Value::deserialize(d)? else {
        return Ok(Vec::new());
    };
    Ok(items
        .into_iter()
        .filter_map(|v| RawModuleEntry::deserialize(v).ok())
        .filter(|m| m.name.as_deref().is_some_and(|n| !n.is_empty()))
        .collect())
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawModuleEntry {
    #[serde(default, deserialize_with = "lenient_u64")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "lenient_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    label: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    is_entity: Option<bool>,
}

impl RawModuleEntry {
    pub(super) fn into_module(self) -> Module {
        let mut m = Module::new(self.name.unwrap_or_default(), None);
        if let Some(label) = self.label {
            m.label = label;
        }
        m.is_entity = self.is_entity.unwrap_or(true);
        m.id_prefix = self.id.and_then(|p| u32::try_from(p).ok());
        m
    }
}
