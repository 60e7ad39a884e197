//! The monthly service report in the browser (issue 20): `/portal/reports` for a client admin
//! (their own client) and `/console/reports` for staff (any client), with a month picker and
//! the PDF and CSV of the same month. The body is `report_render::html::fragment`, the same
//! HTML `atiende report --format html` writes, styled by `/static/report.css`.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::hours::Month;
use serde::Deserialize;
use service::{Actor, Service, ServiceError};

use super::{Chrome, hours_view::month_name, i18n::Tr, page, session::Session};

#[derive(Deserialize, Default)]
pub struct ReportParams {
    month: Option<String>,
    client_id: Option<String>,
}

pub struct ClientChoice {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "reports/page.html")]
struct ReportPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    /// `/portal/reports` or `/console/reports`.
    base: &'static str,
    /// Staff: the clients to choose from (empty in the portal).
    clients: Vec<ClientChoice>,
    month: String,
    prev: String,
    next: Option<String>,
    prev_name: String,
    next_name: String,
    /// `client_id=…&` in the console, empty in the portal.
    client_q: String,
    body: String,
}

/// Which client: a client admin's own, else the one asked for (the first client by default).
async fn which_client(svc: &Service, a: &Actor, raw: Option<&str>) -> Result<i64, ServiceError> {
    if let Some(own) = a.client_id {
        return Ok(own);
    }
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.parse().map_err(|_| ServiceError::NotFound),
        None => svc
            .list_clients(a)
            .await?
            .first()
            .map(|c| c.id)
            .ok_or(ServiceError::NotFound),
    }
}

/// The month asked for, or the last whole month in the client's time zone.
async fn which_month(
    svc: &Service,
    a: &Actor,
    client: i64,
    raw: Option<&str>,
) -> Result<String, ServiceError> {
    if let Some(m) = raw.map(str::trim).filter(|s| !s.is_empty()) {
        return Ok(m.to_string());
    }
    let c = svc.get_client(a, client).await?;
    let tz = jiff::tz::TimeZone::get(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = svc.now().to_zoned_datetime(tz).date();
    Ok(Month::of(today).prev().to_string())
}

/// The page's reader may see it (client admins the portal, staff the console), or the 403 page.
#[allow(clippy::result_large_err)] // the error is the page itself, built once per request
fn allowed(s: &Session, base: &str) -> Result<Tr, Response> {
    let t = s.tr();
    let a = &s.0.actor;
    let ok = if base == "/portal/reports" {
        !a.is_staff() && a.client_id.is_some()
    } else {
        a.is_staff()
    };
    if ok {
        Ok(t)
    } else {
        Err(page::error(
            &t,
            StatusCode::FORBIDDEN,
            &t.t("error-forbidden"),
        ))
    }
}

async fn show(svc: Service, s: Session, q: ReportParams, base: &'static str) -> Response {
    let t = match allowed(&s, base) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    let loaded = async {
        let client = which_client(&svc, a, q.client_id.as_deref()).await?;
        let month = which_month(&svc, a, client, q.month.as_deref()).await?;
        let report = svc.monthly_report(a, client, &month).await?;
        let clients = if a.is_staff() {
            svc.list_clients(a)
                .await?
                .into_iter()
                .map(|c| ClientChoice {
                    selected: c.id == client,
                    id: c.id,
                    name: c.name,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok::<_, ServiceError>((client, report, clients))
    }
    .await;
    let (client, report, clients) = match loaded {
        Ok(x) => x,
        Err(e) => return page::service_error(&t, e),
    };
    let m = Month::parse("month", &report.month).ok();
    let prev = m.map(|m| m.prev().to_string()).unwrap_or_default();
    // No link into a month that has not begun.
    let next = m.map(|m| m.next().to_string()).filter(|_| !report.partial);
    page::render(&ReportPage {
        chrome: Some(Chrome::of(&s.0, base)),
        base,
        clients,
        prev_name: month_name(&t, &prev),
        next_name: next
            .as_deref()
            .map(|n| month_name(&t, n))
            .unwrap_or_default(),
        prev,
        next,
        client_q: if a.is_staff() {
            format!("client_id={client}&")
        } else {
            String::new()
        },
        month: report.month.clone(),
        body: report_render::html::fragment(&report, t.locale),
        t: &t,
    })
}

/// A file download of the report: PDF or CSV.
async fn download(
    svc: Service,
    s: Session,
    q: ReportParams,
    base: &'static str,
    pdf: bool,
) -> Response {
    let t = match allowed(&s, base) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    let made = async {
        let client = which_client(&svc, a, q.client_id.as_deref()).await?;
        let month = which_month(&svc, a, client, q.month.as_deref()).await?;
        let file = if pdf {
            let r = svc.monthly_report(a, client, &month).await?;
            report_render::pdf::render(&r, t.locale)
                .map_err(|e| ServiceError::Internal(format!("report PDF: {e}")))?
        } else {
            svc.monthly_report_csv(a, client, &month)
                .await?
                .into_bytes()
        };
        Ok::<_, ServiceError>((client, month, file))
    }
    .await;
    let (client, month, file) = match made {
        Ok(x) => x,
        Err(e) => return page::service_error(&t, e),
    };
    let (ct, ext) = if pdf {
        ("application/pdf", "pdf")
    } else {
        ("text/csv; charset=utf-8", "csv")
    };
    let mut res = file.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    // Our own name (digits and dashes): nothing to quote.
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"informe-{client}-{month}.{ext}\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

pub async fn portal_page(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    show(svc, s, q, "/portal/reports").await
}

pub async fn console_page(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    show(svc, s, q, "/console/reports").await
}

pub async fn portal_pdf(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    download(svc, s, q, "/portal/reports", true).await
}

pub async fn console_pdf(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    download(svc, s, q, "/console/reports", true).await
}

pub async fn portal_csv(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    download(svc, s, q, "/portal/reports", false).await
}

pub async fn console_csv(
    State(svc): State<Service>,
    s: Session,
    Query(q): Query<ReportParams>,
) -> Response {
    download(svc, s, q, "/console/reports", false).await
}
