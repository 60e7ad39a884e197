//! GET /dashboard: the supervisors' view (supervisor and admin; agents and clients get 403).
//! Every number links to the queue filtered to the tickets it counts.

use askama::Template;
use axum::{extract::State, response::Response};
use service::{
    Service,
    dashboard::{AgentLoad, ClientCompliance, Compliance, Dashboard},
};

use super::{
    row::{Lookups, Row},
    staff_tr,
};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    statuses: Vec<&'static str>,
    open: Vec<(&'static str, Vec<i64>, i64)>,
    at_risk: Vec<Row>,
    breached: Vec<Row>,
    by_priority: Vec<(&'static str, Compliance, String)>,
    by_client: Vec<(ClientCompliance, String)>,
    workload: Vec<AgentLoad>,
}

/// "50 %" or "—" when the month has no outcome yet.
fn pct(c: &Compliance) -> String {
    c.percent()
        .map(|p| format!("{p} %"))
        .unwrap_or_else(|| "—".into())
}

pub async fn page(State(svc): State<Service>, s: Session) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (d, look) = match tokio::try_join!(
        svc.dashboard(&s.0.actor),
        Lookups::load(&svc, &s.0.actor, &t)
    ) {
        Ok(v) => v,
        Err(e) => return page::service_error(&t, e),
    };
    let mut by_client = d.by_client.clone();
    by_client.retain(|c| c.compliance.met + c.compliance.breached + c.compliance.pending > 0);
    page::render(&DashboardPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/dashboard")),
        statuses: Dashboard::STATUSES.iter().map(|s| s.as_str()).collect(),
        open: d
            .open
            .iter()
            .map(|(p, cells)| (p.as_str(), cells.clone(), cells.iter().sum()))
            .collect(),
        at_risk: d.at_risk.iter().map(|tk| look.row(&t, tk)).collect(),
        breached: d.breached.iter().map(|tk| look.row(&t, tk)).collect(),
        by_priority: d
            .by_priority
            .iter()
            .map(|(p, c)| (p.as_str(), *c, pct(c)))
            .collect(),
        by_client: by_client
            .into_iter()
            .map(|c| {
                let p = pct(&c.compliance);
                (c, p)
            })
            .collect(),
        workload: d.workload.clone(),
    })
}
