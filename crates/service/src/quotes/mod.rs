//! Quotes on tickets whose work the contract does not include (issue 19, part 3).
//!
//! - Staff send a quote on an `out_of_scope` or `admin_hours` ticket (the client may prefer to
//!   buy such work rather than spend its hours bank); an `included` ticket is refused. At most
//!   one quote per ticket is pending: a new one withdraws (replaces) the pending one.
//! - Sending moves the ticket to `waiting_on_client` through the ordinary status change
//!   (`Service::record`), so the clock pauses exactly as for any wait on the client — no new
//!   clock rule — and the client admins of the ticket's client get the quote by e-mail.
//! - Only the ticket's own client admins approve or reject (staff: 403; another client: 404).
//!   A decision is a client action: a ticket waiting on the client resumes (`open`) in the same
//!   transaction, as a client reply resumes it.
//! - A pending quote past the end of its validity day (client's time zone) becomes `expired`
//!   (by the SLA watch step and whenever quotes are read). The ticket's status is left alone:
//!   the client still owes an answer, and the agent sees "expired" and re-quotes or closes.
//!
//! Every change is a ticket event (`quote_sent`, `quote_approved`, `quote_rejected`,
//! `quote_expired`, `quote_withdrawn`) written with it.

mod decide;
pub mod events;
mod expire;
mod mail;
mod send;
pub mod text;

use domain::quote::{self as dq, QuoteState};
use serde::{Deserialize, Serialize};
use store::quotes::QuoteRow;
use utoipa::ToSchema;

use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339};

/// `POST /api/v1/tickets/{id}/quotes`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuote {
    /// The work quoted, as the client will read it.
    pub description: String,
    /// Estimated hours: more than zero, at most 10 000, a whole number of minutes (`2.5` is
    /// 2 h 30 min; `0.01` is refused).
    pub hours: f64,
    /// The price in integer minor units of `currency` (cents: `15000050` ARS is 150 000,50).
    pub amount_minor: i64,
    /// ISO 4217 code (`ARS`, `USD`, `EUR`); any letter case.
    pub currency: String,
    /// The last day the client may accept it (`YYYY-MM-DD`, the client's calendar): it expires
    /// when that day ends in the client's time zone. Not a day already over; at most 366 days
    /// ahead.
    #[schema(format = Date)]
    pub valid_until: String,
}

/// `POST /api/v1/quotes/{id}/reject`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteRejection {
    /// Why the client declines (optional; shown to the agents).
    pub reason: Option<String>,
}

/// One quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteView {
    pub id: i64,
    pub ticket_id: i64,
    pub state: QuoteState,
    pub description: String,
    /// The estimate in hours (`minutes` / 60), for showing.
    pub hours: f64,
    /// The estimate in whole minutes (exact).
    pub minutes: i64,
    /// The price in integer minor units of `currency`.
    pub amount_minor: i64,
    /// The same price as a plain decimal with the currency's decimals (`150000.50`).
    pub amount: String,
    pub currency: String,
    /// The last day it may be accepted, in the client's calendar.
    #[schema(format = Date)]
    pub valid_until: String,
    /// When it expires: the end of `valid_until` in the client's time zone.
    #[schema(format = DateTime)]
    pub expires_at: String,
    /// The staff member who sent it.
    pub created_by: i64,
    /// Their name (staff only: clients read "support").
    pub created_by_name: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Who approved or rejected it (a client admin) or withdrew it (staff); none when it expired.
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    /// When it left `pending` (an expiry: the end of its validity).
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
    /// The client's reason for a rejection.
    pub reason: Option<String>,
    /// The quote that replaced this withdrawn one.
    pub replaced_by: Option<i64>,
}

/// The stored state; an unknown value is corrupt data, reported with its row.
pub(crate) fn state_of(r: &QuoteRow) -> ServiceResult<QuoteState> {
    crate::stored("quote", r.id, "state", &r.state, QuoteState::parse)
}

pub(crate) fn view(r: QuoteRow, staff: bool) -> ServiceResult<QuoteView> {
    let state = state_of(&r)?;
    // Clients see their own admins' names, never the provider's staff (the portal says "support").
    let client_decided = matches!(state, QuoteState::Approved | QuoteState::Rejected);
    Ok(QuoteView {
        id: r.id,
        ticket_id: r.ticket_id,
        state,
        hours: dq::hours_of(r.minutes),
        minutes: r.minutes,
        amount: dq::decimal_amount(r.amount_minor, dq::exponent(&r.currency)),
        amount_minor: r.amount_minor,
        valid_until: r.valid_until,
        expires_at: rfc3339(r.expires_at_us),
        created_by: r.created_by,
        created_by_name: r.created_by_name.filter(|_| staff),
        created_at: rfc3339(r.created_at_us),
        decided_by: r.decided_by,
        decided_by_name: r.decided_by_name.filter(|_| staff || client_decided),
        decided_at: r.decided_at_us.map(rfc3339),
        reason: r.decision_reason,
        replaced_by: r.replaced_by,
        description: r.description,
        currency: r.currency,
    })
}

/// "the quote is already approved" (409): a quote leaves `pending` once.
pub(crate) fn not_pending(state: QuoteState) -> ServiceError {
    ServiceError::state(
        "quote_not_pending",
        format!(
            "the quote is {}: only a pending quote can be decided or withdrawn",
            state.as_str()
        ),
    )
}

impl Service {
    /// A ticket's quotes, newest first. TENANT: another client's ticket answers 404. Quotes
    /// whose validity ended are marked expired first, so nobody reads "pending" past it.
    pub async fn list_quotes(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Vec<QuoteView>> {
        self.get_ticket_row(actor, ticket_id).await?; // TENANT
        self.expire_quotes_of(Some(ticket_id)).await?;
        store::quotes::list_for_ticket(&self.db, ticket_id)
            .await?
            .into_iter()
            .map(|r| view(r, actor.is_staff()))
            .collect()
    }

    /// One quote. TENANT: a quote on another client's ticket answers 404.
    pub async fn get_quote(&self, actor: &Actor, id: i64) -> ServiceResult<QuoteView> {
        let q = store::quotes::get_quote(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.get_ticket_row(actor, q.ticket_id).await?; // TENANT
        self.expire_quotes_of(Some(q.ticket_id)).await?;
        let q = store::quotes::get_quote(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        view(q, actor.is_staff())
    }
}
