//! Typed values for conditions, and how each is written on the wire.
//!
//! | Rust value | written as | why |
//! |---|---|---|
//! | `&str`, `String`, `char` | `'text'`, every `'` doubled | any content is safe; for a real server, `build()` refuses `\` (B0019) and `''` (B0010) |
//! | integers (`i8`..`i128`, `u8`..`u128`) | `42`, `-5` | unquoted integers exist |
//! | `f32`, `f64`, [`Decimal`] | `'1.5'` | the lexer has no decimals; quoted they compare as numbers in MySQL |
//! | `bool` | `'1'` / `'0'` | the server stores checkboxes as `0`/`1`; `true` is not a value |
//! | [`Date`], [`DateTime`], [`Time`] | `'2024-01-31'`, `'2024-01-31 09:30:00'`, `'09:30:00'` | stored values are compared raw (UTC on vtiger 7+) |
//! | [`RecordId`](super::RecordId) | `'12x34'` | record ids |
//!
//! With the `chrono` feature, `chrono::NaiveDate`, `NaiveDateTime`, `NaiveTime` and
//! `DateTime<Tz>` (converted to UTC) are values; with the `time` feature, `time::Date`,
//! `PrimitiveDateTime`, `Time` and `OffsetDateTime` (converted to UTC) are.

use crate::ast::NodeSpan;
use std::borrow::Cow;
use std::fmt::Write as _;

use super::error::BuildError;
use crate::ast::{Literal, Value};
use crate::value::RecordId;
pub use crate::value::{Date, DateTime, Time};

/// A Rust value that can stand on the right of a condition.
///
/// ```
/// use vtql::build::{IntoValue, Date};
/// assert_eq!(42.into_value()?.to_string(), "42");
/// assert_eq!("O'Brien".into_value()?.to_string(), "'O''Brien'");
/// assert_eq!(true.into_value()?.to_string(), "'1'");
/// assert_eq!(1.5.into_value()?.to_string(), "'1.5'");
/// assert_eq!(Date::new(2024, 2, 29)?.into_value()?.to_string(), "'2024-02-29'");
/// assert!(f64::NAN.into_value().is_err());
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
pub trait IntoValue {
    /// The AST value, or why this value cannot be written.
    fn into_value(self) -> Result<Value<'static>, BuildError>;
}

fn string(s: impl Into<Cow<'static, str>>) -> Value<'static> {
    Value {
        literal: Literal::string(s),
        span: NodeSpan::default(),
    }
}

fn integer(s: String) -> Value<'static> {
    Value {
        literal: Literal::integer(s),
        span: NodeSpan::default(),
    }
}

impl IntoValue for &str {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self.to_owned()))
    }
}
impl IntoValue for String {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self))
    }
}
impl IntoValue for &String {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self.clone()))
    }
}
impl IntoValue for Cow<'_, str> {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self.into_owned()))
    }
}
impl IntoValue for char {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self.to_string()))
    }
}
impl IntoValue for bool {
    /// `'1'` or `'0'`: the server stores checkbox fields as 0 and 1.
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(if self { "1" } else { "0" }))
    }
}

macro_rules! int_values {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Result<Value<'static>, BuildError> {
                Ok(integer(self.to_string()))
            }
        }
    )*};
}
int_values!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! float_values {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            /// Quoted, in Rust's shortest round-trip decimal form (never an exponent).
            fn into_value(self) -> Result<Value<'static>, BuildError> {
                if !self.is_finite() {
                    return Err(BuildError::Value(crate::value::ValueError::Invalid {
                        kind: "decimal",
                        text: self.to_string(),
                        reason: "not a finite number",
                    }));
                }
                Ok(string(self.to_string()))
            }
        }
    )*};
}
float_values!(f32, f64);

