//! The optional clauses after the module, in their fixed order, and the end of the query.
//!
//! ```text
//! tail   = [ where ] [ order ] [ limit ] terminator ;
//! order  = ( "order" "by" | "orderby" ) column { "," column } [ "asc" | "desc" ] ;
//! limit  = "limit" integer [ "," integer ] ;
//! terminator = ";" | end-of-text ;          (* end-of-text: documented dialect only *)
//! ```

use super::lexer::Tok;
use super::{fail, room_for_one, Kw, PResult, Parser, AFTER_MODULE};
use crate::ast::{Direction, Ident, Limit, LimitValue, OrderBy, Query, SelectList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const AFTER_WHERE: Expected = Expected::of(&[X::And, X::Or, X::OrderBy, X::Limit, X::Semicolon]);
const AFTER_ORDER: Expected = Expected::of(&[X::Comma, X::Direction, X::Limit, X::Semicolon]);
const AFTER_DIRECTION: Expected = Expected::of(&[X::Limit, X::Semicolon]);
const AFTER_LIMIT: Expected = Expected::of(&[X::Comma, X::Semicolon]);
const AFTER_LIMIT_PAIR: Expected = Expected::of(&[X::Semicolon]);

impl<'a> Parser<'a, '_> {
    /// Everything after the module name.
    pub(super) fn tail(
        &mut self,
        start: usize,
        select: SelectList<'a>,
        module: Ident<'a>,
    ) -> Result<Query<'a>, ParseError> {
        let mut after = AFTER_MODULE;
        let filter = if self.kw() == Kw::Where {
            let where_start = self.tok.lo();
            self.bump();
            after = AFTER_WHERE;
            Some(
                self.where_clause(where_start)
                    .map_err(|e| self.located(e))?,
            )
        } else {
            None
        };
        let order_by = match self.kw() {
            Kw::Order | Kw::OrderBy => {
                let order = self.order_by().map_err(|e| self.located(e))?;
                // After a direction only `limit` or the end may follow.
                after = if order.direction.is_some() {
                    AFTER_DIRECTION
                } else {
                    AFTER_ORDER
                };
                Some(order)
            }
            _ => None,
        };
        let limit = if self.kw() == Kw::Limit {
            let limit = self.limit().map_err(|e| self.located(e))?;
            after = if limit.offset.is_some() {
                AFTER_LIMIT_PAIR
            } else {
                AFTER_LIMIT
            };
            Some(limit)
        } else {
            None
        };
        let end = self.last_end(start);
        let terminator = match self.tok.kind() {
            Tok::Semi => {
                let semi = self.span();
                self.bump();
                if let Tok::Invalid | Tok::DoubleQuoted | Tok::Unterminated = self.tok.kind() {
                    // The real server's lexer fails on these before its parser sees them.
                    return Err(self.located(self.unexpected(Expected::of(&[X::End]))));
                }
                if self.tok.kind() == Tok::EmptyStr && self.vtiger() {
                    return Err(self.located(super::empty_string(self.span())));
                }
                if self.tok.kind() != Tok::End {
                    return Err(self.located(
                        ParseError::new(
                            ErrorKind::TrailingInput,
                            Span::new(self.tok.lo(), self.src.len()),
                            "text after the final `;`",
                        )
                        .label("nothing may follow `;`")
                        .hint("a request holds exactly one query; send the rest separately")
                        .expected(Expected::of(&[X::End])),
                    ));
                }
                semi
            }
            Tok::End if !self.vtiger() => Span::empty(end),
            Tok::End => {
                return Err(self.located(
                    ParseError::new(
                        ErrorKind::MissingSemicolon,
                        Span::empty(end),
                        "missing `;` at the end of the query",
                    )
                    .label("add `;` here")
                    .hint("the real server requires the final `;`")
                    .expected(after.union(Expected::of(&[X::Semicolon]))),
                ));
            }
            _ => return Err(self.located(self.out_of_place(after))),
        };
        let span = Span::new(start, terminator.hi().max(end));
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
        // On the bytes: whitespace is ASCII, and a backward scan of `char`s would
        // decode UTF-8 for nothing.
        let before = &self.src.as_bytes()[start..self.tok.lo()];
        start
            + before
                .iter()
                .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .map_or(0, |i| i + 1)
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
            Kw::Asc | Kw::Desc
                if matches!(
                    expected,
                    AFTER_LIMIT | AFTER_LIMIT_PAIR | AFTER_WHERE | AFTER_MODULE
                ) =>
            {
                ParseError::new(
                    ErrorKind::UnexpectedToken,
                    span,
                    format!("`{word}` without `order by`"),
                )
                .hint("a direction follows the last column of `order by`, before `limit`")
                .expected(expected)
            }
            _ if self.tok.kind() == Tok::Comma && expected == AFTER_WHERE => self
                .unexpected(expected)
                .hint("only `in` takes several values: col in ('a', 'b'); join conditions with `and` or `or`"),
            _ => self.unexpected(expected),
        }
    }

    /// `order by col {, col} [asc|desc]`, the current token being `order` or `orderby`.
    fn order_by(&mut self) -> PResult<OrderBy<'a>> {
        let start = self.tok.lo();
        if self.kw() == Kw::Order {
            self.bump();
            if self.kw() != Kw::By {
                return fail(|| {
                    self.unexpected(Expected::of(&[X::By]))
                        .hint("write `order by column`")
                });
            }
        }
        self.bump();
        let column = Expected::of(&[X::Column]);
        let mut columns: Vec<Ident<'a>> = Vec::new();
        let mut direction = None;
        let mut direction_span = Span::default();
        loop {
            let col = self.ident(column)?;
            if columns.len() == 2 && !self.vtiger() {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::TooManyOrderColumns,
                        col.span,
                        "order by takes at most two columns",
                    )
                    .label("third column")
                    .hint(
                        "sort by at most two columns (the documented rule); the vtiger dialect \
                     accepts more, as the real server does",
                    )
                });
            }
            // Grown as the other lists are: the first buffer without `push`'s
            // reallocation path.
            let first = columns.first().map_or(col.span.lo(), |c| c.span.lo());
            room_for_one(
                &mut columns,
                first,
                col.span.hi(),
                self.src.len(),
                usize::MAX,
            );
            columns.push(col);
            if let Kw::Asc | Kw::Desc = self.kw() {
                direction = Some(if self.kw() == Kw::Asc {
                    Direction::Asc
                } else {
                    Direction::Desc
                });
                direction_span = self.span();
                self.bump();
                if self.tok.kind() == Tok::Comma {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::DirectionNotLast,
                            direction_span,
                            "a direction may only follow the last order-by column",
                        )
                        .label("direction before another column")
                        .hint(
                            "write one direction after the last column: `order by a, b desc` \
                         (it applies to the last column only)",
                        )
                        .expected(Expected::of(&[X::Limit, X::Semicolon]))
                    });
                }
                break;
            }
            if self.tok.kind() != Tok::Comma {
                break;
            }
            self.bump();
        }
        let end = match columns.last() {
            Some(c) if direction.is_none() => c.span.hi(),
            _ => direction_span.hi(),
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
        let start = self.tok.lo();
        self.bump();
        let first = self.limit_value()?;
        let (offset, count) = if self.tok.kind() == Tok::Comma {
            self.bump();
            let second = self.limit_value()?;
            if self.tok.kind() == Tok::Comma {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::InvalidLimit,
                        self.span(),
                        "limit takes at most two numbers",
                    )
                    .hint("write `limit n` or `limit m, n` (skip m rows, return n)")
                    .expected(Expected::of(&[X::Semicolon]))
                });
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
            let m = &self.src[next.lo()..next.hi()];
            err = if next.kind() == Tok::Word && m.bytes().all(|b| b.is_ascii_digit()) {
                err.hint(format!(
                    "write `limit {m}, {n}` (skip {m} rows, return {n})"
                ))
            } else {
                err.hint("write `limit m, n` to skip m rows and return n")
            };
            return fail(|| err);
        }
        Ok(Limit {
            offset,
            count,
            span: Span::new(start, count.span.hi()),
        })
    }

    fn limit_value(&mut self) -> PResult<LimitValue> {
        let span = self.span();
        let text = self.text();
        let invalid = |msg: String, hint: &'static str| {
            fail(|| {
                ParseError::new(ErrorKind::InvalidLimit, span, msg)
                    .hint(hint)
                    .expected(Expected::of(&[X::Integer]))
            })
        };
        match self.tok.kind() {
            Tok::Word if text.bytes().all(|b| b.is_ascii_digit()) => match digits_value(text) {
                Some(value) => {
                    self.bump();
                    Ok(LimitValue { value, span })
                }
                None => invalid(
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
            _ => fail(|| self.unexpected(Expected::of(&[X::Integer]))),
        }
    }
}

