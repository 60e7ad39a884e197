//! One ticket as its client sees it: the public thread (the service never returns internal
//! notes to a client admin), attachments, the SLA badge, a reply form, and — while resolved and
//! inside the 7-day window — confirm or reopen.
//!
//! Said for a client: "Esperamos su respuesta" when the ticket waits on them, their plan's name,
//! the plan's business hours when it counts business time, and, once the ticket is finished,
//! when it was resolved instead of a due time (a paused clock's due time moves with "now").
//! The status and due time come first in the page, so a phone shows them before the form.

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use domain::{
    sla::{ClockKind, Target},
    ticket::Status,
};
use serde::Deserialize;
use service::{
    Service, ServiceError,
    tickets::{CONFIRM_WINDOW_HOURS, Reply, TicketPatch, TicketView, projection::ClockKindView},
};

use super::{client_only, feedback, hours, new_ticket::file_problems, targets, ticket_ref};
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
    /// Waiting on the client: the status is highlighted (the next step is theirs).
    waiting: bool,
    priority: String,
    requested: Option<String>,
    category: String,
    /// The contract scope in plain words ("Fuera del abono: administración del campus (…)").
    scope: String,
    campus: String,
    created_at: String,
    sla: SlaBadge,
    /// Due instant in the user's zone (while the ticket is not finished).
    due: String,
    /// Finished (resolved or closed): "Resuelto el …" replaces the due time and countdown.
    finished: Option<String>,
    /// The plan's name, when it can be told (see `Service::ticket_plan`).
    plan: Option<String>,
    /// The plan's business hours, when this ticket's clock counts business time.
    hours: Option<String>,
    /// Right after creation: the number and the resolution time to expect.
    created: Option<String>,
    messages: Vec<Msg>,
    files: Vec<File>,
    can_reply: bool,
    /// Set while the ticket is resolved and the window is open: the last instant to answer.
    decide_by: Option<String>,
    reply_body: &'a str,
    errors: Vec<String>,
    reopen_reason: &'a str,
    reopen_errors: Vec<String>,
    /// The quotes block (`quotes.rs`).
    quotes: super::quotes::PortalQuotes,
    /// The administration-hours bank (an `admin_hours` ticket) and the time shown to the client.
    hours_block: Option<crate::ui::hours_view::BankLine>,
    ticket_time: Vec<super::admin_hours::TimeLine>,
}

/// What a submitted form sends back into the page: the typed text and why it was refused.
#[derive(Default)]
struct Echo<'a> {
    reply_body: &'a str,
    errors: Vec<String>,
    reopen_reason: &'a str,
    reopen_errors: Vec<String>,
    /// `?created=1`: the ticket was just opened.
    created: bool,
    quote: super::quotes::QuoteEcho,
}

/// The page with a refused quote decision in its quote block.
pub(super) async fn show_with_quotes(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    quote: super::quotes::QuoteEcho,
    status: StatusCode,
) -> Response {
    let echo = Echo {
        quote,
        ..Echo::default()
    };
    show(svc, s, t, id, echo, status).await
}

fn clock_of(v: &TicketView) -> ClockKind {
    match v.sla.clock {
        ClockKindView::Calendar => ClockKind::Calendar,
        ClockKindView::Business => ClockKind::Business,
    }
}

/// "Resuelto el 03/11/2026 10:00" / "Cerrado el …" for a finished ticket; `None` otherwise.
fn finished(t: &Tr, v: &TicketView) -> Option<String> {
    match v.status {
        Status::Resolved => Some(t.t1("portal-resolved-on", "at", t.datetime_opt(&v.resolved_at))),
        Status::Closed => Some(match &v.resolved_at {
            Some(r) => t.t1("portal-resolved-on", "at", t.datetime(r)),
            None => t.t1("portal-closed-on", "at", t.datetime_opt(&v.closed_at)),
        }),
        _ => None,
    }
}

/// The status as a client reads it: waiting on them is "Esperamos su respuesta".
pub(super) fn status_label(t: &Tr, status: Status) -> String {
    match status {
        Status::WaitingOnClient => t.t("portal-status-waiting-on-client"),
        s => t.label("status", s.as_str()),
    }
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
    RawQuery(query): RawQuery,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let echo = Echo {
        created: query
            .as_deref()
            .is_some_and(|q| q.split('&').any(|p| p == "created=1")),
        ..Echo::default()
    };
    match ticket_ref(&t, &id) {
        Ok(id) => show(&svc, &s, &t, id, echo, StatusCode::OK).await,
        Err(res) => res,
    }
}

