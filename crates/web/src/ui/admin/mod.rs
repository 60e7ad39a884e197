//! The admin area of the web UI: clients, campuses, users, plans/policies/calendars,
//! subscriptions, API tokens, background jobs, the e-mail outbox, mail servers and webhooks. Only the `admin` role
//! enters; everyone else gets a 403 page.
//!
//! Every form re-renders itself on `ServiceError::Invalid`, keeping what was typed and placing
//! each message next to its field (`Errs`); success redirects (303) to the list with a flash.
//! That flow is written once in `screen`; deletes all go through `delete_route`.

mod calendars;
mod campuses;
mod client_hours;
mod clients;
mod deletes;
mod forms;
mod holidays;
mod jobs;
mod mail;
mod maintenance;
mod outbox;
mod plan_services;
mod plans;
mod plans_data;
mod policies;
mod screen;
mod subscriptions;
mod targets;
mod tokens;
mod users;
mod webhooks;

use askama::Template;
use axum::{
    Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;
use service::Service;

use super::{Chrome, i18n::Tr, page, session::Session};
use deletes::delete_route;
use screen::{OrPage, Page};

/// Where plan forms come back to.
const LIST_PLANS: &str = plans::LIST;

pub use forms::Errs;

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin", get(index))
        .merge(clients::routes())
        .merge(campuses::routes())
        .merge(users::routes())
        .merge(plans::routes())
        .route(
            "/admin/plans/{id}/services",
            axum::routing::post(plan_services::save),
        )
        .merge(calendars::routes())
        .merge(policies::routes())
        .merge(subscriptions::routes())
        .merge(tokens::routes())
        .merge(jobs::routes())
        .merge(outbox::routes())
        .merge(mail::routes())
        .merge(maintenance::routes())
        .merge(webhooks::routes())
        .merge(client_hours::routes())
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

/// `?ok=created|saved|deleted|revoked|invited|redelivered` after a redirect: a short confirmation on the list.
#[derive(Deserialize, Default)]
pub struct Flash {
    ok: Option<String>,
}

impl Flash {
    /// The localized message; unknown values show nothing (no reflected text).
    fn message(&self, t: &Tr) -> Option<String> {
        match self.ok.as_deref()? {
            k @ ("created" | "saved" | "deleted" | "revoked" | "invited" | "redelivered") => {
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
#[template(path = "admin/index.html")]
struct Index<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    counts: [usize; 5],
}

async fn index(State(svc): State<Service>, s: Session, _q: Query<Flash>) -> Page {
    let tr = admin_only(&s)?;
    let a = &s.0.actor;
    let counts = [
        svc.list_clients(a).await.or_page(&tr)?.len(),
        svc.list_campuses(a, None).await.or_page(&tr)?.len(),
        svc.list_users(a).await.or_page(&tr)?.len(),
        svc.list_plans(a).await.or_page(&tr)?.len(),
        svc.list_tokens(a).await.or_page(&tr)?.len(),
    ];
    Ok(page::render(&Index {
        t: &tr,
        chrome: chrome(&s, "/admin"),
        counts,
    }))
}
