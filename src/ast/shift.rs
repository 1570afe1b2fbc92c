//! Moving the spans of a parsed query from query-relative to file-relative positions:
//! [`crate::parse::parse_many`] parses each query of a file on its own slice, so its spans start
//! at 0; adding the slice's offset makes every position point into the file.

use super::{Condition, Ident, Operand, Query, SelectList};
use crate::Span;

/// Adds `offset` to every span in `query`.
pub(crate) fn shift_query(query: &mut Query<'_>, offset: usize) {
    if offset == 0 {
        return;
    }
    let mv = |s: &mut Span| *s = s.shifted(offset);
    let idents = |ids: &mut [Ident<'_>]| ids.iter_mut().for_each(|i| mv(&mut i.span));
    match &mut query.select {
        SelectList::All(span) => mv(span),
        SelectList::Count { span, extra } => {
            mv(span);
            idents(extra);
        }
        SelectList::Columns(cols) => idents(cols),
    }
    mv(&mut query.module.span);
    if let Some(filter) = &mut query.where_clause {
        mv(&mut filter.span);
        shift_condition(&mut filter.first, offset);
        for link in &mut filter.rest {
            mv(&mut link.op_span);
            shift_condition(&mut link.condition, offset);
        }
    }
    if let Some(order) = &mut query.order_by {
        mv(&mut order.span);
        mv(&mut order.direction_span);
        idents(&mut order.columns);
    }
    if let Some(limit) = &mut query.limit {
        mv(&mut limit.span);
        if let Some(o) = &mut limit.offset {
            mv(&mut o.span);
        }
        mv(&mut limit.count.span);
    }
    mv(&mut query.terminator);
    mv(&mut query.span);
}

fn shift_condition(c: &mut Condition<'_>, offset: usize) {
    let mv = |s: &mut Span| *s = s.shifted(offset);
    mv(&mut c.column.span);
    mv(&mut c.op_span);
    match &mut c.operand {
        Operand::Value(v) => mv(&mut v.span),
        Operand::List(list) => {
            mv(&mut list.span);
            list.values.iter_mut().for_each(|v| mv(&mut v.span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::NodeSpan;

    /// Every span of the shifted tree covers the same text in the file as the original
    /// span did in the query.
    #[test]
    fn shifted_spans_cover_the_same_text() {
        let query = "select count(*), a from Leads where b = 'x' or c in (1, 2) \
                     order by a, b desc limit 5, 10;";
        let file = format!("select * from A;\n  {query}");
        let offset = file.len() - query.len();
        let original = Query::parse_with(
            query,
            &crate::ParseOptions::default().dialect(crate::Dialect::Vtiger),
        )
        .unwrap();
        let mut shifted = original.clone();
        shift_query(&mut shifted, offset);
        let pairs = spans(&original).into_iter().zip(spans(&shifted));
        let mut n = 0;
        for (a, b) in pairs {
            assert_eq!(&query[a.range()], &file[b.range()]);
            n += 1;
        }
        assert_eq!(n, 24);
    }

    fn spans(q: &Query<'_>) -> Vec<NodeSpan> {
        let mut out = Vec::new();
        if let SelectList::Count { span, extra } = &q.select {
            out.push(*span);
            out.extend(extra.iter().map(|i| i.span));
        }
        out.push(q.module.span);
        let f = q.where_clause.as_ref().unwrap();
        out.push(f.span);
        for c in f.conditions() {
            out.extend([
                c.column.span,
                c.op_span,
                c.span().into(),
                c.operand.span().into(),
            ]);
            if let Operand::List(l) = &c.operand {
                out.extend(l.values.iter().map(|v| v.span));
            }
        }
        out.extend(f.rest.iter().map(|l| l.op_span));
        let o = q.order_by.as_ref().unwrap();
        out.extend([o.span, o.direction_span]);
        out.extend(o.columns.iter().map(|c| c.span));
        let l = q.limit.unwrap();
        out.extend([
            l.span,
            l.offset.unwrap().span,
            l.count.span,
            q.terminator,
            q.span,
        ]);
        out
    }
}
