//! Browser sessions: the cookie, the signed-in user, and CSRF protection for every form.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::de::DeserializeOwned;
use service::{Service, web_session::WebSession};

use super::{i18n::Tr, page};

pub const COOKIE: &str = "atiende_session";

/// The cookie value from a request, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == COOKIE).then(|| v.to_string())
        })
}

/// `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Lax (no cross-site
/// POST carries it), `Secure` when the server is told it sits behind HTTPS.
pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = service::web_session::SESSION_HOURS * 3600;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or(HeaderValue::from_static("atiende_session=; Path=/"))
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("atiende_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// Whether cookies get the `Secure` flag (set `ATIENDE_SECURE_COOKIES=true` behind TLS).
pub fn secure_cookies() -> bool {
    std::env::var("ATIENDE_SECURE_COOKIES").is_ok_and(|v| v == "true" || v == "1")
}

/// A signed-in browser user. Pages that need one redirect to the login otherwise.
pub struct Session(pub WebSession);

impl Session {
    pub fn tr(&self) -> Tr {
        Tr::new(self.0.locale, &self.0.time_zone)
    }
}

impl FromRequestParts<Service> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Response> {
        if let Some(token) = cookie_token(&parts.headers)
            && let Ok(s) = svc.session(&token).await
        {
            return Ok(Session(s));
        }
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let to = format!("/login?next={}", urlencode(next));
        Err(Redirect::to(&to).into_response())
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// A cross-site request is refused before its form is even read: browsers send `Origin`
/// (and `Sec-Fetch-Site`) on POSTs, and a foreign one never matches our `Host`.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, h)| h == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The body of a form that carries nothing but `_csrf` (delete, revoke, retry, take…).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

/// A POSTed form from a signed-in user whose `_csrf` field matches the session's token.
/// Any mismatch (or a foreign origin) is a 403 page; nothing is read or written.
pub struct CsrfForm<T> {
    pub session: Session,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<Service> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, svc: &Service) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, svc).await?;
        let tr = session.tr();
        if !same_origin(&parts.headers) {
            return Err(page::error(&tr, StatusCode::FORBIDDEN, &tr.t("error-csrf")));
        }
        let bytes = Bytes::from_request(Request::from_parts(parts, body), svc)
            .await
            .map_err(|_| {
                page::error(&tr, StatusCode::PAYLOAD_TOO_LARGE, &tr.t("error-too-large"))
            })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str());
        if !sent.is_some_and(|t| constant_time_eq(t.as_bytes(), session.0.csrf.as_bytes())) {
            return Err(page::error(&tr, StatusCode::FORBIDDEN, &tr.t("error-csrf")));
        }
        // PostgreSQL cannot store NUL: refuse it in any field, naming the field, before any
        // use case sees it (control characters of single-line fields are the validators').
        if let Some((field, _)) = pairs
            .iter()
            .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            let field: String = field.chars().filter(|c| !c.is_control()).collect();
            return Err(page::error(
                &tr,
                StatusCode::UNPROCESSABLE_ENTITY,
                &tr.t1("error-bad-character", "field", field),
            ));
        }
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| page::error(&tr, StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()))?;
        Ok(CsrfForm { session, form })
    }
}

/// Compares secrets without an early exit (no timing oracle).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
