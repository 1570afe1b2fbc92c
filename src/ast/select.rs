//! The select list: `*`, `count(*)` or a list of columns.

use std::fmt;

use super::NodeSpan;
use super::{write_list, Ident};
use crate::Span;

/// What a query selects.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SelectList<'a> {
    /// `*`: every field the user may see.
    All(NodeSpan),
    /// `count(*)`: one row with the number of matching records.
    Count {
        /// The span of `count(*)`.
        span: NodeSpan,
        /// Columns written after `count(*)` (`count(*), firstname`). Only the `vtiger`
        /// dialect accepts them; the real server ignores them and returns only the count.
        #[cfg_attr(feature = "serde", serde(borrow))]
        extra: Vec<Ident<'a>>,
    },
    /// `col, col, ...`: the named fields, in order, duplicates kept.
    #[cfg_attr(feature = "serde", serde(borrow))]
    Columns(Vec<Ident<'a>>),
}

impl<'a> SelectList<'a> {
    /// The span of the whole select list.
    pub fn span(&self) -> Span {
        match self {
            SelectList::All(span) => span.get(),
            SelectList::Count { span, extra } => match extra.last() {
                Some(last) => span.to(*last.span),
                None => span.get(),
            },
            SelectList::Columns(cols) => match (cols.first(), cols.last()) {
                (Some(a), Some(b)) => a.span.to(*b.span),
                _ => Span::default(),
            },
        }
    }

    /// Detaches the select list from the text.
    pub fn into_owned(self) -> SelectList<'static> {
        match self {
            SelectList::All(span) => SelectList::All(span),
            SelectList::Count { span, extra } => SelectList::Count {
                span,
                extra: extra.into_iter().map(Ident::into_owned).collect(),
            },
            SelectList::Columns(cols) => {
                SelectList::Columns(cols.into_iter().map(Ident::into_owned).collect())
            }
        }
    }
}

impl fmt::Display for SelectList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        f.write_str("select ")?;
        match self {
            SelectList::All(_) => f.write_str("*"),
            SelectList::Count { extra, .. } => {
                f.write_str("count(*)")?;
                if !extra.is_empty() {
                    f.write_str(", ")?;
                    write_list(f, extra, pretty, 7, 17)?;
                }
                Ok(())
            }
            SelectList::Columns(cols) => write_list(f, cols, pretty, 7, 7),
        }
    }
}
