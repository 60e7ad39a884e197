//! Resolved tickets: reopening within the window, closing by themselves at resolved + 168 h,
//! messages that do not reopen, and raising the priority (the due time never moves later).

use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

const H: i64 = 3600;

/// A medium ticket (built-in 24×7 plan: 48 h) opened by a client at t0; returns (path, client, agent).
async fn medium_ticket(app: &TestApp) -> (String, String, String) {
    let (_, _, client) = app.client_with_admin("Norte").await;
    let (_, agent) = app.staff("agent@provider.test", "agent").await;
    let t = app
        .ok(
            "/api/v1/tickets",
            &client,
            json!({"category": "functional", "priority": "medium", "subject": "Duda", "body": "?"}),
        )
        .await;
    assert_eq!(t["sla"]["due_at"], "2026-11-04T10:00:00.000000Z");
    (format!("/api/v1/tickets/{}", t["id"]), client, agent)
}

async fn patch_ok(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (s, v) = app.patch(path, token, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

fn instant(v: &Value) -> Timestamp {
    v.as_str()
        .expect("timestamp string")
        .parse()
        .expect("RFC 3339")
}

both_backends! {
    async fn client_reopens_within_the_window(app) {
        let (path, client, agent) = medium_ticket(&app).await;
        app.at(10 * H);
        let v = patch_ok(&app, &path, &agent, json!({"status": "resolved"})).await;
        assert_eq!(v["sla"]["state"], "met");
        assert_eq!(v["sla"]["paused"], true);
        // A "gracias" is just a message: still resolved, still paused.
        app.at(20 * H);
        app.ok(&format!("{path}/messages"), &client, json!({"body": "¿seguro? gracias"})).await;
        let (_, v) = app.get(&path, &client).await;
        assert_eq!(v["status"], "resolved");
        assert_eq!(v["sla"]["paused"], true);
        assert_eq!(v["sla"]["clock_running"], false);

        // Reopened 24 h after resolving: the 24 h pause pushes the due time by 24 h.
        app.at(34 * H);
        let v = patch_ok(&app, &path, &client, json!({"status": "open", "status_reason": "sigue fallando"})).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["resolved_at"], Value::Null);
        assert_eq!(v["sla"]["clock_running"], true);
        assert_eq!(v["sla"]["paused"], false);
        assert_ne!(v["sla"]["state"], "met");
        assert_eq!(v["sla"]["state"], "ok");
        assert_eq!(v["sla"]["paused_seconds"], 24 * H);
        assert_eq!(v["sla"]["due_at"], "2026-11-05T10:00:00.000000Z");
        assert_eq!(v["sla"]["remaining_seconds"], 38 * H);
        let (_, met) = app.get("/api/v1/tickets?sla_state=met", &agent).await;
        assert_eq!(met["items"].as_array().unwrap().len(), 0, "{met}");
        // Running again, it can breach after the shifted due time.
        app.at(72 * H + 1);
        assert_eq!(app.watch().await.breaches, 1);
        let (_, v) = app.get(&path, &agent).await;
        assert_eq!(v["sla"]["breached_at"], "2026-11-05T10:00:00.000000Z");
    }

    async fn unconfirmed_resolution_closes_itself_after_168_hours(app) {
        let (path, client, agent) = medium_ticket(&app).await;
        app.at(5 * H + 17);
        let v = patch_ok(&app, &path, &agent, json!({"status": "resolved"})).await;
        let resolved_at = instant(&v["resolved_at"]);
        let close_at = resolved_at + SignedDuration::from_hours(168);
        app.clock.set(close_at - SignedDuration::from_secs(1));
        assert_eq!(app.watch().await.closed, 0);
        let (_, v) = app.get(&path, &client).await;
        assert_eq!(v["status"], "resolved");
        app.clock.set(close_at);
        assert_eq!(app.watch().await.closed, 1);
        app.at(400 * H);
        assert_eq!(app.watch().await.closed, 0, "closed once");
        let (_, v) = app.get(&path, &client).await;
        assert_eq!(v["status"], "closed");
        assert_eq!(instant(&v["closed_at"]), close_at);
        assert_eq!(v["sla"]["state"], "met");
        let (_, events) = app.get(&format!("{path}/events"), &agent).await;
        let last = events.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "status_changed", "{events}");
        assert_eq!(last["data"]["to"], "closed");
        assert_eq!(last["data"]["auto"], true);
        assert_eq!(last["actor_id"], Value::Null);
        assert_eq!(instant(&last["at"]), close_at);
        // Closed is final.
        let (s, v) = app.patch(&path, &client, json!({"status": "open", "status_reason": "sigue fallando"})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let (s, _) = app.patch(&path, &agent, json!({"status": "open"})).await;
        assert_eq!(s, StatusCode::CONFLICT);
    }

    async fn reopen_or_confirm_after_the_window_is_refused_even_before_the_watcher(app) {
        let (path, client, agent) = medium_ticket(&app).await;
        app.at(H);
        patch_ok(&app, &path, &agent, json!({"status": "resolved"})).await;
        app.at(H + 168 * H);
        let (s, v) = app.patch(&path, &client, json!({"status": "open", "status_reason": "sigue fallando"})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let (s, v) = app.patch(&path, &client, json!({"status": "closed"})).await;
        assert_eq!(s, StatusCode::CONFLICT, "confirming after the window is too late as well: {v}");
        // The refused change noticed the window's end: the close stands (at that instant),
        // even though the change itself was rolled back and no watcher has run.
        let (_, v) = app.get(&path, &client).await;
        assert_eq!(v["status"], "closed");
        assert_eq!(instant(&v["closed_at"]), crate::harness::t0() + SignedDuration::from_hours(169));
        app.at(H + 200 * H);
        assert_eq!(app.watch().await.closed, 0, "nothing left for the watcher");
    }

    async fn reading_a_ticket_past_its_window_shows_it_closed(app) {
        let (path, client, agent) = medium_ticket(&app).await;
        app.at(H);
        patch_ok(&app, &path, &agent, json!({"status": "resolved"})).await;
        app.at(H + 170 * H);
        let (_, v) = app.get(&path, &client).await;
        assert_eq!(v["status"], "closed");
        assert_eq!(instant(&v["closed_at"]), crate::harness::t0() + SignedDuration::from_hours(169));
        assert_eq!(v["sla"]["state"], "met");
    }

    async fn raising_priority_never_moves_the_due_time_later(app) {
        let (early, _, agent) = medium_ticket(&app).await;
        let (_, _, client) = app.client_with_admin("Sur").await;
        let late = app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "medium", "subject": "Lento", "body": "x"})).await;
        let late = format!("/api/v1/tickets/{}", late["id"]);
        // Raised 1 h in: t + 4 h comes before the medium due time.
        app.at(H);
        let v = patch_ok(&app, &early, &agent, json!({"priority": "urgent"})).await;
        assert_eq!(v["priority"], "urgent");
        assert_eq!(v["requested_priority"], "medium");
        assert_eq!(v["sla"]["target_seconds"], 4 * H);
        assert_eq!(v["sla"]["due_at"], "2026-11-02T15:00:00.000000Z");
        assert_eq!(v["sla"]["remaining_seconds"], 4 * H);
        assert_eq!(v["sla"]["elapsed_seconds"], 0, "the new target starts fresh");
        // Raised 46 h in: t + 4 h would be later, so the medium due time stays.
        app.at(46 * H);
        let v = patch_ok(&app, &late, &agent, json!({"priority": "urgent"})).await;
        assert_eq!(v["sla"]["due_at"], "2026-11-04T10:00:00.000000Z");
        assert_eq!(v["sla"]["remaining_seconds"], 2 * H);
        assert_eq!(v["sla"]["elapsed_seconds"], 2 * H);
        assert_eq!(v["sla"]["state"], "ok", "50 % of the new target consumed");
    }
}
