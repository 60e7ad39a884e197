//! The ticket page's forms: reply or internal note, status, triage. A rule the service
//! refuses (empty body, lowering priority without a reason…) re-renders the ticket page with
//! the message and what was typed; only "not found"/"forbidden" become error pages.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use domain::{
    Priority,
    ticket::{Category, ScopeKind, Status},
};
use serde::Deserialize;
use service::{
    Service, ServiceError,
    tickets::{Reply, ScopeInput, TicketPatch},
};

use super::{
    parse_id, staff_tr,
    ticket::{Draft, render},
};
use crate::ui::{
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
    upload::{self, UploadForm},
};

/// Each refused field as "Field: reason" in the user's language (the shared translator of
/// field errors; saved replies add their placeholder advice on top).
pub(super) fn explain_fields(t: &Tr, errs: &[domain::FieldError]) -> Vec<String> {
    crate::ui::feedback::field_errors_in(t, "console", errs)
}

/// A readable message for a refused change, in the user's language.
fn explain(t: &Tr, e: &ServiceError) -> Option<String> {
    match e {
        ServiceError::Invalid(errs) => Some(explain_fields(t, errs).join(" ")),
        ServiceError::State { .. } => crate::ui::feedback::service_message(t, e),
        _ => None,
    }
}

/// Redirects back to the ticket, or re-renders it with the error.
async fn done(
    svc: &Service,
    f: &crate::ui::session::Session,
    t: &Tr,
    id: i64,
    r: Result<(), ServiceError>,
    mut draft: Draft,
) -> Response {
    match r {
        Ok(()) => Redirect::to(&format!("/console/tickets/{id}")).into_response(),
        Err(e) => match explain(t, &e) {
            Some(msg) => {
                draft.error = Some(format!("{} {msg}", t.t("console-not-saved")));
                render(svc, f, t, id, draft).await
            }
            None => page::service_error(t, e),
        },
    }
}

/// `POST /console/tickets/{id}/messages` (multipart or URL-encoded): the action bar — a reply
/// or internal note with files and, by the button pressed, the status that follows ("Enviar",
/// "Enviar y esperar al cliente", "Enviar y resolver"): one submit, one transaction
/// ([`Service::reply`]). Files on an internal note are internal too (never shown to clients).
pub async fn reply(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    mp: UploadForm,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let up = match upload::accept(&t, &s, &headers, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let internal = up.field("internal").is_some();
    let mut draft = Draft {
        body: up.text("body"),
        internal,
        ..Default::default()
    };
    let problems = up.problems(&t);
    if !problems.is_empty() {
        draft.error = Some(format!(
            "{} {}",
            t.t("console-not-saved"),
            problems.join(" ")
        ));
        let mut res = render(&svc, &s, &t, id, draft).await;
        *res.status_mut() = up.problem_status();
        return res;
    }
    // Empty: keep the status (a public reply still opens a `new` ticket).
    let status = match up.text("status").trim() {
        "" => None,
        v => match Status::parse(v) {
            Some(st) => Some(st),
            None => {
                let e = domain::FieldError::new("status", "invalid", "unknown status");
                return done(&svc, &s, &t, id, Err(e.into()), draft).await;
            }
        },
    };
    let r = match upload::staged(up.files) {
        Ok(files) => {
            let reply = Reply {
                body: draft.body.clone(),
                internal,
                files,
                status,
                reopen: false,
            };
            svc.reply(&s.0.actor, id, reply).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    done(&svc, &s, &t, id, r, draft).await
}

/// "Asignarme": the viewer takes the ticket.
pub async fn take(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    let actor = &f.session.0.actor;
    let patch = TicketPatch {
        assignee_id: Some(Some(actor.user_id)),
        ..Default::default()
    };
    let r = svc.update_ticket(actor, id, &patch).await.map(|_| ());
    done(&svc, &f.session, &t, id, r, Draft::default()).await
}

/// "Publicar al cliente": a ticket kept for staff (a missing backup) becomes the client's.
pub async fn publish(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    let patch = TicketPatch {
        staff_only: Some(false),
        ..Default::default()
    };
    let r = svc
        .update_ticket(&f.session.0.actor, id, &patch)
        .await
        .map(|_| ());
    done(&svc, &f.session, &t, id, r, Draft::default()).await
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn status(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<StatusForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let r = match Status::parse(&f.form.status) {
        Some(to) => {
            let patch = TicketPatch {
                status: Some(to),
                ..Default::default()
            };
            svc.update_ticket(&f.session.0.actor, id, &patch)
                .await
                .map(|_| ())
        }
        None => Err(domain::FieldError::new("status", "pick_one", t.t("console-pick-one")).into()),
    };
    done(&svc, &f.session, &t, id, r, Draft::default()).await
}

#[derive(Deserialize)]
pub struct TriageForm {
    #[serde(default)]
    priority: String,
    priority_reason: Option<String>,
    #[serde(default)]
    category: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    scope_kind: String,
    scope_reason: Option<String>,
    scope_note: Option<String>,
}

pub async fn triage(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<TriageForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let actor = &f.session.0.actor;
    let form = &f.form;
    let draft = Draft {
        priority_reason: form.priority_reason.clone().unwrap_or_default(),
        ..Default::default()
    };
    let current = match svc.get_ticket(actor, id).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    let bad = |field: &str| -> Result<(), ServiceError> {
        Err(domain::FieldError::new(field, "pick_one", t.t("console-pick-one")).into())
    };
    let (Some(priority), Some(category), Some(scope)) = (
        Priority::parse(&form.priority),
        Category::parse(&form.category),
        ScopeKind::parse(&form.scope_kind),
    ) else {
        return done(&svc, &f.session, &t, id, bad("priority"), draft).await;
    };
    let assignee = match form.assignee_id.trim() {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(uid) => Some(uid),
            Err(_) => return done(&svc, &f.session, &t, id, bad("assignee_id"), draft).await,
        },
    };
    // The reason select only means something for out of scope: a choice left there while the
    // kind changed is dropped rather than refused.
    let reason = match form.scope_reason.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() && scope == ScopeKind::OutOfScope => {
            match domain::scope::ScopeReason::parse(r) {
                Some(r) => Some(r),
                None => return done(&svc, &f.session, &t, id, bad("scope.reason"), draft).await,
            }
        }
        _ => None,
    };
    let note = form
        .scope_note
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    // Scope changes are always recorded as events, so only send one that differs.
    let scope_changed =
        scope != current.scope.kind || reason != current.scope.reason || note != current.scope.note;
    let patch = TicketPatch {
        priority: (priority != current.priority).then_some(priority),
        priority_reason: form.priority_reason.clone(),
        category: (category != current.category).then_some(category),
        scope: scope_changed.then_some(ScopeInput {
            kind: scope,
            reason,
            note,
        }),
        assignee_id: (assignee != current.assignee_id).then_some(assignee),
        ..Default::default()
    };
    let r = svc.update_ticket(actor, id, &patch).await.map(|_| ());
    done(&svc, &f.session, &t, id, r, draft).await
}

/// `POST /console/tickets/{id}/scope-suggestion/accept`: the agent takes the suggested scope.
pub async fn accept_scope(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    let r = svc
        .accept_scope_suggestion(&f.session.0.actor, id)
        .await
        .map(|_| ());
    done(&svc, &f.session, &t, id, r, Draft::default()).await
}
