//! HTTP front of `vtql-service`: `vtql serve`.
#![forbid(unsafe_code)]
