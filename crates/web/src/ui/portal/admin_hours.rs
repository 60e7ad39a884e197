//! The client admin's administration hours (issue 19): the "Horas de administración" block on
//! the portal's home and on an `admin_hours` ticket (`templates/portal/_hours.html`), the
//! time a ticket took as far as it was shown to the client, and `/portal/hours`, a month's
//! bank with the visible entries that used it, and the CSV of the month's visible entries.
//!
//! (Not `hours.rs`: that one says a business calendar's working hours.)

use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use domain::hours::{Month, format_minutes};
use serde::Deserialize;
use service::{
    Actor, Service, ServiceError, ServiceResult,
    hours::{TimeEntryQuery, TimeEntryView},
};

use super::client_only;
use crate::ui::{
    Chrome,
    hours_view::{BankLine, civil_date, csv_download, month_name},
    i18n::Tr,
    page,
    session::Session,
};

/// One entry as the client reads it.
pub struct TimeLine {
    pub id: i64,
    pub date: String,
    pub ticket_id: i64,
    pub ticket: String,
    pub agent: String,
    pub length: String,
    pub note: String,
    pub overage: String,
}

fn line(t: &Tr, e: TimeEntryView) -> TimeLine {
    TimeLine {
        id: e.id,
        date: civil_date(t, &e.work_date),
        ticket_id: e.ticket_id,
        ticket: format!("{} · {}", e.ticket_number, e.ticket_subject),
        agent: e.agent_name,
        length: format_minutes(e.minutes),
        note: e.note,
        overage: if e.overage_minutes > 0 {
            format_minutes(e.overage_minutes)
        } else {
            String::new()
        },
    }
}

/// This month's bank of the client admin's client, for the home page: shown once the client
/// has hours or has used some.
pub(super) async fn home_block(
    svc: &Service,
    a: &Actor,
    t: &Tr,
) -> ServiceResult<Option<BankLine>> {
    let Some(client) = a.client_id else {
        return Ok(None);
    };
    let b = svc.hours_balance(a, client, None).await?;
    if b.available_minutes == 0 && b.used_minutes == 0 {
        return Ok(None);
    }
    let mut line = BankLine::of(t, &b);
    line.link = "/portal/hours".into();
    Ok(Some(line))
}

/// On a ticket: the bank when the ticket is administration work, and the time visible to
/// the client.
pub(super) async fn ticket_blocks(
    svc: &Service,
    a: &Actor,
    t: &Tr,
    ticket_id: i64,
) -> ServiceResult<(Option<BankLine>, Vec<TimeLine>)> {
    let tt = svc.ticket_time(a, ticket_id).await?;
    let bank = tt.bank.as_ref().map(|b| {
        let mut l = BankLine::of(t, b);
        l.link = "/portal/hours".into();
        l
    });
    Ok((bank, tt.entries.into_iter().map(|e| line(t, e)).collect()))
}

#[derive(Deserialize, Default)]
pub(super) struct MonthQuery {
    month: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/hours.html")]
struct HoursPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    b: BankLine,
    prev: String,
    next: String,
    prev_name: String,
    next_name: String,
    entries: Vec<TimeLine>,
}

/// A month from the query: an unreadable one is the current month (a page, not an API).
fn month_param(q: &MonthQuery) -> Option<String> {
    q.month
        .as_deref()
        .and_then(|m| Month::parse("month", m).ok())
        .map(|m| m.to_string())
}

/// `GET /portal/hours[?month=YYYY-MM]`.
pub(super) async fn page(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<MonthQuery>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    let loaded = async {
        let client = a.client_id.ok_or(ServiceError::NotFound)?;
        let bank = svc
            .hours_balance(a, client, month_param(&q).as_deref())
            .await?;
        let entries = svc
            .list_time_entries(
                a,
                &TimeEntryQuery {
                    month: Some(bank.month.clone()),
                    ..TimeEntryQuery::default()
                },
            )
            .await?
            .into_iter()
            // The month's use of the bank; other visible time is on its own ticket.
            .filter(|e| e.consumes_bank)
            .collect::<Vec<_>>();
        Ok::<_, ServiceError>((bank, entries))
    }
    .await;
    let (bank, entries) = match loaded {
        Ok(x) => x,
        Err(e) => return page::service_error(&t, e),
    };
    let m = Month::parse("month", &bank.month).ok();
    let (prev, next) = (
        m.map(|m| m.prev().to_string()).unwrap_or_default(),
        m.map(|m| m.next().to_string()).unwrap_or_default(),
    );
    page::render(&HoursPage {
        chrome: Some(Chrome::of(&s.0, "/portal/hours")),
        b: BankLine::of(&t, &bank),
        prev_name: month_name(&t, &prev),
        next_name: month_name(&t, &next),
        prev,
        next,
        entries: entries.into_iter().map(|e| line(&t, e)).collect(),
        t: &t,
    })
}

/// `GET /portal/hours.csv[?month=YYYY-MM]`: the client's visible entries of the month.
pub(super) async fn csv(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<MonthQuery>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let query = TimeEntryQuery {
        month: month_param(&q),
        ..TimeEntryQuery::default()
    };
    match svc.export_time_csv(&s.0.actor, &query).await {
        Ok(f) => csv_download(f),
        Err(e) => page::service_error(&t, e),
    }
}
