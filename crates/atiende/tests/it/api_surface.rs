//! The API's surface: the OpenAPI document, health and metrics, attachments, cursor pages,
//! ticket numbers as ids.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

async fn plain_get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app
        .http
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("request");
    (res.status(), res.text().await.expect("body"))
}

both_backends! {
    async fn openapi_documents_errors_limits_and_the_sla_object(app) {
        let (s, text) = plain_get(&app, "/api/openapi.json").await;
        assert_eq!(s, StatusCode::OK);
        let doc: Value = serde_json::from_str(&text).expect("json");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
        let paths = doc["paths"].as_object().expect("paths");
        assert!(paths.contains_key("/api/v1/tickets") && paths.contains_key("/api/v1/tickets/{id}"));
        let mut operations = 0;
        for (path, item) in paths {
            for (method, op) in item.as_object().unwrap() {
                if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                    continue;
                }
                operations += 1;
                for code in ["400", "401", "422"] {
                    let ct = &op["responses"][code]["content"]["application/problem+json"];
                    assert!(ct.is_object(), "{method} {path} lacks a problem+json {code}");
                }
            }
        }
        assert!(operations >= 20, "{operations} operations");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["NewTicket"]["properties"]["subject"]["maxLength"], json!(domain::limits::SUBJECT_MAX));
        let sla = schemas["SlaView"]["properties"].as_object().expect("SlaView properties");
        for field in ["policy", "clock", "target_seconds", "due_at", "elapsed_seconds", "remaining_seconds",
                      "clock_running", "paused", "paused_seconds", "state", "breached_at"] {
            assert!(sla.contains_key(field), "SlaView lacks {field}");
        }
        // The ticket schema carries it.
        assert_eq!(schemas["TicketView"]["properties"]["sla"]["$ref"], "#/components/schemas/SlaView");
    }

    async fn health_and_metrics(app) {
        let (s, _) = plain_get(&app, "/healthz").await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = plain_get(&app, "/readyz").await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = app.get("/api/v1/me", &app.admin).await;
        assert_eq!(s, StatusCode::OK);
        let (_, _, client) = app.client_with_admin("Metrics").await;
        app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "urgent", "subject": "Caído", "body": "x"})).await;
        app.at(5 * 3600);
        assert_eq!(app.watch().await.breaches, 1);
        let (s, text) = plain_get(&app, "/metrics").await;
        assert!(text.lines().any(|l| l.starts_with("atiende_tickets_created_total") && l.contains("urgent") && l.ends_with(" 1")), "{text}");
        assert!(text.lines().any(|l| l.starts_with("atiende_sla_breaches_recorded_total") && l.ends_with(" 1")), "{text}");
        assert_eq!(s, StatusCode::OK);
        let line = text.lines().find(|l| l.starts_with("atiende_http_requests_total") && l.contains("/api/v1/me"));
        assert!(line.is_some(), "{text}");
        assert!(!text.contains("route=\"/api/v1/tickets/1\""), "labels use the route template");
    }

    async fn attachments_round_trip_as_downloads(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "low", "subject": "PDF", "body": "adjunto"})).await;
        let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let res = app.http.post(format!("{}/api/v1/tickets/{}/attachments?filename=a.pdf", app.base, t["id"]))
            .bearer_auth(&client).header("content-type", "application/pdf").body(bytes.clone()).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let meta: Value = res.json().await.unwrap();
        assert_eq!(meta["filename"], "a.pdf");
        assert_eq!(meta["size_bytes"], bytes.len());
        assert_eq!(meta["content_type"], "application/pdf");
        let (_, list) = app.get(&format!("/api/v1/tickets/{}/attachments", t["id"]), &client).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        let res = app.http.get(format!("{}/api/v1/attachments/{}", app.base, meta["id"])).bearer_auth(&client).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        let cd = h.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(cd.starts_with("attachment") && cd.contains("a.pdf"), "{cd}");
        assert_eq!(h.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
        assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[..]);
        let (_, events) = app.get(&format!("/api/v1/tickets/{}/events", t["id"]), &client).await;
        assert!(events.as_array().unwrap().iter().any(|e| e["kind"] == "attachment_added"), "{events}");
    }

    async fn cursor_pages_in_due_order_and_ticket_numbers(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        // Mixed priorities and creation times, so due order differs from creation order.
        for (i, p) in ["low", "urgent", "medium", "high", "low", "urgent", "medium"].iter().enumerate() {
            app.at(i as i64 * 600);
            app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": p, "subject": format!("T{i}"), "body": "x"})).await;
        }
        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let q = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
            let (s, page) = app.get(&format!("/api/v1/tickets?limit=3{q}"), &client).await;
            assert_eq!(s, StatusCode::OK, "{page}");
            let items = page["items"].as_array().unwrap();
            sizes.push(items.len());
            seen.extend(items.iter().map(|t| (t["id"].as_i64().unwrap(), t["sla"]["due_at"].as_str().unwrap().to_string())));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
            assert!(sizes.len() < 5, "pagination does not end");
        }
        assert_eq!(sizes, vec![3, 3, 1]);
        let ids: HashSet<i64> = seen.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), 7, "no duplicates: {seen:?}");
        let dues: Vec<&String> = seen.iter().map(|(_, d)| d).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "due order: {dues:?}");

        let (s, v) = app.get("/api/v1/tickets/T-0000001", &client).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["number"], "T-0000001");
        assert_eq!(v["subject"], "T0");
        let (_, by_id) = app.get(&format!("/api/v1/tickets/{}", v["id"]), &client).await;
        assert_eq!(by_id, v);
    }
}
