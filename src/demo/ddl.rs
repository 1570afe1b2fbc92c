//! DDL and inserts of the demo database for each engine, as SQL text plus parameters.

use std::borrow::Cow;

use super::{mapping, Dataset, DemoRecord};
use crate::eval::FieldValue;
use crate::sql::writer::{MySqlWriter, PostgresWriter, SqlWriter, SqliteWriter};
use crate::sql::{Mapping, SqlQuery, SqlValue, Storage, Target};

/// A table of the demo database and its columns.
struct Table {
    name: String,
    id: String,
    columns: Vec<(String, Storage)>,
}

/// Every table the mapping uses, in first-use order (modules by name).
fn tables(mapping: &Mapping) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    fn table<'t>(tables: &'t mut Vec<Table>, name: &str, id: &str) -> &'t mut Table {
        let i = match tables.iter().position(|t| t.name == name) {
            Some(i) => i,
            None => {
                tables.push(Table {
                    name: name.to_owned(),
                    id: id.to_owned(),
                    columns: Vec::new(),
                });
                tables.len() - 1
            }
        };
        &mut tables[i]
    }
    fn column(t: &mut Table, name: &str, storage: Storage) {
        if t.id != name && !t.columns.iter().any(|(c, _)| c == name) {
            t.columns.push((name.to_owned(), storage));
        }
    }
    for mm in mapping.modules.values() {
        table(&mut tables, &mm.table, &mm.id_column);
        for j in &mm.joins {
            table(&mut tables, &j.table, &j.id_column);
        }
        for fm in mm.fields.values() {
            let name = fm.table.as_deref().unwrap_or(&mm.table);
            let id = mm.id_column_of(name).unwrap_or("id");
            let t = table(&mut tables, name, id);
            column(t, &fm.column, fm.storage.unwrap_or(Storage::Text));
        }
        for f in &mm.filters {
            let name = f.table.as_deref().unwrap_or(&mm.table);
            let id = mm.id_column_of(name).unwrap_or("id");
            column(table(&mut tables, name, id), &f.column, Storage::Integer);
        }
    }
    tables
}

/// The column type of a field's storage, as a real vtiger schema declares it: amounts
/// `DECIMAL(25,8)` (`NUMERIC(25,8)` on PostgreSQL), checkboxes `TINYINT(1)` (`SMALLINT`),
/// dates `DATE`, date-times `DATETIME` (`TIMESTAMP(0)`); ids and integers `BIGINT`, so
/// that any 64-bit value a query compares them with binds. SQLite keeps its affinities
/// (`REAL` for amounts: the value stays a number, as vtql's evaluator has it).
fn column_type(target: Target, storage: Storage) -> &'static str {
    use Storage::*;
    match (target, storage) {
        (Target::Sqlite, Text | Date | DateTime | Time) => "TEXT",
        (Target::Sqlite, Float) => "REAL",
        (Target::Sqlite, _) => "INTEGER",
        (_, Text | Time) => "TEXT",
        (_, Integer | RecordId | Owner) => "BIGINT",
        (Target::Postgres, Boolean) => "SMALLINT",
        (_, Boolean) => "TINYINT(1)",
        (Target::Postgres, Float) => "NUMERIC(25,8)",
        (_, Float) => "DECIMAL(25,8)",
        (_, Date) => "DATE",
        (Target::Postgres, DateTime) => "TIMESTAMP(0)",
        (_, DateTime) => "DATETIME",
    }
}

fn statement<'q, W: SqlWriter<'q>>(build: impl FnOnce(&mut W)) -> SqlQuery<'q> {
    let mut w = W::with_capacity(256, 0);
    build(&mut w);
    w.finish()
}

fn for_target<'q>(
    target: Target,
    mysql: impl FnOnce() -> SqlQuery<'q>,
    postgres: impl FnOnce() -> SqlQuery<'q>,
    sqlite: impl FnOnce() -> SqlQuery<'q>,
) -> SqlQuery<'q> {
    match target {
        Target::MySql => mysql(),
        Target::Postgres => postgres(),
        Target::Sqlite => sqlite(),
    }
}

fn drop_table<'q, W: SqlWriter<'q>>(t: &Table) -> SqlQuery<'q> {
    statement::<W>(|w| {
        w.push_sql("DROP TABLE IF EXISTS ");
        w.push_identifier(&t.name);
    })
}

