//! Every class of bad input answers the right 4xx as problem+json (naming the field where
//! there is one), never a 500, and a rejected write leaves nothing behind.

use reqwest::{StatusCode, header::HeaderMap};
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

const PROBLEM: &str = "application/problem+json";

/// Sends raw `body` bytes with `content_type`; returns status, headers and the parsed body.
async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = app
        .http
        .request(method, format!("{}{path}", app.base))
        .header("content-type", content_type)
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request");
    let (status, headers) = (res.status(), res.headers().clone());
    let text = res.text().await.expect("body");
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// POSTs JSON bytes to `/api/v1/tickets` as admin and checks the problem answer.
async fn reject(app: &TestApp, body: &[u8], status: StatusCode, field: Option<&str>) -> Value {
    let (s, h, v) = raw(
        app,
        reqwest::Method::POST,
        "/api/v1/tickets",
        Some(&app.admin),
        "application/json",
        body.to_vec(),
    )
    .await;
    check(s, &h, &v, status, field);
    v
}

fn check(s: StatusCode, h: &HeaderMap, v: &Value, status: StatusCode, field: Option<&str>) {
    assert_eq!(s, status, "{v}");
    assert_eq!(
        h.get("content-type").and_then(|c| c.to_str().ok()),
        Some(PROBLEM),
        "{v}"
    );
    assert_eq!(v["status"], status.as_u16(), "{v}");
    if let Some(f) = field {
        assert_eq!(v["errors"][0]["field"], f, "{v}");
    }
}

