//! What every HTTP answer carries: problem+json for every error under `/api` (the framework's
//! own 405, 413 and 431 included), a request id, and the browser-hardening headers.

use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, get, sign_in},
};

const PROBLEM: &str = "application/problem+json";

async fn send(app: &TestApp, req: reqwest::RequestBuilder) -> (StatusCode, HeaderMap, Value) {
    let _ = app;
    let res = req.send().await.expect("request");
    let (s, h) = (res.status(), res.headers().clone());
    let text = res.text().await.expect("body");
    (
        s,
        h,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn assert_problem(s: StatusCode, h: &HeaderMap, v: &Value, status: StatusCode) {
    assert_eq!(s, status, "{v}");
    assert_eq!(
        h.get("content-type").and_then(|c| c.to_str().ok()),
        Some(PROBLEM),
        "{status}: {v}"
    );
    assert_eq!(v["status"], status.as_u16(), "{v}");
    let id = v["request_id"].as_str().unwrap_or_default();
    assert!(!id.is_empty(), "no request_id in {v}");
    assert_eq!(
        h.get("x-request-id").and_then(|c| c.to_str().ok()),
        Some(id),
        "{v}"
    );
}

both_backends! {
    async fn every_api_error_is_problem_json(app) {
        let url = |p: &str| format!("{}{p}", app.base);
        // 405 from the router, with its Allow header kept.
        let (s, h, v) = send(&app, app.http.request(Method::DELETE, url("/api/v1/tickets")).bearer_auth(&app.admin)).await;
        assert_problem(s, &h, &v, StatusCode::METHOD_NOT_ALLOWED);
        assert!(h.get("allow").is_some(), "{h:?}");
        let (s, h, v) = send(&app, app.http.post(url("/api/openapi.json"))).await;
        assert_problem(s, &h, &v, StatusCode::METHOD_NOT_ALLOWED);
        // 431: one huge header, or too many.
        let (s, h, v) = send(&app, app.http.get(url("/api/v1/tickets")).bearer_auth(&app.admin).header("x-big", "a".repeat(40_000))).await;
        assert_problem(s, &h, &v, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        let mut many = app.http.get(url("/api/v1/tickets")).bearer_auth(&app.admin);
        for i in 0..150 {
            many = many.header(format!("x-h{i}"), "1");
        }
        let (s, h, v) = send(&app, many).await;
        assert_problem(s, &h, &v, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        // 413, 415, 401, 404 and a validation error carry the id too.
        let big = json!({"subject": "x".repeat(domain::limits::JSON_BODY_MAX_BYTES)});
        let (s, h, v) = send(&app, app.http.post(url("/api/v1/tickets")).bearer_auth(&app.admin).json(&big)).await;
        assert_problem(s, &h, &v, StatusCode::PAYLOAD_TOO_LARGE);
        let (s, h, v) = send(&app, app.http.post(url("/api/v1/tickets")).bearer_auth(&app.admin).body("x")).await;
        assert_problem(s, &h, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (s, h, v) = send(&app, app.http.get(url("/api/v1/tickets"))).await;
        assert_problem(s, &h, &v, StatusCode::UNAUTHORIZED);
        let (s, h, v) = send(&app, app.http.get(url("/api/v1/nothing-here")).bearer_auth(&app.admin)).await;
        assert_problem(s, &h, &v, StatusCode::NOT_FOUND);
        let (s, h, v) = send(&app, app.http.post(url("/api/v1/clients")).bearer_auth(&app.admin).json(&json!({"name": ""}))).await;
        assert_problem(s, &h, &v, StatusCode::UNPROCESSABLE_ENTITY);

        // The caller's request id is kept when sane, replaced when not.
        let (_, h, v) = send(&app, app.http.get(url("/api/v1/tickets")).header("x-request-id", "abc-123_X.9")).await;
        assert_eq!((v["request_id"].as_str(), h.get("x-request-id").and_then(|c| c.to_str().ok())), (Some("abc-123_X.9"), Some("abc-123_X.9")));
        let (_, _, v) = send(&app, app.http.get(url("/api/v1/tickets")).header("x-request-id", "<b>x</b>")).await;
        let id = v["request_id"].as_str().unwrap_or_default();
        assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{v}");
    }

    async fn hardening_headers_on_every_response(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let page = browser().get(format!("{}/portal", app.base)).header("cookie", &cookie).send().await.unwrap();
        let login = browser().get(format!("{}/login", app.base)).send().await.unwrap();
        let api = app.http.get(format!("{}/api/v1/tickets", app.base)).bearer_auth(&client).send().await.unwrap();
        let api_error = app.http.get(format!("{}/api/v1/tickets", app.base)).send().await.unwrap();
        let asset = app.http.get(format!("{}/static/app.js", app.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        for (what, res) in [("page", &page), ("login", &login), ("api", &api), ("api error", &api_error), ("asset", &asset)] {
            let h = res.headers();
            let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{what}: {csp}");
            assert_eq!(h.get("x-frame-options").map(|v| v.as_bytes()), Some(&b"DENY"[..]), "{what}");
            assert_eq!(h.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{what}");
            assert_eq!(h.get("referrer-policy").map(|v| v.as_bytes()), Some(&b"same-origin"[..]), "{what}");
            assert!(h.get("strict-transport-security").is_none(), "{what}: HSTS only behind HTTPS");
            if what != "asset" {
                assert_eq!(h.get("cache-control").map(|v| v.as_bytes()), Some(&b"no-store"[..]), "{what}");
            }
        }
        assert_eq!(asset.headers().get("cache-control").map(|v| v.as_bytes()), Some(&b"max-age=300"[..]), "assets keep their caching");

        // An attachment keeps its own sandboxing policy.
        let t = app.ok("/api/v1/tickets", &client, json!({"campus_id": campus, "category": "technical", "priority": "low",
            "subject": "Adjunto", "body": "Va adjunto"})).await;
        let up = app.http.post(format!("{}/api/v1/tickets/{}/attachments?filename=a.html", app.base, t["id"]))
            .bearer_auth(&client).header("content-type", "text/html").body("<script>alert(1)</script>").send().await.unwrap();
        assert!(up.status().is_success(), "{}", up.status());
        let a: Value = up.json().await.unwrap();
        let down = app.http.get(format!("{}/api/v1/attachments/{}", app.base, a["id"])).bearer_auth(&client).send().await.unwrap();
        assert_eq!(down.status(), StatusCode::OK);
        let csp = down.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.starts_with("sandbox"), "{csp}");
        let (s, _) = get(&app, &cookie, "/portal").await;
        assert_eq!(s, StatusCode::OK);
    }
}

/// The CSP forbids inline script and style: no template may hold any.
#[test]
fn templates_hold_no_inline_script_or_style() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/templates");
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            seen += 1;
            let html = std::fs::read_to_string(&p).unwrap().to_lowercase();
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..html[i..].find('>').map_or(html.len(), |j| i + j)];
                assert!(tag.contains(" src="), "{}: inline <script>", p.display());
            }
            assert!(!html.contains("<style"), "{}: <style>", p.display());
            assert!(
                !html.contains(" style="),
                "{}: style attribute",
                p.display()
            );
            assert!(
                !html.contains("javascript:"),
                "{}: javascript: URL",
                p.display()
            );
            let handler = html.split(|c: char| c.is_whitespace()).any(|w| {
                w.starts_with("on")
                    && w.split_once('=').is_some_and(|(k, _)| {
                        k.len() > 2 && k.bytes().all(|b| b.is_ascii_lowercase())
                    })
            });
            assert!(!handler, "{}: inline on*= handler", p.display());
        }
    }
    assert!(seen > 10, "templates not found");
}
