//! A business-hours plan set up through the API: lunch break, weekend, holiday, Madrid's zone;
//! pinned policy versions; a campus subscription beating the client's.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

const H: i64 = 3600;

fn at(app: &TestApp, instant: &str) {
    app.clock.set(instant.parse().expect("instant"));
}

fn targets(low: i64, medium: i64, high: i64) -> Value {
    json!({
        "low": {"target_seconds": low, "clock": "business"},
        "medium": {"target_seconds": medium, "clock": "business"},
        "high": {"target_seconds": high, "clock": "business"},
        "urgent": {"target_seconds": 4 * H, "clock": "calendar"},
    })
}

/// Calendar + policy + plan; returns (policy id, plan id).
pub(crate) async fn business_plan(app: &TestApp) -> (i64, i64) {
    let day = json!([["09:00", "13:00"], ["14:00", "18:00"]]);
    let cal = app
        .ok("/api/v1/calendars", &app.admin, json!({"name": "Madrid oficina", "spec": {"time_zone": "Europe/Madrid",
            "weekly": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "holidays": ["2026-11-09"]}}))
        .await;
    let policy = app
        .ok("/api/v1/policies", &app.admin, json!({"name": "Horario laboral", "calendar_id": cal["id"], "targets": targets(45 * H, 18 * H, 9 * H)}))
        .await;
    assert_eq!(policy["version"], 1);
    let plan = app
        .ok(
            "/api/v1/plans",
            &app.admin,
            json!({"name": "Laboral", "policy_id": policy["id"]}),
        )
        .await;
    (policy["id"].as_i64().unwrap(), plan["id"].as_i64().unwrap())
}

