//! Compatibility lints and clause-level warnings: constructs this crate accepts that real
//! servers reject, mistranslate or answer differently than one would expect.

use crate::ast::{
    CompareOp, LiteralKind, LogicalOp, Operand, Precedence, Query, SelectList, WhereClause,
};
use crate::Span;

use super::codes::Code;
use super::diagnostics::Diagnostic;
use super::ValidateOptions;

/// Runs every lint that needs no schema.
pub(super) fn lint(query: &Query<'_>, options: &ValidateOptions, out: &mut Vec<Diagnostic>) {
    if let Some(w) = &query.where_clause {
        readings_differ(w, options.precedence, out);
        conditions(w, out);
    }
    if !query.has_semicolon() {
        out.push(
            Diagnostic::new(
                Code::MissingSemicolon,
                *query.terminator,
                "the final `;` is missing",
            )
            .label("real servers require `;` here")
            .help("end the query with `;`")
            .finish(),
        );
    }
    if let Some(order) = &query.order_by {
        if order.columns.len() > 2 {
            let span = order.columns[2]
                .span
                .to(*order.columns[order.columns.len() - 1].span);
            out.push(
                Diagnostic::new(
                    Code::TooManyOrderColumns,
                    span,
                    format!(
                        "{} `order by` columns; the documentation allows at most two",
                        order.columns.len()
                    ),
                )
                .label("beyond the second column")
                .help("real servers accept this, other implementations may not; sort by at most two columns")
                .finish(),
            );
        }
        if query.is_count() {
            out.push(
                Diagnostic::new(
                    Code::CountWithOrderBy,
                    *order.span,
                    "`order by` has no effect on `count(*)`",
                )
                .label("ordering a single row")
                .help("remove the `order by`")
                .finish(),
            );
        }
    }
    if let SelectList::Count { extra, .. } = &query.select {
        if let (Some(first), Some(last)) = (extra.first(), extra.last()) {
            out.push(
                Diagnostic::new(
                    Code::CountExtraColumns,
                    first.span.to(*last.span),
                    "columns after `count(*)` are ignored; the result holds only the count",
                )
                .label("ignored")
                .help("remove them, or select them in a separate query")
                .finish(),
            );
        }
    }
    if let Some(limit) = &query.limit {
        let n = limit.count.value;
        if n == 0 {
            out.push(
                Diagnostic::new(
                    Code::LimitZero,
                    *limit.count.span,
                    "`limit 0` returns no rows",
                )
                .label("no rows")
                .help("remove the limit, or use `count(*)` to count records")
                .finish(),
            );
        } else if n > options.row_cap {
            out.push(
                Diagnostic::new(
                    Code::LimitAboveCap,
                    *limit.count.span,
                    format!(
                        "the server returns at most {} rows, not {n}",
                        options.row_cap
                    ),
                )
                .label(format!("capped to {}", options.row_cap))
                .help(format!(
                    "page with `order by id limit m, {}` and increase m by {} per page",
                    options.row_cap, options.row_cap
                ))
                .finish(),
            );
        }
        if let Some(offset) = limit.offset {
            if query.order_by.is_none() && !query.is_count() {
                out.push(
                    Diagnostic::new(
                        Code::UnstablePaging,
                        offset.span.to(*limit.count.span),
                        "paging with `limit m, n` without `order by`: pages are not stable",
                    )
                    .label("rows may repeat or be skipped between pages")
                    .help("order by a unique column: `order by id`")
                    .finish(),
                );
            }
        }
    }
}

/// Chains up to this many conditions are shown whole in the help of W0301; longer ones
/// are shown around the first `and` after an `or`.
const SHOW_WHOLE_CHAIN: usize = 6;

fn readings_differ(w: &WhereClause<'_>, precedence: Precedence, out: &mut Vec<Diagnostic>) {
    // The first `and` that follows an `or`: link `k` (between conditions k and k + 1).
    // The link before it is then an `or` (an earlier `and` would have come first).
    let mut seen_or = false;
    let Some(k) = w.rest.iter().position(|link| match link.op {
        LogicalOp::Or => {
            seen_or = true;
            false
        }
        LogicalOp::And => seen_or,
    }) else {
        return;
    };
    let used = match precedence {
        Precedence::LeftToRight => "vtql reads it left to right",
        Precedence::SqlPrecedence => "vtql reads it with SQL precedence",
    };
    let help = if w.len() <= SHOW_WHOLE_CHAIN {
        format!(
            "documented (left to right): {}; real servers (and before or): {}",
            w.grouped(Precedence::LeftToRight),
            w.grouped(Precedence::SqlPrecedence)
        )
    } else {
        // `a or b and c`: conditions k - 1, k, k + 1 and the two links between them.
        let window = WhereClause {
            first: w
                .condition(k - 1)
                .cloned()
                .unwrap_or_else(|| w.first.clone()),
            rest: w.rest[k - 1..=k].to_vec(),
            span: w.span,
        };
        let before = if k > 1 { "... " } else { "" };
        let after = if k + 2 < w.len() { " ..." } else { "" };
        format!(
            "documented (left to right): {before}{}{after}; real servers (and before or): {before}{}{after}",
            window.grouped(Precedence::LeftToRight),
            window.grouped(Precedence::SqlPrecedence)
        )
    };
    out.push(
        Diagnostic::new(
            Code::ReadingsDiffer,
            *w.rest[k].op_span,
            format!(
                "`and` after `or` means one thing in the documentation and another on real servers ({used})"
            ),
        )
        .label("`and` after `or`")
        .help(help)
        .finish(),
    );
}

