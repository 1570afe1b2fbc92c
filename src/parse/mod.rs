//! The parser: options, dialects, limits and the entry points.
//!
//! A hand-written LL(1) parser over a lazy lexer (see `lexer`), one file per clause.
//! It never backtracks, never allocates on the success path beyond the vectors of the
//! tree, never recurses (the grammar is flat: chains and lists are loops), and builds
//! an error value only once, when it stops.

mod confusable;
mod filter;
mod lexer;
mod many;
mod select;
mod tail;

pub use many::{parse_many, ParseMany, ParsedQuery};

use std::borrow::Cow;

use lexer::{lex, skip_ws, Tok, Token};

use crate::ast::Query;
use crate::error::{ErrorKind, Expectation as X, Expected, ParseError};
use crate::Span;

/// Hooks for the benchmarks' breakdown of parse time (`internals` feature). Not public
/// API: no stability promise, hidden from the documentation.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    use super::lexer::{lex, next_token, skip_ws, Tok};

    /// Lexes the whole text token after token, the way the parser moves from one token to
    /// the next (words classified as keywords or not, strings scanned to their closing
    /// quote), and builds nothing: the number of tokens before the end or before the first
    /// token that is an error.
    ///
    /// ```
    /// assert_eq!(vtql::parse::internals::count_tokens("select * from Contacts;"), 5);
    /// ```
    pub fn count_tokens(src: &str) -> usize {
        let mut token = lex(src, skip_ws(src, 0));
        let mut n = 0;
        while !matches!(
            token.kind(),
            Tok::End | Tok::Invalid | Tok::Unterminated | Tok::DoubleQuoted
        ) {
            n += 1;
            token = next_token(src, token.hi());
        }
        n
    }
}

/// Which language the parser accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Dialect {
    /// The documented language, with real-world tolerance: any whitespace, a missing final
    /// `;`, the empty string `''`; at most two `order by` columns. The default.
    #[default]
    Documented,
    /// Exactly what the real vtiger server accepts *and executes correctly*: a mandatory
    /// `;`, no empty string, any number of `order by` columns, `count(*), col`, a bare
    /// in-list as the last condition, `= ('a')`. Where the real server hangs, drops a
    /// value or emits broken SQL, this dialect rejects.
    Vtiger,
}

/// Size limits for untrusted input. Each violation is a clean error with its own code
/// (`E0101`..`E0105`).
///
/// ```
/// use vtql::{ErrorKind, Limits, ParseOptions, Query};
/// let opts = ParseOptions::default().limits(Limits::default().with_max_conditions(2));
/// let err = Query::parse_with("select * from Leads where a = 1 or b = 2 or c = 3;", &opts)
///     .unwrap_err();
/// assert_eq!(err.kind, ErrorKind::TooManyConditions);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Limits {
    /// Longest query text, in bytes (default 1 MiB). Texts longer than
    /// [`MAX_TEXT_BYTES`] (4 GiB − 1) are refused whatever this says.
    pub max_query_bytes: usize,
    /// Most conditions in the where chain (default 4,096).
    pub max_conditions: usize,
    /// Most values in one list (default 10,000).
    pub max_list_values: usize,
    /// Most columns in the select list (default 1,024).
    pub max_select_columns: usize,
    /// Most values in the whole query (default 10,000; below every engine's bound
    /// parameter limit).
    pub max_values: usize,
}

impl Limits {
    /// No limit at all (every maximum is `usize::MAX`). Memory and time stay linear in
    /// the input size; use this only for trusted input.
    pub const UNLIMITED: Limits = Limits {
        max_query_bytes: usize::MAX,
        max_conditions: usize::MAX,
        max_list_values: usize::MAX,
        max_select_columns: usize::MAX,
        max_values: usize::MAX,
    };
}

impl Limits {
    /// Sets [`Limits::max_query_bytes`].
    pub fn with_max_query_bytes(mut self, n: usize) -> Self {
        self.max_query_bytes = n;
        self
    }
    /// Sets [`Limits::max_conditions`].
    pub fn with_max_conditions(mut self, n: usize) -> Self {
        self.max_conditions = n;
        self
    }
    /// Sets [`Limits::max_list_values`].
    pub fn with_max_list_values(mut self, n: usize) -> Self {
        self.max_list_values = n;
        self
    }
    /// Sets [`Limits::max_select_columns`].
    pub fn with_max_select_columns(mut self, n: usize) -> Self {
        self.max_select_columns = n;
        self
    }
    /// Sets [`Limits::max_values`].
    pub fn with_max_values(mut self, n: usize) -> Self {
        self.max_values = n;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_bytes: 1 << 20,
            max_conditions: 4096,
            max_list_values: 10_000,
            max_select_columns: 1024,
            max_values: 10_000,
        }
    }
}

