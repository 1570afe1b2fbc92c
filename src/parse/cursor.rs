//! The parser's input, its error type and the combinators the clauses share.
//!
//! The input is a [`Cursor`]: the token at the current position, already lexed (the
//! lexer is lazy, see `lexer`), and a reference to the parse's [`Ctx`] (the text, the
//! options and the value counter). It is `Copy` and two scalars wide, so nom's choices
//! and repetitions can hold on to it and it travels in registers. Parsers test and
//! consume whole tokens (`token`, `keyword`, `name` below); the grammar never looks at
//! single bytes except through the lexical layer.
//!
//! Errors: a failed alternative is `nom::Err::Error` carrying nothing ([`PErr`] with no
//! diagnostic), so backtracking costs nothing and allocates nothing. At a commit point a
//! parser fails with `nom::Err::Failure` carrying the finished diagnostic (`cut`, or a
//! diagnostic built directly); [`expect`] turns a miss into the "expected X, found Y"
//! error for the token where it happened. nom's own error kinds never leave this module.

use std::cell::Cell;

use nom::IResult;

use super::keyword::Kw;
use super::lexer::{self, Tok, Token};
use super::{diagnostics, Dialect, ParseOptions};
use crate::ast::Ident;
use crate::error::{Expected, ParseError};
use crate::Span;

/// What every parser of one parse shares: the text, the options and the number of
/// values read so far (for [`crate::Limits::max_values`]). The counter is a `Cell` so
/// that the cursor stays a small `Copy` value; only values that are kept are counted, and
/// no value is ever read twice, so backtracking never needs to undo it.
pub(crate) struct Ctx<'a> {
    pub src: &'a str,
    pub opts: ParseOptions,
    values: Cell<usize>,
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a str, opts: &ParseOptions) -> Ctx<'a> {
        Ctx {
            src,
            opts: *opts,
            values: Cell::new(0),
        }
    }
}

/// The parser's input: the shared context and the token at the current position.
///
/// Two scalars (16 bytes), so that a cursor is passed and returned in registers and
/// copied field by field. The token is packed into one `u64`: its first byte (32 bits),
/// its length (21 bits, saturated: a longer token, only ever a long string or a run to
/// the end of the text, is measured again when its end is asked for), its kind (5 bits),
/// keyword (5 bits) and escape flag (1 bit). `end` is the end of the input as nom sees
/// it: the text's length, less after `Input::take`.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a, 'c> {
    pub ctx: &'c Ctx<'a>,
    packed: u64,
}

const LEN_BITS: u32 = 21;
const LEN_SAT: u64 = (1 << LEN_BITS) - 1;
const META_SHIFT: u32 = 32 + LEN_BITS;

/// The error of every parser: `None` for a miss (an alternative that does not apply),
/// the diagnostic for a failure. Boxed, so that results stay small.
pub(crate) struct PErr(pub Option<Box<ParseError>>);

