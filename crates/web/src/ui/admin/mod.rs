//! The admin area of the web UI: clients, campuses, users, plans/policies/calendars,
//! subscriptions and API tokens. Only the `admin` role enters; everyone else gets a 403 page.
//!
//! Every form re-renders itself on `ServiceError::Invalid`, keeping what was typed and placing
//! each message next to its field (`Errs`); success redirects (303) to the list with a flash.

mod calendars;
mod campuses;
mod clients;
mod forms;
mod plans;
mod policies;
mod subscriptions;
mod tokens;
mod users;

use askama::Template;
use axum::{
    Router,
    extract::Query,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;
use service::{Service, ServiceError, admin::deletes::Deletable};

use super::{Chrome, i18n::Tr, page, session::Session};

pub use forms::Errs;

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin", get(index))
        .merge(clients::routes())
        .merge(campuses::routes())
        .merge(users::routes())
        .merge(plans::routes())
        .merge(calendars::routes())
        .merge(policies::routes())
        .merge(subscriptions::routes())
        .merge(tokens::routes())
}

/// The signed-in user's translator, or the 403 page when they are not an administrator.
#[allow(clippy::result_large_err)] // the error is the finished page, built once per request
fn admin_only(s: &Session) -> Result<Tr, Response> {
    let tr = s.tr();
    if s.0.actor.role == domain::user::Role::Admin {
        Ok(tr)
    } else {
        Err(page::error(
            &tr,
            StatusCode::FORBIDDEN,
            &tr.t("error-forbidden"),
        ))
    }
}

fn chrome(s: &Session, path: &str) -> Option<Chrome> {
    Some(Chrome::of(&s.0, path))
}

/// `?ok=created|saved|deleted|revoked` after a redirect: a short confirmation on the list.
#[derive(Deserialize, Default)]
pub struct Flash {
    ok: Option<String>,
}

impl Flash {
    /// The localized message; unknown values show nothing (no reflected text).
    fn message(&self, t: &Tr) -> Option<String> {
        match self.ok.as_deref()? {
            k @ ("created" | "saved" | "deleted" | "revoked") => {
                Some(t.t(&format!("admin-ok-{k}")))
            }
            _ => None,
        }
    }
}

/// 303 to a list with its flash.
fn done(path: &str, what: &str) -> Response {
    Redirect::to(&format!("{path}?ok={what}")).into_response()
}

/// A page that answers with a status other than 200 (422 for a form with errors).
fn with_status(mut res: Response, status: StatusCode) -> Response {
    *res.status_mut() = status;
    res
}

#[derive(Template)]
#[template(path = "admin/notice.html")]
struct Notice<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    status: u16,
    message: String,
    back: &'a str,
}

/// Deletes through `delete_object`; "still in use" (409) is explained with a way back.
async fn delete(svc: &Service, s: &Session, what: Deletable, id: i64, back: &str) -> Response {
    let tr = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let refusal = match svc.delete_object(&s.0.actor, what, id).await {
        Ok(()) => return done(back, "deleted"),
        Err(ServiceError::Conflict { .. }) => tr.t("admin-in-use"),
        Err(ServiceError::State(why)) => format!("{} ({why})", tr.t("admin-cannot-delete")),
        Err(e) => return page::service_error(&tr, e),
    };
    let res = page::render(&Notice {
        t: &tr,
        chrome: chrome(s, back),
        status: 409,
        message: refusal,
        back,
    });
    with_status(res, StatusCode::CONFLICT)
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct Index<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    counts: [usize; 5],
}

async fn index(
    axum::extract::State(svc): axum::extract::State<Service>,
    s: Session,
    _q: Query<Flash>,
) -> Result<Response, Response> {
    let tr = admin_only(&s)?;
    let a = &s.0.actor;
    let err = |e| page::service_error(&tr, e);
    let counts = [
        svc.list_clients(a).await.map_err(err)?.len(),
        svc.list_campuses(a, None).await.map_err(err)?.len(),
        svc.list_users(a).await.map_err(err)?.len(),
        svc.list_plans().await.map_err(err)?.len(),
        svc.list_tokens(a).await.map_err(err)?.len(),
    ];
    Ok(page::render(&Index {
        t: &tr,
        chrome: chrome(&s, "/admin"),
        counts,
    }))
}
