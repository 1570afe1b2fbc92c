//! The validation codes (`E02xx` errors, `W03xx` warnings): [`Code`] and its texts.

use crate::report::Severity;

/// A validation diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Code {
    /// E0201: the module does not exist (or is written in the wrong case).
    UnknownModule,
    /// E0202: the module is not an entity module.
    NotEntity,
    /// E0203: the user may not read the module.
    NotReadable,
    /// E0204: the field does not exist or is not visible to the user.
    UnknownField,
    /// E0205: the module is only listed; its fields are unknown.
    NotDescribed,
    /// E0206: a value that must be a record id `NxM` is not one.
    MalformedId,
    /// E0207: a record id whose prefix belongs to the wrong module.
    WrongIdPrefix,
    /// E0208: a number field compared with something that is not a number.
    NotANumber,
    /// E0209: a boolean field compared with something other than 0 or 1.
    NotABoolean,
    /// E0210: a malformed or impossible date, date-time or time.
    BadDateTime,
    /// E0211: an operator that does not fit the field's type.
    OperatorMismatch,
    /// E0212: an in-list mixing quoted and unquoted values.
    MixedList,
    /// E0213: a string value holding the NUL character U+0000.
    NulCharacter,
    /// W0301: `and` after `or`: the documented and the real reading differ.
    ReadingsDiffer,
    /// W0302: the final `;` is missing.
    MissingSemicolon,
    /// W0303: the empty string `''`.
    EmptyString,
    /// W0304: more than two `order by` columns.
    TooManyOrderColumns,
    /// W0305: an in-list starting with an unquoted `0`.
    ZeroFirstInList,
    /// W0306: an in-list without parentheses.
    BareInList,
    /// W0307: the module name resolved ignoring case.
    ModuleCase,
    /// W0308: a `like` pattern starting with `%`.
    LeadingWildcard,
    /// W0309: `limit m, n` without `order by`.
    UnstablePaging,
    /// W0310: a limit above the server's row cap.
    LimitAboveCap,
    /// W0311: `limit 0`.
    LimitZero,
    /// W0312: `count(*)` with `order by`.
    CountWithOrderBy,
    /// W0313: a value that is not in the picklist.
    UnknownPicklistValue,
    /// W0314: a value compared with an e-mail field that has no `@`.
    SuspiciousEmail,
    /// W0315: columns after `count(*)`.
    CountExtraColumns,
    /// W0316: a date-time field compared for equality with a bare date.
    DateOnlyEquality,
    /// W0317: a backslash in a `like` pattern before a character it does not escape.
    LikeBackslash,
}

