//! RFC 9457 problem details: every error leaves as `application/problem+json`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::FieldError;
use serde::Serialize;
use service::ServiceError;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem class (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: Option<String>,
    /// Per-field validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// The request's id: the `x-request-id` response header, and the id in the server's log
    /// lines for this request (added on the way out by [`problems`]). Quote it when reporting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The JSON path of the offending field (`subject`, `targets.low.target_seconds`).
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            kind,
            detail: Some(detail.into()),
            errors: Vec::new(),
        }
    }

    pub fn field(status: StatusCode, kind: &'static str, e: FieldError) -> Self {
        ApiError {
            status,
            kind,
            detail: Some(e.to_string()),
            errors: vec![e],
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such object")
            }
            ServiceError::Forbidden(why) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", why),
            ServiceError::Unauthorized => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is required",
            ),
            ServiceError::Invalid(errors) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                kind: "validation",
                detail: Some("the request has invalid fields".into()),
                errors,
            },
            ServiceError::RateLimited {
                retry_after_seconds,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                format!("too many attempts; retry in {retry_after_seconds} s"),
            ),
            ServiceError::State { message, .. } => {
                ApiError::new(StatusCode::CONFLICT, "state", message)
            }
            ServiceError::Conflict { field } => ApiError::field(
                StatusCode::CONFLICT,
                "conflict",
                FieldError::new(field, "taken", "already exists"),
            ),
            other => {
                // Never leak internals: log the cause, answer a generic 500.
                tracing::error!(error = %other, "request failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; it has been logged",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Problem {
            kind: format!("https://atiende.invalid/problems/{}", self.kind),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self
                .errors
                .into_iter()
                .map(|e| FieldProblem {
                    field: e.field,
                    code: e.code.to_string(),
                    message: e.message,
                })
                .collect(),
            request_id: None,
        };
        let mut res = (
            self.status,
            serde_json::to_string(&body).unwrap_or_default(),
        )
            .into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// Every error under `/api` leaves as problem+json, including the ones the framework writes
/// itself (405 with its `Allow`, 413, 415, extractor rejections…), whose plain-text body
/// becomes the `detail`. Every problem body gets the request's id (`request_id`), the one in
/// the `x-request-id` response header and in the request's log lines.
pub async fn problems(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api");
    let request_id = req
        .headers()
        .get(crate::trace::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(is_problem || api && (status.is_client_error() || status.is_server_error())) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Our own problem bodies and the framework's messages are small; a larger body is not one.
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let mut value = if is_problem {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| serde_json::json!({}))
    } else {
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        let kind = match status {
            StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "media-type",
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "headers-too-large",
            s if s.is_server_error() => "internal",
            _ => "bad-request",
        };
        let detail = if text.is_empty() {
            status.canonical_reason().unwrap_or("error").to_string()
        } else {
            text
        };
        serde_json::to_value(Problem {
            kind: format!("https://atiende.invalid/problems/{kind}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: Some(detail),
            errors: Vec::new(),
            request_id: None,
        })
        .unwrap_or_default()
    };
    if let (Some(id), Some(obj)) = (request_id, value.as_object_mut()) {
        obj.insert("request_id".into(), serde_json::Value::String(id));
    }
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(value.to_string()))
}
