//! Parse errors: a stable code per kind, a byte span, line and column, what was found,
//! what was expected, a hint, and the web-service error code a server should answer with.

pub(crate) mod codes;

use std::borrow::Cow;
use std::fmt;

use crate::report::{Report, Severity};
use crate::{LineCol, Span};

/// The kinds of parse error, each with a stable code (see [`ErrorKind::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ErrorKind {
    /// The query text is empty or only whitespace.
    EmptyQuery,
    /// A token that cannot appear here.
    UnexpectedToken,
    /// The query ended where more was expected.
    UnexpectedEnd,
    /// A `'` string without its closing quote.
    UnterminatedString,
    /// A character the language has no token for (`@`, `%`, `.`, `&`, non-ASCII outside quotes...).
    InvalidCharacter,
    /// A `"double-quoted"` string.
    DoubleQuotedString,
    /// A backslash used as an escape inside a string (`'O\'Brien'`).
    BackslashEscape,
    /// The empty string `''`, which the real server cannot lex (vtiger dialect).
    EmptyString,
    /// A bare word used as a value (`lastname = Smith`).
    UnquotedWord,
    /// An unquoted date, time, decimal or other number the language cannot write unquoted.
    UnquotedLiteral,
    /// Parentheses around conditions.
    GroupingParentheses,
    /// `not`, `not in`, `not like`.
    NotOperator,
    /// `is null` / `is not null`.
    IsNull,
    /// `between`.
    Between,
    /// `<>` or `==`.
    WrongOperator,
    /// A function call other than `count(*)`.
    FunctionCall,
    /// A dotted name (`Accounts.accountname`) or a join.
    QualifiedName,
    /// `distinct`.
    Distinct,
    /// `group by`, `having`, `join`, `union` and other clauses the language lacks.
    UnsupportedClause,
    /// More than two `order by` columns (documented dialect).
    TooManyOrderColumns,
    /// `asc`/`desc` on an `order by` column other than the last.
    DirectionNotLast,
    /// The `offset` keyword.
    OffsetKeyword,
    /// `in ()`.
    EmptyInList,
    /// Tokens after the final `;`.
    TrailingInput,
    /// The final `;` is missing (vtiger dialect).
    MissingSemicolon,
    /// A keyword where a column or module name is expected.
    ReservedWord,
    /// A `limit` value that is not a non-negative integer that fits in 64 bits.
    InvalidLimit,
    /// Columns after `count(*)` (documented dialect), or `count(*)` after a column.
    CountWithColumns,
    /// `*` together with columns.
    StarWithColumns,
    /// A list without parentheses after `in` where the dialect does not accept it.
    BareList,
    /// A list of several values after an operator other than `in`, or parentheses around a
    /// single value where the dialect does not accept them.
    ListNotAllowed,
    /// An in-list whose first value is an unquoted `0` (vtiger dialect: the real server
    /// answers "columns data inappropriate").
    ZeroFirstInList,
    /// A value list opened with `(` and never closed.
    UnclosedParenthesis,
    /// Clauses out of order (`limit` before `order by`, a second `where`...).
    ClauseOrder,
    /// The query text is longer than [`Limits::max_query_bytes`](crate::Limits).
    QueryTooLong,
    /// More conditions than [`Limits::max_conditions`](crate::Limits).
    TooManyConditions,
    /// A value list longer than [`Limits::max_list_values`](crate::Limits).
    ListTooLong,
    /// More select columns than [`Limits::max_select_columns`](crate::Limits).
    TooManyColumns,
    /// More values in total than [`Limits::max_values`](crate::Limits).
    TooManyValues,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::EmptyQuery,
        ErrorKind::UnexpectedToken,
        ErrorKind::UnexpectedEnd,
        ErrorKind::UnterminatedString,
        ErrorKind::InvalidCharacter,
        ErrorKind::DoubleQuotedString,
        ErrorKind::BackslashEscape,
        ErrorKind::EmptyString,
        ErrorKind::UnquotedWord,
        ErrorKind::UnquotedLiteral,
        ErrorKind::GroupingParentheses,
        ErrorKind::NotOperator,
        ErrorKind::IsNull,
        ErrorKind::Between,
        ErrorKind::WrongOperator,
        ErrorKind::FunctionCall,
        ErrorKind::QualifiedName,
        ErrorKind::Distinct,
        ErrorKind::UnsupportedClause,
        ErrorKind::TooManyOrderColumns,
        ErrorKind::DirectionNotLast,
        ErrorKind::OffsetKeyword,
        ErrorKind::EmptyInList,
        ErrorKind::TrailingInput,
        ErrorKind::MissingSemicolon,
        ErrorKind::ReservedWord,
        ErrorKind::InvalidLimit,
        ErrorKind::CountWithColumns,
        ErrorKind::StarWithColumns,
        ErrorKind::BareList,
        ErrorKind::ListNotAllowed,
        ErrorKind::ZeroFirstInList,
        ErrorKind::UnclosedParenthesis,
        ErrorKind::ClauseOrder,
        ErrorKind::QueryTooLong,
        ErrorKind::TooManyConditions,
        ErrorKind::ListTooLong,
        ErrorKind::TooManyColumns,
        ErrorKind::TooManyValues,
    ];

    /// The stable code: `E00xx` for syntax, `E01xx` for size limits.
    pub fn code(self) -> &'static str {
        use ErrorKind::*;
        match self {
            EmptyQuery => "E0001",
            UnexpectedToken => "E0002",
            UnexpectedEnd => "E0003",
            UnterminatedString => "E0004",
            InvalidCharacter => "E0005",
            DoubleQuotedString => "E0006",
            BackslashEscape => "E0007",
            EmptyString => "E0008",
            UnquotedWord => "E0009",
            UnquotedLiteral => "E0010",
            GroupingParentheses => "E0011",
            NotOperator => "E0012",
            IsNull => "E0013",
            Between => "E0014",
            WrongOperator => "E0015",
            FunctionCall => "E0016",
            QualifiedName => "E0017",
            Distinct => "E0018",
            UnsupportedClause => "E0019",
            TooManyOrderColumns => "E0020",
            DirectionNotLast => "E0021",
            OffsetKeyword => "E0022",
            EmptyInList => "E0023",
            TrailingInput => "E0024",
            MissingSemicolon => "E0025",
            ReservedWord => "E0026",
            InvalidLimit => "E0027",
            CountWithColumns => "E0028",
            StarWithColumns => "E0029",
            BareList => "E0030",
            ListNotAllowed => "E0031",
            ZeroFirstInList => "E0032",
            UnclosedParenthesis => "E0033",
            ClauseOrder => "E0034",
            QueryTooLong => "E0101",
            TooManyConditions => "E0102",
            ListTooLong => "E0103",
            TooManyColumns => "E0104",
            TooManyValues => "E0105",
        }
    }

    /// The kind with this code, if any.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The web-service error code the real server answers with for this mistake, which a
    /// server built on vtql should answer with too: `INTERNAL_SERVER_ERROR` where the
    /// real server's lexer fails on a character, `QUERY_SYNTAX_ERROR` otherwise.
    pub fn webservice_code(self) -> &'static str {
        use ErrorKind::*;
        match self {
            InvalidCharacter | DoubleQuotedString | EmptyString | UnterminatedString => {
                "INTERNAL_SERVER_ERROR"
            }
            _ => "QUERY_SYNTAX_ERROR",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One kind of token the parser could have accepted at an error position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Expectation {
    /// `select`
    Select,
    /// `*`
    Star,
    /// `count(*)`
    Count,
    /// a column name
    Column,
    /// `,`
    Comma,
    /// `from`
    From,
    /// a module name
    Module,
    /// `where`
    Where,
    /// a comparison operator, `like` or `in`
    Operator,
    /// a value
    Value,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `and`
    And,
    /// `or`
    Or,
    /// `order by`
    OrderBy,
    /// `by`
    By,
    /// `asc` or `desc`
    Direction,
    /// `limit`
    Limit,
    /// a non-negative integer
    Integer,
    /// `;`
    Semicolon,
    /// the end of the query
    End,
}

impl Expectation {
    const ALL: [Expectation; 21] = [
        Expectation::Select,
        Expectation::Star,
        Expectation::Count,
        Expectation::Column,
        Expectation::Comma,
        Expectation::From,
        Expectation::Module,
        Expectation::Where,
        Expectation::Operator,
        Expectation::Value,
        Expectation::OpenParen,
        Expectation::CloseParen,
        Expectation::And,
        Expectation::Or,
        Expectation::OrderBy,
        Expectation::By,
        Expectation::Direction,
        Expectation::Limit,
        Expectation::Integer,
        Expectation::Semicolon,
        Expectation::End,
    ];

    /// How the expectation reads in a message.
    pub fn describe(self) -> &'static str {
        match self {
            Expectation::Select => "`select`",
            Expectation::Star => "`*`",
            Expectation::Count => "`count(*)`",
            Expectation::Column => "a column name",
            Expectation::Comma => "`,`",
            Expectation::From => "`from`",
            Expectation::Module => "a module name",
            Expectation::Where => "`where`",
            Expectation::Operator => "an operator (`=`, `!=`, `<`, `>`, `<=`, `>=`, `like`, `in`)",
            Expectation::Value => "a value",
            Expectation::OpenParen => "`(`",
            Expectation::CloseParen => "`)`",
            Expectation::And => "`and`",
            Expectation::Or => "`or`",
            Expectation::OrderBy => "`order by`",
            Expectation::By => "`by`",
            Expectation::Direction => "`asc` or `desc`",
            Expectation::Limit => "`limit`",
            Expectation::Integer => "a non-negative integer",
            Expectation::Semicolon => "`;`",
            Expectation::End => "the end of the query",
        }
    }
}

