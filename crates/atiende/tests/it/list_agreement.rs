//! Whatever a list says about a ticket equals what `GET /tickets/{id}` says at the same
//! instant: every field, the SLA state filters, and auto-closes that only a list noticed.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

/// Every ticket the token sees, through the list (following cursors), by id.
async fn list_all(app: &TestApp, token: &str, filter: &str) -> BTreeMap<i64, Value> {
    let mut out = BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/tickets?limit=37{filter}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (s, page) = app.get(&path, token).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        for t in page["items"].as_array().expect("items") {
            out.insert(t["id"].as_i64().expect("id"), t.clone());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
}

/// At the service's current instant: each listed ticket equals its own read, and each
/// `sla_state` filter lists exactly the tickets in that state.
async fn lists_agree_with_tickets(app: &TestApp, token: &str, when: &str) {
    let all = list_all(app, token, "").await;
    assert!(!all.is_empty());
    for (id, listed) in &all {
        let (_, own) = app.get(&format!("/api/v1/tickets/{id}"), token).await;
        assert_eq!(
            listed, &own,
            "{when}: ticket {id} listed differs from its own read"
        );
    }
    let mut seen = 0;
    for state in ["ok", "warning", "breached", "met"] {
        let filtered = list_all(app, token, &format!("&sla_state={state}")).await;
        for (id, t) in &filtered {
            assert_eq!(
                t["sla"]["state"], state,
                "{when}: sla_state={state} lists ticket {id} ({})",
                t["status"]
            );
        }
        let expected = all.values().filter(|t| t["sla"]["state"] == state).count();
        assert_eq!(
            filtered.len(),
            expected,
            "{when}: sla_state={state} misses tickets in that state"
        );
        seen += filtered.len();
    }
    assert_eq!(
        seen,
        all.len(),
        "{when}: every ticket is in exactly one sla_state list"
    );
}

both_backends! {
    async fn every_demo_ticket_reads_the_same_in_lists_and_alone(app) {
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let start = app.service.now();
        for (hours, when) in [(0, "at seeding"), (5, "5 h later"), (30, "30 h later"), (8 * 24, "8 days later")] {
            app.clock.set(start + SignedDuration::from_hours(hours));
            lists_agree_with_tickets(&app, &seed.token, when).await;
        }
        // 8 days on, every resolved ticket's window has run out: lists show them closed
        // although the watcher never ran.
        let all = list_all(&app, &seed.token, "").await;
        assert!(all.values().all(|t| t["status"] != "resolved"), "a list still shows a resolved ticket past its window");
    }

    async fn a_ticket_closed_in_warning_is_listed_as_its_read_says(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "urgent", "subject": "Duplicado", "body": "?"})).await;
        let path = format!("/api/v1/tickets/{}", t["id"]);
        // 3.5 h of a 4 h target consumed, then closed as a duplicate without resolving.
        app.at(3 * 3600 + 1800);
        let (s, v) = app.patch(&path, &agent, json!({"status": "closed"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        app.at(10 * 3600);
        lists_agree_with_tickets(&app, &agent, "after closing").await;
    }
}
