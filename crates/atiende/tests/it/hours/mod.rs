//! Time entries and the administration-hours bank (issue 19, items 4 and 5): entries and their
//! events, totals, the bank's consumption from `admin_hours` tickets only, the month boundary
//! in the client's zone, overage (recorded, flagged, never refused), the 80 % warning, add-ons,
//! rollover, the CSV export, tenant isolation, bad input, and the pages.

mod bad_input;
mod bank;
mod cli;
mod entries;
mod export;
mod isolation;
mod ui;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

/// A client (Buenos Aires) with a campus, its admin's token, and a plan of `hours` per month
/// (subscribed from `start`); returns (client id, plan id, client admin token).
pub(crate) async fn client_with_plan(
    app: &TestApp,
    name: &str,
    hours: i64,
    start: &str,
) -> (i64, i64, String) {
    let (cid, _, token) = app.client_with_admin(name).await;
    let plan = app
        .ok(
            "/api/v1/plans",
            &app.admin,
            json!({"name": format!("Plan {name}"), "policy_id": 1, "admin_hours_per_month": hours}),
        )
        .await;
    let plan_id = plan["id"].as_i64().expect("plan id");
    app.ok(
        "/api/v1/subscriptions",
        &app.admin,
        json!({"client_id": cid, "plan_id": plan_id, "start_date": start}),
    )
    .await;
    (cid, plan_id, token)
}

/// A ticket opened by the client admin; with `scope`, set by staff. Returns its id.
pub(crate) async fn ticket(app: &TestApp, client: &str, subject: &str, scope: Option<&str>) -> i64 {
    let t = app
        .ok(
            "/api/v1/tickets",
            client,
            json!({"category": "administrative", "priority": "low", "subject": subject, "body": "Detalle"}),
        )
        .await;
    let id = t["id"].as_i64().expect("ticket id");
    if let Some(kind) = scope {
        let (s, v) = app
            .patch(
                &format!("/api/v1/tickets/{id}"),
                &app.admin,
                json!({"scope": {"kind": kind}}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    id
}

/// Logs time; returns status and body.
pub(crate) async fn log(
    app: &TestApp,
    token: &str,
    ticket: i64,
    body: Value,
) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/tickets/{ticket}/time-entries"),
        token,
        body,
    )
    .await
}

/// Logs time that must be accepted; returns the entry.
pub(crate) async fn logged(app: &TestApp, token: &str, ticket: i64, body: Value) -> Value {
    let (s, v) = log(app, token, ticket, body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v
}

/// A client's bank for `month` ("" = the current month).
pub(crate) async fn bank(app: &TestApp, token: &str, client: i64, month: &str) -> Value {
    let q = if month.is_empty() {
        String::new()
    } else {
        format!("?month={month}")
    };
    let (s, v) = app
        .get(&format!("/api/v1/clients/{client}/hours{q}"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

/// The kinds of a ticket's events as `token` sees them.
pub(crate) async fn event_kinds(app: &TestApp, token: &str, ticket: i64) -> Vec<String> {
    let (s, v) = app
        .get(&format!("/api/v1/tickets/{ticket}/events"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Moves the clock to an RFC 3339 instant.
pub(crate) fn set_clock(app: &TestApp, at: &str) {
    app.clock.set(at.parse().expect("instant"));
}
