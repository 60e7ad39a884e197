//! GET /console: the queue, most urgent first (the API's order), with views (counted), filters
//! and pages (previous/next and a total).
//!
//! The default view is "open work": new, open and waiting tickets, plus any ticket a client
//! wrote on that no staff member has acted on yet (a "still failing" on a resolved ticket
//! must not wait unseen until it closes by itself).

use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use service::{Service, tickets::TicketQuery};

use super::{
    CATEGORIES, Opt, PRIORITIES, STATUSES, enum_opts,
    paging::{Paging, valid_trail},
    row::{Lookups, Row},
    staff_tr,
};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

/// Open work: what an agent has to act on (resolved waits for the client, closed is done).
const OPEN_WORK: &str = "new,open,waiting_on_client";
const VIEWS: [&str; 6] = [
    "all",
    "mine",
    "unassigned",
    "client_replied",
    "at_risk",
    "breached",
];
pub const PAGE_SIZE: i64 = 50;

/// The filter form as sent; every field is text so an empty `<select>` value is "any".
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    view: Option<String>,
    /// Search text: words, or a ticket number (which opens that ticket).
    q: Option<String>,
    /// With `q`: relevance (default) or urgency.
    sort: Option<String>,
    priority: Option<String>,
    category: Option<String>,
    client_id: Option<String>,
    status: Option<String>,
    /// A staff user's id (the dashboard's workload links).
    assignee: Option<String>,
    /// ok | warning | breached | met (the dashboard's links).
    sla_state: Option<String>,
    /// The dashboard's time filters, passed through to [`TicketQuery`] as given.
    created_from: Option<String>,
    created_to: Option<String>,
    resolved_from: Option<String>,
    resolved_to: Option<String>,
    created_weekday: Option<String>,
    created_hour: Option<String>,
    staff_replied: Option<String>,
    cursor: Option<String>,
    /// The cursors of the pages before this one, for "previous" (see `paging`).
    trail: Option<String>,
}

pub fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Template)]
#[template(path = "console/queue.html")]
struct QueuePage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    /// (value, label, count, link, current); with a search only the current view is counted.
    views: Vec<(String, String, Option<i64>, String, bool)>,
    view: String,
    priorities: Vec<Opt>,
    categories: Vec<Opt>,
    clients: Vec<Opt>,
    statuses: Vec<Opt>,
    assignees: Vec<Opt>,
    /// Hidden `(name, value)` inputs: `sla_state` and the dashboard's time filters.
    carried: Vec<(&'static str, String)>,
    q: String,
    /// `(value, label, selected)` for the search's order; empty without a search.
    sorts: Vec<Opt>,
    rows: Vec<Row>,
    paging: Paging,
}

/// The query of `view` with the other filters of `f` (the counts reuse it per view).
fn query_of(f: &Filters, view: &str) -> Result<TicketQuery, String> {
    let mut q = TicketQuery {
        status: Some(OPEN_WORK.into()),
        or_client_replied: Some(true),
        priority: given(&f.priority).map(str::to_string),
        category: given(&f.category).map(str::to_string),
        assignee: given(&f.assignee).map(str::to_string),
        sla_state: given(&f.sla_state).map(str::to_string),
        created_from: given(&f.created_from).map(str::to_string),
        created_to: given(&f.created_to).map(str::to_string),
        resolved_from: given(&f.resolved_from).map(str::to_string),
        resolved_to: given(&f.resolved_to).map(str::to_string),
        created_weekday: given(&f.created_weekday).map(str::to_string),
        created_hour: given(&f.created_hour).map(str::to_string),
        staff_replied: match given(&f.staff_replied) {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(_) => return Err("staff_replied".into()),
        },
        limit: Some(PAGE_SIZE),
        q: given(&f.q).map(str::to_string),
        sort: given(&f.sort).map(str::to_string),
        ..Default::default()
    };
    match given(&f.status) {
        // A search looks through every ticket, not only open work, unless a status is chosen.
        None if q.q.is_some() => {
            q.status = None;
            q.or_client_replied = None;
        }
        None => {}
        Some("any") => {
            q.status = None;
            q.or_client_replied = None;
        }
        Some(s) => {
            q.status = Some(s.to_string());
            q.or_client_replied = None;
        }
    }
    if let Some(c) = given(&f.client_id) {
        q.client_id = Some(c.parse().map_err(|_| "client_id".to_string())?);
    }
    match view {
        "all" => {}
        "mine" => q.assignee = Some("me".into()),
        "unassigned" => q.assignee = Some("none".into()),
        "at_risk" => q.at_risk = Some(true),
        "breached" => q.breached = Some(true),
        "client_replied" => {
            q.client_replied = Some(true);
            if given(&f.status).is_none() {
                q.status = None;
                q.or_client_replied = None;
            }
        }
        _ => return Err("view".into()),
    }
    Ok(q)
}

impl Filters {
    /// The dashboard's filters that have no field in the form: kept as hidden inputs and in
    /// every link, so paging and views stay on the counted tickets.
    fn carried(&self) -> Vec<(&'static str, &str)> {
        [
            ("sla_state", &self.sla_state),
            ("created_from", &self.created_from),
            ("created_to", &self.created_to),
            ("resolved_from", &self.resolved_from),
            ("resolved_to", &self.resolved_to),
            ("created_weekday", &self.created_weekday),
            ("created_hour", &self.created_hour),
            ("staff_replied", &self.staff_replied),
        ]
        .into_iter()
        .filter_map(|(k, v)| given(v).map(|v| (k, v)))
        .collect()
    }
}