/// Options for [`Query::parse_with`].
///
/// ```
/// use vtql::{Dialect, ParseOptions, Query};
/// let vtiger = ParseOptions::default().dialect(Dialect::Vtiger);
/// assert!(Query::parse_with("select * from Contacts", &vtiger).is_err()); // `;` is required
/// assert!(Query::parse("select * from Contacts").is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ParseOptions {
    /// The language accepted.
    pub dialect: Dialect,
    /// Size limits.
    pub limits: Limits,
}

impl ParseOptions {
    /// The defaults: documented dialect, default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the dialect.
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Sets the limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

impl<'a> Query<'a> {
    /// Parses one query in the documented dialect with the default limits.
    ///
    /// ```
    /// use vtql::{CompareOp, Query};
    /// let q = Query::parse("select * from Contacts where id = '12x34';")?;
    /// let cond = &q.filter.as_ref().unwrap().first;
    /// assert_eq!(cond.op, CompareOp::Eq);
    /// assert_eq!(cond.values()[0].record_id(), Some((12, 34)));
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn parse(src: &'a str) -> Result<Query<'a>, ParseError> {
        parse(src, &ParseOptions::default())
    }

    /// Parses one query with the given options.
    pub fn parse_with(src: &'a str, options: &ParseOptions) -> Result<Query<'a>, ParseError> {
        parse(src, options)
    }
}

impl std::str::FromStr for Query<'static> {
    type Err = ParseError;

    /// Parses with the defaults and detaches the tree from the text.
    ///
    /// ```
    /// let q: vtql::Query<'static> = "select * from Leads;".parse()?;
    /// assert_eq!(q.module.name, "Leads");
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Query::parse(s).map(Query::into_owned)
    }
}

/// The longest text any parse accepts, whatever [`Limits::max_query_bytes`] says: spans
/// hold `u32` offsets.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Parses one query: the whole of `src` must be the query (whitespace may follow `;`).
pub fn parse<'a>(src: &'a str, options: &ParseOptions) -> Result<Query<'a>, ParseError> {
    // Spans hold `u32` offsets: no text of 4 GiB or more is parsed, whatever the limits.
    let max_bytes = options.limits.max_query_bytes.min(MAX_TEXT_BYTES);
    if src.len() > max_bytes {
        // The span covers the bytes past the limit, from a character boundary.
        let mut cut = max_bytes;
        while !src.is_char_boundary(cut) {
            cut -= 1;
        }
        let err = ParseError::new(
            ErrorKind::QueryTooLong,
            Span::new(cut, src.len()),
            format!(
                "the query is {} bytes long; the limit is {}",
                src.len(),
                max_bytes
            ),
        );
        // `found` shows the start of the excess only: never copy a huge input.
        let mut err = err.label("past the size limit");
        err.found = Some(shorten(&src[cut..]).into_owned());
        return Err(err.locate(src));
    }
    // The tree is built straight into the caller's result: `query` returns the public
    // `Result` with its errors already located, and nothing touches it on the way out.
    Parser::new(src, options).query()
}

/// The parser state: the text, the lookahead token and the counters for the limits.
pub(crate) struct Parser<'a, 'o> {
    src: &'a str,
    tok: Token,
    opts: &'o ParseOptions,
    values: usize,
}

/// The parser's result: the error is boxed so that every `Ok` value moves through a
/// small `Result` (a `ParseError` is far larger than most values). Only the clauses
/// that build the [`Query`] return the public `Result`, so that the tree is written
/// straight into the caller's result; they unbox and locate the errors.
type PResult<T> = Result<T, PErr>;

/// A boxed [`ParseError`], the parser's internal error type.
pub(crate) struct PErr(Box<ParseError>);

impl From<ParseError> for PErr {
    #[inline]
    fn from(err: ParseError) -> Self {
        PErr(Box::new(err))
    }
}

impl From<PErr> for ParseError {
    #[inline]
    fn from(err: PErr) -> Self {
        *err.0
    }
}

