//! `run`'s databases come from the executor (`vtql_exec`): the embedded demo CRM and
//! `--db` URLs. This module turns the executor's rows (the database's text, with each
//! column's kind) into the command's result cells.

use vtql_exec::{Kind, TypedRows};

use crate::table::{Cell, ResultSet};

/// Pool settings for one `run`: the queries run one after the other, so one connection.
pub fn options() -> vtql_exec::Options {
    vtql_exec::Options::default().pool_size(1)
}

/// The rows as cells: integer columns as integers, DECIMAL/DOUBLE/REAL columns as
/// numbers (so that `1500.00000000` from a DECIMAL(25,8) and `1500.0` from SQLite's
/// REAL print and compare the same), everything else as the database's text.
pub fn result_set(typed: TypedRows) -> ResultSet {
    let kinds = typed.kinds;
    let rows = typed
        .rows
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .enumerate()
                .map(|(i, cell)| match cell {
                    None => Cell::Null,
                    Some(text) => cell_of(text, kinds.get(i).copied().unwrap_or(Kind::Text)),
                })
                .collect()
        })
        .collect();
    ResultSet {
        columns: typed.rows.columns,
        rows,
    }
}

/// Marks the `columns` that now hold text (ids written `12x954`) as text.
pub fn mark_text(typed: &mut TypedRows, columns: &[bool]) {
    for (kind, &text) in typed.kinds.iter_mut().zip(columns) {
        if text {
            *kind = Kind::Text;
        }
    }
}

fn cell_of(text: String, kind: Kind) -> Cell {
    match kind {
        Kind::Integer => text.parse().map_or(Cell::Text(text), Cell::Int),
        Kind::Number => match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Cell::Float(f),
            _ => Cell::Text(text),
        },
        _ => Cell::Text(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vtql_service::Rows;

    #[test]
    fn cells_follow_the_column_kind() {
        let typed = TypedRows {
            rows: Rows {
                columns: vec!["n".into(), "d".into(), "t".into(), "x".into()],
                rows: vec![vec![
                    Some("7".into()),
                    Some("1500.00000000".into()),
                    Some("007".into()),
                    None,
                ]],
            },
            kinds: vec![Kind::Integer, Kind::Number, Kind::Text, Kind::Integer],
        };
        let rs = result_set(typed);
        assert_eq!(
            rs.rows[0],
            vec![
                Cell::Int(7),
                Cell::Float(1500.0),
                Cell::Text("007".into()),
                Cell::Null
            ]
        );
    }
}
