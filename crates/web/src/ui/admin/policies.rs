//! SLA policies: per priority a resolution target (a number and a unit: hours, days or weeks,
//! stored as seconds) and the clock it counts on (24×7 or the policy calendar's business
//! hours). Edits append a version; open tickets keep the version they were opened under
//! (docs/sla.md "Which plan applies").

use axum::{
    Router,
    extract::{Path, State},
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
    Errs, admin_only, delete_route,
    forms::{int, opt_id},
    plans::{Forms, Kind, LIST, after_save, render_edit},
    screen::{OrPage, Page, attempt},
    targets::Unit,
};
use crate::ui::{
    i18n::Tr,
    session::{CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/policies", post(save))
        .route("/admin/policies/{id}", get(edit).post(save))
        .route(
            "/admin/policies/{id}/delete",
            delete_route(Deletable::Policy, LIST),
        )
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
    /// A form posted without units (scripts, older pages) means hours, not the blank form's units.
    #[serde(default)]
    pub unit_low: String,
    #[serde(default)]
    pub unit_medium: String,
    #[serde(default)]
    pub unit_high: String,
    #[serde(default)]
    pub unit_urgent: String,
    pub clock_low: String,
    pub clock_medium: String,
    pub clock_high: String,
    pub clock_urgent: String,
    pub warn_percent: String,
    pub second_warn_percent: String,
}

fn row<'a>(key: &'static str, hours: &'a str, unit: &'a str, clock: &str) -> PrioRow<'a> {
    PrioRow {
        key,
        hours,
        unit: Unit::parse(unit),
        business: clock == "business",
    }
}

/// One priority's row of the form: the amount as typed, its unit and the clock.
pub struct PrioRow<'a> {
    pub key: &'static str,
    pub hours: &'a str,
    pub unit: Unit,
    pub business: bool,
}

impl Default for PolicyForm {
    /// The seed's targets as a starting point (168/48/12/4 h on 24×7).
    fn default() -> Self {
        let cal = || "calendar".to_string();
        PolicyForm {
            name: String::new(),
            calendar_id: String::new(),
            hours_low: "1".into(),
            hours_medium: "2".into(),
            hours_high: "12".into(),
            hours_urgent: "4".into(),
            unit_low: "weeks".into(),
            unit_medium: "days".into(),
            unit_high: "hours".into(),
            unit_urgent: "hours".into(),
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
            row("low", &self.hours_low, &self.unit_low, &self.clock_low),
            row(
                "medium",
                &self.hours_medium,
                &self.unit_medium,
                &self.clock_medium,
            ),
            row("high", &self.hours_high, &self.unit_high, &self.clock_high),
            row(
                "urgent",
                &self.hours_urgent,
                &self.unit_urgent,
                &self.clock_urgent,
            ),
        ]
    }

    pub fn is_calendar(&self, id: &i64) -> bool {
        self.calendar_id.trim() == id.to_string()
    }

    fn from_view(p: PolicyView) -> PolicyForm {
        let amount = |p: Priority, v: &PolicyView| Unit::split(v.targets.get(p).target_seconds);
        let (al, ul) = amount(Priority::Low, &p);
        let (am, um) = amount(Priority::Medium, &p);
        let (ah, uh) = amount(Priority::High, &p);
        let (au, uu) = amount(Priority::Urgent, &p);
        let c = |p: Priority, v: &PolicyView| match v.targets.get(p).clock {
            ClockKind::Calendar => "calendar".to_string(),
            ClockKind::Business => "business".to_string(),
        };
        PolicyForm {
            hours_low: al,
            hours_medium: am,
            hours_high: ah,
            hours_urgent: au,
            unit_low: ul.as_str().into(),
            unit_medium: um.as_str().into(),
            unit_high: uh.as_str().into(),
            unit_urgent: uu.as_str().into(),
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
        let mut target = |key: &str, amount: &str, unit: &str, clock: &str| {
            let field = format!("targets.{key}.target_seconds");
            let target_seconds = Unit::parse(unit).seconds(amount).unwrap_or_else(|| {
                errs.push(&field, t.t("admin2-err-amount"));
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
            low: target("low", &self.hours_low, &self.unit_low, &self.clock_low),
            medium: target(
                "medium",
                &self.hours_medium,
                &self.unit_medium,
                &self.clock_medium,
            ),
            high: target("high", &self.hours_high, &self.unit_high, &self.clock_high),
            urgent: target(
                "urgent",
                &self.hours_urgent,
                &self.unit_urgent,
                &self.clock_urgent,
            ),
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
    format!("{} · {clock}", Unit::text(t, target.target_seconds))
}

/// Creates (no id in the path) or updates a policy.
async fn save(State(svc): State<Service>, id: Option<Path<i64>>, f: CsrfForm<PolicyForm>) -> Page {
    let id = id.map(|Path(id)| id);
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    let outcome = attempt(&t, errs, svc.save_policy(&s.0.actor, id, &input)).await?;
    let editing = id.map(|id| (Kind::Policy, id));
    after_save(&svc, s, &t, editing, outcome, |forms, errs| {
        forms.pol = f.form;
        forms.pol_errs = errs;
    })
    .await
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let v = svc.get_policy(&s.0.actor, id).await.or_page(&t)?;
    let mut forms = Forms::editing(Kind::Policy, id);
    forms.pol_warnings = super::targets::order_warnings(&t, &v.targets);
    forms.pol = PolicyForm::from_view(v);
    render_edit(&svc, &s, &t, Kind::Policy, forms).await
}