fn conditions(w: &WhereClause<'_>, out: &mut Vec<Diagnostic>) {
    for cond in w.conditions() {
        for value in cond.values() {
            if matches!(value.literal.parts(), (LiteralKind::String, s) if s.is_empty()) {
                out.push(
                    Diagnostic::new(Code::EmptyString, *value.span, "real servers cannot read `''`")
                        .label("the empty string")
                        .help("there is no portable way to compare with the empty string; filter on the client")
                        .finish(),
                );
            }
        }
        if cond.op == CompareOp::In {
            let first = &cond.values()[0];
            if matches!(first.literal.parts(), (LiteralKind::Integer, s) if s == "0") {
                out.push(
                    Diagnostic::new(
                        Code::ZeroFirstInList,
                        *first.span,
                        "real servers reject an in-list that starts with an unquoted 0",
                    )
                    .label("unquoted 0 first")
                    .help("quote it ('0') or put another value first")
                    .ws_message("columns data inappropriate")
                    .finish(),
                );
            }
            let bare = match &cond.operand {
                Operand::Value(_) => true,
                Operand::List(l) => !l.parenthesized,
            };
            if bare {
                let span: Span = cond.operand.span();
                out.push(
                    Diagnostic::new(
                        Code::BareInList,
                        span,
                        "an in-list without parentheses only works as the last condition",
                    )
                    .label("no parentheses")
                    .help(format!(
                        "write `{} in ({})`",
                        cond.column.name,
                        cond.values()
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .finish(),
                );
            }
        }
        if cond.op == CompareOp::Like {
            if let Some(v) = cond.values().first() {
                if let Some(escaped) = lone_backslash(v.as_str()) {
                    out.push(
                        Diagnostic::new(
                            Code::LikeBackslash,
                            *v.span,
                            format!(
                                "`\\{escaped}` in a like pattern matches `{escaped}`, not a backslash"
                            ),
                        )
                        .label("`\\` escapes the next character")
                        .help(format!(
                            "write `\\\\` for a backslash: like '{}'",
                            double_lone_backslashes(v.as_str()).replace('\'', "''")
                        ))
                        .finish(),
                    );
                }
                if v.as_str().starts_with('%') {
                    out.push(
                        Diagnostic::new(
                            Code::LeadingWildcard,
                            *v.span,
                            "a pattern starting with `%` cannot use an index",
                        )
                        .label("leading wildcard")
                        .help("the database reads every record; anchor the pattern at the start when you can")
                        .finish(),
                    );
                }
            }
        }
    }
}

/// The first character after a backslash that escapes nothing in a `like` pattern: `\`
/// escapes `%`, `_` and `\`; before anything else it is dropped. A backslash at the end
/// matches itself (the SQL backend doubles it), so it is not reported.
fn lone_backslash(pattern: &str) -> Option<char> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('%' | '_' | '\\') | None => {}
                Some(other) => return Some(other),
            }
        }
    }
    None
}

/// The pattern with every backslash that escapes nothing doubled, so that it matches a
/// backslash.
fn double_lone_backslashes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' {
            match chars.peek() {
                Some(&n @ ('%' | '_' | '\\')) => {
                    out.push(n);
                    chars.next();
                }
                Some(_) => out.push('\\'),
                None => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_that_escape_nothing() {
        assert_eq!(lone_backslash("Back\\slash"), Some('s'));
        assert_eq!(lone_backslash("100\\%"), None);
        assert_eq!(lone_backslash("a\\_b\\\\c"), None);
        assert_eq!(lone_backslash("ends\\"), None);
        assert_eq!(lone_backslash("\\\\\\n"), Some('n'));
        assert_eq!(double_lone_backslashes("Back\\slash"), "Back\\\\slash");
        assert_eq!(double_lone_backslashes("a\\%b\\c\\"), "a\\%b\\\\c\\");
    }
}
