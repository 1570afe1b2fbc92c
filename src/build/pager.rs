//! Paging past the server's row cap: a sequence of `limit offset, size` queries in a
//! stable order. The pager does no I/O: the caller runs each query.

use crate::ast::NodeSpan;
use std::fmt;

use super::error::BuildError;
use crate::ast::{Ident, Limit, LimitValue, OrderBy, Query, SelectList};

/// When paging stops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopRule {
    /// After the first page with fewer rows than asked for (the default).
    #[default]
    ShortPage,
    /// After the first empty page. Use it with vtiger 8, which checks permissions per
    /// record *after* the limit, so a page can come back short in the middle of the
    /// results; costs one extra query at the end.
    EmptyPage,
}

/// Something the caller should know about the paging.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PagerWarning {
    /// The query orders by columns that do not include `id`: rows with equal sort keys
    /// may come back in a different order on each page, so a record can be skipped or
    /// repeated. Add `id` as the last order-by column.
    NonUniqueOrder {
        /// The order-by columns.
        columns: Vec<String>,
    },
}

impl PagerWarning {
    /// A stable code for the warning.
    pub fn code(&self) -> &'static str {
        match self {
            PagerWarning::NonUniqueOrder { .. } => "P0001",
        }
    }
}

impl fmt::Display for PagerWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagerWarning::NonUniqueOrder { columns } => write!(
                f,
                "ordering by `{}` may not be unique: records with equal values can be skipped or \
                 repeated between pages; add `id` as the last order-by column",
                columns.join(", ")
            ),
        }
    }
}

/// Pages through the results of a query, `size` rows at a time (at most the row cap,
/// 100 by default), in a stable order.
///
/// - A query without `order by` gets `order by id` (unique, so pages never overlap).
///   A query that orders by other columns keeps its order, with a
///   [`PagerWarning::NonUniqueOrder`].
/// - A query with `limit [m,] n` pages through those `n` rows from offset `m`.
/// - Paging stops after a short page (or an empty one, see [`StopRule`]).
///
/// The pager builds nothing and checks no value: it pages the query it is given, adding
/// only `order by id` and `limit m, n`, which are written the same in both dialects. So
/// a query from [`QueryBuilder::build`](super::QueryBuilder::build) gives page queries
/// safe for a real vtiger server, and one from
/// [`build_for`](super::QueryBuilder::build_for)`(Dialect::Documented)` page queries for
/// servers that bind values as parameters.
///
/// Sync use, with any client: [`Pager::run`] takes a closure that runs one query.
///
/// ```
/// use vtql::{build::Pager, Query};
///
/// // A fake server with 250 records that applies `limit offset, n` like vtiger.
/// let records: Vec<u32> = (1..=250).collect();
/// let server = |q: &Query<'static>| -> Result<Vec<u32>, std::convert::Infallible> {
///     let limit = q.limit.unwrap();
///     let (from, n) = (limit.offset_or_zero() as usize, limit.count.value.min(100) as usize);
///     Ok(records.iter().copied().skip(from).take(n).collect())
/// };
///
/// let pager = Pager::new(Query::select_all().from("Contacts").build()?)?;
/// assert_eq!(pager.peek_query().to_string(), "select * from Contacts order by id limit 0, 100;");
/// let all: Result<Vec<u32>, _> = pager.run(server).collect();
/// assert_eq!(all.unwrap(), records);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Async use, without tying vtql to a runtime: drive the state machine yourself with
/// [`Pager::next_query`] and [`Pager::feed`].
///
/// ```
/// # async fn send(q: String) -> Result<Vec<String>, std::io::Error> { Ok(Vec::new()) }
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use vtql::{build::Pager, Query};
/// let mut pager = Pager::new(Query::select(["id", "lastname"]).from("Leads").build()?)?;
/// let mut rows = Vec::new();
/// while let Some(q) = pager.next_query() {
///     let page = send(q.to_string()).await?;   // your HTTP client here
///     pager.feed(page.len());
///     rows.extend(page);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Pager {
    base: Query<'static>,
    page_size: u64,
    cap: u64,
    offset: u64,
    /// Rows still wanted when the query had a limit.
    remaining: Option<u64>,
    stop: StopRule,
    /// The size of the page asked for and not yet fed.
    pending: Option<u64>,
    done: bool,
    warnings: Vec<PagerWarning>,
}

