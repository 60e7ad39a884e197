//! /admin/plans: plans, SLA policies, business calendars and subscriptions on one screen,
//! because they are configured together (a plan names a policy, a policy a calendar, a
//! subscription a plan). Each form re-renders in place on errors; edit pages reuse the forms.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::get,
};
use serde::Deserialize;
use service::{
    Service,
    admin::{
        deletes::Deletable,
        policies::{CalendarView, PlanInput, PolicyView},
    },
};

use super::{
    Errs, Flash, admin_only,
    calendars::CalendarForm,
    chrome, delete_route, done,
    forms::{int, req_id},
    plans_data::PlansData,
    policies::PolicyForm,
    screen::{OrPage, Outcome, Page, attempt, render_form},
    subscriptions::SubForm,
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    session::{CsrfForm, Session},
};

pub const LIST: &str = "/admin/plans";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(save_plan))
        .route("/admin/plans/{id}", get(edit_plan).post(save_plan))
        .route(
            "/admin/plans/{id}/delete",
            delete_route(Deletable::Plan, LIST),
        )
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub name: String,
    pub policy_id: String,
    pub admin_hours_per_month: String,
    /// The rollover checkbox (`on` when ticked; absent otherwise).
    pub admin_hours_rollover: Option<String>,
}

impl Default for PlanForm {
    fn default() -> Self {
        PlanForm {
            name: String::new(),
            policy_id: String::new(),
            admin_hours_per_month: "0".into(),
            admin_hours_rollover: None,
        }
    }
}

impl PlanForm {
    pub fn is_policy(&self, id: &i64) -> bool {
        self.policy_id.trim() == id.to_string()
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> PlanInput {
        PlanInput {
            name: self.name.clone(),
            policy_id: req_id(errs, t, "policy_id", &self.policy_id),
            admin_hours_per_month: int(
                errs,
                t,
                "admin_hours_per_month",
                &self.admin_hours_per_month,
            ),
            // The form always says: an unticked box is "no rollover".
            admin_hours_rollover: Some(self.admin_hours_rollover.is_some()),
        }
    }
}

/// The objects of this screen that have an edit page (a subscription has none: a change is a
/// new subscription).
#[derive(Clone, Copy)]
pub enum Kind {
    Calendar,
    Policy,
    Plan,
}

impl Kind {
    /// Where its create form posts; its edit form posts to `{base}/{id}`.
    fn base(self) -> &'static str {
        match self {
            Kind::Calendar => "/admin/calendars",
            Kind::Policy => "/admin/policies",
            Kind::Plan => LIST,
        }
    }

    /// The section `plan_edit.html` shows.
    fn which(self) -> &'static str {
        match self {
            Kind::Calendar => "calendar",
            Kind::Policy => "policy",
            Kind::Plan => "plan",
        }
    }
}

/// The four forms of the screen, each with its errors and the URL it posts to.
#[derive(Default)]
pub struct Forms {
    pub cal: CalendarForm,
    pub cal_errs: Errs,
    pub cal_action: String,
    pub pol: PolicyForm,
    pub pol_errs: Errs,
    pub pol_action: String,
    /// Targets out of order (a lower priority due sooner): said, not refused.
    pub pol_warnings: Vec<String>,
    pub plan: PlanForm,
    pub plan_errs: Errs,
    pub plan_action: String,
    pub sub: SubForm,
    pub sub_errs: Errs,
    /// The plan being edited: its services show below its form (`plan_services`).
    pub plan_id: Option<i64>,
}

impl Forms {
    /// Blank forms posting to the create URLs.
    pub fn new() -> Forms {
        Forms {
            cal_action: Kind::Calendar.base().into(),
            pol_action: Kind::Policy.base().into(),
            plan_action: Kind::Plan.base().into(),
            ..Forms::default()
        }
    }

    /// Blank forms, except that `kind`'s posts to the edit URL of object `id`.
    pub fn editing(kind: Kind, id: i64) -> Forms {
        let mut forms = Forms::new();
        let action = match kind {
            Kind::Calendar => &mut forms.cal_action,
            Kind::Policy => &mut forms.pol_action,
            Kind::Plan => &mut forms.plan_action,
        };
        *action = format!("{}/{id}", kind.base());
        forms.plan_id = matches!(kind, Kind::Plan).then_some(id);
        forms
    }

