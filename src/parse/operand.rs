//! What a condition compares its column with.
//!
//! ```ebnf
//! (* documented *)
//! operand = value                                  (* after = != < > <= >= like *)
//!         | "(", value, { ",", value }, ")" ;      (* after in, and only after in *)
//! (* vtiger *)
//! operand = value                                  (* after any operator, in too *)
//!         | "(", value, ")"                        (* after = != < > <= >= like *)
//!         | "(", value, { ",", value }, ")"        (* after in *)
//!         | value, ",", value, { ",", value } ;    (* after in: a bare list *)
//! ```
//!
//! nom: `alt` of the parenthesised list and the value-first shapes; after `in` in the
//! vtiger dialect, a value followed by `,` goes on as a bare list.

use nom::branch::alt;
use nom::Parser;

use super::cursor::{fail, Cursor, PResult, Production};
use super::lexer::Tok;
use super::value::value;
use super::value_list::{bare_list, paren_list, zero_first, IN_LIST};
use crate::ast::{CompareOp, Operand};
use crate::error::{ErrorKind, ParseError};

/// The operand of operator `op`.
pub(super) fn operand<'a: 'c, 'c>(
    op: CompareOp,
) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, Operand<'a>> {
    #[inline(always)]
    move |i| {
        alt((
            Production(|i| parenthesised(op, i)),
            Production(|i| value_first(op, i)),
        ))
        .parse(i)
    }
}

/// `"(", value, { ",", value }, ")"`: any length after `in`; one value after the other
/// operators, in the vtiger dialect only.
fn parenthesised<'a: 'c, 'c>(op: CompareOp, i: Cursor<'a, 'c>) -> PResult<'a, 'c, Operand<'a>> {
    let (i, list) = paren_list(op)(i)?;
    if op != CompareOp::In {
        if !i.vtiger() {
            return fail(|| {
                ParseError::new(
                    ErrorKind::ListNotAllowed,
                    *list.span,
                    format!("`{op}` takes a single value, not a parenthesised list"),
                )
                .label("remove the parentheses")
                .hint("only `in` takes a list: in ('a', 'b')")
            });
        }
        if list.values.len() > 1 {
            return fail(|| {
                ParseError::new(
                    ErrorKind::ListNotAllowed,
                    *list.span,
                    format!("`{op}` takes a single value, not a list"),
                )
                .label("several values")
                .hint("use `in (...)` to compare with several values")
            });
        }
    }
    Ok((i, Operand::List(Box::new(list))))
}

/// A value; after `in` (vtiger only) a bare value or a bare list.
fn value_first<'a: 'c, 'c>(op: CompareOp, i: Cursor<'a, 'c>) -> PResult<'a, 'c, Operand<'a>> {
    let (i, first) = value(i)?;
    if op != CompareOp::In {
        return Ok((i, Operand::Value(first)));
    }
    if !i.vtiger() {
        return fail(|| {
            ParseError::new(
                ErrorKind::BareList,
                *first.span,
                "`in` takes a list in parentheses",
            )
            .label("add parentheses")
            .hint(format!("write in ({first}, ...)"))
            .expected(IN_LIST)
        });
    }
    if i.kind() != Tok::Comma {
        zero_first(&i, &first)?;
        return Ok((i, Operand::Value(first)));
    }
    let (i, list) = bare_list(i, first)?;
    Ok((i, Operand::List(Box::new(list))))
}