/// `/console?…` with the filters of `f`, `view` and any `extra` pairs.
fn link(f: &Filters, view: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = vec![("view", view)];
    for (k, v) in [
        ("q", &f.q),
        ("sort", &f.sort),
        ("priority", &f.priority),
        ("category", &f.category),
        ("client_id", &f.client_id),
        ("status", &f.status),
        ("assignee", &f.assignee),
    ] {
        if let Some(v) = given(v) {
            pairs.push((k, v));
        }
    }
    pairs.extend(f.carried());
    pairs.extend_from_slice(extra);
    format!(
        "/console?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

pub async fn page(State(svc): State<Service>, s: Session, Query(f): Query<Filters>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let actor = &s.0.actor;
    let view = given(&f.view).unwrap_or("all").to_string();
    let bad = |field: &str| {
        page::error(
            &t,
            StatusCode::BAD_REQUEST,
            &format!("{}: {field}", t.t("console-bad-filter")),
        )
    };
    let mut q = match query_of(&f, &view) {
        Ok(q) => q,
        Err(field) => return bad(&field),
    };
    // Typing a ticket number opens that ticket (when this agent may see it).
    if let Some(n) = given(&f.q).and_then(|q| domain::search::SearchQuery::parse(q).ticket_number())
        && svc.get_ticket(actor, n).await.is_ok()
    {
        return Redirect::to(&format!("/console/tickets/{n}")).into_response();
    }
    q.cursor = given(&f.cursor).map(str::to_string);
    let Some(trail) = valid_trail(given(&f.trail)) else {
        return bad("trail");
    };
    let mut counted = Vec::with_capacity(VIEWS.len());
    for v in VIEWS {
        match query_of(&f, v) {
            Ok(q) => counted.push(q),
            Err(field) => return bad(&field),
        }
    }
    // A search counts only the view shown: each count would look through every match again.
    let searching = given(&f.q).is_some();
    let counts = async {
        let mut n = Vec::with_capacity(counted.len());
        for (v, q) in VIEWS.iter().zip(&counted) {
            n.push(if searching && *v != view {
                None
            } else {
                Some(svc.count_tickets(actor, q).await?)
            });
        }
        Ok::<_, service::ServiceError>(n)
    };
    let (found, counts, names) = match tokio::try_join!(
        svc.list_tickets(actor, &q),
        counts,
        Lookups::load(&svc, actor, &t)
    ) {
        Ok(v) => v,
        Err(service::ServiceError::Invalid(errs)) => {
            return bad(&errs.first().map(|e| e.field.clone()).unwrap_or_default());
        }
        Err(e) => return page::service_error(&t, e),
    };
    let rows: Vec<Row> = found.items.iter().map(|tk| names.row(&t, tk)).collect();
    let total = VIEWS
        .iter()
        .position(|v| *v == view)
        .and_then(|i| counts[i])
        .unwrap_or(0);
    let paging = Paging::new(
        &trail,
        given(&f.cursor),
        found.next_cursor.as_deref(),
        rows.len(),
        total,
        PAGE_SIZE,
        |extra| link(&f, &view, extra),
    );
    let views = VIEWS
        .iter()
        .zip(&counts)
        .map(|(v, n)| {
            (
                v.to_string(),
                t.t(&format!("console-view-{}", v.replace('_', "-"))),
                *n,
                link(&f, v, &[]),
                *v == view,
            )
        })
        .collect();
    let any =
        |current: &Option<String>, label: String| Opt::new("", label, given(current).unwrap_or(""));
    let with_any = |current: &Option<String>, group: &str, values: &[&str]| {
        let mut v = vec![any(current, t.t("console-any"))];
        v.extend(enum_opts(&t, group, values, given(current).unwrap_or("")));
        v
    };
    let current_client = given(&f.client_id).unwrap_or("");
    let mut clients: Vec<(i64, String)> =
        names.clients.iter().map(|(i, n)| (*i, n.clone())).collect();
    clients.sort_by(|a, b| a.1.cmp(&b.1));
    let mut client_opts = vec![any(&f.client_id, t.t("console-any"))];
    client_opts.extend(
        clients
            .iter()
            .map(|(i, n)| Opt::new(i.to_string(), n.clone(), current_client)),
    );
    let current_assignee = given(&f.assignee).unwrap_or("");
    let mut staff: Vec<(i64, String)> = names
        .users
        .iter()
        .filter(|(_, (_, r))| r.is_staff())
        .map(|(i, (n, _))| (*i, n.clone()))
        .collect();
    staff.sort_by(|a, b| a.1.cmp(&b.1));
    let mut assignees = vec![any(&f.assignee, t.t("console-any"))];
    assignees.push(Opt::new(
        "none",
        t.t("console-unassigned"),
        current_assignee,
    ));
    assignees.extend(
        staff
            .iter()
            .map(|(i, n)| Opt::new(i.to_string(), n.clone(), current_assignee)),
    );
    let mut statuses = vec![any(&f.status, t.t("console2-open-work"))];
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
    page::render(&QueuePage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/console")),
        views,
        view,
        priorities: with_any(&f.priority, "priority", &PRIORITIES),
        categories: with_any(&f.category, "category", &CATEGORIES),
        clients: client_opts,
        statuses,
        assignees,
        carried: f
            .carried()
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect(),
        q: given(&f.q).unwrap_or("").to_string(),
        sorts: if given(&f.q).is_some() {
            let current = given(&f.sort).unwrap_or("relevance");
            ["relevance", "urgency"]
                .iter()
                .map(|v| Opt::new(*v, t.t(&format!("search-sort-{v}")), current))
                .collect()
        } else {
            Vec::new()
        },
        rows,
        paging,
    })
}
