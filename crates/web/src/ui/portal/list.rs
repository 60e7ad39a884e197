//! `GET /portal[?view=finished]`: the client's own tickets, most urgent first (the API
//! order), each with its status, priority and live SLA badge. Two tabs: open tickets (the
//! default: new, open, waiting on the client) and finished ones (resolved or closed, shown
//! with when they were resolved instead of a due time that no longer means anything). The
//! service scopes the query to the actor's client.

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
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
    /// Waiting on the client: highlighted, the next step is theirs.
    waiting: bool,
    priority: &'static str,
    priority_label: String,
    category: String,
    created: String,
    sla: SlaBadge,
    /// Due instant in the user's zone, or when it was resolved (finished tab).
    due: String,
    /// With a search: where it matched and the excerpt's pieces (`true` = a hit).
    excerpt: Option<(String, Vec<(String, bool)>)>,
}

/// The list's two tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Open,
    Finished,
}

impl View {
    fn statuses(self) -> &'static str {
        match self {
            View::Open => "new,open,waiting_on_client",
            View::Finished => "resolved,closed",
        }
    }

    fn param(self) -> &'static str {
        match self {
            View::Open => "open",
            View::Finished => "finished",
        }
    }
}

#[derive(Template)]
#[template(path = "portal/list.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    rows: Vec<Row>,
    next: Option<String>,
    finished: bool,
    /// The search text (empty: no search; then the tabs apply).
    q: String,
    /// This month's administration hours (`admin_hours`).
    hours_block: Option<crate::ui::hours_view::BankLine>,
}

#[derive(Deserialize)]
pub(super) struct ListQuery {
    cursor: Option<String>,
    view: Option<String>,
    /// Search text: words of the client's tickets (subjects and public messages), or a
    /// ticket number, which opens it.
    q: Option<String>,
}

fn row(t: &Tr, v: &TicketView) -> Row {
    Row {
        id: v.id,
        number: v.number.clone(),
        subject: v.subject.clone(),
        status: super::ticket::status_label(t, v.status),
        waiting: v.status == Status::WaitingOnClient,
        priority: v.priority.as_str(),
        priority_label: t.label("priority", v.priority.as_str()),
        category: t.label("category", v.category.as_str()),
        created: t.datetime(&v.created_at),
        sla: SlaBadge::of(t, &v.sla, v.status == Status::Closed),
        due: match (v.status, &v.resolved_at, &v.closed_at) {
            (Status::Resolved | Status::Closed, Some(r), _) => t.datetime(r),
            (Status::Closed, None, closed) => t.datetime_opt(closed),
            _ => t.datetime(&v.sla.due_at),
        },
        excerpt: v
            .excerpt
            .as_ref()
            .map(|e| crate::ui::console::row::excerpt(t, e)),
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
    // Anything but `finished` is the default tab.
    let view = match q.view.as_deref() {
        Some("finished") => View::Finished,
        _ => View::Open,
    };
    let search =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    if let Some(n) = search
        .as_deref()
        .and_then(|s| domain::search::SearchQuery::parse(s).ticket_number())
        && svc.get_ticket(&s.0.actor, n).await.is_ok()
    {
        // TENANT: get_ticket answers only for this client's tickets.
        return Redirect::to(&format!("/portal/tickets/{n}")).into_response();
    }
    let query = TicketQuery {
        cursor: q.cursor,
        // A search looks through every ticket of the client, open or finished.
        status: search.is_none().then(|| view.statuses().into()),
        q: search.clone(),
        ..TicketQuery::default()
    };
    // TENANT: `list_tickets` restricts a client admin to its own client.
    let found = match svc.list_tickets(&s.0.actor, &query).await {
        Ok(p) => p,
        Err(e) => return page::service_error(&t, e),
    };
    let hours_block = match super::admin_hours::home_block(&svc, &s.0.actor, &t).await {
        Ok(b) => b,
        Err(e) => return page::service_error(&t, e),
    };
    page::render(&ListPage {
        hours_block,
        chrome: Some(Chrome::of(&s.0, "/portal")),
        rows: found.items.iter().map(|v| row(&t, v)).collect(),
        next: found.next_cursor.map(|c| {
            format!(
                "/portal?view={}&cursor={}{}",
                view.param(),
                crate::ui::session::urlencode(&c),
                search.as_deref().map_or(String::new(), |q| format!(
                    "&q={}",
                    crate::ui::session::urlencode(q)
                ))
            )
        }),
        q: search.clone().unwrap_or_default(),
        finished: view == View::Finished,
        t: &t,
    })
}
