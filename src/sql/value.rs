//! Query values to typed bound parameters, and the date/time text rules shared with the
//! evaluator.

use std::borrow::Cow;

use super::{SqlValue, Storage};
use crate::ast::{LiteralKind, Value};

/// Why a value does not fit its field's storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BadValue {
    pub expected: &'static str,
}

const fn bad(expected: &'static str) -> BadValue {
    BadValue { expected }
}

/// The bound parameter for `value` compared with a column stored as `storage`.
/// For `like`, the pattern is always text (see [`like_pattern`]).
pub(crate) fn convert<'q>(
    storage: Storage,
    value: &'q Value<'q>,
) -> Result<SqlValue<'q>, BadValue> {
    let text = value.as_str();
    match storage {
        Storage::Text => Ok(SqlValue::Text(Cow::Borrowed(text))),
        Storage::Integer => parse_int(text).map(SqlValue::Int).ok_or(bad("an integer")),
        Storage::Float => parse_float(text)
            .map(SqlValue::Float)
            .ok_or(bad("a number")),
        Storage::Boolean => parse_bool(text)
            .map(|b| SqlValue::Int(i64::from(b)))
            .ok_or(bad("a boolean (1, 0, true, false, yes, no, on, off)")),
        Storage::RecordId | Storage::Owner => record_number(value)
            .map(SqlValue::Int)
            .ok_or(bad("a record id NxM")),
        Storage::Date => {
            let d = parse_date(text).ok_or(bad("a date yyyy-mm-dd"))?;
            Ok(SqlValue::Date(canonical(text, &format_date(d))))
        }
        Storage::DateTime => {
            let dt = parse_datetime(text).ok_or(bad("a date-time yyyy-mm-dd hh:mm:ss"))?;
            Ok(SqlValue::DateTime(canonical(text, &format_datetime(dt))))
        }
        Storage::Time => {
            let t = parse_time(text).ok_or(bad("a time hh:mm[:ss]"))?;
            Ok(SqlValue::Time(canonical(text, &format_time(t))))
        }
    }
}

/// The `M` of a record id `NxM` (quoted or not), if it fits in `i64`.
pub(crate) fn record_number(value: &Value<'_>) -> Option<i64> {
    match value.literal.parts() {
        (LiteralKind::String | LiteralKind::RecordId, s) => {
            let (_, m) = crate::ast::split_record_id(s)?;
            i64::try_from(m).ok()
        }
        _ => None,
    }
}

/// Borrows `text` when it already is the canonical form, else owns the canonical form.
fn canonical<'q>(text: &'q str, canonical: &str) -> Cow<'q, str> {
    if text == canonical {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(canonical.to_owned())
    }
}

/// A `like` pattern: `%` and `_` are wildcards, `\` escapes the next character. A
/// pattern ending in a lone `\` gets a second one, so that trailing backslash means
/// itself on every engine (PostgreSQL would reject the pattern otherwise).
pub(crate) fn like_pattern<'q>(value: &'q Value<'q>) -> SqlValue<'q> {
    let text = value.as_str();
    let trailing = text.bytes().rev().take_while(|&b| b == b'\\').count();
    if trailing % 2 == 1 {
        let mut s = String::with_capacity(text.len() + 1);
        s.push_str(text);
        s.push('\\');
        SqlValue::Text(Cow::Owned(s))
    } else {
        SqlValue::Text(Cow::Borrowed(text))
    }
}

/// An optional sign and decimal digits, fitting `i64`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// A finite decimal number: sign, digits, optional fraction and exponent.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off` (any case).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
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

/// A calendar date.
pub(crate) type Date = (u16, u8, u8);
/// A date and a time of day.
pub(crate) type DateTime = (Date, Time);
/// A time of day.
pub(crate) type Time = (u8, u8, u8);

