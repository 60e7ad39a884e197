//! The contract on every ticket (issue 19, parts 1 and 2): what a plan covers and what each
//! campus gets of it (the seed's asterisk), the scope of a ticket with a reason code, and the
//! scope suggested when a ticket is opened, accepted or overridden by an agent.

mod coverage;
mod migration;
mod plan_services;
mod scope;
mod suggestion;
mod ui;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

/// Another campus of `client_id`; returns its id.
pub(crate) async fn campus(app: &TestApp, client_id: i64, host: &str, hosted: bool) -> i64 {
    let c = app
        .ok(
            "/api/v1/campuses",
            &app.admin,
            json!({"client_id": client_id, "url": format!("https://{host}"), "platform": "Moodle",
                   "platform_version": "4.5", "hosted_by_us": hosted, "service_start_date": "2026-01-15"}),
        )
        .await;
    c["id"].as_i64().expect("campus id")
}

/// Opens a ticket as `token` on `campus`; returns the view the caller got.
pub(crate) async fn open(
    app: &TestApp,
    token: &str,
    campus: i64,
    subject: &str,
    body: &str,
) -> Value {
    app.ok(
        "/api/v1/tickets",
        token,
        json!({"campus_id": campus, "category": "functional", "priority": "low", "subject": subject, "body": body}),
    )
    .await
}

/// A 422 problem naming `field` with `code`.
pub(crate) fn refused(s: StatusCode, v: &Value, field: &str, code: &str) {
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let errors = v["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("errors: {v}"));
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == field && e["code"] == code),
        "{field}/{code} in {v}"
    );
}

/// Each service's coverage: `service → coverage`.
pub(crate) fn coverage_of(v: &Value) -> Vec<(String, String)> {
    v["services"]
        .as_array()
        .unwrap_or_else(|| panic!("services: {v}"))
        .iter()
        .map(|s| {
            (
                s["service"].as_str().unwrap().to_string(),
                s["coverage"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
