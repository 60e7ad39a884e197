//! /admin/campuses: each client's virtual campuses (URL, platform, `hosted_by_us`, start date).
//! A campus never moves to another client, so the edit form shows its client read-only.

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
        clients::{CampusInput, CampusView, ClientView},
        deletes::Deletable,
    },
};

use super::{
    Errs, Flash, admin_only, chrome, delete_route, done,
    forms::req_id,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    campus_maintenance::MaintenanceBlock,
    i18n::Tr,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/campuses";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/campuses/{id}", get(edit).post(update))
        .route(
            "/admin/campuses/{id}/delete",
            delete_route(Deletable::Campus, LIST),
        )
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CampusForm {
    pub client_id: String,
    pub url: String,
    pub platform: String,
    pub platform_version: String,
    /// A checkbox: present ("on") when ticked.
    pub hosted_by_us: Option<String>,
    pub service_start_date: String,
}

impl Default for CampusForm {
    fn default() -> Self {
        CampusForm {
            client_id: String::new(),
            url: "https://".into(),
            platform: "Moodle".into(),
            platform_version: String::new(),
            hosted_by_us: Some("on".into()),
            service_start_date: String::new(),
        }
    }
}

impl CampusForm {
    pub fn hosted(&self) -> bool {
        self.hosted_by_us.is_some()
    }

    pub fn is_client(&self, id: &i64) -> bool {
        self.client_id.trim() == id.to_string()
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> CampusInput {
        CampusInput {
            client_id: req_id(errs, t, "client_id", &self.client_id),
            url: self.url.trim().to_string(),
            platform: self.platform.clone(),
            platform_version: self.platform_version.clone(),
            hosted_by_us: self.hosted(),
            service_start_date: self.service_start_date.trim().to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/campuses.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    campuses: Vec<CampusView>,
    clients: Vec<ClientView>,
    form: CampusForm,
    errs: Errs,
    action: String,
    editing: bool,
}

#[derive(Template)]
#[template(path = "admin/campus_edit.html")]
struct EditPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    clients: Vec<ClientView>,
    form: CampusForm,
    errs: Errs,
    action: String,
    editing: bool,
    /// The campus's maintenance (the shared partial).
    maint: Option<MaintenanceBlock>,
    /// What the campus's contract covers (`contract/_coverage.html`).
    cov: Option<crate::ui::contract::CoverageBlock>,
}

/// Client names for the list and the read-only edit field.
fn client_name(clients: &[ClientView], id: i64) -> String {
    clients
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

impl ListPage<'_> {
    fn name_of(&self, id: &i64) -> String {
        client_name(&self.clients, *id)
    }

    fn current_client(&self) -> String {
        client_name(&self.clients, self.form.client_id.parse().unwrap_or(0))
    }
}

impl EditPage<'_> {
    fn current_client(&self) -> String {
        client_name(&self.clients, self.form.client_id.parse().unwrap_or(0))
    }
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: CampusForm,
    errs: Errs,
) -> Page {
    let a = &s.0.actor;
    let page = ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        campuses: svc.list_campuses(a, None).await.or_page(t)?,
        clients: svc.list_clients(a).await.or_page(t)?,
        form,
        errs,
        action: LIST.into(),
        editing: false,
    };
    Ok(render_form(&page, page.errs.any()))
}

async fn render_edit(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    form: CampusForm,
    errs: Errs,
) -> Page {
    let action = format!("/admin/campuses/{id}");
    let timeline = svc.maintenance_timeline(&s.0.actor, id).await.or_page(t)?;
    let page = EditPage {
        t,
        chrome: chrome(s, &action),
        csrf: s.0.csrf.clone(),
        clients: svc.list_clients(&s.0.actor).await.or_page(t)?,
        form,
        errs,
        action,
        editing: true,
        maint: Some(MaintenanceBlock::of(t, &timeline, true)),
        cov: Some(
            crate::ui::contract::CoverageBlock::campus(svc, &s.0.actor, t, id)
                .await
                .or_page(t)?,
        ),
    };
    Ok(render_form(&page, page.errs.any()))
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    render_list(&svc, &s, &t, flash, CampusForm::default(), Errs::default()).await
}

async fn create(State(svc): State<Service>, f: CsrfForm<CampusForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.create_campus(&s.0.actor, &input)).await? {
        Outcome::Saved(_) => Ok(done(LIST, "created")),
        Outcome::Rejected(errs) => render_list(&svc, s, &t, None, f.form, errs).await,
    }
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let c = svc.get_campus(&s.0.actor, id).await.or_page(&t)?;
    let form = CampusForm {
        client_id: c.client_id.to_string(),
        url: c.url,
        platform: c.platform,
        platform_version: c.platform_version,
        hosted_by_us: c.hosted_by_us.then(|| "on".into()),
        service_start_date: c.service_start_date,
    };
    render_edit(&svc, &s, &t, id, form, Errs::default()).await
}

async fn update(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<CampusForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.update_campus(&s.0.actor, id, &input)).await? {
        Outcome::Saved(_) => Ok(done(LIST, "saved")),
        Outcome::Rejected(errs) => render_edit(&svc, s, &t, id, f.form, errs).await,
    }
}
