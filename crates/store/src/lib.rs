//! Persistence: the only crate that knows SQLite and PostgreSQL exist.
//!
//! SQL is written once with `$1` placeholders (sqlx-sqlite accepts them) and run
//! through [`on_db!`]/[`on_tx!`]; dialect-specific statements are explicit `match`es.
#![forbid(unsafe_code)]

#[macro_use]
mod db;
mod error;

pub mod account_tokens;
pub mod attachments;
pub mod bulk;
pub mod canned;
pub mod clients;
pub mod contract;
pub mod dashboard;
pub mod deletes;
pub mod events;
pub mod hours;
pub mod inbound_mail;
pub mod jobs;
pub mod kb;
pub mod mail_servers;
pub mod maintenance;
pub mod messages;
pub mod monitors;
pub mod notifications;
pub mod policies;
pub mod quotes;
pub mod report_delivery;
pub mod reports;
pub mod search;
pub mod ticket_list;
pub mod tickets;
pub mod users;
pub mod web_sessions;
pub mod webhooks;

pub use db::{Db, DbUrl, Engine, Tx, migrate_postgres};
pub use error::StoreError;

pub type Result<T> = std::result::Result<T, StoreError>;