fn create_table<'q, W: SqlWriter<'q>>(t: &Table) -> SqlQuery<'q> {
    statement::<W>(|w| {
        w.push_sql("CREATE TABLE ");
        w.push_identifier(&t.name);
        w.push_sql(" (");
        w.push_identifier(&t.id);
        // On SQLite only `INTEGER PRIMARY KEY` is the table's rowid: joins on the record
        // id are then one b-tree lookup instead of an index lookup and a row lookup.
        w.push_sql(if W::TARGET == Target::Sqlite {
            " INTEGER NOT NULL PRIMARY KEY"
        } else {
            " BIGINT NOT NULL PRIMARY KEY"
        });
        for (c, storage) in &t.columns {
            w.push_sql(", ");
            w.push_identifier(c);
            w.push_sql(" ");
            w.push_sql(column_type(W::TARGET, *storage));
        }
        w.push_sql(")");
        if W::TARGET == Target::MySql {
            // A binary, no-pad collation: the same text order and equality as the other
            // engines (the SQL lowers both sides for case-insensitive comparisons).
            w.push_sql(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin");
        }
    })
}

/// `DROP TABLE IF EXISTS` for every demo table.
pub fn drop_tables(target: Target) -> Vec<SqlQuery<'static>> {
    tables(&mapping())
        .iter()
        .map(|t| {
            for_target(
                target,
                || drop_table::<MySqlWriter>(t),
                || drop_table::<PostgresWriter>(t),
                || drop_table::<SqliteWriter>(t),
            )
        })
        .collect()
}

/// `CREATE TABLE` for every demo table. Text columns take the database's default
/// collation on PostgreSQL (create the database with a `C.UTF-8` locale for code-point
/// order and Unicode `lower()`); MariaDB tables use `utf8mb4_nopad_bin`.
pub fn create_tables(target: Target) -> Vec<SqlQuery<'static>> {
    tables(&mapping())
        .iter()
        .map(|t| {
            for_target(
                target,
                || create_table::<MySqlWriter>(t),
                || create_table::<PostgresWriter>(t),
                || create_table::<SqliteWriter>(t),
            )
        })
        .collect()
}

/// A record value as stored.
fn stored(value: Option<&FieldValue>, storage: Storage) -> SqlValue<'static> {
    use crate::value::number::{read_stored_float, read_stored_integer};
    let Some(value) = value else {
        return SqlValue::Null;
    };
    let owned = |s: &str| Cow::Owned(s.to_owned());
    match (storage, value) {
        (_, FieldValue::Null) => SqlValue::Null,
        (Storage::Text, FieldValue::Text(s)) => SqlValue::Text(owned(s)),
        (Storage::Text, FieldValue::Int(i)) => SqlValue::Text(Cow::Owned(i.to_string())),
        (Storage::Text, FieldValue::Float(f)) => SqlValue::Text(Cow::Owned(f.to_string())),
        (Storage::Text, FieldValue::Bool(b)) => SqlValue::Text(owned(if *b { "1" } else { "0" })),
        (Storage::Integer, FieldValue::Int(i)) => SqlValue::Int(*i),
        (Storage::Integer, FieldValue::Text(s)) => {
            read_stored_integer(s).map_or(SqlValue::Null, SqlValue::Int)
        }
        (Storage::Float, FieldValue::Float(f)) => SqlValue::Float(*f),
        (Storage::Float, FieldValue::Int(i)) => SqlValue::Float(*i as f64),
        (Storage::Float, FieldValue::Text(s)) => {
            read_stored_float(s).map_or(SqlValue::Null, SqlValue::Float)
        }
        (Storage::Boolean, FieldValue::Bool(b)) => SqlValue::Int(i64::from(*b)),
        (Storage::Boolean, FieldValue::Int(i)) => SqlValue::Int(i64::from(*i != 0)),
        (Storage::RecordId | Storage::Owner, FieldValue::Int(i)) => SqlValue::Int(*i),
        (Storage::RecordId | Storage::Owner, FieldValue::Text(s)) => s
            .parse::<crate::RecordId>()
            .ok()
            .and_then(|id| i64::try_from(id.number).ok())
            .map_or(SqlValue::Null, SqlValue::Int),
        (Storage::Date, FieldValue::Text(s)) => SqlValue::Date(owned(s)),
        (Storage::DateTime, FieldValue::Text(s)) => SqlValue::DateTime(owned(s)),
        (Storage::Time, FieldValue::Text(s)) => SqlValue::Time(owned(s)),
        _ => SqlValue::Null,
    }
}

/// Where a table column's value comes from, for one module.
enum Source<'m> {
    Id,
    Field(&'m str, Storage),
    Deleted,
    Converted,
    Null,
}

