//! Full-text search over tickets on the database's own engine: SQLite FTS5 (`ticket_fts`) or
//! PostgreSQL `tsvector` + GIN (`ticket_search`), migrations 0027 and 0029.
//!
//! The words are chosen in Rust (`domain::search`) on both sides: a ticket's document is
//! rebuilt from its rows and replaced in the same transaction as the change that alters it (a
//! message, a subject, tags, a client or campus renamed), and a query reaches the engine only
//! as literal terms rendered by `SearchQuery`.

mod backfill;
mod document;
mod filter;

pub use backfill::{BackfillProgress, backfill_step, optimize, reset_backfill};
pub use document::{Scope, reindex};
pub(crate) use filter::Part;
pub use filter::TextFilter;
