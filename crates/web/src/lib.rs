//! HTTP: the REST API (`/api/v1`, OpenAPI at `/api/openapi.json`), health and metrics.
#![forbid(unsafe_code)]

pub mod api;
mod download;
mod error;
mod extract;
mod metrics;
pub mod ui;
pub mod uploads;

pub use api::{router, router_with};
pub use error::{ApiError, Problem};
pub use uploads::UploadConfig;