/// The row cap of real servers.
const DEFAULT_CAP: u64 = 100;

impl Pager {
    /// A pager over `query`, pages of 100 rows.
    ///
    /// Refuses a `count(*)` query ([`BuildError::PagingCount`]).
    pub fn new(query: Query<'static>) -> Result<Pager, BuildError> {
        let mut base = query;
        if matches!(base.select, SelectList::Count { .. }) {
            return Err(BuildError::PagingCount);
        }
        let mut warnings = Vec::new();
        match &base.order_by {
            None => {
                base.order_by = Some(OrderBy {
                    columns: vec![Ident::new("id")],
                    direction: None,
                    direction_span: NodeSpan::default(),
                    span: NodeSpan::default(),
                })
            }
            Some(o) => {
                if !o.columns.iter().any(|c| c.name == "id") {
                    warnings.push(PagerWarning::NonUniqueOrder {
                        columns: o.columns.iter().map(|c| c.name.to_string()).collect(),
                    });
                }
            }
        }
        let (offset, remaining) = match base.limit.take() {
            Some(l) => (l.offset_or_zero(), Some(l.count.value)),
            None => (0, None),
        };
        Ok(Pager {
            base,
            page_size: DEFAULT_CAP,
            cap: DEFAULT_CAP,
            offset,
            remaining,
            stop: StopRule::default(),
            pending: None,
            done: remaining == Some(0),
            warnings,
        })
    }

    /// Sets the page size: between 1 and the row cap.
    pub fn page_size(mut self, size: u64) -> Result<Pager, BuildError> {
        if size == 0 || size > self.cap {
            return Err(BuildError::InvalidPageSize {
                size,
                cap: self.cap,
            });
        }
        self.page_size = size;
        Ok(self)
    }

    /// Sets the server's row cap (default 100) and makes it the page size.
    pub fn cap(mut self, cap: u64) -> Result<Pager, BuildError> {
        if cap == 0 {
            return Err(BuildError::InvalidPageSize { size: 0, cap });
        }
        self.cap = cap;
        self.page_size = cap;
        Ok(self)
    }

    /// Sets when paging stops.
    pub fn stop_rule(mut self, stop: StopRule) -> Pager {
        self.stop = stop;
        self
    }

    /// What the caller should know (a non-unique order...).
    pub fn warnings(&self) -> &[PagerWarning] {
        &self.warnings
    }

    /// Whether paging is over.
    pub fn is_done(&self) -> bool {
        self.done
    }

    fn next_size(&self) -> u64 {
        match self.remaining {
            Some(r) => r.min(self.page_size),
            None => self.page_size,
        }
    }

