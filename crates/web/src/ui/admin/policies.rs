//! SLA policies: per priority a resolution target in hours and the clock it counts on
//! (24×7 or the policy calendar's business hours). Edits append a version; open tickets keep
//! the version they were opened under (DESIGN.md "SLA semantics").

use axum::{
    Router,
    extract::{Path, State},
    response::Response,
    routing::{get, post},
};
use domain::{
    Priority,
    priority::PerPriority,
    sla::{ClockKind, Target},
};
use serde::Deserialize;
use service::{
    Service,
    admin::{
        deletes::Deletable,
        policies::{PolicyInput, PolicyView},
    },
};

use super::{
    Errs, admin_only, done,
    forms::{NoFields, hours_to_seconds, int, opt_id, seconds_to_hours},
    plans::{Forms, LIST, render_edit, render_page},
};
use crate::ui::{
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/policies", post(create))
        .route("/admin/policies/{id}", get(edit).post(update))
        .route("/admin/policies/{id}/delete", post(remove))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PolicyForm {
    pub name: String,
    pub calendar_id: String,
    pub hours_low: String,
    pub hours_medium: String,
    pub hours_high: String,
    pub hours_urgent: String,
    pub clock_low: String,
    pub clock_medium: String,
    pub clock_high: String,
    pub clock_urgent: String,
    pub warn_percent: String,
    pub second_warn_percent: String,
}

fn row<'a>(key: &'static str, hours: &'a str, clock: &str) -> PrioRow<'a> {
    PrioRow {
        key,
        hours,
        business: clock == "business",
    }
}

/// One priority's row of the form.
pub struct PrioRow<'a> {
    pub key: &'static str,
    pub hours: &'a str,
    pub business: bool,
}

impl Default for PolicyForm {
    /// The seed's targets as a starting point (168/48/12/4 h on 24×7).
    fn default() -> Self {
        let cal = || "calendar".to_string();
        PolicyForm {
            name: String::new(),
            calendar_id: String::new(),
            hours_low: "168".into(),
            hours_medium: "48".into(),
            hours_high: "12".into(),
            hours_urgent: "4".into(),
            clock_low: cal(),
            clock_medium: cal(),
            clock_high: cal(),
            clock_urgent: cal(),
            warn_percent: "75".into(),
            second_warn_percent: "90".into(),
        }
    }
}

impl PolicyForm {
    pub fn rows(&self) -> [PrioRow<'_>; 4] {
        [
            row("low", &self.hours_low, &self.clock_low),
            row("medium", &self.hours_medium, &self.clock_medium),
            row("high", &self.hours_high, &self.clock_high),
            row("urgent", &self.hours_urgent, &self.clock_urgent),
        ]
    }

    pub fn is_calendar(&self, id: &i64) -> bool {
        self.calendar_id.trim() == id.to_string()
    }

    fn from_view(p: PolicyView) -> PolicyForm {
        let h = |p: Priority, v: &PolicyView| seconds_to_hours(v.targets.get(p).target_seconds);
        let c = |p: Priority, v: &PolicyView| match v.targets.get(p).clock {
            ClockKind::Calendar => "calendar".to_string(),
            ClockKind::Business => "business".to_string(),
        };
        PolicyForm {
            hours_low: h(Priority::Low, &p),
            hours_medium: h(Priority::Medium, &p),
            hours_high: h(Priority::High, &p),
            hours_urgent: h(Priority::Urgent, &p),
            clock_low: c(Priority::Low, &p),
            clock_medium: c(Priority::Medium, &p),
            clock_high: c(Priority::High, &p),
            clock_urgent: c(Priority::Urgent, &p),
            calendar_id: p.calendar_id.map(|c| c.to_string()).unwrap_or_default(),
            warn_percent: p.warn_percent.to_string(),
            second_warn_percent: p.second_warn_percent.to_string(),
            name: p.name,
        }
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> PolicyInput {
        let mut target = |key: &str, hours: &str, clock: &str| {
            let field = format!("targets.{key}.target_seconds");
            let target_seconds = hours_to_seconds(hours).unwrap_or_else(|| {
                errs.push(&field, t.t("admin-err-hours"));
                3600
            });
            let clock = match clock {
                "business" => ClockKind::Business,
                _ => ClockKind::Calendar,
            };
            Target {
                target_seconds,
                clock,
            }
        };
        let targets = PerPriority {
            low: target("low", &self.hours_low, &self.clock_low),
            medium: target("medium", &self.hours_medium, &self.clock_medium),
            high: target("high", &self.hours_high, &self.clock_high),
            urgent: target("urgent", &self.hours_urgent, &self.clock_urgent),
        };
        PolicyInput {
            name: self.name.clone(),
            calendar_id: opt_id(errs, t, "calendar_id", &self.calendar_id),
            targets,
            warn_percent: int(errs, t, "warn_percent", &self.warn_percent),
            second_warn_percent: int(errs, t, "second_warn_percent", &self.second_warn_percent),
        }
    }
}

/// "4 h · 24×7" / "45 h · Horario laboral" for the list.
pub fn target_text(t: &Tr, p: &PolicyView, prio: &str) -> String {
    let Some(prio) = Priority::parse(prio) else {
        return String::new();
    };
    let target = p.targets.get(prio);
    let clock = match target.clock {
        ClockKind::Calendar => t.t("sla-clock-calendar"),
        ClockKind::Business => t.t("sla-clock-business"),
    };
    format!("{} h · {clock}", seconds_to_hours(target.target_seconds))
}

async fn save(svc: &Service, id: Option<i64>, f: CsrfForm<PolicyForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    if !errs.any() {
        match svc.save_policy(&s.0.actor, id, &input).await {
            Ok(_) => return done(LIST, if id.is_some() { "saved" } else { "created" }),
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    let mut forms = Forms::new();
    forms.pol = f.form;
    forms.pol_errs = errs;
    match id {
        None => render_page(svc, s, &t, None, forms).await,
        Some(id) => {
            forms.pol_action = format!("/admin/policies/{id}");
            render_edit(svc, s, &t, "policy", forms).await
        }
    }
}

async fn create(State(svc): State<Service>, f: CsrfForm<PolicyForm>) -> Response {
    save(&svc, None, f).await
}

async fn update(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<PolicyForm>,
) -> Response {
    save(&svc, Some(id), f).await
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.get_policy(id).await {
        Ok(p) => {
            let mut forms = Forms::new();
            forms.pol = PolicyForm::from_view(p);
            forms.pol_action = format!("/admin/policies/{id}");
            render_edit(&svc, &s, &t, "policy", forms).await
        }
        Err(e) => page::service_error(&t, e),
    }
}

async fn remove(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    super::delete(&svc, &f.session, Deletable::Policy, id, LIST).await
}
