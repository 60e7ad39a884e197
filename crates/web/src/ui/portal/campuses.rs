//! /portal/campuses: a client admin's own campuses with their availability, and
//! /portal/campuses/{id}: one campus's uptime strip and incidents (the block staff see on the
//! campus page), with links to the tickets. Another client's campus answers 404.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};
use service::Service;

use super::client_only;
use crate::ui::{Chrome, i18n::Tr, page, session::Session, uptime::UptimeBlock};

pub struct CampusLine {
    pub id: i64,
    pub url: String,
    pub platform: String,
    pub state: String,
    pub state_class: String,
    pub month: String,
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
    url: String,
    platform: String,
    up: UptimeBlock,
}

pub async fn list(State(svc): State<Service>, s: Session) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = &s.0.actor;
    let campuses = match svc.list_campuses(a, None).await {
        Ok(c) => c,
        Err(e) => return page::service_error(&t, e),
    };
    let mut lines = Vec::with_capacity(campuses.len());
    for c in campuses {
        let u = match svc.campus_uptime(a, c.id).await {
            Ok(u) => u,
            Err(e) => return page::service_error(&t, e),
        };
        lines.push(CampusLine {
            id: c.id,
            url: c.url,
            platform: format!("{} {}", c.platform, c.platform_version),
            state: t.t(&format!("uptime-state-{}", u.state)),
            state_class: u.state,
            month: crate::ui::uptime::pct(&t, u.month_to_date_percent),
        });
    }
    page::render(&ListPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/portal/campuses")),
        campuses: lines,
    })
}

pub async fn show(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return page::error(
            &t,
            axum::http::StatusCode::NOT_FOUND,
            &t.t("error-not-found"),
        );
    };
    let a = &s.0.actor;
    let built = async {
        let c = svc.get_campus(a, id).await?;
        let (u, i) = tokio::try_join!(svc.campus_uptime(a, id), svc.campus_incidents(a, id))?;
        Ok::<_, service::ServiceError>((c, u, i))
    }
    .await;
    match built {
        Ok((c, u, i)) => page::render(&CampusPage {
            t: &t,
            chrome: Some(Chrome::of(&s.0, &format!("/portal/campuses/{id}"))),
            url: c.url,
            platform: format!("{} {}", c.platform, c.platform_version),
            up: UptimeBlock::of(&t, &u, &i, "/portal/tickets/"),
        }),
        Err(e) => page::service_error(&t, e),
    }
}
