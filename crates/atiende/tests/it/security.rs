//! Sign-in hardening and hostile text: the redirect after sign-in stays on this site, the
//! throttle holds under a burst, unknown e-mails cost a hash, and NUL or control characters
//! are refused with the field named instead of a 500.

use reqwest::{StatusCode, header};
use serde_json::json;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, csrf, get, post, sign_in},
};

/// Signs in through the form with `next`; returns status and `Location`.
async fn login_with_next(app: &TestApp, next: &str) -> (StatusCode, Option<String>) {
    let res = browser()
        .post(format!("{}/login", app.base))
        .form(&[
            ("email", "admin@norte.test"),
            ("password", "client-password-1"),
            ("next", next),
        ])
        .send()
        .await
        .expect("POST /login");
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
    (res.status(), location)
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    browser()
        .post(format!("{}/login", app.base))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("POST /login")
        .status()
}

both_backends! {
    async fn next_after_sign_in_is_a_local_path(app) {
        app.client_with_admin("Norte").await;
        // Every one of these leaves the site (or breaks the header) once a browser reads it.
        let foreign = [
            "/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example",
            "/%2F/evil.example", "/%5Cevil.example", "%2F%2Fevil.example", "https://evil.example",
            "/%252F/evil.example", "/ok\r\nSet-Cookie: x=1", "/ok\n", "/ok\r", "/ok\u{7f}",
            "/ok%0d%0aX: y", "/\u{85}/evil.example", "", "evil.example",
        ];
        for next in foreign {
            let (s, loc) = login_with_next(&app, next).await;
            assert_eq!(s, StatusCode::SEE_OTHER, "next={next:?}");
            assert_eq!(loc.as_deref(), Some("/portal"), "next={next:?}: the role's landing page");
        }
        // A local path is followed, query included.
        let (s, loc) = login_with_next(&app, "/portal/tickets?tab=open").await;
        assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/portal/tickets?tab=open")));
        // The login page does not carry a foreign `next` into its form either.
        let page = browser().get(format!("{}/login?next=%2F%09%2Fevil.example", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("evil.example"), "{page}");
    }

    async fn the_login_throttle_holds_under_a_burst(app) {
        app.client_with_admin("Norte").await;
        let before = app.service.password_checks();
        let burst = (0..100).map(|_| {
            let base = app.base.clone();
            tokio::spawn(async move {
                browser()
                    .post(format!("{base}/login"))
                    .form(&[("email", "admin@norte.test"), ("password", "wrong-password-0")])
                    .send()
                    .await
                    .expect("POST /login")
                    .status()
            })
        });
        let mut checked = 0;
        let mut throttled = 0;
        for h in burst.collect::<Vec<_>>() {
            match h.await.expect("task") {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::TOO_MANY_REQUESTS => throttled += 1,
                other => panic!("unexpected {other}"),
            }
        }
        assert!(checked <= 5, "{checked} passwords checked past a limit of 5 ({throttled} throttled)");
        assert_eq!(checked + throttled, 100);
        assert_eq!(app.service.password_checks() - before, checked, "one hash per 401, none per 429");
        // One at a time, the rest of the five checks are granted, then nothing more: the burst
        // did not add to them (refused attempts are not counted).
        let mut later = 0;
        while login_status(&app, "admin@norte.test", "wrong-password-0").await == StatusCode::UNAUTHORIZED {
            later += 1;
            assert!(later <= 5, "more checks than the limit");
        }
        assert_eq!(checked + later, 5, "{checked} in the burst, {later} after it");
        // Locked now, even for the right password; free again once the window has passed.
        assert_eq!(login_status(&app, "admin@norte.test", "client-password-1").await, StatusCode::TOO_MANY_REQUESTS);
        app.at(16 * 60);
        assert_eq!(login_status(&app, "admin@norte.test", "client-password-1").await, StatusCode::SEE_OTHER);
    }

    async fn an_unknown_email_costs_the_same_hash(app) {
        app.client_with_admin("Norte").await;
        let n = app.service.password_checks();
        assert_eq!(login_status(&app, "nobody@norte.test", "client-password-1").await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.service.password_checks(), n + 1, "an unknown e-mail is verified against a dummy hash");
        assert_eq!(login_status(&app, "admin@norte.test", "wrong-password-0").await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.service.password_checks(), n + 2);
    }

    async fn nul_and_control_characters_are_refused_by_field(app) {
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        // Unauthenticated: the login form comes back with a message, never a 500.
        let res = browser().post(format!("{}/login", app.base))
            .form(&[("email", "a\0b@norte.test"), ("password", "client-password-1")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.unwrap();
        assert!(page.contains("name=\"email\"") && page.contains("no permitidos"), "{page}");

        // API: NUL anywhere, and line breaks or tabs in single-line fields, name the field.
        let ticket = |k: &str, v: &str| {
            let mut t = json!({"campus_id": campus, "category": "technical", "priority": "high", "subject": "Asunto", "body": "Cuerpo"});
            t[k] = json!(v);
            t
        };
        for (k, v) in [("subject", "a\0b"), ("subject", "a\nb"), ("subject", "a\tb"), ("subject", "a\u{1b}b"), ("body", "a\0b"), ("body", "a\u{7}b")] {
            let (s, p) = app.post("/api/v1/tickets", &client, ticket(k, v)).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{k}={v:?}: {p}");
            assert_eq!(p["errors"][0]["field"], k, "{p}");
        }
        let mut tagged = ticket("body", "x");
        tagged["tags"] = json!(["ok", "a\nb"]);
        let (s, p) = app.post("/api/v1/tickets", &client, tagged).await;
        assert_eq!((s, p["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("tags[1]")), "{p}");
        // A multi-line body keeps its line breaks and tabs.
        let t = app.ok("/api/v1/tickets", &client, ticket("body", "Línea 1\r\nLínea 2\n\tsangría")).await;
        assert!(t["id"].is_i64(), "{t}");

        for (k, v) in [("name", "Ana\0"), ("name", "Ana\nBelén"), ("email", "a\0b@norte.test")] {
            let mut u = json!({"email": "nueva@norte.test", "name": "Ana", "role": "client_admin", "client_id": cid, "password": "client-password-2"});
            u[k] = json!(v);
            let (s, p) = app.post("/api/v1/users", &app.admin, u).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{k}={v:?}: {p}");
            assert_eq!(p["errors"][0]["field"], k, "{p}");
        }
        let (s, p) = app.post("/api/v1/clients", &app.admin, json!({"name": "Sur\u{7}", "tax_id": "T-1", "time_zone": "UTC"})).await;
        assert_eq!((s, p["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("name")), "{p}");
        let (s, p) = app.get("/api/v1/tickets?status=a%00b", &app.admin).await;
        assert_eq!((s, p["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")), "{p}");

        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        // Any query parameter of any page.
        let (s, html) = get(&app, &cookie, "/console?priority=a%00b").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(html.contains("«priority»"), "{html}");

        // A browser form with NUL: the page names the field.
        let (_, html) = get(&app, &cookie, "/admin/users").await;
        let token = csrf(&html);
        let r = post(&app, &cookie, "/admin/users", &[("_csrf", &token), ("email", "x@norte.test"), ("name", "X\0"),
            ("role", "agent"), ("locale", "es"), ("time_zone", "UTC"), ("password", "agent-password-1")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("«name»"), "{}", r.body);
    }
}
