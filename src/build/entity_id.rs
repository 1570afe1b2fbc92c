//! Record ids `<prefix>x<id>`: the module's `idPrefix`, then the record number.

use std::fmt;
use std::str::FromStr;

use super::error::BuildError;
use super::value::IntoValue;
use crate::ast::Value;
use crate::schema::{Module, Schema};

/// A web-service record id such as `12x34`: `prefix` is the module's `idPrefix` (which
/// differs from one CRM instance to another), `id` the record number.
///
/// Real servers ignore the prefix in queries (`'99x34'` finds contact 34) and only split
/// the text on `x`; checking the prefix against the schema
/// ([`EntityId::check_prefix`]) catches ids of the wrong module before they are sent.
///
/// ```
/// use vtql::{build::col, EntityId};
/// let id: EntityId = "12x34".parse()?;
/// assert_eq!((id.prefix, id.id), (12, 34));
/// assert_eq!(id.to_string(), "12x34");
/// assert!("12x".parse::<EntityId>().is_err());
/// assert!("1x1 or 1=1".parse::<EntityId>().is_err());
/// let ids = [id, EntityId::new(12, 35)];
/// assert_eq!(col("id").in_ids(&ids).to_string(), "id in ('12x34', '12x35')");
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId {
    /// The module's id prefix (`idPrefix` in `describe`).
    pub prefix: u32,
    /// The record number.
    pub id: u64,
}

impl EntityId {
    /// An id from its two numbers.
    pub const fn new(prefix: u32, id: u64) -> Self {
        EntityId { prefix, id }
    }

    /// An id of a record of `module`, with the module's `idPrefix`; `None` when the
    /// schema does not know the prefix.
    ///
    /// ```
    /// use vtql::{EntityId, Module};
    /// let contacts = Module::new("Contacts", Some(12));
    /// assert_eq!(EntityId::of(&contacts, 34), Some(EntityId::new(12, 34)));
    /// ```
    pub fn of(module: &Module, id: u64) -> Option<EntityId> {
        module.id_prefix.map(|prefix| EntityId { prefix, id })
    }

    /// Checks that the id belongs to `module`: its prefix is the module's `idPrefix`.
    /// Refuses ([`BuildError::PrefixMismatch`]) when the prefixes differ or the module's
    /// prefix is unknown.
    ///
    /// ```
    /// use vtql::{EntityId, Module};
    /// let contacts = Module::new("Contacts", Some(12));
    /// assert!(EntityId::new(12, 34).check_prefix(&contacts).is_ok());
    /// let err = EntityId::new(11, 34).check_prefix(&contacts).unwrap_err();
    /// assert_eq!(err.to_string(), "record id 11x34 has prefix 11, but module `Contacts` has prefix 12");
    /// ```
    pub fn check_prefix(&self, module: &Module) -> Result<(), BuildError> {
        if module.id_prefix == Some(self.prefix) {
            Ok(())
        } else {
            Err(BuildError::PrefixMismatch {
                id: self.to_string(),
                module: module.name.clone(),
                expected: module.id_prefix,
            })
        }
    }

    /// Checks the id against the module called `module` in `schema` (exact name).
    ///
    /// ```
    /// use vtql::{EntityId, Module, Schema};
    /// let mut schema = Schema::new();
    /// schema.insert(Module::new("Contacts", Some(12)));
    /// assert!(EntityId::new(12, 1).check_in(&schema, "Contacts").is_ok());
    /// assert!(EntityId::new(12, 1).check_in(&schema, "Leads").is_err());
    /// ```
    pub fn check_in(&self, schema: &Schema, module: &str) -> Result<(), BuildError> {
        let m = schema
            .module(module)
            .ok_or_else(|| BuildError::UnknownModule {
                module: module.to_owned(),
            })?;
        self.check_prefix(m)
    }

    /// The module whose `idPrefix` is this id's prefix, if the schema knows one.
    ///
    /// ```
    /// use vtql::{EntityId, Module, Schema};
    /// let mut schema = Schema::new();
    /// schema.insert(Module::new("Accounts", Some(11)));
    /// assert_eq!(EntityId::new(11, 7).module(&schema).map(|m| m.name.as_str()), Some("Accounts"));
    /// assert!(EntityId::new(99, 7).module(&schema).is_none());
    /// ```
    pub fn module<'s>(&self, schema: &'s Schema) -> Option<&'s Module> {
        schema.module_by_prefix(self.prefix)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.prefix, self.id)
    }
}

impl FromStr for EntityId {
    type Err = BuildError;

    /// Exactly `digits x digits` (lower-case `x`, as the server splits on), both fitting.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BuildError::InvalidEntityId { text: s.to_owned() };
        let (prefix, id) = s.split_once('x').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(prefix) || !digits(id) {
            return Err(bad());
        }
        Ok(EntityId {
            prefix: prefix.parse().map_err(|_| bad())?,
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

impl IntoValue for EntityId {
    /// Quoted: `'12x34'`.
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        self.to_string().into_value()
    }
}

impl IntoValue for &EntityId {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        (*self).into_value()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for EntityId {
    /// As its text, `"12x34"`, the form the web service uses.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for EntityId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = EntityId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record id such as \"12x34\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EntityId, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let ok = [
            ("12x34", (12, 34)),
            ("0x0", (0, 0)),
            ("007x008", (7, 8)),
            ("4294967295x18446744073709551615", (u32::MAX, u64::MAX)),
        ];
        for (s, (p, i)) in ok {
            assert_eq!(s.parse::<EntityId>().unwrap(), EntityId::new(p, i), "{s}");
        }
        let bad = [
            "",
            "x",
            "12",
            "12x",
            "x34",
            "12X34",
            "12x34x5",
            "-1x2",
            "1x-2",
            " 1x2",
            "1x2 ",
            "4294967296x1",
            "1x18446744073709551616",
            "１x2",
            "1x1 or 1=1",
        ];
        for s in bad {
            assert!(
                matches!(
                    s.parse::<EntityId>(),
                    Err(BuildError::InvalidEntityId { .. })
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn prefix_checks() {
        let mut schema = Schema::new();
        schema.insert(Module::new("Contacts", Some(12)));
        schema.insert(Module::new("Mystery", None));
        let id = EntityId::new(12, 5);
        assert!(id.check_in(&schema, "Contacts").is_ok());
        assert!(matches!(
            id.check_in(&schema, "contacts"),
            Err(BuildError::UnknownModule { .. })
        ));
        let err = id.check_in(&schema, "Mystery").unwrap_err();
        assert_eq!(err.code(), "B0013");
        assert_eq!(
            err.to_string(),
            "record id 12x5 has prefix 12, but module `Mystery` has no id prefix"
        );
        assert_eq!(
            id.module(&schema).map(|m| m.name.as_str()),
            Some("Contacts")
        );
    }

    #[test]
    fn display_round_trips() {
        for id in [EntityId::new(12, 34), EntityId::new(0, u64::MAX)] {
            assert_eq!(id.to_string().parse::<EntityId>().unwrap(), id);
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_as_string() {
        let id = EntityId::new(19, 5);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"19x5\"");
        assert_eq!(serde_json::from_str::<EntityId>("\"19x5\"").unwrap(), id);
        assert!(serde_json::from_str::<EntityId>("\"19y5\"").is_err());
        assert!(serde_json::from_str::<EntityId>("195").is_err());
    }
}
