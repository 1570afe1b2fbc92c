//! # vtql
//!
//! The query language of the vtiger / Simply CRM web service (VTQL), for both sides of
//! the wire:
//!
//! - **parse** untrusted query strings into a typed, zero-copy [`Query`] with precise,
//!   coded [`ParseError`]s ([`Query::parse`], [`ParseOptions`], [`Dialect`]);
//! - **print** them back in a canonical form (`Display`) or a pretty one (`{:#}`), so
//!   that `parse(print(q)) == q`;
//! - read an and/or chain under the documented left-to-right rule or the SQL precedence
//!   real servers apply ([`ast::WhereClause::grouped`], [`ast::WhereClause::readings_differ`]);
//! - **validate** them against a schema ([`Query::validate`] into a [`Validated`], which
//!   carries every value read as its field's type), then translate them to parameterized
//!   SQL ([`Validated::to_sql`]) or run them over records in memory
//!   ([`Validated::evaluate`]).
//!
//! ```
//! use vtql::{Precedence, Query};
//!
//! let q = Query::parse(
//!     "select firstname, lastname from Contacts \
//!      where lastname like 'Sm%' or mailingcity = 'Oslo' and leadsource = 'Web Site' \
//!      order by lastname limit 10;",
//! )?;
//! assert_eq!(q.module.name, "Contacts");
//! let chain = q.where_clause.as_ref().unwrap();
//! assert!(chain.readings_differ());
//! assert_eq!(
//!     chain.grouped(Precedence::LeftToRight).to_string(),
//!     "(lastname like 'Sm%' or mailingcity = 'Oslo') and leadsource = 'Web Site'"
//! );
//! println!("{q:#}");
//! # Ok::<(), vtql::ParseError>(())
//! ```
//!
//! The grammar, both dialects and every deviation from the documentation and from the
//! real server are specified in `grammar.md`.
//!
//! Every code the crate emits is explained in [`validate::codes`]. With the optional
//! feature `miette`, [`ParseError`] and the validator's [`Diagnostic`] implement
//! `miette::Diagnostic`, linking each code to its explanation.

// One module packs a value's text in 16 bytes (`ast/literal.rs`, with the measurement
// that needs it); everything else is safe code, and `deny` keeps it so.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod build;
#[cfg(feature = "demo")]
pub mod demo;
mod error;
pub mod eval;
mod line_index;
#[cfg(feature = "miette")]
mod miette_support;
pub mod parse;
pub mod report;
pub mod schema;
mod span;
pub mod sql;
pub mod validate;
pub mod value;

// The pipeline's nouns: parse (`Query::parse`), validate (`Query::validate` into a
// `Validated`), then `Validated::to_sql` or `Validated::evaluate`. Everything else is
// reached through its module (`ast`, `build`, `schema`, `sql`, `eval`, `value`...).
pub use ast::{Precedence, Query};
pub use error::{ErrorKind, Expectation, Expected, ParseError};
pub use line_index::LineIndex;
pub use parse::{Dialect, Limits, ParseOptions};
pub use schema::Schema;
pub use span::{LineCol, Span};
pub use validate::{Diagnostic, Diagnostics, ValidateOptions, Validated};
pub use value::RecordId;

/// The code blocks of `README.md`, compiled and run as doctests so the README cannot
/// drift from the library.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
