//! The REST API router and its OpenAPI document.

mod admin;
mod openapi;
mod system;
mod tickets;
mod upload_query;

use axum::{Router, extract::DefaultBodyLimit, http::StatusCode, middleware};
use service::Service;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;

/// API paths answer problem+json; everything else is a page.
async fn not_found(
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        return ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such route").into_response();
    }
    let locale = crate::ui::i18n::negotiate(
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let t = crate::ui::i18n::Tr::new(locale, "UTC");
    crate::ui::page::error(&t, StatusCode::NOT_FOUND, &t.t("error-not-found"))
}

/// The whole HTTP surface for one `Service`, with the default upload settings.
pub fn router(svc: Service) -> Router {
    router_with(svc, &crate::UploadConfig::default())
}

/// The whole HTTP surface for one `Service`.
pub fn router_with(svc: Service, uploads: &crate::UploadConfig) -> Router {
    crate::metrics::handle();
    let (api, doc) = OpenApiRouter::with_openapi(openapi::base())
        .merge(tickets::routes())
        .merge(admin::routes())
        .split_for_parts();
    let doc = openapi::finish(doc);
    Router::new()
        .merge(api)
        .merge(system::routes(doc))
        .merge(crate::ui::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(domain::limits::JSON_BODY_MAX_BYTES))
        .layer(axum::Extension(crate::uploads::Uploads::new(uploads)))
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