impl Code {
    /// Every validation code, in code order.
    pub const ALL: &'static [Code] = &[
        Code::UnknownModule,
        Code::NotEntity,
        Code::NotReadable,
        Code::UnknownField,
        Code::NotDescribed,
        Code::MalformedId,
        Code::WrongIdPrefix,
        Code::NotANumber,
        Code::NotABoolean,
        Code::BadDateTime,
        Code::OperatorMismatch,
        Code::MixedList,
        Code::NulCharacter,
        Code::ReadingsDiffer,
        Code::MissingSemicolon,
        Code::EmptyString,
        Code::TooManyOrderColumns,
        Code::ZeroFirstInList,
        Code::BareInList,
        Code::ModuleCase,
        Code::LeadingWildcard,
        Code::UnstablePaging,
        Code::LimitAboveCap,
        Code::LimitZero,
        Code::CountWithOrderBy,
        Code::UnknownPicklistValue,
        Code::SuspiciousEmail,
        Code::CountExtraColumns,
        Code::DateOnlyEquality,
        Code::LikeBackslash,
    ];

    pub(super) fn info(self) -> &'static Info {
        &INFO[self as usize]
    }

    /// The stable code, e.g. `"E0204"`.
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// The kebab-case name, e.g. `"unknown-field"`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Error or warning.
    pub fn severity(self) -> Severity {
        if self.info().code.starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// The web-service error code that goes with it (`""` for warnings about constructs
    /// real servers accept).
    pub fn webservice_code(self) -> &'static str {
        self.info().webservice
    }

    /// The code with this text (`"E0204"`) or name (`"unknown-field"`).
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(code) || c.name() == code)
    }

    /// Index of a warning code among the warnings (bit position in allow sets).
    pub(crate) fn lint_bit(self) -> Option<u32> {
        let n: u32 = self.info().code.get(1..)?.parse().ok()?;
        n.checked_sub(301).filter(|b| *b < 64)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(super) struct Info {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    webservice: &'static str,
    pub(super) summary: &'static str,
    pub(super) explanation: &'static str,
}

/// In the order of [`Code`]'s variants.
pub(super) static INFO: [Info; 30] = [
    Info {
        code: "E0201",
        name: "unknown-module",
        webservice: "ACCESS_DENIED",
        summary: "the module does not exist or is not visible to the user",
        explanation: "The module after `from` is not in the schema. Module names are case-sensitive on \
vtiger 7.x and later (and on Simply CRM): `contacts` is not `Contacts`. Real servers answer \
ACCESS_DENIED \"Permission to perform the operation is denied for name : contacts\".\n\n\
Example:\n\n    select * from contacts;\n\n\
Write the name as `listtypes` spells it (`Contacts`). To accept the 5.x behaviour, which \
resolved module names ignoring case, set `ValidateOptions::module_case_insensitive` \
(`--module-case-insensitive` on the command line); the wrong case is then warning W0307.",
    },
    Info {
        code: "E0202",
        name: "not-entity-module",
        webservice: "ACCESS_DENIED",
        summary: "the query operation works on entity modules only",
        explanation: "The module exists but is not an entity module (its describe says \
`isEntity: false`): Groups, Currency, DocumentFolders, CompanyDetails... The documentation \
says the query operation does not support them.\n\n\
Example:\n\n    select groupname from Groups;\n\n\
Use `retrieve` or `describe` for these modules, or query the entity module that refers to them.",
    },
    Info {
        code: "E0203",
        name: "module-not-readable",
        webservice: "ACCESS_DENIED",
        summary: "the user may not read the module",
        explanation: "The module's describe says `retrieveable: false`: the user has no read \
permission, and real servers answer ACCESS_DENIED \"Permission to read is denied\".\n\n\
Example (with a describe of Invoice with retrieveable false):\n\n    select * from Invoice;\n\n\
Ask an administrator for read access to the module, or use another user.",
    },
    Info {
        code: "E0204",
        name: "unknown-field",
        webservice: "ACCESS_DENIED",
        summary: "the field does not exist or is not visible to the user",
        explanation: "A column in the select list, the where clause or order by is not a field of \
the module as the user's describe lists it. Fields the user may not see are absent from \
describe, so an invisible field and a misspelt one look the same. Field names are \
case-sensitive; `id` always exists. Real servers answer ACCESS_DENIED \"Permission to access \
'.lastnam.' attribute denied.\" for a select column and \"Permission to access lastnam \
attribute denied.\" for a where column; they do not check order-by columns at all and fail later \
with DATABASE_QUERY_ERROR.\n\n\
Example:\n\n    select lastnam from Contacts;\n\n\
Use the field name from describe (`lastname`), not its label.",
    },
    Info {
        code: "E0205",
        name: "module-not-described",
        webservice: "ACCESS_DENIED",
        summary: "the module is only listed; its fields are unknown",
        explanation: "The schema knows the module from `listtypes` or `loginAndFetchModules` \
but holds no describe of it, so the fields the query names cannot be checked.\n\n\
Example (with only listtypes loaded for Vendors):\n\n    select vendorname from Vendors;\n\n\
Load the module's describe result into the schema (`Schema::load` accepts a directory of \
describe files; on the command line, `--schema DIR` or one `--schema FILE` per document).",
    },
    Info {
        code: "E0206",
        name: "malformed-record-id",
        webservice: "INVALID_ID_ATTRIBUTE",
        summary: "a record id must be written `NxM`",
        explanation: "`id`, reference fields and owner fields hold web-service ids: the module's \
id prefix, `x`, the record number (`12x34`). Real servers do not check them: they split on `x` \
and paste the second part into SQL, so `id = '1x1 or 1=1'` is an SQL injection there, `id = 34` \
produces broken SQL, and a reference value without `x` gives INVALID_ID_ATTRIBUTE \"Id \
specified is incorrect\". vtql accepts exactly digits, `x`, digits.\n\n\
Example:\n\n    select * from Contacts where account_id = '5';\n\n\
Write the full id: `account_id = '11x5'`.",
    },
    Info {
        code: "E0207",
        name: "wrong-id-prefix",
        webservice: "INVALID_ID_ATTRIBUTE",
        summary: "the record id belongs to another module",
        explanation: "The prefix before `x` names the module of the record. For `id` it must be \
the queried module's prefix; for a reference field, the prefix of one of the modules in its \
`refersTo`; for an owner field, the Users or Groups prefix. Prefixes differ between installs: \
they are taken from the loaded describe, listtypes and loginAndFetchModules documents. Real \
servers ignore the prefix and silently match the record number in the wrong table.\n\n\
Example (Contacts has prefix 12, Accounts 11):\n\n    select * from Contacts where id = '11x5';\n\n\
Use an id of the right module, or query the module the id belongs to.",
    },
    Info {
        code: "E0208",
        name: "not-a-number",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "a number field compared with something that is not a number",
        explanation: "Integer fields take whole numbers, unquoted or quoted (`5`, `'5'`, `-3`); \
double, decimal and currency fields take decimal numbers, which must be quoted because the \
language cannot write them unquoted (`'12.50'`). Numbers must fit the database's \
64-bit integers and floating-point numbers. Real servers paste the value into SQL \
unchecked, where MySQL silently converts text to 0.\n\n\
Example:\n\n    select * from Contacts where cf_851 > 'lots';\n\n\
Write a number: `cf_851 > '1000.00'`.",
    },
    Info {
        code: "E0209",
        name: "not-a-boolean",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "boolean fields compare with 0 or 1",
        explanation: "Boolean (checkbox) fields are stored as `0` and `1`, and the server compares \
the stored text: `emailoptout = 'true'` matches nothing. vtql accepts `0`, `1`, `'0'` and `'1'`.\n\n\
Example:\n\n    select * from Contacts where emailoptout = 'true';\n\n\
Write `emailoptout = 1` (or `'1'`); for \"false\" write `0`.",
    },
    Info {
        code: "E0210",
        name: "invalid-date-time",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "a malformed or impossible date, date-time or time",
        explanation: "The server compares raw database values, without converting the user's \
date format: dates are `yyyy-mm-dd`, date-times `yyyy-mm-dd hh:mm:ss` (`yyyy-mm-dd hh:mm` and \
a bare `yyyy-mm-dd` are accepted too), times `hh:mm` or `hh:mm:ss`, always quoted. A date in \
the user's display format (the describe's `format`, such as `dd-mm-yyyy`) is rejected with the \
ISO form in the help. Impossible dates (`2023-02-30`) are rejected as well.\n\n\
Example:\n\n    select * from Contacts where birthday = '31-12-1980';\n\n\
Write `birthday = '1980-12-31'`.",
    },
    Info {
        code: "E0211",
        name: "operator-mismatch",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "the operator does not fit the field's type",
        explanation: "`=`, `!=` and `in` fit every field. `like` fits text-like fields only \
(string, text, picklists, email, phone, url, skype...): not numbers, dates, booleans or record \
ids. `<`, `>`, `<=`, `>=` fit numbers, dates, times, text and `id`, but not booleans, \
reference or owner fields (their ids have no useful order).\n\n\
Example:\n\n    select * from Contacts where birthday like '1980-%';\n\n\
Compare a range instead: `birthday >= '1980-01-01' and birthday < '1981-01-01'`.",
    },
    Info {
        code: "E0212",
        name: "mixed-in-list",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "an in-list mixes quoted and unquoted values",
        explanation: "All values of an in-list must have the same shape: all quoted or all \
unquoted (record ids may be written either way). A mixed list usually hides a mistake, and \
MySQL compares the list with mixed string and number rules.\n\n\
Example:\n\n    select * from Contacts where cf_857 in (1, '2');\n\n\
Write `cf_857 in (1, 2)`.",
    },
    Info {
        code: "E0213",
        name: "nul-character",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "a string value holds the NUL character U+0000",
        explanation: "No CRM field holds the NUL character, and the engines disagree on it: \
PostgreSQL refuses it in text, SQLite's `like` stops reading a pattern at it (`like 'a\\0%'` \
means `like 'a'`), MySQL compares it as a character. A NUL in a value is a client bug or an \
attack; vtql refuses it so that every engine and the evaluator answer the same.\n\n\
Example (the NUL written as \\0):\n\n    select * from Contacts where lastname = 'Smith\\0';\n\n\
Remove the NUL character from the value.",
    },
    Info {
        code: "W0301",
        name: "readings-differ",
        webservice: "",
        summary: "`and` after `or`: the documented and the real reading differ",
        explanation: "The documentation says and/or apply left to right, so `a or b and c` means \
`(a or b) and c`. Real servers paste the chain into MySQL, where `and` binds tighter: \
`a or (b and c)`. vtql uses the reading set in `ValidateOptions::precedence` (left to right by \
default; `--precedence sql` on the command line reads like real servers); the help shows \
both groupings. To silence the warning, allow it (`ValidateOptions::allow(\"W0301\")`, \
`--allow W0301`).\n\n\
Example:\n\n    select * from Leads where leadsource = 'Web Site' or leadsource = 'Partner' and leadstatus = 'Hot';\n\n\
Reorder the chain so that no `and` follows an `or`, or split the query.",
    },
    Info {
        code: "W0302",
        name: "semicolon-required",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "real servers require the final `;`",
        explanation: "The documented dialect tolerates a missing final `;`, but real servers \
answer QUERY_SYNTAX_ERROR without it.\n\n\
Example:\n\n    select * from Contacts\n\n\
Add the `;`.",
    },
    Info {
        code: "W0303",
        name: "empty-string-unlexable",
        webservice: "INTERNAL_SERVER_ERROR",
        summary: "real servers cannot read the empty string `''`",
        explanation: "The real server's lexer has no token for `''` and fails with \
INTERNAL_SERVER_ERROR.\n\n\
Example:\n\n    select * from Contacts where email = '';\n\n\
There is no portable way to test for an empty field; select the field and filter on the client.",
    },
    Info {
        code: "W0304",
        name: "order-columns-beyond-two",
        webservice: "",
        summary: "more than two `order by` columns",
        explanation: "The documentation allows at most two `order by` columns. Real servers \
accept more, but other implementations and the documented dialect reject them.\n\n\
Example:\n\n    select * from Contacts order by lastname, firstname, mailingcity;\n\n\
Sort by at most two columns, or sort on the client.",
    },
    Info {
        code: "W0305",
        name: "zero-first-unquoted",
        webservice: "QUERY_SYNTAX_ERROR",
        summary: "an in-list starting with an unquoted `0` fails on real servers",
        explanation: "Real servers test the first list value with PHP's `empty()`, which is true \
for `\"0\"`; the list falls apart and the answer is QUERY_SYNTAX_ERROR \"columns data \
inappropriate\". `in (1, 0)` works, `in (0, 1)` fails.\n\n\
Example:\n\n    select * from Contacts where emailoptout in (0, 1);\n\n\
Quote the value (`in ('0', 1)`) or put another value first.",
    },
    Info {
        code: "W0306",
        name: "bare-in-list",
        webservice: "",
        summary: "an in-list without parentheses",
        explanation: "Real servers accept `in 'a', 'b'` without parentheses, but only as the last \
condition; the documentation always writes the parentheses.\n\n\
Example (vtiger dialect):\n\n    select * from Leads where leadsource in 'Web Site', 'Partner';\n\n\
Write `leadsource in ('Web Site', 'Partner')`.",
    },
    Info {
        code: "W0307",
        name: "module-name-case",
        webservice: "ACCESS_DENIED",
        summary: "the module name only matches ignoring case",
        explanation: "With `ValidateOptions::module_case_insensitive` set \
(`--module-case-insensitive` on the command line), vtql resolves `contacts` to `Contacts` \
as vtiger 5.x servers did. vtiger 7.x and later (and Simply CRM) compare module names \
case-sensitively and answer ACCESS_DENIED \"Permission to perform the operation is denied for \
name : contacts\".\n\n\
Example:\n\n    select * from contacts;\n\n\
Write the module name as `listtypes` spells it.",
    },
    Info {
        code: "W0308",
        name: "leading-wildcard",
        webservice: "",
        summary: "a `like` pattern starting with `%` cannot use an index",
        explanation: "A pattern that starts with `%` makes the database scan every row of the \
module, which is slow on large installs.\n\n\
Example:\n\n    select * from Contacts where email like '%@example.com';\n\n\
Anchor the pattern at the start when you can (`like 'Sm%'`).",
    },
    Info {
        code: "W0309",
        name: "unstable-paging",
        webservice: "",
        summary: "`limit m, n` without `order by`: pages are not stable",
        explanation: "Without an order, the database may return rows in a different order for \
each page, so paging with `limit m, n` can skip or repeat records.\n\n\
Example:\n\n    select * from Contacts limit 100, 100;\n\n\
Add an order on a unique column: `order by id limit 100, 100`.",
    },
    Info {
        code: "W0310",
        name: "limit-above-cap",
        webservice: "",
        summary: "the server returns at most its row cap",
        explanation: "Real servers cap every query at 100 rows (`ValidateOptions::row_cap`; \
`--row-cap N` on the command line, for a server configured otherwise): \
`limit 500` returns 100 rows, and `limit 200, 1000` returns rows 201-300.\n\n\
Example:\n\n    select * from Contacts limit 500;\n\n\
Page with `limit m, n` in steps of at most the cap, ordered by a unique column.",
    },
    Info {
        code: "W0311",
        name: "limit-zero",
        webservice: "",
        summary: "`limit 0` returns no rows",
        explanation: "`limit 0` (or `limit m, 0`) always returns an empty result.\n\n\
Example:\n\n    select * from Contacts limit 0;\n\n\
Remove the limit, or use `count(*)` to learn the number of records.",
    },
    Info {
        code: "W0312",
        name: "count-with-order-by",
        webservice: "",
        summary: "`order by` has no effect on `count(*)`",
        explanation: "A `count(*)` query returns one row; ordering it does nothing (real \
servers still send the `ORDER BY` to the database).\n\n\
Example:\n\n    select count(*) from Contacts order by lastname;\n\n\
Remove the `order by`.",
    },
    Info {
        code: "W0313",
        name: "unknown-picklist-value",
        webservice: "",
        summary: "the value is not in the field's picklist",
        explanation: "The value is not one of the picklist values of the describe, so the \
comparison probably matches nothing (old records can still hold removed values). Picklists \
compare the stored value, which can differ from the translated label.\n\n\
Example:\n\n    select * from Contacts where leadsource = 'Website';\n\n\
Use a value from describe: `leadsource = 'Web Site'`.",
    },
    Info {
        code: "W0314",
        name: "suspicious-email",
        webservice: "",
        summary: "an e-mail field compared with a value without `@`",
        explanation: "E-mail fields are checked leniently: a value compared for equality that \
has no `@` cannot be an address and probably matches nothing.\n\n\
Example:\n\n    select * from Contacts where email = 'smith';\n\n\
Use `like` for parts of an address: `email like '%smith%'`.",
    },
    Info {
        code: "W0315",
        name: "count-extra-columns",
        webservice: "",
        summary: "columns after `count(*)` are ignored",
        explanation: "Real servers accept `count(*), lastname` but return only the count.\n\n\
Example (vtiger dialect):\n\n    select count(*), lastname from Contacts;\n\n\
Remove the extra columns, or run a separate query for them.",
    },
    Info {
        code: "W0316",
        name: "date-only-equality",
        webservice: "",
        summary: "a date-time compared for equality with a bare date",
        explanation: "The database compares `'2024-01-03'` with a date-time as \
`2024-01-03 00:00:00`, so equality with a bare date only matches records stamped at midnight.\n\n\
Example:\n\n    select * from Contacts where createdtime = '2024-01-03';\n\n\
Compare a range: `createdtime >= '2024-01-03' and createdtime < '2024-01-04'`.",
    },
    Info {
        code: "W0317",
        name: "like-backslash",
        webservice: "",
        summary: "a backslash in a `like` pattern escapes the next character",
        explanation: "In a `like` pattern `%` and `_` are wildcards and `\\` escapes the next \
character: `\\%` matches a percent sign, `\\_` an underscore and `\\\\` one backslash. Before \
any other character the backslash is dropped (by MySQL on real servers, and by the SQL vtql \
writes for every engine), so `like 'Back\\slash'` looks for `Backslash` and misses the record \
whose value is `Back\\slash`, which `=` finds. A backslash at the very end of the pattern \
matches itself.\n\n\
Example:\n\n    select * from Contacts where lastname like 'Back\\slash';\n\n\
Write two backslashes for one: `like 'Back\\\\slash'`; or compare with `=` when the value has \
no wildcard.",
    },
];
