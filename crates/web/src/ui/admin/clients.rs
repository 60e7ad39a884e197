//! /admin/clients: the organisations under contract (name, tax id, contacts, time zone).

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::get,
};
use serde::Deserialize;
use service::{
    Service,
    admin::{clients::ClientInput, deletes::Deletable},
};

use super::{
    Errs, Flash, admin_only, chrome, delete_route, done,
    forms::items,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/clients";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/clients/{id}", get(edit).post(update))
        .route(
            "/admin/clients/{id}/delete",
            delete_route(Deletable::Client, LIST),
        )
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
    /// What each campus's contract covers (`contract/_coverage.html`).
    covs: Vec<crate::ui::contract::CoverageBlock>,
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: ClientForm,
    errs: Errs,
) -> Page {
    let page = ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        clients: svc.list_clients(&s.0.actor).await.or_page(t)?,
        form,
        errs,
        action: LIST.into(),
    };
    Ok(render_form(&page, page.errs.any()))
}

/// The edit form, and below it what each of the client's campuses gets of its contract.
async fn render_edit(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    form: ClientForm,
    errs: Errs,
) -> Page {
    let action = format!("/admin/clients/{id}");
    let covs = crate::ui::contract::CoverageBlock::client(svc, &s.0.actor, t, id)
        .await
        .or_page(t)?;
    let page = EditPage {
        t,
        chrome: chrome(s, &action),
        csrf: s.0.csrf.clone(),
        form,
        errs,
        action,
        covs,
    };
    Ok(render_form(&page, page.errs.any()))
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    render_list(&svc, &s, &t, flash, ClientForm::default(), Errs::default()).await
}

async fn create(State(svc): State<Service>, f: CsrfForm<ClientForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let input = f.form.input();
    match attempt(&t, Errs::default(), svc.create_client(&s.0.actor, &input)).await? {
        Outcome::Saved(_) => Ok(done(LIST, "created")),
        Outcome::Rejected(errs) => render_list(&svc, s, &t, None, f.form, errs).await,
    }
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let c = svc.get_client(&s.0.actor, id).await.or_page(&t)?;
    let form = ClientForm {
        name: c.name,
        tax_id: c.tax_id,
        contact_emails: c.contact_emails.join("\n"),
        time_zone: c.time_zone,
    };
    render_edit(&svc, &s, &t, id, form, Errs::default()).await
}

async fn update(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<ClientForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let input = f.form.input();
    match attempt(
        &t,
        Errs::default(),
        svc.update_client(&s.0.actor, id, &input),
    )
    .await?
    {
        Outcome::Saved(_) => Ok(done(LIST, "saved")),
        Outcome::Rejected(errs) => render_edit(&svc, s, &t, id, f.form, errs).await,
    }
}
