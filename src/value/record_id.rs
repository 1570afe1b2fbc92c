//! Record ids `<prefix>x<number>`: the module's `idPrefix`, then the record number.

use std::fmt;
use std::str::FromStr;

use super::ValueError;
use crate::schema::{Module, Schema};

/// A web-service record id such as `12x34`: `prefix` is the module's `idPrefix` (which
/// differs from one CRM instance to another), `number` the record number.
///
/// Real servers ignore the prefix in queries (`'99x34'` finds contact 34) and only split
/// the text on `x`; checking the prefix against the schema
/// ([`RecordId::check_prefix`]) catches ids of the wrong module before they are sent.
/// The validator reads query values with the same [`FromStr`].
///
/// ```
/// use vtql::{build::col, RecordId};
/// let id: RecordId = "12x34".parse()?;
/// assert_eq!((id.prefix, id.number), (12, 34));
/// assert_eq!(id.to_string(), "12x34");
/// assert!("12x".parse::<RecordId>().is_err());
/// assert!("1x1 or 1=1".parse::<RecordId>().is_err());
/// let ids = [id, RecordId::new(12, 35)];
/// assert_eq!(col("id").in_ids(&ids).to_string(), "id in ('12x34', '12x35')");
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId {
    /// The module's id prefix (`idPrefix` in `describe`).
    pub prefix: u32,
    /// The record number.
    pub number: u64,
}

impl RecordId {
    /// An id from its two numbers.
    pub const fn new(prefix: u32, number: u64) -> Self {
        RecordId { prefix, number }
    }

    /// An id of a record of `module`, with the module's `idPrefix`; `None` when the
    /// schema does not know the prefix.
    ///
    /// ```
    /// use vtql::RecordId;
    /// use vtql::schema::Module;
    /// let contacts = Module::new("Contacts", Some(12));
    /// assert_eq!(RecordId::of(&contacts, 34), Some(RecordId::new(12, 34)));
    /// ```
    pub fn of(module: &Module, number: u64) -> Option<RecordId> {
        module.id_prefix.map(|prefix| RecordId { prefix, number })
    }

    /// Checks that the id belongs to `module`: its prefix is the module's `idPrefix`.
    /// Refuses ([`ValueError::PrefixMismatch`]) when the prefixes differ or the module's
    /// prefix is unknown.
    ///
    /// ```
    /// use vtql::RecordId;
    /// use vtql::schema::Module;
    /// let contacts = Module::new("Contacts", Some(12));
    /// assert!(RecordId::new(12, 34).check_prefix(&contacts).is_ok());
    /// let err = RecordId::new(11, 34).check_prefix(&contacts).unwrap_err();
    /// assert_eq!(err.to_string(), "record id 11x34 has prefix 11, but module `Contacts` has prefix 12");
    /// ```
    pub fn check_prefix(&self, module: &Module) -> Result<(), ValueError> {
        if module.id_prefix == Some(self.prefix) {
            Ok(())
        } else {
            Err(ValueError::PrefixMismatch {
                id: self.to_string(),
                module: module.name.clone(),
                expected: module.id_prefix,
            })
        }
    }

    /// Checks the id against the module called `module` in `schema` (exact name).
    ///
    /// ```
    /// use vtql::{RecordId, Schema};
    /// use vtql::schema::Module;
    /// let mut schema = Schema::new();
    /// schema.insert(Module::new("Contacts", Some(12)));
    /// assert!(RecordId::new(12, 1).check_in(&schema, "Contacts").is_ok());
    /// assert!(RecordId::new(12, 1).check_in(&schema, "Leads").is_err());
    /// ```
    pub fn check_in(&self, schema: &Schema, module: &str) -> Result<(), ValueError> {
        let m = schema
            .module(module)
            .ok_or_else(|| ValueError::UnknownModule {
                module: module.to_owned(),
            })?;
        self.check_prefix(m)
    }

    /// The module whose `idPrefix` is this id's prefix, if the schema knows one.
    ///
    /// ```
    /// use vtql::{RecordId, Schema};
    /// use vtql::schema::Module;
    /// let mut schema = Schema::new();
    /// schema.insert(Module::new("Accounts", Some(11)));
    /// assert_eq!(RecordId::new(11, 7).module(&schema).map(|m| m.name.as_str()), Some("Accounts"));
    /// assert!(RecordId::new(99, 7).module(&schema).is_none());
    /// ```
    pub fn module<'s>(&self, schema: &'s Schema) -> Option<&'s Module> {
        schema.module_by_prefix(self.prefix)
    }

    /// A record id stored as text: `NxM`, or the bare number `M` (blanks around
    /// ignored); the number as the `BIGINT` columns store it.
    pub(crate) fn read_stored_number(s: &str) -> Option<i64> {
        let s = s.trim();
        match s.parse::<RecordId>() {
            Ok(id) => i64::try_from(id.number).ok(),
            Err(_) => super::number::read_integer(s),
        }
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.prefix, self.number)
    }
}

impl FromStr for RecordId {
    type Err = ValueError;

    /// Exactly `digits x digits` (lower-case `x`, as the server splits on), both fitting.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::MalformedRecordId { text: s.to_owned() };
        let (prefix, number) = s.split_once('x').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(prefix) || !digits(number) {
            return Err(bad());
        }
        Ok(RecordId {
            prefix: prefix.parse().map_err(|_| bad())?,
            number: number.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RecordId {
    /// As its text, `"12x34"`, the form the web service uses.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RecordId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record id such as \"12x34\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RecordId, E> {
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
            assert_eq!(s.parse::<RecordId>().unwrap(), RecordId::new(p, i), "{s}");
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
                    s.parse::<RecordId>(),
                    Err(ValueError::MalformedRecordId { .. })
                ),
                "{s:?}"
            );
        }
        assert_eq!(RecordId::read_stored_number(" 12x34"), Some(34));
        assert_eq!(RecordId::read_stored_number("34"), Some(34));
        assert_eq!(RecordId::read_stored_number("1x18446744073709551615"), None);
    }

    #[test]
    fn prefix_checks() {
        let mut schema = Schema::new();
        schema.insert(Module::new("Contacts", Some(12)));
        schema.insert(Module::new("Mystery", None));
        let id = RecordId::new(12, 5);
        assert!(id.check_in(&schema, "Contacts").is_ok());
        assert!(matches!(
            id.check_in(&schema, "contacts"),
            Err(ValueError::UnknownModule { .. })
        ));
        let err = id.check_in(&schema, "Mystery").unwrap_err();
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
        for id in [RecordId::new(12, 34), RecordId::new(0, u64::MAX)] {
            assert_eq!(id.to_string().parse::<RecordId>().unwrap(), id);
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_as_string() {
        let id = RecordId::new(19, 5);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"19x5\"");
        assert_eq!(serde_json::from_str::<RecordId>("\"19x5\"").unwrap(), id);
        assert!(serde_json::from_str::<RecordId>("\"19y5\"").is_err());
        assert!(serde_json::from_str::<RecordId>("195").is_err());
    }
}
