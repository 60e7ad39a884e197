//! /notifications: the staff's bell — what happened on their tickets (assigned, the client
//! replied, an SLA warning, a breach), newest first; opening one marks it read.

use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use service::{Service, notify::NotificationView};

use super::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}/open", post(open))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    unread: i64,
    items: Vec<NotificationView>,
}

#[derive(Deserialize)]
struct NoFields {}

#[allow(clippy::result_large_err)]
fn staff(s: &Session) -> Result<Tr, Response> {
    let t = s.tr();
    if s.0.actor.is_staff() {
        Ok(t)
    } else {
        Err(page::error(
            &t,
            StatusCode::FORBIDDEN,
            &t.t("error-forbidden"),
        ))
    }
}

async fn list(State(svc): State<Service>, s: Session) -> Response {
    let t = match staff(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.list_notifications(&s.0.actor, false, 100).await {
        Ok(l) => page::render(&ListPage {
            t: &t,
            chrome: Some(Chrome::of(&s.0, "/notifications")),
            csrf: s.0.csrf.clone(),
            unread: l.unread,
            items: l.items,
        }),
        Err(e) => page::service_error(&t, e),
    }
}

/// Marks it read and goes to its ticket.
async fn open(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Response {
    let s = &f.session;
    let t = match staff(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let list = match svc.list_notifications(&s.0.actor, false, 200).await {
        Ok(l) => l,
        Err(e) => return page::service_error(&t, e),
    };
    let Some(n) = list.items.iter().find(|n| n.id == id) else {
        return page::error(&t, StatusCode::NOT_FOUND, &t.t("error-not-found"));
    };
    if let Err(e) = svc.mark_notifications_read(&s.0.actor, Some(id)).await {
        return page::service_error(&t, e);
    }
    match n.ticket_id {
        Some(ticket) => Redirect::to(&format!("/console/tickets/{ticket}")).into_response(),
        None => Redirect::to("/notifications").into_response(),
    }
}

async fn read_all(State(svc): State<Service>, f: CsrfForm<NoFields>) -> Response {
    let s = &f.session;
    let t = match staff(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.mark_notifications_read(&s.0.actor, None).await {
        Ok(_) => Redirect::to("/notifications").into_response(),
        Err(e) => page::service_error(&t, e),
    }
}
