//! Where each module and field lives in the database: tables, columns, how values are
//! stored, and the fixed filters added to every query of a module.
//!
//! A [`Mapping`] is plain data: write it by hand, load it from JSON
//! ([`Mapping::from_json_str`], feature `json`; TOML is not supported, any serde format can
//! deserialize it with feature `serde`), or derive it by convention from a [`Schema`]
//! ([`Mapping::from_schema`]).
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use vtql::sql::{Mapping, Storage};
//! let m = Mapping::from_json_str(r#"{ "modules": { "Contacts": {
//!     "table": "vtiger_contactdetails", "id_column": "contactid",
//!     "joins": [ { "table": "vtiger_crmentity", "id_column": "crmid" } ],
//!     "fields": {
//!         "lastname": { "column": "lastname" },
//!         "assigned_user_id": { "table": "vtiger_crmentity", "column": "smownerid", "storage": "owner" }
//!     },
//!     "filters": [ { "table": "vtiger_crmentity", "column": "deleted", "op": "=", "value": 0 } ]
//! } } }"#).unwrap();
//! let contacts = m.module("Contacts").unwrap();
//! assert_eq!(contacts.field("assigned_user_id").unwrap().storage, Some(Storage::Owner));
//! # }
//! ```

use std::collections::BTreeMap;

use crate::schema::Schema;
pub use crate::value::Storage;

/// Table and column names of modules and fields, how values are stored, and the fixed
/// filters added to every query of a module. Plain data: write it by hand, load it from
/// JSON (`Mapping::from_json_str`, feature `json`), deserialize it from any serde format
/// (feature `serde`), or derive it by convention from a [`Schema`]
/// ([`Mapping::from_schema`]).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mapping {
    /// The modules, by module name (exact case).
    pub modules: BTreeMap<String, ModuleMapping>,
}

/// Where one module lives.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ModuleMapping {
    /// The base table (`FROM`).
    pub table: String,
    /// The base table's record-id column; the pseudo-field `id` maps to it.
    pub id_column: String,
    /// Tables joined to the base table on the record id, in the order they are joined.
    /// Only tables that a query uses are joined (`LEFT JOIN`), like on the real server.
    #[cfg_attr(feature = "serde", serde(default))]
    pub joins: Vec<JoinTable>,
    /// The fields, by field name (exact case). `id` need not be listed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fields: BTreeMap<String, FieldMapping>,
    /// Conditions added (with `AND`) to every query of the module, outside the user's
    /// conditions: `deleted = 0`, Leads' `converted = 0`, Calendar's activity type...
    #[cfg_attr(feature = "serde", serde(default))]
    pub filters: Vec<FixedFilter>,
}

/// A table joined on the record id: `LEFT JOIN table ON base.id_column = table.id_column`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct JoinTable {
    /// The table name.
    pub table: String,
    /// Its column holding the record id.
    pub id_column: String,
}

/// Where one field lives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FieldMapping {
    /// The table: the base table when `None`, else one of the module's joins.
    #[cfg_attr(feature = "serde", serde(default))]
    pub table: Option<String>,
    /// The column.
    pub column: String,
    /// How values are stored; derived from the field's type when `None`
    /// (see [`Storage::for_type`]).
    #[cfg_attr(feature = "serde", serde(default))]
    pub storage: Option<Storage>,
}

impl FieldMapping {
    /// A column of the base table, storage derived from the field type.
    pub fn column(column: impl Into<String>) -> Self {
        FieldMapping {
            table: None,
            column: column.into(),
            storage: None,
        }
    }

    /// A column of a joined table.
    pub fn in_table(table: impl Into<String>, column: impl Into<String>) -> Self {
        FieldMapping {
            table: Some(table.into()),
            column: column.into(),
            storage: None,
        }
    }

    /// Sets the storage.
    pub fn stored_as(mut self, storage: Storage) -> Self {
        self.storage = Some(storage);
        self
    }
}

/// A fixed condition `table.column op value` on a module's storage.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FixedFilter {
    /// The table: the base table when `None`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub table: Option<String>,
    /// The column.
    pub column: String,
    /// `=` or `!=`.
    pub op: FilterOp,
    /// The constant (an integer is written into the SQL, a string is bound).
    pub value: FilterValue,
}

impl FixedFilter {
    /// `table.column = value`.
    pub fn eq(table: Option<&str>, column: &str, value: impl Into<FilterValue>) -> Self {
        FixedFilter {
            table: table.map(str::to_owned),
            column: column.to_owned(),
            op: FilterOp::Eq,
            value: value.into(),
        }
    }

    /// `table.column != value`.
    pub fn ne(table: Option<&str>, column: &str, value: impl Into<FilterValue>) -> Self {
        FixedFilter {
            op: FilterOp::Ne,
            ..FixedFilter::eq(table, column, value)
        }
    }
}

/// The operator of a [`FixedFilter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FilterOp {
    /// `=`
    #[cfg_attr(feature = "serde", serde(rename = "="))]
    Eq,
    /// `!=`
    #[cfg_attr(feature = "serde", serde(rename = "!="))]
    Ne,
}

/// The constant of a [`FixedFilter`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum FilterValue {
    /// An integer, written into the SQL text.
    Int(i64),
    /// A string, bound as a parameter.
    Text(String),
}

impl From<i64> for FilterValue {
    fn from(v: i64) -> Self {
        FilterValue::Int(v)
    }
}

