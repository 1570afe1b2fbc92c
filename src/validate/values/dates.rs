//! Dates, date-times and times, read as stored (`yyyy-mm-dd`, `hh:mm:ss`).

use crate::ast::{CompareOp, Condition, Value};
use crate::schema::Field;
use crate::value::{read_date_format, Constant, Date, DateTime, Time};

use super::type_words;
use crate::validate::codes::Code;
use crate::validate::diagnostics::Diagnostic;

pub(super) fn bad_temporal(
    field: &Field,
    value: &Value<'_>,
    expected: &str,
    help: String,
    out: &mut Vec<Diagnostic>,
) {
    out.push(
        Diagnostic::new(
            Code::BadDateTime,
            *value.span,
            format!(
                "`{}` is not a valid {} for `{}`",
                value.as_str(),
                type_words(&field.ty),
                field.name
            ),
        )
        .label(format!("expected {expected}"))
        .help(help)
        .finish(),
    );
}

pub(super) fn check_date<'q>(
    field: &Field,
    format: Option<&str>,
    value: &Value<'q>,
    out: &mut Vec<Diagnostic>,
) -> Option<Constant<'q>> {
    let s = value.as_str();
    if value.is_quoted() {
        if let Ok(d) = s.parse::<Date>() {
            return Some(Constant::Date(d));
        }
    }
    // The user's display format first, then the common ones.
    let user_format = format.filter(|f| *f != "yyyy-mm-dd");
    let help = match user_format
        .into_iter()
        .chain(["dd-mm-yyyy", "dd.mm.yyyy", "mm/dd/yyyy", "yyyy/mm/dd"])
        .find_map(|f| read_date_format(s, f).map(|d| (f, d)))
    {
        Some((f, d)) => format!(
            "the server compares dates as stored, not in a display format ({f}): write '{d}'"
        ),
        None if looks_like_date(s) => "this day does not exist".to_owned(),
        None => "write the date in quotes as 'yyyy-mm-dd'".to_owned(),
    };
    bad_temporal(field, value, "'yyyy-mm-dd'", help, out);
    None
}

pub(super) fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

pub(super) fn check_datetime<'q>(
    field: &Field,
    cond: &Condition<'_>,
    value: &Value<'q>,
    out: &mut Vec<Diagnostic>,
) -> Option<Constant<'q>> {
    let s = value.as_str();
    let read = value.is_quoted().then(|| DateTime::read_query(s)).flatten();
    let Some(read) = read else {
        let help = if looks_like_date(s.get(..10).unwrap_or(s)) && value.is_quoted() {
            "check the day and the time (hh:mm:ss, 24-hour clock)".to_owned()
        } else {
            "write the date-time in quotes as 'yyyy-mm-dd hh:mm:ss'".to_owned()
        };
        bad_temporal(field, value, "'yyyy-mm-dd hh:mm:ss'", help, out);
        return None;
    };
    if matches!(cond.op, CompareOp::Eq | CompareOp::Ne | CompareOp::In) {
        if let Ok(day) = s.parse::<Date>() {
            let next = day.next_day();
            out.push(
                Diagnostic::new(
                    Code::DateOnlyEquality,
                    *value.span,
                    format!(
                        "`{}` is a date-time: `{}` with a bare date only matches midnight",
                        field.name, cond.op
                    ),
                )
                .label("means 00:00:00 on that day")
                .help(format!(
                    "compare the whole day: `{0} >= '{s}' and {0} < '{next}'`",
                    field.name
                ))
                .finish(),
            );
        }
    }
    Some(Constant::DateTime(read))
}

pub(super) fn check_time<'q>(
    field: &Field,
    value: &Value<'q>,
    out: &mut Vec<Diagnostic>,
) -> Option<Constant<'q>> {
    if value.is_quoted() {
        if let Ok(t) = value.as_str().parse::<Time>() {
            return Some(Constant::Time(t));
        }
    }
    bad_temporal(
        field,
        value,
        "'hh:mm'",
        "write the time in quotes as 'hh:mm' or 'hh:mm:ss' (24-hour clock)".to_owned(),
        out,
    );
    None
}
