//! The client-admin portal: a client's own tickets, opening one with the contract's
//! resolution times in view, replying with attachments, confirming or reopening.
//!
//! Only client admins enter (staff get 403 here; they work in the console). Tenant isolation
//! is the service's: another client's ticket answers 404 through `page::service_error`.

mod admin_hours;
mod attachment;
mod campuses;
mod feedback;
mod hours;
pub(crate) mod kb;
mod list;
mod new_ticket;
mod quotes;
mod targets;
mod ticket;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use service::Service;

use super::{i18n::Tr, page, session::Session, upload};

pub fn routes() -> Router<Service> {
    // Multipart routes take several files of up to `ATTACHMENT_MAX_BYTES` each; every file is
    // checked against the per-file limit while it streams to disk (`ui::upload`).
    let uploads = Router::new()
        .route("/portal/tickets", post(new_ticket::create))
        .route("/portal/tickets/{id}/messages", post(ticket::reply))
        .layer(DefaultBodyLimit::max(
            domain::limits::ATTACHMENT_MAX_BYTES * 4,
        ));
    Router::new()
        .route("/portal", get(list::page))
        .route(
            "/portal/campuses/{id}/upgrade-request",
            post(campuses::request_upgrade),
        )
        .route("/portal/tickets/new", get(new_ticket::page))
        .route("/portal/tickets/{id}", get(ticket::page))
        .route("/portal/tickets/{id}/confirm", post(ticket::confirm))
        .route("/portal/tickets/{id}/reopen", post(ticket::reopen))
        .route("/portal/quotes/{id}/approve", post(quotes::approve))
        .route("/portal/quotes/{id}/reject", post(quotes::reject))
        .route("/portal/attachments/{id}", get(attachment::download))
        .route("/portal/campuses", get(campuses::list))
        .route("/portal/campuses/{id}", get(campuses::show))
        .route("/portal/hours", get(admin_hours::page))
        .route("/portal/kb", get(kb::list))
        .route("/portal/kb/suggest", get(kb::suggest))
        .route("/portal/kb/{slug}", get(kb::article))
        .route("/portal/kb/{slug}/vote", post(kb::vote))
        .route("/portal/kb/{slug}/resolved", post(kb::resolved))
        .route("/portal/reports", get(crate::ui::reports::portal_page))
        .route("/portal/reports.pdf", get(crate::ui::reports::portal_pdf))
        .route("/portal/reports.csv", get(crate::ui::reports::portal_csv))
        .route("/portal/hours.csv", get(admin_hours::csv))
        .merge(uploads)
}

/// The portal is for client admins: staff (and any user without a client) get a 403 page.
// The error is the page to answer with (a cold path): boxing it would only add noise.
#[allow(clippy::result_large_err)]
fn client_only(s: &Session) -> Result<Tr, Response> {
    let t = s.tr();
    if s.0.actor.is_staff() || s.0.actor.client_id.is_none() {
        return Err(page::error(
            &t,
            StatusCode::FORBIDDEN,
            &t.t("error-forbidden"),
        ));
    }
    Ok(t)
}

/// A ticket reference from the path: its id or its number (`T-0000123`); anything else is a
/// 404 page, as an unknown ticket would be.
#[allow(clippy::result_large_err)]
fn ticket_ref(t: &Tr, raw: &str) -> Result<i64, Response> {
    domain::ticket::parse_ticket_ref(raw)
        .map(|id| id.0)
        .ok_or_else(|| page::error(t, StatusCode::NOT_FOUND, &t.t("error-not-found")))
}