/// `Err(err())` in either result type, off the hot path.
///
/// The error is built by a closure, which is inlined here, in the cold instance of this
/// function for that call site, not in the hot function that fails: building a
/// `ParseError` there would enlarge its stack frame and tie up registers, which every
/// call of it pays for (more registers saved and restored), error or not.
#[cold]
#[inline(never)]
fn fail<T, E: From<ParseError>>(err: impl FnOnce() -> ParseError) -> Result<T, E> {
    Err(E::from(err()))
}

impl<'a, 'o> Parser<'a, 'o> {
    fn new(src: &'a str, opts: &'o ParseOptions) -> Self {
        let start = skip_ws(src, 0);
        Parser {
            src,
            tok: lex(src, start),
            opts,
            values: 0,
        }
    }

    /// The error in its public form, with `line`, `column` and `found` filled in.
    #[cold]
    fn located(&self, err: impl Into<ParseError>) -> ParseError {
        let mut err = err.into();
        err.locate_in(self.src);
        err
    }

    #[inline]
    fn vtiger(&self) -> bool {
        self.opts.dialect == Dialect::Vtiger
    }

    /// Moves to the next token.
    #[inline(always)]
    fn bump(&mut self) {
        self.tok = lexer::next_token(self.src, self.tok.hi());
    }

    /// The text of the current token.
    #[inline]
    fn text(&self) -> &'a str {
        &self.src[self.tok.lo()..self.tok.hi()]
    }

    #[inline]
    fn span(&self) -> Span {
        Span::new(self.tok.lo(), self.tok.hi())
    }

    /// The keyword the current token spells, if it is a word.
    #[inline]
    fn kw(&self) -> Kw {
        self.tok.kw()
    }

    /// The byte right after the current token (no whitespace skipped).
    #[inline]
    fn next_byte(&self) -> Option<u8> {
        self.src.as_bytes().get(self.tok.hi()).copied()
    }

    /// The token after the current one, without consuming anything.
    fn peek(&self) -> Token {
        lex(self.src, skip_ws(self.src, self.tok.hi()))
    }

    #[inline]
    fn count_values(&mut self, n: usize, span: Span) -> PResult<()> {
        self.values += n;
        if self.values > self.opts.limits.max_values {
            return fail(|| self.too_many_values(span));
        }
        Ok(())
    }

    #[cold]
    fn too_many_values(&self, span: Span) -> ParseError {
        ParseError::new(
            ErrorKind::TooManyValues,
            span,
            format!(
                "the query holds more than {} values",
                self.opts.limits.max_values
            ),
        )
        .hint("split the query, or raise `Limits::max_values` for trusted input")
    }

    /// The error for the current token when one of `expected` was wanted: a precise
    /// message for the lexical mistakes, a generic "expected X, found Y" otherwise.
    fn unexpected(&self, expected: Expected) -> ParseError {
        let span = self.span();
        let text = self.text();
        let err = match self.tok.kind() {
            // Point just after the last token, not past trailing whitespace or newlines.
            Tok::End => ParseError::new(
                ErrorKind::UnexpectedEnd,
                Span::empty(self.src.trim_end_matches([' ', '\t', '\r', '\n']).len()),
                format!("unexpected end of query, expected {expected}"),
            ),
            // The real server cannot lex `''` at all (behaviour doc §2.1).
            Tok::EmptyStr if self.vtiger() => empty_string(span),
            Tok::Unterminated => ParseError::new(
                ErrorKind::UnterminatedString,
                Span::new(span.lo(), span.lo() + 1),
                "unterminated string",
            )
            .label("this quote is never closed")
            .hint("close the string with `'`; inside a string write a quote as `''`"),
            Tok::DoubleQuoted => {
                let closed = text.len() >= 2 && text.ends_with('"');
                let err = ParseError::new(
                    ErrorKind::DoubleQuotedString,
                    span,
                    "double quotes are not string delimiters",
                )
                .label("strings use single quotes");
                if closed {
                    err.hint(format!(
                        "write it in single quotes: {}",
                        quote_for_hint(&text[1..text.len() - 1])
                    ))
                } else {
                    err.hint("write strings in single quotes: 'like this'")
                }
            }
            Tok::Invalid => invalid_char(self.src, span),
            _ => ParseError::new(
                ErrorKind::UnexpectedToken,
                span,
                format!("expected {expected}, found `{}`", shorten(text)),
            ),
        };
        err.expected(expected)
    }

    /// An identifier: a word that is not reserved. `what` names it in messages.
    ///
    /// Inlined into its callers, which saves a call and the move of the result for
    /// every name; every refusal is built out of line by [`Self::not_ident`], so that
    /// the inlined code stays small.
    #[inline(always)]
    fn ident(&mut self, expected: Expected) -> PResult<crate::ast::Ident<'a>> {
        // `a.b`: dotted names and joins; `f(`: function calls.
        if self.tok.kind() != Tok::Word
            || self.kw().is_reserved()
            || matches!(self.next_byte(), Some(b'.' | b'('))
        {
            return Err(self.not_ident(expected));
        }
        let ident = crate::ast::Ident {
            name: Cow::Borrowed(self.text()),
            span: self.span(),
        };
        self.bump();
        Ok(ident)
    }

    /// The error for the current token where [`Self::ident`] wanted an identifier.
    #[cold]
    #[inline(never)]
    fn not_ident(&self, expected: Expected) -> PErr {
        if self.tok.kind() != Tok::Word {
            return self.unexpected(expected).into();
        }
        if self.kw().is_reserved() {
            let text = self.text();
            return ParseError::new(
                ErrorKind::ReservedWord,
                self.span(),
                format!("expected {expected}, found the keyword `{text}`"),
            )
            .expected(expected)
            .into();
        }
        if self.next_byte() == Some(b'(') {
            return self.function_call().into();
        }
        let end = self.src[self.tok.hi() + 1..]
            .bytes()
            .position(|b| !lexer::is_word_byte(b))
            .map_or(self.src.len(), |i| self.tok.hi() + 1 + i);
        ParseError::new(
            ErrorKind::QualifiedName,
            Span::new(self.tok.lo(), end),
            format!(
                "dotted name `{}`: a query reads one module, without joins",
                &self.src[self.tok.lo()..end]
            ),
        )
        .label("names are not qualified")
        .hint(
            "name the field alone; to read a related module, query it separately \
             (or use the retrieve_related operation)",
        )
        .into()
    }

    /// The error for `name(` where `name` is the current word.
    fn function_call(&self) -> ParseError {
        let name = self.text();
        ParseError::new(
            ErrorKind::FunctionCall,
            Span::new(self.tok.lo(), self.tok.hi() + 1),
            format!("function call `{name}(`: the language has no functions"),
        )
        .label("not supported")
        .hint("the only function is `count(*)` in place of the select list")
    }
}

