//! GET /console/campuses/{id}: one campus for staff — what it is (URL, platform, hosted or
//! not, client), its monitoring (state, uptime this month and last, the 30-day strip,
//! incidents), its open tickets, and its monitor settings (admins edit them here:
//! POST /console/campuses/{id}/monitor).
//!
//! Each part of the page is a section struct of [`CampusPage`] with its own block in
//! `console/campus.html`; later parts (backups, updates, upgrades) are further sections.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use service::{
    Service, ServiceResult,
    monitors::{MonitorInput, MonitorView},
    tickets::TicketQuery,
};

use super::{parse_id, staff_tr};
use crate::ui::{
    Chrome,
    admin::Errs,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
    uptime::UptimeBlock,
};

/// The header facts.
pub struct CampusInfo {
    pub id: i64,
    pub url: String,
    pub platform: String,
    pub hosted: String,
    pub client: String,
    pub service_start: String,
}

pub struct TicketLine {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub priority: &'static str,
    pub priority_label: String,
}

/// The monitor settings as typed (strings, so a refused form shows what was typed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MonitorForm {
    /// A checkbox: present when ticked.
    pub enabled: Option<String>,
    pub interval_seconds: String,
    pub timeout_seconds: String,
    pub expected_text: String,
    pub latency_threshold_ms: String,
    pub sustain_minutes: String,
    pub failures_to_alert: String,
}

impl MonitorForm {
    fn of(m: &MonitorView) -> MonitorForm {
        MonitorForm {
            enabled: m.enabled.then(|| "on".into()),
            interval_seconds: m.interval_seconds.to_string(),
            timeout_seconds: m.timeout_seconds.to_string(),
            expected_text: m.expected_text.clone().unwrap_or_default(),
            latency_threshold_ms: m.latency_threshold_ms.to_string(),
            sustain_minutes: m.sustain_minutes.to_string(),
            failures_to_alert: m.failures_to_alert.to_string(),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled.is_some()
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> MonitorInput {
        let mut num = |field: &str, v: &str| -> Option<i64> {
            match v.trim().parse() {
                Ok(n) => Some(n),
                Err(_) => {
                    errs.push(field, t.t("admin-err-number"));
                    None
                }
            }
        };
        MonitorInput {
            enabled: Some(self.is_enabled()),
            interval_seconds: num("interval_seconds", &self.interval_seconds),
            timeout_seconds: num("timeout_seconds", &self.timeout_seconds),
            expected_text: Some(self.expected_text.clone()),
            latency_threshold_ms: num("latency_threshold_ms", &self.latency_threshold_ms),
            sustain_minutes: num("sustain_minutes", &self.sustain_minutes),
            failures_to_alert: num("failures_to_alert", &self.failures_to_alert),
        }
    }
}

/// Monitor settings: every staff member reads them, admins edit them.
pub struct MonitorSection {
    pub can_edit: bool,
    pub customized: bool,
    pub form: MonitorForm,
    pub errs: Errs,
    pub saved: bool,
}

#[derive(Template)]
#[template(path = "console/campus.html")]
struct CampusPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    info: CampusInfo,
    up: UptimeBlock,
    tickets: Vec<TicketLine>,
    monitor: MonitorSection,
    /// Backups, updates, upgrades and upgrade eligibility (`campus/_maintenance.html`).
    m: crate::ui::campus_maintenance::MaintenanceBlock,
    /// What the campus's contract covers (`contract/_coverage.html`).
    cov: crate::ui::contract::CoverageBlock,
}

#[derive(Deserialize, Default)]
pub struct Saved {
    ok: Option<String>,
}

pub async fn page(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
    Query(q): Query<Saved>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let saved = q.ok.as_deref() == Some("saved");
    render(&svc, &s, &t, id, None, Errs::default(), saved).await
}

pub async fn save_monitor(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<MonitorForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let s = &f.session;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    if !errs.any() {
        match svc.put_monitor(&s.0.actor, id, &input).await {
            Ok(_) => {
                return Redirect::to(&format!("/console/campuses/{id}?ok=saved")).into_response();
            }
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(page) => return page,
            },
        }
    }
    render(&svc, s, &t, id, Some(f.form.clone()), errs, false).await
}

async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    form: Option<MonitorForm>,
    errs: Errs,
    saved: bool,
) -> Response {
    let invalid = errs.any();
    match build(svc, s, t, id, form, errs, saved).await {
        Ok(p) => {
            let mut res = page::render(&p);
            if invalid {
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            res
        }
        Err(e) => page::service_error(t, e),
    }
}

async fn build<'a>(
    svc: &Service,
    s: &Session,
    t: &'a Tr,
    id: i64,
    form: Option<MonitorForm>,
    errs: Errs,
    saved: bool,
) -> ServiceResult<CampusPage<'a>> {
    let a = &s.0.actor;
    let campus = svc.get_campus(a, id).await?;
    let q = TicketQuery {
        campus_id: Some(id),
        status: Some("new,open,waiting_on_client".into()),
        limit: Some(50),
        ..Default::default()
    };
    let (client, uptime, incidents, monitor, open, timeline, cov) = tokio::try_join!(
        svc.get_client(a, campus.client_id),
        svc.campus_uptime(a, id),
        svc.campus_incidents(a, id),
        svc.get_monitor(a, id),
        svc.list_tickets(a, &q),
        svc.maintenance_timeline(a, id),
        crate::ui::contract::CoverageBlock::campus(svc, a, t, id),
    )?;
    Ok(CampusPage {
        t,
        chrome: Some(Chrome::of(&s.0, &format!("/console/campuses/{id}"))),
        csrf: s.0.csrf.clone(),
        info: CampusInfo {
            id,
            url: campus.url.clone(),
            platform: format!("{} {}", campus.platform, campus.platform_version),
            hosted: t.t(if campus.hosted_by_us {
                "campus-hosted-yes"
            } else {
                "campus-hosted-no"
            }),
            client: client.name,
            service_start: campus.service_start_date.clone(),
        },
        up: UptimeBlock::of(t, &uptime, &incidents, "/console/tickets/"),
        m: crate::ui::campus_maintenance::MaintenanceBlock::of(t, &timeline, true),
        cov,
        tickets: open
            .items
            .iter()
            .map(|v| TicketLine {
                id: v.id,
                number: v.number.clone(),
                subject: v.subject.clone(),
                status: t.label("status", v.status.as_str()),
                priority: v.priority.as_str(),
                priority_label: t.label("priority", v.priority.as_str()),
            })
            .collect(),
        monitor: MonitorSection {
            can_edit: a.role == domain::user::Role::Admin,
            customized: monitor.customized,
            form: form.unwrap_or_else(|| MonitorForm::of(&monitor)),
            errs,
            saved,
        },
    })
}
