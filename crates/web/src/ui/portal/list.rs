//! `GET /portal`: the client's own tickets, most urgent first (the API order), each with its
//! status, priority and live SLA badge. The service scopes the query to the actor's client.

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use domain::ticket::Status;
use serde::Deserialize;
use service::{
    Service,
    tickets::{TicketQuery, TicketView},
};

use super::client_only;
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

struct Row {
    id: i64,
    number: String,
    subject: String,
    status: String,
    priority: &'static str,
    priority_label: String,
    category: String,
    created: String,
    sla: SlaBadge,
    /// Due instant in the user's zone.
    due: String,
}

#[derive(Template)]
#[template(path = "portal/list.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ListQuery {
    cursor: Option<String>,
}

fn row(t: &Tr, v: &TicketView) -> Row {
    Row {
        id: v.id,
        number: v.number.clone(),
        subject: v.subject.clone(),
        status: t.label("status", v.status.as_str()),
        priority: v.priority.as_str(),
        priority_label: t.label("priority", v.priority.as_str()),
        category: t.label("category", v.category.as_str()),
        created: t.datetime(&v.created_at),
        sla: SlaBadge::of(t, &v.sla, v.status == Status::Closed),
        due: t.datetime(&v.sla.due_at),
    }
}

pub(super) async fn page(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ListQuery>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let query = TicketQuery {
        cursor: q.cursor,
        ..TicketQuery::default()
    };
    // TENANT: `list_tickets` restricts a client admin to its own client.
    let found = match svc.list_tickets(&s.0.actor, &query).await {
        Ok(p) => p,
        Err(e) => return page::service_error(&t, e),
    };
    page::render(&ListPage {
        chrome: Some(Chrome::of(&s.0, "/portal")),
        rows: found.items.iter().map(|v| row(&t, v)).collect(),
        next: found
            .next_cursor
            .map(|c| format!("/portal?cursor={}", crate::ui::session::urlencode(&c))),
        t: &t,
    })
}
