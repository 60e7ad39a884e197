//! Reports (issue 20): the compliance API and one client's monthly report as JSON and as the
//! CSV of the tickets behind it. Staff read any client; a client admin its own (another
//! client, like an unknown one, answers 404 naming `client_id`).
//!
//! Query strings are read here parameter by parameter so every refusal names its parameter:
//! an unknown one (`?monht=`) is refused too, a repeated one as well.

use axum::{
    Json,
    extract::{RawQuery, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::FieldError;
use service::{
    Service, ServiceError,
    reports::{ComplianceQuery, ComplianceReport, MonthlyQuery, id_param, model::MonthlyReport},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::{ApiError, Problem},
    extract::Auth,
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(compliance))
        .routes(routes!(monthly))
        .routes(routes!(monthly_csv))
}

fn invalid(errors: Vec<FieldError>) -> ApiError {
    ApiError::from(ServiceError::Invalid(errors))
}

/// The query's parameters, each at most once and among `allowed`.
pub(super) fn params(
    raw: Option<&str>,
    allowed: &[&str],
) -> Result<Vec<(String, String)>, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "query", e.to_string()))?;
    let mut errors = Vec::new();
    for (i, (k, _)) in pairs.iter().enumerate() {
        if !allowed.contains(&k.as_str()) {
            errors.push(
                FieldError::new(
                    k.clone(),
                    "unknown_parameter",
                    "is not a parameter of this report",
                )
                .with("allowed", allowed.join(", ")),
            );
        } else if pairs[..i].iter().any(|(k0, _)| k0 == k) {
            errors.push(FieldError::new(
                k.clone(),
                "repeated",
                "is given more than once",
            ));
        }
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(invalid(errors))
    }
}

pub(super) fn get(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// 404 naming the parameter: the same answer for a client that does not exist and for one the
/// caller may not read, so existence does not leak.
fn client_errors(e: ServiceError) -> ApiError {
    match e {
        ServiceError::NotFound => ApiError::field(
            StatusCode::NOT_FOUND,
            "not-found",
            FieldError::new("client_id", "not_found", "no such client"),
        ),
        other => other.into(),
    }
}

fn monthly_query(raw: Option<&str>) -> Result<(i64, String), ApiError> {
    let pairs = params(raw, &["client_id", "month"])?;
    let q = MonthlyQuery {
        client_id: get(&pairs, "client_id"),
        month: get(&pairs, "month"),
    };
    let mut errors = Vec::new();
    let id = id_param("client_id", q.client_id.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    if q.month.as_deref().is_none_or(|m| m.trim().is_empty()) {
        errors.push(FieldError::new("month", "required", "is required"));
    }
    match (id, q.month) {
        (Some(id), Some(m)) if errors.is_empty() => Ok((id, m)),
        _ => Err(invalid(errors)),
    }
}

/// SLA compliance per month over `from..=to` (at most 36 months, none in the future), each
/// client's months in its own time zone, grouped by client, priority (default), category or
/// agent (staff only: a client admin gets 403). Met ÷ (met + breached); tickets resolved in
/// time but not yet confirmed are `pending`, outside the percentage.
#[utoipa::path(get, path = "/api/v1/reports/compliance", tag = "reports", params(ComplianceQuery), responses((status = 200, body = ComplianceReport), (status = 404, description = "client_id: no such client (or not the caller's)", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
async fn compliance(
    State(s): State<Service>,
    Auth(a): Auth,
    RawQuery(raw): RawQuery,
) -> Result<Json<ComplianceReport>, ApiError> {
    let pairs = params(raw.as_deref(), &["from", "to", "client_id", "group_by"])?;
    let q = ComplianceQuery {
        from: get(&pairs, "from"),
        to: get(&pairs, "to"),
        client_id: get(&pairs, "client_id"),
        group_by: get(&pairs, "group_by"),
    };
    Ok(Json(
        s.compliance_report(&a, &q).await.map_err(client_errors)?,
    ))
}

/// One client's monthly service report (its time zone's month): tickets, SLA compliance with
/// every breach, resolution times, pauses, campuses (uptime, outages, backups, updates,
/// upgrades), administration hours and quotes. See docs/reports.md.
#[utoipa::path(get, path = "/api/v1/reports/monthly", tag = "reports", params(MonthlyQuery), responses((status = 200, body = MonthlyReport), (status = 404, description = "client_id: no such client (or not the caller's)", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
async fn monthly(
    State(s): State<Service>,
    Auth(a): Auth,
    RawQuery(raw): RawQuery,
) -> Result<Json<MonthlyReport>, ApiError> {
    let (id, month) = monthly_query(raw.as_deref())?;
    Ok(Json(
        s.monthly_report(&a, id, &month)
            .await
            .map_err(client_errors)?,
    ))
}

/// The tickets behind the monthly report, one row each (RFC 4180, CRLF; a cell starting with
/// `=`, `+`, `-` or `@` is prefixed with `'`): number, subject, category, priority counted,
/// opened_at, resolved_at, closed_at, outcome (met, breached, pending, none), breached_at,
/// due_at, late_by_minutes, paused_minutes.
#[utoipa::path(get, path = "/api/v1/reports/monthly.csv", tag = "reports", params(MonthlyQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 404, description = "client_id: no such client (or not the caller's)", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
async fn monthly_csv(
    State(s): State<Service>,
    Auth(a): Auth,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (id, month) = monthly_query(raw.as_deref())?;
    let body = s
        .monthly_report_csv(&a, id, &month)
        .await
        .map_err(client_errors)?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // The month was checked (digits and a dash) and the id is a number: nothing to quote.
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"atiende-{id}-{}.csv\"",
        month.trim()
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