/// Lists longer than this many items grow by estimate instead of by doubling.
const SIZED_FROM: usize = 1024;

/// Makes room for one more item in a list whose items began at byte `first` and have
/// reached byte `pos` of a text of `len` bytes; `max` is the most items the limits allow.
///
/// Short lists grow as usual (doubling). Past [`SIZED_FROM`] items the list reserves what
/// the rest of the text can hold at the average item size seen so far, plus 1/32, and at
/// least 1/8 of its length (so growth stays geometric when the estimate falls short). A
/// long uniform list then moves once, to about its final size, instead of doubling, which
/// may leave half the capacity unused and holds both buffers while it copies. The room
/// never exceeds what the remaining bytes could fill, so memory stays linear in the input.
#[inline(always)]
pub(crate) fn room_for_one<T>(
    items: &mut Vec<T>,
    first: usize,
    pos: usize,
    len: usize,
    max: usize,
) {
    if items.len() == items.capacity() {
        grow(items, first, pos, len, max);
    }
}

#[cold]
#[inline(never)]
fn grow<T>(items: &mut Vec<T>, first: usize, pos: usize, len: usize, max: usize) {
    let n = items.len();
    if n == 0 {
        // A list's first item, the common case: a fresh allocation of the capacity
        // `reserve(1)` would choose, without going through its reallocation path.
        let size = std::mem::size_of::<T>();
        let first = if size == 1 {
            8
        } else if size <= 1024 {
            4
        } else {
            1
        };
        *items = Vec::with_capacity(first);
        return;
    }
    if n < SIZED_FROM {
        items.reserve(1);
        return;
    }
    // Items that fit in the bytes left at the average size so far (exact for a uniform
    // list), in u128: both factors may be close to 2^32.
    let used = pos.saturating_sub(first).max(1) as u128;
    let left = (len.saturating_sub(pos) as u128 * n as u128 / used) as usize + 1;
    let estimate = (left + left / 32).max(n / 8);
    // One past the limit is the most a list can reach before the parse fails.
    let cap = max.saturating_add(1).saturating_sub(n).max(1);
    items.reserve_exact(estimate.min(cap));
}