    fn any_errors(&self) -> bool {
        self.cal_errs.any() || self.pol_errs.any() || self.plan_errs.any() || self.sub_errs.any()
    }
}

#[derive(Template)]
#[template(path = "admin/plans.html")]
struct PlansPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    d: PlansData,
    f: Forms,
}

/// One edit page for a calendar, a policy or a plan (`which`), reusing the create forms.
#[derive(Template)]
#[template(path = "admin/plan_edit.html")]
struct EditPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    d: PlansData,
    f: Forms,
    which: &'static str,
    services: Option<super::plan_services::PlanServicesBlock>,
}

impl PlansPage<'_> {
    /// "4 h · 24×7" / "45 h hábiles".
    fn target(&self, p: &PolicyView, prio: &&str) -> String {
        super::policies::target_text(self.t, p, prio)
    }

    fn week(&self, c: &CalendarView) -> Vec<(String, String)> {
        super::calendars::week_text(self.t, c)
    }

    fn warnings(&self, p: &PolicyView) -> Vec<String> {
        super::targets::order_warnings(self.t, &p.targets)
    }

    fn holidays(&self, c: &CalendarView) -> String {
        super::holidays::summary(self.t, &c.spec.holidays)
    }
}

async fn render_page(svc: &Service, s: &Session, t: &Tr, flash: Option<String>, f: Forms) -> Page {
    let page = PlansPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        d: PlansData::load(svc, s).await.or_page(t)?,
        f,
    };
    Ok(render_form(&page, page.f.any_errors()))
}

pub async fn render_edit(svc: &Service, s: &Session, t: &Tr, kind: Kind, f: Forms) -> Page {
    let services = match f.plan_id {
        Some(id) => Some(
            super::plan_services::PlanServicesBlock::load(svc, &s.0.actor, t, id)
                .await
                .or_page(t)?,
        ),
        None => None,
    };
    let page = EditPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        d: PlansData::load(svc, s).await.or_page(t)?,
        f,
        which: kind.which(),
        services,
    };
    Ok(render_form(&page, page.f.any_errors()))
}

/// How every POST on this screen ends: saved → the list with a flash; refused → the screen
/// again, with `keep` putting the posted form and its errors into their place: on the list
/// when creating (`editing` is `None`), on the object's edit page when editing.
pub async fn after_save<T>(
    svc: &Service,
    s: &Session,
    t: &Tr,
    editing: Option<(Kind, i64)>,
    outcome: Outcome<T>,
    keep: impl FnOnce(&mut Forms, Errs),
) -> Page {
    let errs = match outcome {
        Outcome::Saved(_) if editing.is_some() => return Ok(done(LIST, "saved")),
        Outcome::Saved(_) => return Ok(done(LIST, "created")),
        Outcome::Rejected(errs) => errs,
    };
    match editing {
        None => {
            let mut forms = Forms::new();
            keep(&mut forms, errs);
            render_page(svc, s, t, None, forms).await
        }
        Some((kind, id)) => {
            let mut forms = Forms::editing(kind, id);
            keep(&mut forms, errs);
            render_edit(svc, s, t, kind, forms).await
        }
    }
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    render_page(&svc, &s, &t, q.message(&t), Forms::new()).await
}

/// Creates (no id in the path) or updates a plan.
async fn save_plan(
    State(svc): State<Service>,
    id: Option<Path<i64>>,
    f: CsrfForm<PlanForm>,
) -> Page {
    let id = id.map(|Path(id)| id);
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    let outcome = attempt(&t, errs, svc.save_plan(&s.0.actor, id, &input)).await?;
    let editing = id.map(|id| (Kind::Plan, id));
    after_save(&svc, s, &t, editing, outcome, |forms, errs| {
        forms.plan = f.form;
        forms.plan_errs = errs;
    })
    .await
}

async fn edit_plan(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let p = svc.get_plan(&s.0.actor, id).await.or_page(&t)?;
    let mut forms = Forms::editing(Kind::Plan, id);
    forms.plan = PlanForm {
        name: p.name,
        policy_id: p.policy_id.to_string(),
        admin_hours_per_month: p.admin_hours_per_month.to_string(),
        admin_hours_rollover: p.admin_hours_rollover.then(|| "on".into()),
    };
    render_edit(&svc, &s, &t, Kind::Plan, forms).await
}
