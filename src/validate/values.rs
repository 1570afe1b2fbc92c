//! Operator fit and value shapes per field type.
//!
//! Decisions (the real server checks none of this; it pastes values into SQL):
//! - **booleans** are stored as `0`/`1`: `0`, `1`, `'0'`, `'1'` are accepted; `'true'`,
//!   `'false'` and other words are errors (they compare as text and match nothing);
//! - **dates** are compared as stored, `yyyy-mm-dd`, whatever the user's display format in
//!   describe; a value written in that display format is an error whose help gives the
//!   ISO form; **date-times** are `yyyy-mm-dd hh:mm:ss`, and `yyyy-mm-dd hh:mm` and a bare
//!   `yyyy-mm-dd` are accepted (equality with a bare date is warning W0316); **times** are
//!   `hh:mm` or `hh:mm:ss`; impossible dates and times are errors;
//! - **integers** take unquoted or quoted whole numbers; **double/decimal/currency** take
//!   integers or quoted decimals with a `.`;
//! - **record ids** (`id`, references, owners) must be exactly `NxM`; the prefix must be
//!   the module's (`id`), a `refersTo` module's (reference) or Users'/Groups' (owner), as
//!   far as the schema knows those prefixes;
//! - **picklists**: a value outside the list is warning W0313; **emails**: a value without
//!   `@` compared for equality is warning W0314; other text types are not checked.

use crate::ast::{CompareOp, Condition, LiteralKind, Value};
use crate::schema::{Field, FieldType, Module, Schema};
use crate::value::number::{is_decimal_text, is_integer_text, read_decimal, read_integer};
use crate::value::{boolean, read_date_format, Constant, Date, DateTime, RecordId, Time};

use super::codes::Code;
use super::diagnostics::Diagnostic;
use super::suggest::did_you_mean;

/// What the checks need to know about the query's context.
pub(super) struct Ctx<'s> {
    pub schema: &'s Schema,
    pub module: &'s Module,
}

/// How a field's values are checked as record ids.
enum IdKind<'f> {
    /// `id` of the queried module.
    Own,
    /// A reference field.
    Refers(&'f [String]),
    /// An owner field: Users or Groups.
    Owner,
}

const OWNER_MODULES: [&str; 2] = ["Users", "Groups"];

/// Checks that the operator fits the field (E0211); returns whether it does.
pub(super) fn check_operator(
    field: &Field,
    is_id: bool,
    cond: &Condition<'_>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let ty = &field.ty;
    let op = cond.op;
    let bad = match op {
        CompareOp::Eq | CompareOp::Ne | CompareOp::In => None,
        CompareOp::Like => {
            if is_id || !(ty.is_text_like() || matches!(ty, FieldType::Other(_))) {
                Some(like_help(field, is_id, cond))
            } else {
                None
            }
        }
        _ => {
            if !is_id
                && matches!(
                    ty,
                    FieldType::Boolean | FieldType::Reference { .. } | FieldType::Owner
                )
            {
                Some(format!(
                    "{} values have no useful order; compare with `=`, `!=` or `in`",
                    type_words(ty)
                ))
            } else {
                None
            }
        }
    };
    match bad {
        None => true,
        Some(help) => {
            let (what, label) = if is_id {
                ("a record id".to_owned(), "not for record ids".to_owned())
            } else {
                (
                    format!("{} {} field", article(ty.name()), ty.name()),
                    format!("not for {} fields", type_words(ty)),
                )
            };
            out.push(
                Diagnostic::new(
                    Code::OperatorMismatch,
                    *cond.op_span,
                    format!("`{op}` cannot compare `{}`, {what}", cond.column.name),
                )
                .label(label)
                .help(help)
                .finish(),
            );
            false
        }
    }
}

fn like_help(field: &Field, is_id: bool, cond: &Condition<'_>) -> String {
    if is_id || field.ty.is_record_id() {
        return "compare record ids with `=` or `in`".to_owned();
    }
    match field.ty {
        FieldType::Date { .. } | FieldType::DateTime => {
            // `'1980-%'` is a year, `'1980-05-%'` a month: give that range.
            let pattern = cond.values().first().map_or("", |v| v.as_str());
            let (from, to) = match date_prefix(pattern) {
                Some((y, None)) => (format!("{y:04}-01-01"), format!("{:04}-01-01", y + 1)),
                Some((y, Some(m))) => {
                    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                    (format!("{y:04}-{m:02}-01"), format!("{ny:04}-{nm:02}-01"))
                }
                None => ("2024-01-01".to_owned(), "2024-02-01".to_owned()),
            };
            format!(
                "compare a range: `{0} >= '{from}' and {0} < '{to}'`",
                field.name
            )
        }
        FieldType::Boolean => "compare with `= 1` or `= 0`".to_owned(),
        _ => "compare with `=`, `<`, `>`, `<=` or `>=`".to_owned(),
    }
}

