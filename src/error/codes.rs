//! Names, summaries and explanations of the parse error codes (`E00xx`, `E01xx`).

use crate::ErrorKind;

/// `(name, summary, explanation)` of a parse error kind.
pub(crate) fn text(kind: ErrorKind) -> (&'static str, &'static str, &'static str) {
    use ErrorKind::*;
    match kind {
        EmptyQuery => (
            "empty-query",
            "the query text is empty",
            "The query is empty or only whitespace.\n\nExample:\n\n    (an empty string)\n\n\
Write a query: `select * from Contacts;`.",
        ),
        UnexpectedToken => (
            "unexpected-token",
            "a token that cannot appear here",
            "The parser found a token where the grammar allows something else; the message \
lists what it expected.\n\nExample:\n\n    select * from Contacts where;\n\n\
Complete the clause (`where lastname = 'Smith'`) or remove the keyword.",
        ),
        UnexpectedEnd => (
            "unexpected-end",
            "the query ended too early",
            "The query stopped where more was expected, e.g. a value after an operator.\n\n\
Example:\n\n    select * from Contacts where lastname =\n\nFinish the condition: \
`where lastname = 'Smith';`.",
        ),
        UnterminatedString => (
            "unterminated-string",
            "a string without its closing quote",
            "A `'` opened a string that never closes. Inside a string, a quote is written \
twice (`'O''Brien'`). Real servers fail with INTERNAL_SERVER_ERROR.\n\nExample:\n\n    \
select * from Contacts where lastname = 'Smith;\n\nClose the string: `'Smith';`.",
        ),
        InvalidCharacter => (
            "invalid-character",
            "a character the language has no token for",
            "Characters such as `@`, `%`, `.`, `&` and non-ASCII letters may only appear inside \
quotes. Real servers fail with INTERNAL_SERVER_ERROR. Characters pasted from editors and web \
pages that look like a space or a quote, or cannot be seen at all, are named by code point and \
Unicode name (`U+00A0 NO-BREAK SPACE`, `U+200B ZERO WIDTH SPACE`, `U+202E RIGHT-TO-LEFT \
OVERRIDE`, `U+2019 RIGHT SINGLE QUOTATION MARK`): replace a space with an ordinary one, a \
typographic quote with `'`, and delete the invisible ones.\n\nExample:\n\n    \
select * from Contacts where email like %@example.com;\n\nQuote the value: \
`email like '%@example.com'`.",
        ),
        DoubleQuotedString => (
            "double-quoted-string",
            "double quotes are not string delimiters",
            "Strings use single quotes only; real servers fail on `\"` with \
INTERNAL_SERVER_ERROR.\n\nExample:\n\n    select * from Contacts where lastname = \"Smith\";\n\n\
Write `lastname = 'Smith'`.",
        ),
        BackslashEscape => (
            "backslash-escape",
            "backslash escapes do not exist",
            "A quote inside a string is written by doubling it; a backslash is an ordinary \
character for the lexer but an escape for MySQL, so `\\'` breaks the query.\n\nExample:\n\n    \
select * from Contacts where lastname = 'O\\'Brien';\n\nWrite `'O''Brien'`.",
        ),
        EmptyString => (
            "empty-string",
            "real servers cannot read `''`",
            "The real server's lexer has no token for the empty string; the vtiger dialect \
rejects it (the documented dialect accepts it with warning W0303).\n\nExample:\n\n    \
select * from Contacts where email = '';\n\nThere is no portable way to compare with the empty \
string; filter on the client.",
        ),
        UnquotedWord => (
            "unquoted-word",
            "a bare word is not a value",
            "Values must be quoted; an unquoted word would be pasted into SQL as a column name \
or keyword by real servers.\n\nExample:\n\n    select * from Contacts where lastname = Smith;\n\n\
Write `lastname = 'Smith'`.",
        ),
        UnquotedLiteral => (
            "unquoted-literal",
            "dates, times and decimals must be quoted",
            "Only integers and record ids can be written without quotes. Real servers split an \
unquoted date into several tokens and fail with a syntax error.\n\nExample:\n\n    \
select * from Contacts where modifiedtime >= 2019-02-25;\n\nWrite `modifiedtime >= '2019-02-25'`.",
        ),
        GroupingParentheses => (
            "grouping-parentheses",
            "conditions cannot be grouped with parentheses",
            "The language has a flat and/or chain only.\n\nExample:\n\n    \
select * from Leads where (a = 1 or b = 2) and c = 3;\n\nWrite a flat chain (the documented \
reading applies and/or left to right; real servers apply `and` first), or run several queries.",
        ),
        NotOperator => (
            "not-operator",
            "there is no `not`",
            "`not`, `not in` and `not like` do not exist.\n\nExample:\n\n    \
select * from Leads where leadstatus not in ('Junk Lead');\n\nUse `!=` for single values, or \
list the wanted values with `in`.",
        ),
        IsNull => (
            "is-null",
            "there is no `is null`",
            "`is null` and `is not null` do not exist, and `= null` never matches in SQL.\n\n\
Example:\n\n    select * from Contacts where email is null;\n\nSelect the field and filter on \
the client.",
        ),
        Between => (
            "between",
            "there is no `between`",
            "`between` does not exist.\n\nExample:\n\n    \
select * from Contacts where birthday between '1980-01-01' and '1989-12-31';\n\nWrite two \
conditions: `birthday >= '1980-01-01' and birthday <= '1989-12-31'`.",
        ),
        WrongOperator => (
            "wrong-operator",
            "`<>` and `==` are not operators",
            "The operators are `=`, `!=`, `<`, `>`, `<=`, `>=`, `like` and `in`.\n\nExample:\n\n    \
select * from Contacts where lastname <> 'Smith';\n\nWrite `!=` for \"not equal\" and `=` for \
\"equal\".",
        ),
        FunctionCall => (
            "function-call",
            "functions other than `count(*)` do not exist",
            "The language has no functions in the select list or in conditions.\n\nExample:\n\n    \
select max(annual_revenue) from Accounts;\n\nSelect the column and compute on the client.",
        ),
        QualifiedName => (
            "qualified-name",
            "dotted names and joins do not exist",
            "A query reads one module; columns are plain field names.\n\nExample:\n\n    \
select Accounts.accountname from Contacts;\n\nQuery each module separately and join on the \
client by record id.",
        ),
        Distinct => (
            "distinct",
            "there is no `distinct`",
            "`select distinct` does not exist on mainline servers.\n\nExample:\n\n    \
select distinct mailingcity from Contacts;\n\nRemove duplicates on the client.",
        ),
        UnsupportedClause => (
            "unsupported-clause",
            "the language has no such clause",
            "`group by`, `having`, `join`, `union` and similar SQL clauses do not exist.\n\n\
Example:\n\n    select leadsource from Leads group by leadsource;\n\nUse `count(*)` with a where \
clause per group, or aggregate on the client.",
        ),
        TooManyOrderColumns => (
            "too-many-order-columns",
            "at most two `order by` columns (documented dialect)",
            "The documentation allows at most two sort columns. Real servers accept more (the \
vtiger dialect does too, with warning W0304).\n\nExample:\n\n    \
select * from Contacts order by lastname, firstname, mailingcity;\n\nSort by at most two \
columns.",
        ),
        DirectionNotLast => (
            "direction-not-last",
            "`asc`/`desc` only after the last `order by` column",
            "Real servers take one direction, after the last column, and apply it to that \
column only.\n\nExample:\n\n    select * from Contacts order by lastname desc, firstname;\n\n\
Write one direction at the end: `order by lastname, firstname desc`.",
        ),
        OffsetKeyword => (
            "offset-keyword",
            "there is no `offset`",
            "Paging uses `limit m, n` (skip m rows, return n).\n\nExample:\n\n    \
select * from Contacts limit 10 offset 20;\n\nWrite `limit 20, 10`.",
        ),
        EmptyInList => (
            "empty-in-list",
            "`in ()` needs at least one value",
            "An empty in-list is a syntax error on real servers.\n\nExample:\n\n    \
select * from Contacts where id in ();\n\nSkip the query when there is nothing to look for.",
        ),
        TrailingInput => (
            "trailing-input",
            "text after the final `;`",
            "One request holds one query; only whitespace may follow the `;`.\n\nExample:\n\n    \
select * from Contacts; select * from Leads;\n\nSend each query separately.",
        ),
        MissingSemicolon => (
            "missing-semicolon",
            "the final `;` is missing (vtiger dialect)",
            "Real servers require the `;`; the vtiger dialect does too (the documented dialect \
accepts it with warning W0302).\n\nExample:\n\n    select * from Contacts\n\nAdd the `;`.",
        ),
        ReservedWord => (
            "reserved-word",
            "a keyword where a name is expected",
            "Keywords such as `from`, `where`, `order`, `limit` cannot be used as column or \
module names.\n\nExample:\n\n    select order from Contacts;\n\nName a field of the module.",
        ),
        InvalidLimit => (
            "invalid-limit",
            "a limit must be a non-negative integer",
            "`limit` takes unquoted non-negative integers that fit in 64 bits.\n\nExample:\n\n    \
select * from Contacts limit -5;\n\nWrite `limit 5` or `limit 10, 5`.",
        ),
        CountWithColumns => (
            "count-with-columns",
            "`count(*)` stands alone (documented dialect)",
            "Columns after `count(*)` are ignored by real servers (the vtiger dialect accepts \
them with warning W0315); a column before `count(*)` is a syntax error everywhere.\n\n\
Example:\n\n    select lastname, count(*) from Contacts;\n\nWrite `select count(*) from Contacts;`.",
        ),
        StarWithColumns => (
            "star-with-columns",
            "`*` cannot be combined with columns",
            "The select list is `*`, `count(*)` or a list of fields.\n\nExample:\n\n    \
select *, lastname from Contacts;\n\nWrite `select * from Contacts;`.",
        ),
        BareList => (
            "bare-list",
            "`in` takes a list in parentheses",
            "The documented dialect requires parentheses; the vtiger dialect accepts a bare list \
as the last condition only, like real servers.\n\nExample:\n\n    \
select * from Leads where leadsource in 'Web Site', 'Partner' and rating = 'Active';\n\n\
Write `leadsource in ('Web Site', 'Partner')`.",
        ),
        ListNotAllowed => (
            "list-not-allowed",
            "only `in` takes a list",
            "Other operators take a single value.\n\nExample:\n\n    \
select * from Leads where leadsource = ('Web Site', 'Partner');\n\n\
Write `leadsource in ('Web Site', 'Partner')`.",
        ),
        ZeroFirstInList => (
            "zero-first-in-list",
            "an in-list starting with unquoted `0` (vtiger dialect)",
            "Real servers answer QUERY_SYNTAX_ERROR \"columns data inappropriate\" when the \
first list value is an unquoted `0`.\n\nExample:\n\n    \
select * from Contacts where emailoptout in (0, 1);\n\nQuote it (`'0'`) or put another value \
first.",
        ),
        UnclosedParenthesis => (
            "unclosed-parenthesis",
            "a value list without `)`",
            "Real servers silently drop the last value of an unclosed list and then fail in \
the database.\n\nExample:\n\n    select * from Leads where leadsource in ('Web Site', 'Partner';\n\n\
Close the list.",
        ),
        ClauseOrder => (
            "clause-order",
            "clauses out of order",
            "Clauses come in the order where, order by, limit, each at most once.\n\nExample:\n\n    \
select * from Contacts limit 10 order by lastname;\n\nWrite `order by lastname limit 10`.",
        ),
        QueryTooLong => (
            "query-too-long",
            "the query exceeds the size limit",
            "The query text is longer than `Limits::max_query_bytes` (1 MiB by default).\n\n\
Example:\n\n    select id from Contacts where id in ('12x1', ... a million values ...);\n\n\
Split the query, or raise the limit for trusted input (`--max-query-bytes N` on the \
command line, `--no-limits` for every limit).",
        ),
        TooManyConditions => (
            "too-many-conditions",
            "more conditions than the limit",
            "The where chain has more conditions than `Limits::max_conditions` (4,096 by \
default).\n\nExample:\n\n    select * from Contacts where a = 1 or a = 2 or ... (5,000 times);\n\n\
Use `in (...)` or split the query, or raise the limit for trusted input \
(`--max-conditions N` on the command line).",
        ),
        ListTooLong => (
            "list-too-long",
            "a value list longer than the limit",
            "An in-list holds more values than `Limits::max_list_values` (10,000 by default).\n\n\
Example:\n\n    select * from Contacts where id in (... 20,000 ids ...);\n\nSplit the list over \
several queries, or raise the limit for trusted input (`--max-list-values N` on the command \
line; `--max-values N` bounds the whole query).",
        ),
        TooManyColumns => (
            "too-many-columns",
            "more select columns than the limit",
            "The select list is longer than `Limits::max_select_columns` (1,024 by default).\n\n\
Example:\n\n    select a1, a2, ..., a2000 from Contacts;\n\nUse `select *` or fewer columns, \
or raise the limit for trusted input (`--max-select-columns N` on the command line).",
        ),
        TooManyValues => (
            "too-many-values",
            "more values than the limit",
            "The query holds more values in total than `Limits::max_values` (10,000 by \
default, below every database's bound-parameter limit).\n\nExample:\n\n    \
select * from Contacts where id in (...) or account_id in (...);\n\nSplit the query, or \
raise the limit for trusted input (`--max-values N` on the command line; SQL engines bound \
the values of one statement too, see S0006).",
        ),
        // A kind added later without an explanation still gets a generic entry.
        #[allow(unreachable_patterns)]
        _ => (
            "parse-error",
            "the query does not parse",
            "The query violates the grammar; the message says where and what was expected.\n\n\
Example:\n\n    select from Contacts;\n\nFix the text at the caret.",
        ),
    }
}