/// A set of [`Expectation`]s, stored as a bit set (no allocation).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Expected(u32);

impl Expected {
    /// The empty set.
    pub const NONE: Expected = Expected(0);

    /// A set of the given expectations.
    pub const fn of(items: &[Expectation]) -> Expected {
        let mut bits = 0u32;
        let mut i = 0;
        while i < items.len() {
            bits |= 1 << items[i] as u32;
            i += 1;
        }
        Expected(bits)
    }

    /// The union of two sets.
    pub const fn union(self, other: Expected) -> Expected {
        Expected(self.0 | other.0)
    }

    /// Whether the set holds `e`.
    pub fn contains(self, e: Expectation) -> bool {
        self.0 & (1 << e as u32) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The expectations, in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Expectation> {
        Expectation::ALL
            .into_iter()
            .filter(move |e| self.contains(*e))
    }
}

impl fmt::Debug for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for Expected {
    /// `a`, `a or b`, `a, b or c`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<_> = self.iter().collect();
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == items.len() { " or " } else { ", " })?;
            }
            f.write_str(e.describe())?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Expected {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Expected {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<Expectation>::deserialize(d)?;
        Ok(Expected::of(&items))
    }
}

/// Why a query failed to parse.
///
/// ```
/// use vtql::{ErrorKind, Query};
/// let src = "select * from Contacts where lastname <> 'Smith';";
/// let err = Query::parse(src).unwrap_err();
/// assert_eq!(err.kind, ErrorKind::WrongOperator);
/// assert_eq!(err.code(), "E0015");
/// assert_eq!((err.line, err.column), (1, 39));
/// assert_eq!(err.hint.as_deref(), Some("write `!=` for \"not equal\""));
/// println!("{}", err.render(src, "query.vtql"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[error("{message} at {line}:{column}")]
#[non_exhaustive]
pub struct ParseError {
    /// What went wrong; [`ErrorKind::code`] is its stable code.
    pub kind: ErrorKind,
    /// The offending text.
    pub span: Span,
    /// 1-based line of the span start (`\r\n` counts as one line break).
    pub line: usize,
    /// 1-based column of the span start, in characters.
    pub column: usize,
    /// The token found, as written, or `None` at the end of the input.
    pub found: Option<String>,
    /// What the parser could have accepted instead.
    pub expected: Expected,
    /// The message, one line, without the position.
    pub message: Cow<'static, str>,
    /// How to fix it, when there is something to say.
    pub hint: Option<Cow<'static, str>>,
    /// A short note shown under the caret; when `None` the renderer says what was expected.
    pub label: Option<Cow<'static, str>>,
}

