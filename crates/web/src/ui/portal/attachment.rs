//! `GET /portal/attachments/{id}`: a client's own files, served so they never run in our origin.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
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
    let mut res = data.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&meta.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    let ascii: String = meta
        .filename
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\' || *c == ' ')
        .collect();
    let utf8 = crate::ui::session::urlencode(&meta.filename).replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}
