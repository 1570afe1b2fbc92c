//! Database URLs: which engine, and the URL with its password hidden.

use vtql::sql::Target;

use crate::ExecError;

/// The URL with the password of its user part replaced by `***`, for messages and logs.
///
/// ```
/// assert_eq!(
///     vtql_exec::redact("postgres://user:secret@h/db"),
///     "postgres://user:***@h/db"
/// );
/// assert_eq!(vtql_exec::redact("sqlite:crm.db"), "sqlite:crm.db");
/// ```
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The user part ends at the last `@` before the path: a password may contain `@`.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let userinfo = &authority[..at];
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

/// The engine a database URL names (`sqlite:`, `postgres://`, `postgresql://`,
/// `mysql://`, `mariadb://`, in any case), without connecting.
///
/// ```
/// use vtql::sql::Target;
/// assert_eq!(vtql_exec::target_of("MYSQL://u@h/db").unwrap(), Target::MySql);
/// assert!(vtql_exec::target_of("oracle://h/db").is_err());
/// ```
pub fn target_of(url: &str) -> Result<Target, ExecError> {
    parse(url).map(|(target, _)| target)
}

/// The engine a URL names, by its case-insensitive scheme, and the URL with the
/// scheme written in lower case (`mariadb://` becomes `mysql://`).
pub(crate) fn parse(url: &str) -> Result<(Target, String), ExecError> {
    let unsupported = || ExecError::UnsupportedUrl { url: redact(url) };
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => match url.split_once(':') {
            Some((s, rest)) if s.eq_ignore_ascii_case("sqlite") => {
                return Ok((Target::Sqlite, format!("sqlite:{rest}")))
            }
            _ => return Err(unsupported()),
        },
    };
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "sqlite" => Ok((Target::Sqlite, format!("sqlite:{rest}"))),
        "postgres" | "postgresql" => Ok((Target::Postgres, format!("{scheme}://{rest}"))),
        "mysql" | "mariadb" => Ok((Target::MySql, format!("mysql://{rest}"))),
        _ => Err(unsupported()),
    }
}

/// The path of a `sqlite:PATH` (or `sqlite://PATH`) URL.
pub(crate) fn sqlite_path(url: &str) -> Result<&str, ExecError> {
    let path = url.strip_prefix("sqlite:").unwrap_or(url);
    let path = path.strip_prefix("//").unwrap_or(path);
    if path.is_empty() {
        return Err(ExecError::InvalidUrl {
            url: url.to_owned(),
            reason: "`sqlite:` needs a path, e.g. `sqlite:crm.db`".into(),
        });
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("mysql://u:p@ss@h/db"), "mysql://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://h/db?x=a@b"), "postgres://h/db?x=a@b");
        assert_eq!(redact("sqlite:x.db"), "sqlite:x.db");
    }

    #[test]
    fn schemes_are_case_insensitive() {
        assert_eq!(
            parse("MYSQL://u@h/db").unwrap(),
            (Target::MySql, "mysql://u@h/db".into())
        );
        assert_eq!(parse("MariaDB://u@h/db").unwrap().0, Target::MySql);
        assert_eq!(parse("PostgreSQL://h/db").unwrap().0, Target::Postgres);
        assert_eq!(
            parse("SQLite:crm.db").unwrap(),
            (Target::Sqlite, "sqlite:crm.db".into())
        );
        let e = parse("oracle://u:pw@h/db").unwrap_err();
        assert!(e.to_string().contains("oracle://u:***@h/db"), "{e}");
        assert!(sqlite_path("sqlite:").is_err());
        assert_eq!(sqlite_path("sqlite://a.db").unwrap(), "a.db");
    }
}
