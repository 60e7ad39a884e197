//! Quotes on out-of-scope tickets (issue 19, part 3), through the real API and pages on both
//! engines with the set clock: sending pauses the clock as any wait on the client does, the
//! client's approval or rejection resumes it (due time moved by exactly the paused time), an
//! expired quote is marked without touching the ticket, refusals name the field and write
//! nothing, and no client reaches another's quotes.

mod clock;
mod notices;
mod refusals;
mod ui;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

pub(crate) const H: i64 = 3600;

/// A client admin's medium ticket (opened at t0, due 48 h later) that an agent has scoped
/// out of the contract.
pub(crate) struct Setup {
    pub client: String,
    pub agent_id: i64,
    pub agent: String,
    pub ticket: i64,
}

impl Setup {
    pub fn path(&self) -> String {
        format!("/api/v1/tickets/{}", self.ticket)
    }

    pub fn quotes(&self) -> String {
        format!("/api/v1/tickets/{}/quotes", self.ticket)
    }
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let (_, _, client) = app.client_with_admin("Norte").await;
    let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
    let t = app
        .ok(
            "/api/v1/tickets",
            &client,
            json!({"category": "administrative", "priority": "medium",
                   "subject": "Cursos nuevos", "body": "Necesitamos crear 40 cursos y matricular a los alumnos"}),
        )
        .await;
    let ticket = t["id"].as_i64().expect("id");
    let s = Setup {
        client,
        agent_id,
        agent,
        ticket,
    };
    set_scope(app, &s, "out_of_scope").await;
    s
}

/// Scopes the ticket (`out_of_scope` with the custom-development reason, or another kind).
pub(crate) async fn set_scope(app: &TestApp, s: &Setup, kind: &str) {
    let scope = if kind == "out_of_scope" {
        json!({"kind": kind, "reason": "custom_development"})
    } else {
        json!({"kind": kind})
    };
    let (st, v) = app
        .patch(&s.path(), &s.agent, json!({ "scope": scope }))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

/// Valid terms: 12 h 30 min, ARS 150 000,00, valid until `until` (client's calendar).
pub(crate) fn terms(until: &str) -> Value {
    json!({"description": "Crear 40 cursos y matricular a los alumnos desde la planilla",
           "hours": 12.5, "amount_minor": 15_000_000, "currency": "ARS", "valid_until": until})
}

/// Sends a quote that must be accepted; returns it.
pub(crate) async fn send(app: &TestApp, s: &Setup, body: Value) -> Value {
    let (st, v) = app.post(&s.quotes(), &s.agent, body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v
}

pub(crate) async fn ticket(app: &TestApp, s: &Setup) -> Value {
    let (st, v) = app.get(&s.path(), &s.agent).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

/// The ticket's event kinds, oldest first.
pub(crate) async fn event_kinds(app: &TestApp, s: &Setup, token: &str) -> Vec<String> {
    events(app, s, token)
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

pub(crate) async fn events(app: &TestApp, s: &Setup, token: &str) -> Vec<Value> {
    let (st, v) = app.get(&format!("{}/events", s.path()), token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v.as_array().expect("events").clone()
}

pub(crate) async fn outbox(app: &TestApp) -> Vec<Value> {
    let (st, v) = app.get("/api/v1/outbox", &app.admin).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v.as_array().expect("outbox").clone()
}

pub(crate) async fn quotes_of(app: &TestApp, s: &Setup, token: &str) -> Vec<Value> {
    let (st, v) = app.get(&s.quotes(), token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v.as_array().expect("quotes").clone()
}
