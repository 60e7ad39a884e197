//! The monthly service report (issue 20) rendered for people: SVG charts, HTML (a fragment
//! for the web UI and a standalone document) and, behind the default `pdf` feature, a PDF laid
//! out by Typst. It only renders `service::reports::model::MonthlyReport`; the figures are
//! computed in the service crate, so every output shows the same numbers.

pub mod charts;
pub mod fmt;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod sample;
mod texts;
pub mod view;
