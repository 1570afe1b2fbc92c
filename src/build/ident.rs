//! Checked names: column and module names the printer can write safely.

use std::fmt;

use super::error::{BuildError, NameRole};
use crate::ast::Ident;
use crate::parse::keyword;

/// A name checked to be a valid identifier of the language: `[A-Za-z0-9_]+` and not a
/// reserved keyword (`select`, `from`, `where`, `and`, `or`, `in`, `like`, `order`,
/// `limit`, ... compared without regard to case).
///
/// ```
/// use vtql::build::Name;
/// assert_eq!(Name::try_from("cf_851")?.as_str(), "cf_851");
/// assert!(Name::try_from("last name").is_err());
/// assert!(Name::try_from("Order").is_err()); // a keyword
/// assert!(Name::try_from("lastname; drop").is_err());
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks `name` for the given role (used in error messages).
    pub(crate) fn check(name: &str, role: NameRole) -> Result<Name, BuildError> {
        check_name(name, role)?;
        Ok(Name(name.to_owned()))
    }
}

/// Checks that `name` is an identifier the parser reads back as the same identifier.
pub(crate) fn check_name(name: &str, role: NameRole) -> Result<(), BuildError> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(BuildError::InvalidName {
            name: name.to_owned(),
            role,
        });
    }
    if keyword(name).is_reserved() {
        return Err(BuildError::ReservedName {
            name: name.to_owned(),
            role,
        });
    }
    Ok(())
}

/// A checked identifier for `name` in `role`.
pub(crate) fn ident(name: &str, role: NameRole) -> Result<Ident<'static>, BuildError> {
    check_name(name, role)?;
    Ok(Ident::new(name.to_owned()))
}

impl TryFrom<&str> for Name {
    type Error = BuildError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Name::check(s, NameRole::Name)
    }
}

impl TryFrom<String> for Name {
    type Error = BuildError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        check_name(&s, NameRole::Name)?;
        Ok(Name(s))
    }
}

impl std::str::FromStr for Name {
    type Err = BuildError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Name::try_from(s)
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_table() {
        let ok = [
            "id", "lastname", "cf_851", "_x", "9lives", "Contacts", "count", "by", "null",
        ];
        for n in ok {
            assert!(Name::try_from(n).is_ok(), "{n} should be accepted");
        }
        let invalid = [
            "",
            "last name",
            "a.b",
            "a-b",
            "é",
            "a'b",
            "a;b",
            "x--",
            "(a)",
            "*",
        ];
        for n in invalid {
            assert!(
                matches!(Name::try_from(n), Err(BuildError::InvalidName { .. })),
                "{n:?} should be invalid"
            );
        }
        let reserved = [
            "select", "FROM", "Where", "and", "or", "in", "like", "not", "order", "orderby",
            "limit", "asc", "desc", "offset", "between", "is", "distinct",
        ];
        for n in reserved {
            assert!(
                matches!(Name::try_from(n), Err(BuildError::ReservedName { .. })),
                "{n:?} should be reserved"
            );
        }
    }

    #[test]
    fn accepted_names_parse_back_as_columns() {
        for n in ["id", "count", "by", "null", "group", "x1"] {
            let q = format!("select {n} from M where {n} = 1 order by {n};");
            let parsed = crate::Query::parse(&q).unwrap();
            assert_eq!(parsed.columns().count(), 3, "{q}");
        }
    }
}
