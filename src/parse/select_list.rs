//! The select list.
//!
//! ```ebnf
//! select-list   = "*"
//!               | count-star, [ extra-columns ]     (* extra-columns: vtiger only *)
//!               | column, { ",", column } ;
//! count-star    = "count", "(", "*", ")" ;
//! extra-columns = ",", column, { ",", column } ;
//! ```
//!
//! nom: `alt` of the three shapes (and of `distinct`, to diagnose it); `"*"` and
//! `count-star` are sequences ending in `cut`; a column list is its first column then a
//! `fold` of `preceded(",", cut(column))`, bounded by `Limits::max_select_columns`.

use nom::branch::alt;
use nom::combinator::{cut, map, opt};
use nom::sequence::preceded;
use nom::Parser;

use super::cursor::{fail, fold_at_most, miss, name, push_grown, token, Cursor, PResult};
use super::diagnostics::{shorten, unexpected};
use super::keyword::Kw;
use super::lexer::Tok;
use crate::ast::{Ident, SelectList};
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

const SELECT_ITEM: Expected = Expected::of(&[X::Star, X::Count, X::Column]);
const COLUMN: Expected = Expected::of(&[X::Column]);
/// What may follow a select column.
pub(super) const AFTER_COLUMN: Expected = Expected::of(&[X::Comma, X::From]);

/// The select list, up to `from` (not consumed).
pub(super) fn select_list<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, SelectList<'a>> {
    alt((
        token(Tok::Star).flat_map(|star| cut(star_alone(star))),
        count_star_list,
        not_a_select_item,
        map(columns, SelectList::Columns),
    ))
    .parse(i)
}

/// After the `*` at `star`: nothing but `from`.
fn star_alone<'a: 'c, 'c>(
    star: Span,
) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, SelectList<'a>> {
    #[inline(always)]
    move |i| match (i.kind(), i.kw()) {
        (_, Kw::From) => Ok((i, SelectList::All(star.into()))),
        (Tok::Comma, _) => fail(|| star_with_columns(i.span().to(star))),
        _ => fail(|| unexpected(&i, Expected::of(&[X::From]))),
    }
}

/// `count-star, [ extra-columns ]`.
fn count_star_list<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, SelectList<'a>> {
    if i.kw() != Kw::Count || !i.next_nonspace_is(b'(') {
        return miss();
    }
    let (i, span) = count_star(i)?;
    let (i, extra) = opt(token(Tok::Comma).flat_map(|comma| cut(extra_columns(comma)))).parse(i)?;
    Ok((
        i,
        SelectList::Count {
            span: span.into(),
            extra: extra.unwrap_or_default(),
        },
    ))
}

