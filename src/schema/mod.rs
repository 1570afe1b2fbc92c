//! The schema a query is validated against: the modules and fields one user may see, as
//! the server's `describe`, `listtypes` and `loginAndFetchModules` operations tell them.
//!
//! The model needs no feature. Loading the raw JSON of those operations needs the `json`
//! feature ([`Schema::from_json_str`], [`Schema::load`]); the loader accepts the
//! documented shapes and the deviations real servers send (envelopes, strings for
//! numbers, missing keys, unknown types and keys).
//!
//! ```
//! use vtql::Schema;
//! use vtql::schema::{Field, FieldType, Module};
//!
//! let mut contacts = Module::new("Contacts", Some(12));
//! contacts.fields.push(Field::new("lastname", FieldType::String));
//! let mut schema = Schema::new();
//! schema.insert(contacts);
//!
//! assert!(schema.module("Contacts").is_some());
//! assert!(schema.module("contacts").is_none()); // module names are case-sensitive
//! assert_eq!(schema.module_ignore_case("contacts").unwrap().name, "Contacts");
//! assert_eq!(schema.module_by_prefix(12).unwrap().name, "Contacts");
//! ```

#[cfg(feature = "json")]
mod load;
mod types;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[cfg(feature = "json")]
pub use load::LoadError;
pub use types::{Field, FieldType, Module, Picklist, PicklistValue};

/// A set of modules, by name. Modules come either *described* (with their fields, from
/// `describe` or [`Schema::insert`]) or only *listed* (name, label, prefix and entity
/// flag, from `listtypes` / `loginAndFetchModules` or [`Schema::insert_listed`]).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    entries: Vec<Entry>,
    by_name: NameMap,
}

/// Names (modules, fields) to indexes. The keys are short identifiers from trusted
/// describe documents and lookups never insert, so a simple fast hash is enough: one
/// rotate, xor and multiply per eight bytes of the name (FxHash's mixing step).
type NameMap = HashMap<String, usize, BuildHasherDefault<NameHasher>>;

#[derive(Default)]
struct NameHasher(u64);

impl NameHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps `ab` and `ab\0` apart.
            self.mix(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
}

/// The field index of one described module (see [`Schema::fields_of`]).
#[derive(Clone, Copy)]
pub(crate) struct FieldIndex<'s> {
    module: &'s Module,
    index: &'s NameMap,
    /// Whether the module was described (else its fields are unknown).
    pub(crate) described: bool,
}

impl<'s> FieldIndex<'s> {
    /// The field called exactly `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&'s Field> {
        self.index.get(name).map(|&i| &self.module.fields[i])
    }
}

#[derive(Clone, Debug)]
struct Entry {
    module: Module,
    described: bool,
    /// Field name → index in `module.fields` (the first field of that name wins).
    fields: NameMap,
}

impl Entry {
    fn new(module: Module, described: bool) -> Self {
        let mut fields = NameMap::with_capacity_and_hasher(module.fields.len(), Default::default());
        for (i, f) in module.fields.iter().enumerate() {
            fields.entry(f.name.clone()).or_insert(i);
        }
        Entry {
            module,
            described,
            fields,
        }
    }
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a described module (with its fields), replacing an earlier description of the
    /// same name. A listed entry of that name is upgraded; its id prefix is kept when
    /// `module` has none.
    pub fn insert(&mut self, mut module: Module) {
        match self.by_name.get(&module.name) {
            Some(&i) => {
                let old = &self.entries[i];
                if module.id_prefix.is_none() {
                    module.id_prefix = old.module.id_prefix;
                }
                self.entries[i] = Entry::new(module, true);
            }
            None => self.push(Entry::new(module, true)),
        }
    }

    /// Adds a module known only by name (its `fields` are ignored). When a module of that
    /// name exists already, only its missing id prefix is filled in: a description always
    /// wins over a list entry.
    pub fn insert_listed(&mut self, mut module: Module) {
        match self.by_name.get(&module.name) {
            Some(&i) => {
                let old = &mut self.entries[i].module;
                if old.id_prefix.is_none() {
                    old.id_prefix = module.id_prefix;
                }
            }
            None => {
                module.fields.clear();
                self.push(Entry::new(module, false));
            }
        }
    }

    fn push(&mut self, entry: Entry) {
        self.by_name
            .insert(entry.module.name.clone(), self.entries.len());
        self.entries.push(entry);
    }

    /// Adds every module of `other` (descriptions replace, list entries fill in).
    pub fn merge(&mut self, other: Schema) {
        for entry in other.entries {
            if entry.described {
                self.insert(entry.module);
            } else {
                self.insert_listed(entry.module);
            }
        }
    }

