//! The command line: subcommands, flags and their value types (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Format, parse, check, translate and run vtiger / Simply CRM web-service queries (VTQL).
///
/// Files may hold several queries, each ended by `;`. Exit status: 0 ok, 1 findings
/// (syntax or validation errors, `fmt --check` differences, `--deny warnings`),
/// 2 usage, input/output or configuration errors.
#[derive(Debug, Parser)]
#[command(name = "vtql", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// When to use colors: `auto` colors a terminal unless `NO_COLOR` is set (`CLICOLOR_FORCE=1` forces them).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print queries in the canonical layout (or check that they already are).
    Fmt(FmtArgs),
    /// Print the syntax tree of queries.
    Parse(ParseArgs),
    /// Parse and validate queries; report every finding with its location.
    Check(CheckArgs),
    /// Translate queries to SQL for MySQL, PostgreSQL or SQLite.
    Sql(SqlArgs),
    /// Validate, translate and execute a query (on the embedded demo CRM by default).
    Run(RunArgs),
    /// Serve queries over HTTP as a vtiger `webservice.php` (the embedded demo CRM by default).
    Serve(ServeArgs),
    /// Explain a diagnostic code, with examples.
    Explain(ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when the output is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always color (overrides `NO_COLOR`).
    Always,
    /// Never color.
    Never,
}

/// `--dialect`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// The documented language, with real-world tolerance (final `;` optional).
    #[default]
    Documented,
    /// Exactly what a real vtiger server accepts and executes correctly.
    Vtiger,
}

impl From<DialectArg> for vtql::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Documented => vtql::Dialect::Documented,
            DialectArg::Vtiger => vtql::Dialect::Vtiger,
        }
    }
}

/// `--precedence`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum PrecedenceArg {
    /// The documented rule: `and`/`or` apply left to right.
    #[default]
    LeftToRight,
    /// What real servers execute: `and` binds tighter than `or`.
    Sql,
}

impl From<PrecedenceArg> for vtql::Precedence {
    fn from(p: PrecedenceArg) -> Self {
        match p {
            PrecedenceArg::LeftToRight => vtql::Precedence::LeftToRight,
            PrecedenceArg::Sql => vtql::Precedence::SqlPrecedence,
        }
    }
}

/// The inputs shared by the file-based subcommands.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Files to read; `-` or nothing (and no `--query`) reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Query text given inline instead of a file (repeatable; read before the files).
    #[arg(short = 'e', long = "query", value_name = "TEXT")]
    pub queries: Vec<String>,

    /// The language accepted.
    #[arg(long, value_enum, default_value_t = DialectArg::Documented)]
    pub dialect: DialectArg,

    #[command(flatten)]
    pub limits: LimitArgs,
}

impl Inputs {
    /// The parse options these flags ask for.
    pub fn parse_options(&self) -> vtql::ParseOptions {
        vtql::ParseOptions::default()
            .dialect(self.dialect.into())
            .limits(self.limits.limits())
    }
}

/// The help headings of the shared flag groups (per flag: a struct-level heading would
/// also apply to the flags that follow the group).
const LIMITS: &str = "Limits (per query)";
const VALIDATION: &str = "Validation";

/// The parse limits (`vtql::Limits`); each one applies to every query on its own.
#[derive(Clone, Copy, Debug, Args)]
pub struct LimitArgs {
    /// Longest query text, in bytes [default: 1048576, i.e. 1 MiB].
    #[arg(help_heading = LIMITS, long, value_name = "BYTES")]
    pub max_query_bytes: Option<usize>,
    /// Most conditions in a where chain [default: 4096].
    #[arg(help_heading = LIMITS, long, value_name = "N")]
    pub max_conditions: Option<usize>,
    /// Most values in one `in` list [default: 10000].
    #[arg(help_heading = LIMITS, long, value_name = "N")]
    pub max_list_values: Option<usize>,
    /// Most columns in a select list [default: 1024].
    #[arg(help_heading = LIMITS, long, value_name = "N")]
    pub max_select_columns: Option<usize>,
    /// Most values in a whole query [default: 10000].
    #[arg(help_heading = LIMITS, long, value_name = "N")]
    pub max_values: Option<usize>,
    /// Lift every limit above (trusted input only); a `--max-...` flag given as well still sets its own.
    #[arg(help_heading = LIMITS, long)]
    pub no_limits: bool,
}

impl LimitArgs {
    /// The library's limits: the defaults (or none with `--no-limits`), then each flag.
    pub fn limits(&self) -> vtql::Limits {
        let mut l = if self.no_limits {
            vtql::Limits::UNLIMITED
        } else {
            vtql::Limits::default()
        };
        if let Some(n) = self.max_query_bytes {
            l = l.with_max_query_bytes(n);
        }
        if let Some(n) = self.max_conditions {
            l = l.with_max_conditions(n);
        }
        if let Some(n) = self.max_list_values {
            l = l.with_max_list_values(n);
        }
        if let Some(n) = self.max_select_columns {
            l = l.with_max_select_columns(n);
        }
        if let Some(n) = self.max_values {
            l = l.with_max_values(n);
        }
        l
    }
}

