//! `select <list> from <Module>`: the mandatory head of every query.
//!
//! ```text
//! head        = "select" select-list "from" module ;
//! select-list = "*" | count-star [ "," column { "," column } ]   (* extra columns: vtiger *)
//!             | column { "," column } ;
//! count-star  = "count" "(" "*" ")" ;
//! ```

use super::lexer::Tok;
use super::{Kw, PResult, Parser};
use crate::ast::{Ident, Query, SelectList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const SELECT_ITEM: Expected = Expected::of(&[X::Star, X::Count, X::Column]);
const COLUMN: Expected = Expected::of(&[X::Column]);
const AFTER_COLUMN: Expected = Expected::of(&[X::Comma, X::From]);

impl<'a> Parser<'a, '_> {
    /// The whole query.
    pub(super) fn query(&mut self) -> PResult<Query<'a>> {
        let start = self.tok.start;
        if self.tok.kind == Tok::End {
            return Err(ParseError::new(
                ErrorKind::EmptyQuery,
                Span::new(0, self.src.len()),
                "the query is empty",
            )
            .hint("a query reads: select * from Contacts;"));
        }
        if self.kw() != Kw::Select {
            let mut err = self.unexpected(Expected::of(&[X::Select]));
            if self.tok.kind == Tok::Word {
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
            return Err(err);
        }
        self.bump();
        let select = self.select_list()?;
        if self.kw() != Kw::From {
            return Err(self.unexpected(AFTER_COLUMN));
        }
        self.bump();
        let module = self.module()?;
        self.tail(start, select, module)
    }

    fn select_list(&mut self) -> PResult<SelectList<'a>> {
        match (self.tok.kind, self.kw()) {
            (Tok::Star, _) => {
                let span = self.span();
                self.bump();
                if self.tok.kind == Tok::Comma {
                    return Err(star_with_columns(self.span().to(span)));
                }
                if self.kw() != Kw::From {
                    return Err(self.unexpected(Expected::of(&[X::From])));
                }
                Ok(SelectList::All(span))
            }
            (Tok::Word, Kw::Count) if self.next_nonspace_is(b'(') => {
                let span = self.count_star()?;
                let mut extra = Vec::new();
                if self.tok.kind == Tok::Comma {
                    if !self.vtiger() {
                        return Err(ParseError::new(
                            ErrorKind::CountWithColumns,
                            self.span(),
                            "`count(*)` cannot be combined with columns",
                        )
                        .label("nothing may follow count(*) in the select list")
                        .hint(
                            "select either count(*) or columns; the real server ignores \
                             columns after count(*) and returns only the count",
                        )
                        .expected(Expected::of(&[X::From])));
                    }
                    self.bump();
                    self.column_list(&mut extra)?;
                }
                Ok(SelectList::Count { span, extra })
            }
            (Tok::Word, Kw::Count) if self.vtiger() => Err(ParseError::new(
                ErrorKind::ReservedWord,
                self.span(),
                "`count` must be followed by `(*)`",
            )
            .hint("the real server reads `count` as the start of count(*); it is not a column")
            .expected(Expected::of(&[X::OpenParen]))),
            (Tok::Word, Kw::Distinct) => Err(ParseError::new(
                ErrorKind::Distinct,
                self.span(),
                "the language has no `distinct`",
            )
            .label("not supported")
            .hint("remove `distinct`; results hold one row per record")),
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
            match (self.tok.kind, self.kw()) {
                (Tok::Star, _) => return Err(star_with_columns(self.span())),
                (Tok::Word, Kw::Count) if self.next_nonspace_is(b'(') => {
                    return Err(ParseError::new(
                        ErrorKind::CountWithColumns,
                        self.span(),
                        "`count(*)` cannot follow columns",
                    )
                    .label("count(*) stands alone")
                    .hint("select either count(*) or columns"));
                }
                (Tok::Word, Kw::From) if cols.is_empty() => {
                    return Err(self.unexpected(SELECT_ITEM));
                }
                (Tok::Word, Kw::From) => {
                    return Err(self.unexpected(COLUMN).hint("remove the trailing comma"));
                }
                (Tok::Word, _) => {}
                _ if cols.is_empty() => return Err(self.unexpected(SELECT_ITEM)),
                _ => return Err(self.unexpected(COLUMN)),
            }
            let expected = if cols.is_empty() { SELECT_ITEM } else { COLUMN };
            cols.push(self.ident(expected)?);
            if cols.len() > self.opts.limits.max_select_columns {
                return Err(ParseError::new(
                    ErrorKind::TooManyColumns,
                    cols[cols.len() - 1].span,
                    format!(
                        "more than {} columns in the select list",
                        self.opts.limits.max_select_columns
                    ),
                )
                .hint("select `*`, or raise `Limits::max_select_columns` for trusted input"));
            }
            match (self.tok.kind, self.kw()) {
                (Tok::Comma, _) => self.bump(),
                (Tok::Word, Kw::From) => return Ok(()),
                (Tok::Word, _) if self.text().eq_ignore_ascii_case("as") => {
                    return Err(ParseError::new(
                        ErrorKind::UnsupportedClause,
                        self.span(),
                        "the language has no column aliases",
                    )
                    .hint("remove `as ...`; results are keyed by field name"));
                }
                _ => return Err(self.unexpected(AFTER_COLUMN)),
            }
        }
    }

    /// `count ( * )`, the current token being `count`.
    fn count_star(&mut self) -> PResult<Span> {
        let start = self.tok.start;
        self.bump(); // count
        self.bump(); // (
        if self.tok.kind != Tok::Star {
            let span = Span::new(start, self.tok.end);
            return Err(ParseError::new(
                ErrorKind::FunctionCall,
                span,
                format!(
                    "`count({}`: only `count(*)` exists",
                    super::shorten(self.text())
                ),
            )
            .label("count takes only *")
            .hint("write count(*); it counts the records that match the where clause")
            .expected(Expected::of(&[X::Star])));
        }
        self.bump();
        if self.tok.kind != Tok::RParen {
            return Err(self.unexpected(Expected::of(&[X::CloseParen])));
        }
        let end = self.tok.end;
        self.bump();
        Ok(Span::new(start, end))
    }

    /// The module name after `from`.
    fn module(&mut self) -> PResult<Ident<'a>> {
        let expected = Expected::of(&[X::Module]);
        match self.tok.kind {
            Tok::Str => Err(self
                .unexpected(expected)
                .hint("module names are not quoted: from Contacts")),
            _ => {
                let module = self.ident(expected)?;
                if self.tok.kind == Tok::Comma {
                    return Err(ParseError::new(
                        ErrorKind::QualifiedName,
                        self.span(),
                        "a query reads exactly one module",
                    )
                    .label("no second module")
                    .hint("query each module separately; there are no joins"));
                }
                Ok(module)
            }
        }
    }

    /// Whether the next non-whitespace byte after the current token is `b`.
    pub(super) fn next_nonspace_is(&self, b: u8) -> bool {
        let at = super::lexer::skip_ws(self.src, self.tok.end);
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
