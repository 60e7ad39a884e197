//! Subscriptions (on the /admin/plans screen): a client, or one of its campuses, takes a plan
//! from a start date (00:00 in the client's zone). No edit: a change is a new subscription,
//! since the latest start wins and open tickets keep the policy they were opened under.

use axum::{
    Router,
    extract::{Path, State},
    response::Response,
    routing::post,
};
use serde::Deserialize;
use service::{
    Service,
    admin::{deletes::Deletable, policies::SubscriptionInput},
};

use super::{
    Errs, admin_only, done,
    forms::{NoFields, opt_id, req_id},
    plans::{Forms, LIST, render_page},
};
use crate::ui::session::CsrfForm;

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/subscriptions", post(create_subscription))
        .route(
            "/admin/subscriptions/{id}/delete",
            post(remove_subscription),
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
}

async fn create_subscription(State(svc): State<Service>, f: CsrfForm<SubForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let input = SubscriptionInput {
        client_id: req_id(&mut errs, &t, "client_id", &f.form.client_id),
        campus_id: opt_id(&mut errs, &t, "campus_id", &f.form.campus_id),
        plan_id: req_id(&mut errs, &t, "plan_id", &f.form.plan_id),
        start_date: f.form.start_date.trim().to_string(),
    };
    if !errs.any() {
        match svc.create_subscription(&s.0.actor, &input).await {
            Ok(_) => return done(LIST, "created"),
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    let mut forms = Forms::new();
    forms.sub = f.form;
    forms.sub_errs = errs;
    render_page(&svc, s, &t, None, forms).await
}

async fn remove_subscription(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    super::delete(&svc, &f.session, Deletable::Subscription, id, LIST).await
}
