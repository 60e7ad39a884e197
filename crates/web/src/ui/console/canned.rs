//! /console/canned: saved replies. Personal ones only their owner sees; shared ones all staff
//! use, and only the owner or an admin edits. Placeholders stay raw here (the ticket page
//! fills them); unknown ones are refused on save with the list of valid ones.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use service::{
    Service, ServiceError,
    canned::{CannedView, PLACEHOLDERS, unknown_placeholders},
};

use super::{actions::explain_fields, parse_id, staff_tr};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

/// The form's content, as typed (kept when the form comes back with an error).
#[derive(Default, Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    /// Checkbox: present means shared with all staff.
    shared: Option<String>,
}

#[derive(Template)]
#[template(path = "console/canned.html")]
struct CannedPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    items: Vec<CannedView>,
    errors: Vec<String>,
    /// `Some(id)` while editing that reply; the form then posts to it.
    editing: Option<i64>,
    title: String,
    body: String,
    shared: bool,
    placeholders: String,
}

/// "Marcadores desconocidos: {x}. Válidos: {nombre}, …" in the user's language.
fn placeholder_message(t: &Tr, text: &str) -> String {
    format!(
        "{} {}. {} {}",
        t.t("console2-canned-unknown"),
        unknown_placeholders(text).join(", "),
        t.t("console2-canned-valid"),
        PLACEHOLDERS.join(", ")
    )
}

async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    editing: Option<i64>,
    form: CannedForm,
    errors: Vec<String>,
) -> Response {
    let items = match svc.list_canned(&s.0.actor).await {
        Ok(v) => v,
        Err(e) => return page::service_error(t, e),
    };
    let failed = !errors.is_empty();
    let path = match editing {
        Some(id) => format!("/console/canned/{id}"),
        None => "/console/canned".into(),
    };
    let mut res = page::render(&CannedPage {
        t,
        chrome: Some(Chrome::of(&s.0, &path)),
        items,
        errors,
        editing,
        title: form.title,
        body: form.body,
        shared: form.shared.is_some(),
        placeholders: PLACEHOLDERS.join(" "),
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

pub async fn page(State(svc): State<Service>, s: Session) -> Response {
    match staff_tr(&s) {
        Ok(t) => {
            let blank = CannedForm {
                shared: Some("on".into()),
                ..Default::default()
            };
            render(&svc, &s, &t, None, blank, Vec::new()).await
        }
        Err(r) => r,
    }
}

/// GET /console/canned/{id}: the list with that reply in the form, for editing.
pub async fn edit_page(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match svc.get_canned(&s.0.actor, id).await {
        Ok(c) if c.editable => {
            let form = CannedForm {
                title: c.title,
                body: c.body,
                shared: c.shared.then(|| "on".into()),
            };
            render(&svc, &s, &t, Some(id), form, Vec::new()).await
        }
        Ok(_) => page::service_error(
            &t,
            ServiceError::Forbidden("only its owner or an administrator changes a shared reply"),
        ),
        Err(e) => page::service_error(&t, e),
    }
}

/// The saved-replies page again with the refusal, or back to the list.
async fn saved(
    svc: &Service,
    f: CsrfForm<CannedForm>,
    t: &Tr,
    editing: Option<i64>,
    r: Result<(), ServiceError>,
) -> Response {
    match r {
        Ok(()) => Redirect::to("/console/canned").into_response(),
        Err(ServiceError::Invalid(errs)) => {
            let msgs = errs
                .iter()
                .map(|e| {
                    if e.code == "unknown_placeholder" {
                        let text = if e.field == "title" {
                            &f.form.title
                        } else {
                            &f.form.body
                        };
                        format!(
                            "{}: {}",
                            t.t(&format!("canned-field-{}", e.field)),
                            placeholder_message(t, text)
                        )
                    } else {
                        explain_fields(t, std::slice::from_ref(e)).join("")
                    }
                })
                .collect();
            render(svc, &f.session, t, editing, f.form, msgs).await
        }
        Err(e) => page::service_error(t, e),
    }
}

pub async fn create(State(svc): State<Service>, f: CsrfForm<CannedForm>) -> Response {
    let t = match staff_tr(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let r = svc
        .create_canned(
            &f.session.0.actor,
            &f.form.title,
            &f.form.body,
            f.form.shared.is_some(),
        )
        .await
        .map(|_| ());
    saved(&svc, f, &t, None, r).await
}

pub async fn update(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<CannedForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let r = svc
        .update_canned(
            &f.session.0.actor,
            id,
            &f.form.title,
            &f.form.body,
            f.form.shared.is_some(),
        )
        .await;
    saved(&svc, f, &t, Some(id), r).await
}

pub async fn delete(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    match svc.delete_canned(&f.session.0.actor, id).await {
        Ok(()) => Redirect::to("/console/canned").into_response(),
        Err(e) => page::service_error(&t, e),
    }
}
