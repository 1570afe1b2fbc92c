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
use crate::value::Constant;

use super::codes::Code;
use super::diagnostics::Diagnostic;

mod dates;
mod ids;
mod numbers;
mod text;

use dates::{check_date, check_datetime, check_time};
use ids::{check_id, expected_prefixes, IdKind};
use numbers::{check_boolean, check_number};
use text::{check_email, check_picklist};

/// What the checks need to know about the query's context.
pub(super) struct Ctx<'s> {
    pub schema: &'s Schema,
    pub module: &'s Module,
}

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
