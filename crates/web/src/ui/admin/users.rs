//! /admin/users: staff (agents, supervisors, admins) and client admins, with their role.
//! A client admin must belong to one client; staff to none (the use case enforces both).

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    routing::{get, post},
};
use domain::user::{Locale, Role};
use serde::Deserialize;
use service::{
    Service, ServiceError,
    admin::{
        clients::ClientView,
        deletes::Deletable,
        users::{UserInput, UserView},
    },
};

use super::{
    Errs, Flash, admin_only, chrome, delete_route, done,
    forms::{NoFields, opt_id},
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome, feedback,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/users";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/users/{id}", get(edit).post(update))
        .route(
            "/admin/users/{id}/delete",
            delete_route(Deletable::User, LIST),
        )
        .route("/admin/users/{id}/deactivate", post(deactivate))
        .route("/admin/users/{id}/reactivate", post(reactivate))
        .route("/admin/users/{id}/invite", post(invite))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub client_id: String,
    pub locale: String,
    pub time_zone: String,
    /// Never echoed back into the page.
    pub password: String,
}

impl Default for UserForm {
    fn default() -> Self {
        UserForm {
            email: String::new(),
            name: String::new(),
            role: "client_admin".into(),
            client_id: String::new(),
            locale: "es".into(),
            time_zone: "America/Argentina/Buenos_Aires".into(),
            password: String::new(),
        }
    }
}

impl UserForm {
    pub fn is_role(&self, r: &&str) -> bool {
        self.role == *r
    }

    pub fn is_client(&self, id: &i64) -> bool {
        self.client_id.trim() == id.to_string()
    }

    /// A blank password: creating sends the user an invitation to choose one; editing keeps
    /// the old one.
    fn input(&self, t: &Tr, errs: &mut Errs) -> UserInput {
        let role = Role::parse(&self.role).unwrap_or_else(|| {
            errs.push("role", t.t("admin-err-invalid"));
            Role::ClientAdmin
        });
        UserInput {
            email: self.email.clone(),
            name: self.name.clone(),
            role,
            client_id: opt_id(errs, t, "client_id", &self.client_id),
            locale: Locale::parse(&self.locale).unwrap_or(Locale::Es),
            time_zone: self.time_zone.trim().to_string(),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
        }
    }
}

/// Role values in the order the select offers them.
const ROLES: [&str; 4] = ["client_admin", "agent", "supervisor", "admin"];

#[derive(Template)]
#[template(path = "admin/users.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    users: Vec<UserView>,
    clients: Vec<ClientView>,
    roles: [&'static str; 4],
    form: UserForm,
    errs: Errs,
    action: String,
    editing: bool,
    /// The signed-in admin: no delete button on their own row (the use case refuses it).
    me: i64,
}

#[derive(Template)]
#[template(path = "admin/user_edit.html")]
struct EditPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    clients: Vec<ClientView>,
    roles: [&'static str; 4],
    form: UserForm,
    errs: Errs,
    action: String,
    editing: bool,
    /// The user's id, for the "resend the invitation" form.
    user_id: i64,
}

impl ListPage<'_> {
    fn client_of(&self, u: &UserView) -> String {
        u.client_id
            .and_then(|id| self.clients.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: UserForm,
    errs: Errs,
) -> Page {
    let a = &s.0.actor;
    let page = ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        users: svc.list_users(a).await.or_page(t)?,
        clients: svc.list_clients(a).await.or_page(t)?,
        roles: ROLES,
        form,
        errs,
        action: LIST.into(),
        editing: false,
        me: a.user_id,
    };
    Ok(render_form(&page, page.errs.any()))
}

async fn render_edit(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    mut form: UserForm,
    errs: Errs,
) -> Page {
    form.password.clear();
    let action = format!("/admin/users/{id}");
    let page = EditPage {
        t,
        chrome: chrome(s, &action),
        csrf: s.0.csrf.clone(),
        clients: svc.list_clients(&s.0.actor).await.or_page(t)?,
        roles: ROLES,
        form,
        errs,
        action,
        editing: true,
        user_id: id,
    };
    Ok(render_form(&page, page.errs.any()))
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    render_list(&svc, &s, &t, flash, UserForm::default(), Errs::default()).await
}

async fn create(State(svc): State<Service>, f: CsrfForm<UserForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.create_user(Some(&s.0.actor), &input)).await? {
        Outcome::Saved(_) => Ok(done(LIST, "created")),
        Outcome::Rejected(errs) => render_list(&svc, s, &t, None, f.form, errs).await,
    }
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let u = svc.get_user(&s.0.actor, id).await.or_page(&t)?;
    let form = UserForm {
        email: u.email,
        name: u.name,
        role: u.role.as_str().into(),
        client_id: u.client_id.map(|c| c.to_string()).unwrap_or_default(),
        locale: u.locale.as_str().into(),
        time_zone: u.time_zone,
        password: String::new(),
    };
    render_edit(&svc, &s, &t, id, form, Errs::default()).await
}

async fn update(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<UserForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.update_user(&s.0.actor, id, &input)).await? {
        Outcome::Saved(_) => Ok(done(LIST, "saved")),
        Outcome::Rejected(errs) => render_edit(&svc, s, &t, id, f.form, errs).await,
    }
}

async fn deactivate(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Page {
    set_active(&svc, &f.session, id, false).await
}

async fn reactivate(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Page {
    set_active(&svc, &f.session, id, true).await
}

/// Sends the user a new invitation e-mail (a link to choose their password).
async fn invite(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    match svc.resend_invitation(&s.0.actor, id).await {
        Ok(_) => Ok(done(LIST, "invited")),
        Err(ServiceError::State { code, .. }) => Err(page::error(
            &t,
            StatusCode::CONFLICT,
            &feedback::state_message(&t, code),
        )),
        Err(e) => Err(page::service_error(&t, e)),
    }
}

async fn set_active(svc: &Service, s: &Session, id: i64, active: bool) -> Page {
    let t = admin_only(s)?;
    match svc.set_user_active(&s.0.actor, id, active).await {
        Ok(_) => Ok(done(LIST, "saved")),
        Err(ServiceError::State { code, .. }) => Err(page::error(
            &t,
            StatusCode::CONFLICT,
            &feedback::state_message(&t, code),
        )),
        Err(e) => Err(page::service_error(&t, e)),
    }
}
