//! The per-dialect SQL writers: four methods in the style of diesel's query builder
//! (`push_sql`, `push_identifier`, `push_bind`, `finish`) plus the few spellings that
//! differ between engines.
//!
//! Identifiers are always quoted and their quote character doubled, so any name from a
//! mapping is safe; values only ever reach the text as placeholders.

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
    fn like_escape(&mut self) {
        self.push_sql(" ESCAPE '\\'");
    }
    /// Opens `CAST(` for a cast to text (closed by [`SqlWriter::cast_text_close`]).
    fn cast_text_open(&mut self) {
        self.push_sql("CAST(");
    }
    /// Closes a cast to text.
    fn cast_text_close(&mut self) {
        self.push_sql(" AS TEXT)");
    }
    /// What follows `ASC` / `DESC` so that NULLs sort first ascending and last
    /// descending, as on MySQL.
    fn nulls_order(&mut self, _descending: bool) {}
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

/// MySQL / MariaDB: backticks, `?` placeholders.
pub(crate) struct MySqlWriter<'q> {
    sql: String,
    params: Vec<SqlValue<'q>>,
}

impl<'q> SqlWriter<'q> for MySqlWriter<'q> {
    const TARGET: Target = Target::MySql;
    fn with_capacity(sql_capacity: usize, params: usize) -> Self {
        MySqlWriter {
            sql: String::with_capacity(sql_capacity),
            params: Vec::with_capacity(params),
        }
    }
    fn push_sql(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }
    fn push_identifier(&mut self, name: &str) {
        quote_into(&mut self.sql, name, '`');
    }
    fn push_bind(&mut self, value: SqlValue<'q>) {
        self.sql.push('?');
        self.params.push(value);
    }
    fn finish(self) -> SqlQuery<'q> {
        SqlQuery {
            sql: self.sql,
            params: self.params,
            target: Self::TARGET,
        }
    }
    /// In MySQL's default SQL mode a backslash escapes inside string literals, so the
    /// one-backslash literal is written `'\\'`.
    fn like_escape(&mut self) {
        self.push_sql(" ESCAPE '\\\\'");
    }
    fn cast_text_close(&mut self) {
        self.push_sql(" AS CHAR)");
    }
}

/// PostgreSQL: double quotes, `$1..$n` placeholders.
pub(crate) struct PostgresWriter<'q> {
    sql: String,
    params: Vec<SqlValue<'q>>,
}

impl<'q> SqlWriter<'q> for PostgresWriter<'q> {
    const TARGET: Target = Target::Postgres;
    fn with_capacity(sql_capacity: usize, params: usize) -> Self {
        PostgresWriter {
            sql: String::with_capacity(sql_capacity),
            params: Vec::with_capacity(params),
        }
    }
    fn push_sql(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }
    fn push_identifier(&mut self, name: &str) {
        quote_into(&mut self.sql, name, '"');
    }
    fn push_bind(&mut self, value: SqlValue<'q>) {
        self.params.push(value);
        self.sql.push('$');
        push_decimal(&mut self.sql, self.params.len() as u64);
    }
    fn finish(self) -> SqlQuery<'q> {
        SqlQuery {
            sql: self.sql,
            params: self.params,
            target: Self::TARGET,
        }
    }
    fn nulls_order(&mut self, descending: bool) {
        self.push_sql(if descending {
            " NULLS LAST"
        } else {
            " NULLS FIRST"
        });
    }
}

/// SQLite: double quotes, `?` placeholders.
pub(crate) struct SqliteWriter<'q> {
    sql: String,
    params: Vec<SqlValue<'q>>,
}

impl<'q> SqlWriter<'q> for SqliteWriter<'q> {
    const TARGET: Target = Target::Sqlite;
    fn with_capacity(sql_capacity: usize, params: usize) -> Self {
        SqliteWriter {
            sql: String::with_capacity(sql_capacity),
            params: Vec::with_capacity(params),
        }
    }
    fn push_sql(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }
    fn push_identifier(&mut self, name: &str) {
        quote_into(&mut self.sql, name, '"');
    }
    fn push_bind(&mut self, value: SqlValue<'q>) {
        self.sql.push('?');
        self.params.push(value);
    }
    fn finish(self) -> SqlQuery<'q> {
        SqlQuery {
            sql: self.sql,
            params: self.params,
            target: Self::TARGET,
        }
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