impl From<&str> for FilterValue {
    fn from(v: &str) -> Self {
        FilterValue::Text(v.to_owned())
    }
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a module.
    pub fn insert(&mut self, name: impl Into<String>, module: ModuleMapping) {
        self.modules.insert(name.into(), module);
    }

    /// The mapping of a module (exact name).
    pub fn module(&self, name: &str) -> Option<&ModuleMapping> {
        self.modules.get(name)
    }

    /// The convention for simple databases: one table per module named like the module,
    /// its id column `id`, one column per field named like the field, storage from the
    /// field types, no joins and no fixed filters.
    ///
    /// ```
    /// use vtql::schema::{Field, FieldType, Module, Schema};
    /// use vtql::sql::{Mapping, Storage};
    /// let mut module = Module::new("Contacts", Some(12));
    /// module.fields.push(Field::new("lastname", FieldType::String));
    /// module.fields.push(Field::new("account_id", FieldType::Reference { refers_to: vec![] }));
    /// let mut schema = Schema::new();
    /// schema.insert(module);
    /// let m = Mapping::from_schema(&schema);
    /// let c = m.module("Contacts").unwrap();
    /// assert_eq!((c.table.as_str(), c.id_column.as_str()), ("Contacts", "id"));
    /// assert_eq!(c.field("account_id").unwrap().storage, Some(Storage::RecordId));
    /// ```
    pub fn from_schema(schema: &Schema) -> Self {
        let mut mapping = Mapping::new();
        for module in schema.modules() {
            let mut mm = ModuleMapping {
                table: module.name.clone(),
                id_column: "id".to_owned(),
                ..ModuleMapping::default()
            };
            for field in &module.fields {
                if field.name == "id" {
                    continue;
                }
                mm.fields.insert(
                    field.name.clone(),
                    FieldMapping::column(field.name.clone())
                        .stored_as(Storage::for_type(&field.ty)),
                );
            }
            mapping.insert(module.name.clone(), mm);
        }
        mapping
    }

    /// Reads a mapping from its JSON form (the serde shape of these types).
    #[cfg(feature = "json")]
    pub fn from_json_str(json: &str) -> Result<Mapping, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Writes the mapping as pretty JSON.
    #[cfg(feature = "json")]
    pub fn to_json_string(&self) -> String {
        // Serializing plain maps, strings and integers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl ModuleMapping {
    /// The fields whose `storage` the mapping sets, with it: what the evaluator needs
    /// to read them as the SQL does (`EvalOptions::stored_as_all`).
    pub fn storage_overrides(&self) -> impl Iterator<Item = (&str, Storage)> + '_ {
        self.fields
            .iter()
            .filter_map(|(name, fm)| fm.storage.map(|s| (name.as_str(), s)))
    }

    /// A module in `table`, with `id_column` holding the record id.
    pub fn new(table: impl Into<String>, id_column: impl Into<String>) -> Self {
        ModuleMapping {
            table: table.into(),
            id_column: id_column.into(),
            ..ModuleMapping::default()
        }
    }

    /// The mapping of a field (exact name); `id` is never listed here.
    pub fn field(&self, name: &str) -> Option<&FieldMapping> {
        self.fields.get(name)
    }

    /// The id column of `table` (the base table or a join), if the table belongs to the
    /// module.
    pub fn id_column_of(&self, table: &str) -> Option<&str> {
        if table == self.table {
            return Some(&self.id_column);
        }
        self.joins
            .iter()
            .find(|j| j.table == table)
            .map(|j| j.id_column.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FieldType;

    #[test]
    fn storage_by_type() {
        let cases = [
            (FieldType::String, Storage::Text),
            (FieldType::Picklist(Default::default()), Storage::Text),
            (FieldType::Owner, Storage::Owner),
            (
                FieldType::Reference { refers_to: vec![] },
                Storage::RecordId,
            ),
            (FieldType::Autogenerated, Storage::RecordId),
            (FieldType::Boolean, Storage::Boolean),
            (FieldType::Integer, Storage::Integer),
            (FieldType::Currency, Storage::Float),
            (FieldType::Date { format: None }, Storage::Date),
            (FieldType::DateTime, Storage::DateTime),
            (FieldType::Time, Storage::Time),
            (FieldType::Other("cnpj".into()), Storage::Text),
        ];
        for (ty, storage) in cases {
            assert_eq!(Storage::for_type(&ty), storage, "{ty}");
        }
    }

    #[test]
    fn id_column_of_tables() {
        let mut m = ModuleMapping::new("base", "bid");
        m.joins.push(JoinTable {
            table: "j".into(),
            id_column: "jid".into(),
        });
        assert_eq!(m.id_column_of("base"), Some("bid"));
        assert_eq!(m.id_column_of("j"), Some("jid"));
        assert_eq!(m.id_column_of("other"), None);
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_round_trip() {
        let mut m = Mapping::new();
        let mut mm = ModuleMapping::new("t", "id");
        mm.fields.insert(
            "a".into(),
            FieldMapping::in_table("u", "col").stored_as(Storage::Date),
        );
        mm.filters.push(FixedFilter::ne(None, "kind", "Task"));
        mm.filters.push(FixedFilter::eq(Some("u"), "deleted", 0));
        m.insert("M", mm);
        let json = m.to_json_string();
        assert!(json.contains(r#""op": "!=""#), "{json}");
        assert_eq!(Mapping::from_json_str(&json).unwrap(), m);
    }
}
