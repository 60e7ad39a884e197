//! `/console/hours`: every client's administration hours for a month (what billing reads:
//! used, left, overage) beside all the time logged for the client that month, and the CSV of
//! the month's entries (all clients or one). Staff only.

use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use domain::hours::{Month, format_minutes};
use serde::Deserialize;
use service::{Service, ServiceError, hours::TimeEntryQuery};

use super::staff_tr;
use crate::ui::{
    Chrome,
    hours_view::{csv_download, month_name},
    i18n::Tr,
    page,
    session::Session,
};

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    month: Option<String>,
    client_id: Option<String>,
}

pub struct ClientLine {
    pub client_id: i64,
    pub client: String,
    pub available: String,
    pub used: String,
    pub left: String,
    pub overage: String,
    pub percent: String,
    pub warning: bool,
    pub logged: String,
    pub billable: String,
}

#[derive(Template)]
#[template(path = "console/hours.html")]
struct ReportPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    month: String,
    month_name: String,
    prev: String,
    next: String,
    lines: Vec<ClientLine>,
    is_admin: bool,
}

/// The month asked for, or the current one in the viewer's zone.
fn month_of(svc: &Service, s: &Session, q: &ReportQuery) -> Month {
    q.month
        .as_deref()
        .and_then(|m| Month::parse("month", m).ok())
        .unwrap_or_else(|| {
            let tz = jiff::tz::TimeZone::get(&s.0.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
            Month::of(svc.now().to_zoned_datetime(tz).date())
        })
}

pub async fn page(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportQuery>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    let month = month_of(&svc, &s, &q);
    let loaded = async {
        let report = svc.hours_report(a, &month.to_string()).await?;
        let totals = svc
            .time_totals(
                a,
                &TimeEntryQuery {
                    month: Some(month.to_string()),
                    ..TimeEntryQuery::default()
                },
            )
            .await?;
        Ok::<_, ServiceError>((report, totals))
    }
    .await;
    let (report, totals) = match loaded {
        Ok(x) => x,
        Err(e) => return page::service_error(&t, e),
    };
    let lines = report
        .into_iter()
        .filter_map(|r| {
            let tot = totals.iter().find(|x| x.client_id == r.client_id);
            // Clients with nothing to say this month are left out.
            if r.available_minutes == 0 && r.used_minutes == 0 && tot.is_none() {
                return None;
            }
            Some(ClientLine {
                client_id: r.client_id,
                client: r.client_name,
                available: format_minutes(r.available_minutes),
                used: format_minutes(r.used_minutes),
                left: format_minutes(r.left_minutes),
                overage: if r.overage_minutes > 0 {
                    format_minutes(r.overage_minutes)
                } else {
                    String::new()
                },
                percent: r
                    .percent_used
                    .map(|p| format!("{p} %"))
                    .unwrap_or_else(|| "—".into()),
                warning: r.warning,
                logged: format_minutes(tot.map_or(0, |x| x.minutes)),
                billable: format_minutes(tot.map_or(0, |x| x.billable_minutes)),
            })
        })
        .collect();
    page::render(&ReportPage {
        chrome: Some(Chrome::of(&s.0, "/console/hours")),
        month: month.to_string(),
        month_name: month_name(&t, &month.to_string()),
        prev: month.prev().to_string(),
        next: month.next().to_string(),
        lines,
        is_admin: s.0.actor.role == domain::user::Role::Admin,
        t: &t,
    })
}

/// `GET /console/hours.csv?month=…&client_id=…`: the entries as CSV (staff).
pub async fn csv(State(svc): State<Service>, s: Session, Query(q): Query<ReportQuery>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let client_id = match q
        .client_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => match c.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                return page::error(
                    &t,
                    axum::http::StatusCode::NOT_FOUND,
                    &t.t("error-not-found"),
                );
            }
        },
    };
    let query = TimeEntryQuery {
        client_id,
        month: Some(month_of(&svc, &s, &q).to_string()),
        ticket_id: None,
    };
    match svc.export_time_csv(&s.0.actor, &query).await {
        Ok(f) => csv_download(f),
        Err(e) => page::service_error(&t, e),
    }
}
