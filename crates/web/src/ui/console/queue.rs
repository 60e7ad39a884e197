//! GET /console: the queue, most urgent first (the API's order), with filters.

use std::collections::HashMap;

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use service::{Service, tickets::TicketQuery};

use super::{CATEGORIES, Opt, PRIORITIES, STATUSES, enum_opts, staff_tr};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

/// Open work: what an agent has to act on (resolved waits for the client, closed is done).
const OPEN_WORK: &str = "new,open,waiting_on_client";
const VIEWS: [&str; 5] = ["all", "mine", "unassigned", "at_risk", "breached"];

/// The filter form as sent; every field is text so an empty `<select>` value is "any".
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    view: Option<String>,
    priority: Option<String>,
    category: Option<String>,
    client_id: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub struct Row {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub client: String,
    pub priority: &'static str,
    pub status: String,
    pub category: String,
    pub assignee: String,
    pub badge: SlaBadge,
}

#[derive(Template)]
#[template(path = "console/queue.html")]
struct QueuePage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    views: Vec<Opt>,
    priorities: Vec<Opt>,
    categories: Vec<Opt>,
    clients: Vec<Opt>,
    statuses: Vec<Opt>,
    rows: Vec<Row>,
    next: Option<String>,
}

fn query_of(f: &Filters) -> Result<TicketQuery, String> {
    let mut q = TicketQuery {
        status: Some(OPEN_WORK.into()),
        priority: given(&f.priority).map(str::to_string),
        category: given(&f.category).map(str::to_string),
        cursor: given(&f.cursor).map(str::to_string),
        limit: Some(100),
        ..Default::default()
    };
    match given(&f.status) {
        None => {}
        Some("any") => q.status = None,
        Some(s) => q.status = Some(s.to_string()),
    }
    if let Some(c) = given(&f.client_id) {
        q.client_id = Some(c.parse().map_err(|_| "client_id".to_string())?);
    }
    match given(&f.view).unwrap_or("all") {
        "all" => {}
        "mine" => q.assignee = Some("me".into()),
        "unassigned" => q.assignee = Some("none".into()),
        "at_risk" => q.at_risk = Some(true),
        "breached" => q.breached = Some(true),
        _ => return Err("view".into()),
    }
    Ok(q)
}

pub async fn page(State(svc): State<Service>, s: Session, Query(f): Query<Filters>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let actor = &s.0.actor;
    let q = match query_of(&f) {
        Ok(q) => q,
        Err(field) => {
            return page::error(
                &t,
                StatusCode::BAD_REQUEST,
                &format!("{}: {field}", t.t("console-bad-filter")),
            );
        }
    };
    let (found, clients, users) = match tokio::try_join!(
        svc.list_tickets(actor, &q),
        svc.list_clients(actor),
        svc.list_users(actor)
    ) {
        Ok(v) => v,
        Err(e) => return page::service_error(&t, e),
    };
    let client_names: HashMap<i64, String> =
        clients.iter().map(|c| (c.id, c.name.clone())).collect();
    let user_names: HashMap<i64, String> = users.iter().map(|u| (u.id, u.name.clone())).collect();
    let rows = found
        .items
        .iter()
        .map(|tk| Row {
            id: tk.id,
            number: tk.number.clone(),
            subject: tk.subject.clone(),
            client: client_names.get(&tk.client_id).cloned().unwrap_or_default(),
            priority: tk.priority.as_str(),
            status: t.label("status", tk.status.as_str()),
            category: t.label("category", tk.category.as_str()),
            assignee: tk
                .assignee_id
                .and_then(|a| user_names.get(&a).cloned())
                .unwrap_or_else(|| t.t("console-unassigned")),
            badge: SlaBadge::of(&t, &tk.sla, tk.status == domain::ticket::Status::Closed),
        })
        .collect();
    let next = found.next_cursor.map(|c| {
        let keep = |k: &str, v: &Option<String>| {
            given(v).map(|v| format!("{k}={}&", crate::ui::session::urlencode(v)))
        };
        let mut url = String::from("/console?");
        for (k, v) in [
            ("view", &f.view),
            ("priority", &f.priority),
            ("category", &f.category),
            ("client_id", &f.client_id),
            ("status", &f.status),
        ] {
            url.push_str(&keep(k, v).unwrap_or_default());
        }
        url.push_str(&format!("cursor={}", crate::ui::session::urlencode(&c)));
        url
    });
    let any =
        |current: &Option<String>, label: String| Opt::new("", label, given(current).unwrap_or(""));
    let mut priorities = vec![any(&f.priority, t.t("console-any"))];
    priorities.extend(enum_opts(
        &t,
        "priority",
        &PRIORITIES,
        given(&f.priority).unwrap_or(""),
    ));
    let mut categories = vec![any(&f.category, t.t("console-any"))];
    categories.extend(enum_opts(
        &t,
        "category",
        &CATEGORIES,
        given(&f.category).unwrap_or(""),
    ));
    let mut client_opts = vec![any(&f.client_id, t.t("console-any"))];
    let current_client = given(&f.client_id).unwrap_or("");
    client_opts.extend(
        clients
            .iter()
            .map(|c| Opt::new(c.id.to_string(), c.name.clone(), current_client)),
    );
    let mut statuses = vec![any(&f.status, t.t("console-open-work"))];
    statuses.extend(enum_opts(
        &t,
        "status",
        &STATUSES,
        given(&f.status).unwrap_or(""),
    ));
    statuses.push(Opt::new(
        "any",
        t.t("console-any"),
        given(&f.status).unwrap_or(""),
    ));
    let current_view = given(&f.view).unwrap_or("all");
    let views = VIEWS
        .iter()
        .map(|v| {
            Opt::new(
                *v,
                t.t(&format!("console-view-{}", v.replace('_', "-"))),
                current_view,
            )
        })
        .collect();
    page::render(&QueuePage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/console")),
        views,
        priorities,
        categories,
        clients: client_opts,
        statuses,
        rows,
        next,
    })
}
