//! The calendar: dates, times of day and date-times, their one textual form and the
//! readers every layer uses.
//!
//! The stored forms, the only ones a query value may take:
//! - a **date** is `yyyy-mm-dd`, two-digit month and day, a day that exists, years
//!   1 to 9999;
//! - a **time** is `hh:mm` or `hh:mm:ss`, two digits each, on the 24-hour clock;
//! - a **date-time** in a query is a date, or a date, one space and a time; a bare date
//!   means midnight.
//!
//! Values stored in records are read leniently ([`Date::read_stored`] and friends):
//! surrounding blanks are ignored and a `T` may separate date and time, as engines
//! write them.

use std::fmt;
use std::str::FromStr;

use super::ValueError;

/// A calendar date, written `yyyy-mm-dd` (the stored format).
///
/// ```
/// use vtql::build::{col, Date};
/// let d: Date = "2024-01-31".parse()?;
/// assert_eq!(col("birthday").lt(d).to_string(), "birthday < '2024-01-31'");
/// assert!(Date::new(2023, 2, 29).is_err());
/// assert!("31-01-2024".parse::<Date>().is_err()); // a display format, not the stored one
/// assert!("2024-1-31".parse::<Date>().is_err()); // two-digit months and days
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// A time of day, written `hh:mm:ss`.
///
/// ```
/// use vtql::build::Time;
/// assert_eq!(Time::new(9, 30, 0)?.to_string(), "09:30:00");
/// assert_eq!("23:59".parse::<Time>()?.to_string(), "23:59:00");
/// assert!("24:00:00".parse::<Time>().is_err());
/// assert!("9:30".parse::<Time>().is_err()); // two-digit hours
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time {
    hour: u8,
    minute: u8,
    second: u8,
}

/// A date and time, written `yyyy-mm-dd hh:mm:ss`. Real servers store datetimes in UTC
/// (vtiger 7+) and compare them raw: give UTC values.
///
/// ```
/// use vtql::build::{col, DateTime};
/// let t: DateTime = "2024-01-31 09:30:00".parse()?;
/// assert_eq!(col("modifiedtime").ge(t).to_string(), "modifiedtime >= '2024-01-31 09:30:00'");
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    /// The date.
    pub date: Date,
    /// The time.
    pub time: Time,
}

fn invalid(kind: &'static str, text: impl Into<String>, reason: &'static str) -> ValueError {
    ValueError::Invalid {
        kind,
        text: text.into(),
        reason,
    }
}

