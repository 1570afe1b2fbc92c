//! Structured input (an `arbitrary`-derived model of the AST) → AST → print → parse.
//! Oracle: for every dialect whose grammar the tree fits (a model of the grammar decides),
//! the canonical and the pretty forms parse back to an equal tree; for a dialect it does
//! not fit, the parser rejects the printed text.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use vtql::ast::NodeSpan;
use vtql::ast::{
    CompareOp, Condition, Direction, Ident, Limit, LimitValue, Link, Literal, LiteralKind,
    LogicalOp, Operand, OrderBy, SelectList, Value, ValueList, WhereClause,
};
use vtql::{Dialect, Limits, ParseOptions, Query};

#[derive(Arbitrary, Debug)]
struct FQuery {
    select: FSelect,
    module: FName,
    filter: Option<(FCond, Vec<(bool, FCond)>)>,
    order: Option<(FName, Vec<FName>, Option<bool>)>,
    limit: Option<(Option<u64>, u64)>,
}

#[derive(Arbitrary, Debug)]
enum FSelect {
    All,
    Count(Vec<FName>),
    Columns(FName, Vec<FName>),
}

/// A name: bytes mapped onto `[A-Za-z0-9_]`, never empty.
#[derive(Arbitrary, Debug)]
struct FName(Vec<u8>);

#[derive(Arbitrary, Debug)]
struct FCond {
    column: FName,
    op: u8,
    operand: FOperand,
}

#[derive(Arbitrary, Debug)]
enum FOperand {
    Value(FValue),
    List(FValue, Vec<FValue>, bool),
}

#[derive(Arbitrary, Debug)]
enum FValue {
    Str(String),
    Int(Option<bool>, u64, u8),
    Id(u32, u32),
}

const WORD: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
/// Every word the parser gives a meaning (kept out of generated names).
const KEYWORDS: &[&str] = &[
    "select", "from", "where", "and", "or", "in", "like", "not", "is", "between", "order",
    "orderby", "by", "asc", "desc", "limit", "offset", "count", "distinct", "group", "having",
    "join", "union", "null", "as",
];

impl FName {
    fn ident(&self) -> Ident<'static> {
        let mut s: String = self
            .0
            .iter()
            .take(12)
            .map(|b| WORD[*b as usize % WORD.len()] as char)
            .collect();
        if s.is_empty() {
            s.push('f');
        }
        if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&s)) {
            s.push('_');
        }
        Ident::new(s)
    }
}

impl FValue {
    fn value(&self) -> Value<'static> {
        let literal = match self {
            FValue::Str(s) => Literal::string(s.clone()),
            FValue::Int(sign, n, zeros) => {
                let sign = match sign {
                    None => "",
                    Some(true) => "+",
                    Some(false) => "-",
                };
                let zeros = "0".repeat((*zeros % 3) as usize);
                Literal::integer(format!("{sign}{zeros}{n}"))
            }
            FValue::Id(m, n) => Literal::record_id(format!("{m}x{n}")),
        };
        Value {
            literal,
            span: NodeSpan::default(),
        }
    }
}

const OPS: [CompareOp; 8] = [
    CompareOp::Eq,
    CompareOp::Ne,
    CompareOp::Lt,
    CompareOp::Gt,
    CompareOp::Le,
    CompareOp::Ge,
    CompareOp::Like,
    CompareOp::In,
];

impl FCond {
    fn condition(&self) -> Condition<'static> {
        let op = OPS[self.op as usize % OPS.len()];
        let operand = match &self.operand {
            FOperand::Value(v) => Operand::Value(v.value()),
            FOperand::List(first, rest, parenthesized) => {
                let mut values = vec![first.value()];
                values.extend(rest.iter().take(20).map(FValue::value));
                if values.len() == 1 && !*parenthesized {
                    // A one-value bare list prints as a single value: it is one.
                    return Condition {
                        column: self.column.ident(),
                        op,
                        op_span: NodeSpan::default(),
                        operand: Operand::Value(values.pop().unwrap()),
                    };
                }
                Operand::List(Box::new(ValueList {
                    values,
                    parenthesized: *parenthesized,
                    span: NodeSpan::default(),
                }))
            }
        };
        Condition {
            column: self.column.ident(),
            op,
            op_span: NodeSpan::default(),
            operand,
        }
    }
}

