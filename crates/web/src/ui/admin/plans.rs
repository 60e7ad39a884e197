//! /admin/plans: plans, SLA policies, business calendars and subscriptions on one screen,
//! because they are configured together (a plan names a policy, a policy a calendar, a
//! subscription a plan). Each form re-renders in place on errors; edit pages reuse the forms.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    admin::{
        clients::{CampusView, ClientView},
        deletes::Deletable,
        policies::{CalendarView, PlanInput, PlanView, PolicyView, SubscriptionView},
    },
};

use super::{
    Errs, Flash, admin_only,
    calendars::CalendarForm,
    chrome, done,
    forms::{NoFields, int, req_id},
    policies::PolicyForm,
    subscriptions::SubForm,
    with_status,
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

pub const LIST: &str = "/admin/plans";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create_plan))
        .route("/admin/plans/{id}", get(edit_plan).post(update_plan))
        .route("/admin/plans/{id}/delete", post(remove_plan))
}

/// Everything the screen lists (and the selects offer).
pub struct PlansData {
    pub calendars: Vec<CalendarView>,
    pub policies: Vec<PolicyView>,
    pub plans: Vec<PlanView>,
    pub subscriptions: Vec<SubscriptionView>,
    pub clients: Vec<ClientView>,
    pub campuses: Vec<CampusView>,
}

impl PlansData {
    async fn load(svc: &Service, s: &Session) -> service::ServiceResult<PlansData> {
        let a = &s.0.actor;
        Ok(PlansData {
            calendars: svc.list_calendars().await?,
            policies: svc.list_policies().await?,
            plans: svc.list_plans().await?,
            subscriptions: svc.list_subscriptions(a, None).await?,
            clients: svc.list_clients(a).await?,
            campuses: svc.list_campuses(a, None).await?,
        })
    }

    pub fn calendar_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.calendars.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    pub fn policy_name(&self, id: &i64) -> String {
        let p = self.policies.iter().find(|p| p.id == *id);
        p.map(|p| p.name.clone()).unwrap_or_default()
    }

    pub fn plan_name(&self, id: &i64) -> String {
        let p = self.plans.iter().find(|p| p.id == *id);
        p.map(|p| p.name.clone()).unwrap_or_default()
    }

    pub fn client_name(&self, id: &i64) -> String {
        let c = self.clients.iter().find(|c| c.id == *id);
        c.map(|c| c.name.clone()).unwrap_or_default()
    }

    pub fn campus_url(&self, id: &Option<i64>) -> Option<String> {
        id.and_then(|id| self.campuses.iter().find(|c| c.id == id))
            .map(|c| c.url.clone())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub name: String,
    pub policy_id: String,
    pub admin_hours_per_month: String,
}

impl Default for PlanForm {
    fn default() -> Self {
        PlanForm {
            name: String::new(),
            policy_id: String::new(),
            admin_hours_per_month: "0".into(),
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
    pub plan: PlanForm,
    pub plan_errs: Errs,
    pub plan_action: String,
    pub sub: SubForm,
    pub sub_errs: Errs,
}

impl Forms {
    /// Blank forms posting to the create URLs.
    pub fn new() -> Forms {
        Forms {
            cal_action: "/admin/calendars".into(),
            pol_action: "/admin/policies".into(),
            plan_action: LIST.into(),
            ..Forms::default()
        }
    }

    fn status(&self) -> StatusCode {
        if self.cal_errs.any() || self.pol_errs.any() || self.plan_errs.any() || self.sub_errs.any()
        {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
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
}

impl PlansPage<'_> {
    /// "4 h · 24×7" / "45 h hábiles".
    fn target(&self, p: &PolicyView, prio: &&str) -> String {
        super::policies::target_text(self.t, p, prio)
    }

    fn week(&self, c: &CalendarView) -> Vec<(String, String)> {
        super::calendars::week_text(self.t, c)
    }
}

pub async fn render_page(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    f: Forms,
) -> Response {
    let d = match PlansData::load(svc, s).await {
        Ok(d) => d,
        Err(e) => return page::service_error(t, e),
    };
    let code = f.status();
    let res = page::render(&PlansPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        d,
        f,
    });
    with_status(res, code)
}

pub async fn render_edit(
    svc: &Service,
    s: &Session,
    t: &Tr,
    which: &'static str,
    f: Forms,
) -> Response {
    let d = match PlansData::load(svc, s).await {
        Ok(d) => d,
        Err(e) => return page::service_error(t, e),
    };
    let code = f.status();
    let res = page::render(&EditPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        d,
        f,
        which,
    });
    with_status(res, code)
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Response {
    match admin_only(&s) {
        Ok(t) => render_page(&svc, &s, &t, q.message(&t), Forms::new()).await,
        Err(r) => r,
    }
}

/// Creates (`id = None`) or updates a plan; errors re-render the list or the edit page.
async fn save_plan(svc: &Service, id: Option<i64>, f: CsrfForm<PlanForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    if !errs.any() {
        match svc.save_plan(&s.0.actor, id, &input).await {
            Ok(_) => return done(LIST, if id.is_some() { "saved" } else { "created" }),
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    let mut forms = Forms::new();
    forms.plan = f.form;
    forms.plan_errs = errs;
    match id {
        None => render_page(svc, s, &t, None, forms).await,
        Some(id) => {
            forms.plan_action = format!("/admin/plans/{id}");
            render_edit(svc, s, &t, "plan", forms).await
        }
    }
}

async fn create_plan(State(svc): State<Service>, f: CsrfForm<PlanForm>) -> Response {
    save_plan(&svc, None, f).await
}

async fn update_plan(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<PlanForm>,
) -> Response {
    save_plan(&svc, Some(id), f).await
}

async fn edit_plan(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.get_plan(id).await {
        Ok(p) => {
            let mut forms = Forms::new();
            forms.plan = PlanForm {
                name: p.name,
                policy_id: p.policy_id.to_string(),
                admin_hours_per_month: p.admin_hours_per_month.to_string(),
            };
            forms.plan_action = format!("/admin/plans/{id}");
            render_edit(&svc, &s, &t, "plan", forms).await
        }
        Err(e) => page::service_error(&t, e),
    }
}

async fn remove_plan(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    super::delete(&svc, &f.session, Deletable::Plan, id, LIST).await
}