/// The days of a month (`month` in 1..=12).
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Exactly `width` ASCII digits.
fn digits(s: &str, width: usize) -> Option<u16> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl Date {
    /// A date from its parts; years 1..=9999 (year 0 does not exist, and no engine
    /// binds it).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, ValueError> {
        let bad = |reason| invalid("date", format!("{year:04}-{month:02}-{day:02}"), reason);
        if !(1..=9999).contains(&year) {
            return Err(bad("the year must be between 1 and 9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(bad("no such month"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(bad("no such day in that month"));
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The day after (the year after 9999 is not checked: help texts only).
    pub(crate) fn next_day(self) -> Date {
        let Date { year, month, day } = self;
        if day < days_in_month(year, month) {
            Date {
                day: day + 1,
                ..self
            }
        } else if month < 12 {
            Date {
                month: month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// The date as one comparable number `yyyymmdd`.
    pub(crate) fn key(self) -> i64 {
        (i64::from(self.year) * 100 + i64::from(self.month)) * 100 + i64::from(self.day)
    }

    /// A stored date: [`FromStr`]'s form, or the date of a stored date-time, blanks
    /// around ignored.
    pub(crate) fn read_stored(s: &str) -> Option<Date> {
        let s = s.trim();
        s.parse()
            .ok()
            .or_else(|| DateTime::read_stored(s).map(|dt| dt.date))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The date `days` after 1970-01-01 (before, when negative); `None` outside years
    /// 1..=9999. The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        if days.unsigned_abs() > 1 << 40 {
            return None;
        }
        let (year, month, day) = civil_from_days(days);
        Date::new(u16::try_from(year).ok()?, month, day).ok()
    }
}

/// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (any year; `month`
/// 1..=12, `day` 1..=31, not checked against the month), by Howard Hinnant's
/// `days_from_civil`. For dates outside [`Date`]'s years, such as the ones PostgreSQL
/// stores.
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = year - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `(year, month, day)` of the proleptic Gregorian calendar `days` after 1970-01-01
/// (any year); the inverse of [`days_from_civil`]. `days` must stay within ±2⁴⁰.
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

impl FromStr for Date {
    type Err = ValueError;
    /// `yyyy-mm-dd`, exactly.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shape = || invalid("date", s, "expected yyyy-mm-dd");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !s.is_ascii() {
            return Err(shape());
        }
        let y = digits(&s[0..4], 4).ok_or_else(shape)?;
        let m = digits(&s[5..7], 2).ok_or_else(shape)?;
        let d = digits(&s[8..10], 2).ok_or_else(shape)?;
        Date::new(y, m as u8, d as u8).map_err(|e| match e {
            ValueError::Invalid { kind, reason, .. } => invalid(kind, s, reason),
            e => e,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date written in `format` (made of `yyyy`, `mm`, `dd` and separators), if it exists.
pub(crate) fn read_date_format(s: &str, format: &str) -> Option<Date> {
    let (mut y, mut m, mut d) = (None, None, None);
    let (sb, fb) = (s.as_bytes(), format.as_bytes());
    let (mut i, mut j) = (0, 0);
    while j < fb.len() {
        let rest = &format[j..];
        let width = if rest.starts_with("yyyy") {
            4
        } else if rest.starts_with("mm") || rest.starts_with("dd") {
            2
        } else {
            if sb.get(i) != Some(&fb[j]) {
                return None;
            }
            i += 1;
            j += 1;
            continue;
        };
        let n = digits(s.get(i..i + width)?, width)?;
        match fb[j] {
            b'y' => y = Some(n),
            b'm' => m = Some(n),
            _ => d = Some(n),
        }
        i += width;
        j += width;
    }
    if i != sb.len() {
        return None;
    }
    Date::new(y?, u8::try_from(m?).ok()?, u8::try_from(d?).ok()?).ok()
}

impl Time {
    /// A time from its parts.
    pub fn new(hour: u8, minute: u8, second: u8) -> Result<Time, ValueError> {
        if hour > 23 || minute > 59 || second > 59 {
            return Err(invalid(
                "time",
                format!("{hour:02}:{minute:02}:{second:02}"),
                "hours go to 23, minutes and seconds to 59",
            ));
        }
        Ok(Time {
            hour,
            minute,
            second,
        })
    }

    /// Midnight, `00:00:00`.
    pub const MIDNIGHT: Time = Time {
        hour: 0,
        minute: 0,
        second: 0,
    };

    /// The hour, 0 to 23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0 to 59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0 to 59.
    pub fn second(self) -> u8 {
        self.second
    }

    /// The time as one comparable number `hhmmss`.
    pub(crate) fn key(self) -> i64 {
        (i64::from(self.hour) * 100 + i64::from(self.minute)) * 100 + i64::from(self.second)
    }

    /// Seconds since midnight.
    pub fn seconds_since_midnight(self) -> u32 {
        (u32::from(self.hour) * 60 + u32::from(self.minute)) * 60 + u32::from(self.second)
    }

    /// A stored time: [`FromStr`]'s form, blanks around ignored.
    pub(crate) fn read_stored(s: &str) -> Option<Time> {
        s.trim().parse().ok()
    }
}

impl FromStr for Time {
    type Err = ValueError;
    /// `hh:mm:ss` or `hh:mm`, two digits each.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shape = || invalid("time", s, "expected hh:mm:ss or hh:mm");
        let b = s.as_bytes();
        let ok = s.is_ascii()
            && ((b.len() == 8 && b[2] == b':' && b[5] == b':') || (b.len() == 5 && b[2] == b':'));
        if !ok {
            return Err(shape());
        }
        let h = digits(&s[0..2], 2).ok_or_else(shape)?;
        let m = digits(&s[3..5], 2).ok_or_else(shape)?;
        let sec = match s.get(6..8) {
            Some(p) => digits(p, 2).ok_or_else(shape)?,
            None => 0,
        };
        Time::new(h as u8, m as u8, sec as u8).map_err(|e| match e {
            ValueError::Invalid { kind, reason, .. } => invalid(kind, s, reason),
            e => e,
        })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

impl DateTime {
    /// A datetime from a date and a time.
    pub fn new(date: Date, time: Time) -> DateTime {
        DateTime { date, time }
    }

    /// A date-time as a query writes it: a date, or a date, one space and a time; a bare
    /// date is midnight.
    pub fn read_query(s: &str) -> Option<DateTime> {
        match s.split_once(' ') {
            None => Some(DateTime::new(s.parse().ok()?, Time::MIDNIGHT)),
            Some((d, t)) => Some(DateTime::new(d.parse().ok()?, t.parse().ok()?)),
        }
    }

    /// A stored date-time: a date, or a date, a space or `T`, and a time (fractions of
    /// a second ignored); blanks around ignored.
    pub(crate) fn read_stored(s: &str) -> Option<DateTime> {
        let s = s.trim();
        match s.find([' ', 'T']) {
            None => Some(DateTime::new(s.parse().ok()?, Time::MIDNIGHT)),
            Some(i) => {
                let t = &s[i + 1..];
                let t = t.split_once('.').map_or(t, |(whole, _)| whole);
                Some(DateTime::new(s[..i].parse().ok()?, t.parse().ok()?))
            }
        }
    }

    /// The date-time as one comparable number `yyyymmddhhmmss`.
    pub(crate) fn key(self) -> i64 {
        self.date.key() * 1_000_000 + self.time.key()
    }
}

impl FromStr for DateTime {
    type Err = ValueError;
    /// `yyyy-mm-dd hh:mm:ss` (or `hh:mm`); a `T` instead of the space is accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || invalid("datetime", s, "expected yyyy-mm-dd hh:mm:ss");
        if !s.is_ascii() || s.len() < 11 || !matches!(s.as_bytes()[10], b' ' | b'T') {
            return Err(bad());
        }
        let date = s[..10].parse().map_err(|_| bad())?;
        let time = s[11..].parse().map_err(|_| bad())?;
        Ok(DateTime { date, time })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.date, self.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<(u16, u8, u8)> {
        s.parse::<Date>().ok().map(|d| (d.year, d.month, d.day))
    }

    #[test]
    fn dates() {
        assert_eq!(date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(date("2000-02-29"), Some((2000, 2, 29)));
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-32",
            "0000-01-01",
            "24-01-01",
            "2024/01/01",
            "2024-1-01",
            "2024-01-1",
            "2024-01-01 ",
            " 2024-01-01",
            "２０２４-01-01",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad:?}");
        }
        assert_eq!(
            read_date_format("31-12-1980", "dd-mm-yyyy").map(|d| d.to_string()),
            Some("1980-12-31".into())
        );
        assert_eq!(
            read_date_format("12/31/1980", "mm/dd/yyyy").map(|d| d.to_string()),
            Some("1980-12-31".into())
        );
        assert_eq!(read_date_format("31-12-198", "dd-mm-yyyy"), None);
        let next = |s: &str| s.parse::<Date>().unwrap().next_day().to_string();
        assert_eq!(next("2023-12-31"), "2024-01-01");
        assert_eq!(next("2024-02-28"), "2024-02-29");
        assert_eq!(next("2023-02-28"), "2023-03-01");
        assert_eq!(
            Date::read_stored(" 2020-01-05 10:00:00"),
            date_of(2020, 1, 5)
        );
        assert!(Date::new(0, 1, 1).is_err() && Date::new(10000, 1, 1).is_err());
    }

    fn date_of(y: u16, m: u8, d: u8) -> Option<Date> {
        Date::new(y, m, d).ok()
    }

    #[test]
    fn times_and_date_times() {
        for ok in ["23:59", "00:00:00", "09:30:05"] {
            assert!(ok.parse::<Time>().is_ok(), "{ok}");
        }
        for bad in [
            "24:00",
            "9:30",
            "09:3",
            "12:60",
            "12:00:60",
            "12:00:0",
            "12-00",
            "12:00:000",
        ] {
            assert!(bad.parse::<Time>().is_err(), "{bad}");
        }
        let dt = |s: &str| DateTime::read_query(s).map(|d| d.to_string());
        assert_eq!(dt("2020-01-05"), Some("2020-01-05 00:00:00".into()));
        assert_eq!(dt("2020-01-05 10:20"), Some("2020-01-05 10:20:00".into()));
        assert_eq!(dt("2020-01-05 1:20"), None);
        assert_eq!(dt("2020-01-05T10:20"), None);
        assert_eq!(dt("2020-01-05 24:00:00"), None);
        assert_eq!(
            DateTime::read_stored("2020-01-05T10:20:30.5").map(|d| d.to_string()),
            Some("2020-01-05 10:20:30".into())
        );
        let key = |s: &str| DateTime::read_query(s).unwrap().key();
        assert!(key("2020-01-05 00:00:01") > key("2020-01-05"));
        assert!(key("2020-01-05") > key("2019-12-31 23:59:59"));
        for bad in [
            "2024-01-01",
            "2024-01-01 ",
            "2024-01-01x10:00",
            "2024-01-01 25:00",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn days_since_epoch_round_trip() {
        for (s, days) in [
            ("1970-01-01", 0),
            ("2000-01-01", 10_957),
            ("1969-12-31", -1),
            ("0001-01-01", -719_162),
            ("9999-12-31", 2_932_896),
            ("2024-02-29", 19_782),
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(d.days_since_epoch(), days, "{s}");
            assert_eq!(Date::from_days_since_epoch(days), Some(d), "{s}");
        }
        assert_eq!(Date::from_days_since_epoch(-719_163), None);
        assert_eq!(Date::from_days_since_epoch(2_932_897), None);
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
    }
}