    fn query_at(&self, offset: u64, size: u64) -> Query<'static> {
        let mut q = self.base.clone();
        q.limit = Some(Limit {
            offset: Some(LimitValue::new(offset)),
            count: LimitValue::new(size),
            span: NodeSpan::default(),
        });
        q
    }

    /// The query the next call to [`Pager::next_query`] returns (without changing state;
    /// meaningless once done).
    pub fn peek_query(&self) -> Query<'static> {
        self.query_at(self.offset, self.next_size())
    }

    /// The next page's query, or `None` when paging is over. Report the page's row count
    /// with [`Pager::feed`] before asking again; asking again without feeding returns the
    /// same page (a retry).
    pub fn next_query(&mut self) -> Option<Query<'static>> {
        if self.done {
            return None;
        }
        let size = self.next_size();
        self.pending = Some(size);
        Some(self.query_at(self.offset, size))
    }

    /// Reports how many rows the last query returned; decides whether to go on.
    /// Without a pending query this does nothing.
    pub fn feed(&mut self, rows: usize) {
        let Some(size) = self.pending.take() else {
            return;
        };
        let rows = rows as u64;
        self.offset = self.offset.saturating_add(size);
        if let Some(r) = &mut self.remaining {
            *r -= size;
            if *r == 0 {
                self.done = true;
            }
        }
        let stop = match self.stop {
            StopRule::ShortPage => rows < size,
            StopRule::EmptyPage => rows == 0,
        };
        if stop {
            self.done = true;
        }
    }

    /// Every row, page by page, running each page's query with `run`. Stops at the first
    /// error (yielded once).
    pub fn run<R, E, F>(self, run: F) -> Rows<R, F>
    where
        F: FnMut(&Query<'static>) -> Result<Vec<R>, E>,
    {
        Rows {
            pages: self.pages(run),
            current: Vec::new().into_iter(),
        }
    }

    /// Every page, running each page's query with `run`. Stops at the first error
    /// (yielded once).
    pub fn pages<R, E, F>(self, run: F) -> Pages<F>
    where
        F: FnMut(&Query<'static>) -> Result<Vec<R>, E>,
    {
        Pages { pager: self, run }
    }
}

/// The iterator of [`Pager::pages`].
#[derive(Debug)]
pub struct Pages<F> {
    pager: Pager,
    run: F,
}

impl<F> Pages<F> {
    /// The pager's warnings.
    pub fn warnings(&self) -> &[PagerWarning] {
        self.pager.warnings()
    }
}

impl<R, E, F> Iterator for Pages<F>
where
    F: FnMut(&Query<'static>) -> Result<Vec<R>, E>,
{
    type Item = Result<Vec<R>, E>;

    fn next(&mut self) -> Option<Self::Item> {
        let q = self.pager.next_query()?;
        match (self.run)(&q) {
            Ok(rows) => {
                self.pager.feed(rows.len());
                if rows.is_empty() {
                    // An empty last page carries nothing.
                    return None;
                }
                Some(Ok(rows))
            }
            Err(e) => {
                self.pager.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The iterator of [`Pager::run`].
#[derive(Debug)]
pub struct Rows<R, F> {
    pages: Pages<F>,
    current: std::vec::IntoIter<R>,
}

impl<R, F> Rows<R, F> {
    /// The pager's warnings.
    pub fn warnings(&self) -> &[PagerWarning] {
        self.pages.warnings()
    }
}

impl<R, E, F> Iterator for Rows<R, F>
where
    F: FnMut(&Query<'static>) -> Result<Vec<R>, E>,
{
    type Item = Result<R, E>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.current.next() {
                return Some(Ok(r));
            }
            match self.pages.next()? {
                Ok(page) => self.current = page.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::col;
    use crate::{Dialect, ParseOptions};

    /// A fake server: records by id, applies where-less `order by`, `limit m, n`, caps at
    /// 100, counts the queries.
    struct Fake {
        records: Vec<u64>,
        queries: Vec<String>,
        /// The dialect the page queries must parse in.
        dialect: Dialect,
    }

    impl Fake {
        fn run(&mut self, q: &Query<'static>) -> Result<Vec<u64>, String> {
            self.queries.push(q.to_string());
            let text = q.to_string();
            let parsed = Query::parse_with(&text, &ParseOptions::new().dialect(self.dialect))
                .map_err(|e| e.to_string())?;
            assert_eq!(&parsed, q, "page queries re-parse");
            let limit = q.limit.ok_or("no limit")?;
            let n = limit.count.value.min(100) as usize;
            Ok(self
                .records
                .iter()
                .copied()
                .skip(limit.offset_or_zero() as usize)
                .take(n)
                .collect())
        }
    }

    fn base() -> Query<'static> {
        Query::select(["id", "lastname"])
            .from("Contacts")
            .filter(col("lastname").like("%"))
            .build()
            .unwrap()
    }

    #[test]
    fn pages_over_1234_records_each_once_in_order() {
        let mut fake = Fake {
            records: (1..=1234).collect(),
            queries: Vec::new(),
            dialect: Dialect::Vtiger,
        };
        let pager = Pager::new(base()).unwrap();
        assert!(pager.warnings().is_empty());
        let rows: Vec<u64> = pager.run(|q| fake.run(q)).map(Result::unwrap).collect();
        assert_eq!(rows, (1..=1234).collect::<Vec<_>>());
        assert_eq!(fake.queries.len(), 13);
        assert_eq!(
            fake.queries[0],
            "select id, lastname from Contacts where lastname like '%' order by id limit 0, 100;"
        );
        assert_eq!(
            fake.queries[12],
            "select id, lastname from Contacts where lastname like '%' order by id limit 1200, 100;"
        );
    }

    #[test]
    fn pages_keep_the_dialect_the_query_was_built_for() {
        let b = Query::select_all()
            .from("Documents")
            .filter(col("filename").like("C:\\%"));
        assert_eq!(b.clone().build().unwrap_err().code(), "B0019");
        let q = b.build_for(Dialect::Documented).unwrap();
        let mut fake = Fake {
            records: (1..=150).collect(),
            queries: Vec::new(),
            dialect: Dialect::Documented,
        };
        let rows: Vec<u64> = Pager::new(q)
            .unwrap()
            .run(|q| fake.run(q))
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 150);
        assert_eq!(
            fake.queries,
            [
                "select * from Documents where filename like 'C:\\%' order by id limit 0, 100;",
                "select * from Documents where filename like 'C:\\%' order by id limit 100, 100;",
            ]
        );
    }

    #[test]
    fn exact_multiple_needs_one_more_query_and_empty_page_rule() {
        for (stop, want_queries) in [(StopRule::ShortPage, 3), (StopRule::EmptyPage, 3)] {
            let mut fake = Fake {
                records: (1..=200).collect(),
                queries: Vec::new(),
                dialect: Dialect::Vtiger,
            };
            let pager = Pager::new(base()).unwrap().stop_rule(stop);
            let rows: Vec<u64> = pager.run(|q| fake.run(q)).map(Result::unwrap).collect();
            assert_eq!(rows.len(), 200);
            assert_eq!(fake.queries.len(), want_queries, "{stop:?}");
        }
        // With EmptyPage, a short page in the middle does not stop paging.
        let mut pager = Pager::new(base()).unwrap().stop_rule(StopRule::EmptyPage);
        pager.next_query().unwrap();
        pager.feed(97);
        assert_eq!(
            pager.next_query().unwrap().limit.unwrap().offset_or_zero(),
            100
        );
        pager.feed(0);
        assert!(pager.next_query().is_none());
    }

    #[test]
    fn limit_bounds_the_range_and_page_size() {
        let q = Query::select_all()
            .from("Leads")
            .order_by("id")
            .limit(250)
            .offset(10)
            .build()
            .unwrap();
        let mut pager = Pager::new(q).unwrap().page_size(60).unwrap();
        let mut seen = Vec::new();
        while let Some(q) = pager.next_query() {
            let l = q.limit.unwrap();
            seen.push((l.offset_or_zero(), l.count.value));
            pager.feed(l.count.value as usize);
        }
        assert_eq!(seen, [(10, 60), (70, 60), (130, 60), (190, 60), (250, 10)]);
        assert!(Pager::new(base()).unwrap().page_size(101).is_err());
        assert!(Pager::new(base()).unwrap().page_size(0).is_err());
        assert!(Pager::new(base())
            .unwrap()
            .cap(200)
            .unwrap()
            .page_size(200)
            .is_ok());
    }

    #[test]
    fn order_warnings_and_count_refused() {
        let q = Query::select_all()
            .from("Leads")
            .order_by("lastname")
            .build()
            .unwrap();
        let pager = Pager::new(q).unwrap();
        assert_eq!(pager.warnings().len(), 1);
        assert_eq!(pager.warnings()[0].code(), "P0001");
        assert!(pager.warnings()[0].to_string().contains("`lastname`"));
        assert_eq!(
            pager.peek_query().to_string(),
            "select * from Leads order by lastname limit 0, 100;"
        );
        let q = Query::select_all()
            .from("Leads")
            .order_by("lastname")
            .order_by("id")
            .build()
            .unwrap();
        assert!(Pager::new(q).unwrap().warnings().is_empty());
        let q = Query::count().from("Leads").build().unwrap();
        assert_eq!(Pager::new(q).unwrap_err(), BuildError::PagingCount);
    }

    #[test]
    fn errors_stop_the_iteration_and_retry_repeats() {
        let mut calls = 0;
        let mut it = Pager::new(base())
            .unwrap()
            .run(|_q| -> Result<Vec<u8>, &str> {
                calls += 1;
                if calls == 1 {
                    Ok(vec![0; 100])
                } else {
                    Err("network")
                }
            });
        assert_eq!(it.by_ref().filter(Result::is_ok).count(), 100);
        assert!(it.next().is_none());
        let mut pager = Pager::new(base()).unwrap();
        let a = pager.next_query().unwrap();
        let b = pager.next_query().unwrap();
        assert_eq!(a.to_string(), b.to_string());
        pager.feed(5);
        assert!(pager.is_done());
        pager.feed(5); // nothing pending: ignored
        assert!(pager.next_query().is_none());
    }
}