    /// The module called exactly `name` (case-sensitive, as 7.x+ servers resolve it).
    pub fn module(&self, name: &str) -> Option<&Module> {
        self.by_name.get(name).map(|&i| &self.entries[i].module)
    }

    /// The module whose name equals `name` ignoring ASCII case (as 5.x servers resolve
    /// it); an exact match is preferred.
    pub fn module_ignore_case(&self, name: &str) -> Option<&Module> {
        self.module(name).or_else(|| {
            self.entries
                .iter()
                .map(|e| &e.module)
                .find(|m| m.name.eq_ignore_ascii_case(name))
        })
    }

    /// Every module, in insertion order.
    pub fn modules(&self) -> impl Iterator<Item = &Module> + Clone {
        self.entries.iter().map(|e| &e.module)
    }

    /// The module whose record ids start with `prefix` (a described module is preferred
    /// when a list and a description disagree).
    pub fn module_by_prefix(&self, prefix: u32) -> Option<&Module> {
        let mut listed = None;
        for e in &self.entries {
            if e.module.id_prefix == Some(prefix) {
                if e.described {
                    return Some(&e.module);
                }
                listed = listed.or(Some(&e.module));
            }
        }
        listed
    }

    /// Whether the module `name` was described (its fields are known), rather than only
    /// listed.
    pub fn is_described(&self, name: &str) -> bool {
        self.by_name
            .get(name)
            .is_some_and(|&i| self.entries[i].described)
    }

    /// The field `field` of module `module` (both exact), through an index: faster than
    /// [`Module::field`] on wide modules.
    pub fn field(&self, module: &str, field: &str) -> Option<&Field> {
        let e = &self.entries[*self.by_name.get(module)?];
        e.fields.get(field).map(|&i| &e.module.fields[i])
    }

    /// The field index of module `module` (exact name), described or not.
    pub(crate) fn fields_of(&self, module: &str) -> Option<FieldIndex<'_>> {
        let e = &self.entries[*self.by_name.get(module)?];
        Some(FieldIndex {
            module: &e.module,
            index: &e.fields,
            described: e.described,
        })
    }

    /// Number of modules (described or listed).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the schema holds no module.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Extend<Module> for Schema {
    fn extend<T: IntoIterator<Item = Module>>(&mut self, iter: T) {
        for m in iter {
            self.insert(m);
        }
    }
}

impl FromIterator<Module> for Schema {
    fn from_iter<T: IntoIterator<Item = Module>>(iter: T) -> Self {
        let mut s = Schema::new();
        s.extend(iter);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts() -> Module {
        let mut m = Module::new("Contacts", Some(12));
        m.fields.push(Field::new("lastname", FieldType::String));
        m.fields.push(Field::new("id", FieldType::Autogenerated));
        m
    }

    #[test]
    fn lookup_is_case_sensitive_with_ignore_case_fallback() {
        let s: Schema = [contacts()].into_iter().collect();
        assert!(s.module("CONTACTS").is_none());
        assert_eq!(s.module_ignore_case("CONTACTS").unwrap().name, "Contacts");
        assert_eq!(s.field("Contacts", "lastname").unwrap().name, "lastname");
        assert!(s.field("Contacts", "LastName").is_none());
        assert!(s.field("Leads", "lastname").is_none());
    }

    #[test]
    fn description_wins_over_list_entry_in_either_order() {
        let mut listed = Module::new("Contacts", Some(4));
        listed.label = "Kontakte".into();
        let mut a = Schema::new();
        a.insert_listed(listed.clone());
        assert!(!a.is_described("Contacts"));
        a.insert(contacts());
        assert!(a.is_described("Contacts"));
        assert_eq!(a.module("Contacts").unwrap().id_prefix, Some(12));
        assert_eq!(a.module("Contacts").unwrap().fields.len(), 2);

        let mut b = Schema::new();
        b.insert(contacts());
        b.insert_listed(listed);
        assert_eq!(b.module("Contacts").unwrap().id_prefix, Some(12));
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn listed_entry_fills_missing_prefix() {
        let mut s = Schema::new();
        s.insert(Module::new("Leads", None));
        s.insert_listed(Module::new("Leads", Some(10)));
        assert_eq!(s.module_by_prefix(10).unwrap().name, "Leads");
        let mut t = Schema::new();
        t.insert_listed(Module::new("Leads", Some(10)));
        t.insert(Module::new("Leads", None));
        assert_eq!(t.module("Leads").unwrap().id_prefix, Some(10));
    }

    #[test]
    fn prefix_lookup_prefers_described() {
        let mut s = Schema::new();
        s.insert_listed(Module::new("Faq", Some(3)));
        s.insert(Module::new("Accounts", Some(3)));
        assert_eq!(s.module_by_prefix(3).unwrap().name, "Accounts");
        assert!(s.module_by_prefix(99).is_none());
    }
}