/// The year (and month) of a like pattern `yyyy-%` or `yyyy-mm-%`.
fn date_prefix(pattern: &str) -> Option<(u32, Option<u32>)> {
    let head = pattern.strip_suffix('%')?.strip_suffix('-')?;
    let num = |t: &str, n: usize| {
        (t.len() == n && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    match head.split_once('-') {
        None => Some((num(head, 4)?, None)),
        Some((y, m)) => Some((
            num(y, 4)?,
            Some(num(m, 2).filter(|m| (1..=12).contains(m))?),
        )),
    }
}

/// "a" or "an" before a type name.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn type_words(ty: &FieldType) -> &str {
    match ty {
        FieldType::Reference { .. } => "reference",
        FieldType::DateTime => "date-time",
        other => other.name(),
    }
}

/// Checks the values of one condition against the field's type, and pushes each value
/// that passes to `constants`, read as the type requires.
pub(super) fn check_values<'q>(
    ctx: &Ctx<'_>,
    field: &Field,
    is_id: bool,
    cond: &'q Condition<'q>,
    out: &mut Vec<Diagnostic>,
    constants: &mut Vec<Constant<'q>>,
) {
    let values = cond.values();
    let mut nul = false;
    for value in values.iter().filter(|v| v.as_str().contains('\0')) {
        nul = true;
        out.push(
            Diagnostic::new(
                Code::NulCharacter,
                *value.span,
                format!(
                    "the value for `{}` holds the NUL character U+0000",
                    field.name
                ),
            )
            .label("NUL character inside")
            .help("remove it: no field holds NUL, and the engines disagree on it")
            .finish(),
        );
    }
    if nul {
        return;
    }
    if cond.op == CompareOp::In && values.len() > 1 {
        check_homogeneous(cond, values, is_id || field.ty.is_record_id(), out);
    }
    if cond.op == CompareOp::Like {
        // A pattern: its wildcards make shape checks meaningless.
        constants.extend(values.iter().map(|v| Constant::Text(v.as_str())));
        return;
    }
    // Record ids: the expected prefixes are looked up once per condition. An
    // `autogenerated` field other than `id` holds the record's own id too.
    let kind = match &field.ty {
        _ if is_id => Some(IdKind::Own),
        FieldType::Autogenerated => Some(IdKind::Own),
        FieldType::Reference { refers_to } => Some(IdKind::Refers(refers_to)),
        FieldType::Owner => Some(IdKind::Owner),
        _ => None,
    };
    if let Some(kind) = kind {
        let known = expected_prefixes(ctx, &kind);
        for value in values {
            if let Some(id) = check_id(ctx, &kind, &known, cond, value, out) {
                constants.push(Constant::RecordId(id));
            }
        }
        return;
    }
    for value in values {
        let text = value.as_str();
        let constant = match &field.ty {
            FieldType::Integer => check_number(field, value, false, out),
            FieldType::Double | FieldType::Decimal | FieldType::Currency => {
                check_number(field, value, true, out)
            }
            FieldType::Boolean => check_boolean(field, value, out),
            FieldType::Date { format } => check_date(field, format.as_deref(), value, out),
            FieldType::DateTime => check_datetime(field, cond, value, out),
            FieldType::Time => check_time(field, value, out),
            FieldType::Picklist(p) => {
                check_picklist(field, p, std::iter::once(text), value, out);
                Some(Constant::Text(text))
            }
            FieldType::MultiPicklist(p) => {
                check_picklist(field, p, text.split(" |##| "), value, out);
                Some(Constant::Text(text))
            }
            FieldType::Email => {
                check_email(cond, value, out);
                Some(Constant::Text(text))
            }
            _ => Some(Constant::Text(text)),
        };
        constants.extend(constant);
    }
}

fn check_homogeneous(
    cond: &Condition<'_>,
    values: &[Value<'_>],
    ids: bool,
    out: &mut Vec<Diagnostic>,
) {
    // Record ids may be written quoted or not; everything else must agree on quoting.
    let quoted = |v: &Value<'_>| match v.literal.kind() {
        LiteralKind::RecordId if ids => true,
        _ => v.is_quoted(),
    };
    let first = quoted(&values[0]);
    if let Some(odd) = values.iter().find(|v| quoted(v) != first) {
        let (is, was) = if first {
            ("unquoted", "quoted")
        } else {
            ("quoted", "unquoted")
        };
        out.push(
            Diagnostic::new(
                Code::MixedList,
                *odd.span,
                format!(
                    "the in-list of `{}` mixes quoted and unquoted values",
                    cond.column.name
                ),
            )
            .label(format!("{is}, but the first value is {was}"))
            .help("write every value of the list the same way")
            .finish(),
        );
    }
}