/// The validation options (`vtql::ValidateOptions`) of `check`, `sql` and `run`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// How `and`/`or` chains are read.
    #[arg(help_heading = VALIDATION, long, value_enum, default_value_t = PrecedenceArg::LeftToRight)]
    pub precedence: PrecedenceArg,
    /// The server's row cap: a larger `limit` gets warning W0310 (`sql` and `run` also cap the rows at it).
    #[arg(help_heading = VALIDATION, long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub row_cap: u64,
    /// Resolve module names ignoring case, as vtiger 5.x servers did (warning W0307 instead of error E0201).
    #[arg(help_heading = VALIDATION, long)]
    pub module_case_insensitive: bool,
    /// Silence a warning code or name (repeatable).
    #[arg(help_heading = VALIDATION, long, value_name = "CODE")]
    pub allow: Vec<String>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Only list the files that are not formatted (`would reformat FILE`); exit 1 if any.
    #[arg(long, conflicts_with_all = ["write"])]
    pub check: bool,
    /// Print a unified diff of the changes instead of the formatted text (exit 1 when there are changes).
    #[arg(long, conflicts_with_all = ["write"])]
    pub diff: bool,
    /// Rewrite the files in place.
    #[arg(long)]
    pub write: bool,
    /// Use the multi-line layout (one clause per line).
    #[arg(long)]
    pub pretty: bool,
}

/// `parse --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A versioned JSON document with the syntax tree of every query.
    Json,
    /// Rust's debug layout of the syntax trees.
    Debug,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
    pub format: ParseFormat,
}

/// `check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line and a caret.
    Human,
    /// A versioned JSON document: `{"version":1,"diagnostics":[...],...}`.
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
}

/// `--deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DenyArg {
    /// Warnings fail the check (exit 1).
    Warnings,
}

/// Where the schema comes from: `--schema PATH...` or `--demo`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// A schema: a `describe` / `listtypes` / `loginAndFetchModules` JSON file or a directory of them (repeatable).
    #[arg(long = "schema", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub schema: SchemaArgs,
    /// Check against the demo CRM's schema.
    #[arg(long, conflicts_with = "paths")]
    pub demo: bool,
    #[command(flatten)]
    pub validate: ValidateArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Make warnings fail the check.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyArg>,
    /// Print every finding in `human` format (by default the first 50 of each file are
    /// printed, then how many more there are; `json` and `github` are always complete).
    #[arg(long)]
    pub all: bool,
}

/// `--target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// MySQL / MariaDB.
    Mysql,
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

/// `sql --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqlFormat {
    /// The SQL, then its parameters as a comment.
    Text,
    /// A versioned JSON document with the SQL and parameters of every query.
    Json,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The SQL dialect to produce.
    #[arg(long, value_enum)]
    pub target: TargetArg,
    /// The module-to-table mapping (JSON); the demo database's mapping by default.
    #[arg(long, value_name = "PATH")]
    pub mapping: Option<PathBuf>,
    #[command(flatten)]
    pub schema: SchemaArgs,
    #[command(flatten)]
    pub validate: ValidateArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SqlFormat::Text)]
    pub format: SqlFormat,
}

/// `run --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    /// An aligned text table.
    Table,
    /// A versioned JSON document with the rows of every query.
    Json,
    /// Comma-separated values with a header line (RFC 4180).
    Csv,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The query text (not a file name: run a file with `vtql run - < FILE`); `-` or nothing reads standard input.
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,
    /// The database: `sqlite:PATH`, `postgres://...` or `mysql://...`; the embedded demo CRM by default. `--schema` needs it: the demo CRM only has the demo schema's tables.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// The module-to-table mapping (JSON); the demo database's mapping by default.
    #[arg(long, value_name = "PATH")]
    pub mapping: Option<PathBuf>,
    #[command(flatten)]
    pub schema: SchemaArgs,
    /// The language accepted.
    #[arg(long, value_enum, default_value_t = DialectArg::Documented)]
    pub dialect: DialectArg,
    /// Output format (`csv` takes one query: CSV holds one table).
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub validate: ValidateArgs,
}

/// `vtql serve`. The access key of the demo user `admin` comes from `VTQL_ACCESS_KEY`, or is
/// generated and printed at start; `--users` replaces that user.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (`HOST:PORT`).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The database: `sqlite:PATH`, `postgres://...` or `mysql://...`; the embedded demo CRM by default. With PostgreSQL or MariaDB, sessions live in the database, so several servers can share them.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    #[command(flatten)]
    pub schema: SchemaArgs,
    /// The module-to-table mapping (JSON); the demo database's mapping by default.
    #[arg(long, value_name = "PATH")]
    pub mapping: Option<PathBuf>,
    /// The users (JSON): user names, access keys, user ids and the schema each one sees.
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// The language accepted: `vtiger` reads queries as a real server does.
    #[arg(long, value_enum, default_value_t = DialectArg::Vtiger)]
    pub dialect: DialectArg,
    /// How `and`/`or` chains are read: `sql` (and binds tighter) is what real servers execute.
    #[arg(long, value_enum, default_value_t = PrecedenceArg::Sql)]
    pub precedence: PrecedenceArg,
    /// Most rows a query returns.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub row_cap: u64,
    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Longest time to answer one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Idle time after which a session expires, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 1440, value_parser = clap::value_parser!(u64).range(1..))]
    pub session_idle: u64,
    /// (Re)create the demo tables and data in the `--db` database before serving.
    #[arg(long, requires = "db")]
    pub load_demo: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. `E0015` (case-insensitive).
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
