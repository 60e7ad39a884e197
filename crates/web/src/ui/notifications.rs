//! /notifications: the staff's bell — what happened on their tickets (assigned, the client
//! replied, an SLA warning, a breach), newest first; opening one marks it read.

use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use service::{Service, notify::NotificationView};

// Staff only, like the console (client admins are told by e-mail).
use super::console::staff_tr as staff;
use super::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, NoFields, Session},
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
    let ticket = match svc.open_notification(&s.0.actor, id).await {
        Ok(t) => t,
        Err(e) => return page::service_error(&t, e),
    };
    if let Err(e) = svc.mark_notifications_read(&s.0.actor, Some(id)).await {
        return page::service_error(&t, e);
    }
    match ticket {
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
