//! What is refused, and that a refusal writes nothing: bad terms (each field named), a quote
//! on included work, decisions by the wrong role, and every quote route across clients.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{H, Setup, event_kinds, outbox, quotes_of, send, setup, terms, ticket};
use crate::{both_backends, harness::TestApp};

const PROBLEM: &str = "application/problem+json";

/// POSTs raw JSON; returns status, content type and body.
async fn post_raw(
    app: &TestApp,
    path: &str,
    token: &str,
    body: &str,
) -> (StatusCode, String, Value) {
    let res = app
        .http
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = res.text().await.expect("body");
    (
        status,
        ct,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Everything a send writes, to compare before and after a refusal.
async fn written(app: &TestApp, s: &Setup) -> (usize, usize, Value, usize) {
    (
        quotes_of(app, s, &s.agent).await.len(),
        event_kinds(app, s, &s.agent).await.len(),
        ticket(app, s).await["status"].clone(),
        outbox(app).await.len(),
    )
}

both_backends! {
    async fn bad_terms_name_the_field_and_write_nothing(app) {
        let s = setup(&app).await;
        app.at(H);
        let before = written(&app, &s).await;
        let long = "x".repeat(domain::quote::DESCRIPTION_MAX + 1);
        let cases: Vec<(&str, Value, &str)> = vec![
            ("hours", json!(-2), "negative"),
            ("hours", json!(0), "positive"),
            ("hours", json!(0.01), "whole_minutes"),
            ("hours", json!(20_000), "range"),
            ("hours", json!("doce"), "invalid"),
            ("amount_minor", json!(-100), "negative"),
            ("amount_minor", json!(0), "positive"),
            ("amount_minor", json!(1.5), "invalid"),
            ("currency", json!("PESOS"), "currency"),
            ("currency", json!("XYZ"), "currency"),
            ("valid_until", json!("2026-11-01"), "past"),
            ("valid_until", json!("30/11/2026"), "date"),
            ("valid_until", json!("2028-01-01"), "too_far"),
            ("description", json!("   "), "required"),
            ("description", json!(long), "too_long"),
            ("description", json!("a\u{1b}b"), "control_character"),
        ];
        for (field, value, code) in cases {
            let mut body = terms("2026-11-30");
            body[field] = value.clone();
            let (st, ct, v) = post_raw(&app, &s.quotes(), &s.agent, &body.to_string()).await;
            assert_eq!((st, ct.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, PROBLEM), "{field}={value}: {v}");
            assert_eq!(v["errors"][0]["field"], field, "{field}={value}: {v}");
            assert_eq!(v["errors"][0]["code"], code, "{field}={value}: {v}");
        }
        // Several at once are all named.
        let (st, _, v) = post_raw(&app, &s.quotes(), &s.agent,
            &json!({"description": "", "hours": -1, "amount_minor": 0, "currency": "", "valid_until": "ayer"}).to_string()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = v["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["description", "hours", "amount_minor", "currency", "valid_until"], "{v}");
        // Missing and unknown fields, and a body that is not JSON.
        let mut missing = terms("2026-11-30");
        missing.as_object_mut().unwrap().remove("currency");
        let (st, _, v) = post_raw(&app, &s.quotes(), &s.agent, &missing.to_string()).await;
        assert_eq!((st, v["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("currency")), "{v}");
        let mut extra = terms("2026-11-30");
        extra["discount"] = json!(10);
        let (st, _, v) = post_raw(&app, &s.quotes(), &s.agent, &extra.to_string()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (st, ct, _) = post_raw(&app, &s.quotes(), &s.agent, "{\"description\": ").await;
        assert_eq!((st, ct.as_str()), (StatusCode::BAD_REQUEST, PROBLEM));
        assert_eq!(written(&app, &s).await, before, "nothing written by any refusal");

        // A rejection's reason is bounded too, and a refused rejection decides nothing.
        let q = send(&app, &s, terms("2026-11-30")).await;
        let before = written(&app, &s).await;
        let reject = format!("/api/v1/quotes/{}/reject", q["id"]);
        let too_long = json!({"reason": "x".repeat(domain::limits::REASON_MAX + 1)});
        let (st, ct, v) = post_raw(&app, &reject, &s.client, &too_long.to_string()).await;
        assert_eq!((st, ct.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, PROBLEM), "{v}");
        assert_eq!((v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()), (Some("reason"), Some("too_long")));
        let (st, _, v) = post_raw(&app, &reject, &s.client, "{\"reason\": 3}").await;
        assert_eq!((st, v["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")), "{v}");
        assert_eq!(written(&app, &s).await, before);
        assert_eq!(quotes_of(&app, &s, &s.client).await[0]["state"], "pending");
    }

    async fn included_work_is_not_quoted(app) {
        let s = setup(&app).await;
        crate::quotes::set_scope(&app, &s, "included").await;
        let before = written(&app, &s).await;
        let (st, ct, v) = post_raw(&app, &s.quotes(), &s.agent, &terms("2026-11-30").to_string()).await;
        assert_eq!((st, ct.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, PROBLEM), "{v}");
        assert_eq!((v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()), (Some("scope"), Some("included")));
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("included in the contract"), "{v}");
        assert_eq!(written(&app, &s).await, before);
        // Hours-bank work may be bought with a quote instead.
        crate::quotes::set_scope(&app, &s, "admin_hours").await;
        send(&app, &s, terms("2026-11-30")).await;
        // A closed ticket is final.
        app.patch(&s.path(), &s.agent, json!({"status": "closed"})).await;
        let (st, _, v) = post_raw(&app, &s.quotes(), &s.agent, &terms("2026-11-30").to_string()).await;
        assert_eq!(st, StatusCode::CONFLICT, "{v}");
    }

    async fn roles_and_tenants(app) {
        let s = setup(&app).await;
        let q = send(&app, &s, terms("2026-11-30")).await;
        let id = q["id"].as_i64().unwrap();
        let (_, _, other) = app.client_with_admin("Sur").await;
        // Another client's admin: every quote route answers 404, as another client's ticket does.
        let (st, v) = app.get(&s.quotes(), &other).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{v}");
        let (st, _) = app.post(&s.quotes(), &other, terms("2026-11-30")).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        let (st, _) = app.get(&format!("/api/v1/quotes/{id}"), &other).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        for action in ["approve", "reject", "withdraw"] {
            let (st, v) = app.post(&format!("/api/v1/quotes/{id}/{action}"), &other, json!({})).await;
            assert_eq!(st, StatusCode::NOT_FOUND, "{action}: {v}");
        }
        let (st, _) = app.get("/api/v1/quotes/999999", &s.client).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        // Within the client: staff do not decide for the client; clients do not quote or withdraw.
        for token in [&s.agent, &app.admin] {
            for action in ["approve", "reject"] {
                let (st, v) = app.post(&format!("/api/v1/quotes/{id}/{action}"), token, json!({})).await;
                assert_eq!(st, StatusCode::FORBIDDEN, "{action}: {v}");
            }
        }
        let (st, _) = app.post(&s.quotes(), &s.client, terms("2026-11-30")).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, _) = app.post(&format!("/api/v1/quotes/{id}/withdraw"), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        assert_eq!(quotes_of(&app, &s, &s.client).await[0]["state"], "pending", "no refusal decided it");
        // A supervisor sends and withdraws like an agent.
        let (_, boss) = app.staff("jefa@provider.test", "supervisor").await;
        let (st, _) = app.post(&format!("/api/v1/quotes/{id}/withdraw"), &boss, json!({})).await;
        assert_eq!(st, StatusCode::OK);
        // The client's own list names its admins but never the staff.
        let list = quotes_of(&app, &s, &s.client).await;
        assert!(list.iter().all(|q| q["created_by_name"].is_null() && q["decided_by_name"].is_null()), "{list:?}");
        assert_eq!(quotes_of(&app, &s, &s.agent).await[0]["created_by_name"], "agent@provider.test");
    }

    async fn the_openapi_document_lists_every_quote_route(app) {
        let res = app.http.get(format!("{}/api/openapi.json", app.base)).send().await.unwrap();
        let doc: Value = res.json().await.unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for (path, method) in [("/api/v1/tickets/{id}/quotes", "get"), ("/api/v1/tickets/{id}/quotes", "post"),
                               ("/api/v1/quotes/{id}", "get"), ("/api/v1/quotes/{id}/approve", "post"),
                               ("/api/v1/quotes/{id}/reject", "post"), ("/api/v1/quotes/{id}/withdraw", "post")] {
            assert!(paths[path][method].is_object(), "{method} {path}");
            assert!(paths[path][method]["responses"]["409"].is_object() || method == "get", "{method} {path}");
        }
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["NewQuote"]["properties"]["description"]["maxLength"], domain::quote::DESCRIPTION_MAX);
        assert!(schemas["QuoteView"]["properties"]["state"].is_object());
    }
}
