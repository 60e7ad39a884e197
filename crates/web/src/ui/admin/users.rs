//! /admin/users: staff (agents, supervisors, admins) and client admins, with their role.
//! A client admin must belong to one client; staff to none (the use case enforces both).

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use domain::user::{Locale, Role};
use serde::Deserialize;
use service::{
    Service,
    admin::{
        clients::ClientView,
        deletes::Deletable,
        users::{UserInput, UserView},
    },
};

use super::{
    Errs, Flash, admin_only, chrome, done,
    forms::{NoFields, opt_id},
    with_status,
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/users";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/users/{id}", get(edit).post(update))
        .route("/admin/users/{id}/delete", post(remove))
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

    /// `creating`: a blank password is sent (and refused); editing: blank keeps the old one.
    fn input(&self, t: &Tr, errs: &mut Errs, creating: bool) -> UserInput {
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
            password: (creating || !self.password.is_empty()).then(|| self.password.clone()),
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
}

impl ListPage<'_> {
    fn client_of(&self, u: &UserView) -> String {
        u.client_id
            .and_then(|id| self.clients.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }
}

fn status(errs: &Errs) -> StatusCode {
    if errs.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: UserForm,
    errs: Errs,
) -> Response {
    let a = &s.0.actor;
    let (users, clients) = match (svc.list_users(a).await, svc.list_clients(a).await) {
        (Ok(u), Ok(c)) => (u, c),
        (Err(e), _) | (_, Err(e)) => return page::service_error(t, e),
    };
    let code = status(&errs);
    let res = page::render(&ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        users,
        clients,
        roles: ROLES,
        form,
        errs,
        action: LIST.into(),
        editing: false,
        me: a.user_id,
    });
    with_status(res, code)
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    render_list(
        &svc,
        &s,
        &t,
        q.message(&t),
        UserForm::default(),
        Errs::default(),
    )
    .await
}

async fn create(State(svc): State<Service>, f: CsrfForm<UserForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs, true);
    if !errs.any() {
        match svc.create_user(Some(&s.0.actor), &input).await {
            Ok(_) => return done(LIST, "created"),
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    render_list(&svc, s, &t, None, f.form, errs).await
}

async fn render_edit(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    mut form: UserForm,
    errs: Errs,
) -> Response {
    let clients = match svc.list_clients(&s.0.actor).await {
        Ok(c) => c,
        Err(e) => return page::service_error(t, e),
    };
    form.password.clear();
    let code = status(&errs);
    let action = format!("/admin/users/{id}");
    let res = page::render(&EditPage {
        t,
        chrome: chrome(s, &action),
        csrf: s.0.csrf.clone(),
        clients,
        roles: ROLES,
        form,
        errs,
        action,
        editing: true,
    });
    with_status(res, code)
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.get_user(&s.0.actor, id).await {
        Ok(u) => {
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
        Err(e) => page::service_error(&t, e),
    }
}

async fn update(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<UserForm>,
) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs, false);
    if !errs.any() {
        match svc.update_user(&s.0.actor, id, &input).await {
            Ok(_) => return done(LIST, "saved"),
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    render_edit(&svc, s, &t, id, f.form, errs).await
}

async fn remove(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    super::delete(&svc, &f.session, Deletable::User, id, LIST).await
}
