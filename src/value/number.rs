//! Numbers: the shapes a query may write and how stored numbers are read.

/// An optional sign and ASCII digits (`-12`, `+7`, `007`).
pub fn is_integer_text(s: &str) -> bool {
    let d = s.strip_prefix(['+', '-']).unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

/// An optional sign, digits, optionally `.` and digits; one side of the `.` may be
/// empty (`1.5`, `.5`, `5.`), not both. No exponent, no `,`.
pub fn is_decimal_text(s: &str) -> bool {
    let d = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = d.split_once('.').unwrap_or((d, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac)
}

/// A query's whole number ([`is_integer_text`]) that fits the 64-bit integer columns
/// store.
pub fn read_integer(s: &str) -> Option<i64> {
    if !is_integer_text(s) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// A query's decimal ([`is_decimal_text`]) as the finite 64-bit float columns store.
pub fn read_decimal(s: &str) -> Option<f64> {
    if !is_decimal_text(s) {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A whole number stored as text: [`read_integer`] after trimming blanks.
pub(crate) fn read_stored_integer(s: &str) -> Option<i64> {
    read_integer(s.trim())
}

/// A number stored as text: sign, digits, fraction and exponent allowed (engines write
/// `1e+20`), blanks around ignored; finite only.
pub(crate) fn read_stored_float(s: &str) -> Option<f64> {
    let s = s.trim();
    let ok = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(is_integer_text("-12") && is_integer_text("+7") && !is_integer_text("1.5"));
        assert!(!is_integer_text("-") && !is_integer_text("") && !is_integer_text(" 1"));
        for ok in ["1", "1.5", ".5", "5.", "-0.25", "+3"] {
            assert!(is_decimal_text(ok), "{ok}");
        }
        for bad in ["", ".", "-", "1.2.3", "1e3", "abc", "1,5", "-."] {
            assert!(!is_decimal_text(bad), "{bad}");
        }
    }

    #[test]
    fn readers() {
        assert_eq!(read_integer("+42"), Some(42));
        assert_eq!(read_integer("-007"), Some(-7));
        assert_eq!(read_integer("4 2"), None);
        assert_eq!(read_integer(" 42"), None);
        assert_eq!(read_integer("99999999999999999999"), None);
        assert_eq!(read_decimal("1.5"), Some(1.5));
        assert_eq!(read_decimal("1e3"), None);
        assert_eq!(read_decimal(&"9".repeat(400)), None);
        assert_eq!(read_stored_integer(" 42 "), Some(42));
        assert_eq!(read_stored_float("1.5e3"), Some(1500.0));
        assert_eq!(read_stored_float("NaN"), None);
        assert_eq!(read_stored_float("inf"), None);
    }
}
