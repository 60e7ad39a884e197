//! Campus monitoring: a campus's monitor settings (staff read, admins write), its uptime and
//! its incidents (staff, and the client admins of the campus's own client; another client's
//! campus is 404).

use axum::{Json, extract::State};
use service::{
    Service,
    monitors::{IncidentView, MonitorInput, MonitorView, UptimeView},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(get_monitor, put_monitor))
        .routes(routes!(get_uptime))
        .routes(routes!(list_incidents))
}

/// How the campus is monitored: its settings, or the defaults when nobody changed them
/// (`customized: false`).
#[utoipa::path(get, path = "/api/v1/campuses/{id}/monitor", tag = "monitoring", params(("id" = i64, Path)), responses((status = 200, body = MonitorView)), security(("bearer" = [])))]
async fn get_monitor(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<MonitorView>, ApiError> {
    Ok(Json(s.get_monitor(&a, id).await?))
}

/// Saves the campus's monitor settings; a field left out takes its default. The next tick
/// (within 15 s) probes with them.
#[utoipa::path(put, path = "/api/v1/campuses/{id}/monitor", tag = "monitoring", params(("id" = i64, Path)), request_body = MonitorInput, responses((status = 200, body = MonitorView)), security(("bearer" = [])))]
async fn put_monitor(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<MonitorInput>,
) -> Result<Json<MonitorView>, ApiError> {
    Ok(Json(s.put_monitor(&a, id, &i).await?))
}

/// Uptime per day of the last 30 days in the client's time zone (null: no probes that day),
/// this month so far and last month, and the current state.
#[utoipa::path(get, path = "/api/v1/campuses/{id}/uptime", tag = "monitoring", params(("id" = i64, Path)), responses((status = 200, body = UptimeView)), security(("bearer" = [])))]
async fn get_uptime(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<UptimeView>, ApiError> {
    Ok(Json(s.campus_uptime(&a, id).await?))
}

/// The campus's outages and degraded periods, newest first, with their tickets.
#[utoipa::path(get, path = "/api/v1/campuses/{id}/incidents", tag = "monitoring", params(("id" = i64, Path)), responses((status = 200, body = Vec<IncidentView>)), security(("bearer" = [])))]
async fn list_incidents(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<Vec<IncidentView>>, ApiError> {
    Ok(Json(s.campus_incidents(&a, id).await?))
}