async fn ticket_count(app: &TestApp) -> usize {
    let (s, v) = app.get("/api/v1/tickets?limit=200", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().expect("items").len()
}

fn ticket(cid: i64) -> Value {
    json!({"client_id": cid, "category": "technical", "priority": "high", "subject": "Asunto", "body": "Cuerpo"})
}

fn with(mut v: Value, key: &str, val: Value) -> Vec<u8> {
    v[key] = val;
    v.to_string().into_bytes()
}

fn without(mut v: Value, key: &str) -> Vec<u8> {
    v.as_object_mut().expect("object").remove(key);
    v.to_string().into_bytes()
}

both_backends! {
    async fn json_bodies_of_every_bad_shape(app) {
        let (cid, _, _) = app.client_with_admin("Norte").await;
        let base = ticket(cid);
        app.ok("/api/v1/tickets", &app.admin, base.clone()).await;
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        reject(&app, b"{\"client_id\": 1, \"subject\": ", StatusCode::BAD_REQUEST, None).await;
        reject(&app, b"{\"category\": \"technical\"} trailing", StatusCode::BAD_REQUEST, None).await;
        // A shape error early in a body that is malformed later is still a malformed body.
        reject(&app, b"{\"priority\": 5, \"subject\": ", StatusCode::BAD_REQUEST, None).await;
        reject(&app, b"{\"priority\": 5, \"subject\": \"\xff\"}", StatusCode::BAD_REQUEST, None).await;
        reject(&app, b"{\"client_id\": 1, \"subject\": \"\xff\xfe\"}", StatusCode::BAD_REQUEST, None).await;
        reject(&app, &with(base.clone(), "priority", json!(5)), unprocessable, Some("priority")).await;
        reject(&app, &with(base.clone(), "category", json!("billing")), unprocessable, Some("category")).await;
        reject(&app, &with(base.clone(), "client_id", json!("uno")), unprocessable, Some("client_id")).await;
        reject(&app, &with(base.clone(), "tags", json!("a,b")), unprocessable, Some("tags")).await;
        reject(&app, &without(base.clone(), "subject"), unprocessable, Some("subject")).await;
        reject(&app, &without(base.clone(), "category"), unprocessable, Some("category")).await;
        reject(&app, &with(base.clone(), "colour", json!("red")), unprocessable, Some("colour")).await;
        reject(&app, &with(base.clone(), "subject", json!("x".repeat(201))), unprocessable, Some("subject")).await;
        reject(&app, &with(base.clone(), "subject", json!("  ")), unprocessable, Some("subject")).await;
        reject(&app, &with(base.clone(), "campus_id", json!(999_999)), unprocessable, Some("campus_id")).await;
        reject(&app, &with(base.clone(), "client_id", json!(999_999)), unprocessable, Some("client_id")).await;
        assert_eq!(ticket_count(&app).await, 1, "nothing half-written");
        // Exactly the limit is fine, counted in characters (as JSON Schema's maxLength does).
        let (s, v) = app.post("/api/v1/tickets", &app.admin, json!({"client_id": cid, "category": "technical",
            "priority": "high", "subject": "ñ".repeat(200), "body": "b"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(ticket_count(&app).await, 2);
    }

    async fn sizes_media_types_and_references(app) {
        let (cid, _, _) = app.client_with_admin("Norte").await;
        let t = app.ok("/api/v1/tickets", &app.admin, ticket(cid)).await;
        let id = t["id"].as_i64().unwrap();
        let post = reqwest::Method::POST;
        // A JSON body over 1 MiB.
        let big = with(ticket(cid), "body", json!("x".repeat(domain::limits::JSON_BODY_MAX_BYTES)));
        let (s, h, v) = raw(&app, post.clone(), "/api/v1/tickets", Some(&app.admin), "application/json", big).await;
        check(s, &h, &v, StatusCode::PAYLOAD_TOO_LARGE, None);
        // Wrong media type.
        let (s, h, v) = raw(&app, post.clone(), "/api/v1/tickets", Some(&app.admin), "text/plain", ticket(cid).to_string().into_bytes()).await;
        check(s, &h, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
        let (s, h, v) = raw(&app, post.clone(), "/api/v1/tickets", Some(&app.admin), "application/x-www-form-urlencoded", b"subject=x".to_vec()).await;
        check(s, &h, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
        assert_eq!(ticket_count(&app).await, 1);

        // An attachment one byte over 25 MiB.
        let up = format!("/api/v1/tickets/{id}/attachments?filename=big.bin");
        let over = vec![7u8; domain::limits::ATTACHMENT_MAX_BYTES + 1];
        let (s, h, v) = raw(&app, post.clone(), &up, Some(&app.admin), "application/octet-stream", over).await;
        check(s, &h, &v, StatusCode::PAYLOAD_TOO_LARGE, None);
        let (_, list) = app.get(&format!("/api/v1/tickets/{id}/attachments"), &app.admin).await;
        assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
        let (s, h, v) = raw(&app, post.clone(), &format!("/api/v1/tickets/{id}/attachments?filename=a%2Fb.txt"), Some(&app.admin), "text/plain", b"x".to_vec()).await;
        check(s, &h, &v, StatusCode::UNPROCESSABLE_ENTITY, Some("filename"));
        let (s, h, v) = raw(&app, post.clone(), &format!("/api/v1/tickets/{id}/attachments"), Some(&app.admin), "text/plain", b"x".to_vec()).await;
        check(s, &h, &v, StatusCode::UNPROCESSABLE_ENTITY, None);
        let (_, list) = app.get(&format!("/api/v1/tickets/{id}/attachments"), &app.admin).await;
        assert_eq!(list.as_array().unwrap().len(), 0, "{list}");

        // Unknown references in a patch: nothing changes.
        let path = format!("/api/v1/tickets/{id}");
        let (_, before) = app.get(&path, &app.admin).await;
        let (s, v) = app.patch(&path, &app.admin, json!({"assignee_id": 999_999})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "assignee_id");
        let (s, v) = app.patch(&path, &app.admin, json!({"assignee_id": 999_999, "category": "complaint", "priority": "urgent"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (_, after) = app.get(&path, &app.admin).await;
        assert_eq!(before, after, "a rejected patch changes nothing");
        let (_, events) = app.get(&format!("{path}/events"), &app.admin).await;
        assert_eq!(events.as_array().unwrap().len(), 2, "created + first message only: {events}");

        // Exactly 25 MiB is accepted.
        let exact = vec![7u8; domain::limits::ATTACHMENT_MAX_BYTES];
        let (s, _, v) = raw(&app, post.clone(), &up, Some(&app.admin), "application/octet-stream", exact).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["size_bytes"], domain::limits::ATTACHMENT_MAX_BYTES);
    }

    async fn queries_paths_and_authentication(app) {
        let (cid, _, _) = app.client_with_admin("Norte").await;
        app.ok("/api/v1/tickets", &app.admin, ticket(cid)).await;
        let get = reqwest::Method::GET;
        for (q, field) in [
            ("priority=nope", Some("priority")),
            ("status=open,bogus", Some("status")),
            ("sla_state=late", Some("sla_state")),
            ("limit=0", Some("limit")),
            ("limit=201", Some("limit")),
            ("limit=abc", None),
            ("cursor=garbage", Some("cursor")),
            ("assignee=someone", Some("assignee")),
            ("client_id=x", None),
        ] {
            let (s, h, v) = raw(&app, get.clone(), &format!("/api/v1/tickets?{q}"), Some(&app.admin), "application/json", Vec::new()).await;
            check(s, &h, &v, StatusCode::UNPROCESSABLE_ENTITY, field);
        }
        for path in ["/api/v1/tickets/abc", "/api/v1/tickets/0", "/api/v1/tickets/-1", "/api/v1/tickets/999999", "/api/v1/clients/x1",
                     "/api/v1/attachments/zz", "/api/v1/no-such-route"] {
            let (s, h, v) = raw(&app, get.clone(), path, Some(&app.admin), "application/json", Vec::new()).await;
            check(s, &h, &v, StatusCode::NOT_FOUND, None);
        }
        for token in [None, Some("atd_not-a-real-token"), Some(""), Some("garbage")] {
            for (m, path) in [(get.clone(), "/api/v1/tickets"), (reqwest::Method::POST, "/api/v1/tickets"), (get.clone(), "/api/v1/me")] {
                let (s, h, v) = raw(&app, m, path, token, "application/json", ticket(cid).to_string().into_bytes()).await;
                check(s, &h, &v, StatusCode::UNAUTHORIZED, None);
                assert_eq!(h.get("www-authenticate").and_then(|c| c.to_str().ok()), Some("Bearer"));
            }
        }
        assert_eq!(ticket_count(&app).await, 1);
    }
}