impl<I> nom::error::ParseError<I> for PErr {
    #[inline]
    fn from_error_kind(_: I, _: nom::error::ErrorKind) -> Self {
        PErr(None)
    }
    #[inline]
    fn append(_: I, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result of every parser.
pub(crate) type PResult<'a, 'c, O> = IResult<Cursor<'a, 'c>, O, PErr>;

/// A failure carrying the diagnostic `err()` builds, off the hot path: the closure is
/// inlined here, in the cold instance for its call site, so that the parser that fails
/// keeps a small stack frame.
#[cold]
#[inline(never)]
pub(crate) fn fail<T>(err: impl FnOnce() -> ParseError) -> Result<T, nom::Err<PErr>> {
    Err(nom::Err::Failure(PErr(Some(Box::new(err())))))
}

/// A miss: the alternative does not apply here.
#[inline(always)]
pub(crate) fn miss<T>() -> Result<T, nom::Err<PErr>> {
    Err(nom::Err::Error(PErr(None)))
}

impl<'a, 'c> Cursor<'a, 'c> {
    /// The cursor at the first token of the context's text.
    pub fn start(ctx: &'c Ctx<'a>) -> Self {
        Cursor::with(ctx, lexer::lex(ctx.src, lexer::skip_ws(ctx.src, 0)))
    }

    /// The cursor holding `tok`.
    #[inline(always)]
    fn with(ctx: &'c Ctx<'a>, tok: Token) -> Self {
        let len = (tok.hi() - tok.lo()) as u64;
        // The token's meta bits are already in the cursor's layout.
        let meta = tok.meta() as u64;
        Cursor {
            ctx,
            packed: tok.lo() as u64 | len.min(LEN_SAT) << 32 | meta << META_SHIFT,
        }
    }

    /// The whole text.
    #[inline(always)]
    pub fn src(&self) -> &'a str {
        self.ctx.src
    }

    /// The cursor at the token that starts at or after byte `pos`.
    #[inline(always)]
    pub fn at(self, pos: usize) -> Self {
        Cursor::with(self.ctx, lexer::next_token(self.ctx.src, pos))
    }

    /// The cursor at the token that starts at byte `pos` or after the whitespace there,
    /// a comma standing right at `pos` (a list going on) being taken without the lexer.
    #[inline(always)]
    pub fn at_list_item_end(self, pos: usize) -> Self {
        if self.ctx.src.as_bytes().get(pos) == Some(&b',') {
            return Cursor::with(self.ctx, Token::plain(Tok::Comma, pos, 1));
        }
        self.at(pos)
    }

    /// The cursor past the current token.
    #[inline(always)]
    pub fn bump(self) -> Self {
        self.at(self.hi())
    }

    /// The first byte of the current token.
    #[inline(always)]
    pub fn lo(&self) -> usize {
        self.packed as u32 as usize
    }

    /// One past the last byte of the current token.
    #[inline(always)]
    pub fn hi(&self) -> usize {
        let len = (self.packed >> 32) & LEN_SAT;
        if len < LEN_SAT {
            self.lo() + len as usize
        } else {
            self.long_token_end()
        }
    }

    #[cold]
    #[inline(never)]
    fn long_token_end(&self) -> usize {
        lexer::lex(self.ctx.src, self.lo()).hi()
    }

    #[inline(always)]
    pub fn kind(&self) -> Tok {
        Tok::from_u8((self.packed >> META_SHIFT) as u8 & 0x1f)
    }

    /// The keyword the current token spells (`Kw::None` if it is no keyword or no word).
    #[inline(always)]
    pub fn kw(&self) -> Kw {
        Kw::from_u8((self.packed >> (META_SHIFT + 5)) as u8 & 0x1f)
    }

    /// For a string: whether it holds a doubled quote.
    #[inline(always)]
    pub fn escaped(&self) -> bool {
        (self.packed >> (META_SHIFT + 10)) & 1 != 0
    }

    /// The text of the current token.
    #[inline(always)]
    pub fn text(&self) -> &'a str {
        &self.ctx.src[self.lo()..self.hi()]
    }

    #[inline(always)]
    pub fn span(&self) -> Span {
        Span::new(self.lo(), self.hi())
    }

    /// The byte right after the current token (no whitespace skipped).
    #[inline(always)]
    pub fn next_byte(&self) -> Option<u8> {
        self.ctx.src.as_bytes().get(self.hi()).copied()
    }

    /// Whether the next non-whitespace byte after the current token is `b`.
    pub fn next_nonspace_is(&self, b: u8) -> bool {
        let at = lexer::skip_ws(self.ctx.src, self.hi());
        self.ctx.src.as_bytes().get(at) == Some(&b)
    }

    /// The token after the current one, without consuming anything.
    pub fn peek(&self) -> Token {
        lexer::lex(self.ctx.src, lexer::skip_ws(self.ctx.src, self.hi()))
    }

    #[inline(always)]
    pub fn vtiger(&self) -> bool {
        self.ctx.opts.dialect == Dialect::Vtiger
    }

