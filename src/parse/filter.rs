//! The `where` chain: conditions, operators, operands and values.
//!
//! ```text
//! where    = "where" cond { ( "and" | "or" ) cond } ;
//! cond     = column op operand ;
//! op       = "=" | "!=" | "<" | ">" | "<=" | ">=" | "like" | "in" ;
//! operand  = value
//!          | "(" value { "," value } ")"       (* after in; vtiger also: op "(" value ")" *)
//!          | value { "," value }               (* bare, after in, last condition: vtiger *)
//! value    = string | integer | record-id ;
//! ```

use std::borrow::Cow;

use super::lexer::Tok;
use super::{shorten, Kw, PResult, Parser};
use crate::ast::{CompareOp, Condition, Link, Literal, LogicalOp, Operand, Value, ValueList, WhereClause};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const COLUMN: Expected = Expected::of(&[X::Column]);
const OPERATOR: Expected = Expected::of(&[X::Operator]);
const VALUE: Expected = Expected::of(&[X::Value]);
const IN_LIST: Expected = Expected::of(&[X::OpenParen]);
const LIST_NEXT: Expected = Expected::of(&[X::Comma, X::CloseParen]);

impl<'a> Parser<'a, '_> {
    /// The chain after `where`.
    pub(super) fn where_clause(&mut self) -> PResult<WhereClause<'a>> {
        let start = self.tok.start;
        let first = self.condition()?;
        let mut rest = Vec::new();
        let mut end = first.span.end;
        loop {
            let op = match self.kw() {
                Kw::And => LogicalOp::And,
                Kw::Or => LogicalOp::Or,
                _ => {
                    if let Tok::Invalid = self.tok.kind {
                        if let Some(b'&' | b'|') = self.src.as_bytes().get(self.tok.start) {
                            return Err(self.unexpected(Expected::of(&[X::And, X::Or])));
                        }
                    }
                    break;
                }
            };
            if !self.bare_list_ok_here(&rest, &first) {
                return Err(self.bare_list_not_last(&rest, &first));
            }
            let op_span = self.span();
            self.bump();
            if rest.len() + 2 > self.opts.limits.max_conditions {
                return Err(ParseError::new(
                    ErrorKind::TooManyConditions,
                    op_span,
                    format!(
                        "more than {} conditions in the where clause",
                        self.opts.limits.max_conditions
                    ),
                )
                .hint("split the query, or raise `Limits::max_conditions` for trusted input"));
            }
            let condition = self.condition()?;
            end = condition.span.end;
            rest.push(Link {
                op,
                op_span,
                condition,
            });
        }
        Ok(WhereClause {
            first,
            rest,
            span: Span::new(start, end),
        })
    }

    /// A bare in-list may only end the chain.
    fn bare_list_ok_here(&self, rest: &[Link<'a>], first: &Condition<'a>) -> bool {
        let last = rest.last().map_or(first, |l| &l.condition);
        !is_bare_in(last)
    }

    fn bare_list_not_last(&self, rest: &[Link<'a>], first: &Condition<'a>) -> ParseError {
        let last = rest.last().map_or(first, |l| &l.condition);
        ParseError::new(
            ErrorKind::BareList,
            last.operand.span(),
            "an in-list without parentheses must be the last condition",
        )
        .label("put this list in parentheses")
        .hint(format!(
            "write `{} in ({})`",
            last.column,
            ValueList {
                values: last.values().to_vec(),
                parenthesized: false,
                span: Span::default()
            }
        ))
        .expected(Expected::of(&[X::OrderBy, X::Limit, X::Semicolon]))
    }

    fn condition(&mut self) -> PResult<Condition<'a>> {
        let start = self.tok.start;
        match (self.tok.kind, self.kw()) {
            (Tok::LParen, _) => {
                return Err(ParseError::new(
                    ErrorKind::GroupingParentheses,
                    self.span(),
                    "conditions cannot be grouped with parentheses",
                )
                .label("no grouping")
                .hint(
                    "write a flat chain joined by and/or: the documentation applies them left \
                     to right, real servers apply `and` before `or`; for other groupings run \
                     several queries (vtql's filter compiler does this)",
                )
                .expected(COLUMN));
            }
            (Tok::Word, Kw::Not) => return Err(not_operator(self.span(), None)),
            _ => {}
        }
        let column = self.ident(COLUMN)?;
        let (op, op_span) = self.operator()?;
        let operand = self.operand(op)?;
        let span = Span::new(start, operand.span().end);
        Ok(Condition {
            column,
            op,
            op_span,
            operand,
            span,
        })
    }

    fn operator(&mut self) -> PResult<(CompareOp, Span)> {
        let span = self.span();
        let op = match self.tok.kind {
            Tok::Eq => {
                if self.next_byte() == Some(b'=') {
                    return Err(wrong_operator(Span::new(span.start, span.end + 1), "==", "="));
                }
                CompareOp::Eq
            }
            Tok::Ne => CompareOp::Ne,
            Tok::Lt => {
                if self.next_byte() == Some(b'>') {
                    return Err(wrong_operator(Span::new(span.start, span.end + 1), "<>", "!="));
                }
                CompareOp::Lt
            }
            Tok::Gt => CompareOp::Gt,
            Tok::Le => CompareOp::Le,
            Tok::Ge => CompareOp::Ge,
            Tok::Word => match self.kw() {
                Kw::In => CompareOp::In,
                Kw::Like => CompareOp::Like,
                Kw::Not => {
                    let next = self.peek();
                    let what = super::keyword(&self.src[next.start..next.end]);
                    return Err(not_operator(span, Some(what)));
                }
                Kw::Is => {
                    return Err(ParseError::new(
                        ErrorKind::IsNull,
                        span,
                        "the language has no `is null` test",
                    )
                    .label("not supported")
                    .hint(
                        "there is no way to test for empty fields in a query; fetch the \
                         records and test the field in your code",
                    )
                    .expected(OPERATOR))
                }
                Kw::Between => {
                    return Err(ParseError::new(
                        ErrorKind::Between,
                        span,
                        "the language has no `between`",
                    )
                    .label("not supported")
                    .hint("write two conditions: col >= 'low' and col <= 'high'")
                    .expected(OPERATOR))
                }
                _ => return Err(self.unexpected(OPERATOR)),
            },
            _ => return Err(self.unexpected(OPERATOR)),
        };
        self.bump();
        Ok((op, span))
    }

    fn operand(&mut self, op: CompareOp) -> PResult<Operand<'a>> {
        if self.tok.kind == Tok::LParen {
            let list = self.paren_list(op)?;
            if op != CompareOp::In {
                if !self.vtiger() {
                    return Err(ParseError::new(
                        ErrorKind::ListNotAllowed,
                        list.span,
                        format!("`{op}` takes a single value, not a parenthesised list"),
                    )
                    .label("remove the parentheses")
                    .hint("only `in` takes a list: in ('a', 'b')"));
                }
                if list.values.len() > 1 {
                    return Err(ParseError::new(
                        ErrorKind::ListNotAllowed,
                        list.span,
                        format!("`{op}` takes a single value, not a list"),
                    )
                    .label("several values")
                    .hint("use `in (...)` to compare with several values"));
                }
            }
            return Ok(Operand::List(list));
        }
        let first = self.value()?;
        if op != CompareOp::In {
            return Ok(Operand::Value(first));
        }
        // A bare `in` operand: `in 'a'` or `in 'a', 'b'`.
        if !self.vtiger() {
            return Err(ParseError::new(
                ErrorKind::BareList,
                first.span,
                "`in` takes a list in parentheses",
            )
            .label("add parentheses")
            .hint(format!("write in ({first}, ...)"))
            .expected(IN_LIST));
        }
        if self.tok.kind != Tok::Comma {
            self.zero_first(&first)?;
            return Ok(Operand::Value(first));
        }
        let mut values = vec![first];
        while self.tok.kind == Tok::Comma {
            self.bump();
            if matches!(
                self.tok.kind,
                Tok::Eq | Tok::Ne | Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge
            ) || matches!(self.kw(), Kw::In | Kw::Like)
            {
                return Err(self
                    .unexpected(VALUE)
                    .hint("the real server never answers this query (its parser loops); put the list in parentheses"));
            }
            values.push(self.value()?);
            self.check_list_len(&values)?;
        }
        self.zero_first(&values[0])?;
        let span = values[0].span.to(values[values.len() - 1].span);
        Ok(Operand::List(ValueList {
            values,
            parenthesized: false,
            span,
        }))
    }

    /// `( value { , value } )`, the current token being `(`.
    fn paren_list(&mut self, op: CompareOp) -> PResult<ValueList<'a>> {
        let open = self.span();
        self.bump();
        if self.tok.kind == Tok::RParen {
            return Err(ParseError::new(
                ErrorKind::EmptyInList,
                open.to(self.span()),
                "empty value list",
            )
            .label("no values")
            .hint("a list needs at least one value: in ('a')")
            .expected(VALUE));
        }
        let mut values = Vec::new();
        loop {
            if self.tok.kind == Tok::RParen {
                return Err(self.unexpected(VALUE).hint("remove the trailing comma"));
            }
            if self.tok.kind == Tok::LParen {
                return Err(self
                    .unexpected(VALUE)
                    .hint("lists do not nest; write the values in one list"));
            }
            values.push(self.value()?);
            self.check_list_len(&values)?;
            match self.tok.kind {
                Tok::Comma => self.bump(),
                Tok::RParen => break,
                Tok::Semi | Tok::End => return Err(unclosed(open)),
                Tok::Word if matches!(self.kw(), Kw::And | Kw::Or | Kw::Order | Kw::OrderBy | Kw::Limit) => {
                    return Err(unclosed(open))
                }
                _ => return Err(self.unexpected(LIST_NEXT)),
            }
        }
        let close = self.span();
        self.bump();
        if op == CompareOp::In {
            self.zero_first(&values[0])?;
        }
        Ok(ValueList {
            values,
            parenthesized: true,
            span: open.to(close),
        })
    }

    fn check_list_len(&mut self, values: &[Value<'a>]) -> PResult<()> {
        let span = values[values.len() - 1].span;
        if values.len() > self.opts.limits.max_list_values {
            return Err(ParseError::new(
                ErrorKind::ListTooLong,
                span,
                format!(
                    "more than {} values in one list",
                    self.opts.limits.max_list_values
                ),
            )
            .hint("split the list over several queries, or raise `Limits::max_list_values`"));
        }
        Ok(())
    }

    /// The real server rejects in-lists whose first value is an unquoted `0`.
    fn zero_first(&self, first: &Value<'a>) -> PResult<()> {
        if self.vtiger() && matches!(&first.literal, Literal::Integer(s) if s == "0") {
            return Err(ParseError::new(
                ErrorKind::ZeroFirstInList,
                first.span,
                "an in-list cannot start with an unquoted 0",
            )
            .label("the real server answers \"columns data inappropriate\"")
            .hint("quote it ('0') or move it after another value"));
        }
        Ok(())
    }

    /// One value.
    fn value(&mut self) -> PResult<Value<'a>> {
        let span = self.span();
        let text = self.text();
        let literal = match self.tok.kind {
            Tok::Str => {
                let inner = &text[1..text.len() - 1];
                if inner.ends_with('\\') {
                    if let Some(b) = self.next_byte() {
                        if !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b')' | b';') {
                            return Err(backslash_escape(span, text));
                        }
                    }
                }
                self.count_values(1, span)?;
                Literal::String(if self.tok.escaped {
                    Cow::Owned(inner.replace("''", "'"))
                } else {
                    Cow::Borrowed(inner)
                })
            }
            Tok::EmptyStr => {
                if self.vtiger() {
                    return Err(ParseError::new(
                        ErrorKind::EmptyString,
                        span,
                        "the empty string cannot be written for the real server",
                    )
                    .label("the real server's lexer fails here")
                    .hint(
                        "the real server answers INTERNAL_SERVER_ERROR; the documented dialect \
                         accepts '' (with a compatibility warning)",
                    ));
                }
                self.count_values(1, span)?;
                Literal::String(Cow::Borrowed(""))
            }
            Tok::SignedInt => {
                if let Some(err) = self.number_shape(span) {
                    return Err(err);
                }
                self.count_values(1, span)?;
                Literal::Integer(Cow::Borrowed(text))
            }
            Tok::Word => {
                let bytes = text.as_bytes();
                if bytes[0].is_ascii_digit() && bytes.iter().all(u8::is_ascii_digit) {
                    if let Some(err) = self.number_shape(span) {
                        return Err(err);
                    }
                    self.count_values(1, span)?;
                    Literal::Integer(Cow::Borrowed(text))
                } else if crate::ast::split_record_id(text).is_some()
                    || is_record_id_shape(text)
                {
                    self.count_values(1, span)?;
                    Literal::RecordId(Cow::Borrowed(text))
                } else {
                    return Err(self.bare_word());
                }
            }
            Tok::DoubleQuoted | Tok::Unterminated | Tok::Invalid | Tok::End => {
                return Err(self.unexpected(VALUE))
            }
            _ => return Err(self.unexpected(VALUE)),
        };
        self.bump();
        Ok(Value { literal, span })
    }

    /// After digits: `2024-01-31`, `1.5`, `10:30` are unquoted literals the language
    /// cannot write.
    fn number_shape(&self, span: Span) -> Option<ParseError> {
        let bytes = self.src.as_bytes();
        let mut end = span.end;
        let follows_digit = |i: usize| bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !matches!(bytes.get(end), Some(b'-' | b'.' | b':')) || !follows_digit(end) {
            return None;
        }
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || (matches!(bytes[end], b'-' | b'.' | b':') && follows_digit(end))
                || (bytes[end] == b' '
                    && follows_digit(end)
                    && bytes.get(end + 3) == Some(&b':')))
        {
            end += 1;
        }
        let text = &self.src[span.start..end];
        let what = if text.contains(':') && text.contains('-') {
            "datetime"
        } else if text.contains(':') {
            "time"
        } else if text.matches(['-', '.']).count() >= 2 {
            "date"
        } else {
            "decimal"
        };
        Some(
            ParseError::new(
                ErrorKind::UnquotedLiteral,
                Span::new(span.start, end),
                format!("unquoted {what} `{text}`"),
            )
            .label("quote this value")
            .hint(format!("write it in single quotes: '{text}'"))
            .expected(VALUE),
        )
    }

    /// The error for a word where a value was expected.
    fn bare_word(&self) -> ParseError {
        let span = self.span();
        let text = self.text();
        match self.kw() {
            Kw::None | Kw::Null | Kw::Count | Kw::By | Kw::Group | Kw::Having | Kw::Join | Kw::Union => {}
            _ => {
                return self
                    .unexpected(VALUE)
                    .hint(format!("if `{text}` is the value, quote it: '{text}'"))
            }
        }
        let hint = match text.to_ascii_lowercase().as_str() {
            "null" => "the language has no null; there is no way to test for empty fields".to_owned(),
            "true" | "false" => {
                let v = if text.eq_ignore_ascii_case("true") { 1 } else { 0 };
                format!("booleans are stored as 0 and 1: write '{v}'")
            }
            _ => format!("write it in single quotes: '{}'", shorten(text)),
        };
        ParseError::new(
            ErrorKind::UnquotedWord,
            span,
            format!("bare word `{}` is not a value", shorten(text)),
        )
        .label("values must be quoted")
        .hint(hint)
        .expected(VALUE)
    }
}

