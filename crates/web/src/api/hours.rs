//! Time entries on tickets, the administration-hours bank and its add-ons (issue 19, items 4
//! and 5). Staff log time; a client admin reads its own client's bank and the entries marked
//! visible to it (another client's objects answer 404).

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::Deserialize;
use service::{
    Service,
    hours::{
        AddonChangeView, AddonInput, AddonPatch, AddonView, ClientMonthTotals, HoursBalanceView,
        HoursReportLine, TicketTime, TimeEntryInput, TimeEntryPatch, TimeEntryQuery, TimeEntryView,
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(ticket_time, log_time))
        .routes(routes!(list_entries))
        .routes(routes!(entry_totals))
        .routes(routes!(export_csv))
        .routes(routes!(get_entry, update_entry, delete_entry))
        .routes(routes!(client_hours))
        .routes(routes!(list_addons, create_addon))
        .routes(routes!(addon_changes))
        .routes(routes!(get_addon, update_addon, delete_addon))
        .routes(routes!(report))
}

/// `?month=YYYY-MM` (the client's zone).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM`; default the current month in the client's time zone.
    pub month: Option<String>,
}

/// `?month=YYYY-MM`, required.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `YYYY-MM`.
    pub month: String,
}

/// A ticket's time entries (a client admin: those visible to it), their totals and, on an
/// `admin_hours` ticket, the client's bank this month.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/time-entries", tag = "hours", params(("id" = i64, Path)), responses((status = 200, body = TicketTime)), security(("bearer" = [])))]
async fn ticket_time(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<TicketTime> {
    Ok(Json(s.ticket_time(&a, id).await?))
}

/// Logs time on a ticket (staff). `work_date` defaults to today in the client's time zone;
/// supervisors and admins may log for another agent (`agent_id`). Time past the client's
/// balance on an `admin_hours` ticket is recorded, never refused: `overage_minutes` says how
/// much of it is overage. Recorded as a `time_logged` ticket event.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/time-entries", tag = "hours", params(("id" = i64, Path)), request_body = TimeEntryInput, responses((status = 201, body = TimeEntryView)), security(("bearer" = [])))]
async fn log_time(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<TimeEntryInput>,
) -> Result<(StatusCode, Json<TimeEntryView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.log_time(&a, id, &i).await?)))
}

/// Time entries across tickets, by work date (a client admin: its own client's, visible ones).
#[utoipa::path(get, path = "/api/v1/time-entries", tag = "hours", params(TimeEntryQuery), responses((status = 200, body = Vec<TimeEntryView>)), security(("bearer" = [])))]
async fn list_entries(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<TimeEntryQuery>,
) -> ApiResult<Vec<TimeEntryView>> {
    Ok(Json(s.list_time_entries(&a, &q).await?))
}

/// Totals per client and month of the entries the filters select.
#[utoipa::path(get, path = "/api/v1/time-entries/totals", tag = "hours", params(TimeEntryQuery), responses((status = 200, body = Vec<ClientMonthTotals>)), security(("bearer" = [])))]
async fn entry_totals(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<TimeEntryQuery>,
) -> ApiResult<Vec<ClientMonthTotals>> {
    Ok(Json(s.time_totals(&a, &q).await?))
}

/// The entries the filters select as CSV (RFC 4180, UTF-8 with a byte-order mark; a cell that
/// starts with `=`, `+`, `-` or `@` is prefixed with `'`). A client admin gets its own
/// client's visible entries.
#[utoipa::path(get, path = "/api/v1/time-entries.csv", tag = "hours", params(TimeEntryQuery), responses((status = 200, content_type = "text/csv", body = String)), security(("bearer" = [])))]
async fn export_csv(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<TimeEntryQuery>,
) -> Result<Response, ApiError> {
    let f = s.export_time_csv(&a, &q).await?;
    Ok(crate::ui::hours_view::csv_download(f))
}

