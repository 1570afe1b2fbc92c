//! Record ids: the `NxM` shape and the prefix of the module, `refersTo` modules or owners.

use crate::ast::{Condition, Value};
use crate::value::RecordId;

use super::Ctx;
use crate::validate::codes::Code;
use crate::validate::diagnostics::Diagnostic;

/// How a field's values are checked as record ids.
pub(super) enum IdKind<'f> {
    /// `id` of the queried module.
    Own,
    /// A reference field.
    Refers(&'f [String]),
    /// An owner field: Users or Groups.
    Owner,
}

pub(super) const OWNER_MODULES: [&str; 2] = ["Users", "Groups"];

/// The record id `value` holds, unless it is malformed (reported); a wrong prefix is
/// reported too, and the id still returned.
pub(super) fn check_id(
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
pub(super) fn expected_prefixes<'c>(ctx: &Ctx<'c>, kind: &IdKind<'_>) -> Vec<(&'c str, u32)> {
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

pub(super) fn digits_or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    let d = s.rsplit('x').next().unwrap_or(s);
    if !d.is_empty() && d.len() <= 12 && d.bytes().all(|b| b.is_ascii_digit()) {
        d
    } else {
        fallback
    }
}

pub(super) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