/// Keywords, compared without regard to ASCII case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kw {
    None,
    Select,
    From,
    Where,
    And,
    Or,
    In,
    Like,
    Not,
    Is,
    Between,
    Order,
    OrderBy,
    By,
    Asc,
    Desc,
    Limit,
    Offset,
    Count,
    Distinct,
    Group,
    Having,
    Join,
    Union,
    Null,
}

impl Kw {
    /// Every keyword, in declaration order: the test oracle for [`Kw::from_u8`] (see
    /// `Tok::ALL` for why the decoding is a `match`, not a lookup here).
    #[cfg(test)]
    const ALL: [Kw; 25] = [
        Kw::None,
        Kw::Select,
        Kw::From,
        Kw::Where,
        Kw::And,
        Kw::Or,
        Kw::In,
        Kw::Like,
        Kw::Not,
        Kw::Is,
        Kw::Between,
        Kw::Order,
        Kw::OrderBy,
        Kw::By,
        Kw::Asc,
        Kw::Desc,
        Kw::Limit,
        Kw::Offset,
        Kw::Count,
        Kw::Distinct,
        Kw::Group,
        Kw::Having,
        Kw::Join,
        Kw::Union,
        Kw::Null,
    ];

    /// The keyword whose discriminant is `b` (`Null`, the last, for any larger `b`, which
    /// the lexer never stores). A `match` from each number to the variant of that number,
    /// which compiles to a single minimum.
    #[inline(always)]
    pub(crate) fn from_u8(b: u8) -> Kw {
        match b {
            0 => Kw::None,
            1 => Kw::Select,
            2 => Kw::From,
            3 => Kw::Where,
            4 => Kw::And,
            5 => Kw::Or,
            6 => Kw::In,
            7 => Kw::Like,
            8 => Kw::Not,
            9 => Kw::Is,
            10 => Kw::Between,
            11 => Kw::Order,
            12 => Kw::OrderBy,
            13 => Kw::By,
            14 => Kw::Asc,
            15 => Kw::Desc,
            16 => Kw::Limit,
            17 => Kw::Offset,
            18 => Kw::Count,
            19 => Kw::Distinct,
            20 => Kw::Group,
            21 => Kw::Having,
            22 => Kw::Join,
            23 => Kw::Union,
            _ => Kw::Null,
        }
    }

    /// Words that can never be a column or module name.
    pub(crate) fn is_reserved(self) -> bool {
        !matches!(
            self,
            Kw::None
                | Kw::By
                | Kw::Count
                | Kw::Group
                | Kw::Having
                | Kw::Join
                | Kw::Union
                | Kw::Null
        )
    }
}

/// The keyword `w` spells, if any.
#[inline]
pub(crate) fn keyword(w: &str) -> Kw {
    keyword_bytes(w.as_bytes())
}

/// The keyword the bytes spell, if any: the bytes (2 to 8) are packed into a `u64`
/// with bit 5 set in each, which lowercases exactly the ASCII letters and maps no other
/// byte onto a letter, and the packed value is matched against the packed keywords.
#[inline]
pub(crate) fn keyword_bytes(w: &[u8]) -> Kw {
    if w.len() < 2 || w.len() > 8 {
        return Kw::None;
    }
    let mut x = 0u64;
    for (i, &b) in w.iter().enumerate() {
        x |= u64::from(b | 0x20) << (8 * i);
    }
    keyword_packed(x)
}

/// The keyword of a word of 2 to 8 bytes packed as in [`keyword_bytes`] (little-endian,
/// bit 5 set in each byte, zero bytes after the word).
///
/// A perfect hash: the top five bits of `x * KEYWORD_HASH` are distinct for the 24
/// keywords (the multiplier was found by a search, and `keyword_table` checks it at
/// compile time), so one multiplication, one load and one comparison classify any word.
#[inline]
pub(crate) fn keyword_packed(x: u64) -> Kw {
    let (packed, kw) = KEYWORD_TABLE[keyword_slot(x)];
    if packed == x {
        kw
    } else {
        Kw::None
    }
}

/// The multiplier of the keyword hash (see [`keyword_packed`]).
const KEYWORD_HASH: u64 = 0xc215_a4a8_7214_0d1d;