impl ParseError {
    pub(crate) fn new(kind: ErrorKind, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        ParseError {
            kind,
            span,
            line: 0,
            column: 0,
            found: None,
            expected: Expected::NONE,
            message: message.into(),
            hint: None,
            label: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn label(mut self, label: impl Into<Cow<'static, str>>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn expected(mut self, expected: Expected) -> Self {
        self.expected = expected;
        self
    }

    /// Fills in `found`, `line` and `column` from the source text.
    pub(crate) fn locate(mut self, source: &str) -> Self {
        self.locate_in(source);
        self
    }

    /// [`ParseError::locate`] in place.
    pub(crate) fn locate_in(&mut self, source: &str) {
        let LineCol { line, column } = LineCol::of(source, self.span.lo());
        self.line = line;
        self.column = column;
        if self.found.is_none() && !self.span.is_empty() {
            self.found = self.span.slice(source).map(str::to_owned);
        }
    }

    /// The stable code of the error kind, e.g. `"E0015"`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The web-service error code a server should answer with (`QUERY_SYNTAX_ERROR` or
    /// `INTERNAL_SERVER_ERROR`); see [`ErrorKind::webservice_code`].
    pub fn webservice_code(&self) -> &'static str {
        self.kind.webservice_code()
    }

    /// The error as a [`Report`], for rendering with other diagnostics.
    pub fn report(&self) -> Report<'_> {
        let label = match &self.found {
            _ if self.label.is_some() => self.label.as_deref().unwrap_or_default().to_owned(),
            Some(_) if !self.expected.is_empty() => format!("expected {}", self.expected),
            None if !self.expected.is_empty() => format!("expected {} here", self.expected),
            _ => String::new(),
        };
        Report {
            severity: Severity::Error,
            code: self.code(),
            message: &self.message,
            span: self.span,
            label,
            help: self.hint.as_deref(),
        }
    }

    /// A rustc-style rendering with the source line and a caret under the span.
    ///
    /// ```
    /// let src = "select * from Contacts where lastname = Smith;";
    /// let err = vtql::Query::parse(src).unwrap_err();
    /// assert_eq!(
    ///     err.render(src, "q.vtql"),
    ///     "error[E0009]: bare word `Smith` is not a value\n \
    ///      --> q.vtql:1:41\n  \
    ///      |\n\
    ///      1 | select * from Contacts where lastname = Smith;\n  \
    ///      |                                         ^^^^^ values must be quoted\n  \
    ///      = help: write it in single quotes: 'Smith'\n"
    /// );
    /// ```
    pub fn render(&self, source: &str, origin: &str) -> String {
        self.report().render(source, origin, false)
    }
}
