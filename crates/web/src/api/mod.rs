//! The REST API router and its OpenAPI document.

mod admin;
mod openapi;
mod system;
mod tickets;

use axum::{Router, extract::DefaultBodyLimit, http::StatusCode, middleware};
use service::Service;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;

/// The whole HTTP surface for one `Service`.
pub fn router(svc: Service) -> Router {
    crate::metrics::handle();
    let (api, doc) = OpenApiRouter::with_openapi(openapi::base())
        .merge(tickets::routes())
        .merge(admin::routes())
        .split_for_parts();
    let doc = openapi::finish(doc);
    Router::new()
        .merge(api)
        .merge(system::routes(doc))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such route") })
        .layer(DefaultBodyLimit::max(domain::limits::JSON_BODY_MAX_BYTES))
        .layer(middleware::from_fn(crate::metrics::track))
        // A bug must answer 500 problem+json, not drop the connection.
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ))
        }))
        .with_state(svc)
}
