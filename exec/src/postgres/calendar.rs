//! PostgreSQL's binary dates and times (days and microseconds from 2000-01-01) to and
//! from the ISO text vtiger stores. The calendar is vtql's (`vtql::value`); this module
//! only adds PostgreSQL's epoch, microseconds and `infinity`.

use vtql::value::{civil_from_days, Date};

/// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
const EPOCH_DAYS: i64 = 10_957;
const DAY_MICROS: i64 = 86_400_000_000;

/// Days since 2000-01-01 of `yyyy-mm-dd`, a date that exists (anything after the tenth
/// byte is ignored), read by vtql's calendar.
pub(crate) fn date_days(s: &str) -> Option<i32> {
    let date: Date = s.get(..10)?.parse().ok()?;
    i32::try_from(date.days_since_epoch() - EPOCH_DAYS).ok()
}

/// `hh:mm[:ss[.ffffff]]` as microseconds since midnight.
pub(crate) fn time_micros(s: &str) -> Option<i64> {
    let mut it = s.trim().split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let (sec, frac) = match it.next() {
        None => (0, 0),
        Some(x) => {
            let (whole, frac) = x.split_once('.').unwrap_or((x, ""));
            let mut f: String = frac.chars().take(6).collect();
            if !f.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            while f.len() < 6 {
                f.push('0');
            }
            (whole.parse::<i64>().ok()?, f.parse::<i64>().ok()?)
        }
    };
    if it.next().is_some()
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..61).contains(&sec)
    {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1_000_000 + frac)
}

/// `yyyy-mm-dd[ hh:mm[:ss]]` (or with `T`) as microseconds since 2000-01-01 00:00:00.
pub(crate) fn timestamp_micros(s: &str) -> Option<i64> {
    let days = i64::from(date_days(s)?);
    let time = match s.get(10..) {
        Some(rest) if !rest.is_empty() => {
            let rest = rest.strip_prefix(['T', ' '])?;
            time_micros(rest)?
        }
        _ => 0,
    };
    Some(days * DAY_MICROS + time)
}

/// A DATE's text; PostgreSQL's `infinity` for the extremes.
pub(crate) fn date_text(days_since_2000: i32) -> String {
    match days_since_2000 {
        i32::MAX => "infinity".into(),
        i32::MIN => "-infinity".into(),
        d => {
            let (y, m, d) = civil_from_days(i64::from(d) + EPOCH_DAYS);
            format!("{y:04}-{m:02}-{d:02}")
        }
    }
}

/// A TIME's text, `hh:mm:ss` with the fraction only when there is one.
pub(crate) fn time_text(micros: i64) -> String {
    let s = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let mut out = format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if frac != 0 {
        let f = format!(".{frac:06}");
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// A TIMESTAMP's text, `yyyy-mm-dd hh:mm:ss`.
pub(crate) fn timestamp_text(micros: i64) -> String {
    match micros {
        i64::MAX => "infinity".into(),
        i64::MIN => "-infinity".into(),
        us => {
            let days = us.div_euclid(DAY_MICROS);
            let date = civil_from_days(days + EPOCH_DAYS);
            format!(
                "{:04}-{:02}-{:02} {}",
                date.0,
                date.1,
                date.2,
                time_text(us.rem_euclid(DAY_MICROS))
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in [
            "2000-01-01",
            "1999-12-31",
            "2026-11-27",
            "1970-01-01",
            "2400-02-29",
        ] {
            let d = date_days(s).unwrap();
            assert_eq!(date_text(d), s);
        }
        assert_eq!(date_days("2000-01-02"), Some(1));
        assert_eq!(date_days("2026-13-01"), None);
        assert_eq!(date_days("2026/01/01"), None);
        assert_eq!(date_text(i32::MAX), "infinity");
    }

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(
            timestamp_micros("2000-01-02 00:00:01"),
            Some(86_400_000_000 + 1_000_000)
        );
        for s in [
            "2020-11-17 00:01:15",
            "1969-07-20 20:17:40",
            "2026-01-01 23:59:59.5",
        ] {
            assert_eq!(timestamp_text(timestamp_micros(s).unwrap()), s);
        }
        assert_eq!(
            timestamp_text(timestamp_micros("2020-11-17").unwrap()),
            "2020-11-17 00:00:00"
        );
        assert_eq!(timestamp_micros("2020-11-17x10:00"), None);
        assert_eq!(time_text(time_micros("13:45:07").unwrap()), "13:45:07");
        assert_eq!(time_micros("25:00"), None);
    }
}
