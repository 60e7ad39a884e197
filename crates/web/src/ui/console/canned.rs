//! GET/POST /console/canned: saved replies shared by all staff. Placeholders `{cliente}`,
//! `{ticket}`, `{agente}`, `{asunto}` stay raw here; the ticket page fills them.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use service::{Service, web_session::CannedView};

use super::{parse_id, staff_tr};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

#[derive(Template)]
#[template(path = "console/canned.html")]
struct CannedPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    items: Vec<CannedView>,
    error: Option<String>,
    title: String,
    body: String,
}

async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    error: Option<String>,
    title: String,
    body: String,
) -> Response {
    let items = match svc.list_canned(&s.0.actor).await {
        Ok(v) => v,
        Err(e) => return page::service_error(t, e),
    };
    let failed = error.is_some();
    let mut res = page::render(&CannedPage {
        t,
        chrome: Some(Chrome::of(&s.0, "/console/canned")),
        items,
        error,
        title,
        body,
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

pub async fn page(State(svc): State<Service>, s: Session) -> Response {
    match staff_tr(&s) {
        Ok(t) => render(&svc, &s, &t, None, String::new(), String::new()).await,
        Err(r) => r,
    }
}

#[derive(Deserialize)]
pub struct NewCanned {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub async fn create(State(svc): State<Service>, f: CsrfForm<NewCanned>) -> Response {
    let t = match staff_tr(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc
        .create_canned(&f.session.0.actor, &f.form.title, &f.form.body)
        .await
    {
        Ok(_) => Redirect::to("/console/canned").into_response(),
        Err(service::ServiceError::Invalid(errs)) => {
            let msg = crate::ui::feedback::field_errors(&t, &errs).join(" ");
            render(
                &svc,
                &f.session,
                &t,
                Some(msg),
                f.form.title.clone(),
                f.form.body.clone(),
            )
            .await
        }
        Err(e) => page::service_error(&t, e),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<Empty>,
) -> Response {
    let t = match staff_tr(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match svc.delete_canned(&f.session.0.actor, id).await {
        Ok(()) => Redirect::to("/console/canned").into_response(),
        Err(e) => page::service_error(&t, e),
    }
}
