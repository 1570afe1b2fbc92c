//! Picklist membership and e-mail shapes.

use crate::ast::{Condition, Value};
use crate::schema::Field;

use crate::validate::codes::Code;
use crate::validate::diagnostics::Diagnostic;
use crate::validate::suggest::did_you_mean;

pub(super) fn check_picklist<'v>(
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

pub(super) fn check_email(cond: &Condition<'_>, value: &Value<'_>, out: &mut Vec<Diagnostic>) {
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
