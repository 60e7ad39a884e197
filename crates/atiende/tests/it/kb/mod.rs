//! The knowledge base (issue 21, items 3 and 4) through the real API on both engines: who sees
//! which article, revisions, safe rendering, search and suggestions agreeing across engines
//! (the acceptance sentence included), hostile queries, votes, views and deflections.

mod access;
mod activity;
mod search;
mod ui;

use serde_json::{Value, json};

use crate::harness::TestApp;

/// `path?name=value` with `value` form-encoded.
pub(crate) fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params(&format!("http://h{path}"), pairs).expect("url");
    format!("{}?{}", url.path(), url.query().unwrap_or(""))
}

/// A public article with one Spanish version, created by the admin (a draft).
pub(crate) async fn article(app: &TestApp, title: &str, body: &str, visibility: &str) -> Value {
    app.ok(
        "/api/v1/kb/articles",
        &app.admin,
        json!({"category": "courses", "visibility": visibility, "tags": ["prueba"],
               "versions": [{"lang": "es", "title": title, "body": body}]}),
    )
    .await
}

pub(crate) async fn publish(app: &TestApp, id: &Value) {
    app.ok(
        &format!("/api/v1/kb/articles/{id}/publish"),
        &app.admin,
        json!({}),
    )
    .await;
}

/// The demo's articles, written by the admin through the service.
pub(crate) async fn demo_articles(app: &TestApp) {
    let actor = app
        .service
        .authenticate_token(&app.admin)
        .await
        .expect("admin");
    atiende::demo::kb::seed(&app.service, &actor)
        .await
        .expect("demo articles");
}

/// The slugs of a list answer (`items`) or a suggestion answer (an array).
pub(crate) fn slugs(v: &Value) -> Vec<String> {
    let items = v.get("items").unwrap_or(v);
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|a| a["slug"].as_str().expect("slug").to_string())
        .collect()
}
