//! Links sent by e-mail: "Forgot your password?" (`/forgot-password`) and the page behind an
//! invitation or reset link (`/password/{token}`), where the user chooses a password.
//!
//! The reset request always gets the same page, status and timing (the use case pads it),
//! whether or not the address belongs to a user. A dead link gets a page in its user's
//! language — 404 when it was never issued, 410 when used or expired — with the form to ask
//! for a new one.

use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use domain::limits;
use serde::Deserialize;
use service::{
    Service, ServiceError,
    account_mail::{AccountLink, LinkState, Purpose},
};

use super::{Chrome, auth_pages::anonymous_tr, feedback, i18n::Tr, page, session};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/forgot-password", get(forgot_page).post(forgot))
        .route("/password/{token}", get(link_page).post(set_password))
}

#[derive(Template)]
#[template(path = "account_forgot.html")]
struct ForgotPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    email: &'a str,
    /// The request was taken (the same answer for every address).
    sent: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    title: String,
    intro: String,
    token: &'a str,
    email: &'a str,
    min: usize,
    max: usize,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn forgot_form(t: &Tr, status: StatusCode, sent: bool, error: Option<String>) -> Response {
    let mut res = page::render(&ForgotPage {
        t,
        chrome: None,
        email: "",
        sent,
        error,
    });
    *res.status_mut() = status;
    res
}

async fn forgot_page(headers: HeaderMap, Query(q): Query<LangQuery>) -> Response {
    let t = anonymous_tr(&headers, q.lang.as_deref());
    forgot_form(&t, StatusCode::OK, false, None)
}

#[derive(Deserialize)]
struct ForgotForm {
    email: String,
    lang: Option<String>,
}

async fn forgot(
    State(svc): State<Service>,
    headers: HeaderMap,
    Form(f): Form<ForgotForm>,
) -> Response {
    let t = anonymous_tr(&headers, f.lang.as_deref());
    if !session::same_origin(&headers) {
        return page::error(&t, StatusCode::FORBIDDEN, &t.t("error-csrf"));
    }
    match svc.request_password_reset(&f.email).await {
        Ok(()) => forgot_form(&t, StatusCode::OK, true, None),
        // A malformed address (the same for every one: nothing is looked up).
        Err(ServiceError::Invalid(_)) => forgot_form(
            &t,
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
            Some(t.t("account-email-invalid")),
        ),
        Err(e) => page::service_error(&t, e),
    }
}

/// The page for a link that cannot be used: the forgot-password form under the reason.
fn dead_link(t: &Tr, status: StatusCode, key: &str) -> Response {
    forgot_form(t, status, false, Some(t.t(key)))
}

fn link_tr(link: &AccountLink) -> Tr {
    Tr::new(link.locale, "America/Argentina/Buenos_Aires")
}

/// The page in the link's user's language, or the error page for a dead one.
fn password_form(t: &Tr, token: &str, link: &AccountLink, error: Option<String>) -> Response {
    match link.state {
        LinkState::Valid => {}
        LinkState::Used => return dead_link(t, StatusCode::GONE, "account-link-used"),
        LinkState::Expired => return dead_link(t, StatusCode::GONE, "account-link-expired"),
    }
    let title = match link.purpose {
        Purpose::Invite => t.t("account-password-title-invite"),
        Purpose::Reset => t.t("account-password-title-reset"),
    };
    let intro = t
        .try_t_args(
            "account-password-intro",
            &[
                ("email", link.email.clone()),
                ("min", limits::PASSWORD_MIN.to_string()),
                ("max", limits::PASSWORD_MAX.to_string()),
            ],
        )
        .unwrap_or_default();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut res = page::render(&PasswordPage {
        t,
        chrome: None,
        title,
        intro,
        token,
        email: &link.email,
        min: limits::PASSWORD_MIN,
        max: limits::PASSWORD_MAX,
        error,
    });
    *res.status_mut() = status;
    res
}

async fn link_page(
    State(svc): State<Service>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    match svc.account_link(&token).await {
        Ok(link) => password_form(&link_tr(&link), &token, &link, None),
        Err(ServiceError::NotFound) => {
            let t = anonymous_tr(&headers, None);
            dead_link(&t, StatusCode::NOT_FOUND, "account-link-unknown")
        }
        Err(e) => page::service_error(&anonymous_tr(&headers, None), e),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

async fn set_password(
    State(svc): State<Service>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Response {
    let link = match svc.account_link(&token).await {
        Ok(link) => link,
        Err(ServiceError::NotFound) => {
            let t = anonymous_tr(&headers, None);
            return dead_link(&t, StatusCode::NOT_FOUND, "account-link-unknown");
        }
        Err(e) => return page::service_error(&anonymous_tr(&headers, None), e),
    };
    let t = link_tr(&link);
    // The link itself is the credential; the origin check keeps other sites' forms out.
    if !session::same_origin(&headers) {
        return page::error(&t, StatusCode::FORBIDDEN, &t.t("error-csrf"));
    }
    if link.state == LinkState::Valid && f.password != f.password2 {
        return password_form(&t, &token, &link, Some(t.t("account-password-mismatch")));
    }
    match svc.set_password_by_link(&token, &f.password).await {
        Ok(link) => Redirect::to(&format!(
            "/login?done=password&lang={}",
            link.locale.as_str()
        ))
        .into_response(),
        Err(ServiceError::State { code, .. }) => {
            let key = if code == "link_used" {
                "account-link-used"
            } else {
                "account-link-expired"
            };
            dead_link(&t, StatusCode::GONE, key)
        }
        Err(ServiceError::NotFound) => dead_link(&t, StatusCode::NOT_FOUND, "account-link-unknown"),
        Err(e @ ServiceError::Invalid(_)) => {
            let msg = feedback::service_message(&t, &e).unwrap_or_default();
            password_form(&t, &token, &link, Some(msg))
        }
        Err(e) => page::service_error(&t, e),
    }
}
