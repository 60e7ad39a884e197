//! Maintenance of campuses: records (a backup script's one `curl`), the timeline, the
//! version-upgrade eligibility and request, and the Moodle site information. Staff and their
//! API tokens record; a client admin reads their own campuses (another's answers 404).

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
};
use service::{
    Service,
    maintenance::{
        MaintenanceInput, MaintenanceQuery, MaintenanceTimeline, MaintenanceView, MoodleInfoView,
        MoodleTokenInput, RecordedVia, UpgradeEligibility, UpgradeRequest,
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_records, record))
        .routes(routes!(timeline))
        .routes(routes!(eligible_campuses))
        .routes(routes!(eligibility))
        .routes(routes!(request_upgrade))
        .routes(routes!(get_moodle, set_moodle))
        .routes(routes!(check_moodle))
}

/// The bearer token of the request (already authenticated by `Auth`).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// A campus's records, newest first (`kind` filters; `limit` 1–200, default 50).
#[utoipa::path(get, path = "/api/v1/campuses/{id}/maintenance", tag = "maintenance", params(("id" = i64, Path), MaintenanceQuery), responses((status = 200, body = Vec<MaintenanceView>)), security(("bearer" = [])))]
async fn list_records(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiQuery(q): ApiQuery<MaintenanceQuery>,
) -> ApiResult<Vec<MaintenanceView>> {
    Ok(Json(s.list_maintenance(&a, id, &q).await?))
}

/// Records what was done on a campus (staff). `kind` says which fields apply:
/// `backup` (`status` ok|failed, `size_bytes`, `duration_seconds`, `location`, `note`),
/// `os_update` / `db_update` / `security_patch` (`package`, `from_version`, `to_version`),
/// `platform_upgrade` (`to_version`, `from_version` default the campus's; sets the campus's
/// version), `maintenance_window` (`starts_at`, `ends_at`, `description`); `performed_at`
/// defaults to now. Every kind but `platform_upgrade` is refused (422, field `kind`) for a
/// campus not on our servers: the contract covers them only there.
#[utoipa::path(post, path = "/api/v1/campuses/{id}/maintenance", tag = "maintenance", params(("id" = i64, Path)), request_body = MaintenanceInput, responses((status = 201, body = MaintenanceView)), security(("bearer" = [])))]
async fn record(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    headers: HeaderMap,
    ApiJson(i): ApiJson<MaintenanceInput>,
) -> Result<(StatusCode, Json<MaintenanceView>), ApiError> {
    let token_id = match bearer(&headers) {
        Some(t) => s.token_id_of(t).await?,
        None => None,
    };
    let via = RecordedVia::Api { token_id };
    Ok((
        StatusCode::CREATED,
        Json(s.record_maintenance(&a, via, id, &i).await?),
    ))
}

/// A campus's maintenance at a glance: backups (last good, last failed, recent, the open
/// missing-backup alert), updates, upgrades, windows, upgrade eligibility, Moodle information.
#[utoipa::path(get, path = "/api/v1/campuses/{id}/maintenance/timeline", tag = "maintenance", params(("id" = i64, Path)), responses((status = 200, body = MaintenanceTimeline)), security(("bearer" = [])))]
async fn timeline(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<MaintenanceTimeline> {
    Ok(Json(s.maintenance_timeline(&a, id).await?))
}

/// The campuses eligible today for a platform version upgrade (6 calendar months after the
/// later of their service start and last upgrade); a client admin gets their own.
#[utoipa::path(get, path = "/api/v1/campuses/upgrade-eligible", tag = "maintenance", responses((status = 200, body = Vec<UpgradeEligibility>)), security(("bearer" = [])))]
async fn eligible_campuses(
    State(s): State<Service>,
    Auth(a): Auth,
) -> ApiResult<Vec<UpgradeEligibility>> {
    Ok(Json(s.upgrade_eligible_campuses(&a).await?))
}

/// One campus's standing for the version upgrade.
#[utoipa::path(get, path = "/api/v1/campuses/{id}/upgrade-eligibility", tag = "maintenance", params(("id" = i64, Path)), responses((status = 200, body = UpgradeEligibility)), security(("bearer" = [])))]
async fn eligibility(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<UpgradeEligibility> {
    Ok(Json(s.upgrade_eligibility(&a, id).await?))
}

/// A client admin asks for the version upgrade of their campus: opens a low technical ticket
/// "Actualización de versión" (201), or answers the request already open (200,
/// `created: false`); 409 `upgrade_not_eligible` before the campus is eligible.
#[utoipa::path(post, path = "/api/v1/campuses/{id}/upgrade-request", tag = "maintenance", params(("id" = i64, Path)), responses((status = 201, body = UpgradeRequest), (status = 200, body = UpgradeRequest)), security(("bearer" = [])))]
async fn request_upgrade(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<(StatusCode, Json<UpgradeRequest>), ApiError> {
    let r = s.request_upgrade(&a, id).await?;
    let status = if r.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(r)))
}

/// What the campus's Moodle last said about itself (staff); never the token.
#[utoipa::path(get, path = "/api/v1/campuses/{id}/moodle", tag = "maintenance", params(("id" = i64, Path)), responses((status = 200, body = MoodleInfoView)), security(("bearer" = [])))]
async fn get_moodle(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<MoodleInfoView> {
    Ok(Json(s.moodle_info(&a, id).await?))
}

/// Saves the campus's Moodle web-service token (admins; write-only: absent or empty keeps
/// it, `clear_token` forgets it). The daily `moodle_info` job then reads the site's release.
#[utoipa::path(put, path = "/api/v1/campuses/{id}/moodle", tag = "maintenance", params(("id" = i64, Path)), request_body = MoodleTokenInput, responses((status = 200, body = MoodleInfoView)), security(("bearer" = [])))]
async fn set_moodle(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<MoodleTokenInput>,
) -> ApiResult<MoodleInfoView> {
    Ok(Json(s.set_moodle_token(&a, id, &i).await?))
}

/// Reads the campus's site information now (a failure is in `error`, not an error status).
#[utoipa::path(post, path = "/api/v1/campuses/{id}/moodle/check", tag = "maintenance", params(("id" = i64, Path)), responses((status = 200, body = MoodleInfoView)), security(("bearer" = [])))]
async fn check_moodle(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<MoodleInfoView> {
    Ok(Json(s.check_moodle_now(&a, id).await?))
}
