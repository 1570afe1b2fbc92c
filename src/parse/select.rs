//! `select <list> from <Module>`: the mandatory head of every query.
//!
//! ```text
//! head        = "select" select-list "from" module ;
//! select-list = "*" | count-star [ "," column { "," column } ]   (* extra columns: vtiger *)
//!             | column { "," column } ;
//! count-star  = "count" "(" "*" ")" ;
//! ```

use super::lexer::Tok;
use super::{fail, room_for_one, Kw, PResult, Parser};
use crate::ast::{Ident, Query, SelectList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const SELECT_ITEM: Expected = Expected::of(&[X::Star, X::Count, X::Column]);
const COLUMN: Expected = Expected::of(&[X::Column]);
const AFTER_COLUMN: Expected = Expected::of(&[X::Comma, X::From]);

impl<'a> Parser<'a, '_> {
    /// The whole query.
    pub(super) fn query(&mut self) -> Result<Query<'a>, ParseError> {
        let start = self.tok.lo();
        if self.tok.kind() == Tok::End {
            return Err(self.located(
                ParseError::new(ErrorKind::EmptyQuery, Span::empty(0), "the query is empty")
                    .hint("a query reads: select * from Contacts;")
                    .expected(Expected::of(&[X::Select])),
            ));
        }
        if self.kw() != Kw::Select {
            let mut err = self.unexpected(Expected::of(&[X::Select]));
            if self.tok.kind() == Tok::Word {
                let word = self.text().to_ascii_lowercase();
                if matches!(
                    word.as_str(),
                    "insert" | "update" | "delete" | "create" | "drop" | "alter" | "replace"
                ) {
                    err = err.hint(
                        "the query operation only reads; use the create, update and delete \
                         operations to change records",
                    );
                }
            }
            return Err(self.located(err));
        }
        self.bump();
        let select = self.select_list().map_err(|e| self.located(e))?;
        if self.kw() != Kw::From {
            return Err(self.located(self.unexpected(AFTER_COLUMN)));
        }
        self.bump();
        let module = self.module().map_err(|e| self.located(e))?;
        self.tail(start, select, module)
    }

    fn select_list(&mut self) -> PResult<SelectList<'a>> {
        match (self.tok.kind(), self.kw()) {
            (Tok::Star, _) => {
                let span = self.span();
                self.bump();
                if self.tok.kind() == Tok::Comma {
                    return fail(|| star_with_columns(self.span().to(span)));
                }
                if self.kw() != Kw::From {
                    return fail(|| self.unexpected(Expected::of(&[X::From])));
                }
                Ok(SelectList::All(span))
            }
            (Tok::Word, Kw::Count) if self.next_nonspace_is(b'(') => {
                let span = self.count_star()?;
                let mut extra = Vec::new();
                if self.tok.kind() == Tok::Comma {
                    if !self.vtiger() {
                        return fail(|| {
                            ParseError::new(
                                ErrorKind::CountWithColumns,
                                self.span(),
                                "`count(*)` cannot be combined with columns",
                            )
                            .label("nothing may follow count(*) in the select list")
                            .hint(
                                "select either count(*) or columns; the real server ignores \
                             columns after count(*) and returns only the count",
                            )
                            .expected(Expected::of(&[X::From]))
                        });
                    }
                    self.bump();
                    self.column_list(&mut extra)?;
                }
                Ok(SelectList::Count { span, extra })
            }
            (Tok::Word, Kw::Count) if self.vtiger() => fail(|| {
                ParseError::new(
                    ErrorKind::ReservedWord,
                    self.span(),
                    "`count` must be followed by `(*)`",
                )
                .hint("the real server reads `count` as the start of count(*); it is not a column")
                .expected(Expected::of(&[X::OpenParen]))
            }),
            (Tok::Word, Kw::Distinct) => fail(|| {
                ParseError::new(
                    ErrorKind::Distinct,
                    self.span(),
                    "the language has no `distinct`",
                )
                .label("not supported")
                .hint("remove `distinct`; results hold one row per record")
            }),
            _ => {
                let mut cols = Vec::new();
                self.column_list(&mut cols)?;
                Ok(SelectList::Columns(cols))
            }
        }
    }

    /// `column { "," column }`, stopping before `from`.
    fn column_list(&mut self, cols: &mut Vec<Ident<'a>>) -> PResult<()> {
        loop {
            match (self.tok.kind(), self.kw()) {
                (Tok::Star, _) => return fail(|| star_with_columns(self.span())),
                (Tok::Word, Kw::Count) if self.next_nonspace_is(b'(') => {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::CountWithColumns,
                            self.span(),
                            "`count(*)` cannot follow columns",
                        )
                        .label("count(*) stands alone")
                        .hint("select either count(*) or columns")
                    });
                }
                (Tok::Word, Kw::Count) if self.vtiger() => {
                    // The real server reads `count` in the select list as the start of
                    // `count(*)`, never as a column.
                    return fail(|| {
                        ParseError::new(
                        ErrorKind::ReservedWord,
                        self.span(),
                        "`count` is not a column name in the select list",
                    )
                    .label("read as `count(*)` by the real server")
                    .hint(
                        "the real server rejects `count` as a select column; select other columns",
                    )
                    .expected(if cols.is_empty() {
                        SELECT_ITEM
                    } else {
                        COLUMN
                    })
                    });
                }
                (Tok::Word, Kw::From) if cols.is_empty() => {
                    return fail(|| self.unexpected(SELECT_ITEM));
                }
                (Tok::Word, Kw::From) => {
                    return fail(|| self.unexpected(COLUMN).hint("remove the trailing comma"));
                }
                (Tok::Word, _) => {}
                _ if cols.is_empty() => return fail(|| self.unexpected(SELECT_ITEM)),
                _ => return fail(|| self.unexpected(COLUMN)),
            }
            let expected = if cols.is_empty() { SELECT_ITEM } else { COLUMN };
            let col = self.ident(expected)?;
            let first = cols.first().map_or(col.span.lo(), |c| c.span.lo());
            let max = self.opts.limits.max_select_columns;
            room_for_one(cols, first, col.span.hi(), self.src.len(), max);
            cols.push(col);
            if cols.len() > self.opts.limits.max_select_columns {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::TooManyColumns,
                        cols[cols.len() - 1].span,
                        format!(
                            "more than {} columns in the select list",
                            self.opts.limits.max_select_columns
                        ),
                    )
                    .hint("select `*`, or raise `Limits::max_select_columns` for trusted input")
                });
            }
            match (self.tok.kind(), self.kw()) {
                (Tok::Comma, _) => self.bump(),
                (Tok::Word, Kw::From) => return Ok(()),
                (Tok::Word, _) if self.text().eq_ignore_ascii_case("as") => {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::UnsupportedClause,
                            self.span(),
                            "the language has no column aliases",
                        )
                        .label("not supported")
                        .expected(AFTER_COLUMN)
                        .hint("remove `as ...`; results are keyed by field name")
                    });
                }
                _ => return fail(|| self.unexpected(AFTER_COLUMN)),
            }
        }
    }

    /// `count ( * )`, the current token being `count`.
    fn count_star(&mut self) -> PResult<Span> {
        let start = self.tok.lo();
        self.bump(); // count
        self.bump(); // (
        if self.tok.kind() != Tok::Star {
            let span = Span::new(start, self.tok.hi());
            return fail(|| {
                ParseError::new(
                    ErrorKind::FunctionCall,
                    span,
                    format!(
                        "`count({}`: only `count(*)` exists",
                        super::shorten(self.text())
                    ),
                )
                .label("count takes only *")
                .hint("write count(*); it counts the records that match the where clause")
                .expected(Expected::of(&[X::Star]))
            });
        }
        self.bump();
        if self.tok.kind() != Tok::RParen {
            return fail(|| self.unexpected(Expected::of(&[X::CloseParen])));
        }
        let end = self.tok.hi();
        self.bump();
        Ok(Span::new(start, end))
    }

    /// The module name after `from`.
    fn module(&mut self) -> PResult<Ident<'a>> {
        let expected = Expected::of(&[X::Module]);
        match self.tok.kind() {
            Tok::Str => fail(|| {
                self.unexpected(expected)
                    .hint("module names are not quoted: from Contacts")
            }),
            _ => {
                let module = self.ident(expected)?;
                if self.tok.kind() == Tok::Comma {
                    return fail(|| {
                        ParseError::new(
                            ErrorKind::QualifiedName,
                            self.span(),
                            "a query reads exactly one module",
                        )
                        .label("no second module")
                        .hint("query each module separately; there are no joins")
                    });
                }
                Ok(module)
            }
        }
    }

    /// Whether the next non-whitespace byte after the current token is `b`.
    pub(super) fn next_nonspace_is(&self, b: u8) -> bool {
        let at = super::lexer::skip_ws(self.src, self.tok.hi());
        self.src.as_bytes().get(at) == Some(&b)
    }
}

