//! Bad input on every new endpoint: 4xx problem+json naming the field, nothing written.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{client_with_plan, event_kinds, logged, ticket};
use crate::{both_backends, harness::TestApp};

const PROBLEM: &str = "application/problem+json";

/// Sends `body` and checks the problem answer names `field`.
async fn refused(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    status: StatusCode,
    field: &str,
) {
    let mut req = app
        .http
        .request(method.clone(), format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some(b) = &body {
        req = req.json(b);
    }
    let res = req.send().await.expect("request");
    let s = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = res.text().await.expect("body");
    assert_eq!(s, status, "{method} {path} {body:?}: {text}");
    assert_eq!(ct, PROBLEM, "{text}");
    let v: Value = serde_json::from_str(&text).expect("problem json");
    if !field.is_empty() {
        let fields: Vec<&str> = v["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            fields.contains(&field),
            "{method} {path} {body:?} should name {field}: {v}"
        );
    }
}

both_backends! {
    async fn every_field_of_entries_and_add_ons_is_checked_and_nothing_is_written(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 10, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let (_, supervisor) = app.staff("sara@atiende.test", "supervisor").await;
        let client_user = app.get("/api/v1/me", &client).await.1["id"].as_i64().unwrap();
        let t = ticket(&app, &client, "Cursos", Some("admin_hours")).await;
        let path = format!("/api/v1/tickets/{t}/time-entries");
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        let long = "x".repeat(domain::limits::REASON_MAX + 1);
        for (body, field) in [
            (json!({}), "minutes"),
            (json!({"minutes": 0}), "minutes"),
            (json!({"minutes": 1441}), "minutes"),
            (json!({"minutes": -30}), "minutes"),
            (json!({"minutes": "una hora"}), "minutes"),
            (json!({"minutes": 1.5}), "minutes"),
            (json!({"minutes": 30, "work_date": "2026-13-01"}), "work_date"),
            (json!({"minutes": 30, "work_date": "02/11/2026"}), "work_date"),
            (json!({"minutes": 30, "work_date": "2026-11-03"}), "work_date"),
            (json!({"minutes": 30, "work_date": "1999-12-31"}), "work_date"),
            (json!({"minutes": 30, "work_date": 20261102}), "work_date"),
            (json!({"minutes": 30, "note": long}), "note"),
            (json!({"minutes": 30, "note": "a\u{0}b"}), "note"),
            (json!({"minutes": 30, "note": "bell\u{7}"}), "note"),
            (json!({"minutes": 30, "billable": "sí"}), "billable"),
            (json!({"minutes": 30, "visible_to_client": 1}), "visible_to_client"),
            (json!({"minutes": 30, "agent_id": "ana"}), "agent_id"),
            (json!({"minutes": 30, "hours": 1}), "hours"),
        ] {
            refused(&app, Method::POST, &path, &agent, Some(body), unprocessable, field).await;
        }
        // Someone who is not an active staff member cannot have done the work.
        for who in [client_user, 999_999] {
            refused(&app, Method::POST, &path, &supervisor, Some(json!({"minutes": 30, "agent_id": who})), unprocessable, "agent_id").await;
        }
        refused(&app, Method::POST, &path, &agent, Some(json!({"minutes": 30, "agent_id": client_user})), StatusCode::FORBIDDEN, "").await;
        let (_, tt) = app.get(&path, &agent).await;
        assert_eq!(tt["totals"]["entries"], 0, "nothing was written: {tt}");
        assert!(!event_kinds(&app, &agent, t).await.iter().any(|k| k.starts_with("time_")));

        // Changes.
        let e = logged(&app, &agent, t, json!({"minutes": 30, "note": "bien"})).await;
        let one = format!("/api/v1/time-entries/{}", e["id"]);
        for (body, field) in [
            (json!({"minutes": 0}), "minutes"),
            (json!({"minutes": null, "work_date": "mañana"}), "work_date"),
            (json!({"note": "a\u{0}"}), "note"),
            (json!({"billable": "no"}), "billable"),
            (json!({"ticket_id": 3}), "ticket_id"),
        ] {
            refused(&app, Method::PATCH, &one, &agent, Some(body), unprocessable, field).await;
        }
        let (_, after) = app.get(&one, &agent).await;
        assert_eq!((after["minutes"].as_i64(), after["note"].as_str()), (Some(30), Some("bien")));
        assert_eq!(event_kinds(&app, &agent, t).await.iter().filter(|k| k.starts_with("time_")).count(), 1);

        // Add-ons.
        let addons = format!("/api/v1/clients/{cid}/hours/addons");
        for (body, field) in [
            (json!({"hours": 2}), "month"),
            (json!({"month": "2026-11"}), "hours"),
            (json!({"month": "2026-1", "hours": 2}), "month"),
            (json!({"month": "2026-13", "hours": 2}), "month"),
            (json!({"month": "noviembre", "hours": 2}), "month"),
            (json!({"month": "2026-11", "hours": 0}), "hours"),
            (json!({"month": "2026-11", "hours": -1}), "hours"),
            (json!({"month": "2026-11", "hours": 0.01}), "hours"),
            (json!({"month": "2026-11", "hours": 10001}), "hours"),
            (json!({"month": "2026-11", "hours": "dos"}), "hours"),
            (json!({"month": "2026-11", "hours": 2, "note": long}), "note"),
            (json!({"month": "2026-11", "hours": 2, "note": "\u{0}"}), "note"),
            (json!({"month": "2026-11", "hours": 2, "client_id": 1}), "client_id"),
        ] {
            refused(&app, Method::POST, &addons, &app.admin, Some(body), unprocessable, field).await;
        }
        let (_, list) = app.get(&addons, &app.admin).await;
        assert_eq!(list, json!([]), "nothing was written");
        let a = app.ok(&addons, &app.admin, json!({"month": "2026-11", "hours": 2})).await;
        let one = format!("/api/v1/hours/addons/{}", a["id"]);
        for (body, field) in [
            (json!({"month": "2026-11-01"}), "month"),
            (json!({"hours": 0.001}), "hours"),
            (json!({"note": "\u{1b}[31m"}), "note"),
        ] {
            refused(&app, Method::PATCH, &one, &app.admin, Some(body), unprocessable, field).await;
        }
        let (_, after) = app.get(&one, &app.admin).await;
        assert_eq!((after["minutes"].as_i64(), after["month"].as_str()), (Some(120), Some("2026-11")));

        // Query strings.
        for path in [
            format!("/api/v1/clients/{cid}/hours?month=2026-00"),
            format!("/api/v1/clients/{cid}/hours/addons?month=11-2026"),
            "/api/v1/time-entries?month=2026".to_string(),
            "/api/v1/time-entries/totals?month=x".to_string(),
            "/api/v1/hours/report?month=2026-1".to_string(),
        ] {
            refused(&app, Method::GET, &path, &app.admin, None, unprocessable, "month").await;
        }
        refused(&app, Method::GET, "/api/v1/hours/report", &app.admin, None, unprocessable, "").await;
        refused(&app, Method::GET, "/api/v1/time-entries?client_id=abc", &app.admin, None, unprocessable, "").await;
        refused(&app, Method::GET, "/api/v1/clients/999999/hours", &app.admin, None, StatusCode::NOT_FOUND, "").await;
        refused(&app, Method::GET, "/api/v1/time-entries/999999", &app.admin, None, StatusCode::NOT_FOUND, "").await;
        refused(&app, Method::POST, "/api/v1/tickets/999999/time-entries", &agent, Some(json!({"minutes": 5})), StatusCode::NOT_FOUND, "").await;
    }
}
