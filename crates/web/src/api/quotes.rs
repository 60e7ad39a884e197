//! Quotes on out-of-scope tickets: staff send and withdraw, the ticket's client admins approve
//! or reject. Another client's ticket or quote answers 404 on every route.

use axum::{Json, extract::State, http::StatusCode};
use service::{
    Service,
    quotes::{NewQuote, QuoteRejection, QuoteView},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_quotes, send_quote))
        .routes(routes!(get_quote))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(withdraw))
}

/// A ticket's quotes, newest first (pending ones past their validity are marked expired first).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/quotes", tag = "quotes", params(("id" = String, Path, description = "id or T-number")), responses((status = 200, body = Vec<QuoteView>)), security(("bearer" = [])))]
async fn list_quotes(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<Vec<QuoteView>> {
    Ok(Json(s.list_quotes(&a, id).await?))
}

/// Sends a quote (staff) on an `out_of_scope` or `admin_hours` ticket; an `included` one is
/// refused (422, field `scope`). A pending quote is replaced (withdrawn). The ticket moves to
/// `waiting_on_client` (its clock pauses as for any wait on the client) and every client admin
/// of its client gets the quote by e-mail with a link to decide in the portal.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/quotes", tag = "quotes", params(("id" = String, Path, description = "id or T-number")), request_body = NewQuote, responses((status = 201, body = QuoteView)), security(("bearer" = [])))]
async fn send_quote(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(q): ApiJson<NewQuote>,
) -> Result<(StatusCode, Json<QuoteView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.send_quote(&a, id, &q).await?)))
}

/// One quote.
#[utoipa::path(get, path = "/api/v1/quotes/{id}", tag = "quotes", params(("id" = i64, Path)), responses((status = 200, body = QuoteView)), security(("bearer" = [])))]
async fn get_quote(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<QuoteView> {
    Ok(Json(s.get_quote(&a, id).await?))
}

/// The client approves a pending quote: the work may start, and a ticket waiting on the client
/// resumes (`open`). Client admins of the ticket's client only (staff: 403); a quote no longer
/// pending, or past its validity, answers 409.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/approve", tag = "quotes", params(("id" = i64, Path)), responses((status = 200, body = QuoteView)), security(("bearer" = [])))]
async fn approve(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<QuoteView> {
    Ok(Json(s.approve_quote(&a, id).await?))
}

/// The client rejects a pending quote, optionally saying why; a ticket waiting on the client
/// resumes (`open`) for the agent to decide what follows. Same rules as approving.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/reject", tag = "quotes", params(("id" = i64, Path)), request_body = QuoteRejection, responses((status = 200, body = QuoteView)), security(("bearer" = [])))]
async fn reject(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(r): ApiJson<QuoteRejection>,
) -> ApiResult<QuoteView> {
    Ok(Json(s.reject_quote(&a, id, &r).await?))
}

/// Staff take back a pending quote (the ticket's status is left as it is). Client admins: 403.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/withdraw", tag = "quotes", params(("id" = i64, Path)), responses((status = 200, body = QuoteView)), security(("bearer" = [])))]
async fn withdraw(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<QuoteView> {
    Ok(Json(s.withdraw_quote(&a, id).await?))
}
