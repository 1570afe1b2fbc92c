//! The operations: [`login`] (getchallenge, login, logout) and [`read`] (describe,
//! query, retrieve).

pub(crate) mod login;
pub(crate) mod read;
