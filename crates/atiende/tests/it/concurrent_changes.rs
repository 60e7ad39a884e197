//! Simultaneous changes to one ticket (status, priority, messages from both sides) while the
//! clock moves: after every burst the ticket's status and its clock agree, no event is earlier
//! than the one before it, and the stored SLA projection equals a replay of the history.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;

const BURSTS: usize = 4;
const REQUESTS: usize = 50;

/// The request `i` of a burst: a mix of what agents and a client do to one ticket.
fn request(i: usize, path: &str) -> (&'static str, String, Value, bool) {
    let msg = format!("{path}/messages");
    match i % 6 {
        0 => (
            "PATCH",
            path.into(),
            json!({"status": "waiting_on_client"}),
            true,
        ),
        1 => ("PATCH", path.into(), json!({"status": "open"}), true),
        2 => ("POST", msg, json!({"body": "cliente"}), false),
        3 => ("PATCH", path.into(), json!({"priority": "high"}), true),
        4 => (
            "PATCH",
            path.into(),
            json!({"priority": "low", "priority_reason": "baja"}),
            true,
        ),
        _ => (
            "POST",
            msg,
            json!({"body": "agente", "status": "waiting_on_client"}),
            true,
        ),
    }
}

both_backends! {
    async fn status_and_clock_agree_after_concurrent_changes(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "medium", "subject": "Carrera", "body": "?"})).await;
        let id = t["id"].as_i64().expect("id");
        let path = format!("/api/v1/tickets/{id}");
        let app = Arc::new(app);
        for burst in 0..BURSTS {
            // The clock moves while the requests race, as it does in production.
            let moving = Arc::new(AtomicBool::new(true));
            let ticker = {
                let (app, moving) = (app.clone(), moving.clone());
                tokio::spawn(async move {
                    while moving.load(Ordering::Relaxed) {
                        app.clock.advance(SignedDuration::from_millis(7));
                        tokio::time::sleep(std::time::Duration::from_micros(300)).await;
                    }
                })
            };
            let mut tasks = Vec::new();
            for i in 0..REQUESTS {
                let (method, url, body, staff) = request(i + burst, &path);
                let token = if staff { agent.clone() } else { client.clone() };
                let app = app.clone();
                tasks.push(tokio::spawn(async move {
                    let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
                    app.call(m, &url, &token, Some(body)).await.0
                }));
            }
            for t in tasks {
                let s = t.await.expect("request task");
                assert!(s.is_success() || s == StatusCode::CONFLICT, "unexpected {s}");
            }
            moving.store(false, Ordering::Relaxed);
            ticker.await.expect("ticker");

            let (_, v) = app.get(&path, &agent).await;
            let paused_status = matches!(v["status"].as_str(), Some("waiting_on_client" | "resolved"));
            assert_eq!(v["sla"]["paused"].as_bool(), Some(paused_status),
                "burst {burst}: status {} with sla.paused {}", v["status"], v["sla"]["paused"]);

            let (_, events) = app.get(&format!("{path}/events"), &agent).await;
            let at: Vec<Timestamp> = events.as_array().expect("events").iter()
                .map(|e| e["at"].as_str().expect("at").parse().expect("instant")).collect();
            assert!(at.windows(2).all(|w| w[0] <= w[1]), "burst {burst}: an event is earlier than the one before it: {at:?}");

            let last_write: Timestamp = v["updated_at"].as_str().expect("updated_at").parse().expect("instant");
            let (stored, replayed) = app.service.replay_projection(id, last_write).await.expect("replay");
            assert_eq!(stored, replayed, "burst {burst}: the stored projection is not the history's");
        }
    }
}
