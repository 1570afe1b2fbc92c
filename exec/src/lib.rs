//! Runs vtql's SQL on SQLite, PostgreSQL and MariaDB/MySQL.
#![forbid(unsafe_code)]
