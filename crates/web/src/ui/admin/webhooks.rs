//! /admin/webhooks: outgoing webhooks — the endpoints (URL, description, events, active), the
//! signing secret (shown once, on the response that creates or rotates it: those pages are
//! never cached), and each endpoint's delivery log with redelivery.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    webhooks::{DeliveryDetail, DeliveryFilter, DeliveryView, EVENTS, WebhookInput, WebhookView},
};

use super::{
    Errs, Flash, admin_only, chrome, done,
    forms::NoFields,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/webhooks";
const STATES: [&str; 3] = ["pending", "delivered", "failed"];

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/webhooks/{id}", get(show).post(update))
        .route("/admin/webhooks/{id}/rotate", post(rotate))
        .route("/admin/webhooks/{id}/delete", post(delete))
        .route("/admin/webhook-deliveries/{id}", get(delivery))
        .route("/admin/webhook-deliveries/{id}/redeliver", post(redeliver))
}

/// The endpoint form as typed. Each event is its own checkbox (`event:<name>`), since a form
/// body repeats no name here.
#[derive(Debug, Clone)]
pub struct WebhookForm {
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub active: bool,
}

impl Default for WebhookForm {
    fn default() -> Self {
        WebhookForm {
            url: String::new(),
            description: String::new(),
            events: Vec::new(),
            active: true,
        }
    }
}

impl WebhookForm {
    fn from_fields(f: &BTreeMap<String, String>) -> WebhookForm {
        let text = |k: &str| f.get(k).cloned().unwrap_or_default();
        WebhookForm {
            url: text("url"),
            description: text("description"),
            events: f
                .keys()
                .filter_map(|k| k.strip_prefix("event:"))
                .map(str::to_string)
                .collect(),
            active: f.contains_key("active"),
        }
    }

    fn from_view(v: &WebhookView) -> WebhookForm {
        WebhookForm {
            url: v.url.clone(),
            description: v.description.clone(),
            events: v.events.clone(),
            active: v.active,
        }
    }

    fn input(&self) -> WebhookInput {
        WebhookInput {
            url: self.url.clone(),
            description: self.description.clone(),
            events: self.events.clone(),
            active: self.active,
        }
    }

    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event)
    }
}

/// Every event with the key of its description (`ticket.sla_warning` →
/// `webhooks-event-ticket-sla-warning`).
fn event_choices() -> Vec<(&'static str, String)> {
    EVENTS
        .iter()
        .map(|e| (*e, format!("webhooks-event-{}", e.replace(['.', '_'], "-"))))
        .collect()
}

#[derive(Template)]
#[template(path = "admin/webhooks.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    hooks: Vec<WebhookView>,
    form: WebhookForm,
    errs: Errs,
    events: Vec<(&'static str, String)>,
    /// The endpoint just created and its secret: shown once, on this response only.
    created: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "admin/webhook_edit.html")]
struct EditPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    hook: WebhookView,
    form: WebhookForm,
    errs: Errs,
    events: Vec<(&'static str, String)>,
    /// A secret just issued by a rotation: shown once, on this response only.
    secret: Option<String>,
    deliveries: Vec<DeliveryView>,
    /// The state the log is filtered by ("" = all).
    state: String,
    states: [&'static str; 3],
}

#[derive(Template)]
#[template(path = "admin/webhook_delivery.html")]
struct DeliveryPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    hook: WebhookView,
    d: DeliveryDetail,
    /// The body, indented for reading (the exact bytes sent are in the API's `body`).
    pretty: String,
}

/// Pages that may carry a secret are never cached.
fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn render_list(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: WebhookForm,
    errs: Errs,
    created: Option<(i64, String)>,
) -> Page {
    let page = ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        hooks: svc.list_webhooks(&s.0.actor).await.or_page(t)?,
        form,
        errs,
        events: event_choices(),
        created,
    };
    Ok(no_store(render_form(&page, page.errs.any())))
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    render_list(
        &svc,
        &s,
        &t,
        flash,
        WebhookForm::default(),
        Errs::default(),
        None,
    )
    .await
}

