//! The per-dialect SQL writers: four methods in the style of diesel's query builder
//! (`push_sql`, `push_identifier`, `push_bind`, `finish`) plus the few spellings that
//! differ between engines.
//!
//! Identifiers are always quoted and their quote character doubled, so any name from a
//! mapping is safe; values only ever reach the text as placeholders.

use std::marker::PhantomData;

use super::{SqlQuery, SqlValue, Target};

/// A dialect's writer. The translator is generic over it, so each dialect compiles to
/// straight-line code with no dispatch.
pub(crate) trait SqlWriter<'q> {
    /// Which engine this writer targets.
    const TARGET: Target;
    /// Starts a statement with room for about `sql_capacity` bytes and `params` values.
    fn with_capacity(sql_capacity: usize, params: usize) -> Self;
    /// Appends trusted SQL text (keywords, operators, punctuation).
    fn push_sql(&mut self, sql: &str);
    /// Appends a quoted identifier.
    fn push_identifier(&mut self, name: &str);
    /// Appends a placeholder and records the value bound to it.
    fn push_bind(&mut self, value: SqlValue<'q>);
    /// The statement.
    fn finish(self) -> SqlQuery<'q>;

    /// Appends `"table"."column"`.
    fn push_column(&mut self, table: &str, column: &str) {
        self.push_identifier(table);
        self.push_sql(".");
        self.push_identifier(column);
    }
    /// The `ESCAPE` clause making `\` the `like` escape character.
    fn like_escape(&mut self);
    /// Opens `CAST(` for a cast to text (closed by [`SqlWriter::cast_text_close`]).
    fn cast_text_open(&mut self) {
        self.push_sql("CAST(");
    }
    /// Closes a cast to text.
    fn cast_text_close(&mut self);
    /// What follows `ASC` / `DESC` so that NULLs sort first ascending and last
    /// descending, as on MySQL.
    fn nulls_order(&mut self, descending: bool);
}

/// Quotes `name` with `quote`, doubling any `quote` inside it.
fn quote_into(sql: &mut String, name: &str, quote: char) {
    sql.push(quote);
    if !name.contains(quote) {
        sql.push_str(name);
        sql.push(quote);
        return;
    }
    for (i, part) in name.split(quote).enumerate() {
        if i > 0 {
            sql.push(quote);
            sql.push(quote);
        }
        sql.push_str(part);
    }
    sql.push(quote);
}

/// What differs between engines: the identifier quote, the placeholder, and a few
/// spellings. Everything else is shared by [`Writer`].
pub(crate) trait Dialect {
    /// Which engine this is.
    const TARGET: Target;
    /// The identifier quote character.
    const QUOTE: char;
    /// The `ESCAPE` clause making `\` the `like` escape character.
    const LIKE_ESCAPE: &'static str = " ESCAPE '\\'";
    /// What closes `CAST(x` to text.
    const CAST_TEXT_CLOSE: &'static str = " AS TEXT)";
    /// Appends the placeholder of the `n`-th (1-based) bound value.
    fn placeholder(sql: &mut String, n: usize);
    /// What follows `ASC` / `DESC` so that NULLs sort as on MySQL.
    fn nulls_order(_descending: bool) -> &'static str {
        ""
    }
}

/// MySQL / MariaDB: backticks, `?` placeholders.
pub(crate) struct MySql;

impl Dialect for MySql {
    const TARGET: Target = Target::MySql;
    const QUOTE: char = '`';
    /// In MySQL's default SQL mode a backslash escapes inside string literals, so the
    /// one-backslash literal is written `'\\'`.
    const LIKE_ESCAPE: &'static str = " ESCAPE '\\\\'";
    const CAST_TEXT_CLOSE: &'static str = " AS CHAR)";
    fn placeholder(sql: &mut String, _: usize) {
        sql.push('?');
    }
}

/// PostgreSQL: double quotes, `$1..$n` placeholders, explicit NULL ordering.
pub(crate) struct Postgres;

impl Dialect for Postgres {
    const TARGET: Target = Target::Postgres;
    const QUOTE: char = '"';
    fn placeholder(sql: &mut String, n: usize) {
        sql.push('$');
        push_decimal(sql, n as u64);
    }
    fn nulls_order(descending: bool) -> &'static str {
        if descending {
            " NULLS LAST"
        } else {
            " NULLS FIRST"
        }
    }
}

/// SQLite: double quotes, `?` placeholders.
pub(crate) struct Sqlite;

impl Dialect for Sqlite {
    const TARGET: Target = Target::Sqlite;
    const QUOTE: char = '"';
    fn placeholder(sql: &mut String, _: usize) {
        sql.push('?');
    }
}

/// The writer for dialect `D`.
pub(crate) struct Writer<'q, D> {
    sql: String,
    params: Vec<SqlValue<'q>>,
    dialect: PhantomData<D>,
}

/// MySQL / MariaDB writer.
pub(crate) type MySqlWriter<'q> = Writer<'q, MySql>;
/// PostgreSQL writer.
pub(crate) type PostgresWriter<'q> = Writer<'q, Postgres>;
/// SQLite writer.
pub(crate) type SqliteWriter<'q> = Writer<'q, Sqlite>;

impl<'q, D: Dialect> SqlWriter<'q> for Writer<'q, D> {
    const TARGET: Target = D::TARGET;
    fn with_capacity(sql_capacity: usize, params: usize) -> Self {
        Writer {
            sql: String::with_capacity(sql_capacity),
            params: Vec::with_capacity(params),
            dialect: PhantomData,
        }
    }
    fn push_sql(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }
    fn push_identifier(&mut self, name: &str) {
        quote_into(&mut self.sql, name, D::QUOTE);
    }
    fn push_bind(&mut self, value: SqlValue<'q>) {
        self.params.push(value);
        D::placeholder(&mut self.sql, self.params.len());
    }
    fn finish(self) -> SqlQuery<'q> {
        SqlQuery {
            sql: self.sql,
            params: self.params,
            target: D::TARGET,
        }
    }
    fn like_escape(&mut self) {
        self.push_sql(D::LIKE_ESCAPE);
    }
    fn cast_text_close(&mut self) {
        self.push_sql(D::CAST_TEXT_CLOSE);
    }
    fn nulls_order(&mut self, descending: bool) {
        self.push_sql(D::nulls_order(descending));
    }
}

/// Appends `n` in decimal without going through `fmt` (no allocation).
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident<'q, W: SqlWriter<'q>>(name: &str) -> String {
        let mut w = W::with_capacity(16, 0);
        w.push_identifier(name);
        w.finish().sql
    }

    #[test]
    fn identifiers_are_quoted_and_escaped() {
        assert_eq!(ident::<MySqlWriter>("a`b"), "`a``b`");
        assert_eq!(ident::<PostgresWriter>("a\"b"), "\"a\"\"b\"");
        assert_eq!(ident::<SqliteWriter>("plain"), "\"plain\"");
        assert_eq!(ident::<MySqlWriter>("``"), "``````");
    }

    #[test]
    fn placeholders() {
        let mut w = PostgresWriter::with_capacity(0, 0);
        for i in 0..12 {
            w.push_bind(SqlValue::Int(i));
            w.push_sql(",");
        }
        assert_eq!(w.finish().sql, "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,");
        let mut w = MySqlWriter::with_capacity(0, 0);
        w.push_bind(SqlValue::Int(1));
        w.push_bind(SqlValue::Int(2));
        assert_eq!(w.finish().sql, "??");
    }

    #[test]
    fn decimal() {
        for n in [0u64, 7, 10, 99, 65_535, u64::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
