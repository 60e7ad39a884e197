//! GET/POST /console/new: an agent opens a ticket for a client admin who phoned.
//!
//! Choosing the client first (a plain GET form) lists that client's admins and campuses; the
//! ticket is then created in the admin's name, the history recording the agent who opened
//! it. Refused input comes back in the form with what was typed.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use domain::{Priority, ticket::Category, user::Role};
use serde::Deserialize;
use service::{Service, ServiceError, tickets::NewTicket};

use super::{CATEGORIES, Opt, PRIORITIES, actions::explain_fields, enum_opts, staff_tr};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

/// The form as sent (all text, so a bad value comes back to the form instead of a 400).
#[derive(Debug, Default, Deserialize)]
pub struct Form {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    requester_id: String,
    #[serde(default)]
    campus_id: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

#[derive(Template)]
#[template(path = "console/new_ticket.html")]
struct NewTicketPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    clients: Vec<Opt>,
    /// The chosen client, once there is one: the second form is shown.
    client_id: Option<i64>,
    requesters: Vec<Opt>,
    campuses: Vec<Opt>,
    categories: Vec<Opt>,
    priorities: Vec<Opt>,
    subject: String,
    body: String,
    errors: Vec<String>,
}

async fn render(svc: &Service, s: &Session, t: &Tr, f: &Form, errors: Vec<String>) -> Response {
    let a = &s.0.actor;
    let client_id = f.client_id.trim().parse::<i64>().ok();
    let (clients, users, campuses) = match tokio::try_join!(
        svc.list_clients(a),
        svc.list_users(a),
        svc.list_campuses(a, None)
    ) {
        Ok(v) => v,
        Err(e) => return page::service_error(t, e),
    };
    let client_id = client_id.filter(|c| clients.iter().any(|x| x.id == *c));
    let current = client_id.map(|c| c.to_string()).unwrap_or_default();
    let mut client_opts = vec![Opt::new("", t.t("console2-pick-client"), &current)];
    client_opts.extend(
        clients
            .iter()
            .map(|c| Opt::new(c.id.to_string(), c.name.clone(), &current)),
    );
    let of_client = |cid: Option<i64>| client_id.is_some() && cid == client_id;
    let mut requesters = vec![Opt::new(
        "",
        t.t("console2-pick-requester"),
        &f.requester_id,
    )];
    requesters.extend(
        users
            .iter()
            .filter(|u| u.role == Role::ClientAdmin && of_client(u.client_id))
            .map(|u| {
                Opt::new(
                    u.id.to_string(),
                    format!("{} <{}>", u.name, u.email),
                    f.requester_id.trim(),
                )
            }),
    );
    let mut campus_opts = vec![Opt::new("", t.t("console2-no-campus"), f.campus_id.trim())];
    campus_opts.extend(
        campuses
            .iter()
            .filter(|c| of_client(Some(c.client_id)))
            .map(|c| {
                Opt::new(
                    c.id.to_string(),
                    format!("{} ({} {})", c.url, c.platform, c.platform_version),
                    f.campus_id.trim(),
                )
            }),
    );
    let category = if f.category.is_empty() {
        "technical"
    } else {
        f.category.as_str()
    };
    let priority = if f.priority.is_empty() {
        "medium"
    } else {
        f.priority.as_str()
    };
    let failed = !errors.is_empty();
    let mut res = page::render(&NewTicketPage {
        t,
        chrome: Some(Chrome::of(&s.0, "/console/new")),
        clients: client_opts,
        client_id,
        requesters,
        campuses: campus_opts,
        categories: enum_opts(t, "category", &CATEGORIES, category),
        priorities: enum_opts(t, "priority", &PRIORITIES, priority),
        subject: f.subject.clone(),
        body: f.body.clone(),
        errors,
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

pub async fn page(State(svc): State<Service>, s: Session, Query(f): Query<Form>) -> Response {
    match staff_tr(&s) {
        Ok(t) => render(&svc, &s, &t, &f, Vec::new()).await,
        Err(r) => r,
    }
}

/// An id field: empty is "required", anything but a number is "invalid".
fn id_field(t: &Tr, field: &str, raw: &str, errors: &mut Vec<domain::FieldError>) -> Option<i64> {
    match raw.trim() {
        "" => {
            errors.push(domain::FieldError::new(
                field,
                "required",
                t.t("console2-err-required"),
            ));
            None
        }
        v => v.parse().ok().or_else(|| {
            errors.push(domain::FieldError::new(
                field,
                "invalid",
                t.t("console-pick-one"),
            ));
            None
        }),
    }
}

pub async fn create(State(svc): State<Service>, f: CsrfForm<Form>) -> Response {
    let t = match staff_tr(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let form = &f.form;
    let mut errs = Vec::new();
    let client_id = id_field(&t, "client_id", &form.client_id, &mut errs);
    let requester_id = id_field(&t, "requester_id", &form.requester_id, &mut errs);
    let campus_id = match form.campus_id.trim() {
        "" => None,
        v => v.parse().ok().or_else(|| {
            errs.push(domain::FieldError::new(
                "campus_id",
                "invalid",
                t.t("console-pick-one"),
            ));
            None
        }),
    };
    let category = Category::parse(&form.category);
    let priority = Priority::parse(&form.priority);
    if category.is_none() {
        errs.push(domain::FieldError::new(
            "category",
            "invalid",
            t.t("console-pick-one"),
        ));
    }
    if priority.is_none() {
        errs.push(domain::FieldError::new(
            "priority",
            "invalid",
            t.t("console-pick-one"),
        ));
    }
    let r = match (client_id, requester_id, category, priority) {
        (Some(client_id), Some(requester_id), Some(category), Some(priority))
            if errs.is_empty() =>
        {
            svc.create_ticket(
                &f.session.0.actor,
                &NewTicket {
                    client_id: Some(client_id),
                    campus_id,
                    category,
                    priority,
                    subject: form.subject.clone(),
                    body: form.body.clone(),
                    tags: Vec::new(),
                    linked_ticket_id: None,
                    requester_id: Some(requester_id),
                },
            )
            .await
        }
        _ => Err(ServiceError::Invalid(errs)),
    };
    match r {
        Ok(tk) => Redirect::to(&format!("/console/tickets/{}", tk.id)).into_response(),
        Err(ServiceError::Invalid(errs)) => {
            render(&svc, &f.session, &t, form, explain_fields(&t, &errs)).await
        }
        Err(e) => page::service_error(&t, e),
    }
}
