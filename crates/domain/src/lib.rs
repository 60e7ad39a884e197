//! Pure types and rules of Atiende: no I/O, no database, no HTTP.
//!
//! Everything here is deterministic so that the SLA clock (`sla`) can be
//! replayed from a ticket's history and property-tested.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod contract;
pub mod csv;
pub mod error;
pub mod hours;
pub mod ids;
pub mod kb;
pub mod limits;
pub mod maintenance;
pub mod priority;
pub mod quote;
pub mod scope;
pub mod scope_suggestion;
pub mod search;
pub mod sla;
pub mod ticket;
pub mod user;

pub use error::FieldError;
pub use priority::Priority;
