//! What each phase asks the server: create tickets (keeping their ids), list the queue, list a
//! filtered queue, and get single tickets picked among the created ones.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::{client::Api, runner, stats::Phase};

/// Created tickets cycle through every priority and category so list filters have work to do.
const PRIORITIES: [&str; 4] = ["low", "medium", "high", "urgent"];
const CATEGORIES: [&str; 5] = [
    "functional",
    "technical",
    "administrative",
    "commercial",
    "complaint",
];

/// Creates `n` tickets for `client_id`; returns the phase and the ids of the tickets created.
pub(crate) async fn create(
    api: &Arc<Api>,
    n: usize,
    c: usize,
    client_id: i64,
) -> (Phase, Vec<i64>) {
    let created = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let ids = created.clone();
    let create = runner::run("create ticket", n, c, api.clone(), move |api, i| {
        let body = json!({
            "client_id": client_id,
            "category": CATEGORIES[i % CATEGORIES.len()],
            "priority": PRIORITIES[i % PRIORITIES.len()],
            "subject": format!("Prueba de carga #{i}: el campus responde lento"),
            "body": format!("Ticket {i} generado por loadgen para medir la latencia de creación."),
            "tags": ["loadgen"],
        });
        async move { api.send(reqwest::Method::POST, "/api/v1/tickets".into(), Some(body), 201).await }
    }, Some(ids))
    .await;
    let ids: Vec<i64> = created.lock().map(|v| v.clone()).unwrap_or_default();
    (create, ids)
}

/// The first page of the queue, as the inbox shows it.
pub(crate) async fn list(api: &Arc<Api>, reads: usize, c: usize) -> Phase {
    runner::run(
        "list ?limit=50",
        reads,
        c,
        api.clone(),
        |api, _| async move {
            api.send(
                reqwest::Method::GET,
                "/api/v1/tickets?limit=50".into(),
                None,
                200,
            )
            .await
        },
        None,
    )
    .await
}

/// A queue filtered by priority and SLA state, the supervisor's typical view.
pub(crate) async fn list_filtered(api: &Arc<Api>, reads: usize, c: usize) -> Phase {
    runner::run(
        "list urgent+ok",
        reads,
        c,
        api.clone(),
        |api, _| async move {
            api.send(
                reqwest::Method::GET,
                "/api/v1/tickets?priority=urgent&sla_state=ok&limit=50".into(),
                None,
                200,
            )
            .await
        },
        None,
    )
    .await
}

/// Single tickets, scattered over `ids` so the reads do not all hit the same row.
pub(crate) async fn get(api: &Arc<Api>, reads: usize, c: usize, ids: Vec<i64>) -> Phase {
    let ids = Arc::new(ids);
    runner::run(
        "get ticket",
        reads,
        c,
        api.clone(),
        move |api, i| {
            let id = ids[(mix(i as u64) % ids.len() as u64) as usize];
            async move {
                api.send(
                    reqwest::Method::GET,
                    format!("/api/v1/tickets/{id}"),
                    None,
                    200,
                )
                .await
            }
        },
        None,
    )
    .await
}

/// `n` ids scattered over `1..=max` (an existing database's tickets).
pub(crate) fn spread_ids(max: i64, n: usize) -> Vec<i64> {
    (0..n.max(1) as u64)
        .map(|i| 1 + (mix(i) % max as u64) as i64)
        .collect()
}

/// Searches: `path` + each text URL-encoded, cycling through `queries`.
pub(crate) async fn search(
    api: &Arc<Api>,
    reads: usize,
    c: usize,
    path: &str,
    queries: Vec<String>,
) -> Phase {
    let urls: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| format!("{path}{}", encode(q)))
            .collect(),
    );
    runner::run(
        "search",
        reads,
        c,
        api.clone(),
        move |api, i| {
            let url = urls[i % urls.len()].clone();
            async move { api.send(reqwest::Method::GET, url, None, 200).await }
        },
        None,
    )
    .await
}

/// Percent-encodes all but unreserved characters (a query string value).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A cheap deterministic scramble (splitmix64) to pick "random" ticket ids.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
