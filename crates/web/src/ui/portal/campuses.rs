//! /portal/campuses: a client admin's own campuses with their availability and whether each
//! may ask for the platform version upgrade the contract includes after 6 months of service;
//! /portal/campuses/{id}: one campus's uptime strip and incidents (the block staff see on the
//! campus page), its maintenance (backups on our servers, updates, upgrades) and the button
//! "Solicitar actualización de versión" (`POST /portal/campuses/{id}/upgrade-request`), which
//! opens a low technical ticket or leads to the request already open. Another client's campus
//! answers 404.

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
    uptime::UptimeBlock,
};

pub struct CampusLine {
    pub id: i64,
    pub url: String,
    pub platform: String,
    pub state: String,
    pub state_class: String,
    pub month: String,
    /// The version upgrade: eligible today, from when, and its open request.
    pub eligible: bool,
    pub eligible_since: String,
    pub open_request: Option<i64>,
}

#[derive(Template)]
#[template(path = "portal/campuses.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    campuses: Vec<CampusLine>,
}

#[derive(Template)]
#[template(path = "portal/campus.html")]
struct CampusPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    id: i64,
    url: String,
    platform: String,
    up: UptimeBlock,
    m: MaintenanceBlock,
    /// What the campus's contract covers (`contract/_coverage.html`).
    cov: crate::ui::contract::CoverageBlock,
    eligible: bool,
    eligible_since: String,
    open_request: Option<i64>,
    /// Why the request just pressed was refused.
    error: Option<String>,
}

pub async fn list(State(svc): State<Service>, s: Session) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    // TENANT: the service answers a client admin's own campuses only.
    let campuses = match svc.upgrade_eligibility_all(a).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    let mut lines = Vec::with_capacity(campuses.len());
    for c in campuses {
        let u = match svc.campus_uptime(a, c.campus_id).await {
            Ok(u) => u,
            Err(e) => return page::service_error(&t, e),
        };
        lines.push(CampusLine {
            id: c.campus_id,
            url: c.url,
            platform: format!("{} {}", c.platform, c.platform_version),
            state: t.t(&format!("uptime-state-{}", u.state)),
            state_class: u.state,
            month: crate::ui::uptime::pct(&t, u.month_to_date_percent),
            eligible: c.eligible,
            eligible_since: c.eligible_since,
            open_request: c.open_request_ticket_id,
        });
    }
    page::render(&ListPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/portal/campuses")),
        campuses: lines,
    })
}

async fn render(svc: &Service, s: &Session, t: &Tr, id: i64, error: Option<String>) -> Response {
    let a = &s.0.actor;
    let built = async {
        let c = svc.get_campus(a, id).await?;
        let (u, i) = tokio::try_join!(svc.campus_uptime(a, id), svc.campus_incidents(a, id))?;
        let m = svc.maintenance_timeline(a, id).await?;
        let cov = crate::ui::contract::CoverageBlock::campus(svc, a, t, id).await?;
        Ok::<_, ServiceError>((c, u, i, m, cov))
    }
    .await;
    match built {
        Ok((c, u, i, m, cov)) => {
            let mut res = page::render(&CampusPage {
                t,
                chrome: Some(Chrome::of(&s.0, &format!("/portal/campuses/{id}"))),
                csrf: s.0.csrf.clone(),
                id,
                url: c.url,
                platform: format!("{} {}", c.platform, c.platform_version),
                up: UptimeBlock::of(t, &u, &i, "/portal/tickets/"),
                eligible: m.eligibility.eligible,
                eligible_since: m.eligibility.eligible_since.clone(),
                open_request: m.eligibility.open_request_ticket_id,
                m: MaintenanceBlock::of(t, &m, false),
                cov,
                error: error.clone(),
            });
            if error.is_some() {
                *res.status_mut() = StatusCode::CONFLICT;
            }
            res
        }
        Err(e) => page::service_error(t, e),
    }
}

pub async fn show(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return page::error(&t, StatusCode::NOT_FOUND, &t.t("error-not-found"));
    };
    render(&svc, &s, &t, id, None).await
}

pub async fn request_upgrade(
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
            render(&svc, s, &t, id, Some(why)).await
        }
        Err(e) => page::service_error(&t, e),
    }
}
