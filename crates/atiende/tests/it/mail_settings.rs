//! Mail servers configured by an administrator (API and admin UI) rather than the
//! environment: the password is stored encrypted and never comes back, the environment's
//! settings win and show read-only, and what is saved is what the real Postfix and Dovecot
//! are then used through.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use service::{
    Service,
    jobs::RunnerConfig,
    mail_in::{MailInConfig, Outcome},
    notify::MailSettings,
    secrets::SecretKey,
};

use crate::{
    both_backends,
    harness::TestApp,
    mail_servers::{self, MailServers, header},
    web_client,
};

const SECRET: &str = "Zq7!unique-s3cret";

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "test-node".into(),
        lease: jiff::SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

async fn settings(app: &TestApp) -> Value {
    let (s, v) = app.get("/api/v1/mail-settings", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

both_backends! {
    async fn passwords_are_stored_encrypted_and_never_come_back(app) {
        let (s, v) = app.call(Method::PUT, "/api/v1/mail-settings/smtp", &app.admin, Some(json!({
            "host": "127.0.0.1", "port": 2525, "security": "none",
            "username": "soporte@atiende.test", "password": SECRET,
            "from": "Mesa de ayuda <mesa@atiende.test>"
        }))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["smtp"]["source"], "settings");
        assert_eq!(v["smtp"]["password_set"], true);
        assert_eq!(v["from"], "Mesa de ayuda <mesa@atiende.test>");
        assert_eq!(v["from_source"], "settings");
        let (s, b) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "imap.example.com", "security": "tls", "username": "soporte@example.com",
            "password": SECRET
        })).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        assert_eq!(b["port"], 993, "the default port for TLS");
        assert_eq!(b["label"], "imaps://soporte@example.com@imap.example.com:993/INBOX");

        // Neither the API, nor the page, nor the stored row holds the password in clear.
        let all = settings(&app).await.to_string() + &b.to_string() + &v.to_string();
        assert!(!all.contains(SECRET), "{all}");
        let cookie = web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = web_client::get(&app, &cookie, "/admin/mail").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("imap.example.com") && !html.contains(SECRET), "{html}");
        let rows = store::mail_servers::list_mail_servers(&app.service.db).await.expect("rows");
        assert_eq!(rows.len(), 2);
        for r in &rows {
            let stored = r.password_enc.as_deref().expect("a password is stored");
            assert!(stored.starts_with("v1.") && !stored.contains(SECRET), "{stored}");
        }

        // An update without a password keeps it; the live SMTP URL carries it.
        let (s, v) = app.call(Method::PUT, "/api/v1/mail-settings/smtp", &app.admin, Some(json!({
            "host": "127.0.0.1", "port": 2526, "security": "none", "username": "soporte@atiende.test"
        }))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["smtp"]["password_set"], true, "kept");
        assert_eq!(v["smtp"]["port"], 2526);

        // Only administrators see or change it.
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (s, _) = app.get("/api/v1/mail-settings", &agent).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.post("/api/v1/mail-settings/mailboxes", &agent, json!({
            "host": "x", "security": "tls", "username": "u", "password": "p"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn bad_mail_settings_are_refused_field_by_field(app) {
        // A password in clear over the network is refused; to this machine it is allowed.
        let (s, v) = app.call(Method::PUT, "/api/v1/mail-settings/smtp", &app.admin, Some(json!({
            "host": "smtp.example.com", "security": "none", "username": "u", "password": "p"
        }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "security", "{v}");
        assert_eq!(v["errors"][0]["code"], "plaintext_password", "{v}");
        let (s, v) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "imap://x/", "port": 0, "security": "ssl", "username": "", "from": "x"
        })).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "unknown field `from`: {v}");
        let (s, v) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "imap://x/", "port": 0, "security": "ssl", "username": ""
        })).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let mut fields: Vec<&str> = v["errors"].as_array().unwrap().iter()
            .map(|e| e["field"].as_str().unwrap()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["host", "password", "port", "security", "username"], "{v}");
        let (s, v) = app.call(Method::PUT, "/api/v1/mail-settings/mailboxes/999", &app.admin, Some(json!({
            "host": "h", "security": "tls", "username": "u", "password": "p"}))).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        assert!(store::mail_servers::list_mail_servers(&app.service.db).await.unwrap().is_empty());

        // The same refusals on the page, next to their fields, in the admin's language.
        let cookie = web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, html) = web_client::get(&app, &cookie, "/admin/mail").await;
        let csrf = web_client::csrf(&html);
        let r = web_client::post(&app, &cookie, "/admin/mail/mailboxes", &[
            ("_csrf", &csrf), ("host", "mail.example.com"), ("port", "abc"),
            ("security", "none"), ("username", "u@example.com"), ("password", SECRET),
            ("folder", "INBOX"), ("enabled", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Puerto: un número de puerto"), "{}", r.body);
        assert!(!r.body.contains(SECRET), "a refused password is not echoed back");
        let r = web_client::post(&app, &cookie, "/admin/mail/mailboxes", &[
            ("_csrf", &csrf), ("host", "mail.example.com"), ("port", ""),
            ("security", "none"), ("username", "u@example.com"), ("password", SECRET),
            ("folder", "INBOX"), ("enabled", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Seguridad: una contraseña solo se envía con STARTTLS o TLS"), "{}", r.body);
        let r = web_client::post(&app, &cookie, "/admin/mail/mailboxes", &[
            ("_csrf", &csrf), ("host", "mail.example.com"), ("port", ""),
            ("security", "tls"), ("username", "u@example.com"), ("password", SECRET),
            ("folder", "Soporte"), ("enabled", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, html) = web_client::get(&app, &cookie, "/admin/mail?ok=created").await;
        assert!(html.contains("imaps://u@example.com@mail.example.com:993/Soporte"), "{html}");
    }

    async fn the_environment_wins_and_shows_read_only(app) {
        let env_url = format!("smtp://envuser:{SECRET}@127.0.0.1:2525");
        let svc = app.service.clone()
            .with_mail(MailSettings {
                smtp_url: Some(env_url),
                from: "Env <env@atiende.test>".into(),
                from_fixed: true,
                ..MailSettings::default()
            })
            .with_mail_in(MailInConfig::from_values("imap://box%40atiende.test:pw@127.0.0.1:1143", None, None).unwrap());
        let admin = svc.authenticate_token(&app.admin).await.expect("admin");
        svc.save_smtp_setting(&admin, &service::mail_settings::SmtpInput {
            host: "127.0.0.1".into(), security: "none".into(), from: "Saved <saved@atiende.test>".into(),
            ..Default::default()
        }).await.expect("saved");
        let v = svc.mail_settings(&admin).await.expect("view");
        let smtp = v.smtp.as_ref().expect("smtp");
        assert_eq!((smtp.source.as_str(), smtp.label.as_str()), ("environment", "smtp://envuser:…@127.0.0.1:2525"));
        assert!(v.smtp_saved_overridden);
        assert_eq!((v.from.as_str(), v.from_source.as_str()), ("Env <env@atiende.test>", "environment"));
        assert_eq!(v.mailboxes.len(), 1);
        assert_eq!(v.mailboxes[0].source, "environment");
        assert!(!format!("{v:?}").contains(SECRET));
        let live = svc.reload_mail_settings().await.expect("live");
        assert!(live.smtp_url.as_deref().unwrap().contains(SECRET), "the jobs get the password");
        assert!(!format!("{live:?}").contains(SECRET), "a log line never does: {live:?}");
    }
}

// What is saved through the API is what the jobs use: the saved mailbox on the real Dovecot
// is read into a ticket, and the notice for it leaves through the saved SMTP server (the
// real Postfix) with the saved From.
both_backends! {
    async fn a_saved_mailbox_is_read_and_a_saved_smtp_server_sends(app) {
        let Some(mail) = MailServers::available().await else { return };
        let support = MailServers::unique_address("soporte");
        let admin_addr = MailServers::unique_address("admin");
        let c = app.ok("/api/v1/clients", &app.admin, json!({"name": "Norte", "tax_id": "T-1", "time_zone": "America/Argentina/Buenos_Aires"})).await;
        app.ok("/api/v1/campuses", &app.admin, json!({"client_id": c["id"], "url": "https://campus.norte.test", "platform": "Moodle", "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"})).await;
        app.ok("/api/v1/users", &app.admin, json!({"email": admin_addr, "name": "Ana Norte",
            "role": "client_admin", "client_id": c["id"], "password": "client-password-1"})).await;

        let (s, v) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "127.0.0.1", "port": mail_servers::IMAP_PORT, "security": "none",
            "username": support, "password": mail_servers::PASSWORD
        })).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, v) = app.call(Method::PUT, "/api/v1/mail-settings/smtp", &app.admin, Some(json!({
            "host": "127.0.0.1", "port": mail_servers::SMTP_PORT, "security": "none",
            "from": format!("Mesa de ayuda <{support}>")
        }))).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        let raw = format!(
            "From: Ana <{admin_addr}>\r\nTo: {support}\r\nSubject: Sin acceso al campus\r\n\
             Message-ID: <{}@norte.test>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\nNo podemos entrar.\r\n",
            uuid::Uuid::new_v4().simple()
        );
        mail.send_raw(&admin_addr, &support, raw.as_bytes()).await;
        mail.wait_for(&support, 1, Duration::from_secs(20)).await;
        let r = app.service.mail_poll_step().await.expect("poll");
        assert!(matches!(r.outcomes.as_slice(), [Outcome::Ticket(_)]), "{r:?}");

        // The "received" notice goes out through the saved server, from the saved address.
        let done = app.service.run_due_jobs(&runner()).await.expect("round");
        assert!(!done.done.is_empty(), "{done:?}");
        let got = mail.wait_for(&admin_addr, 1, Duration::from_secs(20)).await;
        let from = header(&got[0], "From").expect("From");
        assert!(from.contains(&support), "{from}");

        // "Check connection" logs in without sending or reading anything; a failure is an
        // answer with the server's words (never the password), on the API and on the page.
        let ids: Vec<i64> = settings(&app).await["mailboxes"].as_array().unwrap().iter()
            .map(|m| m["id"].as_i64().unwrap()).collect();
        let smtp_id = settings(&app).await["smtp"]["id"].as_i64().unwrap();
        for id in [ids[0], smtp_id] {
            let (s, c) = app.post(&format!("/api/v1/mail-settings/{id}/check"), &app.admin, json!({})).await;
            assert_eq!(s, StatusCode::OK, "{c}");
            assert_eq!(c["ok"], true, "{c}");
        }
        let (_, wrong) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "127.0.0.1", "port": mail_servers::IMAP_PORT, "security": "none",
            "username": support, "password": SECRET})).await;
        let (_, untrusted) = app.post("/api/v1/mail-settings/mailboxes", &app.admin, json!({
            "host": "localhost", "port": mail_servers::IMAPS_PORT, "security": "tls",
            "username": support, "password": mail_servers::PASSWORD, "enabled": false})).await;
        let (_, c) = app.post(&format!("/api/v1/mail-settings/{}/check", wrong["id"]), &app.admin, json!({})).await;
        assert_eq!(c["ok"], false, "{c}");
        let detail = c["detail"].as_str().unwrap();
        assert!(detail.contains("login") && !detail.contains(SECRET), "{detail}");
        let cookie = web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, html) = web_client::get(&app, &cookie, "/admin/mail").await;
        let r = web_client::post(&app, &cookie, &format!("/admin/mail/{}/check", untrusted["id"]),
            &[("_csrf", &web_client::csrf(&html))]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("La conexión falló") && r.body.contains("UnknownIssuer"), "{}", r.body);
        app.call(Method::DELETE, &format!("/api/v1/mail-settings/mailboxes/{}", wrong["id"]), &app.admin, None).await;

        // A node with another key cannot read the saved password: it says so, it does not
        // quietly log in without it.
        let other = Service::new(app.service.db.clone(), app.clock.clone())
            .with_secret_key(SecretKey::ephemeral());
        let err = other.mail_poll_step().await.expect_err("cannot decrypt");
        assert!(err.to_string().contains("another secret key"), "{err}");
        let admin = other.authenticate_token(&app.admin).await.expect("admin");
        let view = other.mail_settings(&admin).await.expect("view");
        assert!(view.mailboxes[0].problem.as_deref().unwrap().contains("another secret key"));
    }
}
