//! Full-text search rules shared by both engines and every search box (tickets, articles).
//!
//! The database only ever sees words we produced: a text is folded here (lower-case, accents
//! stripped, split on anything that is not a letter or digit) and stored as space-separated
//! words, so SQLite FTS5 and PostgreSQL's `simple` parser tokenise it identically; a user's
//! query is parsed here into literal terms and rendered as an FTS5 expression or a `tsquery`,
//! never passed through raw (FTS5 and `to_tsquery` both treat `"`, `*`, `:`, `-`, `&`, `!` … as
//! syntax, and a stray one is an SQL error).
//!
//! Matching: the index stores each word and, beside it, its Snowball stem (Spanish or English,
//! `Stemmers::stem`); a finished word of a query looks up its stem as one exact token, so
//! "matricular", "Matriculación" and "matricula" find one another at the cost of a plain
//! lookup, and the last word, which may still be being typed, also matches as a prefix.

mod query;
mod snippet;
mod stopwords;
mod text;

pub use query::{Clause, Combine, SearchQuery, Term};
pub use snippet::{Segment, snippet};
pub use text::{MAX_WORD_CHARS, Stemmers, Word, index_text, index_words, words};
