//! Extractors whose rejections are problem+json: JSON bodies (naming the bad field),
//! bearer authentication, path ids and query strings.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Query, Request, rejection::BytesRejection},
    http::{StatusCode, header, request::Parts},
};
use domain::FieldError;
use serde::de::DeserializeOwned;
use service::{Actor, Service};

use crate::error::ApiError;

/// A JSON body: syntax errors (incl. invalid UTF-8) → 400; well-formed JSON of the wrong
/// shape (types, unknown enum values, missing or unknown fields) → 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.split(';').next().is_some_and(|m| {
                    m.trim().eq_ignore_ascii_case("application/json") || m.trim().ends_with("+json")
                })
            });
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "media-type",
                "send Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if let Some(field) = nul_field(bytes) {
        return Err(nul_error(field));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut *de) {
        // Trailing garbage after the value is a syntax error too.
        Ok(v) => match de.end() {
            Ok(()) => Ok(v),
            Err(e) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed-json",
                e.to_string(),
            )),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            // A shape error met before a syntax error later in the body (truncation,
            // trailing garbage, invalid UTF-8) is still a malformed body: 400, not 422.
            if let Err(syntax) = serde_json::from_slice::<serde_json::Value>(bytes) {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed-json",
                    syntax.to_string(),
                ));
            }
            // Well-formed JSON, so whatever serde refused is the shape. (serde_json reports a
            // number where an enum's string belongs as a syntax-class "expected value".)
            let message = if inner.is_data() {
                strip_position(&inner.to_string())
            } else {
                "has the wrong type".to_string()
            };
            let field = if path == "." {
                missing_field(&inner.to_string()).unwrap_or_default()
            } else {
                path
            };
            Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                FieldError::new(field, "invalid", message),
            ))
        }
    }
}

/// The path of the first string (or key) of a JSON body that holds NUL (`\u0000`), which no
/// text field may contain (PostgreSQL cannot store it). Cheap when absent: the body is only
/// parsed a second time when the escape appears in it.
fn nul_field(bytes: &[u8]) -> Option<String> {
    if !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return None;
    }
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) => s.contains('\0').then(|| path.to_string()),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            serde_json::Value::Object(o) => o.iter().find_map(|(k, v)| {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k.contains('\0') {
                    Some(p.replace('\0', "\\u0000"))
                } else {
                    walk(v, &p)
                }
            }),
            _ => None,
        }
    }
    walk(&serde_json::from_slice(bytes).ok()?, "")
}

/// 422 naming the field that holds a NUL character.
pub fn nul_error(field: String) -> ApiError {
    ApiError::field(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
        FieldError::new(field, "control_character", "must not contain NUL (U+0000)"),
    )
}

/// serde reports a missing field at the parent path; name the field itself.
fn missing_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

fn strip_position(msg: &str) -> String {
    msg.split(" at line ").next().unwrap_or(msg).to_string()
}

pub fn body_rejection(r: BytesRejection) -> ApiError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "the request body is larger than allowed",
        )
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-body", r.body_text())
    }
}

/// The authenticated caller of an API request.
pub struct Auth(pub Actor);

impl FromRequestParts<Service> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send Authorization: Bearer <token>",
                )
            })?;
        Ok(Auth(svc.authenticate_token(token.trim()).await?))
    }
}

/// Query strings with problem+json rejections naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    e.body_text(),
                )
            })
    }
}

/// A numeric path id; anything else is 404 (no object can have that id).
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such object"))?;
        let id = domain::ticket::parse_ticket_ref(&raw)
            .map(|t| t.0)
            .filter(|id| *id > 0);
        id.map(Id)
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such object"))
    }
}

/// NUL in any query parameter, on any route, is refused before a handler sees it: problem+json
/// naming the parameter under `/api`, a 422 page elsewhere (no text field may hold NUL, and
/// PostgreSQL cannot store it).
pub async fn refuse_nul_in_query(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Some(q) = req.uri().query().filter(|q| q.contains("%00")) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q).unwrap_or_default();
        if let Some((k, _)) = pairs
            .iter()
            .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            let field = k.replace('\0', "%00");
            if req.uri().path().starts_with("/api") {
                return nul_error(field).into_response();
            }
            let locale = crate::ui::i18n::negotiate(
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            );
            let t = crate::ui::i18n::Tr::new(locale, "UTC");
            return crate::ui::page::error(
                &t,
                StatusCode::UNPROCESSABLE_ENTITY,
                &t.t1("error-bad-character", "field", field),
            );
        }
    }
    next.run(req).await
}
