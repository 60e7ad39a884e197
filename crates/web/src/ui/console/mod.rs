//! The console area: the agents' queue and ticket view, saved replies, and the supervisors'
//! dashboard. Client admins get 403 on every page here (they have the portal).

/// `let (t, id) = guard!(form, raw_id);` in a POST handler: the staff member's translator and
/// the path's numeric id, or return the 403/404 page.
macro_rules! guard {
    ($f:expr, $id:expr) => {{
        let t = match super::staff_tr(&$f.session) {
            Ok(t) => t,
            Err(r) => return r,
        };
        match super::parse_id(&t, &$id) {
            Ok(id) => (t, id),
            Err(r) => return r,
        }
    }};
}

mod actions;
mod campus;
mod canned;
mod dashboard;
mod history;
mod hours_report;
mod inbound;
mod kb;
mod kb_editor;
mod new_ticket;
mod paging;
mod queue;
mod quotes;
pub(crate) mod row;
mod ticket;
mod time;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use service::Service;

use super::{i18n::Tr, page, session::Session};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/console", get(queue::page))
        .route("/console/tickets/{id}", get(ticket::page))
        // A reply may carry files: each is checked against the per-file limit as it streams
        // to disk (`ui::upload`); the whole form is bounded like the portal's.
        .route(
            "/console/tickets/{id}/messages",
            post(actions::reply).layer(DefaultBodyLimit::max(
                domain::limits::ATTACHMENT_MAX_BYTES * 4,
            )),
        )
        .route("/console/tickets/{id}/status", post(actions::status))
        .route("/console/tickets/{id}/take", post(actions::take))
        .route("/console/tickets/{id}/publish", post(actions::publish))
        .route(
            "/console/new",
            get(new_ticket::page).post(new_ticket::create),
        )
        .route("/console/tickets/{id}/triage", post(actions::triage))
        .route(
            "/console/tickets/{id}/scope-suggestion/accept",
            post(actions::accept_scope),
        )
        .route("/console/tickets/{id}/quotes", post(quotes::send))
        .route("/console/quotes/{id}/withdraw", post(quotes::withdraw))
        .route("/console/tickets/{id}/time", post(time::create))
        .route("/console/time-entries/{id}", post(time::update))
        .route("/console/time-entries/{id}/delete", post(time::delete))
        .route("/console/attachments/{id}", get(ticket::attachment))
        .route("/console/canned", get(canned::page).post(canned::create))
        .route(
            "/console/canned/{id}",
            get(canned::edit_page).post(canned::update),
        )
        .route("/console/canned/{id}/delete", post(canned::delete))
        .route("/console/kb", get(kb::list).post(kb_editor::create))
        .route("/console/kb/new", get(kb_editor::new_page))
        .route("/console/kb/suggest", get(kb::suggest))
        .route(
            "/console/kb/{id}",
            get(kb_editor::edit_page).post(kb_editor::update),
        )
        .route("/console/kb/{id}/publish", post(kb::publish))
        .route("/console/kb/{id}/unpublish", post(kb::unpublish))
        .route("/console/kb/{id}/history", get(kb::history))
        .route("/console/kb/revisions/{id}", get(kb::revision))
        .route(
            "/console/kb/{id}/files",
            post(kb_editor::upload_file).layer(DefaultBodyLimit::max(
                service::kb::ARTICLE_FILE_MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/console/tickets/{id}/kb-draft",
            post(kb::draft_from_ticket),
        )
        .route("/kb/files/{id}", get(kb::file))
        .route("/console/inbound", get(inbound::page))
        .route("/console/inbound/{id}/discard", post(inbound::discard))
        .route("/console/inbound/{id}/ticket", post(inbound::to_ticket))
        .route("/console/campuses/{id}", get(campus::page))
        .route("/console/campuses/{id}/monitor", post(campus::save_monitor))
        .route("/dashboard", get(dashboard::page))
        .route("/console/hours", get(hours_report::page))
        .route("/console/reports", get(crate::ui::reports::console_page))
        .route("/console/reports.pdf", get(crate::ui::reports::console_pdf))
        .route("/console/reports.csv", get(crate::ui::reports::console_csv))
        .route("/console/hours.csv", get(hours_report::csv))
}

/// The translator of a staff session, or the 403 page for anyone else.
// The error is the finished page itself; boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub(crate) fn staff_tr(s: &Session) -> Result<Tr, Response> {
    let t = s.tr();
    if s.0.actor.is_staff() {
        Ok(t)
    } else {
        Err(page::error(
            &t,
            StatusCode::FORBIDDEN,
            &t.t("error-forbidden"),
        ))
    }
}

/// A numeric id from the path; anything else is a 404 page, not a plain-text rejection.
#[allow(clippy::result_large_err)]
fn parse_id(t: &Tr, raw: &str) -> Result<i64, Response> {
    raw.parse()
        .map_err(|_| page::error(t, StatusCode::NOT_FOUND, &t.t("error-not-found")))
}

/// One `<option>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Opt {
    fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Opt {
        let value = value.into();
        Opt {
            selected: value == current,
            value,
            label: label.into(),
        }
    }
}

/// Options for an enum's values, labelled via `common.ftl` (`priority-urgent`…).
fn enum_opts(t: &Tr, group: &str, values: &[&str], current: &str) -> Vec<Opt> {
    values
        .iter()
        .map(|v| Opt::new(*v, t.label(group, v), current))
        .collect()
}

pub const PRIORITIES: [&str; 4] = ["urgent", "high", "medium", "low"];
pub const CATEGORIES: [&str; 5] = [
    "functional",
    "technical",
    "administrative",
    "commercial",
    "complaint",
];
pub const STATUSES: [&str; 5] = ["new", "open", "waiting_on_client", "resolved", "closed"];