fn star_with_columns(span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::StarWithColumns,
        span,
        "`*` cannot be combined with columns",
    )
    .label("either * or a column list")
    .hint("`*` already selects every field you may see")
}

#[cfg(test)]
mod tests {
    use crate::{Dialect, ErrorKind, ParseOptions, Query, SelectList};

    fn parse(src: &str, d: Dialect) -> Result<Query<'_>, crate::ParseError> {
        Query::parse_with(src, &ParseOptions::default().dialect(d))
    }

    #[test]
    fn select_list_shapes() {
        let d = Dialect::Documented;
        assert!(matches!(
            parse("select * from X;", d).unwrap().select,
            SelectList::All(_)
        ));
        let q = parse("select count ( * ) from X;", d).unwrap();
        assert!(matches!(&q.select, SelectList::Count { extra, .. } if extra.is_empty()));
        let q = parse("select a,b , c from X;", d).unwrap();
        assert!(matches!(&q.select, SelectList::Columns(c) if c.len() == 3));
        let q = parse("select count(*), a, b from X;", Dialect::Vtiger).unwrap();
        assert!(matches!(&q.select, SelectList::Count { extra, .. } if extra.len() == 2));
    }

    #[test]
    fn count_is_a_column_only_in_the_documented_dialect() {
        for src in [
            "select count from X;",
            "select a, count from X;",
            "select count, a from X;",
        ] {
            assert!(parse(src, Dialect::Documented).is_ok(), "{src}");
            assert_eq!(
                parse(src, Dialect::Vtiger).unwrap_err().kind,
                ErrorKind::ReservedWord,
                "{src}"
            );
        }
        // Outside the select list the real server reads `count` as a name.
        assert!(parse(
            "select * from X where count = 1 order by count;",
            Dialect::Vtiger
        )
        .is_ok());
    }

    #[test]
    fn head_errors() {
        let kind = |src: &str| parse(src, Dialect::Documented).unwrap_err().kind;
        assert_eq!(kind(""), ErrorKind::EmptyQuery);
        assert_eq!(kind(" \n "), ErrorKind::EmptyQuery);
        assert_eq!(kind("select *, a from X;"), ErrorKind::StarWithColumns);
        assert_eq!(kind("select a, * from X;"), ErrorKind::StarWithColumns);
        assert_eq!(
            kind("select count(*), a from X;"),
            ErrorKind::CountWithColumns
        );
        assert_eq!(
            kind("select a, count(*) from X;"),
            ErrorKind::CountWithColumns
        );
        assert_eq!(kind("select count(a) from X;"), ErrorKind::FunctionCall);
        assert_eq!(kind("select max(a) from X;"), ErrorKind::FunctionCall);
        assert_eq!(kind("select distinct a from X;"), ErrorKind::Distinct);
        assert_eq!(kind("select a.b from X;"), ErrorKind::QualifiedName);
        assert_eq!(kind("select * from X, Y;"), ErrorKind::QualifiedName);
        assert_eq!(kind("select * from X.Y;"), ErrorKind::QualifiedName);
        assert_eq!(kind("select select from X;"), ErrorKind::ReservedWord);
        assert_eq!(kind("select * from where;"), ErrorKind::ReservedWord);
        assert_eq!(kind("select a as b from X;"), ErrorKind::UnsupportedClause);
        assert_eq!(kind("select * from;"), ErrorKind::UnexpectedToken);
        assert_eq!(kind("select *"), ErrorKind::UnexpectedEnd);
    }

    #[test]
    fn end_of_input_is_reported_after_the_last_token() {
        let e = parse("select a,\n\n  ", Dialect::Documented).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnexpectedEnd);
        assert_eq!(e.span.range(), 9..9);
        assert_eq!((e.line, e.column), (1, 10));
    }
}
