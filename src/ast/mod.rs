//! The typed, zero-copy syntax tree of a VTQL query.
//!
//! Every node borrows from the query text (`Cow::Borrowed`), except string literals that
//! contained a doubled quote `''`, which own their unescaped text. [`Query::into_owned`]
//! turns a tree into a `Query<'static>` for storage. Every node carries its span in a
//! [`NodeSpan`], which equality ignores.
//!
//! `Display` prints the canonical one-line form; the alternate flag (`{:#}`) prints the
//! pretty multi-line form. Both always end with `;` and re-parse to an equal tree.
//!
//! ```
//! use vtql::Query;
//! let q = Query::parse("SELECT firstname,lastname FROM Contacts WHERE lastname='O''Brien'")?;
//! assert_eq!(q.module.name, "Contacts");
//! assert_eq!(
//!     q.to_string(),
//!     "select firstname, lastname from Contacts where lastname = 'O''Brien';"
//! );
//! # Ok::<(), vtql::ParseError>(())
//! ```

mod condition;
mod grouping;
mod literal;
mod node_span;
mod order;
mod select;
pub(crate) mod shift;
mod where_clause;
pub(crate) use condition::write_quoted_string;

use std::borrow::Cow;
use std::fmt;

pub use condition::{CompareOp, Condition, Operand, Value, ValueList};
pub use grouping::{Grouping, Precedence, Run, Runs};
pub use literal::{Literal, LiteralKind};
pub use node_span::NodeSpan;
pub use order::{Direction, Limit, LimitValue, OrderBy};
pub use select::SelectList;
pub use where_clause::{Link, LogicalOp, WhereClause};

/// A whole query: `select ... from Module [where ...] [order by ...] [limit ...];`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Query<'a> {
    /// What is selected: `*`, `count(*)` or a column list.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub select: SelectList<'a>,
    /// The module after `from`, case preserved.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub module: Ident<'a>,
    /// The `where` chain, if any.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub where_clause: Option<WhereClause<'a>>,
    /// The `order by` clause, if any.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub order_by: Option<OrderBy<'a>>,
    /// The `limit` clause, if any.
    pub limit: Option<Limit>,
    /// The span of the final `;`; empty (at the end of the query) when the `;` was
    /// omitted, which only the documented dialect accepts. See [`Query::has_semicolon`].
    pub terminator: NodeSpan,
    /// The whole query, from `select` to the `;` (or the last token).
    pub span: NodeSpan,
}

impl<'a> Query<'a> {
    /// Whether the source text ended the query with `;`.
    ///
    /// ```
    /// use vtql::Query;
    /// assert!(Query::parse("select * from Leads;")?.has_semicolon());
    /// assert!(!Query::parse("select * from Leads")?.has_semicolon());
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn has_semicolon(&self) -> bool {
        !self.terminator.is_empty()
    }

    /// Whether this is a `select count(*) ...` query.
    pub fn is_count(&self) -> bool {
        matches!(self.select, SelectList::Count { .. })
    }

    /// Every column the query names, in source order: select list (including the
    /// columns after `count(*)`), then the where chain, then order by.
    pub fn columns(&self) -> impl Iterator<Item = &Ident<'a>> {
        let select: &[Ident<'a>] = match &self.select {
            SelectList::All(_) => &[],
            SelectList::Count { extra, .. } => extra,
            SelectList::Columns(cols) => cols,
        };
        select
            .iter()
            .chain(
                self.where_clause
                    .iter()
                    .flat_map(|w| w.conditions().map(|c| &c.column)),
            )
            .chain(self.order_by.iter().flat_map(|o| o.columns.iter()))
    }

    /// Converts every borrowed part into an owned one, detaching the tree from the text.
    ///
    /// ```
    /// use vtql::Query;
    /// let owned: Query<'static> = {
    ///     let text = String::from("select * from Contacts where lastname = 'Smith';");
    ///     Query::parse(&text)?.into_owned()
    /// };
    /// assert_eq!(owned.module.name, "Contacts");
    /// # Ok::<(), vtql::ParseError>(())
    /// ```
    pub fn into_owned(self) -> Query<'static> {
        Query {
            select: self.select.into_owned(),
            module: self.module.into_owned(),
            where_clause: self.where_clause.map(WhereClause::into_owned),
            order_by: self.order_by.map(OrderBy::into_owned),
            limit: self.limit,
            terminator: self.terminator,
            span: self.span,
        }
    }
}

impl fmt::Display for Query<'_> {
    /// `{}` prints the canonical one-line form, `{:#}` the pretty multi-line form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        let sep = if pretty { "\n" } else { " " };
        if pretty {
            write!(f, "{:#}", self.select)?;
        } else {
            write!(f, "{}", self.select)?;
        }
        write!(f, "{sep}from {}", self.module)?;
        if let Some(w) = &self.where_clause {
            f.write_str(sep)?;
            if pretty {
                write!(f, "{w:#}")?;
            } else {
                write!(f, "{w}")?;
            }
        }
        if let Some(order) = &self.order_by {
            if pretty {
                write!(f, "{sep}{order:#}")?;
            } else {
                write!(f, "{sep}{order}")?;
            }
        }
        if let Some(limit) = &self.limit {
            write!(f, "{sep}{limit}")?;
        }
        f.write_str(";")
    }
}

/// A column or module name: `[A-Za-z0-9_]+`, case preserved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ident<'a> {
    /// The name as written.
    #[cfg_attr(feature = "serde", serde(borrow))]
    pub name: Cow<'a, str>,
    /// Where it was written.
    pub span: NodeSpan,
}

impl<'a> Ident<'a> {
    /// An identifier with an empty span, for building trees by hand.
    ///
    /// The name is not checked here; the printer writes it as given, so only use names
    /// made of ASCII letters, digits and `_` (the builder in [`crate::build`] checks).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Self {
        Ident {
            name: name.into(),
            span: NodeSpan::default(),
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Detaches the identifier from the text.
    pub fn into_owned(self) -> Ident<'static> {
        Ident {
            name: Cow::Owned(self.name.into_owned()),
            span: self.span,
        }
    }
}

impl fmt::Display for Ident<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Writes `items` separated by `, `, wrapping lines in the pretty form once a line
/// would grow past [`WRAP_WIDTH`] characters; continuation lines are indented by
/// `indent` spaces. Iterative: the number of items never deepens the stack.
pub(crate) fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    pretty: bool,
    indent: usize,
    first_line_used: usize,
) -> fmt::Result {
    use fmt::Write as _;
    let mut width = first_line_used;
    let mut scratch = String::new();
    for (i, item) in items.iter().enumerate() {
        if !pretty {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
            continue;
        }
        scratch.clear();
        let _ = write!(scratch, "{item}");
        let item_width = scratch.chars().count();
        if i > 0 {
            if width + 2 + item_width > WRAP_WIDTH {
                f.write_str(",\n")?;
                for _ in 0..indent {
                    f.write_char(' ')?;
                }
                width = indent;
            } else {
                f.write_str(", ")?;
                width += 2;
            }
        }
        f.write_str(&scratch)?;
        width += item_width;
    }
    Ok(())
}

/// Line width the pretty printer wraps long lists at.
pub(crate) const WRAP_WIDTH: usize = 80;