/// A decimal number kept as text, checked as the validator reads a decimal field's value
/// ([`crate::value::number::read_decimal`]: an optional sign, digits, optionally `.` and
/// digits, one side of the `.` possibly empty, finite); written quoted.
///
/// ```
/// use vtql::build::{col, Decimal};
/// let c = col("amount").ge(Decimal::new("1250.50")?);
/// assert_eq!(c.to_string(), "amount >= '1250.50'");
/// assert!(Decimal::new("1,5").is_err());
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// Checks `text` as the validator reads a decimal (see [`Decimal`]).
    pub fn new(text: &str) -> Result<Decimal, BuildError> {
        if crate::value::number::read_decimal(text).is_none() {
            return Err(BuildError::Value(crate::value::ValueError::Invalid {
                kind: "decimal",
                text: text.to_owned(),
                reason: "expected digits with an optional sign and `.` fraction",
            }));
        }
        Ok(Decimal(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoValue for Decimal {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        Ok(string(self.0))
    }
}

macro_rules! display_values {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Result<Value<'static>, BuildError> {
                let mut s = String::new();
                let _ = write!(s, "{self}");
                Ok(string(s))
            }
        }
    )*};
}
display_values!(Date, Time, DateTime, RecordId);

impl IntoValue for &RecordId {
    fn into_value(self) -> Result<Value<'static>, BuildError> {
        (*self).into_value()
    }
}

#[cfg(feature = "chrono")]
mod chrono_values {
    use super::*;
    use chrono::{Datelike, Timelike};

    fn date(d: chrono::NaiveDate) -> Result<Date, BuildError> {
        let year = u16::try_from(d.year()).map_err(|_| {
            BuildError::Value(crate::value::ValueError::Invalid {
                kind: "date",
                text: format!("{d:?}"),
                reason: "the year must be between 0 and 9999",
            })
        })?;
        Ok(Date::new(year, d.month() as u8, d.day() as u8)?)
    }

    fn time(t: chrono::NaiveTime) -> Result<Time, BuildError> {
        // A leap second (second 60 in chrono's nanosecond field) is written as :59.
        Ok(Time::new(
            t.hour() as u8,
            t.minute() as u8,
            t.second().min(59) as u8,
        )?)
    }

    impl IntoValue for chrono::NaiveDate {
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            date(self)?.into_value()
        }
    }
    impl IntoValue for chrono::NaiveTime {
        /// `HH:MM:SS`; fractions of a second are dropped.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            time(self)?.into_value()
        }
    }
    impl IntoValue for chrono::NaiveDateTime {
        /// `YYYY-MM-DD HH:MM:SS`; fractions of a second are dropped.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            DateTime::new(date(self.date())?, time(self.time())?).into_value()
        }
    }
    impl<Tz: chrono::TimeZone> IntoValue for chrono::DateTime<Tz> {
        /// Converted to UTC, the zone servers store datetimes in.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            self.naive_utc().into_value()
        }
    }
}

#[cfg(feature = "time")]
mod time_values {
    use super::*;

    fn date(d: time::Date) -> Result<Date, BuildError> {
        let year = u16::try_from(d.year()).map_err(|_| {
            BuildError::Value(crate::value::ValueError::Invalid {
                kind: "date",
                text: format!("{d:?}"),
                reason: "the year must be between 0 and 9999",
            })
        })?;
        Ok(Date::new(year, d.month() as u8, d.day())?)
    }

    fn time(t: time::Time) -> Result<Time, BuildError> {
        Ok(Time::new(t.hour(), t.minute(), t.second())?)
    }