/// The record id `value` holds, unless it is malformed (reported); a wrong prefix is
/// reported too, and the id still returned.
fn check_id(
    ctx: &Ctx<'_>,
    kind: &IdKind<'_>,
    known: &[(&str, u32)],
    cond: &Condition<'_>,
    value: &Value<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<RecordId> {
    let column = &cond.column.name;
    // The record number must fit the database's BIGINT (the SQL backend binds an i64).
    let Some(id) =
        (value.as_str().parse::<RecordId>().ok()).filter(|id| i64::try_from(id.number).is_ok())
    else {
        let example = known
            .first()
            .map_or_else(|| "12".to_owned(), |(_, p)| p.to_string());
        out.push(
            Diagnostic::new(
                Code::MalformedId,
                *value.span,
                format!("`{}` is not a record id", value.as_str()),
            )
            .label("expected `<module prefix>x<record number>`")
            .help(format!(
                "`{column}` holds web-service ids such as '{example}x{}'",
                digits_or(value.as_str(), "34")
            ))
            .ws_message("Id specified is incorrect")
            .finish(),
        );
        return None;
    };
    let prefix = id.prefix;
    if known.iter().any(|(_, p)| *p == prefix) {
        return Some(id);
    }
    let names: Vec<&str> = match kind {
        IdKind::Own => vec![ctx.module.name.as_str()],
        IdKind::Refers(r) => r.iter().map(String::as_str).collect(),
        IdKind::Owner => OWNER_MODULES.to_vec(),
    };
    if names.is_empty() {
        return Some(id);
    }
    let owner_of = id.module(ctx.schema);
    let all_known = known.len() == names.len();
    let wrong = match owner_of {
        Some(m) => !names.contains(&m.name.as_str()),
        None => all_known,
    };
    if !wrong {
        return Some(id);
    }
    let what = match kind {
        IdKind::Own => format!("`{column}` of {}", ctx.module.name),
        IdKind::Refers(_) => format!("`{column}`, which refers to {}", names.join(", ")),
        IdKind::Owner => format!("`{column}`, an owner (a user or a group)"),
    };
    let message = match owner_of {
        Some(m) => format!(
            "`{}` is a record id of {}, not a value for {what}",
            value.as_str(),
            m.name
        ),
        None => format!(
            "`{}` has the prefix {prefix}, which is no module of the schema; expected a value for {what}",
            value.as_str()
        ),
    };
    let list: Vec<String> = known
        .iter()
        .map(|(name, p)| format!("{name} `{p}x`"))
        .collect();
    let help = if list.is_empty() {
        None
    } else {
        Some(format!("ids start with {}", join_or(&list)))
    };
    out.push(
        Diagnostic::new(Code::WrongIdPrefix, *value.span, message)
            .label(format!("prefix {prefix}"))
            .help_opt(help)
            .ws_message("Id specified is incorrect")
            .finish(),
    );
    Some(id)
}

/// The modules a value may point to whose prefix the schema knows.
fn expected_prefixes<'c>(ctx: &Ctx<'c>, kind: &IdKind<'_>) -> Vec<(&'c str, u32)> {
    let lookup = |name: &str| {
        ctx.schema
            .module(name)
            .and_then(|m| m.id_prefix.map(|p| (m.name.as_str(), p)))
    };
    match kind {
        IdKind::Own => ctx
            .module
            .id_prefix
            .map(|p| (ctx.module.name.as_str(), p))
            .into_iter()
            .collect(),
        IdKind::Refers(r) => r.iter().filter_map(|n| lookup(n)).collect(),
        IdKind::Owner => OWNER_MODULES.iter().filter_map(|n| lookup(n)).collect(),
    }
}