/// One entry (a client admin: only one visible to it).
#[utoipa::path(get, path = "/api/v1/time-entries/{id}", tag = "hours", params(("id" = i64, Path)), responses((status = 200, body = TimeEntryView)), security(("bearer" = [])))]
async fn get_entry(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<TimeEntryView> {
    Ok(Json(s.time_entry(&a, id).await?))
}

/// Changes an entry: agents their own, supervisors and admins any. Recorded as a
/// `time_changed` ticket event (nothing is recorded when nothing changes).
#[utoipa::path(patch, path = "/api/v1/time-entries/{id}", tag = "hours", params(("id" = i64, Path)), request_body = TimeEntryPatch, responses((status = 200, body = TimeEntryView)), security(("bearer" = [])))]
async fn update_entry(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(p): ApiJson<TimeEntryPatch>,
) -> ApiResult<TimeEntryView> {
    Ok(Json(s.update_time_entry(&a, id, &p).await?))
}

/// Removes an entry: agents their own, supervisors and admins any. The `time_removed` ticket
/// event keeps what it was.
#[utoipa::path(delete, path = "/api/v1/time-entries/{id}", tag = "hours", params(("id" = i64, Path)), responses((status = 204, description = "Removed")), security(("bearer" = [])))]
async fn delete_entry(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_time_entry(&a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One month of a client's administration-hours bank: plan hours, add-ons, hours carried
/// over (plans with rollover), used, left, overage, percent used, the 80 % warning and how
/// many entries consumed it.
#[utoipa::path(get, path = "/api/v1/clients/{id}/hours", tag = "hours", params(("id" = i64, Path), MonthQuery), responses((status = 200, body = HoursBalanceView)), security(("bearer" = [])))]
async fn client_hours(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<HoursBalanceView> {
    Ok(Json(s.hours_balance(&a, id, q.month.as_deref()).await?))
}

/// A client's add-ons (of one month with `month`).
#[utoipa::path(get, path = "/api/v1/clients/{id}/hours/addons", tag = "hours", params(("id" = i64, Path), MonthQuery), responses((status = 200, body = Vec<AddonView>)), security(("bearer" = [])))]
async fn list_addons(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Vec<AddonView>> {
    Ok(Json(s.list_addons(&a, id, q.month.as_deref()).await?))
}

/// Every creation, change and deletion of a client's add-ons, newest first (the last 200;
/// staff only): kept after an add-on is deleted.
#[utoipa::path(get, path = "/api/v1/clients/{id}/hours/addon-changes", tag = "hours", params(("id" = i64, Path)), responses((status = 200, body = Vec<AddonChangeView>)), security(("bearer" = [])))]
async fn addon_changes(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<Vec<AddonChangeView>> {
    Ok(Json(s.addon_changes(&a, id).await?))
}

/// Adds hours to one month of a client's bank (admins); who recorded it is kept.
#[utoipa::path(post, path = "/api/v1/clients/{id}/hours/addons", tag = "hours", params(("id" = i64, Path)), request_body = AddonInput, responses((status = 201, body = AddonView)), security(("bearer" = [])))]
async fn create_addon(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<AddonInput>,
) -> Result<(StatusCode, Json<AddonView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.create_addon(&a, id, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/hours/addons/{id}", tag = "hours", params(("id" = i64, Path)), responses((status = 200, body = AddonView)), security(("bearer" = [])))]
async fn get_addon(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<AddonView> {
    Ok(Json(s.get_addon(&a, id).await?))
}

/// Changes an add-on (admins); who changed it last is kept.
#[utoipa::path(patch, path = "/api/v1/hours/addons/{id}", tag = "hours", params(("id" = i64, Path)), request_body = AddonPatch, responses((status = 200, body = AddonView)), security(("bearer" = [])))]
async fn update_addon(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(p): ApiJson<AddonPatch>,
) -> ApiResult<AddonView> {
    Ok(Json(s.update_addon(&a, id, &p).await?))
}

#[utoipa::path(delete, path = "/api/v1/hours/addons/{id}", tag = "hours", params(("id" = i64, Path)), responses((status = 204, description = "Removed")), security(("bearer" = [])))]
async fn delete_addon(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_addon(&a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every client's month for billing (staff): available, used, left, overage.
#[utoipa::path(get, path = "/api/v1/hours/report", tag = "hours", params(ReportQuery), responses((status = 200, body = Vec<HoursReportLine>)), security(("bearer" = [])))]
async fn report(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Vec<HoursReportLine>> {
    Ok(Json(s.hours_report(&a, &q.month).await?))
}
