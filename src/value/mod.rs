//! Values as the pipeline reads them, each rule written once: how a field is stored
//! ([`Storage`]), the calendar and its readers ([`Date`], [`Time`], [`DateTime`]),
//! numbers and flags ([`number`], [`boolean`]), record ids ([`RecordId`]) and the typed
//! constant a validated condition carries ([`Constant`]).
//!
//! The validator reads every value of a condition with these readers and keeps what it
//! read in the [`Validated`](crate::Validated) query; the SQL translator and the
//! evaluator use those constants and never read the query's text again. The builder's
//! date, time and record-id values are these types, so what it writes is what the
//! validator accepts.

pub mod boolean;
mod calendar;
mod constant;
mod error;
pub mod number;
mod record_id;
mod storage;

pub use calendar::{civil_from_days, days_from_civil, Date, DateTime, Time};
pub use constant::{Constant, Stored};
pub use error::{StorageMismatch, ValueError};
pub use record_id::RecordId;
pub use storage::Storage;

pub(crate) use calendar::read_date_format;
