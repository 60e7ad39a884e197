//! Campus maintenance (issue 18): records through the API, the CLI and their refusals, the
//! missing-backup watch and its staff-only ticket, upgrade eligibility and the portal's request
//! button, the Moodle site check against a local server, and tenant isolation.

mod backups;
mod cli;
mod eligibility;
mod moodle;
mod records;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

/// Another campus of `client_id`; returns its id.
pub(crate) async fn campus(
    app: &TestApp,
    client_id: i64,
    host: &str,
    hosted: bool,
    start: &str,
) -> i64 {
    let c = app
        .ok(
            "/api/v1/campuses",
            &app.admin,
            json!({"client_id": client_id, "url": format!("https://{host}"), "platform": "Moodle",
                   "platform_version": "4.5", "hosted_by_us": hosted, "service_start_date": start}),
        )
        .await;
    c["id"].as_i64().expect("campus id")
}

/// POSTs a record; returns the status and the body.
pub(crate) async fn record(
    app: &TestApp,
    token: &str,
    campus: i64,
    body: Value,
) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/campuses/{campus}/maintenance"),
        token,
        body,
    )
    .await
}

/// A campus's records as its reader sees them.
pub(crate) async fn records(app: &TestApp, token: &str, campus: i64, query: &str) -> Vec<Value> {
    let (s, v) = app
        .get(
            &format!("/api/v1/campuses/{campus}/maintenance{query}"),
            token,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("array").clone()
}
