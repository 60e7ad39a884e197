//! Incoming mail for staff: the review list (mail no ticket was made from), "discard", and
//! "open a ticket for this client admin". Client admins get 403.

use axum::{Json, extract::State};
use serde::Deserialize;
use service::{Service, mail_in::InboundView};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_inbound))
        .routes(routes!(discard_inbound))
        .routes(routes!(inbound_to_ticket))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct InboundFilter {
    /// `review`, `refused`, `ticket`, `reply` or `discarded`; by default what waits for
    /// review (`review` and `refused`).
    pub state: Option<String>,
    /// At most this many, newest first (default 100, at most 500).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboundTicketInput {
    /// The client admin the ticket is opened for (the agent's choice).
    pub requester_id: i64,
}

#[utoipa::path(get, path = "/api/v1/inbound-mail", tag = "inbound-mail", params(InboundFilter), responses((status = 200, body = Vec<InboundView>)), security(("bearer" = [])))]
async fn list_inbound(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<InboundFilter>,
) -> Result<Json<Vec<InboundView>>, ApiError> {
    Ok(Json(
        s.list_inbound_review(&a, f.state.as_deref(), f.limit.unwrap_or(100))
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/inbound-mail/{id}/discard", tag = "inbound-mail", params(("id" = i64, Path)), responses((status = 200, body = InboundView), (status = 409, description = "no longer waiting for review")), security(("bearer" = [])))]
async fn discard_inbound(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<InboundView>, ApiError> {
    Ok(Json(s.discard_inbound(&a, id).await?))
}

#[utoipa::path(post, path = "/api/v1/inbound-mail/{id}/ticket", tag = "inbound-mail", params(("id" = i64, Path)), request_body = InboundTicketInput, responses((status = 200, body = InboundView), (status = 409, description = "no longer waiting for review, or the message was not kept")), security(("bearer" = [])))]
async fn inbound_to_ticket(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<InboundTicketInput>,
) -> Result<Json<InboundView>, ApiError> {
    Ok(Json(s.inbound_to_ticket(&a, id, i.requester_id).await?))
}
