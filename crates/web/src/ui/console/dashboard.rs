//! GET /dashboard: the supervisors' view (supervisor and admin; agents and clients get 403).

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{extract::State, response::Response};
use service::{
    Service,
    dashboard::{AgentLoad, ClientCompliance, Compliance, Dashboard},
};

use super::{queue::Row, staff_tr};
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

fn rows(t: &Tr, items: &[service::tickets::TicketView]) -> Vec<Row> {
    items
        .iter()
        .map(|tk| Row {
            id: tk.id,
            number: tk.number.clone(),
            subject: tk.subject.clone(),
            client: String::new(),
            priority: tk.priority.as_str(),
            status: t.label("status", tk.status.as_str()),
            category: t.label("category", tk.category.as_str()),
            assignee: String::new(),
            badge: SlaBadge::of(t, &tk.sla, tk.status == domain::ticket::Status::Closed),
        })
        .collect()
}

pub async fn page(State(svc): State<Service>, s: Session) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let d = match svc.dashboard(&s.0.actor).await {
        Ok(d) => d,
        Err(e) => return page::service_error(&t, e),
    };
    let mut by_client = d.by_client.clone();
    let names: std::collections::HashMap<i64, String> = by_client
        .iter()
        .map(|c| (c.client_id, c.name.clone()))
        .collect();
    by_client.retain(|c| c.compliance.met + c.compliance.breached > 0);
    let mut at_risk = rows(&t, &d.at_risk);
    let mut breached = rows(&t, &d.breached);
    for (row, tk) in at_risk
        .iter_mut()
        .zip(&d.at_risk)
        .chain(breached.iter_mut().zip(&d.breached))
    {
        row.client = names.get(&tk.client_id).cloned().unwrap_or_default();
    }
    page::render(&DashboardPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, "/dashboard")),
        statuses: Dashboard::STATUSES.iter().map(|s| s.as_str()).collect(),
        open: d
            .open
            .iter()
            .map(|(p, cells)| (p.as_str(), cells.clone(), cells.iter().sum()))
            .collect(),
        at_risk,
        breached,
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
