//! Validated constants to typed bound parameters, and `like` patterns.

use std::borrow::Cow;

use super::SqlValue;
use crate::ast::Value;
use crate::value::Stored;

/// The bound parameter of a constant as its column stores it. `text` is the value as
/// written: dates and times borrow it when it already is the canonical form.
pub(crate) fn bind<'q>(stored: Stored<'q>, text: &'q str) -> SqlValue<'q> {
    // The validator's readers accept only the canonical widths (`yyyy-mm-dd`, `hh:mm`
    // or `hh:mm:ss`), so a text of the canonical length is the canonical text.
    let canonical = |len: usize, value: &dyn std::fmt::Display| {
        if text.len() == len {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(value.to_string())
        }
    };
    match stored {
        Stored::Text(s) => SqlValue::Text(Cow::Borrowed(s)),
        Stored::Integer(i) => SqlValue::Int(i),
        Stored::Float(f) => SqlValue::Float(f),
        Stored::Date(d) => SqlValue::Date(canonical(10, &d)),
        Stored::DateTime(dt) => SqlValue::DateTime(canonical(19, &dt)),
        Stored::Time(t) => SqlValue::Time(canonical(8, &t)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Constant, Date, DateTime, RecordId, Storage, Time};

    #[test]
    fn binds() {
        let d = Date::new(2020, 1, 5).unwrap();
        let bound = |c: Constant<'static>, text: &'static str, s: Storage| {
            bind(c.stored(text, s).unwrap(), text)
        };
        assert_eq!(
            bound(Constant::Date(d), "2020-01-05", Storage::Date),
            SqlValue::Date(Cow::Borrowed("2020-01-05"))
        );
        assert_eq!(
            bound(Constant::Date(d), "2020-01-05", Storage::DateTime),
            SqlValue::DateTime("2020-01-05 00:00:00".into())
        );
        let dt = DateTime::new(d, Time::new(9, 30, 0).unwrap());
        assert_eq!(
            bound(
                Constant::DateTime(dt),
                "2020-01-05 09:30",
                Storage::DateTime
            ),
            SqlValue::DateTime("2020-01-05 09:30:00".into())
        );
        assert_eq!(
            bound(Constant::Time(dt.time), "09:30", Storage::Time),
            SqlValue::Time("09:30:00".into())
        );
        let id = Constant::RecordId(RecordId::new(12, 34));
        assert_eq!(bound(id, "12x34", Storage::RecordId), SqlValue::Int(34));
        assert_eq!(bound(id, "12x34", Storage::Owner), SqlValue::Int(34));
        assert_eq!(
            bound(id, "12x34", Storage::Text),
            SqlValue::Text("12x34".into())
        );
        assert_eq!(
            bound(Constant::Boolean(true), "1", Storage::Boolean),
            SqlValue::Int(1)
        );
    }

    #[test]
    fn like_patterns() {
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
