//! Invitations and password reset by e-mail: single-use, expiring links whose e-mails go
//! through the outbox; a reset request answers alike for every address.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, csrf, get, post, sign_in},
};

/// Every e-mail in the outbox to `to`, oldest first.
async fn mails_to(app: &TestApp, to: &str) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/outbox", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut mails: Vec<Value> = v
        .as_array()
        .expect("list")
        .iter()
        .filter(|m| m["to"] == to)
        .cloned()
        .collect();
    mails.sort_by_key(|m| m["id"].as_i64());
    mails
}

/// The token of the link in an e-mail, checking the link points at the public URL.
fn link_token(app: &TestApp, mail: &Value) -> String {
    let body = mail["body"].as_str().expect("body");
    let prefix = format!("{}/password/", app.service.mail.public_url);
    let at = body
        .find(&prefix)
        .unwrap_or_else(|| panic!("no link in {body}"))
        + prefix.len();
    let token: String = body[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64, "{body}");
    token
}

/// An anonymous form POST (as a browser on the login pages): status, Location, body.
async fn form(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let res = browser()
        .post(format!("{}{path}", app.base))
        .form(fields)
        .send()
        .await
        .expect("POST");
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, location, res.text().await.expect("body"))
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    get(app, "", path).await
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    form(app, "/login", &[("email", email), ("password", password)])
        .await
        .0
}

async fn client(app: &TestApp, name: &str) -> i64 {
    let c = app.ok("/api/v1/clients", &app.admin, json!({"name": name, "tax_id": format!("TAX-{name}"), "time_zone": "America/Argentina/Buenos_Aires"})).await;
    c["id"].as_i64().expect("client id")
}

