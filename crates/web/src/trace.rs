//! Request tracing: every request gets an id (the caller's `x-request-id` when it is a sane
//! token, else a fresh random one), logged in a span around everything the request does, sent
//! back in the `x-request-id` response header and put in every problem body.

use axum::{
    Router,
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::{self, Next},
    response::Response,
};
use rand::Rng;
use tower_http::{request_id::PropagateRequestIdLayer, trace::TraceLayer};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A caller's id is kept only when short and made of `[A-Za-z0-9._-]`, so it cannot forge
/// log lines or smuggle markup into a problem body.
fn acceptable(id: &HeaderValue) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

async fn assign_id(mut req: Request, next: Next) -> Response {
    if !req.headers().get(&REQUEST_ID).is_some_and(acceptable) {
        let id = format!("{:032x}", rand::rng().random::<u128>());
        if let Ok(v) = HeaderValue::from_str(&id) {
            req.headers_mut().insert(REQUEST_ID, v);
        }
    }
    next.run(req).await
}

/// Wraps `router` (outermost layers): id first, then the span, then the response header.
pub fn traced<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!(
                "request",
                request_id = %id,
                method = %req.method(),
                path = %req.uri().path(),
            )
        }))
        .layer(middleware::from_fn(assign_id))
}
