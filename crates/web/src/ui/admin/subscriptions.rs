//! Subscriptions (on the /admin/plans screen): a client, or one of its campuses, takes a plan
//! from a start date (00:00 in the client's zone). No edit: a change is a new subscription,
//! since the latest start wins and open tickets keep the policy they were opened under.

use axum::{
    Router,
    extract::State,
    http::header,
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    admin::{deletes::Deletable, policies::SubscriptionInput},
};

use super::{
    Errs, admin_only, delete_route,
    forms::{opt_id, req_id},
    plans::{LIST, after_save},
    screen::{Page, attempt},
};
use crate::ui::session::CsrfForm;

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/subscriptions", post(create_subscription))
        .route(
            "/admin/subscriptions.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "max-age=300"),
                    ],
                    SCRIPT,
                )
            }),
        )
        .route(
            "/admin/subscriptions/{id}/delete",
            delete_route(Deletable::Subscription, LIST),
        )
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SubForm {
    pub client_id: String,
    pub campus_id: String,
    pub plan_id: String,
    pub start_date: String,
}

impl SubForm {
    pub fn is_client(&self, id: &i64) -> bool {
        self.client_id.trim() == id.to_string()
    }
    pub fn is_campus(&self, id: &i64) -> bool {
        self.campus_id.trim() == id.to_string()
    }
    pub fn is_plan(&self, id: &i64) -> bool {
        self.plan_id.trim() == id.to_string()
    }

    /// Whether the campus list offers campuses of `client`: once a client is chosen (the form
    /// came back with errors), only its own; before, all of them (the page's script narrows
    /// the list as the client is picked).
    pub fn offers(&self, client: &i64) -> bool {
        let chosen = self.client_id.trim();
        chosen.is_empty() || chosen.parse::<i64>().is_err() || self.is_client(client)
    }
}

/// The subscription form's script (external: the pages allow no inline script).
const SCRIPT: &str = include_str!("../../../static/admin-subscriptions.js");

async fn create_subscription(State(svc): State<Service>, f: CsrfForm<SubForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = SubscriptionInput {
        client_id: req_id(&mut errs, &t, "client_id", &f.form.client_id),
        campus_id: opt_id(&mut errs, &t, "campus_id", &f.form.campus_id),
        plan_id: req_id(&mut errs, &t, "plan_id", &f.form.plan_id),
        start_date: f.form.start_date.trim().to_string(),
    };
    let outcome = attempt(&t, errs, svc.create_subscription(&s.0.actor, &input)).await?;
    after_save(&svc, s, &t, None, outcome, |forms, errs| {
        forms.sub = f.form;
        forms.sub_errs = errs;
    })
    .await
}