impl FQuery {
    fn query(&self) -> Query<'static> {
        let select = match &self.select {
            FSelect::All => SelectList::All(NodeSpan::default()),
            FSelect::Count(extra) => SelectList::Count {
                span: NodeSpan::default(),
                extra: extra.iter().take(8).map(FName::ident).collect(),
            },
            FSelect::Columns(first, rest) => SelectList::Columns(
                std::iter::once(first)
                    .chain(rest.iter().take(8))
                    .map(FName::ident)
                    .collect(),
            ),
        };
        let filter = self.filter.as_ref().map(|(first, rest)| WhereClause {
            first: first.condition(),
            rest: rest
                .iter()
                .take(16)
                .map(|(and, c)| Link {
                    op: if *and { LogicalOp::And } else { LogicalOp::Or },
                    op_span: NodeSpan::default(),
                    condition: c.condition(),
                })
                .collect(),
            span: NodeSpan::default(),
        });
        let order_by = self.order.as_ref().map(|(first, rest, dir)| OrderBy {
            columns: std::iter::once(first)
                .chain(rest.iter().take(4))
                .map(FName::ident)
                .collect(),
            direction: dir.map(|d| if d { Direction::Asc } else { Direction::Desc }),
            direction_span: NodeSpan::default(),
            span: NodeSpan::default(),
        });
        let limit = self.limit.map(|(offset, count)| Limit {
            offset: offset.map(LimitValue::new),
            count: LimitValue::new(count),
            span: NodeSpan::default(),
        });
        Query {
            select,
            module: self.module.ident(),
            where_clause: filter,
            order_by,
            limit,
            terminator: NodeSpan::default(),
            span: NodeSpan::default(),
        }
    }
}

/// The grammar model: whether `q`, printed, is a query of `dialect`.
fn fits(q: &Query<'_>, dialect: Dialect) -> bool {
    let vtiger = dialect == Dialect::Vtiger;
    if let SelectList::Count { extra, .. } = &q.select {
        if !extra.is_empty() && !vtiger {
            return false;
        }
    }
    if let SelectList::Columns(cols) = &q.select {
        // `count` is not generated; nothing else to check for columns.
        let _ = cols;
    }
    if let Some(o) = &q.order_by {
        if o.columns.len() > 2 && !vtiger {
            return false;
        }
    }
    if let Some(w) = &q.where_clause {
        let n = w.len();
        for (i, c) in w.conditions().enumerate() {
            let last = i + 1 == n;
            let in_op = c.op == CompareOp::In;
            match &c.operand {
                Operand::Value(_) if in_op => {
                    // A bare `in 'a'`: vtiger only, last condition only.
                    if !vtiger || !last {
                        return false;
                    }
                }
                Operand::Value(_) => {}
                Operand::List(l) => {
                    if !l.parenthesized {
                        // Bare lists: vtiger, after `in`, last condition, 2+ values
                        // (one bare value prints as a single value).
                        if !vtiger || !in_op || !last || l.values.len() < 2 {
                            return false;
                        }
                    } else if !in_op && (!vtiger || l.values.len() > 1) {
                        return false;
                    }
                }
            }
            if vtiger {
                // The real server pastes strings into MySQL, where an odd run of
                // backslashes before a quote (or the closing quote) escapes it.
                if c.values().iter().any(|v| matches!(v.literal.parts(), (LiteralKind::String, s) if odd_backslash_before_quote(&s.replace('\'', "''")))) {
                    return false;
                }
                if c.values()
                    .iter()
                    .any(|v| matches!(v.literal.parts(), (LiteralKind::String, s) if s.is_empty()))
                {
                    return false;
                }
                if in_op
                    && matches!(c.values()[0].literal.parts(), (LiteralKind::Integer, s) if s == "0")
                {
                    return false;
                }
            }
        }
    }
    true
}

/// Whether the raw string text holds an odd run of backslashes at its end or before a
/// quote.
fn odd_backslash_before_quote(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] == b'\\' {
            i += 1;
        }
        if i > start && (i - start) % 2 == 1 && (i == b.len() || b[i] == b'\'') {
            return true;
        }
        i = i.max(start + 1);
    }
    false
}

fuzz_target!(|input: FQuery| {
    let q = input.query();
    let canonical = q.to_string();
    let pretty = format!("{q:#}");
    for dialect in [Dialect::Documented, Dialect::Vtiger] {
        let opts = ParseOptions::new()
            .dialect(dialect)
            .limits(Limits::UNLIMITED);
        let fit = fits(&q, dialect);
        for text in [&canonical, &pretty] {
            match Query::parse_with(text, &opts) {
                Ok(back) => {
                    assert!(fit, "{dialect:?} accepts what the model rejects:\n{text}");
                    assert_eq!(
                        back, q,
                        "{dialect:?} re-parses to a different tree:\n{text}"
                    );
                    assert_eq!(&back.to_string(), &canonical);
                }
                Err(e) => assert!(!fit, "{dialect:?} rejects a fitting tree: {e:?}\n{text}"),
            }
        }
    }
});