fn digits_or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    let d = s.rsplit('x').next().unwrap_or(s);
    if !d.is_empty() && d.len() <= 12 && d.bytes().all(|b| b.is_ascii_digit()) {
        d
    } else {
        fallback
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The number `value` holds (as the 64-bit integer or finite float the database
/// stores), or `None` after reporting why not.
fn check_number<'q>(
    field: &Field,
    value: &Value<'q>,
    decimal: bool,
    out: &mut Vec<Diagnostic>,
) -> Option<Constant<'q>> {
    let s = value.as_str();
    let ok = match value.literal.kind() {
        LiteralKind::Integer | LiteralKind::String if decimal => is_decimal_text(s),
        LiteralKind::Integer | LiteralKind::String => is_integer_text(s),
        _ => false,
    };
    let (problem, label, help) = if ok {
        let read = if decimal {
            read_decimal(s).map(Constant::Decimal)
        } else {
            read_integer(s).map(Constant::Integer)
        };
        if read.is_some() {
            return read;
        }
        let help = if decimal {
            "the database stores a 64-bit floating-point number (at most about 1.8e308)"
        } else {
            "the database stores a 64-bit integer (−9223372036854775808 to 9223372036854775807)"
        };
        ("is out of range", "out of range", help.to_owned())
    } else {
        let help = if !decimal && is_decimal_text(s) {
            format!("`{}` takes whole numbers", field.name)
        } else if s.contains(',') && is_decimal_text(&s.replace(',', ".")) {
            format!(
                "write the decimal separator as `.`: '{}'",
                s.replace(',', ".")
            )
        } else if decimal {
            "write a number in quotes, such as '1250.00'".to_owned()
        } else {
            "write a whole number, such as 5".to_owned()
        };
        let problem = if decimal {
            "is not a number"
        } else {
            "is not a whole number"
        };
        (problem, "not a number", help)
    };
    out.push(
        Diagnostic::new(
            Code::NotANumber,
            *value.span,
            format!(
                "`{}` is {} {} field; `{}` {problem}",
                field.name,
                article(field.ty.name()),
                field.ty.name(),
                crate::parse::shorten(s),
            ),
        )
        .label(label)
        .help(help)
        .finish(),
    );
    None
}

fn check_boolean<'q>(
    field: &Field,
    value: &Value<'q>,
    out: &mut Vec<Diagnostic>,
) -> Option<Constant<'q>> {
    let s = value.as_str();
    if matches!(
        value.literal.kind(),
        LiteralKind::Integer | LiteralKind::String
    ) {
        if let Some(b) = boolean::read_flag(s) {
            return Some(Constant::Boolean(b));
        }
    }
    let help = match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => "booleans are stored as 0 and 1: write 1".to_owned(),
        "false" | "no" | "off" => "booleans are stored as 0 and 1: write 0".to_owned(),
        _ => "write 1 for true or 0 for false".to_owned(),
    };
    out.push(
        Diagnostic::new(
            Code::NotABoolean,
            *value.span,
            format!(
                "`{}` is a boolean field; compare it with 0 or 1, not `{s}`",
                field.name
            ),
        )
        .label("not 0 or 1")
        .help(help)
        .finish(),
    );
    None
}

fn bad_temporal(
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

fn check_date<'q>(
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

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn check_datetime<'q>(
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

fn check_time<'q>(
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

fn check_picklist<'v>(
    field: &Field,
    list: &crate::schema::Picklist,
    parts: impl Iterator<Item = &'v str>,
    value: &Value<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if list.values.is_empty() {
        return;
    }
    for part in parts {
        if list.contains(part) {
            continue;
        }
        let help = if let Some(pv) = list.values.iter().find(|v| v.label == part) {
            format!("the label `{part}` is stored as '{}'", pv.value)
        } else if let Some(s) = did_you_mean(part, list.values.iter().map(|v| v.value.as_str())) {
            format!("did you mean '{s}'?")
        } else {
            let shown: Vec<String> = list
                .values
                .iter()
                .take(6)
                .map(|v| format!("'{}'", v.value))
                .collect();
            let more = list.values.len().saturating_sub(shown.len());
            if more > 0 {
                format!("values are {}, ... ({more} more)", shown.join(", "))
            } else {
                format!("values are {}", shown.join(", "))
            }
        };
        out.push(
            Diagnostic::new(
                Code::UnknownPicklistValue,
                *value.span,
                format!("'{part}' is not a value of the picklist `{}`", field.name),
            )
            .label("not in the picklist")
            .help(help)
            .finish(),
        );
        return;
    }
}

fn check_email(cond: &Condition<'_>, value: &Value<'_>, out: &mut Vec<Diagnostic>) {
    let s = value.as_str();
    if cond.op.is_ordering() || s.is_empty() || s.contains('@') {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::SuspiciousEmail,
            *value.span,
            format!(
                "'{s}' is not an e-mail address, but `{}` holds addresses",
                cond.column.name
            ),
        )
        .label("no `@`")
        .help(format!(
            "to match part of an address use like: `{} like '%{s}%'`",
            cond.column.name
        ))
        .finish(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes() {
        assert_eq!(date_prefix("1980-%"), Some((1980, None)));
        assert_eq!(date_prefix("1980-12-%"), Some((1980, Some(12))));
        assert_eq!(date_prefix("1980-13-%"), None);
        assert_eq!(date_prefix("1980%"), None);
        assert_eq!(date_prefix("%-1980-%"), None);
    }
}