/// The columns after `count(*)` and the comma at `comma`: vtiger only.
fn extra_columns<'a: 'c, 'c>(
    comma: Span,
) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, Vec<Ident<'a>>> {
    #[inline(always)]
    move |i| {
        if !i.vtiger() {
            return fail(|| {
                ParseError::new(
                    ErrorKind::CountWithColumns,
                    comma,
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
        columns(i)
    }
}

/// `count ( * )`, the current token being `count` followed by `(`.
fn count_star<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Span> {
    let start = i.lo();
    let i = i.bump().bump(); // count (
    let (i, _) = token(Tok::Star).parse(i).or_else(|_| {
        fail(|| {
            ParseError::new(
                ErrorKind::FunctionCall,
                Span::new(start, i.hi()),
                format!("`count({}`: only `count(*)` exists", shorten(i.text())),
            )
            .label("count takes only *")
            .hint("write count(*); it counts the records that match the where clause")
            .expected(Expected::of(&[X::Star]))
        })
    })?;
    if i.kind() != Tok::RParen {
        return fail(|| unexpected(&i, Expected::of(&[X::CloseParen])));
    }
    Ok((i.bump(), Span::new(start, i.hi())))
}

/// The words that start no select list: `count` alone in the vtiger dialect (the real
/// server reads it as the start of `count(*)`) and `distinct`.
fn not_a_select_item<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, SelectList<'a>> {
    match i.kw() {
        Kw::Count if i.vtiger() => fail(|| {
            ParseError::new(
                ErrorKind::ReservedWord,
                i.span(),
                "`count` must be followed by `(*)`",
            )
            .hint("the real server reads `count` as the start of count(*); it is not a column")
            .expected(Expected::of(&[X::OpenParen]))
        }),
        Kw::Distinct => fail(|| {
            ParseError::new(
                ErrorKind::Distinct,
                i.span(),
                "the language has no `distinct`",
            )
            .label("not supported")
            .hint("remove `distinct`; results hold one row per record")
        }),
        _ => miss(),
    }
}

/// `column, { ",", column }`, up to `from`: at most `Limits::max_select_columns`.
fn columns<'a: 'c, 'c>(i: Cursor<'a, 'c>) -> PResult<'a, 'c, Vec<Ident<'a>>> {
    let max = i.limits().max_select_columns;
    let len = i.src().len();
    let (i, first) = column(SELECT_ITEM)(i)?;
    if max == 0 {
        return fail(|| too_many_columns(max, *first.span));
    }
    let lo = first.span.lo();
    let mut cols = Vec::new();
    push_grown(&mut cols, first, lo, lo, len, max);
    let (i, cols) = fold_at_most(
        i,
        max - 1,
        preceded(token(Tok::Comma), cut(column(COLUMN))),
        cols,
        |cols: &mut _, col: Ident<'a>| {
            let hi = col.span.hi();
            push_grown(cols, col, lo, hi, len, max);
        },
    )?;
    if cols.len() == max {
        // The limit reached: one more column is one too many.
        if let (_, Some(col)) = opt(preceded(token(Tok::Comma), cut(column(COLUMN)))).parse(i)? {
            return fail(|| too_many_columns(max, *col.span));
        }
    }
    match i.kw() {
        Kw::From => Ok((i, cols)),
        _ if i.kind() == Tok::Word && i.text().eq_ignore_ascii_case("as") => fail(|| {
            ParseError::new(
                ErrorKind::UnsupportedClause,
                i.span(),
                "the language has no column aliases",
            )
            .label("not supported")
            .expected(AFTER_COLUMN)
            .hint("remove `as ...`; results are keyed by field name")
        }),
        _ => fail(|| unexpected(&i, AFTER_COLUMN)),
    }
}

/// One select column: a name, with the errors for the other select items and for a
/// column missing before `from`. `expected` is [`SELECT_ITEM`] for the first column.
fn column<'a: 'c, 'c>(expected: Expected) -> impl Fn(Cursor<'a, 'c>) -> PResult<'a, 'c, Ident<'a>> {
    #[inline(always)]
    move |i| {
        match (i.kind(), i.kw()) {
            (Tok::Star, _) => return fail(|| star_with_columns(i.span())),
            (Tok::Word, Kw::Count) if i.next_nonspace_is(b'(') => {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::CountWithColumns,
                        i.span(),
                        "`count(*)` cannot follow columns",
                    )
                    .label("count(*) stands alone")
                    .hint("select either count(*) or columns")
                })
            }
            // The real server reads `count` in the select list as the start of
            // `count(*)`, never as a column.
            (Tok::Word, Kw::Count) if i.vtiger() => {
                return fail(|| {
                    ParseError::new(
                        ErrorKind::ReservedWord,
                        i.span(),
                        "`count` is not a column name in the select list",
                    )
                    .label("read as `count(*)` by the real server")
                    .hint(
                        "the real server rejects `count` as a select column; select other \
                         columns",
                    )
                    .expected(expected)
                })
            }
            (Tok::Word, Kw::From) if expected == SELECT_ITEM => {
                return fail(|| unexpected(&i, SELECT_ITEM))
            }
            (Tok::Word, Kw::From) => {
                return fail(|| unexpected(&i, COLUMN).hint("remove the trailing comma"))
            }
            (Tok::Word, _) => {}
            _ => return fail(|| unexpected(&i, expected)),
        }
        name(expected).parse(i)
    }
}

fn too_many_columns(max: usize, span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::TooManyColumns,
        span,
        format!("more than {max} columns in the select list"),
    )
    .hint("select `*`, or raise `Limits::max_select_columns` for trusted input")
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
    use crate::ast::SelectList;
    use crate::parse::test_support::parse;
    use crate::{Dialect, ErrorKind, ParseOptions, Query};

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

    #[test]
    fn the_column_limit_stops_at_the_exact_column() {
        use crate::Limits;
        for max in 0..4 {
            let opts =
                ParseOptions::default().limits(Limits::default().with_max_select_columns(max));
            let src = "select a, b, c from X;";
            let r = Query::parse_with(src, &opts);
            if max >= 3 {
                assert!(r.is_ok());
            } else {
                let e = r.unwrap_err();
                assert_eq!(e.kind, ErrorKind::TooManyColumns);
                assert_eq!(&src[e.span.range()], ["a", "b", "c"][max], "{max}");
            }
        }
    }
}
