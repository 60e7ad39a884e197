//! The mail servers for admins: the outgoing SMTP server and the incoming mailboxes saved in
//! the admin UI, next to what the environment sets (read-only). Passwords are write-only:
//! no answer carries one, only `password_set`.

use axum::{Json, extract::State, http::StatusCode};
use service::{
    Service,
    mail_settings::{ConnectionCheck, MailServerView, MailSettingsView, MailboxInput, SmtpInput},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(get_settings))
        .routes(routes!(save_smtp, delete_smtp))
        .routes(routes!(add_mailbox))
        .routes(routes!(update_mailbox, delete_mailbox))
        .routes(routes!(check_server))
}

/// What is in force and where each part comes from (`environment` or `settings`).
#[utoipa::path(get, path = "/api/v1/mail-settings", tag = "mail", responses((status = 200, body = MailSettingsView)), security(("bearer" = [])))]
async fn get_settings(
    State(s): State<Service>,
    Auth(a): Auth,
) -> Result<Json<MailSettingsView>, ApiError> {
    Ok(Json(s.mail_settings(&a).await?))
}

/// Saves the outgoing server (`ATIENDE_SMTP_URL`, when set, still wins). An absent or empty
/// `password` keeps the saved one; a password is refused over `security: none` unless the
/// server is this machine.
#[utoipa::path(put, path = "/api/v1/mail-settings/smtp", tag = "mail", request_body = SmtpInput, responses((status = 200, body = MailSettingsView)), security(("bearer" = [])))]
async fn save_smtp(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<SmtpInput>,
) -> Result<Json<MailSettingsView>, ApiError> {
    Ok(Json(s.save_smtp_setting(&a, &i).await?))
}

/// Forgets the saved outgoing server.
#[utoipa::path(delete, path = "/api/v1/mail-settings/smtp", tag = "mail", responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_smtp(State(s): State<Service>, Auth(a): Auth) -> Result<StatusCode, ApiError> {
    s.delete_smtp_setting(&a).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a mailbox read for incoming mail (its password is required).
#[utoipa::path(post, path = "/api/v1/mail-settings/mailboxes", tag = "mail", request_body = MailboxInput, responses((status = 201, body = MailServerView)), security(("bearer" = [])))]
async fn add_mailbox(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<MailboxInput>,
) -> Result<(StatusCode, Json<MailServerView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(s.save_mailbox_setting(&a, None, &i).await?),
    ))
}

/// Changes a saved mailbox; an absent or empty `password` keeps the saved one.
#[utoipa::path(put, path = "/api/v1/mail-settings/mailboxes/{id}", tag = "mail", params(("id" = i64, Path)), request_body = MailboxInput, responses((status = 200, body = MailServerView)), security(("bearer" = [])))]
async fn update_mailbox(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<MailboxInput>,
) -> Result<Json<MailServerView>, ApiError> {
    Ok(Json(s.save_mailbox_setting(&a, Some(id), &i).await?))
}

#[utoipa::path(delete, path = "/api/v1/mail-settings/mailboxes/{id}", tag = "mail", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_mailbox(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_mailbox_setting(&a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Connects to a saved server (SMTP or mailbox) as the jobs would — TLS, login, the folder —
/// and says goodbye without sending or reading mail. A failure is an answer (`ok: false` with
/// the server's or the network's words), not an error.
#[utoipa::path(post, path = "/api/v1/mail-settings/{id}/check", tag = "mail", params(("id" = i64, Path)), responses((status = 200, body = ConnectionCheck)), security(("bearer" = [])))]
async fn check_server(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<ConnectionCheck>, ApiError> {
    Ok(Json(s.check_mail_server(&a, id).await?))
}
