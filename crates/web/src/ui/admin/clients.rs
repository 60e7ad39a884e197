//! /admin/clients: the organisations under contract (name, tax id, contacts, time zone).

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
    admin::{clients::ClientInput, deletes::Deletable},
};

use super::{Errs, Flash, admin_only, chrome, done, forms::items, with_status};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/clients";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/clients/{id}", get(edit).post(update))
        .route("/admin/clients/{id}/delete", post(remove))
}

/// What the client form holds, as typed (contacts one per line).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ClientForm {
    pub name: String,
    pub tax_id: String,
    pub contact_emails: String,
    pub time_zone: String,
}

impl Default for ClientForm {
    fn default() -> Self {
        ClientForm {
            name: String::new(),
            tax_id: String::new(),
            contact_emails: String::new(),
            time_zone: "America/Argentina/Buenos_Aires".into(),
        }
    }
}

impl ClientForm {
    fn input(&self) -> ClientInput {
        ClientInput {
            name: self.name.clone(),
            tax_id: self.tax_id.clone(),
            contact_emails: items(&self.contact_emails),
            time_zone: self.time_zone.trim().to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    clients: Vec<service::admin::clients::ClientView>,
    form: ClientForm,
    errs: Errs,
    action: String,
}

#[derive(Template)]
#[template(path = "admin/client_edit.html")]
struct EditPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    form: ClientForm,
    errs: Errs,
    action: String,
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: ClientForm,
    errs: Errs,
) -> Response {
    let clients = match svc.list_clients(&s.0.actor).await {
        Ok(c) => c,
        Err(e) => return page::service_error(t, e),
    };
    let status = if errs.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let res = page::render(&ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        clients,
        form,
        errs,
        action: LIST.into(),
    });
    with_status(res, status)
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
        ClientForm::default(),
        Errs::default(),
    )
    .await
}

async fn create(State(svc): State<Service>, f: CsrfForm<ClientForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.create_client(&s.0.actor, &f.form.input()).await {
        Ok(_) => done(LIST, "created"),
        Err(e) => match Errs::from_service(&t, e) {
            Ok(errs) => render_list(&svc, s, &t, None, f.form, errs).await,
            Err(r) => r,
        },
    }
}

fn render_edit(s: &Session, t: &Tr, id: i64, form: ClientForm, errs: Errs) -> Response {
    let status = if errs.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let action = format!("/admin/clients/{id}");
    let res = page::render(&EditPage {
        t,
        chrome: chrome(s, &action),
        csrf: s.0.csrf.clone(),
        form,
        errs,
        action,
    });
    with_status(res, status)
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.get_client(&s.0.actor, id).await {
        Ok(c) => {
            let form = ClientForm {
                name: c.name,
                tax_id: c.tax_id,
                contact_emails: c.contact_emails.join("\n"),
                time_zone: c.time_zone,
            };
            render_edit(&s, &t, id, form, Errs::default())
        }
        Err(e) => page::service_error(&t, e),
    }
}

async fn update(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<ClientForm>,
) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.update_client(&s.0.actor, id, &f.form.input()).await {
        Ok(_) => done(LIST, "saved"),
        Err(e) => match Errs::from_service(&t, e) {
            Ok(errs) => render_edit(s, &t, id, f.form, errs),
            Err(r) => r,
        },
    }
}

async fn remove(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<super::forms::NoFields>,
) -> Response {
    super::delete(&svc, &f.session, Deletable::Client, id, LIST).await
}
