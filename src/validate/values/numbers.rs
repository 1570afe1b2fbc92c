//! Integers, decimals and boolean flags.

use crate::ast::{LiteralKind, Value};
use crate::schema::Field;
use crate::value::number::{is_decimal_text, is_integer_text, read_decimal, read_integer};
use crate::value::{boolean, Constant};

use super::article;
use crate::validate::codes::Code;
use crate::validate::diagnostics::Diagnostic;

/// The number `value` holds (as the 64-bit integer or finite float the database
/// stores), or `None` after reporting why not.
pub(super) fn check_number<'q>(
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

pub(super) fn check_boolean<'q>(
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
