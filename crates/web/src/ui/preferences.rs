//! /preferences: everyone signed in chooses, per kind of notification, whether it comes by
//! e-mail and (staff only) in the app. The page lists only the kinds of the user's side.

use askama::Template;
use axum::{
    Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;
use service::{
    Service,
    notify::prefs::{PrefInput, PrefView},
};

use super::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const PATH: &str = "/preferences";

pub fn routes() -> Router<Service> {
    Router::new().route(PATH, get(show).post(save))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PrefQuery {
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "preferences.html")]
struct PrefPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    staff: bool,
    prefs: Vec<PrefView>,
}

impl PrefPage<'_> {
    fn kind_label(&self, p: &PrefView) -> String {
        self.t.label("pref-kind", p.kind.as_str())
    }

    fn kind_help(&self, p: &PrefView) -> String {
        self.t.t(&format!(
            "pref-kind-{}-help",
            p.kind.as_str().replace('_', "-")
        ))
    }
}

async fn show(State(svc): State<Service>, s: Session, Query(q): Query<PrefQuery>) -> Response {
    let t = s.tr();
    let prefs = match svc.notification_prefs(&s.0.actor).await {
        Ok(p) => p,
        Err(e) => return page::service_error(&t, e),
    };
    let flash = (q.ok.as_deref() == Some("saved")).then(|| t.t("preferences-saved"));
    page::render(&PrefPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, PATH)),
        csrf: s.0.csrf.clone(),
        flash,
        staff: s.0.actor.is_staff(),
        prefs,
    })
}

/// Checkboxes: `email.{kind}` and `in_app.{kind}` are sent only when ticked, so every kind
/// of the user's side is saved, an absent box meaning "off".
async fn save(State(svc): State<Service>, f: CsrfForm<Vec<(String, String)>>) -> Response {
    let s = &f.session;
    let t = s.tr();
    let current = match svc.notification_prefs(&s.0.actor).await {
        Ok(p) => p,
        Err(e) => return page::service_error(&t, e),
    };
    let ticked = |name: String| f.form.iter().any(|(k, _)| *k == name);
    let input = current
        .iter()
        .map(|p| {
            let kind = p.kind.as_str();
            PrefInput {
                kind: kind.to_string(),
                email: Some(ticked(format!("email.{kind}"))),
                in_app: p.in_app_available.then(|| ticked(format!("in_app.{kind}"))),
            }
        })
        .collect();
    match svc.set_notification_prefs(&s.0.actor, input).await {
        Ok(_) => Redirect::to(&format!("{PATH}?ok=saved")).into_response(),
        Err(e) => page::service_error(&t, e),
    }
}
