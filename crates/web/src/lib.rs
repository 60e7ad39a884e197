//! HTTP: the REST API (`/api/v1`, OpenAPI at `/api/openapi.json`), health and metrics.
#![forbid(unsafe_code)]

pub mod api;
mod download;
mod error;
mod extract;
mod headers;
mod metrics;
mod trace;
pub mod ui;
pub mod uploads;

pub use api::{Options, metrics_router, router, router_with};
pub use error::{ApiError, Problem};
pub use uploads::UploadConfig;