/// `12x34` with digits on both sides of one `x`, even when the numbers overflow.
fn is_record_id_shape(text: &str) -> bool {
    match text.split_once('x') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn is_bare_in(c: &Condition<'_>) -> bool {
    c.op == CompareOp::In
        && match &c.operand {
            Operand::Value(_) => true,
            Operand::List(l) => !l.parenthesized,
        }
}

fn unclosed(open: Span) -> ParseError {
    ParseError::new(
        ErrorKind::UnclosedParenthesis,
        open,
        "this `(` is never closed",
    )
    .label("unclosed list")
    .hint("close the list with `)`; the real server silently drops the last value here")
    .expected(LIST_NEXT)
}

fn wrong_operator(span: Span, written: &str, right: &'static str) -> ParseError {
    ParseError::new(
        ErrorKind::WrongOperator,
        span,
        format!("`{written}` is not an operator"),
    )
    .label("expected an operator")
    .hint(if right == "!=" {
        "write `!=` for \"not equal\"".to_owned()
    } else {
        format!("write `{right}`")
    })
    .expected(OPERATOR)
}

fn not_operator(span: Span, next: Option<Kw>) -> ParseError {
    let (message, hint) = match next {
        Some(Kw::In) => (
            "the language has no `not in`",
            "write one `!=` condition per value, joined by `and`",
        ),
        Some(Kw::Like) => (
            "the language has no `not like`",
            "there is no negated pattern match; filter the rows in your code",
        ),
        _ => (
            "the language has no `not`",
            "negate the comparison itself: `!=` for `=`, `>=` for `<`, ...",
        ),
    };
    ParseError::new(ErrorKind::NotOperator, span, message)
        .label("not supported")
        .hint(hint)
        .expected(if next.is_some() { OPERATOR } else { COLUMN })
}

fn backslash_escape(span: Span, text: &str) -> ParseError {
    let bs = Span::new(span.end - 2, span.end);
    let _ = text;
    ParseError::new(
        ErrorKind::BackslashEscape,
        bs,
        "a backslash does not escape a quote",
    )
    .label("this quote ends the string")
    .hint("inside a string write a quote as `''`: 'O''Brien'")
    .expected(VALUE)
}