async fn open(app: &TestApp, token: &str, priority: &str, campus: Option<i64>) -> Value {
    let (s, v) = app
        .post("/api/v1/tickets", token, json!({"campus_id": campus, "category": "technical", "priority": priority, "subject": "Caído", "body": "x"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v
}

async fn sla(app: &TestApp, id: &Value, token: &str) -> Value {
    let (s, v) = app.get(&format!("/api/v1/tickets/{id}"), token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["sla"].clone()
}

both_backends! {
    async fn high_ticket_skips_weekend_and_holiday(app) {
        let (cid, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (_, plan) = business_plan(&app).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": plan, "start_date": "2026-01-01"})).await;

        // Friday 2026-11-06 16:00 in Madrid (UTC+1).
        at(&app, "2026-11-06T15:00:00Z");
        let t = open(&app, &client, "high", None).await;
        let id = t["id"].clone();
        assert_eq!(t["sla"]["policy"], "Horario laboral");
        assert_eq!(t["sla"]["clock"], "business");
        assert_eq!(t["sla"]["target_seconds"], 9 * H);
        assert_eq!(t["sla"]["clock_running"], true);
        // 2 h on Friday, Monday is a holiday, 7 h on Tuesday (09–13, 14–17).
        assert_eq!(t["sla"]["due_at"], "2026-11-10T16:00:00.000000Z");
        let urgent = open(&app, &client, "urgent", None).await;
        assert_eq!(urgent["sla"]["clock"], "calendar");
        assert_eq!(urgent["sla"]["due_at"], "2026-11-06T19:00:00.000000Z");

        at(&app, "2026-11-07T12:00:00Z"); // Saturday
        let s = sla(&app, &id, &agent).await;
        assert_eq!(s["clock_running"], false, "{s}");
        assert_eq!(s["paused"], false);
        assert_eq!(s["remaining_seconds"], 7 * H);
        assert_eq!(s["due_at"], "2026-11-10T16:00:00.000000Z");
        let s = sla(&app, &urgent["id"], &agent).await;
        assert_eq!(s["clock_running"], true, "24×7 runs on Saturday: {s}");
        assert_eq!(s["state"], "breached", "{s}");
        at(&app, "2026-11-09T10:00:00Z"); // the holiday Monday, 11:00 in Madrid
        assert_eq!(sla(&app, &id, &agent).await["clock_running"], false);
        assert_eq!(app.watch().await.breaches, 1, "only the urgent one");
        at(&app, "2026-11-10T09:00:00Z"); // Tuesday 10:00 in Madrid
        let s = sla(&app, &id, &agent).await;
        assert_eq!(s["clock_running"], true, "{s}");
        assert_eq!(s["remaining_seconds"], 6 * H);
        at(&app, "2026-11-10T12:30:00Z"); // lunch
        assert_eq!(sla(&app, &id, &agent).await["clock_running"], false);

        at(&app, "2026-11-10T16:00:00Z");
        assert_eq!(app.watch().await.breaches, 0, "not yet: due is not past");
        assert_eq!(sla(&app, &id, &agent).await["state"], "warning");
        at(&app, "2026-11-10T16:00:01Z");
        assert_eq!(app.watch().await.breaches, 1);
        let s = sla(&app, &id, &agent).await;
        assert_eq!(s["state"], "breached");
        assert_eq!(s["breached_at"], "2026-11-10T16:00:00.000000Z");
        assert_eq!(app.watch().await.breaches, 0, "recorded once");
    }

    async fn edited_policy_applies_to_new_tickets_only(app) {
        let (cid, _, client) = app.client_with_admin("Norte").await;
        let (policy, plan) = business_plan(&app).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": plan, "start_date": "2026-01-01"})).await;
        // Monday 2026-11-02 10:00Z = 11:00 Madrid.
        let old = open(&app, &client, "high", None).await;
        assert_eq!(old["sla"]["due_at"], "2026-11-03T11:00:00.000000Z");
        let cal = app.get(&format!("/api/v1/policies/{policy}"), &app.admin).await.1["calendar_id"].clone();
        let (s, v) = app
            .call(reqwest::Method::PUT, &format!("/api/v1/policies/{policy}"), &app.admin,
                Some(json!({"name": "Horario laboral", "calendar_id": cal, "targets": targets(45 * H, 18 * H, 4 * H)})))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["version"], 2);
        assert_eq!(v["targets"]["high"]["target_seconds"], 4 * H);
        app.at(60);
        let new = open(&app, &client, "high", None).await;
        assert_eq!(new["sla"]["target_seconds"], 4 * H);
        assert_eq!(new["sla"]["due_at"], "2026-11-02T15:01:00.000000Z", "11:01 + 2 h, lunch, + 2 h");
        let s = sla(&app, &old["id"], &app.admin).await;
        assert_eq!(s["target_seconds"], 9 * H);
        assert_eq!(s["due_at"], "2026-11-03T11:00:00.000000Z");
    }

    async fn campus_subscription_beats_the_clients(app) {
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        let (_, business) = business_plan(&app).await;
        let fast = app.ok("/api/v1/policies", &app.admin, json!({"name": "Campus 24x7", "targets": {
            "low": {"target_seconds": 10 * H, "clock": "calendar"}, "medium": {"target_seconds": 6 * H, "clock": "calendar"},
            "high": {"target_seconds": 2 * H, "clock": "calendar"}, "urgent": {"target_seconds": H, "clock": "calendar"}}})).await;
        let fast_plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Campus", "policy_id": fast["id"]})).await;
        // The campus subscription starts earlier and was created first: still it wins for its campus.
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "campus_id": campus, "plan_id": fast_plan["id"], "start_date": "2025-06-01"})).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": business, "start_date": "2026-01-01"})).await;
        let on_campus = open(&app, &client, "high", Some(campus)).await;
        assert_eq!(on_campus["sla"]["policy"], "Campus 24x7");
        assert_eq!(on_campus["sla"]["clock"], "calendar");
        assert_eq!(on_campus["sla"]["due_at"], "2026-11-02T12:00:00.000000Z");
        let general = open(&app, &client, "high", None).await;
        assert_eq!(general["sla"]["policy"], "Horario laboral");
        assert_eq!(general["sla"]["clock"], "business");
        // A client without subscriptions stays on the built-in 24×7 plan (high 12 h).
        let (_, _, other) = app.client_with_admin("Sur").await;
        let t = open(&app, &other, "high", None).await;
        assert_eq!(t["sla"]["clock"], "calendar");
        assert_eq!(t["sla"]["due_at"], "2026-11-02T22:00:00.000000Z");
    }
}
