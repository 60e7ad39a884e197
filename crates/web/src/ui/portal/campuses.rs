//! `GET /portal/campuses`: the client's campuses with their maintenance (backups on our
//! servers, updates, upgrades) and whether each may ask for the platform version upgrade the
//! contract includes after 6 months of service; the button "Solicitar actualización de versión"
//! (`POST /portal/campuses/{id}/upgrade-request`) opens a low technical ticket, or leads to the
//! request already open. The service scopes everything to the actor's client.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use service::{Service, ServiceError};

use super::client_only;
use crate::ui::{
    Chrome,
    campus_maintenance::MaintenanceBlock,
    i18n::Tr,
    page,
    session::{CsrfForm, NoFields, Session},
};

struct CampusCard {
    id: i64,
    url: String,
    eligible: bool,
    eligible_since: String,
    open_request: Option<i64>,
    m: MaintenanceBlock,
}

#[derive(Template)]
#[template(path = "portal/campuses.html")]
struct CampusesPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    campuses: Vec<CampusCard>,
    /// A refused request: which campus, and why.
    error: Option<(i64, String)>,
}

async fn render(svc: &Service, s: &Session, t: &Tr, error: Option<(i64, String)>) -> Response {
    let a = &s.0.actor;
    // TENANT: the service answers a client admin's own campuses only.
    let all = match svc.upgrade_eligibility_all(a).await {
        Ok(v) => v,
        Err(e) => return page::service_error(t, e),
    };
    let mut campuses = Vec::with_capacity(all.len());
    for e in all {
        let timeline = match svc.maintenance_timeline(a, e.campus_id).await {
            Ok(v) => v,
            Err(err) => return page::service_error(t, err),
        };
        campuses.push(CampusCard {
            id: e.campus_id,
            url: e.url,
            eligible: e.eligible,
            eligible_since: e.eligible_since,
            open_request: e.open_request_ticket_id,
            m: MaintenanceBlock::of(t, &timeline, false),
        });
    }
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let mut res = page::render(&CampusesPage {
        t,
        chrome: Some(Chrome::of(&s.0, "/portal/campuses")),
        csrf: s.0.csrf.clone(),
        campuses,
        error,
    });
    *res.status_mut() = status;
    res
}

pub(super) async fn page(State(svc): State<Service>, s: Session) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    render(&svc, &s, &t, None).await
}

pub(super) async fn request_upgrade(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    let s = &f.session;
    let t = match client_only(s) {
        Ok(t) => t,
        Err(res) => return res,
    };
    match svc.request_upgrade(&s.0.actor, id).await {
        Ok(r) => Redirect::to(&format!("/portal/tickets/{}", r.ticket.id)).into_response(),
        Err(ServiceError::State {
            code: "upgrade_not_eligible",
            ..
        }) => {
            let why = match svc.upgrade_eligibility(&s.0.actor, id).await {
                Ok(e) => t.t1("maint-not-eligible-until", "date", e.eligible_since),
                Err(e) => return page::service_error(&t, e),
            };
            render(&svc, s, &t, Some((id, why))).await
        }
        Err(e) => page::service_error(&t, e),
    }
}
