//! Sign-in, sign-out, the language switch and the role-based home redirect.

use askama::Template;
use std::net::SocketAddr;

use axum::{
    Form, Router,
    extract::ConnectInfo,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use domain::user::Locale;
use serde::Deserialize;
use service::{Service, ServiceError};

use super::{
    Chrome,
    i18n::{Tr, negotiate},
    page,
    session::{self, CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang", post(set_lang))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    next: &'a str,
    email: &'a str,
    /// What just happened (a password was set through an e-mailed link).
    flash: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
    /// `password`: a password was just set through an e-mailed link.
    done: Option<String>,
}

/// Where to go after sign-in: only a path on this site. It must start with exactly one `/`
/// (`//host` and `/\\host` are other origins to a browser, which also drops tabs and line
/// breaks, so `/\t/host` is `//host`) and hold only visible ASCII with no backslash, both as
/// sent and percent-decoded. `None` means the role's landing page. Checked before anything
/// is written, so a refused `next` never leaves a session row behind.
pub(crate) fn safe_next(next: Option<&str>) -> Option<&str> {
    fn local_path(p: &str) -> bool {
        let b = p.as_bytes();
        b.first() == Some(&b'/')
            && !matches!(b.get(1), Some(b'/' | b'\\'))
            && b.iter().all(|c| c.is_ascii_graphic() && *c != b'\\')
    }
    let n = next?;
    // Decoding twice covers a proxy or browser that decodes once more than expected.
    let once = percent_decode(n);
    let twice = percent_decode(&once);
    (local_path(n) && local_path(&once) && local_path(&twice)).then_some(n)
}

/// `%XX` → byte (lossy UTF-8); anything else kept as is.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| hex(*c)),
                b.get(i + 2).and_then(|c| hex(*c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page a role starts on.
fn landing(actor: &service::Actor) -> &'static str {
    if actor.is_staff() {
        "/console"
    } else {
        "/portal"
    }
}

pub(crate) fn anonymous_tr(headers: &HeaderMap, lang: Option<&str>) -> Tr {
    let locale = lang.and_then(Locale::parse).unwrap_or_else(|| {
        negotiate(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    });
    Tr::new(locale, "America/Argentina/Buenos_Aires")
}

async fn home(s: Session) -> Redirect {
    Redirect::to(landing(&s.0.actor))
}

async fn login_page(headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let t = anonymous_tr(&headers, q.lang.as_deref());
    page::render(&LoginPage {
        t: &t,
        chrome: None,
        next: safe_next(q.next.as_deref()).unwrap_or(""),
        email: "",
        flash: (q.done.as_deref() == Some("password")).then(|| t.t("account-password-set")),
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
    lang: Option<String>,
}

/// The client address that login throttling counts against: the TCP peer, or the first
/// `X-Forwarded-For` hop when `ATIENDE_TRUST_PROXY=true` says a reverse proxy sets it
/// (otherwise anyone could dodge the limit by sending a fresh header each time).
fn client_addr(peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<String> {
    let trust_proxy = std::env::var("ATIENDE_TRUST_PROXY").is_ok_and(|v| v == "true" || v == "1");
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').next().unwrap_or(v).trim().to_string());
    match (trust_proxy, forwarded) {
        (true, Some(f)) => Some(f),
        _ => peer.map(|p| p.ip().to_string()),
    }
}

async fn login(
    State(svc): State<Service>,
    // Absent when the router is served without connect info (then only the e-mail counts).
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let t = anonymous_tr(&headers, f.lang.as_deref());
    // No session exists yet, so the login form is protected by the origin check alone.
    if !session::same_origin(&headers) {
        return page::error(&t, StatusCode::FORBIDDEN, &t.t("error-csrf"));
    }
    let addr = client_addr(peer.map(|c| c.0.0), &headers);
    let next = safe_next(f.next.as_deref());
    match svc.login(&f.email, &f.password, addr.as_deref()).await {
        Ok((token, session)) => {
            let mut res = Redirect::to(next.unwrap_or(landing(&session.actor))).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                session::set_cookie(&token, session::secure_cookies()),
            );
            res
        }
        Err(e) => {
            let (status, msg) = match e {
                ServiceError::RateLimited { .. } => {
                    (StatusCode::TOO_MANY_REQUESTS, t.t("login-rate-limited"))
                }
                ServiceError::Unauthorized => (StatusCode::UNAUTHORIZED, t.t("login-failed")),
                ServiceError::Invalid(_) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, t.t("login-email-invalid"))
                }
                other => return page::service_error(&t, other),
            };
            // Never echo control characters back into the page.
            let email: String = f.email.chars().filter(|c| !c.is_control()).collect();
            let mut res = page::render(&LoginPage {
                t: &t,
                chrome: None,
                next: next.unwrap_or(""),
                email: &email,
                flash: None,
                error: Some(msg),
            });
            *res.status_mut() = status;
            res
        }
    }
}

async fn logout(
    State(svc): State<Service>,
    headers: HeaderMap,
    _f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    if let Some(token) = session::cookie_token(&headers) {
        let _ = svc.logout(&token).await;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie());
    res
}

#[derive(Deserialize)]
struct LangForm {
    locale: String,
    back: Option<String>,
}

async fn set_lang(State(svc): State<Service>, f: CsrfForm<LangForm>) -> Response {
    let t = f.session.tr();
    let Some(locale) = Locale::parse(&f.form.locale) else {
        return page::error(&t, StatusCode::UNPROCESSABLE_ENTITY, "locale");
    };
    if let Err(e) = svc.set_locale(&f.session.0.actor, locale).await {
        return page::service_error(&t, e);
    }
    Redirect::to(safe_next(f.form.back.as_deref()).unwrap_or("/")).into_response()
}