fn number(s: &str, min_len: usize, max_len: usize) -> Option<u32> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// `yyyy-m[m]-d[d]`, a real calendar date.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.trim().split('-');
    let y = number(parts.next()?, 4, 4)? as u16;
    let m = number(parts.next()?, 1, 2)? as u8;
    let d = number(parts.next()?, 1, 2)? as u8;
    if parts.next().is_some() || y == 0 || !(1..=12).contains(&m) {
        return None;
    }
    (d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// `hh:mm[:ss]`.
pub(crate) fn parse_time(s: &str) -> Option<Time> {
    let mut parts = s.trim().split(':');
    let h = number(parts.next()?, 1, 2)? as u8;
    let mi = number(parts.next()?, 2, 2)? as u8;
    let sec = match parts.next() {
        Some(p) => number(p, 2, 2)? as u8,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    Some((h, mi, sec))
}

/// A date, or a date and a time separated by a space or `T`. A date alone means
/// midnight.
pub(crate) fn parse_datetime(s: &str) -> Option<DateTime> {
    let s = s.trim();
    match s.find([' ', 'T']) {
        Some(i) => Some((parse_date(&s[..i])?, parse_time(&s[i + 1..])?)),
        None => Some((parse_date(s)?, (0, 0, 0))),
    }
}

pub(crate) fn format_date((y, m, d): Date) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

pub(crate) fn format_time((h, mi, s): Time) -> String {
    format!("{h:02}:{mi:02}:{s:02}")
}

pub(crate) fn format_datetime((d, t): DateTime) -> String {
    let mut s = format_date(d);
    s.push(' ');
    s.push_str(&format_time(t));
    s
}

/// A date-time as one comparable number `yyyymmddhhmmss`.
pub(crate) fn datetime_key(((y, m, d), (h, mi, s)): DateTime) -> i64 {
    ((((i64::from(y) * 100 + i64::from(m)) * 100 + i64::from(d)) * 100 + i64::from(h)) * 100
        + i64::from(mi))
        * 100
        + i64::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2020-02-29"), Some((2020, 2, 29)));
        assert_eq!(parse_date("2020-2-9"), Some((2020, 2, 9)));
        for bad in [
            "2019-02-29",
            "2020-13-01",
            "2020-00-10",
            "20-01-01",
            "2020-01-01x",
            "",
            "2020/01/01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_datetime("2020-01-05"),
            Some(((2020, 1, 5), (0, 0, 0)))
        );
        assert_eq!(
            parse_datetime("2020-01-05T10:20"),
            Some(((2020, 1, 5), (10, 20, 0)))
        );
        assert_eq!(parse_datetime("2020-01-05 24:00:00"), None);
        assert_eq!(
            format_datetime(((2020, 1, 5), (1, 2, 3))),
            "2020-01-05 01:02:03"
        );
        assert!(datetime_key(((2020, 1, 5), (0, 0, 1))) > datetime_key(((2020, 1, 5), (0, 0, 0))));
        assert!(
            datetime_key(((2020, 1, 5), (0, 0, 0))) > datetime_key(((2019, 12, 31), (23, 59, 59)))
        );
    }

    #[test]
    fn numbers_and_flags() {
        assert_eq!(parse_int("+42"), Some(42));
        assert_eq!(parse_int("-007"), Some(-7));
        assert_eq!(parse_int("4 2"), None);
        assert_eq!(parse_int("99999999999999999999"), None);
        assert_eq!(parse_float("1.5e3"), Some(1500.0));
        assert_eq!(parse_float("NaN"), None);
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("off"), Some(false));
        assert_eq!(parse_bool("2"), None);
    }

    #[test]
    fn conversions() {
        let v = Value::string("2020-1-5");
        assert_eq!(
            convert(Storage::Date, &v),
            Ok(SqlValue::Date("2020-01-05".into()))
        );
        assert_eq!(
            convert(Storage::DateTime, &v),
            Ok(SqlValue::DateTime("2020-01-05 00:00:00".into()))
        );
        let v = Value::string("12x34");
        assert_eq!(convert(Storage::RecordId, &v), Ok(SqlValue::Int(34)));
        assert_eq!(convert(Storage::Owner, &v), Ok(SqlValue::Int(34)));
        assert!(convert(Storage::Owner, &Value::string("1x1 or 1=1")).is_err());
        assert_eq!(
            like_pattern(&Value::string("a\\")),
            SqlValue::Text("a\\\\".into())
        );
        assert_eq!(
            like_pattern(&Value::string("a\\\\")),
            SqlValue::Text("a\\\\".into())
        );
    }
}