#[inline(always)]
const fn keyword_slot(x: u64) -> usize {
    (x.wrapping_mul(KEYWORD_HASH) >> 59) as usize
}

/// Every keyword with its spelling.
const KEYWORDS: [(&str, Kw); 24] = [
    ("or", Kw::Or),
    ("in", Kw::In),
    ("is", Kw::Is),
    ("by", Kw::By),
    ("and", Kw::And),
    ("not", Kw::Not),
    ("asc", Kw::Asc),
    ("from", Kw::From),
    ("like", Kw::Like),
    ("desc", Kw::Desc),
    ("join", Kw::Join),
    ("null", Kw::Null),
    ("where", Kw::Where),
    ("order", Kw::Order),
    ("limit", Kw::Limit),
    ("count", Kw::Count),
    ("group", Kw::Group),
    ("union", Kw::Union),
    ("select", Kw::Select),
    ("offset", Kw::Offset),
    ("having", Kw::Having),
    ("orderby", Kw::OrderBy),
    ("between", Kw::Between),
    ("distinct", Kw::Distinct),
];

/// The packed spelling of every keyword in its hash slot; empty slots hold 0, which no
/// word packs to (a packed word has bit 5 set in its first byte).
const KEYWORD_TABLE: [(u64, Kw); 32] = keyword_table();

const fn keyword_table() -> [(u64, Kw); 32] {
    let mut table = [(0u64, Kw::None); 32];
    let mut k = 0;
    while k < KEYWORDS.len() {
        let (word, kw) = KEYWORDS[k];
        let bytes = word.as_bytes();
        let mut x = 0u64;
        let mut i = 0;
        while i < bytes.len() {
            x |= (bytes[i] as u64) << (8 * i);
            i += 1;
        }
        let slot = keyword_slot(x);
        // A collision would make a keyword unreachable: refuse to compile.
        assert!(table[slot].0 == 0, "keyword hash collision");
        table[slot] = (x, kw);
        k += 1;
    }
    table
}

