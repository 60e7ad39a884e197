//! Integration tests: the real server, real databases (SQLite file and PostgreSQL), a set clock.

mod harness;

mod lifecycle;
mod schema;
