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

use super::lexer::{self, Tok};
use super::{fail, room_for_one, shorten, Kw, PResult, Parser};
use crate::ast::{
    CompareOp, Condition, Link, Literal, LiteralKind, LogicalOp, Operand, Value, ValueList,
    WhereClause,
};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const COLUMN: Expected = Expected::of(&[X::Column]);
const OPERATOR: Expected = Expected::of(&[X::Operator]);
const VALUE: Expected = Expected::of(&[X::Value]);
const IN_LIST: Expected = Expected::of(&[X::OpenParen]);
const LIST_NEXT: Expected = Expected::of(&[X::Comma, X::CloseParen]);

impl<'a> Parser<'a, '_> {
    /// The chain after `where`.
    pub(super) fn where_clause(&mut self, start: usize) -> PResult<WhereClause<'a>> {
        if self.opts.limits.max_conditions == 0 {
            return fail(|| self.too_many_conditions(self.span()));
        }
        let first = self.condition()?;
        let mut rest = Vec::new();
        let mut end = first.operand.span().hi();
        loop {
            let op = match self.kw() {
                Kw::And => LogicalOp::And,
                Kw::Or => LogicalOp::Or,
                _ => {
                    if let Tok::Invalid = self.tok.kind() {
                        if let Some(b'&' | b'|') = self.src.as_bytes().get(self.tok.lo()) {
                            return fail(|| self.unexpected(Expected::of(&[X::And, X::Or])));
                        }
                    }
                    break;
                }
            };
            if !self.bare_list_ok_here(&rest, &first) {
                return fail(|| self.bare_list_not_last(&rest, &first));
            }
            let op_span = self.span();
            self.bump();
            if rest.len() + 2 > self.opts.limits.max_conditions {
                return fail(|| self.too_many_conditions(op_span));
            }
            let condition = self.condition()?;
            end = condition.operand.span().hi();
            let max = self.opts.limits.max_conditions;
            room_for_one(&mut rest, first.column.span.lo(), end, self.src.len(), max);
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

    /// The error for one condition more than `Limits::max_conditions` allows; `span` is
    /// the connective before it (or the first column when the limit is 0).
    fn too_many_conditions(&self, span: Span) -> ParseError {
        ParseError::new(
            ErrorKind::TooManyConditions,
            span,
            format!(
                "more than {} conditions in the where clause",
                self.opts.limits.max_conditions
            ),
        )
        .hint("split the query, or raise `Limits::max_conditions` for trusted input")
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
        match (self.tok.kind(), self.kw()) {
            (Tok::LParen, _) => {
                return fail(|| {
                    ParseError::new(
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
                    .expected(COLUMN)
                });
            }
            (Tok::Word, Kw::Not) => return fail(|| not_operator(self.span(), None)),
            _ => {}
        }
        let column = self.ident(COLUMN)?;
        if let Some((op, op_span, value)) = self.plain_comparison()? {
            return Ok(Condition {
                column,
                op,
                op_span,
                operand: Operand::Value(value),
            });
        }
        let (op, op_span) = self.operator()?;
        let operand = self.operand(op)?;
        Ok(Condition {
            column,
            op,
            op_span,
            operand,
        })
    }

    /// The common condition shapes, `column op 'plain string'` and `column op 123` with
    /// `op` one of `= != < > <= >= like`, read straight from the bytes after the operator
    /// token without lexing the value as a token ([`Self::plain_value_at`]): the
    /// operator, its span and the value, which the caller puts in the condition with
    /// its column (the column is not moved in and out). `Ok(None)`, nothing consumed,
    /// for every other shape, which the general path then parses; the result is the
    /// one it would give.
    #[inline]
    fn plain_comparison(&mut self) -> PResult<Option<(CompareOp, Span, Value<'a>)>> {
        let op = match (self.tok.kind(), self.next_byte()) {
            (Tok::Eq, Some(b'=')) | (Tok::Lt, Some(b'>')) => return Ok(None),
            (Tok::Eq, _) => CompareOp::Eq,
            (Tok::Ne, _) => CompareOp::Ne,
            (Tok::Lt, _) => CompareOp::Lt,
            (Tok::Gt, _) => CompareOp::Gt,
            (Tok::Le, _) => CompareOp::Le,
            (Tok::Ge, _) => CompareOp::Ge,
            (Tok::Word, _) if self.kw() == Kw::Like => CompareOp::Like,
            _ => return Ok(None),
        };
        let pos = lexer::skip_ws(self.src, self.tok.hi());
        let Some((end, literal)) = self.plain_value_at(pos, self.vtiger()) else {
            return Ok(None);
        };
        let op_span = self.span();
        let span = Span::new(pos, end);
        self.count_values(1, span)?;
        self.tok = lexer::next_token(self.src, end);
        Ok(Some((op, op_span, Value { literal, span })))
    }

    /// The plain value at byte `pos`, read straight from the bytes, and where it ends:
    /// a quoted string without a doubled quote or a trailing backslash (nor, in the
    /// vtiger dialect, an odd run of backslashes before a quote), or an unsigned integer
    /// (digits not followed by a word byte, nor by `-`, `.` or `:` and a digit, the
    /// shapes [`Self::number_shape`] rejects). `None` for every other shape, which the
    /// general path ([`Self::value`]) then reads, with the same result for these.
    #[inline(always)]
    fn plain_value_at(&self, pos: usize, vtiger: bool) -> Option<(usize, Literal<'a>)> {
        let src = self.src;
        let bytes = src.as_bytes();
        match bytes.get(pos)? {
            b'\'' => {
                let end = lexer::plain_string(src, pos)?;
                // Both ends are ASCII quotes, so `inner` lies on character boundaries.
                let inner = &src[pos + 1..end - 1];
                if inner.as_bytes().last() == Some(&b'\\')
                    || (vtiger && odd_backslash_before_quote(inner).is_some())
                {
                    return None;
                }
                Some((end, Literal::borrowed(LiteralKind::String, inner)))
            }
            b'0'..=b'9' => {
                let end = pos
                    + bytes[pos..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .unwrap_or(bytes.len() - pos);
                match bytes.get(end) {
                    Some(&b) if lexer::is_word_byte(b) => return None,
                    Some(b'-' | b'.' | b':')
                        if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) =>
                    {
                        return None
                    }
                    _ => {}
                }
                // Digits only: ASCII, on character boundaries.
                Some((end, Literal::borrowed(LiteralKind::Integer, &src[pos..end])))
            }
            _ => None,
        }
    }

    fn operator(&mut self) -> PResult<(CompareOp, Span)> {
        let span = self.span();
        let op = match self.tok.kind() {
            Tok::Eq => {
                if self.next_byte() == Some(b'=') {
                    return fail(|| wrong_operator(Span::new(span.lo(), span.hi() + 1), "==", "="));
                }
                CompareOp::Eq
            }
            Tok::Ne => CompareOp::Ne,
            Tok::Lt => {
                if self.next_byte() == Some(b'>') {
                    return fail(|| {
                        wrong_operator(Span::new(span.lo(), span.hi() + 1), "<>", "!=")
                    });
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
                    let what = next.kw();
                    return fail(|| not_operator(span, Some(what)));
                }
                Kw::Is => {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::IsNull,
                            span,
                            "the language has no `is null` test",
                        )
                        .label("not supported")
                        .hint(
                            "there is no way to test for empty fields in a query; fetch the \
                         records and test the field in your code",
                        )
                        .expected(OPERATOR)
                    })
                }
                Kw::Between => {
                    return fail(|| {
                        ParseError::new(ErrorKind::Between, span, "the language has no `between`")
                            .label("not supported")
                            .hint("write two conditions: col >= 'low' and col <= 'high'")
                            .expected(OPERATOR)
                    })
                }
                _ => return fail(|| self.unexpected(OPERATOR)),
            },
            _ => return fail(|| self.unexpected(OPERATOR)),
        };
        self.bump();
        Ok((op, span))
    }

    fn operand(&mut self, op: CompareOp) -> PResult<Operand<'a>> {
        if self.tok.kind() == Tok::LParen {
            let list = self.paren_list(op)?;
            if op != CompareOp::In {
                if !self.vtiger() {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::ListNotAllowed,
                            list.span,
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
                            list.span,
                            format!("`{op}` takes a single value, not a list"),
                        )
                        .label("several values")
                        .hint("use `in (...)` to compare with several values")
                    });
                }
            }
            return Ok(Operand::List(Box::new(list)));
        }
        let first = self.value()?;
        if op != CompareOp::In {
            return Ok(Operand::Value(first));
        }
        // A bare `in` operand: `in 'a'` or `in 'a', 'b'`.
        if !self.vtiger() {
            return fail(|| {
                ParseError::new(
                    ErrorKind::BareList,
                    first.span,
                    "`in` takes a list in parentheses",
                )
                .label("add parentheses")
                .hint(format!("write in ({first}, ...)"))
                .expected(IN_LIST)
            });
        }
        if self.tok.kind() != Tok::Comma {
            self.zero_first(&first)?;
            return Ok(Operand::Value(first));
        }
        let first_at = first.span.lo();
        let mut values = vec![first];
        self.check_list_len(&values)?;
        while self.tok.kind() == Tok::Comma {
            self.bump();
            if matches!(
                self.tok.kind(),
                Tok::Eq | Tok::Ne | Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge
            ) || matches!(self.kw(), Kw::In | Kw::Like)
            {
                return fail(|| {
                    self
                    .unexpected(VALUE)
                    .hint("the real server never answers this query (its parser loops); put the list in parentheses")
                });
            }
            let value = self.value()?;
            let max = self.opts.limits.max_list_values;
            room_for_one(&mut values, first_at, value.span.hi(), self.src.len(), max);
            values.push(value);
            self.check_list_len(&values)?;
        }
        self.zero_first(&values[0])?;
        let span = values[0].span.to(values[values.len() - 1].span);
        Ok(Operand::List(Box::new(ValueList {
            values,
            parenthesized: false,
            span,
        })))
    }

    /// `( value { , value } )`, the current token being `(`.
    fn paren_list(&mut self, op: CompareOp) -> PResult<ValueList<'a>> {
        let open = self.span();
        self.bump();
        if self.tok.kind() == Tok::RParen {
            return fail(|| {
                ParseError::new(
                    ErrorKind::EmptyInList,
                    open.to(self.span()),
                    "empty value list",
                )
                .label("no values")
                .hint("a list needs at least one value: in ('a')")
                .expected(VALUE)
            });
        }
        let mut values = Vec::new();
        'list: loop {
            if self.tok.kind() == Tok::RParen {
                return fail(|| self.unexpected(VALUE).hint("remove the trailing comma"));
            }
            if self.tok.kind() == Tok::LParen {
                return fail(|| {
                    self.unexpected(VALUE)
                        .hint("lists do not nest; write the values in one list")
                });
            }
            let value = self.value()?;
            let max = self.opts.limits.max_list_values;
            room_for_one(&mut values, open.hi(), value.span.hi(), self.src.len(), max);
            values.push(value);
            self.check_list_len(&values)?;
            'next: loop {
                match self.tok.kind() {
                    Tok::Comma => {
                        if self.plain_values(&mut values)? {
                            // The current token is the one after the last value taken.
                            continue 'next;
                        }
                        self.bump();
                    }
                    Tok::RParen => break 'list,
                    Tok::Semi | Tok::End => return fail(|| unclosed(open)),
                    Tok::Word
                        if matches!(
                            self.kw(),
                            Kw::And | Kw::Or | Kw::Order | Kw::OrderBy | Kw::Limit
                        ) =>
                    {
                        return fail(|| unclosed(open))
                    }
                    _ => return fail(|| self.unexpected(LIST_NEXT)),
                }
                break;
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

    /// The fast path of a list, the current token being a `,`: takes the run of plain
    /// values ([`Self::plain_value_at`]) that follow, each as [`Self::value`] would.
    /// `false` (nothing taken, the token unchanged) when the next value has any other
    /// shape; `true` when values were taken, the current token then being the one after
    /// the last of them.
    #[inline]
    fn plain_values(&mut self, values: &mut Vec<Value<'a>>) -> PResult<bool> {
        let src = self.src;
        let bytes = src.as_bytes();
        let vtiger = self.vtiger();
        let mut comma = self.tok.lo();
        let mut taken = false;
        loop {
            let start = lexer::skip_ws(src, comma + 1);
            let Some((end, literal)) = self.plain_value_at(start, vtiger) else {
                break;
            };
            let span = Span::new(start, end);
            self.count_values(1, span)?;
            let first = values.first().map_or(start, |v| v.span.lo());
            let max = self.opts.limits.max_list_values;
            room_for_one(values, first, end, src.len(), max);
            values.push(Value { literal, span });
            self.check_list_len(values)?;
            taken = true;
            let after = lexer::skip_ws(src, end);
            if bytes.get(after) == Some(&b',') {
                comma = after;
                continue;
            }
            self.tok = lexer::next_token(src, after);
            return Ok(true);
        }
        if taken {
            self.tok = lexer::next_token(src, comma);
        }
        Ok(taken)
    }

    #[inline]
    fn check_list_len(&mut self, values: &[Value<'a>]) -> PResult<()> {
        if values.len() > self.opts.limits.max_list_values {
            return fail(|| self.list_too_long(values));
        }
        Ok(())
    }

    #[cold]
    fn list_too_long(&self, values: &[Value<'a>]) -> ParseError {
        let span = values[values.len() - 1].span;
        ParseError::new(
            ErrorKind::ListTooLong,
            span,
            format!(
                "more than {} values in one list",
                self.opts.limits.max_list_values
            ),
        )
        .hint("split the list over several queries, or raise `Limits::max_list_values`")
    }

    /// The real server rejects in-lists whose first value is an unquoted `0`.
    fn zero_first(&self, first: &Value<'a>) -> PResult<()> {
        if self.vtiger() && matches!(first.literal.parts(), (LiteralKind::Integer, s) if s == "0") {
            return fail(|| {
                ParseError::new(
                    ErrorKind::ZeroFirstInList,
                    first.span,
                    "an in-list cannot start with an unquoted 0",
                )
                .label("the real server answers \"columns data inappropriate\"")
                .hint("quote it ('0') or move it after another value")
            });
        }
        Ok(())
    }

    /// One value. The common case, a quoted string without escapes or backslashes at
    /// its end, is taken here; every other token goes through [`Self::any_value`].
    /// Always inlined: the call and the move of its result cost more than this path.
    #[inline(always)]
    fn value(&mut self) -> PResult<Value<'a>> {
        if self.tok.kind() == Tok::Str && !self.tok.escaped() {
            let span = self.span();
            // Both ends are ASCII quotes, so `inner` lies on character boundaries.
            let inner = &self.src[span.lo() + 1..span.hi() - 1];
            if inner.as_bytes().last() != Some(&b'\\')
                && (!self.vtiger() || odd_backslash_before_quote(inner).is_none())
            {
                self.count_values(1, span)?;
                self.bump();
                return Ok(Value {
                    literal: Literal::borrowed(LiteralKind::String, inner),
                    span,
                });
            }
        }
        self.any_value()
    }

    /// One value of any kind, or the error for the token.
    #[inline(never)]
    fn any_value(&mut self) -> PResult<Value<'a>> {
        let span = self.span();
        let literal = match self.tok.kind() {
            Tok::Str => {
                // Both ends are ASCII quotes, so `inner` lies on character boundaries.
                let inner = &self.src[span.lo() + 1..span.hi() - 1];
                if inner.as_bytes().last() == Some(&b'\\') {
                    if let Some(b) = self.next_byte() {
                        if !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b')' | b';') {
                            return fail(|| backslash_escape(span));
                        }
                    }
                }
                if self.vtiger() {
                    if let Some(at) = odd_backslash_before_quote(inner) {
                        return fail(|| backslash_breaks_sql(span.lo() + 1 + at));
                    }
                }
                self.count_values(1, span)?;
                Literal::string(if self.tok.escaped() {
                    Cow::Owned(inner.replace("''", "'"))
                } else {
                    Cow::Borrowed(inner)
                })
            }
            Tok::EmptyStr => {
                if self.vtiger() {
                    return fail(|| super::empty_string(span).expected(VALUE));
                }
                self.count_values(1, span)?;
                Literal::string("")
            }
            Tok::SignedInt => {
                let text = self.text();
                if let Some(err) = self.number_shape(span) {
                    return fail(|| err);
                }
                self.count_values(1, span)?;
                Literal::borrowed(LiteralKind::Integer, text)
            }
            Tok::Word => {
                let text = self.text();
                let bytes = text.as_bytes();
                if bytes[0].is_ascii_digit() && bytes.iter().all(u8::is_ascii_digit) {
                    if let Some(err) = self.number_shape(span) {
                        return fail(|| err);
                    }
                    self.count_values(1, span)?;
                    Literal::borrowed(LiteralKind::Integer, text)
                } else if crate::ast::split_record_id(text).is_some() || is_record_id_shape(text) {
                    self.count_values(1, span)?;
                    Literal::borrowed(LiteralKind::RecordId, text)
                } else {
                    return fail(|| self.bare_word());
                }
            }
            Tok::DoubleQuoted | Tok::Unterminated | Tok::Invalid | Tok::End => {
                return fail(|| self.unexpected(VALUE))
            }
            _ => return fail(|| self.unexpected(VALUE)),
        };
        self.bump();
        Ok(Value { literal, span })
    }

    /// After digits: `2024-01-31`, `1.5`, `10:30` are unquoted literals the language
    /// cannot write.
    fn number_shape(&self, span: Span) -> Option<ParseError> {
        let bytes = self.src.as_bytes();
        let mut end = span.hi();
        let follows_digit = |i: usize| bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !matches!(bytes.get(end), Some(b'-' | b'.' | b':')) || !follows_digit(end) {
            return None;
        }
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || (matches!(bytes[end], b'-' | b'.' | b':') && follows_digit(end))
                || (bytes[end] == b' ' && follows_digit(end) && bytes.get(end + 3) == Some(&b':')))
        {
            end += 1;
        }
        let text = &self.src[span.lo()..end];
        let body = text.trim_start_matches(['-', '+']);
        let what = if body.contains(':') && body.contains('-') {
            "datetime"
        } else if body.contains(':') {
            "time"
        } else if body.matches(['-', '.']).count() >= 2 {
            "date"
        } else if body.contains('-') {
            // `5-3`: the language has no arithmetic; a partial date `2019-02` is alike.
            "value"
        } else {
            "decimal"
        };
        Some(
            ParseError::new(
                ErrorKind::UnquotedLiteral,
                Span::new(span.lo(), end),
                format!("unquoted {what} `{text}`"),
            )
            .label("quote this value")
            .hint(format!("write it in single quotes: '{text}'"))
            .expected(VALUE),
        )
    }

    /// The error for a word where a value was expected.
    fn bare_word(&self) -> ParseError {
        // `Müller`: the word lexeme stops at the first non-ASCII letter; show all of it.
        let end = self.src[self.tok.hi()..]
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(self.src.len(), |(i, _)| self.tok.hi() + i);
        let span = Span::new(self.tok.lo(), end);
        let text = &self.src[self.tok.lo()..end];
        match self.kw() {
            Kw::None
            | Kw::Null
            | Kw::Count
            | Kw::By
            | Kw::Group
            | Kw::Having
            | Kw::Join
            | Kw::Union => {}
            _ => {
                return self
                    .unexpected(VALUE)
                    .hint(format!("if `{text}` is the value, quote it: '{text}'"))
            }
        }
        let hint = match text.to_ascii_lowercase().as_str() {
            "null" => {
                "the language has no null; there is no way to test for empty fields".to_owned()
            }
            "true" | "false" => {
                let v = if text.eq_ignore_ascii_case("true") {
                    1
                } else {
                    0
                };
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

fn backslash_escape(span: Span) -> ParseError {
    let bs = Span::new(span.hi() - 2, span.hi());
    ParseError::new(
        ErrorKind::BackslashEscape,
        bs,
        "a backslash does not escape a quote",
    )
    .label("this quote ends the string")
    .hint("inside a string write a quote as `''`: 'O''Brien'")
    .expected(VALUE)
}

/// The byte offset (in `inner`, the raw text between the quotes) of a run of an odd
/// number of backslashes that ends the string or stands before a quote. The real server
/// pastes the raw string into MySQL, which reads such a backslash as escaping the quote:
/// the SQL it builds is then broken.
fn odd_backslash_before_quote(inner: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'\\' {
            i += 1;
        }
        if (i - start) % 2 == 1 && (i == bytes.len() || bytes[i] == b'\'') {
            return Some(i - 1);
        }
    }
    None
}

fn backslash_breaks_sql(at: usize) -> ParseError {
    ParseError::new(
        ErrorKind::BackslashEscape,
        Span::new(at, at + 1),
        "a backslash before a quote breaks the real server's SQL",
    )
    .label("MySQL reads this as an escape")
    .hint(
        "the real server pastes strings into MySQL unchanged, where `\\'` escapes the \
         closing quote; double the backslash (`\\\\`) or drop it",
    )
    .expected(VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dialect, ParseOptions, Query};

    fn parse(src: &str, d: Dialect) -> Result<Query<'_>, ParseError> {
        Query::parse_with(src, &ParseOptions::default().dialect(d))
    }

    fn first(src: &str, d: Dialect) -> Condition<'_> {
        let q = parse(src, d).unwrap_or_else(|e| panic!("{src}: {e}"));
        q.filter.unwrap().first
    }

    fn kind(src: &str, d: Dialect) -> ErrorKind {
        parse(src, d).unwrap_err().kind
    }

    #[test]
    fn every_operator() {
        for (text, op) in [
            ("=", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("like", CompareOp::Like),
            ("LIKE", CompareOp::Like),
        ] {
            let src = format!("select * from X where a {text} 'v';");
            assert_eq!(first(&src, Dialect::Documented).op, op, "{src}");
        }
        let c = first("select * from X where a In (1);", Dialect::Documented);
        assert_eq!(c.op, CompareOp::In);
    }

    #[test]
    fn value_kinds() {
        let lit = |v: &str| {
            let src = format!("select * from X where a = {v};");
            let q = parse(&src, Dialect::Documented).unwrap().into_owned();
            q.filter.unwrap().first.values()[0].literal.clone()
        };
        assert_eq!(lit("'x'"), Literal::string("x"));
        assert_eq!(lit("''''"), Literal::string("'"));
        assert_eq!(lit("''"), Literal::string(""));
        assert_eq!(lit("-12"), Literal::integer("-12"));
        assert_eq!(lit("0012"), Literal::integer("0012"));
        assert_eq!(lit("12x34"), Literal::record_id("12x34"));
        assert_eq!(
            lit("1x99999999999999999999999"),
            Literal::record_id("1x99999999999999999999999")
        );
    }

    #[test]
    fn unquoted_shapes_are_classified() {
        let msg = |v: &str| {
            let src = format!("select * from X where a = {v};");
            let e = parse(&src, Dialect::Documented).unwrap_err();
            assert_eq!(e.kind, ErrorKind::UnquotedLiteral, "{src}");
            e.message.into_owned()
        };
        assert_eq!(msg("2024-01-31"), "unquoted date `2024-01-31`");
        assert_eq!(msg("2024.01.31"), "unquoted date `2024.01.31`");
        assert_eq!(
            msg("2024-01-31 10:30:00"),
            "unquoted datetime `2024-01-31 10:30:00`"
        );
        assert_eq!(msg("10:30"), "unquoted time `10:30`");
        assert_eq!(msg("1.5"), "unquoted decimal `1.5`");
        assert_eq!(msg("-1.5"), "unquoted decimal `-1.5`");
        assert_eq!(msg("+0.5"), "unquoted decimal `+0.5`");
        assert_eq!(msg("2019-02"), "unquoted value `2019-02`");
    }

    /// Value shapes that start with a digit: plain integers (the fast paths) and every
    /// near miss the general path must keep handling (dates, decimals, ids, words).
    const INTEGER_SHAPES: &[&str] = &[
        "5",
        "007",
        "123456789012345678901234567890",
        "5 ",
        "5\t",
        "5é",
        "5-3",
        "5 -3",
        "5.5",
        "5:30",
        "2024-01-31",
        "5x",
        "12x34",
        "5e3",
        "5_",
        "5'a'",
        "5(",
        "5,6",
        "5 ,6",
        "5-",
        "5.",
        "5:",
        "-5",
        "+5",
        "0",
        "00",
        "2024-01-31 10:30",
    ];

    #[test]
    fn list_fast_path_for_integers_agrees_with_the_general_path() {
        // Each shape after a comma (the fast path) and first in a list (always the
        // general path): the same value and span, or the same error at the same place.
        for &shape in INTEGER_SHAPES {
            for d in [Dialect::Documented, Dialect::Vtiger] {
                let general = format!("select * from X where a in ({shape});");
                let fast = format!("select * from X where a in ('x', {shape});");
                let summary = |src: &str, skip: usize| match parse(src, d) {
                    Ok(q) => {
                        let c = &q.filter.as_ref().unwrap().first;
                        let vals: Vec<String> = c.values()[skip..]
                            .iter()
                            .map(|v| format!("{:?} {}", v.literal, &src[v.span.range()]))
                            .collect();
                        Ok(vals)
                    }
                    Err(e) => Err((e.kind, src[e.span.range()].to_owned())),
                };
                let g = summary(&general, 0);
                let f = summary(&fast, 1);
                match (&g, &f) {
                    (Ok(_), Ok(_)) => assert_eq!(g, f, "{shape:?} {d:?}"),
                    (Err((gk, gt)), Err((fk, ft))) => {
                        assert_eq!((gk, gt), (fk, ft), "{shape:?} {d:?}")
                    }
                    // `in (0...)`: the vtiger dialect refuses only a list that starts
                    // with an unquoted 0, so the two positions may differ there alone.
                    _ => assert!(
                        d == Dialect::Vtiger && shape.starts_with('0'),
                        "{shape:?} {d:?}: {g:?} vs {f:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn comparison_fast_path_for_integers_agrees_with_the_general_path() {
        // `a = SHAPE` (the fast path) against `a in (SHAPE)` (the first value of a list,
        // always the general path): the same value and span, or, for the value-level
        // errors, the same error at the same place.
        for shape in INTEGER_SHAPES
            .iter()
            .copied()
            .filter(|s| !s.contains(['(', ',', '\'']))
        {
            for d in [Dialect::Documented, Dialect::Vtiger] {
                let eq = format!("select * from X where a = {shape};");
                let list = format!("select * from X where a in ({shape});");
                match (parse(&eq, d), parse(&list, d)) {
                    (Ok(e), Ok(l)) => {
                        let (ev, lv) = (
                            &e.filter.as_ref().unwrap().first.values()[0],
                            &l.filter.as_ref().unwrap().first.values()[0],
                        );
                        assert_eq!(ev.literal, lv.literal, "{shape:?} {d:?}");
                        assert_eq!(&eq[ev.span.range()], &list[lv.span.range()]);
                    }
                    (Err(e), Err(l)) if l.kind != ErrorKind::UnexpectedToken => {
                        assert_eq!(e.kind, l.kind, "{shape:?} {d:?}");
                        assert_eq!(&eq[e.span.range()], &list[l.span.range()], "{shape:?}");
                    }
                    (Err(e), Err(_)) => assert_eq!(e.kind, ErrorKind::UnexpectedToken),
                    (e, l) => {
                        // `in (0)`: the vtiger dialect refuses a list that starts with an
                        // unquoted 0, which `= 0` is not.
                        assert!(
                            shape.starts_with('0') && d == Dialect::Vtiger,
                            "{shape:?} {e:?} {l:?}"
                        )
                    }
                }
            }
        }
    }

    #[test]
    fn list_fast_path_hands_over_to_the_general_path() {
        use crate::Limits;
        // Plain strings (the fast path) mixed with every other value shape, in both
        // orders, with irregular whitespace: each value and span is the general path's.
        let src = "select * from X where a in ('a',  'b''c' ,'d', 5,'e'\t,\n'', 'f\\', 'g' , 'h');";
        let c = first(src, Dialect::Documented);
        let Operand::List(list) = &c.operand else {
            panic!("not a list")
        };
        let got: Vec<(String, &str)> = list
            .values
            .iter()
            .map(|v| (v.to_string(), &src[v.span.lo()..v.span.hi()]))
            .collect();
        let want = [
            "'a'", "'b''c'", "'d'", "5", "'e'", "''", "'f\\'", "'g'", "'h'",
        ];
        assert_eq!(got.len(), want.len());
        for ((shown, text), w) in got.iter().zip(want) {
            assert_eq!(shown, w);
            assert_eq!(*text, w);
        }
        assert_eq!(
            &src[list.span.lo()..list.span.hi()],
            &src[27..src.len() - 1]
        );
        // The limits stop at the exact value, on the fast path too.
        let src = "select * from X where a in ('a', 'b', 'c', 'd');";
        let opts = |limits| ParseOptions {
            dialect: Dialect::Documented,
            limits,
        };
        let err =
            Query::parse_with(src, &opts(Limits::default().with_max_list_values(2))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ListTooLong);
        assert_eq!(&src[err.span.lo()..err.span.hi()], "'c'");
        let err = Query::parse_with(src, &opts(Limits::default().with_max_values(3))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooManyValues);
        assert_eq!(&src[err.span.lo()..err.span.hi()], "'d'");
        // What follows the last plain string is checked as before.
        for (tail, kind) in [
            ("('a', 'b' 'c');", ErrorKind::UnexpectedToken),
            ("('a', 'b';", ErrorKind::UnclosedParenthesis),
            ("('a', 'b'", ErrorKind::UnclosedParenthesis),
            ("('a', 'b',);", ErrorKind::UnexpectedToken),
        ] {
            let src = format!("select * from X where a in {tail}");
            assert_eq!(self::kind(&src, Dialect::Documented), kind, "{src}");
        }
    }

    #[test]
    fn comparison_fast_path_hands_over_to_the_general_path() {
        use crate::Limits;
        // Plain-string comparisons (the fast path) mixed with every other shape, with
        // irregular whitespace: each operator, value and span is the general path's.
        let src = "select * from X where a='x' and b  !=\t'y''z' or c <= 5 and d>='w'\n\
                   or e LIKE 'p%' and f > '' or g < 'q\\' and h in ('r') or i = 'end';";
        let w = parse(src, Dialect::Documented).unwrap().filter.unwrap();
        let conds: Vec<&Condition<'_>> = std::iter::once(&w.first)
            .chain(w.rest.iter().map(|l| &l.condition))
            .collect();
        let want = [
            ("a='x'", "a", "=", "'x'", "'x'"),
            ("b  !=\t'y''z'", "b", "!=", "'y''z'", "'y''z'"),
            ("c <= 5", "c", "<=", "5", "5"),
            ("d>='w'", "d", ">=", "'w'", "'w'"),
            ("e LIKE 'p%'", "e", "LIKE", "'p%'", "'p%'"),
            ("f > ''", "f", ">", "''", "''"),
            ("g < 'q\\'", "g", "<", "'q\\'", "'q\\'"),
            ("h in ('r')", "h", "in", "('r')", "('r')"),
            ("i = 'end'", "i", "=", "'end'", "'end'"),
        ];
        assert_eq!(conds.len(), want.len());
        for (c, (cond, col, op, operand, shown)) in conds.iter().zip(want) {
            assert_eq!(&src[c.span().range()], cond);
            assert_eq!(&src[c.column.span.range()], col);
            assert_eq!(c.column.name, col);
            assert_eq!(&src[c.op_span.range()], op);
            assert_eq!(&src[c.operand.span().range()], operand);
            match &c.operand {
                Operand::Value(v) => assert_eq!(v.to_string(), shown),
                Operand::List(l) => assert_eq!(format!("({})", l.values[0]), shown),
            }
        }
        assert_eq!(conds[1].values()[0].literal, Literal::string("y'z"));
        assert_eq!(conds[3].values()[0].literal, Literal::string("w"));
        assert_eq!(conds[3].op, CompareOp::Ge);
        assert_eq!(conds[4].op, CompareOp::Like);
        assert_eq!(&src[w.rest[3].op_span.range()], "or");
        assert_eq!(&src[w.span.range()], &src[16..src.len() - 1]);
        // The value limit stops at the exact value, on the fast path too.
        let src = "select * from X where a = 'a' or b = 'b' or c = 'c';";
        let opts = ParseOptions {
            dialect: Dialect::Documented,
            limits: Limits::default().with_max_values(2),
        };
        let err = Query::parse_with(src, &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooManyValues);
        assert_eq!(&src[err.span.range()], "'c'");
        // Shapes the fast path leaves alone are still refused as before.
        for (cond, kind) in [
            ("a == 'x'", ErrorKind::WrongOperator),
            ("a <> 'x'", ErrorKind::WrongOperator),
            ("a = 'x", ErrorKind::UnterminatedString),
            ("a = 'x' 'y'", ErrorKind::UnexpectedToken),
            ("a = 'x' and", ErrorKind::UnexpectedToken),
        ] {
            let src = format!("select * from X where {cond};");
            assert_eq!(self::kind(&src, Dialect::Documented), kind, "{src}");
        }
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a = 'a\\''b';", v),
            ErrorKind::BackslashEscape
        );
    }

    #[test]
    fn lists_per_dialect() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a in 'x';", d),
            ErrorKind::BareList
        );
        assert_eq!(
            kind("select * from X where a = ('x');", d),
            ErrorKind::ListNotAllowed
        );
        assert_eq!(
            kind("select * from X where a = ('x', 'y');", v),
            ErrorKind::ListNotAllowed
        );
        assert_eq!(
            kind("select * from X where a in ();", v),
            ErrorKind::EmptyInList
        );
        assert_eq!(
            kind("select * from X where a in 'x' or b = 1;", v),
            ErrorKind::BareList
        );
        assert_eq!(
            kind("select * from X where a in 0;", v),
            ErrorKind::ZeroFirstInList
        );
        assert_eq!(
            kind("select * from X where a in (0);", v),
            ErrorKind::ZeroFirstInList
        );
        // only an unquoted, exact 0 first
        for ok in ["('0', 1)", "(1, 0)", "(00, 1)", "(-0)"] {
            let src = format!("select * from X where a in {ok};");
            assert!(parse(&src, v).is_ok(), "{src}");
            assert!(parse(&src, d).is_ok(), "{src}");
        }
        // `= (0)` is not an in-list
        assert!(parse("select * from X where a = (0);", v).is_ok());
        let c = first("select * from X where a in 'x';", v);
        assert!(matches!(c.operand, Operand::Value(_)));
        let c = first("select * from X where a in 'x', 'y';", v);
        assert!(matches!(&c.operand, Operand::List(l) if !l.parenthesized && l.values.len() == 2));
    }

    #[test]
    fn unclosed_lists_are_reported_at_the_parenthesis() {
        for tail in [
            ";",
            "",
            " and b = 1;",
            " or b = 1;",
            " order by a;",
            " orderby a;",
            " limit 1;",
        ] {
            let src = format!("select * from X where a in ('x'{tail}");
            let e = parse(&src, Dialect::Vtiger).unwrap_err();
            assert_eq!(e.kind, ErrorKind::UnclosedParenthesis, "{src}");
            assert_eq!(e.span.range(), 27..28, "{src}");
        }
    }

    #[test]
    fn backslashes() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        assert_eq!(
            kind("select * from X where a = 'O\\'Brien';", d),
            ErrorKind::BackslashEscape
        );
        // A string that ends in a backslash is fine for the documented dialect...
        assert!(parse("select * from X where a = 'C:\\';", d).is_ok());
        assert!(parse("select * from X where a in ('C:\\', 'x');", d).is_ok());
        // ...but breaks the SQL the real server builds.
        assert_eq!(
            kind("select * from X where a = 'C:\\';", v),
            ErrorKind::BackslashEscape
        );
        assert_eq!(
            kind("select * from X where a = 'a\\''b';", v),
            ErrorKind::BackslashEscape
        );
        assert!(parse("select * from X where a = 'C:\\\\';", v).is_ok());
        assert!(parse("select * from X where a = 'a\\b';", v).is_ok());
        assert_eq!(odd_backslash_before_quote("ab"), None);
        assert_eq!(odd_backslash_before_quote("a\\"), Some(1));
        assert_eq!(odd_backslash_before_quote("a\\\\"), None);
        assert_eq!(odd_backslash_before_quote("\\\\\\''"), Some(2));
        assert_eq!(odd_backslash_before_quote("\\x"), None);
    }

    #[test]
    fn negations_and_sql_only_forms() {
        let d = Dialect::Documented;
        assert_eq!(
            kind("select * from X where not a = 1;", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a not in (1);", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a not like 'x';", d),
            ErrorKind::NotOperator
        );
        assert_eq!(
            kind("select * from X where a is null;", d),
            ErrorKind::IsNull
        );
        assert_eq!(
            kind("select * from X where a between 1 and 2;", d),
            ErrorKind::Between
        );
        assert_eq!(
            kind("select * from X where a <> 1;", d),
            ErrorKind::WrongOperator
        );
        assert_eq!(
            kind("select * from X where a == 1;", d),
            ErrorKind::WrongOperator
        );
        assert_eq!(
            kind("select * from X where (a = 1);", d),
            ErrorKind::GroupingParentheses
        );
        assert_eq!(
            kind("select * from X where a = b;", d),
            ErrorKind::UnquotedWord
        );
        assert_eq!(
            kind("select * from X where a = 1 & b = 1;", d),
            ErrorKind::InvalidCharacter
        );
    }

    #[test]
    fn chain_spans_start_at_where() {
        let src = "select * from X where a = 1 or b = 2;";
        let w = parse(src, Dialect::Documented).unwrap().filter.unwrap();
        assert_eq!(&src[w.span.range()], "where a = 1 or b = 2");
        assert_eq!(&src[w.rest[0].condition.span().range()], "b = 2");
    }
}