/// At most 40 characters of `s`, with `…` when cut.
pub(crate) fn shorten(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(40) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

/// `s` in single quotes with quotes doubled, shortened for a hint.
fn quote_for_hint(s: &str) -> String {
    let mut out = String::new();
    let _ = crate::ast::write_quoted_string(&mut out, &shorten(s));
    out
}

/// The error for `''` in the vtiger dialect, wherever it appears.
pub(crate) fn empty_string(span: Span) -> ParseError {
    ParseError::new(
        ErrorKind::EmptyString,
        span,
        "the empty string cannot be written for the real server",
    )
    .label("the real server's lexer fails here")
    .hint(
        "the real server answers INTERNAL_SERVER_ERROR; the documented dialect \
         accepts '' (with a compatibility warning)",
    )
}

/// The error for a character that starts no token.
#[cold]
fn invalid_char(src: &str, span: Span) -> ParseError {
    let c = src[span.lo()..].chars().next().unwrap_or('\u{fffd}');
    let next = src[span.hi()..].chars().next();
    // Named by code point and Unicode name: shown between backticks they would be
    // invisible, or look like an ordinary space or quote.
    if let Some((name, fix)) = confusable::named(c) {
        let what = if fix.invisible() {
            "invisible character "
        } else {
            ""
        };
        let message = format!("{what}{} {name} outside quotes", confusable::code_point(c));
        return ParseError::new(ErrorKind::InvalidCharacter, span, message)
            .label(if fix.invisible() {
                "invisible character"
            } else {
                "not a token"
            })
            .hint(fix.hint());
    }
    let (message, hint): (Cow<'static, str>, Cow<'static, str>) = match c {
        '%' => (
            "`%` outside quotes".into(),
            "a like pattern is a quoted string: like 'Sm%'".into(),
        ),
        '-' if next == Some('-') => ("`--` comment".into(), "the language has no comments".into()),
        '/' if next == Some('*') => ("`/*` comment".into(), "the language has no comments".into()),
        '-' | '+' => (
            format!("`{c}` without digits").into(),
            "a sign must be followed directly by digits: -5".into(),
        ),
        '!' => (
            "`!` alone".into(),
            "write `!=` for \"not equal\"; there is no `not`".into(),
        ),
        '&' | '|' => (
            format!("`{c}` is not an operator").into(),
            "join conditions with the words `and` / `or`".into(),
        ),
        '`' | '[' | ']' => (
            format!("`{c}`: names are not quoted").into(),
            "write field and module names as they are: lastname, Contacts".into(),
        ),
        '.' => (
            "`.` outside quotes".into(),
            "decimals and dates are written in quotes: '1.5', '2024-01-31'".into(),
        ),
        '?' | ':' | '@' | '$' => (
            format!("`{c}`: the language has no parameters").into(),
            "write the value itself, quoted; clients should use vtql's builder".into(),
        ),
        '\\' => (
            "`\\` outside quotes".into(),
            "backslashes have no meaning here; inside a string write a quote as `''`".into(),
        ),
        c if c.is_control() => (
            format!(
                "control character {} outside quotes",
                confusable::code_point(c)
            )
            .into(),
            "delete it; whitespace is space, tab, carriage return and line feed".into(),
        ),
        c if c.is_whitespace() => (
            format!("{} is not whitespace here", confusable::code_point(c)).into(),
            "replace it with an ordinary space".into(),
        ),
        c if !c.is_ascii() => (
            format!("`{c}` outside quotes").into(),
            "only ASCII names and keywords exist; text values must be quoted".into(),
        ),
        c => (
            format!("unexpected character `{c}`").into(),
            "this character is not part of the language; quote it inside a value".into(),
        ),
    };
    ParseError::new(ErrorKind::InvalidCharacter, span, message)
        .label("not a token")
        .hint(hint)
}

/// Expectation sets used by several clauses.
pub(crate) const AFTER_MODULE: Expected =
    Expected::of(&[X::Where, X::OrderBy, X::Limit, X::Semicolon]);

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes `n` items of `size` bytes each through `room_for_one`, as a list starting at
    /// byte 0 of a text of `len` bytes; returns the capacities seen after each growth.
    fn grow_list(n: usize, size: usize, len: usize, max: usize) -> (Vec<usize>, usize) {
        let mut items: Vec<u8> = Vec::new();
        let mut caps = Vec::new();
        for i in 0..n {
            let before = items.capacity();
            room_for_one(&mut items, 0, i * size, len, max);
            items.push(0);
            if items.capacity() != before {
                caps.push(items.capacity());
            }
        }
        (caps, items.capacity())
    }

    #[test]
    fn a_long_uniform_list_grows_once_to_about_its_final_size() {
        // 100,000 items of 7 bytes in a text that holds exactly them.
        let n = 100_000;
        let (caps, cap) = grow_list(n, 7, 7 * n, usize::MAX);
        // Doubling up to 1,024 items, then one reservation.
        assert_eq!(
            caps.iter().filter(|&&c| c > SIZED_FROM).count(),
            1,
            "{caps:?}"
        );
        assert!(cap >= n && cap <= n + n / 32 + 2, "{cap}");
    }

    #[test]
    fn the_first_item_gets_the_capacity_reserve_would_give() {
        fn check<T>() {
            let mut ours: Vec<T> = Vec::new();
            room_for_one(&mut ours, 0, 0, 100, usize::MAX);
            // Deliberately `reserve` on an empty vector: the growth being compared with.
            #[allow(clippy::reserve_after_initialization)]
            let std: Vec<T> = {
                let mut v = Vec::new();
                v.reserve(1);
                v
            };
            assert_eq!(ours.capacity(), std.capacity());
        }
        check::<u8>();
        check::<u64>();
        check::<[u8; 2000]>();
    }

    #[test]
    fn short_lists_double_as_usual() {
        let (caps, _) = grow_list(1000, 3, 1 << 20, usize::MAX);
        assert!(caps.windows(2).all(|w| w[1] == 2 * w[0]), "{caps:?}");
    }

    #[test]
    fn growth_stays_geometric_when_the_estimate_falls_short() {
        // The text claims few bytes are left: each growth still adds at least 1/8.
        let (caps, cap) = grow_list(50_000, 1, 0, usize::MAX);
        assert!(cap >= 50_000);
        assert!(caps.len() < 60, "{} growths", caps.len());
        for w in caps.windows(2).filter(|w| w[0] >= SIZED_FROM) {
            assert!(w[1] >= w[0] + w[0] / 8, "{w:?}");
        }
    }

    #[test]
    fn the_limit_caps_the_reservation() {
        // One past the limit is all a list can reach before the parse fails.
        let (_, cap) = grow_list(2001, 7, 1 << 30, 2000);
        assert!(cap <= 2048, "{cap}");
        assert!(cap >= 2001);
    }
}
