//! The console area of the web UI.

use axum::Router;
use service::Service;

pub fn routes() -> Router<Service> {
    Router::new()
}
