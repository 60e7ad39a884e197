//! `/api/v1/tickets…`

use axum::{
    Extension, Json,
    body::Body,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use futures_util::StreamExt;
use serde::Deserialize;
use service::{
    Service,
    tickets::{
        AttachmentView, EventView, MessageView, NewMessage, NewTicket, Spool, SpoolError,
        TicketPage, TicketPatch, TicketQuery, TicketView,
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
    uploads::{Busy, Uploads},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets, create_ticket))
        .routes(routes!(get_ticket, update_ticket))
        .routes(routes!(list_messages, add_message))
        .routes(routes!(list_events))
        .routes(routes!(download_attachment))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(list_attachments, upload_attachment))
                // Exactly the limit is accepted; one byte more is 413 like any oversized body.
                .layer(axum::extract::DefaultBodyLimit::max(
                    domain::limits::ATTACHMENT_MAX_BYTES,
                )),
        )
}

/// The queue, most urgent first, with each ticket's `sla` object.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = TicketPage)), security(("bearer" = [])))]
async fn list_tickets(
    State(svc): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<TicketQuery>,
) -> Result<Json<TicketPage>, ApiError> {
    Ok(Json(svc.list_tickets(&a, &q).await?))
}

/// Opens a ticket; it starts at the requested priority, on the policy pinned for its campus/client.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = NewTicket,
    responses((status = 201, body = TicketView)), security(("bearer" = [])))]
async fn create_ticket(
    State(svc): State<Service>,
    Auth(a): Auth,
    ApiJson(t): ApiJson<NewTicket>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    Ok((StatusCode::CREATED, Json(svc.create_ticket(&a, &t).await?)))
}

/// One ticket by id or number (`T-0000123`).
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = String, Path, description = "id or T-number")),
    responses((status = 200, body = TicketView)), security(("bearer" = [])))]
async fn get_ticket(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(svc.get_ticket(&a, id).await?))
}

/// Changes status, priority (a lowering needs `priority_reason`), category, scope, assignee, tags.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = String, Path)), request_body = TicketPatch,
    responses((status = 200, body = TicketView)), security(("bearer" = [])))]
async fn update_ticket(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(p): ApiJson<TicketPatch>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(svc.update_ticket(&a, id, &p).await?))
}

/// The thread; client admins never see internal notes.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/messages", tag = "tickets", params(("id" = String, Path)),
    responses((status = 200, body = Vec<MessageView>)), security(("bearer" = [])))]
async fn list_messages(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<Vec<MessageView>>, ApiError> {
    Ok(Json(svc.list_messages(&a, id).await?))
}

/// Adds a public message or (staff) an internal note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/messages", tag = "tickets", params(("id" = String, Path)), request_body = NewMessage,
    responses((status = 201, body = MessageView)), security(("bearer" = [])))]
async fn add_message(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(m): ApiJson<NewMessage>,
) -> Result<(StatusCode, Json<MessageView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc.add_message(&a, id, &m).await?),
    ))
}

/// The full event history (audit trail and SLA source).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/events", tag = "tickets", params(("id" = String, Path)),
    responses((status = 200, body = Vec<EventView>)), security(("bearer" = [])))]
async fn list_events(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<Vec<EventView>>, ApiError> {
    Ok(Json(svc.list_events(&a, id).await?))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = String, Path)),
    responses((status = 200, body = Vec<AttachmentView>)), security(("bearer" = [])))]
async fn list_attachments(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<Vec<AttachmentView>>, ApiError> {
    Ok(Json(svc.list_attachments(&a, id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
// Describes the query in the OpenAPI document; the handler decodes it itself (`upload_query`)
// so a name that is not UTF-8 is refused rather than lossily replaced.
#[allow(dead_code)]
pub struct UploadParams {
    /// The file's name as the user sees it (no path separators).
    pub filename: String,
}

/// Uploads an attachment: the raw body is the file, `Content-Type` its type, up to 25 MiB.
/// The body streams to a temporary file (never held in memory); at most a configured number of
/// uploads are received at once, others wait and, past a bounded wait, get 503 + `Retry-After`.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = String, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentView), (status = 413, body = crate::Problem),
        (status = 503, body = crate::Problem)), security(("bearer" = [])))]
async fn upload_attachment(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    RawQuery(query): RawQuery,
    Extension(gate): Extension<Uploads>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let filename = super::upload_query::filename(query.as_deref())?;
    service::tickets::check_filename(&filename)
        .map_err(|e| ApiError::from(service::ServiceError::from(e)))?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = declared.filter(|n| *n > domain::limits::ATTACHMENT_MAX_BYTES as u64) {
        linger(body.into_data_stream(), n).await;
        return Err(too_large());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let Ok(_permit) = gate.admit().await else {
        return Ok(Busy.into_response());
    };
    let spooled = receive(body, &gate).await?;
    let file = service::tickets::StagedFile::new(&filename, &ct, spooled)?;
    let stored = svc.add_attachment(&a, id, file).await?;
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

fn too_large() -> ApiError {
    ApiError::field(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        service::tickets::too_large(),
    )
}

/// Before refusing a body as too large, reads and drops what the client is still sending —
/// if it is not much over the limit (`declared`, when known, up to twice it) and for at most
/// 10 s — so the client reads our 413 instead of a connection reset: a server that closes
/// while the client still writes makes most clients (browsers, reqwest) report a broken pipe,
/// not the answer. Anything larger or slower is cut off.
async fn linger(mut stream: axum::body::BodyDataStream, declared: u64) {
    let cap = 2 * domain::limits::ATTACHMENT_MAX_BYTES as u64;
    if declared > cap {
        return;
    }
    let mut read: u64 = 0;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(Ok(chunk)) = stream.next().await {
            read += chunk.len() as u64;
            if read > cap {
                break;
            }
        }
    })
    .await;
}

/// Streams `body` to a temporary file, stopping at `ATTACHMENT_MAX_BYTES`.
async fn receive(body: Body, gate: &Uploads) -> Result<service::tickets::Spooled, ApiError> {
    let internal = |e: std::io::Error| {
        ApiError::from(service::ServiceError::Internal(format!(
            "temporary file: {e}"
        )))
    };
    let mut spool = Spool::create(&gate.dir).map_err(internal)?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad-body", e.to_string()))?;
        match spool.write(&chunk).await {
            Ok(()) => {}
            Err(SpoolError::TooLarge) => {
                linger(stream, 0).await;
                return Err(too_large());
            }
            Err(SpoolError::Io(e)) => return Err(internal(e)),
        }
    }
    spool.finish().await.map_err(internal)
}

/// Downloads an attachment's bytes.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)), security(("bearer" = [])))]
async fn download_attachment(
    State(svc): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let (meta, data) = svc.get_attachment(&a, id).await?;
    Ok(crate::download::attachment_response(&meta, data))
}