/// Creates a client admin without a password through the API; returns their id.
async fn invited(app: &TestApp, cid: i64, email: &str, locale: &str) -> i64 {
    let (s, v) = app
        .post("/api/v1/users", &app.admin, json!({"email": email, "name": "Ana Invitada", "role": "client_admin", "client_id": cid, "locale": locale}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_i64().expect("id")
}

async fn token_works(app: &TestApp, token: &str) -> bool {
    app.get("/api/v1/me", token).await.0 == StatusCode::OK
}

both_backends! {
    async fn an_invitation_sets_the_first_password_once(app) {
        let cid = client(&app, "Norte").await;
        let uid = invited(&app, cid, "ana@norte.test", "en").await;

        // Nobody can sign in as them yet, not even with an empty or a guessed password.
        assert_eq!(login_status(&app, "ana@norte.test", "").await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, "ana@norte.test", "!no-password: invitation pending").await, StatusCode::UNAUTHORIZED);

        // The invitation is in the outbox, to them, in their language, with the link.
        let mails = mails_to(&app, "ana@norte.test").await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0]["subject"], "Choose your Atiende password", "{}", mails[0]);
        assert_eq!(mails[0]["ticket_id"], Value::Null);
        let token = link_token(&app, &mails[0]);
        // Only the SHA-256 of the link's token is stored.
        assert!(store::account_tokens::by_hash(&app.service.db, &token).await.unwrap().is_none());
        let row = store::account_tokens::by_hash(&app.service.db, &service::auth::hash_token(&token)).await.unwrap().expect("stored hash");
        assert_eq!((row.user_id, row.purpose.as_str()), (uid, "invite"));
        assert_eq!(row.expires_at_us - row.created_at_us, 7 * 86_400 * 1_000_000);

        // The link's page, in English; the same rules as user creation; both fields must match.
        let path = format!("/password/{token}");
        let (s, html) = page(&app, &path).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("Choose your password") && html.contains("ana@norte.test"), "{html}");
        let (s, _, html) = form(&app, &path, &[("password", "short"), ("password2", "short")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let (s, _, html) = form(&app, &path, &[("password", "ana-password-1"), ("password2", "ana-password-2")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(html.contains("do not match"), "{html}");

        // Choosing it sends them to sign in, with a word that it worked; then they can.
        let (s, location, body) = form(&app, &path, &[("password", "ana-password-1"), ("password2", "ana-password-1")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let location = location.expect("location");
        assert!(location.starts_with("/login?done=password"), "{location}");
        let (_, html) = page(&app, &location).await;
        assert!(html.contains("Your password is saved"), "{html}");
        sign_in(&app, "ana@norte.test", "ana-password-1").await;

        // Once only: the page and the form now say the link was used (410), in English.
        let (s, html) = page(&app, &path).await;
        assert_eq!(s, StatusCode::GONE, "{html}");
        assert!(html.contains("already used"), "{html}");
        let (s, _, _) = form(&app, &path, &[("password", "other-password-9"), ("password2", "other-password-9")]).await;
        assert_eq!(s, StatusCode::GONE);
        assert_eq!(login_status(&app, "ana@norte.test", "other-password-9").await, StatusCode::UNAUTHORIZED);

        // A link never issued, or not even a token: 404, never a 500.
        let (s, html) = page(&app, &format!("/password/{}", "ab".repeat(32))).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{html}");
        assert!(html.contains("no es válido"), "{html}");
        let (s, _) = page(&app, "/password/%00%27nope").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _, _) = form(&app, &format!("/password/{}", "cd".repeat(32)), &[("password", "x")]).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // The CLI's way (and an admin who gives a password) still sets it by hand: no e-mail.
        app.ok("/api/v1/users", &app.admin, json!({"email": "bea@norte.test", "name": "Bea", "role": "client_admin", "client_id": cid, "password": "bea-password-1"})).await;
        assert!(mails_to(&app, "bea@norte.test").await.is_empty());
        sign_in(&app, "bea@norte.test", "bea-password-1").await;
    }

    async fn an_expired_invitation_is_refused_and_an_admin_resends_it(app) {
        let cid = client(&app, "Norte").await;
        // Created through the admin screen without a password (Spanish by default).
        let root = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, html) = get(&app, &root, "/admin/users").await;
        let r = post(&app, &root, "/admin/users", &[("_csrf", &csrf(&html)), ("name", "Ana"), ("email", "ana@norte.test"),
            ("role", "client_admin"), ("client_id", &cid.to_string()), ("locale", "es"), ("time_zone", "America/Argentina/Buenos_Aires"), ("password", "")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let uid = app.service.user_id_by_email("ana@norte.test").await.unwrap();
        let mails = mails_to(&app, "ana@norte.test").await;
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0]["subject"], "Elija su contraseña de Atiende");
        let old = link_token(&app, &mails[0]);

        // Eight days later the link is dead: 410 in the user's language, and no password set.
        app.at(8 * 86_400);
        let (s, html) = page(&app, &format!("/password/{old}")).await;
        assert_eq!(s, StatusCode::GONE, "{html}");
        assert!(html.contains("venció"), "{html}");
        let (s, _, _) = form(&app, &format!("/password/{old}"), &[("password", "ana-password-1"), ("password2", "ana-password-1")]).await;
        assert_eq!(s, StatusCode::GONE);
        assert_eq!(login_status(&app, "ana@norte.test", "ana-password-1").await, StatusCode::UNAUTHORIZED);

        // Only admins resend (another client's admin gets 404).
        let (_, _, other) = app.client_with_admin("Sur").await;
        let (s, _) = app.post(&format!("/api/v1/users/{uid}/invite"), &other, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v) = app.post(&format!("/api/v1/users/{uid}/invite"), &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::ACCEPTED, "{v}");
        assert_eq!(v["to"], "ana@norte.test");
        // The button on the user's edit page does the same (each resend ends the earlier link).
        let root = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, html) = get(&app, &root, &format!("/admin/users/{uid}")).await;
        assert!(html.contains(&format!("/admin/users/{uid}/invite")), "{html}");
        let r = post(&app, &root, &format!("/admin/users/{uid}/invite"), &[("_csrf", &csrf(&html))]).await;
        assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some("/admin/users?ok=invited")), "{}", r.body);
        let mails = mails_to(&app, "ana@norte.test").await;
        assert_eq!(mails.len(), 3);
        let replaced = link_token(&app, &mails[1]);
        let (s, _) = page(&app, &format!("/password/{replaced}")).await;
        assert_eq!(s, StatusCode::GONE, "a newer invitation ends the earlier one");
        let fresh = link_token(&app, &mails[2]);
        let (s, location, body) = form(&app, &format!("/password/{fresh}"), &[("password", "ana-password-1"), ("password2", "ana-password-1")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        assert!(location.unwrap().starts_with("/login?done=password"));
        sign_in(&app, "ana@norte.test", "ana-password-1").await;
        let (s, _) = page(&app, &format!("/password/{old}")).await;
        assert_eq!(s, StatusCode::GONE);
    }

    async fn a_reset_answers_alike_and_ends_every_old_way_in(app) {
        let (_, _, api_token) = app.client_with_admin("Norte").await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        assert!(token_works(&app, &api_token).await);

        // The login page links to the form.
        let (_, html) = page(&app, "/login").await;
        assert!(html.contains("href=\"/forgot-password"), "{html}");
        let (s, html) = page(&app, "/forgot-password").await;
        assert_eq!(s, StatusCode::OK, "{html}");

        // An unknown and a known address: the same status, the same page, the same time floor.
        let started = Instant::now();
        let unknown = form(&app, "/forgot-password", &[("email", "nadie@norte.test")]).await;
        let unknown_took = started.elapsed();
        let started = Instant::now();
        let known = form(&app, "/forgot-password", &[("email", "Admin@Norte.test")]).await;
        let known_took = started.elapsed();
        assert_eq!(unknown.0, StatusCode::OK, "{}", unknown.2);
        assert_eq!((unknown.0, &unknown.2), (known.0, &known.2));
        assert!(known.2.contains("Si la dirección corresponde a un usuario"), "{}", known.2);
        assert!(unknown_took >= Duration::from_millis(290) && known_took >= Duration::from_millis(290),
            "{unknown_took:?} {known_took:?}");
        // Only the known one got a mail.
        assert!(mails_to(&app, "nadie@norte.test").await.is_empty());
        let mails = mails_to(&app, "admin@norte.test").await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0]["subject"], "Restablecer su contraseña de Atiende");
        let token = link_token(&app, &mails[0]);
        let row = store::account_tokens::by_hash(&app.service.db, &service::auth::hash_token(&token)).await.unwrap().expect("stored");
        assert_eq!((row.purpose.as_str(), row.expires_at_us - row.created_at_us), ("reset", 3_600 * 1_000_000));

        // The new password: the old one, the old session and the old API token stop working.
        let (s, html) = page(&app, &format!("/password/{token}")).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("Elija una contraseña nueva"), "{html}");
        let (s, _, body) = form(&app, &format!("/password/{token}"), &[("password", "brand-new-pass-1"), ("password2", "brand-new-pass-1")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(login_status(&app, "admin@norte.test", "client-password-1").await, StatusCode::UNAUTHORIZED);
        let (s, _) = get(&app, &cookie, "/portal").await;
        assert_eq!(s, StatusCode::SEE_OTHER, "the old session survived the reset");
        assert!(!token_works(&app, &api_token).await, "the old API token survived the reset");
        sign_in(&app, "admin@norte.test", "brand-new-pass-1").await;

        // A reset link lives one hour.
        form(&app, "/forgot-password", &[("email", "admin@norte.test")]).await;
        let late = link_token(&app, mails_to(&app, "admin@norte.test").await.last().unwrap());
        app.at(3_601);
        let (s, _) = page(&app, &format!("/password/{late}")).await;
        assert_eq!(s, StatusCode::GONE);

        // A deactivated user gets no mail, and the same answer.
        let uid = app.service.user_id_by_email("admin@norte.test").await.unwrap();
        app.ok(&format!("/api/v1/users/{uid}/deactivate"), &app.admin, json!({})).await;
        let before = mails_to(&app, "admin@norte.test").await.len();
        let r = form(&app, "/forgot-password", &[("email", "admin@norte.test")]).await;
        assert_eq!((r.0, &r.2), (known.0, &known.2));
        assert_eq!(mails_to(&app, "admin@norte.test").await.len(), before);
    }

    async fn reset_mails_per_address_are_limited(app) {
        app.client_with_admin("Norte").await;
        let mut answers = Vec::new();
        for _ in 0..5 {
            answers.push(form(&app, "/forgot-password", &[("email", "admin@norte.test")]).await);
        }
        // Every request gets the same answer; only three mails leave in the hour.
        assert!(answers.iter().all(|a| a.0 == StatusCode::OK && a.2 == answers[0].2));
        let mails = mails_to(&app, "admin@norte.test").await;
        assert_eq!(mails.len(), 3, "{mails:?}");
        // Each new reset ends the earlier unused ones: only the last link works.
        for (i, m) in mails.iter().enumerate() {
            let (s, _) = page(&app, &format!("/password/{}", link_token(&app, m))).await;
            assert_eq!(s, if i == 2 { StatusCode::OK } else { StatusCode::GONE }, "link {i}");
        }
        // An hour later, one more may go.
        app.at(3_601);
        form(&app, "/forgot-password", &[("email", "admin@norte.test")]).await;
        assert_eq!(mails_to(&app, "admin@norte.test").await.len(), 4);
    }
}
