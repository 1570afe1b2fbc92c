//! What a parse is asked to do: the dialect, the size limits and their defaults.

/// Which language the parser accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Dialect {
    /// The documented language, with real-world tolerance: any whitespace, a missing final
    /// `;`, the empty string `''`; at most two `order by` columns. The default.
    #[default]
    Documented,
    /// Exactly what the real vtiger server accepts *and executes correctly*: a mandatory
    /// `;`, no empty string, any number of `order by` columns, `count(*), col`, a bare
    /// in-list as the last condition, `= ('a')`. Where the real server hangs, drops a
    /// value or emits broken SQL, this dialect rejects.
    Vtiger,
}

/// Size limits for untrusted input. Each violation is a clean error with its own code
/// (`E0101`..`E0105`).
///
/// ```
/// use vtql::{ErrorKind, Limits, ParseOptions, Query};
/// let opts = ParseOptions::default().limits(Limits::default().with_max_conditions(2));
/// let err = Query::parse_with("select * from Leads where a = 1 or b = 2 or c = 3;", &opts)
///     .unwrap_err();
/// assert_eq!(err.kind, ErrorKind::TooManyConditions);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Limits {
    /// Longest query text, in bytes (default 1 MiB). Texts longer than
    /// [`MAX_TEXT_BYTES`] (4 GiB − 1) are refused whatever this says.
    pub max_query_bytes: usize,
    /// Most conditions in the where chain (default 4,096).
    pub max_conditions: usize,
    /// Most values in one list (default 10,000).
    pub max_list_values: usize,
    /// Most columns in the select list (default 1,024).
    pub max_select_columns: usize,
    /// Most values in the whole query (default 10,000; below every engine's bound
    /// parameter limit).
    pub max_values: usize,
}

impl Limits {
    /// No limit at all (every maximum is `usize::MAX`). Memory and time stay linear in
    /// the input size; use this only for trusted input.
    pub const UNLIMITED: Limits = Limits {
        max_query_bytes: usize::MAX,
        max_conditions: usize::MAX,
        max_list_values: usize::MAX,
        max_select_columns: usize::MAX,
        max_values: usize::MAX,
    };
}

impl Limits {
    /// Sets [`Limits::max_query_bytes`].
    pub fn with_max_query_bytes(mut self, n: usize) -> Self {
        self.max_query_bytes = n;
        self
    }
    /// Sets [`Limits::max_conditions`].
    pub fn with_max_conditions(mut self, n: usize) -> Self {
        self.max_conditions = n;
        self
    }
    /// Sets [`Limits::max_list_values`].
    pub fn with_max_list_values(mut self, n: usize) -> Self {
        self.max_list_values = n;
        self
    }
    /// Sets [`Limits::max_select_columns`].
    pub fn with_max_select_columns(mut self, n: usize) -> Self {
        self.max_select_columns = n;
        self
    }
    /// Sets [`Limits::max_values`].
    pub fn with_max_values(mut self, n: usize) -> Self {
        self.max_values = n;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_bytes: 1 << 20,
            max_conditions: 4096,
            max_list_values: 10_000,
            max_select_columns: 1024,
            max_values: 10_000,
        }
    }
}

/// Options for [`Query::parse_with`](crate::Query::parse_with).
///
/// ```
/// use vtql::{Dialect, ParseOptions, Query};
/// let vtiger = ParseOptions::default().dialect(Dialect::Vtiger);
/// assert!(Query::parse_with("select * from Contacts", &vtiger).is_err()); // `;` is required
/// assert!(Query::parse("select * from Contacts").is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ParseOptions {
    /// The language accepted.
    pub dialect: Dialect,
    /// Size limits.
    pub limits: Limits,
}

impl ParseOptions {
    /// The defaults: documented dialect, default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the dialect.
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Sets the limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// The longest text any parse accepts, whatever [`Limits::max_query_bytes`] says: spans
/// hold `u32` offsets.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;
