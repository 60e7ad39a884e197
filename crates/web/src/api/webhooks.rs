//! Outgoing webhooks for admins: the endpoints, their secrets (shown once: on creation and on
//! rotation), the delivery log and redelivery.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use service::{
    Service,
    webhooks::{
        DeliveryDetail, DeliveryFilter, DeliveryView, EVENTS, WebhookCreated, WebhookInput,
        WebhookView,
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_events))
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(rotate_secret))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(redeliver))
}

/// The events an endpoint may subscribe to (stable names).
#[utoipa::path(get, path = "/api/v1/webhook-events", tag = "webhooks", responses((status = 200, body = Vec<String>)), security(("bearer" = [])))]
async fn list_events(Auth(a): Auth) -> Result<Json<Vec<String>>, ApiError> {
    a.require_admin()?;
    Ok(Json(EVENTS.iter().map(|e| e.to_string()).collect()))
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", responses((status = 200, body = Vec<WebhookView>)), security(("bearer" = [])))]
async fn list_webhooks(
    State(s): State<Service>,
    Auth(a): Auth,
) -> Result<Json<Vec<WebhookView>>, ApiError> {
    Ok(Json(s.list_webhooks(&a).await?))
}

/// Registers an endpoint. The answer carries its signing `secret`: the only time it is shown.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = WebhookInput, responses((status = 201, body = WebhookCreated)), security(("bearer" = [])))]
async fn create_webhook(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<WebhookInput>,
) -> Result<(StatusCode, Json<WebhookCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.create_webhook(&a, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)), responses((status = 200, body = WebhookView)), security(("bearer" = [])))]
async fn get_webhook(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<WebhookView>, ApiError> {
    Ok(Json(s.get_webhook(&a, id).await?))
}

/// Replaces the URL, description, events and active flag; the secret stays.
#[utoipa::path(put, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)), request_body = WebhookInput, responses((status = 200, body = WebhookView)), security(("bearer" = [])))]
async fn update_webhook(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<WebhookInput>,
) -> Result<Json<WebhookView>, ApiError> {
    Ok(Json(s.update_webhook(&a, id, &i).await?))
}

/// Removes the endpoint and its delivery log.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_webhook(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_webhook(&a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RotateQuery {
    /// How long the replaced secret keeps signing too (a second `v1=`), in hours: default 24,
    /// 0 to stop it at once (a leaked secret), at most 168.
    pub keep_previous_hours: Option<i64>,
}

/// A new signing secret, in the answer only. The previous one keeps signing during the
/// overlap, so receivers switch over without refusing deliveries.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", params(("id" = i64, Path), RotateQuery), responses((status = 200, body = WebhookCreated)), security(("bearer" = [])))]
async fn rotate_secret(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiQuery(q): ApiQuery<RotateQuery>,
) -> Result<Json<WebhookCreated>, ApiError> {
    Ok(Json(
        s.rotate_webhook_secret(&a, id, q.keep_previous_hours)
            .await?,
    ))
}

/// The endpoint's deliveries, newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = i64, Path), DeliveryFilter), responses((status = 200, body = Vec<DeliveryView>)), security(("bearer" = [])))]
async fn list_deliveries(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiQuery(f): ApiQuery<DeliveryFilter>,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    Ok(Json(s.list_webhook_deliveries(&a, id, &f).await?))
}

/// One delivery with the exact body and the headers last sent (signatures blanked).
#[utoipa::path(get, path = "/api/v1/webhook-deliveries/{id}", tag = "webhooks", params(("id" = i64, Path)), responses((status = 200, body = DeliveryDetail)), security(("bearer" = [])))]
async fn get_delivery(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<DeliveryDetail>, ApiError> {
    Ok(Json(s.get_webhook_delivery(&a, id).await?))
}

/// Sends a delivery again — the same body and id, signed afresh — with new retries.
#[utoipa::path(post, path = "/api/v1/webhook-deliveries/{id}/redeliver", tag = "webhooks", params(("id" = i64, Path)), responses((status = 202, body = DeliveryView), (status = 409, description = "the webhook is inactive")), security(("bearer" = [])))]
async fn redeliver(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<(StatusCode, Json<DeliveryView>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(s.redeliver_webhook(&a, id).await?),
    ))
}
