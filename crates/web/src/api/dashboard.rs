//! `GET /api/v1/dashboard`: the supervisors' dashboard as JSON (supervisors and admins; agents
//! and client admins get 403), over the same period parameters as the page. A bad or unknown
//! parameter answers 400 problem+json naming it.

use axum::{
    Json,
    extract::{RawQuery, State},
    http::StatusCode,
};
use service::{
    Service, ServiceError,
    dashboard::{Dashboard, DashboardQuery},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::reports::{get, params};
use crate::{
    error::{ApiError, Problem},
    extract::Auth,
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(dashboard))
}

/// 400 (not 422): the period is the request's address, not a submitted body.
fn bad_request(e: ApiError) -> ApiError {
    if e.status == StatusCode::UNPROCESSABLE_ENTITY {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            ..e
        }
    } else {
        e
    }
}

/// The dashboard over a period: not-closed tickets, at-risk and breached lists, compliance
/// per priority and client, workload (now), the 12-month compliance trend, backlog by age,
/// resolution and first-response times (median, p90 by nearest rank) and busiest hours. Each
/// figure's `query` is the `GET /api/v1/tickets` query string listing exactly its tickets.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "reports", params(DashboardQuery), responses((status = 200, body = Dashboard), (status = 400, description = "a bad or unknown parameter, named", body = Problem, content_type = "application/problem+json"), (status = 403, description = "not a supervisor or admin", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
async fn dashboard(
    State(s): State<Service>,
    Auth(a): Auth,
    RawQuery(raw): RawQuery,
) -> Result<Json<Dashboard>, ApiError> {
    // Staff-only before anything about the query is said.
    if !matches!(
        a.role,
        domain::user::Role::Supervisor | domain::user::Role::Admin
    ) {
        return Err(ServiceError::Forbidden("supervisors only").into());
    }
    let pairs = params(raw.as_deref(), &["period", "from", "to"]).map_err(bad_request)?;
    let q = DashboardQuery {
        period: get(&pairs, "period"),
        from: get(&pairs, "from"),
        to: get(&pairs, "to"),
    };
    s.dashboard_for(&a, &q)
        .await
        .map(Json)
        .map_err(|e| bad_request(e.into()))
}
