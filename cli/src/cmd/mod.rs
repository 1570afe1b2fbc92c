//! One module per subcommand.

pub mod check;
pub mod fmt;
pub mod parse;
pub mod run;
pub mod serve;
pub mod sql;