fn insert_rows<'q, W: SqlWriter<'q>>(t: &Table, rows: &[Vec<SqlValue<'q>>]) -> SqlQuery<'q> {
    let mut w = W::with_capacity(
        64 + rows.len() * (t.columns.len() + 1) * 4,
        rows.len() * (t.columns.len() + 1),
    );
    w.push_sql("INSERT INTO ");
    w.push_identifier(&t.name);
    w.push_sql(" (");
    w.push_identifier(&t.id);
    for (c, _) in &t.columns {
        w.push_sql(", ");
        w.push_identifier(c);
    }
    w.push_sql(") VALUES ");
    for (i, row) in rows.iter().enumerate() {
        w.push_sql(if i == 0 { "(" } else { ", (" });
        for (j, v) in row.iter().enumerate() {
            if j > 0 {
                w.push_sql(", ");
            }
            w.push_bind(v.clone());
        }
        w.push_sql(")");
    }
    w.finish()
}

/// Batched `INSERT` statements loading `data` (deleted and converted records included:
/// the fixed filters must hide them).
pub fn inserts(target: Target, data: &Dataset) -> Vec<SqlQuery<'static>> {
    let mapping = mapping();
    let mut out = Vec::new();
    for t in tables(&mapping) {
        let width = t.columns.len() + 1;
        let batch = (target.max_params() / width).clamp(1, 200);
        let mut rows: Vec<Vec<SqlValue<'static>>> = Vec::new();
        for (module, mm) in &mapping.modules {
            if mm.id_column_of(&t.name).is_none() {
                continue;
            }
            let sources: Vec<Source<'_>> = std::iter::once(Source::Id)
                .chain(t.columns.iter().map(|(c, _)| {
                    let field = mm.fields.iter().find(|(_, fm)| {
                        fm.column == *c && fm.table.as_deref().unwrap_or(&mm.table) == t.name
                    });
                    let filter = mm.filters.iter().find(|f| {
                        f.column == *c && f.table.as_deref().unwrap_or(&mm.table) == t.name
                    });
                    match (field, filter) {
                        (Some((name, fm)), _) => {
                            Source::Field(name.as_str(), fm.storage.unwrap_or(Storage::Text))
                        }
                        (None, Some(f)) if f.column == "deleted" => Source::Deleted,
                        (None, Some(f)) if f.column == "converted" => Source::Converted,
                        _ => Source::Null,
                    }
                }))
                .collect();
            for r in data.all(module) {
                rows.push(sources.iter().map(|s| value_of(r, s)).collect());
                if rows.len() == batch {
                    out.push(insert_for(target, &t, &rows));
                    rows.clear();
                }
            }
        }
        if !rows.is_empty() {
            out.push(insert_for(target, &t, &rows));
        }
    }
    out
}

fn value_of(r: &DemoRecord, s: &Source<'_>) -> SqlValue<'static> {
    match s {
        Source::Id => SqlValue::Int(r.id),
        Source::Field(name, storage) => stored(r.fields.get(*name), *storage),
        Source::Deleted => SqlValue::Int(i64::from(r.deleted)),
        Source::Converted => SqlValue::Int(i64::from(r.converted)),
        Source::Null => SqlValue::Null,
    }
}

fn insert_for(target: Target, t: &Table, rows: &[Vec<SqlValue<'static>>]) -> SqlQuery<'static> {
    for_target(
        target,
        || insert_rows::<MySqlWriter>(t, rows),
        || insert_rows::<PostgresWriter>(t, rows),
        || insert_rows::<SqliteWriter>(t, rows),
    )
}

/// Everything to (re)create and load the demo database: drops, creates, inserts.
pub fn setup_sql(target: Target, data: &Dataset) -> Vec<SqlQuery<'static>> {
    let mut all = drop_tables(target);
    all.extend(create_tables(target));
    all.extend(inserts(target, data));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ddl_shapes() {
        let creates = create_tables(Target::MySql);
        let crm = creates
            .iter()
            .find(|q| q.sql.starts_with("CREATE TABLE `vtiger_crmentity`"))
            .unwrap();
        assert!(
            crm.sql.contains("`crmid` BIGINT NOT NULL PRIMARY KEY"),
            "{}",
            crm.sql
        );
        assert!(crm.sql.contains("`deleted` BIGINT"), "{}", crm.sql);
        assert!(crm.sql.contains("`createdtime` DATETIME"), "{}", crm.sql);
        assert!(crm.sql.ends_with("COLLATE=utf8mb4_nopad_bin"));
        let pg = create_tables(Target::Postgres);
        assert!(pg
            .iter()
            .any(|q| q.sql.contains("\"annualrevenue\" NUMERIC(25,8)")));
        assert!(pg
            .iter()
            .any(|q| q.sql.contains("\"createdtime\" TIMESTAMP(0)")));
        assert!(creates
            .iter()
            .any(|q| q.sql.contains("`annualrevenue` DECIMAL(25,8)")));
        assert!(creates.iter().any(|q| q.sql.contains(" TINYINT(1)")));
    }

    #[test]
    fn inserts_cover_every_record() {
        let data = super::super::dataset();
        let ins = inserts(Target::Postgres, &data);
        let crm_rows: usize = ins
            .iter()
            .filter(|q| q.sql.starts_with("INSERT INTO \"vtiger_crmentity\""))
            .map(|q| q.sql.matches("), (").count() + 1)
            .sum();
        assert_eq!(crm_rows, data.records.len());
        for q in &ins {
            assert!(q.params.len() <= Target::Postgres.max_params());
        }
    }
}