async fn create(State(svc): State<Service>, f: CsrfForm<BTreeMap<String, String>>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let form = WebhookForm::from_fields(&f.form);
    let input = form.input();
    match attempt(&t, Errs::default(), svc.create_webhook(&s.0.actor, &input)).await? {
        Outcome::Saved(c) => {
            let created = Some((c.webhook.id, c.secret));
            let blank = WebhookForm::default();
            render_list(&svc, s, &t, None, blank, Errs::default(), created).await
        }
        Outcome::Rejected(errs) => render_list(&svc, s, &t, None, form, errs, None).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ShowQuery {
    ok: Option<String>,
    state: String,
}

/// What the endpoint's page shows besides the endpoint.
#[derive(Default)]
struct Shown {
    flash: Option<String>,
    form: Option<WebhookForm>,
    errs: Errs,
    secret: Option<String>,
    state: String,
}

async fn render_edit(svc: &Service, s: &Session, t: &Tr, id: i64, shown: Shown) -> Page {
    let a = &s.0.actor;
    let hook = svc.get_webhook(a, id).await.or_page(t)?;
    let state = shown.state.trim();
    let filter = DeliveryFilter {
        state: STATES.contains(&state).then(|| state.to_string()),
        before: None,
        limit: Some(100),
    };
    let deliveries = svc
        .list_webhook_deliveries(a, id, &filter)
        .await
        .or_page(t)?;
    let page = EditPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash: shown.flash,
        form: shown.form.unwrap_or_else(|| WebhookForm::from_view(&hook)),
        hook,
        errs: shown.errs,
        events: event_choices(),
        secret: shown.secret,
        deliveries,
        state: filter.state.unwrap_or_default(),
        states: STATES,
    };
    Ok(no_store(render_form(&page, page.errs.any())))
}

async fn show(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Page {
    let t = admin_only(&s)?;
    let flash = Flash { ok: q.ok }.message(&t);
    let shown = Shown {
        flash,
        state: q.state,
        ..Shown::default()
    };
    render_edit(&svc, &s, &t, id, shown).await
}

async fn update(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<BTreeMap<String, String>>,
) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let form = WebhookForm::from_fields(&f.form);
    let input = form.input();
    match attempt(
        &t,
        Errs::default(),
        svc.update_webhook(&s.0.actor, id, &input),
    )
    .await?
    {
        Outcome::Saved(_) => Ok(done(&format!("{LIST}/{id}"), "saved")),
        Outcome::Rejected(errs) => {
            let shown = Shown {
                form: Some(form),
                errs,
                ..Shown::default()
            };
            render_edit(&svc, s, &t, id, shown).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RotateForm {
    /// Checked: the old secret stops signing at once (it leaked).
    expire_previous: Option<String>,
}

async fn rotate(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<RotateForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let hours = f.form.expire_previous.is_some().then_some(0);
    let c = svc
        .rotate_webhook_secret(&s.0.actor, id, hours)
        .await
        .or_page(&t)?;
    let shown = Shown {
        secret: Some(c.secret),
        ..Shown::default()
    };
    render_edit(&svc, s, &t, id, shown).await
}

async fn delete(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.delete_webhook(&s.0.actor, id).await.or_page(&t)?;
    Ok(done(LIST, "deleted"))
}

async fn delivery(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<Flash>,
) -> Page {
    let t = admin_only(&s)?;
    let a = &s.0.actor;
    let d = svc.get_webhook_delivery(a, id).await.or_page(&t)?;
    let hook = svc
        .get_webhook(a, d.delivery.webhook_id)
        .await
        .or_page(&t)?;
    let pretty = serde_json::from_str::<serde_json::Value>(&d.body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| d.body.clone());
    let page = DeliveryPage {
        t: &t,
        chrome: chrome(&s, LIST),
        csrf: s.0.csrf.clone(),
        flash: q.message(&t),
        hook,
        d,
        pretty,
    };
    Ok(no_store(render_form(&page, false)))
}

async fn redeliver(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.redeliver_webhook(&s.0.actor, id).await.or_page(&t)?;
    Ok(done(
        &format!("/admin/webhook-deliveries/{id}"),
        "redelivered",
    ))
}
