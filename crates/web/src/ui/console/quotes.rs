//! The console ticket page's quotes (`templates/console/_quotes.html`): every quote with its
//! state, the approval shown first and loud ("work starts only after approval"), a form to
//! send one (replacing the pending one) and "withdraw" on the pending one.
//!
//! `POST /console/tickets/{id}/quotes` and `POST /console/quotes/{id}/withdraw`; a refusal
//! re-renders the ticket page with the typed values and the reasons inside this block.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use domain::{FieldError, quote as dq, ticket::ScopeKind};
use serde::Deserialize;
use service::{
    Actor, Service, ServiceError, ServiceResult,
    quotes::{NewQuote, QuoteView},
    tickets::TicketView,
};

use super::ticket::{Draft, render};
use crate::ui::{
    i18n::Tr,
    page,
    quotes::{QuoteLine, explain},
    session::{CsrfForm, NoFields, Session},
};

/// What the form held when it was refused, and why.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct QuoteDraft {
    pub description: String,
    pub hours: String,
    pub amount: String,
    pub currency: String,
    pub valid_until: String,
    pub errors: Vec<String>,
}

pub struct QuotesBlock {
    /// Shown on tickets that may be quoted, and on any ticket that has quotes.
    pub show: bool,
    pub can_send: bool,
    /// The ticket's work is included: say why there is no form.
    pub included: bool,
    /// The latest quote is approved: "work may start", said first.
    pub approved: Option<String>,
    pub has_pending: bool,
    pub lines: Vec<QuoteLine>,
    pub draft: QuoteDraft,
}

impl QuotesBlock {
    pub async fn load(
        svc: &Service,
        actor: &Actor,
        t: &Tr,
        tk: &TicketView,
        draft: &QuoteDraft,
    ) -> ServiceResult<QuotesBlock> {
        let quotes = svc.list_quotes(actor, tk.id).await?;
        let included = tk.scope.kind == ScopeKind::Included;
        let open = tk.status != domain::ticket::Status::Closed && !tk.staff_only;
        let approved = quotes
            .first()
            .filter(|q| q.state == dq::QuoteState::Approved)
            .map(|q| approval(t, q));
        let mut draft = draft.clone();
        if draft == QuoteDraft::default() {
            // A re-quote starts from the last terms' currency; validity two weeks ahead.
            draft.currency = quotes
                .first()
                .map(|q| q.currency.clone())
                .unwrap_or_else(|| "ARS".into());
            draft.valid_until = (svc.now() + jiff::SignedDuration::from_hours(24 * 14))
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string();
        }
        Ok(QuotesBlock {
            show: !included || !quotes.is_empty(),
            can_send: !included && open,
            included,
            approved,
            has_pending: quotes.iter().any(|q| q.state == dq::QuoteState::Pending),
            lines: quotes.iter().map(|q| QuoteLine::of(t, q)).collect(),
            draft,
        })
    }
}

fn approval(t: &Tr, q: &QuoteView) -> String {
    let when = q
        .decided_at
        .as_deref()
        .map(|d| t.datetime(d))
        .unwrap_or_default();
    let who = q.decided_by_name.clone().unwrap_or_default();
    t.try_t_args(
        "quote-approved-banner",
        &[("id", q.id.to_string()), ("who", who), ("at", when)],
    )
    .unwrap_or_else(|| t.t("quote-approved-banner"))
}

#[derive(Debug, Deserialize)]
pub struct QuoteForm {
    #[serde(default)]
    description: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    valid_until: String,
}

/// The form's text as the API's input: hours and amount are typed as decimals (`12,5`,
/// `150000,00`) and become whole minutes and integer minor units here.
fn parse(f: &QuoteForm) -> Result<NewQuote, Vec<FieldError>> {
    let mut errs = Vec::new();
    let minutes = dq::minutes_from_hours_text("hours", &f.hours).map_err(|e| errs.push(e));
    let exponent = dq::Currency::parse("currency", &f.currency)
        .map(|c| c.exponent())
        .unwrap_or(2);
    let amount =
        dq::parse_decimal_amount("amount_minor", &f.amount, exponent).map_err(|e| errs.push(e));
    match (minutes, amount) {
        (Ok(m), Ok(a)) if errs.is_empty() => Ok(NewQuote {
            description: f.description.clone(),
            hours: dq::hours_of(m),
            amount_minor: a,
            currency: f.currency.clone(),
            valid_until: f.valid_until.clone(),
        }),
        _ => Err(errs),
    }
}

/// Re-renders the ticket page with the refusal in the quote block (422 for bad input, 409
/// for a state rule), or the error page for what is not the user's to fix.
async fn refused(
    svc: &Service,
    s: &Session,
    t: &Tr,
    ticket_id: i64,
    mut draft: QuoteDraft,
    e: ServiceError,
) -> Response {
    let status = match &e {
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::State { .. } | ServiceError::Conflict { .. } => StatusCode::CONFLICT,
        _ => return page::service_error(t, e),
    };
    let Some(msgs) = explain(t, &e) else {
        return page::service_error(t, e);
    };
    draft.errors = msgs;
    let page_draft = Draft {
        quote: draft,
        ..Draft::default()
    };
    let mut res = render(svc, s, t, ticket_id, page_draft).await;
    if res.status().is_success() {
        *res.status_mut() = status;
    }
    res
}

/// `POST /console/tickets/{id}/quotes`: sends a quote (see `Service::send_quote`).
pub async fn send(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<QuoteForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let form = &f.form;
    let draft = QuoteDraft {
        description: form.description.clone(),
        hours: form.hours.clone(),
        amount: form.amount.clone(),
        currency: form.currency.clone(),
        valid_until: form.valid_until.clone(),
        errors: Vec::new(),
    };
    let r = match parse(form) {
        Ok(q) => svc.send_quote(&f.session.0.actor, id, &q).await.map(|_| ()),
        Err(errs) => Err(ServiceError::Invalid(errs)),
    };
    match r {
        Ok(()) => Redirect::to(&format!("/console/tickets/{id}#quotes")).into_response(),
        Err(e) => refused(&svc, &f.session, &t, id, draft, e).await,
    }
}

/// `POST /console/quotes/{id}/withdraw`: takes a pending quote back.
pub async fn withdraw(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    let actor = &f.session.0.actor;
    let ticket_id = match svc.get_quote(actor, id).await {
        Ok(q) => q.ticket_id,
        Err(e) => return page::service_error(&t, e),
    };
    match svc.withdraw_quote(actor, id).await {
        Ok(_) => Redirect::to(&format!("/console/tickets/{ticket_id}#quotes")).into_response(),
        Err(e) => refused(&svc, &f.session, &t, ticket_id, QuoteDraft::default(), e).await,
    }
}
