//! Opening a ticket. Each priority is offered with the seed's own description and the
//! resolution time of *this client's* policy for the chosen campus (campus → client → seed
//! plan, the same choice `create_ticket` pins), so the client picks knowingly.

use askama::Template;
use axum::{
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use domain::{
    FieldError, Priority,
    ticket::{Category, bounded_text},
};
use service::{Service, ServiceError, admin::clients::CampusView, tickets::NewTicket};

use super::{client_only, feedback, targets, upload};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

/// What the user chose or typed; the page is rendered from it (empty, refreshed or rejected).
#[derive(Default)]
pub(super) struct Draft {
    /// `None` = the whole contract (no particular campus).
    campus_id: Option<i64>,
    category: String,
    priority: String,
    subject: String,
    body: String,
}

struct Choice {
    value: &'static str,
    label: String,
    desc: String,
    target: String,
    checked: bool,
}

struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "portal/new_ticket.html")]
struct NewTicketPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    campuses: Vec<Opt>,
    no_campus_selected: bool,
    policy: String,
    priorities: Vec<Choice>,
    categories: Vec<Opt>,
    subject: &'a str,
    body: &'a str,
    errors: Vec<String>,
    max_mib: usize,
}

/// `GET /portal/tickets/new[?campus_id=…]`. The campus picker reloads this page with the
/// form's values (a GET), so the times shown are always those of the selected campus.
pub(super) async fn page(
    State(svc): State<Service>,
    s: Session,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    // The no-JS refresh submits the whole form as a GET: keep the token out of the address bar.
    if pairs.iter().any(|(k, _)| k == "_csrf") {
        let clean: Vec<_> = pairs.iter().filter(|(k, _)| k != "_csrf").collect();
        let q = serde_urlencoded::to_string(clean).unwrap_or_default();
        return Redirect::to(&format!("/portal/tickets/new?{q}")).into_response();
    }
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let campuses = match svc.list_campuses(&s.0.actor, None).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    let campus_id = match get("campus_id") {
        // No choice yet: the first campus (tickets are usually about one).
        None => campuses.first().map(|c| c.id),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|id| campuses.iter().any(|c| c.id == *id)),
    };
    let draft = Draft {
        campus_id,
        category: get("category").unwrap_or_default(),
        priority: get("priority").unwrap_or_default(),
        subject: get("subject").unwrap_or_default(),
        body: get("body").unwrap_or_default(),
    };
    render(&svc, &s, &t, &campuses, &draft, Vec::new(), StatusCode::OK).await
}

async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    campuses: &[CampusView],
    d: &Draft,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let client_id = s.0.actor.client_id.unwrap_or_default();
    let targets = match svc
        .resolution_targets(&s.0.actor, client_id, d.campus_id)
        .await
    {
        Ok(x) => x,
        Err(e) => return page::service_error(t, e),
    };
    let priorities = Priority::ALL
        .iter()
        .map(|p| Choice {
            value: p.as_str(),
            label: t.label("priority", p.as_str()),
            desc: t.t(&format!("priority-{}-desc", p.as_str())),
            target: targets::humane(t, targets.target(*p)),
            checked: d.priority == p.as_str(),
        })
        .collect();
    let category = if d.category.is_empty() {
        Category::Functional.as_str()
    } else {
        d.category.as_str()
    };
    let mut res = page::render(&NewTicketPage {
        t,
        chrome: Some(Chrome::of(&s.0, "/portal/tickets/new")),
        campuses: campuses
            .iter()
            .map(|c| Opt {
                value: c.id.to_string(),
                label: format!("{} ({} {})", c.url, c.platform, c.platform_version),
                selected: d.campus_id == Some(c.id),
            })
            .collect(),
        no_campus_selected: d.campus_id.is_none(),
        policy: targets.policy,
        priorities,
        categories: Category::ALL
            .iter()
            .map(|c| Opt {
                value: c.as_str().into(),
                label: t.label("category", c.as_str()),
                selected: c.as_str() == category,
            })
            .collect(),
        subject: &d.subject,
        body: &d.body,
        errors,
        max_mib: domain::limits::ATTACHMENT_MAX_BYTES / (1024 * 1024),
    });
    *res.status_mut() = status;
    res
}

/// `POST /portal/tickets` (multipart): the ticket, its first message, then its files.
/// Everything checkable is checked before the ticket exists, so a rejected form writes nothing.
pub(super) async fn create(
    State(svc): State<Service>,
    s: Session,
    headers: HeaderMap,
    mp: upload::UploadForm,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let up = match upload::accept(&t, &s, &headers, mp).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let campuses = match svc.list_campuses(&s.0.actor, None).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    let mut errs: Vec<FieldError> = Vec::new();
    let raw_campus = up.text("campus_id");
    let campus_id = match raw_campus.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            // TENANT: only the client's own campuses are accepted (the service checks it too).
            Ok(id) if campuses.iter().any(|c| c.id == id) => Some(id),
            _ => {
                errs.push(FieldError::new("campus_id", "invalid", v));
                None
            }
        },
    };
    let d = Draft {
        campus_id,
        category: up.text("category"),
        priority: up.text("priority"),
        subject: up.text("subject"),
        body: up.text("body"),
    };
    let priority = Priority::parse(&d.priority);
    if priority.is_none() {
        errs.push(FieldError::new("priority", "required", ""));
    }
    let category = Category::parse(&d.category);
    if category.is_none() {
        errs.push(FieldError::new("category", "required", ""));
    }
    for r in [
        domain::ticket::parse_subject(&d.subject),
        bounded_text("body", &d.body, domain::limits::BODY_MAX),
    ] {
        if let Err(e) = r {
            errs.push(e);
        }
    }
    let mut messages = feedback::field_errors(&t, &errs);
    messages.extend(file_problems(&t, &up));
    let (Some(priority), Some(category), true) = (priority, category, messages.is_empty()) else {
        let status = if up.too_large.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::PAYLOAD_TOO_LARGE
        };
        return render(&svc, &s, &t, &campuses, &d, messages, status).await;
    };
    let new = NewTicket {
        client_id: None,
        campus_id: d.campus_id,
        category,
        priority,
        subject: d.subject.clone(),
        body: d.body.clone(),
        tags: Vec::new(),
        linked_ticket_id: None,
        requester_id: None,
    };
    // Files are checked before the ticket exists, so a refused one never leaves it half made.
    let files = match super::upload::staged(up.files) {
        Ok(files) => files,
        Err(e) => return page::service_error(&t, e),
    };
    let ticket = match svc.create_ticket(&s.0.actor, &new).await {
        Ok(v) => v,
        Err(ServiceError::Invalid(errs)) => {
            let messages = feedback::field_errors(&t, &errs);
            return render(
                &svc,
                &s,
                &t,
                &campuses,
                &d,
                messages,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(e) => return page::service_error(&t, e),
    };
    for f in files {
        if let Err(e) = svc.add_attachment(&s.0.actor, ticket.id, f).await {
            return page::service_error(&t, e);
        }
    }
    Redirect::to(&format!("/portal/tickets/{}", ticket.id)).into_response()
}

/// Files refused while reading (over the per-file limit, empty, or badly named), as messages.
pub(super) fn file_problems(t: &Tr, up: &upload::Upload) -> Vec<String> {
    up.problems(t)
}