    impl IntoValue for time::Date {
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            date(self)?.into_value()
        }
    }
    impl IntoValue for time::Time {
        /// `HH:MM:SS`; fractions of a second are dropped.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            time(self)?.into_value()
        }
    }
    impl IntoValue for time::PrimitiveDateTime {
        /// `YYYY-MM-DD HH:MM:SS`; fractions of a second are dropped.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            DateTime::new(date(self.date())?, time(self.time())?).into_value()
        }
    }
    impl IntoValue for time::OffsetDateTime {
        /// Converted to UTC, the zone servers store datetimes in.
        fn into_value(self) -> Result<Value<'static>, BuildError> {
            let utc = self.to_offset(time::UtcOffset::UTC);
            DateTime::new(date(utc.date())?, time(utc.time())?).into_value()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: impl IntoValue) -> String {
        v.into_value().unwrap().to_string()
    }

    #[test]
    fn values_table() {
        let cases: Vec<(String, &str)> = vec![
            (text("Smith"), "'Smith'"),
            (text("O'Brien"), "'O''Brien'"),
            (text(String::from("''")), "''''''"),
            (text('x'), "'x'"),
            (text(0), "0"),
            (text(-5i64), "-5"),
            (text(i64::MIN), "-9223372036854775808"),
            (text(u128::MAX), "340282366920938463463374607431768211455"),
            (text(true), "'1'"),
            (text(false), "'0'"),
            (text(1.5f64), "'1.5'"),
            (text(-0.25f32), "'-0.25'"),
            (text(1e21f64), "'1000000000000000000000'"),
            (text(Decimal::new("-12.50").unwrap()), "'-12.50'"),
            (text(Date::new(2000, 2, 29).unwrap()), "'2000-02-29'"),
            (text(Time::new(0, 0, 0).unwrap()), "'00:00:00'"),
            (
                text("2024-12-31T23:59:59".parse::<DateTime>().unwrap()),
                "'2024-12-31 23:59:59'",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn invalid_values_table() {
        assert!(f64::INFINITY.into_value().is_err());
        assert!(f32::NAN.into_value().is_err());
        for d in ["1e5", "", "-", ".", "-.", "1.2.3", "1,5", " 1", "0x10", "١"] {
            assert!(Decimal::new(d).is_err(), "{d:?}");
        }
        // The validator's decimals: one side of the `.` may be empty.
        for d in ["1.", ".5", "-.5", "+7", "007.250"] {
            assert_eq!(Decimal::new(d).unwrap().as_str(), d);
        }
        for d in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-32",
            "24-01-01",
            "2024/01/01",
            "2024-1-01",
            "２０２４-01-01",
            "1900-02-29",
        ] {
            assert!(d.parse::<Date>().is_err(), "{d:?}");
        }
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!(Date::new(10000, 1, 1).is_err());
        for t in [
            "24:00",
            "12:60",
            "12:00:60",
            "1:00",
            "12-00",
            "12:00:0",
            "12:00:000",
        ] {
            assert!(t.parse::<Time>().is_err(), "{t:?}");
        }
        for t in [
            "2024-01-01",
            "2024-01-01 ",
            "2024-01-01x10:00",
            "2024-01-01 25:00",
        ] {
            assert!(t.parse::<DateTime>().is_err(), "{t:?}");
        }
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_values() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(text(d), "'2024-01-31'");
        let dt = d.and_hms_opt(9, 30, 5).unwrap();
        assert_eq!(text(dt), "'2024-01-31 09:30:05'");
        let off = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        let zoned = dt.and_local_timezone(off).unwrap();
        assert_eq!(text(zoned), "'2024-01-31 07:30:05'");
        assert!(chrono::NaiveDate::from_ymd_opt(-1, 1, 1)
            .unwrap()
            .into_value()
            .is_err());
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_values() {
        let d = time::Date::from_calendar_date(2024, time::Month::January, 31).unwrap();
        assert_eq!(text(d), "'2024-01-31'");
        let t = time::Time::from_hms(9, 30, 5).unwrap();
        assert_eq!(
            text(time::PrimitiveDateTime::new(d, t)),
            "'2024-01-31 09:30:05'"
        );
        let off = time::UtcOffset::from_hms(2, 0, 0).unwrap();
        let zoned = time::PrimitiveDateTime::new(d, t).assume_offset(off);
        assert_eq!(text(zoned), "'2024-01-31 07:30:05'");
    }
}