async fn show(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    echo: Echo<'_>,
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
        let plan = svc.ticket_plan(actor, id).await?;
        let time = super::admin_hours::ticket_blocks(svc, actor, t, id).await?;
        Ok::<_, ServiceError>((v, msgs, files, users, campuses, plan, time))
    }
    .await;
    let (v, msgs, files, users, campuses, plan, (hours_block, ticket_time)) = match loaded {
        Ok(x) => x,
        Err(e) => return page::service_error(t, e),
    };
    let quotes = match super::quotes::PortalQuotes::load(svc, actor, t, id, echo.quote).await {
        Ok(q) => q,
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
    let expected = Target {
        target_seconds: v.sla.target_seconds,
        clock: clock_of(&v),
    };
    let created = echo.created.then(|| {
        format!(
            "{} {}",
            t.t1("portal-created-flash", "number", &v.number),
            t.t1(
                "portal-created-expect",
                "time",
                targets::humane(t, expected)
            )
        )
    });
    let hours = match (clock_of(&v), &plan.calendar) {
        (ClockKind::Business, Some(c)) => Some(hours::business_hours(t, c)),
        _ => None,
    };
    let mut res = page::render(&TicketPage {
        t,
        chrome: Some(Chrome::of(&s.0, &format!("/portal/tickets/{}", v.id))),
        status: status_label(t, v.status),
        waiting: v.status == Status::WaitingOnClient,
        priority: t.label("priority", v.priority.as_str()),
        requested: (v.requested_priority != v.priority)
            .then(|| t.label("priority", v.requested_priority.as_str())),
        category: t.label("category", v.category.as_str()),
        scope: crate::ui::contract::scope_words(t, &v.scope),
        campus: v
            .campus_id
            .and_then(|c| campuses.iter().find(|x| x.id == c))
            .map(|c| c.url.clone())
            .unwrap_or_else(|| t.t("portal-no-campus")),
        created_at: t.datetime(&v.created_at),
        sla: SlaBadge::of(t, &v.sla, v.status == Status::Closed),
        due: t.datetime(&v.sla.due_at),
        finished: finished(t, &v),
        plan: plan.name,
        hours,
        created,
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
        reply_body: echo.reply_body,
        errors: echo.errors,
        reopen_reason: echo.reopen_reason,
        reopen_errors: echo.reopen_errors,
        quotes,
        hours_block,
        ticket_time,
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
        let echo = Echo {
            reply_body: &body,
            errors,
            ..Echo::default()
        };
        return show(&svc, &s, &t, id, echo, status).await;
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
            let echo = Echo {
                reply_body: &body,
                errors: messages(&t, &errs),
                ..Echo::default()
            };
            return show(&svc, &s, &t, id, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return page::service_error(&t, e),
    }
    Redirect::to(&format!("/portal/tickets/{id}#reply")).into_response()
}

/// `POST /portal/tickets/{id}/confirm`: the client accepts the resolution (→ closed).
pub(super) async fn confirm(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    decide(&svc, &f.session, &id, Status::Closed, "").await
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
    decide(&svc, &f.session, &id, Status::Open, &f.form.reason).await
}

/// Validation messages for the page. A missing reason to reopen (the reply form's "Enviar y
/// reabrir" with no text, or the reopen form's empty reason) is said in the client's words.
fn messages(t: &Tr, errs: &[domain::FieldError]) -> Vec<String> {
    let (reason, other): (Vec<_>, Vec<_>) = errs
        .iter()
        .cloned()
        .partition(|e| e.field == "status_reason" || e.code == "reason_required");
    let mut out = feedback::field_errors(t, &other);
    if !reason.is_empty() {
        out.insert(0, t.t("portal-err-reopen-reason"));
    }
    out
}

/// After the window the service has already closed the ticket: the change answers 409.
async fn decide(svc: &Service, s: &Session, id: &str, to: Status, reason: &str) -> Response {
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
        status_reason: (to == Status::Open).then(|| reason.to_string()),
        ..TicketPatch::default()
    };
    match svc.update_ticket(&s.0.actor, id, &patch).await {
        Ok(_) => Redirect::to(&format!("/portal/tickets/{id}")).into_response(),
        // The window is checked first (409 after it); then the reason, shown by the reopen form.
        Err(ServiceError::Invalid(errs)) => {
            let echo = Echo {
                reopen_reason: reason,
                reopen_errors: messages(&t, &errs),
                ..Echo::default()
            };
            show(svc, s, &t, id, echo, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => page::service_error(&t, e),
    }
}
