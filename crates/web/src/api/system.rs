//! `/healthz`, `/readyz`, `/metrics`, `/api/openapi.json`.

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use service::Service;

pub fn routes(doc: serde_json::Value) -> Router<Service> {
    let doc = std::sync::Arc::new(doc);
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route(
            "/api/openapi.json",
            get(move || async move { Json((*doc).clone()) }),
        )
}

async fn ready(State(svc): State<Service>) -> (StatusCode, &'static str) {
    match svc.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// `/metrics`: on the main router, or on a listener of its own (then nowhere else).
pub fn metrics_routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics() -> String {
    crate::metrics::handle()
        .map(|h| h.render())
        .unwrap_or_default()
}