/// The value of a run of ASCII digits, `None` past `u64::MAX`: what `str::parse::<u64>`
/// gives for such a run, without its checks for signs and other bytes.
fn digits_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |value, b| {
        value.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use crate::{Dialect, Direction, ErrorKind, Expectation as X, ParseOptions, Query};

    fn parse(src: &str, d: Dialect) -> Result<Query<'_>, crate::ParseError> {
        Query::parse_with(src, &ParseOptions::default().dialect(d))
    }

    fn err(src: &str, d: Dialect) -> crate::ParseError {
        parse(src, d).unwrap_err()
    }

    #[test]
    fn order_by_forms() {
        let d = Dialect::Documented;
        for src in [
            "select * from X order by a, b desc;",
            "select * from X ORDERBY a,b DESC;",
        ] {
            let o = parse(src, d).unwrap().order_by.unwrap();
            assert_eq!(o.columns.len(), 2);
            assert_eq!(o.direction, Some(Direction::Desc));
            assert_eq!(o.last_direction(), Direction::Desc);
        }
        let o = parse("select * from X order by a;", d)
            .unwrap()
            .order_by
            .unwrap();
        assert_eq!((o.direction, o.last_direction()), (None, Direction::Asc));
        assert_eq!(
            err("select * from X order by a, b, c;", d).kind,
            ErrorKind::TooManyOrderColumns
        );
        let many = "select * from X order by a, b, c, d, e;";
        assert_eq!(
            parse(many, Dialect::Vtiger)
                .unwrap()
                .order_by
                .unwrap()
                .columns
                .len(),
            5
        );
        assert_eq!(
            err("select * from X order by a desc, b;", d).kind,
            ErrorKind::DirectionNotLast
        );
        assert_eq!(
            err("select * from X order a;", d).kind,
            ErrorKind::UnexpectedToken
        );
    }

    #[test]
    fn expected_sets_follow_what_was_read() {
        let d = Dialect::Documented;
        let e = err("select * from X order by a desc b;", d);
        assert!(e.expected.contains(X::Limit) && e.expected.contains(X::Semicolon));
        assert!(!e.expected.contains(X::Comma) && !e.expected.contains(X::Direction));
        let e = err("select * from X order by a b;", d);
        assert!(e.expected.contains(X::Comma) && e.expected.contains(X::Direction));
        let e = err("select * from X limit 1 b;", d);
        assert!(e.expected.contains(X::Comma));
        let e = err("select * from X limit 1, 2 b;", d);
        assert!(!e.expected.contains(X::Comma) && e.expected.contains(X::Semicolon));
        let e = err("select * from X where a = 1", Dialect::Vtiger);
        assert_eq!(e.kind, ErrorKind::MissingSemicolon);
        assert!(e.expected.contains(X::And) && e.expected.contains(X::Semicolon));
    }

    #[test]
    fn digits_value_is_parse_u64() {
        for digits in [
            "0",
            "007",
            "42",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "000000000000000000000000018446744073709551615",
        ] {
            assert_eq!(
                super::digits_value(digits),
                digits.parse::<u64>().ok(),
                "{digits}"
            );
        }
    }

    #[test]
    fn limit_forms() {
        let d = Dialect::Documented;
        let l = parse("select * from X limit 7;", d).unwrap().limit.unwrap();
        assert_eq!((l.offset, l.count.value, l.offset_or_zero()), (None, 7, 0));
        let l = parse("select * from X limit 3,7;", d)
            .unwrap()
            .limit
            .unwrap();
        assert_eq!((l.offset.map(|o| o.value), l.count.value), (Some(3), 7));
        for bad in ["-1", "'1'", "(1)", "1, 2, 3", "x", "99999999999999999999"] {
            let src = format!("select * from X limit {bad};");
            assert_eq!(err(&src, d).kind, ErrorKind::InvalidLimit, "{src}");
        }
        let e = err("select * from X limit 10 offset 5;", d);
        assert_eq!(e.kind, ErrorKind::OffsetKeyword);
        assert_eq!(
            e.hint.as_deref(),
            Some("write `limit 5, 10` (skip 5 rows, return 10)")
        );
    }

    #[test]
    fn the_end_of_the_query() {
        let d = Dialect::Documented;
        let v = Dialect::Vtiger;
        let q = parse("select * from X ; \r\n", d).unwrap();
        assert_eq!(q.terminator.range(), 16..17);
        assert_eq!(q.span.range(), 0..17);
        assert!(!parse("select * from X", d).unwrap().has_semicolon());
        assert_eq!(err("select * from X", v).kind, ErrorKind::MissingSemicolon);
        assert_eq!(err("select * from X; x", d).kind, ErrorKind::TrailingInput);
        assert_eq!(err("select * from X;;", v).kind, ErrorKind::TrailingInput);
        // A character the real server cannot lex is reported as such, even after `;`.
        let e = err("select * from X; #", v);
        assert_eq!(
            (e.kind, e.webservice_code()),
            (ErrorKind::InvalidCharacter, "INTERNAL_SERVER_ERROR")
        );
        assert_eq!(
            err("select * from X; \"", d).kind,
            ErrorKind::DoubleQuotedString
        );
        assert_eq!(
            err("select * from X; 'x", d).kind,
            ErrorKind::UnterminatedString
        );
        assert_eq!(err("select * from X; ''", v).kind, ErrorKind::EmptyString);
        assert_eq!(err("select * from X; ''", d).kind, ErrorKind::TrailingInput);
    }

    #[test]
    fn clauses_out_of_place() {
        let d = Dialect::Documented;
        for src in [
            "select * from X limit 1 order by a;",
            "select * from X limit 1 where a = 1;",
            "select * from X order by a where a = 1;",
            "select * from X where a = 1 where b = 1;",
            "select * from X limit 1 limit 2;",
        ] {
            assert_eq!(err(src, d).kind, ErrorKind::ClauseOrder, "{src}");
        }
        assert_eq!(
            err("select * from X group by a;", d).kind,
            ErrorKind::UnsupportedClause
        );
        assert_eq!(
            err("select * from X offset 1;", d).kind,
            ErrorKind::OffsetKeyword
        );
    }
}
