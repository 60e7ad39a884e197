//! Reports (issue 20): one figures layer for a client and a month, read by every output.
//!
//! - `outcomes` — THE compliance computation (docs/sla.md §8–9), shared with the dashboard;
//! - `params` — parameters parsed at the boundary, months as instants of the client's zone;
//! - `histories` — the month's tickets and their histories, read set-based;
//! - `figures`, `campuses`, `monthly` — the sections of [`model::MonthlyReport`];
//! - `csv` — the tickets behind the figures; `compliance` — the compliance API.

mod campuses;
mod compliance;
mod csv;
mod figures;
mod histories;
pub mod model;
mod monthly;
pub(crate) mod outcomes;
mod params;

pub use compliance::{
    ComplianceMonth, ComplianceQuery, ComplianceReport, ComplianceRow, MAX_MONTHS,
};
pub use csv::HEADER as CSV_HEADER;
pub(crate) use params::windows;
pub use params::{MonthlyQuery, id_param};
