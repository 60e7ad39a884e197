//! `GET /portal/attachments/{id}`: a client's own files, served so they never run in our origin.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use service::Service;

use super::client_only;
use crate::ui::{page, session::Session};

/// `GET /portal/attachments/{id}`: always a download, never rendered inline (uploaded HTML must
/// not run in our origin).
pub(super) async fn download(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    let Ok(id) = id.parse::<i64>() else {
        return page::error(&t, StatusCode::NOT_FOUND, &t.t("error-not-found"));
    };
    // TENANT: `get_attachment` checks the ticket's client.
    let (meta, data) = match svc.get_attachment(&s.0.actor, id).await {
        Ok(x) => x,
        Err(e) => return page::service_error(&t, e),
    };
    crate::download::attachment_response(&meta, data)
}