    #[inline(always)]
    pub fn limits(&self) -> &'c crate::Limits {
        &self.ctx.opts.limits
    }

    /// Counts one value (at `span`) against [`crate::Limits::max_values`].
    #[inline(always)]
    pub fn count_value(&self, span: Span) -> Result<(), nom::Err<PErr>> {
        let n = self.ctx.values.get() + 1;
        self.ctx.values.set(n);
        if n > self.limits().max_values {
            return fail(|| diagnostics::too_many_values(self.limits().max_values, span));
        }
        Ok(())
    }
}

/// A production given as a function of the cursor, as a nom parser whose `process` is
/// inlined into the combinator that runs it.
///
/// nom's blanket `Parser` impl for functions re-wraps the function's result in the
/// combinator's own `Result` in a separate, out-of-line `process`: every production's
/// output (a whole where clause, a whole query) was copied once more at each layer.
/// Inlined, the output is written once, where the caller keeps it.
#[derive(Clone, Copy)]
pub(crate) struct Production<F>(pub F);

impl<'a: 'c, 'c, O, F> nom::Parser<Cursor<'a, 'c>> for Production<F>
where
    F: FnMut(Cursor<'a, 'c>) -> PResult<'a, 'c, O>,
{
    type Output = O;
    type Error = PErr;

    #[inline(always)]
    fn process<OM: nom::OutputMode>(
        &mut self,
        i: Cursor<'a, 'c>,
    ) -> nom::PResult<OM, Cursor<'a, 'c>, O, PErr> {
        use nom::Mode;
        match (self.0)(i) {
            Ok((i, o)) => Ok((i, OM::Output::bind(|| o))),
            Err(nom::Err::Error(e)) => Err(nom::Err::Error(OM::Error::bind(|| e))),
            Err(nom::Err::Failure(e)) => Err(nom::Err::Failure(e)),
            Err(nom::Err::Incomplete(n)) => Err(nom::Err::Incomplete(n)),
        }
    }
}

/// The token of `kind`, consumed: its span.
#[inline(always)]
pub(crate) fn token<'a: 'c, 'c>(
    kind: Tok,
) -> impl nom::Parser<Cursor<'a, 'c>, Output = Span, Error = PErr> + Copy {
    Production(
        #[inline(always)]
        move |i: Cursor<'a, 'c>| {
            if i.kind() == kind {
                Ok((i.bump(), i.span()))
            } else {
                miss()
            }
        },
    )
}

/// The keyword `kw` (any case), consumed: its span.
#[inline(always)]
pub(crate) fn keyword<'a: 'c, 'c>(
    kw: Kw,
) -> impl nom::Parser<Cursor<'a, 'c>, Output = Span, Error = PErr> + Copy {
    Production(
        #[inline(always)]
        move |i: Cursor<'a, 'c>| {
            if i.kw() == kw {
                Ok((i.bump(), i.span()))
            } else {
                miss()
            }
        },
    )
}

/// `parser`, where a miss is the failure "expected `expected`, found ..." at the token
/// where it missed: a commit point that names what the clause wanted.
#[inline(always)]
pub(crate) fn expect<'a: 'c, 'c, O>(
    mut parser: impl nom::Parser<Cursor<'a, 'c>, Output = O, Error = PErr>,
    expected: Expected,
) -> impl nom::Parser<Cursor<'a, 'c>, Output = O, Error = PErr> {
    Production(
        #[inline(always)]
        move |i| match parser.parse(i) {
            Err(nom::Err::Error(_)) => fail(|| diagnostics::unexpected(&i, expected)),
            other => other,
        },
    )
}

/// A name (column or module): a word that is not reserved, not followed by `.` (a
/// qualified name) or `(` (a function call). Anything else fails here with the reason:
/// a name always stands at a commit point.
#[inline(always)]
pub(crate) fn name<'a: 'c, 'c>(
    expected: Expected,
) -> impl nom::Parser<Cursor<'a, 'c>, Output = Ident<'a>, Error = PErr> + Copy {
    Production(
        #[inline(always)]
        move |i: Cursor<'a, 'c>| {
            if i.kind() != Tok::Word
                || i.kw().is_reserved()
                || matches!(i.next_byte(), Some(b'.' | b'('))
            {
                return fail(|| diagnostics::not_a_name(&i, expected));
            }
            let ident = Ident {
                name: std::borrow::Cow::Borrowed(i.text()),
                span: i.span().into(),
            };
            Ok((i.bump(), ident))
        },
    )
}

