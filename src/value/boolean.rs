//! Flags, stored as `0` and `1`.

/// A query's flag: `0` or `1`, the values the server stores (`true`, `yes`... compare
/// as text on the real server and match nothing).
pub fn read_flag(s: &str) -> Option<bool> {
    match s {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// A flag stored as text: `1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off` (any case,
/// blanks around ignored).
pub(crate) fn read_stored_flag(s: &str) -> Option<bool> {
    let s = s.trim();
    const TRUE: [&str; 4] = ["1", "true", "yes", "on"];
    const FALSE: [&str; 4] = ["0", "false", "no", "off"];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        assert_eq!(read_flag("1"), Some(true));
        assert_eq!(read_flag("0"), Some(false));
        assert_eq!(read_flag("true"), None);
        assert_eq!(read_flag(" 1"), None);
        assert_eq!(read_stored_flag("TRUE"), Some(true));
        assert_eq!(read_stored_flag(" off"), Some(false));
        assert_eq!(read_stored_flag("2"), None);
    }
}
