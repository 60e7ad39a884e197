//! /admin/outbox: every e-mail Atiende wrote — how many are queued, sent, failed or not sent
//! (no SMTP server configured), the newest first with the SMTP server's last answer, and one
//! message's full text.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::get,
};
use serde::Deserialize;
use service::{
    Service,
    notify::mail_out::{OutboxCounts, OutboxView},
};

use super::{
    admin_only, chrome,
    screen::{OrPage, Page},
};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

const LIST: &str = "/admin/outbox";
const STATES: [&str; 4] = ["queued", "sent", "failed", "unsent"];

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list))
        .route("/admin/outbox/{id}", get(show))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OutboxQuery {
    state: String,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    counts: OutboxCounts,
    /// The state shown ("" = all).
    state: String,
    states: [&'static str; 4],
    mails: Vec<OutboxView>,
}

impl ListPage<'_> {
    fn count(&self, state: &str) -> i64 {
        match state {
            "queued" => self.counts.queued,
            "sent" => self.counts.sent,
            "failed" => self.counts.failed,
            "unsent" => self.counts.unsent,
            _ => 0,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/outbox_mail.html")]
struct MailPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    m: OutboxView,
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<OutboxQuery>) -> Page {
    let t = admin_only(&s)?;
    let state = q.state.trim();
    let filter = (!state.is_empty()).then_some(state);
    let a = &s.0.actor;
    let mails = svc.list_outbox(a, filter, None, 200).await.or_page(&t)?;
    let counts = svc.outbox_counts(a).await.or_page(&t)?;
    Ok(page::render(&ListPage {
        t: &t,
        chrome: chrome(&s, LIST),
        counts,
        state: state.to_string(),
        states: STATES,
        mails,
    }))
}

async fn show(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let m = svc.get_outbox_mail(&s.0.actor, id).await.or_page(&t)?;
    Ok(page::render(&MailPage {
        t: &t,
        chrome: chrome(&s, LIST),
        m,
    }))
}
