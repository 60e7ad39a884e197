//! Opening a ticket. Each priority is offered with the seed's own description and the
//! resolution time of *this client's* plan for the chosen campus (campus → client → seed
//! plan, the same choice `create_ticket` pins), so the client picks knowingly.
//!
//! Every campus's times are in the page (data attributes on its `<option>`), and `app.js`
//! switches them when the campus changes: no round trip, so nothing typed or chosen (files
//! included) is lost, and the form is only ever sent as a POST. Without JavaScript the same
//! times are in a table of every campus below the picker.

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

use super::{client_only, feedback, hours, targets, upload};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

/// What the user chose or typed; the page is rendered from it (empty or rejected).
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

/// One campus (or the whole contract) with what a ticket on it would get: its plan, the
/// plan's business hours (empty for 24×7) and each priority's time, in `Priority::ALL` order.
struct CampusTargets {
    value: String,
    label: String,
    selected: bool,
    plan: String,
    hours: String,
    times: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "portal/new_ticket.html")]
struct NewTicketPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    campuses: Vec<CampusTargets>,
    /// The selected campus's plan and business hours.
    plan: String,
    hours: String,
    priorities: Vec<Choice>,
    categories: Vec<Opt>,
    subject: &'a str,
    body: &'a str,
    errors: Vec<String>,
    max_mib: usize,
}

/// `GET /portal/tickets/new[?campus_id=…]`: the empty form, on the given campus (a link from
/// elsewhere) or the client's first one.
pub(super) async fn page(
    State(svc): State<Service>,
    s: Session,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let campuses = match svc.list_campuses(&s.0.actor, None).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    // Read leniently: an odd address still shows the form (on the first campus).
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    let asked = pairs
        .into_iter()
        .find(|(k, _)| k == "campus_id")
        .map(|(_, v)| v);
    let campus_id = match asked {
        // No choice yet: the first campus (tickets are usually about one).
        None => campuses.first().map(|c| c.id),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|id| campuses.iter().any(|c| c.id == *id)),
    };
    let draft = Draft {
        campus_id,
        ..Draft::default()
    };
    render(&svc, &s, &t, &campuses, &draft, Vec::new(), StatusCode::OK).await
}

/// The plan and times a ticket on `campus_id` would get (`None`: the whole contract).
async fn campus_targets(
    svc: &Service,
    s: &Session,
    t: &Tr,
    campus_id: Option<i64>,
) -> Result<(String, String, Vec<(&'static str, String)>), ServiceError> {
    let client_id = s.0.actor.client_id.unwrap_or_default();
    let targets = svc
        .resolution_targets(&s.0.actor, client_id, campus_id)
        .await?;
    let plan = svc.plan_preview(&s.0.actor, client_id, campus_id).await?;
    let business = Priority::ALL.iter().any(|p| targets.is_business(*p));
    let hours = match (&plan.calendar, business) {
        (Some(c), true) => hours::business_hours(t, c),
        _ => String::new(),
    };
    let times = Priority::ALL
        .iter()
        .map(|p| (p.as_str(), targets::humane(t, targets.target(*p))))
        .collect();
    Ok((plan.name.unwrap_or_default(), hours, times))
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
    let choices = campuses
        .iter()
        .map(|c| {
            (
                Some(c.id),
                format!("{} ({} {})", c.url, c.platform, c.platform_version),
            )
        })
        .chain(std::iter::once((None, t.t("portal-no-campus"))));
    let mut all = Vec::new();
    for (id, label) in choices {
        let (plan, hours, times) = match campus_targets(svc, s, t, id).await {
            Ok(x) => x,
            Err(e) => return page::service_error(t, e),
        };
        all.push(CampusTargets {
            value: id.map(|i| i.to_string()).unwrap_or_default(),
            label,
            selected: d.campus_id == id,
            plan,
            hours,
            times,
        });
    }
    let (plan, hours, times) = all
        .iter()
        .find(|c| c.selected)
        .map(|c| (c.plan.clone(), c.hours.clone(), c.times.clone()))
        .unwrap_or_default();
    let priorities = Priority::ALL
        .iter()
        .map(|p| Choice {
            value: p.as_str(),
            label: t.label("priority", p.as_str()),
            desc: t.t(&format!("priority-{}-desc", p.as_str())),
            target: times
                .iter()
                .find(|(k, _)| *k == p.as_str())
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
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
        campuses: all,
        plan,
        hours,
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
    // The ticket page confirms it (number and expected resolution time) once, from this flag.
    Redirect::to(&format!("/portal/tickets/{}?created=1", ticket.id)).into_response()
}

/// Files refused while reading (over the per-file limit, empty, or badly named), as messages.
pub(super) fn file_problems(t: &Tr, up: &upload::Upload) -> Vec<String> {
    up.problems(t)
}
