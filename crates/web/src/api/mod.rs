//! The REST API router and its OpenAPI document.

mod admin;
mod contract;
mod dashboard;
mod hours;
mod inbound;
mod jobs;
mod kb;
mod mail_settings;
mod maintenance;
mod monitors;
mod notifications;
mod openapi;
mod quotes;
mod reports;
mod system;
mod tickets;
mod upload_query;
mod webhooks;

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

/// How the HTTP surface is put together (what `atiende serve` reads from its environment).
#[derive(Debug, Clone)]
pub struct Options {
    /// Serve `/metrics` on this router; false when it has a listener of its own
    /// (`ATIENDE_METRICS_BIND`), so the public address does not expose it.
    pub metrics: bool,
    /// Send `Strict-Transport-Security` (the site is served over HTTPS).
    pub hsts: bool,
    /// How many uploads are received at once and where they are spooled.
    pub uploads: crate::UploadConfig,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            metrics: true,
            hsts: crate::ui::session::secure_cookies(),
            uploads: crate::UploadConfig::default(),
        }
    }
}

/// The whole HTTP surface for one `Service`, with the default [`Options`].
pub fn router(svc: Service) -> Router {
    router_with(svc, &Options::default())
}

pub fn router_with(svc: Service, opts: &Options) -> Router {
    crate::metrics::handle();
    let (api, doc) = OpenApiRouter::with_openapi(openapi::base())
        .merge(tickets::routes())
        .merge(admin::routes())
        .merge(jobs::routes())
        .merge(notifications::routes())
        .merge(inbound::routes())
        .merge(mail_settings::routes())
        .merge(maintenance::routes())
        .merge(webhooks::routes())
        .merge(monitors::routes())
        .merge(contract::routes())
        .merge(quotes::routes())
        .merge(hours::routes())
        .merge(reports::routes())
        .merge(dashboard::routes())
        .merge(kb::routes())
        .split_for_parts();
    let doc = openapi::finish(doc);
    let mut app = Router::new()
        .merge(api)
        .merge(system::routes(doc))
        .merge(crate::ui::routes());
    if opts.metrics {
        app = app.merge(system::metrics_routes());
    }
    let app = app
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(domain::limits::JSON_BODY_MAX_BYTES))
        .layer(axum::Extension(crate::uploads::Uploads::new(&opts.uploads)))
        .layer(middleware::from_fn(crate::metrics::track))
        // A bug must answer 500 problem+json, not drop the connection.
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ))
        }))
        .layer(middleware::from_fn(crate::extract::refuse_nul_in_query))
        .layer(middleware::from_fn(crate::headers::limit_request_head))
        .layer(middleware::from_fn(crate::error::problems));
    crate::trace::traced(crate::headers::harden(app, opts.hsts)).with_state(svc)
}

/// `/metrics` alone, for its own listener (`ATIENDE_METRICS_BIND`).
pub fn metrics_router() -> Router {
    crate::metrics::handle();
    crate::trace::traced(system::metrics_routes())
}
