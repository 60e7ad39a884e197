//! The portal ticket page's quotes (`templates/portal/_quotes.html`): the pending quote with
//! its amount, hours and validity and the Approve / Reject buttons, then the past ones.
//!
//! `POST /portal/quotes/{id}/approve` and `POST /portal/quotes/{id}/reject` (CSRF forms). Only
//! the ticket's own client admins get here (`client_only`); another client's quote is 404.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use domain::quote::QuoteState;
use serde::Deserialize;
use service::{Actor, Service, ServiceError, ServiceResult, quotes::QuoteRejection};

use super::{client_only, ticket::show_with_quotes};
use crate::ui::{
    i18n::Tr,
    page,
    quotes::{QuoteLine, explain},
    session::{CsrfForm, NoFields, Session},
};

/// What a refused decision sends back into the page.
#[derive(Debug, Default)]
pub struct QuoteEcho {
    pub reason: String,
    pub errors: Vec<String>,
}

pub struct PortalQuotes {
    pub show: bool,
    /// The quote awaiting the client's decision.
    pub pending: Option<QuoteLine>,
    /// Decided, expired and withdrawn ones, newest first.
    pub past: Vec<QuoteLine>,
    pub reason: String,
    pub errors: Vec<String>,
}

impl PortalQuotes {
    pub async fn load(
        svc: &Service,
        actor: &Actor,
        t: &Tr,
        ticket_id: i64,
        echo: QuoteEcho,
    ) -> ServiceResult<PortalQuotes> {
        let quotes = svc.list_quotes(actor, ticket_id).await?; // TENANT
        let (pending, past): (Vec<_>, Vec<_>) =
            quotes.iter().partition(|q| q.state == QuoteState::Pending);
        Ok(PortalQuotes {
            show: !quotes.is_empty() || !echo.errors.is_empty(),
            pending: pending.first().map(|q| QuoteLine::of(t, q)),
            past: past.iter().map(|q| QuoteLine::of(t, q)).collect(),
            reason: echo.reason,
            errors: echo.errors,
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct RejectForm {
    #[serde(default)]
    reason: String,
}

/// `POST /portal/quotes/{id}/approve`: the client accepts; the work may start.
pub async fn approve(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<NoFields>,
) -> Response {
    decide(&svc, &f.session, &id, None).await
}

/// `POST /portal/quotes/{id}/reject`: the client declines, optionally saying why.
pub async fn reject(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<RejectForm>,
) -> Response {
    decide(&svc, &f.session, &id, Some(f.form.reason.clone())).await
}

/// Approves (`reason: None`) or rejects; a refusal (expired, already decided, reason too long)
/// re-renders the ticket page with it in the quote block.
async fn decide(svc: &Service, s: &Session, raw: &str, reason: Option<String>) -> Response {
    let t = match client_only(s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let Ok(id) = raw.parse::<i64>() else {
        return page::error(&t, StatusCode::NOT_FOUND, &t.t("error-not-found"));
    };
    let actor = &s.0.actor;
    let ticket_id = match svc.get_quote(actor, id).await {
        Ok(q) => q.ticket_id,
        Err(e) => return page::service_error(&t, e),
    };
    let r = match &reason {
        None => svc.approve_quote(actor, id).await,
        Some(r) => {
            let rej = QuoteRejection {
                reason: Some(r.clone()),
            };
            svc.reject_quote(actor, id, &rej).await
        }
    };
    let e = match r {
        Ok(_) => {
            return Redirect::to(&format!("/portal/tickets/{ticket_id}#quotes")).into_response();
        }
        Err(e) => e,
    };
    let status = match &e {
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::State { .. } => StatusCode::CONFLICT,
        _ => return page::service_error(&t, e),
    };
    let Some(errors) = explain(&t, &e) else {
        return page::service_error(&t, e);
    };
    let echo = QuoteEcho {
        reason: reason.unwrap_or_default(),
        errors,
    };
    show_with_quotes(svc, s, &t, ticket_id, echo, status).await
}
