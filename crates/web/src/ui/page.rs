//! Rendering: every page is an askama template wrapped in the shared layout.

use askama::Template;
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::i18n::Tr;

/// Renders a template; a template error is logged and shown as a plain 500 page.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub t: &'a Tr,
    pub chrome: Option<super::Chrome>,
    pub status: u16,
    pub message: &'a str,
}

/// An HTML error page with the right status.
pub fn error(t: &Tr, status: StatusCode, message: &str) -> Response {
    let mut res = render(&ErrorPage {
        t,
        chrome: None,
        status: status.as_u16(),
        message,
    });
    *res.status_mut() = status;
    res
}

/// Maps a service error to an HTML error page (404 across tenants, 403 within).
pub fn service_error(t: &Tr, e: service::ServiceError) -> Response {
    use service::ServiceError as E;
    match e {
        E::NotFound => error(t, StatusCode::NOT_FOUND, &t.t("error-not-found")),
        E::Forbidden(_) => error(t, StatusCode::FORBIDDEN, &t.t("error-forbidden")),
        E::Unauthorized => error(t, StatusCode::UNAUTHORIZED, &t.t("error-unauthorized")),
        E::Invalid(_) | E::State { .. } | E::Conflict { .. } => {
            let status = if matches!(e, E::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let msg = super::feedback::service_message(t, &e).unwrap_or_default();
            error(t, status, &msg)
        }
        E::RateLimited { .. } => {
            error(t, StatusCode::TOO_MANY_REQUESTS, &t.t("error-rate-limited"))
        }
        other => {
            tracing::error!(error = %other, "page failed");
            error(t, StatusCode::INTERNAL_SERVER_ERROR, &t.t("error-internal"))
        }
    }
}
