//! One ticket as its client sees it: the public thread (the service never returns internal
//! notes to a client admin), attachments, the SLA badge, a reply form, and — while resolved and
//! inside the 7-day window — confirm or reopen.

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use domain::ticket::Status;
use serde::Deserialize;
use service::{
    Service, ServiceError,
    tickets::{CONFIRM_WINDOW_HOURS, Reply, TicketPatch, TicketView},
};

use super::{client_only, feedback, new_ticket::file_problems, ticket_ref};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

struct Msg {
    author: String,
    mine: bool,
    at: String,
    body: String,
}

struct File {
    id: i64,
    name: String,
    size: String,
    at: String,
}

#[derive(Template)]
#[template(path = "portal/ticket.html")]
struct TicketPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    v: &'a TicketView,
    status: String,
    priority: String,
    requested: Option<String>,
    category: String,
    campus: String,
    created: String,
    sla: SlaBadge,
    /// Due instant in the user's zone.
    due: String,
    messages: Vec<Msg>,
    files: Vec<File>,
    can_reply: bool,
    /// Set while the ticket is resolved and the window is open: the last instant to answer.
    decide_by: Option<String>,
    reply_body: &'a str,
    errors: Vec<String>,
}

/// "1,5 MiB" style sizes; precise enough to recognise a file.
fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KiB", b / 1024),
        b => format!("{b} B"),
    }
}

pub(super) async fn page(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    match ticket_ref(&t, &id) {
        Ok(id) => show(&svc, &s, &t, id, "", Vec::new(), StatusCode::OK).await,
        Err(res) => res,
    }
}

async fn show(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    reply_body: &str,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let actor = &s.0.actor;
    // TENANT: every read below answers NotFound (→ 404) for another client's ticket.
    let loaded = async {
        let v = svc.get_ticket(actor, id).await?;
        let msgs = svc.list_messages(actor, id).await?;
        let files = svc.list_attachments(actor, id).await?;
        let users = svc.list_users(actor).await?;
        let campuses = svc.list_campuses(actor, None).await?;
        Ok::<_, ServiceError>((v, msgs, files, users, campuses))
    }
    .await;
    let (v, msgs, files, users, campuses) = match loaded {
        Ok(x) => x,
        Err(e) => return page::service_error(t, e),
    };
    let support = t.t("portal-author-support");
    let messages = msgs
        .iter()
        .filter(|m| !m.internal) // the service already hides them; never render one regardless
        .map(|m| {
            // Authors outside the client's own users are the provider's help desk.
            let own = users.iter().find(|u| Some(u.id) == m.author_id);
            Msg {
                author: own.map(|u| u.name.clone()).unwrap_or(support.clone()),
                mine: own.is_some(),
                at: t.datetime(&m.created_at),
                body: m.body.clone(),
            }
        })
        .collect();
    let decide_by = (v.status == Status::Resolved)
        .then(|| v.resolved_at.as_deref()?.parse::<jiff::Timestamp>().ok())
        .flatten()
        .and_then(|r| {
            r.checked_add(jiff::SignedDuration::from_hours(CONFIRM_WINDOW_HOURS))
                .ok()
        })
        .map(|until| t.datetime(&until.to_string()));
    let mut res = page::render(&TicketPage {
        t,
        chrome: Some(Chrome::of(&s.0, &format!("/portal/tickets/{}", v.id))),
        status: t.label("status", v.status.as_str()),
        priority: t.label("priority", v.priority.as_str()),
        requested: (v.requested_priority != v.priority)
            .then(|| t.label("priority", v.requested_priority.as_str())),
        category: t.label("category", v.category.as_str()),
        campus: v
            .campus_id
            .and_then(|c| campuses.iter().find(|x| x.id == c))
            .map(|c| c.url.clone())
            .unwrap_or_else(|| t.t("portal-no-campus")),
        created: t.datetime(&v.created_at),
        sla: SlaBadge::of(t, &v.sla, v.status == Status::Closed),
        due: t.datetime(&v.sla.due_at),
        messages,
        files: files
            .iter()
            .map(|f| File {
                id: f.id,
                name: f.filename.clone(),
                size: size(f.size_bytes),
                at: t.datetime(&f.created_at),
            })
            .collect(),
        can_reply: v.status != Status::Closed,
        decide_by,
        reply_body,
        errors,
        v: &v,
    });
    *res.status_mut() = status;
    res
}

/// `POST /portal/tickets/{id}/messages` (multipart): a reply and/or files. On a ticket waiting
/// for the client the service resumes the clock by itself.
pub(super) async fn reply(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    mp: super::upload::UploadForm,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let id = match ticket_ref(&t, &id) {
        Ok(id) => id,
        Err(res) => return res,
    };
    let up = match super::upload::accept(&t, &s, &headers, mp).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let body = up.text("body");
    let mut errors = file_problems(&t, &up);
    if body.trim().is_empty() && up.files.is_empty() && errors.is_empty() {
        errors.push(t.t("portal-err-empty-reply"));
    }
    if !errors.is_empty() {
        let status = if up.too_large.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::PAYLOAD_TOO_LARGE
        };
        return show(&svc, &s, &t, id, &body, errors, status).await;
    }
    // Text and files are one reply: a file alone resumes a ticket waiting on the client too.
    let reopen = up.field("action") == Some("reopen");
    let files = match super::upload::staged(up.files) {
        Ok(files) => files,
        Err(e) => return page::service_error(&t, e),
    };
    let reply = Reply {
        body: body.clone(),
        files,
        reopen,
        ..Reply::default()
    };
    match svc.reply(&s.0.actor, id, reply).await {
        Ok(_) => {}
        Err(ServiceError::Invalid(errs)) => {
            let errors = feedback::field_errors(&t, &errs);
            return show(
                &svc,
                &s,
                &t,
                id,
                &body,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(e) => return page::service_error(&t, e),
    }
    Redirect::to(&format!("/portal/tickets/{id}#reply")).into_response()
}

#[derive(Deserialize)]
pub(super) struct Empty {}

/// `POST /portal/tickets/{id}/confirm`: the client accepts the resolution (→ closed).
pub(super) async fn confirm(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<Empty>,
) -> Response {
    decide(&svc, &f.session, &id, Status::Closed, None).await
}

#[derive(Deserialize)]
pub(super) struct ReopenForm {
    #[serde(default)]
    reason: String,
}

/// `POST /portal/tickets/{id}/reopen`: the problem persists (→ open, the clock resumes); the
/// client says why.
pub(super) async fn reopen(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<ReopenForm>,
) -> Response {
    decide(
        &svc,
        &f.session,
        &id,
        Status::Open,
        Some(f.form.reason.clone()),
    )
    .await
}

/// After the window the service has already closed the ticket: the change answers 409.
async fn decide(
    svc: &Service,
    s: &Session,
    id: &str,
    to: Status,
    reason: Option<String>,
) -> Response {
    let t = match client_only(s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let id = match ticket_ref(&t, id) {
        Ok(id) => id,
        Err(res) => return res,
    };
    let patch = TicketPatch {
        status: Some(to),
        status_reason: reason,
        ..TicketPatch::default()
    };
    match svc.update_ticket(&s.0.actor, id, &patch).await {
        Ok(_) => Redirect::to(&format!("/portal/tickets/{id}")).into_response(),
        Err(ServiceError::Invalid(errs)) => {
            let errors = feedback::field_errors(&t, &errs);
            show(svc, s, &t, id, "", errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => page::service_error(&t, e),
    }
}
