//! Response headers every answer carries (browser hardening) and the request-head limit.
//!
//! The policy allows scripts and styles from this origin only: the templates hold no inline
//! script, `on*=` handler or `style=` attribute (behaviour lives in `static/app.js`).
//! Responses that set their own `Content-Security-Policy` or `Cache-Control` (attachment
//! downloads, static assets) keep theirs.

use axum::{
    Router,
    extract::Request,
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Most headers a request may carry, and their total size (names + values): far above what
/// browsers and API clients send, low enough that a request head stays small in memory.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Adds the hardening headers to every response of `router`. `hsts` when the site is served
/// over HTTPS (`ATIENDE_SECURE_COOKIES=true`): then browsers must never use plain HTTP again.
pub fn harden<S: Clone + Send + Sync + 'static>(router: Router<S>, hsts: bool) -> Router<S> {
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let router = router
        .layer(fixed(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(header::REFERRER_POLICY, "same-origin"))
        // Pages and API answers hold one user's data: no cache keeps them.
        .layer(fixed(header::CACHE_CONTROL, "no-store"));
    if hsts {
        router.layer(fixed(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    }
}

/// Refuses a request head over [`MAX_HEADERS`] / [`MAX_HEADER_BYTES`] with 431: problem+json
/// under `/api`, a plain message elsewhere.
pub async fn limit_request_head(req: Request, next: Next) -> Response {
    let h = req.headers();
    let bytes: usize = h.iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if h.len() <= MAX_HEADERS && bytes <= MAX_HEADER_BYTES {
        return next.run(req).await;
    }
    let detail = format!(
        "the request headers are too large (at most {MAX_HEADERS} headers, {MAX_HEADER_BYTES} bytes)"
    );
    if req.uri().path().starts_with("/api") {
        ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers-too-large",
            detail,
        )
        .into_response()
    } else {
        (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, detail).into_response()
    }
}
