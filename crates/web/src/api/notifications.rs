//! The signed-in user's notifications (the bell) and their preferences, and, for admins, the
//! e-mail outbox.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use service::{
    Service,
    notify::{
        NotificationList,
        mail_out::OutboxView,
        prefs::{PrefInput, PrefView},
    },
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(read_notification))
        .routes(routes!(read_all_notifications))
        .routes(routes!(list_outbox))
        .routes(routes!(get_outbox))
        .routes(routes!(get_notification_prefs, set_notification_prefs))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationFilter {
    /// Only the unread ones.
    pub unread: Option<bool>,
    /// At most this many, newest first (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    /// How many changed from unread to read.
    pub marked: u64,
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationFilter), responses((status = 200, body = NotificationList)), security(("bearer" = [])))]
async fn list_notifications(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<NotificationFilter>,
) -> Result<Json<NotificationList>, ApiError> {
    Ok(Json(
        s.list_notifications(&a, f.unread.unwrap_or(false), f.limit.unwrap_or(50))
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = i64, Path)), responses((status = 200, body = MarkedRead), (status = 404, description = "not one of yours")), security(("bearer" = [])))]
async fn read_notification(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<MarkedRead>, ApiError> {
    let marked = s.mark_notifications_read(&a, Some(id)).await?;
    Ok(Json(MarkedRead { marked }))
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", responses((status = 200, body = MarkedRead)), security(("bearer" = [])))]
async fn read_all_notifications(
    State(s): State<Service>,
    Auth(a): Auth,
) -> Result<Json<MarkedRead>, ApiError> {
    let marked = s.mark_notifications_read(&a, None).await?;
    Ok(Json(MarkedRead { marked }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxFilter {
    /// `queued`, `sent`, `failed` or `unsent` (no SMTP server configured).
    pub state: Option<String>,
    pub ticket_id: Option<i64>,
    /// At most this many, newest first (default 100, at most 500).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/outbox", tag = "notifications", params(OutboxFilter), responses((status = 200, body = Vec<OutboxView>)), security(("bearer" = [])))]
async fn list_outbox(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<OutboxFilter>,
) -> Result<Json<Vec<OutboxView>>, ApiError> {
    Ok(Json(
        s.list_outbox(&a, f.state.as_deref(), f.ticket_id, f.limit.unwrap_or(100))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/outbox/{id}", tag = "notifications", params(("id" = i64, Path)), responses((status = 200, body = OutboxView)), security(("bearer" = [])))]
async fn get_outbox(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<OutboxView>, ApiError> {
    Ok(Json(s.get_outbox_mail(&a, id).await?))
}

/// Every notification kind the caller receives, with whether it comes by e-mail and (staff
/// only) in the app.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "notifications", responses((status = 200, body = Vec<PrefView>)), security(("bearer" = [])))]
async fn get_notification_prefs(
    State(s): State<Service>,
    Auth(a): Auth,
) -> Result<Json<Vec<PrefView>>, ApiError> {
    Ok(Json(s.notification_prefs(&a).await?))
}

/// Changes the listed kinds (the others keep their setting); answers the whole list. A kind
/// of the other side, an unknown one, or `in_app: true` from a client admin is a 422 naming
/// the kind.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "notifications", request_body = Vec<PrefInput>, responses((status = 200, body = Vec<PrefView>)), security(("bearer" = [])))]
async fn set_notification_prefs(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(input): ApiJson<Vec<PrefInput>>,
) -> Result<Json<Vec<PrefView>>, ApiError> {
    Ok(Json(s.set_notification_prefs(&a, input).await?))
}