/// A fold over the repetitions of `item` from `i`, at most `max` of them, `f` adding
/// each item to the accumulator `acc` in place. The repetition ends at the first miss of
/// `item` (nothing consumed there); a failure of `item` is the fold's failure.
///
/// This is nom's `fold` (its `fold_many_m_n` with no minimum) written over
/// `Parser::process`: nom's own needs the cursor to implement `nom::Input`, whose `take`
/// (a cursor over the first `n` bytes only) a cursor cannot express, as it holds a
/// position in the whole text, not a slice of it. Each item runs in nom's `Check` mode
/// for errors, so a miss, which ends every repetition, builds no error value; and the
/// accumulator stays in place instead of travelling through each step.
#[inline(always)]
pub(crate) fn fold_at_most<'a: 'c, 'c, O, R>(
    mut i: Cursor<'a, 'c>,
    max: usize,
    mut item: impl nom::Parser<Cursor<'a, 'c>, Output = O, Error = PErr>,
    mut acc: R,
    mut f: impl FnMut(&mut R, O),
) -> PResult<'a, 'c, R> {
    use nom::{Check, Complete, Emit, OutputM};
    let mut n = 0;
    while n < max {
        match item.process::<OutputM<Emit, Check, Complete>>(i) {
            Ok((next, o)) => {
                f(&mut acc, o);
                i = next;
                n += 1;
            }
            Err(nom::Err::Error(())) => break,
            Err(nom::Err::Failure(e)) => return Err(nom::Err::Failure(e)),
            Err(nom::Err::Incomplete(n)) => return Err(nom::Err::Incomplete(n)),
        }
    }
    Ok((i, acc))
}

/// Lists longer than this many items grow by estimate instead of by doubling.
const SIZED_FROM: usize = 1024;

/// Pushes `item` onto `items`, a list whose items began at byte `first` and which now
/// reaches byte `pos` of a text of `len` bytes; `max` is the most items the limits allow.
///
/// Short lists grow as usual (doubling). Past [`SIZED_FROM`] items the list reserves what
/// the rest of the text can hold at the average item size seen so far, plus 1/32, and at
/// least 1/8 of its length (so growth stays geometric when the estimate falls short). A
/// long uniform list then moves once, to about its final size, instead of doubling, which
/// may leave half the capacity unused and holds both buffers while it copies. The room
/// never exceeds what the remaining bytes could fill, so memory stays linear in the input.
#[inline(always)]
pub(crate) fn push_grown<T>(
    items: &mut Vec<T>,
    item: T,
    first: usize,
    pos: usize,
    len: usize,
    max: usize,
) {
    if items.len() == items.capacity() {
        grow(items, first, pos, len, max);
    }
    items.push(item);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes `n` items of `size` bytes each through `push_grown`, as a list starting at
    /// byte 0 of a text of `len` bytes; returns the capacities seen after each growth.
    fn grow_list(n: usize, size: usize, len: usize, max: usize) -> (Vec<usize>, usize) {
        let mut items: Vec<u8> = Vec::new();
        let mut caps = Vec::new();
        for i in 0..n {
            let before = items.capacity();
            push_grown(&mut items, 0, 0, i * size, len, max);
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
        fn check<T: Default>() {
            let mut ours: Vec<T> = Vec::new();
            push_grown(&mut ours, T::default(), 0, 0, 100, usize::MAX);
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
        #[allow(dead_code)]
        struct Big([u8; 2000]);
        impl Default for Big {
            fn default() -> Self {
                Big([0; 2000])
            }
        }
        check::<Big>();
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
