//! The optional clauses after the module, in their fixed order, and the end of the query.
//!
//! ```text
//! tail   = [ where ] [ order ] [ limit ] terminator ;
//! order  = ( "order" "by" | "orderby" ) column { "," column } [ "asc" | "desc" ] ;
//! limit  = "limit" integer [ "," integer ] ;
//! terminator = ";" | end-of-text ;          (* end-of-text: documented dialect only *)
//! ```

use super::lexer::Tok;
use super::{Kw, PResult, Parser, AFTER_MODULE};
use crate::ast::{Direction, Ident, Limit, LimitValue, OrderBy, Query, SelectList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const AFTER_WHERE: Expected = Expected::of(&[X::And, X::Or, X::OrderBy, X::Limit, X::Semicolon]);
const AFTER_ORDER: Expected = Expected::of(&[X::Comma, X::Direction, X::Limit, X::Semicolon]);
const AFTER_LIMIT: Expected = Expected::of(&[X::Comma, X::Semicolon]);

impl<'a> Parser<'a, '_> {
    /// Everything after the module name.
    pub(super) fn tail(
        &mut self,
        start: usize,
        select: SelectList<'a>,
        module: Ident<'a>,
    ) -> PResult<Query<'a>> {
        let mut after = AFTER_MODULE;
        let filter = if self.kw() == Kw::Where {
            self.bump();
            after = AFTER_WHERE;
            Some(self.where_clause()?)
        } else {
            None
        };
        let order_by = match self.kw() {
            Kw::Order | Kw::OrderBy => {
                after = AFTER_ORDER;
                Some(self.order_by()?)
            }
            _ => None,
        };
        let limit = if self.kw() == Kw::Limit {
            after = AFTER_LIMIT;
            Some(self.limit()?)
        } else {
            None
        };
        let end = self.last_end(start);
        let terminator = match self.tok.kind {
            Tok::Semi => {
                let semi = self.span();
                self.bump();
                if self.tok.kind != Tok::End {
                    return Err(ParseError::new(
                        ErrorKind::TrailingInput,
                        Span::new(self.tok.start, self.src.len()),
                        "text after the final `;`",
                    )
                    .label("nothing may follow `;`")
                    .hint("a request holds exactly one query; send the rest separately")
                    .expected(Expected::of(&[X::End])));
                }
                semi
            }
            Tok::End if !self.vtiger() => Span::empty(end),
            Tok::End => {
                return Err(ParseError::new(
                    ErrorKind::MissingSemicolon,
                    Span::empty(end),
                    "missing `;` at the end of the query",
                )
                .label("add `;` here")
                .hint("the real server requires the final `;`")
                .expected(after.union(Expected::of(&[X::Semicolon]))));
            }
            _ => return Err(self.out_of_place(after)),
        };
        let span = Span::new(start, terminator.end.max(end));
        Ok(Query {
            select,
            module,
            filter,
            order_by,
            limit,
            terminator,
            span,
        })
    }

    /// End of the last token consumed: the start of the current token, less whitespace.
    fn last_end(&self, start: usize) -> usize {
        let before = &self.src[start..self.tok.start];
        start + before.trim_end_matches([' ', '\t', '\r', '\n']).len()
    }

    /// The error for a token after a complete clause.
    fn out_of_place(&self, expected: Expected) -> ParseError {
        let span = self.span();
        let word = self.text();
        match self.kw() {
            Kw::Where | Kw::Order | Kw::OrderBy | Kw::Limit => ParseError::new(
                ErrorKind::ClauseOrder,
                span,
                format!("`{word}` is out of place"),
            )
            .label("clause out of order or repeated")
            .hint("clauses come once each, in the order: where, order by, limit")
            .expected(expected),
            Kw::Offset => ParseError::new(
                ErrorKind::OffsetKeyword,
                span,
                "the language has no `offset`",
            )
            .hint("write `limit m, n` to skip m rows and return n")
            .expected(expected),
            Kw::Group | Kw::Having | Kw::Join | Kw::Union => ParseError::new(
                ErrorKind::UnsupportedClause,
                span,
                format!("the language has no `{word}`"),
            )
            .label("not supported")
            .hint("a query reads one module with where, order by and limit only")
            .expected(expected),
            Kw::Asc | Kw::Desc if expected == AFTER_LIMIT || expected == AFTER_WHERE => {
                ParseError::new(
                    ErrorKind::UnexpectedToken,
                    span,
                    format!("`{word}` without `order by`"),
                )
                .hint("a direction follows the last column of `order by`, before `limit`")
                .expected(expected)
            }
            _ => self.unexpected(expected),
        }
    }

    /// `order by col {, col} [asc|desc]`, the current token being `order` or `orderby`.
    fn order_by(&mut self) -> PResult<OrderBy<'a>> {
        let start = self.tok.start;
        if self.kw() == Kw::Order {
            self.bump();
            if self.kw() != Kw::By {
                return Err(self
                    .unexpected(Expected::of(&[X::By]))
                    .hint("write `order by column`"));
            }
        }
        self.bump();
        let column = Expected::of(&[X::Column]);
        let mut columns = Vec::new();
        let mut direction = None;
        let mut direction_span = Span::default();
        loop {
            let col = self.ident(column)?;
            if columns.len() == 2 && !self.vtiger() {
                return Err(ParseError::new(
                    ErrorKind::TooManyOrderColumns,
                    col.span,
                    "order by takes at most two columns",
                )
                .label("third column")
                .hint(
                    "sort by at most two columns (the documented rule); the vtiger dialect \
                     accepts more, as the real server does",
                ));
            }
            columns.push(col);
            if let Kw::Asc | Kw::Desc = self.kw() {
                direction = Some(if self.kw() == Kw::Asc {
                    Direction::Asc
                } else {
                    Direction::Desc
                });
                direction_span = self.span();
                self.bump();
                if self.tok.kind == Tok::Comma {
                    return Err(ParseError::new(
                        ErrorKind::DirectionNotLast,
                        direction_span,
                        "a direction may only follow the last order-by column",
                    )
                    .label("direction before another column")
                    .hint(
                        "write one direction after the last column: `order by a, b desc` \
                         (it applies to the last column only)",
                    )
                    .expected(Expected::of(&[X::Limit, X::Semicolon])));
                }
                break;
            }
            if self.tok.kind != Tok::Comma {
                break;
            }
            self.bump();
        }
        let end = match columns.last() {
            Some(c) if direction.is_none() => c.span.end,
            _ => direction_span.end,
        };
        Ok(OrderBy {
            columns,
            direction,
            direction_span,
            span: Span::new(start, end),
        })
    }

    /// `limit n` or `limit m, n`, the current token being `limit`.
    fn limit(&mut self) -> PResult<Limit> {
        let start = self.tok.start;
        self.bump();
        let first = self.limit_value()?;
        let (offset, count) = if self.tok.kind == Tok::Comma {
            self.bump();
            let second = self.limit_value()?;
            if self.tok.kind == Tok::Comma {
                return Err(ParseError::new(
                    ErrorKind::InvalidLimit,
                    self.span(),
                    "limit takes at most two numbers",
                )
                .hint("write `limit n` or `limit m, n` (skip m rows, return n)")
                .expected(Expected::of(&[X::Semicolon])));
            }
            (Some(first), second)
        } else {
            (None, first)
        };
        if self.kw() == Kw::Offset && offset.is_none() {
            let n = count.value;
            let mut err = ParseError::new(
                ErrorKind::OffsetKeyword,
                self.span(),
                "the language has no `offset`",
            )
            .expected(AFTER_LIMIT);
            let next = self.peek();
            let m = &self.src[next.start..next.end];
            err = if next.kind == Tok::Word && m.bytes().all(|b| b.is_ascii_digit()) {
                err.hint(format!("write `limit {m}, {n}` (skip {m} rows, return {n})"))
            } else {
                err.hint("write `limit m, n` to skip m rows and return n")
            };
            return Err(err);
        }
        Ok(Limit {
            offset,
            count,
            span: Span::new(start, count.span.end),
        })
    }

    fn limit_value(&mut self) -> PResult<LimitValue> {
        let span = self.span();
        let text = self.text();
        let invalid = |msg: String, hint: &'static str| {
            Err(ParseError::new(ErrorKind::InvalidLimit, span, msg)
                .hint(hint)
                .expected(Expected::of(&[X::Integer])))
        };
        match self.tok.kind {
            Tok::Word if text.bytes().all(|b| b.is_ascii_digit()) => match text.parse::<u64>() {
                Ok(value) => {
                    self.bump();
                    Ok(LimitValue { value, span })
                }
                Err(_) => invalid(
                    format!("limit value `{}` is too large", super::shorten(text)),
                    "a limit is a number of rows; the server returns at most 100 per query",
                ),
            },
            Tok::SignedInt => invalid(
                format!("limit value `{text}` has a sign"),
                "limit values are non-negative integers without a sign",
            ),
            Tok::Str => invalid(
                format!("limit value {} is quoted", super::shorten(text)),
                "write the number without quotes: limit 10",
            ),
            Tok::LParen => invalid(
                "limit values take no parentheses".to_owned(),
                "write `limit n` or `limit m, n`",
            ),
            Tok::Word if self.kw() == Kw::None => invalid(
                format!("limit value `{}` is not an integer", super::shorten(text)),
                "write a whole number of rows: limit 10",
            ),
            _ => Err(self.unexpected(Expected::of(&[X::Integer]))),
        }
    }
}
