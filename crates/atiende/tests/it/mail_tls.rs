//! Mail over TLS through the REAL Postfix and Dovecot (tests/it/mail_servers.rs), whose
//! certificate (for `localhost` and 127.0.0.1) chains to a test CA: a node given that CA
//! (`ATIENDE_MAIL_CA_FILE`) reads mail over `imaps://` and STARTTLS (`imap://…?tls=required`)
//! and sends it over `smtps://` and STARTTLS (`smtp://…?tls=required`). A node without it
//! talks to the same servers and fails with a certificate error naming the mailbox or the
//! server, never a password; the mail stays unseen on the server, or queued in the outbox.

use std::time::Duration;

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{
    Service,
    jobs::{JobKind, Periodic, RunnerConfig},
    mail_in::{MailInConfig, Outcome},
    notify::MailSettings,
};

use crate::{
    both_backends,
    harness::TestApp,
    mail_servers::{
        IMAP_PORT, IMAPS_PORT, MailServers, PASSWORD, SMTP_PORT, SMTPS_PORT, header, test_ca,
    },
};

const WAIT: Duration = Duration::from_secs(20);
const ADMIN: &str = "admin@norte.test";

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "tls-node".into(),
        lease: SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

fn mail(from: &str, subject: &str, body: &str) -> String {
    let id = uuid::Uuid::new_v4().simple();
    format!(
        "From: {from}\r\nTo: soporte@atiende.test\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@mail.norte.test>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

/// A node reading `url`'s mailbox, trusting the test CA or only the Mozilla roots.
fn reader(app: &TestApp, url: &str, with_ca: bool) -> Service {
    let node = app
        .service
        .clone()
        .with_mail_in(MailInConfig::from_values(url, None, None).expect("mailbox"));
    if with_ca {
        node.with_mail_tls(test_ca())
    } else {
        node
    }
}

/// A node sending the outbox through `url`, trusting the test CA or only the Mozilla roots.
fn sender(app: &TestApp, url: &str, with_ca: bool) -> Service {
    let node = app.service.clone().with_mail(MailSettings {
        smtp_url: Some(url.to_string()),
        ..MailSettings::default()
    });
    if with_ca {
        node.with_mail_tls(test_ca())
    } else {
        node
    }
}

/// Every `inbound_mail` row, whatever its state.
async fn inbound(app: &TestApp) -> Vec<Value> {
    let mut rows = Vec::new();
    for state in ["ticket", "reply", "review", "discarded", "refused"] {
        let (s, v) = app
            .get(&format!("/api/v1/inbound-mail?state={state}"), &app.admin)
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        rows.extend(v.as_array().expect("list").iter().cloned());
    }
    rows
}

/// The outbox's messages to `to`, newest first.
async fn outbox_to(app: &TestApp, to: &str) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/outbox?limit=500", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array()
        .expect("list")
        .iter()
        .filter(|m| m["to"] == to)
        .cloned()
        .collect()
}

both_backends! {
    async fn mail_read_over_imaps_and_starttls_with_the_test_ca_becomes_tickets(app) {
        let Some(mail_servers) = MailServers::available_with_tls().await else { return };
        app.client_with_admin("Norte").await;
        // TLS from the first byte to a name and to an IP address, and STARTTLS.
        let forms = [
            (format!("imaps://{{a}}:{PASSWORD}@localhost:{IMAPS_PORT}/INBOX"),
             format!("imaps://{{a}}@localhost:{IMAPS_PORT}/INBOX")),
            (format!("imaps://{{a}}:{PASSWORD}@127.0.0.1:{IMAPS_PORT}"),
             format!("imaps://{{a}}@127.0.0.1:{IMAPS_PORT}/INBOX")),
            (format!("imap://{{a}}:{PASSWORD}@127.0.0.1:{IMAP_PORT}/INBOX?tls=required"),
             format!("imap://{{a}}@127.0.0.1:{IMAP_PORT}/INBOX?tls=required")),
        ];
        for (n, (url, label)) in forms.iter().enumerate() {
            let address = MailServers::unique_address("tls");
            let (url, label) = (url.replace("{a}", &address), label.replace("{a}", &address));
            let subject = format!("Por TLS {n}");
            mail_servers.send_raw(ADMIN, &address, mail(ADMIN, &subject, "Llegó cifrado.").as_bytes()).await;
            mail_servers.wait_for(&address, 1, WAIT).await;

            let node = reader(&app, &url, true);
            let report = node.mail_poll_step().await.unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(report.errors, 0, "{label}: {report:?}");
            let [Outcome::Ticket(id)] = report.outcomes[..] else {
                panic!("{label}: expected one new ticket, got {report:?}")
            };
            let (s, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
            assert_eq!(s, StatusCode::OK, "{t}");
            assert_eq!(t["subject"], subject.as_str());
            // Flagged \Seen over the same TLS session: the next poll reads nothing.
            assert!(node.mail_poll_step().await.expect("second poll").outcomes.is_empty(), "{label}");
            let row = inbound(&app).await.into_iter().find(|r| r["ticket_id"] == id).expect("inbound row");
            assert_eq!(row["mailbox"], label.as_str(), "the mailbox as shown, TLS form included");
            assert!(!row["mailbox"].as_str().unwrap().contains(&format!(":{PASSWORD}@")), "{row}");
        }
    }

    async fn without_the_test_ca_imap_over_tls_fails_with_a_certificate_error_and_the_mail_waits(app) {
        let Some(mail_servers) = MailServers::available_with_tls().await else { return };
        app.client_with_admin("Norte").await;
        let address = MailServers::unique_address("tls-sin-ca");
        let url = format!("imaps://{address}:{PASSWORD}@localhost:{IMAPS_PORT}/INBOX");
        mail_servers.send_raw(ADMIN, &address, mail(ADMIN, "Sin CA", "Espero.").as_bytes()).await;
        mail_servers.wait_for(&address, 1, WAIT).await;

        // The mail_poll job, on a node that trusts the Mozilla roots only: it fails, and its
        // error (what admins read at /admin/jobs) names the mailbox and the certificate.
        let untrusting = reader(&app, &url, false);
        untrusting
            .schedule_periodic(&[Periodic { kind: JobKind::MailPoll, every: SignedDuration::from_secs(30) }])
            .await
            .expect("schedule");
        let r = untrusting.run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (0, 1), "{r:?}");
        let (s, jobs) = app.get("/api/v1/jobs", &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{jobs}");
        let job = jobs["jobs"].as_array().unwrap().iter().find(|j| j["id"] == r.failed[0]).expect("the job");
        let error = job["last_error"].as_str().expect("an error");
        assert!(
            error.contains(&format!("imaps://{address}@localhost:{IMAPS_PORT}/INBOX: tls handshake: invalid peer certificate: UnknownIssuer")),
            "{error}"
        );
        assert!(!error.contains(&format!(":{PASSWORD}@")), "no password: {error}");
        assert!(inbound(&app).await.is_empty(), "nothing recorded");

        // STARTTLS without the CA fails the same way, before the login.
        let starttls = format!("imap://{address}:{PASSWORD}@127.0.0.1:{IMAP_PORT}/INBOX?tls=required");
        let err = reader(&app, &starttls, false).mail_poll_step().await.expect_err("untrusted").to_string();
        assert!(
            err.contains(&format!("imap://{address}@127.0.0.1:{IMAP_PORT}/INBOX?tls=required: tls handshake: invalid peer certificate: UnknownIssuer")),
            "{err}"
        );
        assert!(!err.contains(&format!(":{PASSWORD}@")), "no password: {err}");

        // The message was left unseen: with the CA, the next poll makes its ticket.
        let got = reader(&app, &url, true).mail_poll_step().await.expect("poll with the CA").outcomes;
        assert!(matches!(got[..], [Outcome::Ticket(_)]), "{got:?}");
    }

    async fn outgoing_mail_over_smtps_and_starttls_with_the_test_ca_and_queued_without(app) {
        let Some(mail_servers) = MailServers::available_with_tls().await else { return };
        let address = MailServers::unique_address("ana-tls");
        let c = app.ok("/api/v1/clients", &app.admin, json!({"name": "Norte", "tax_id": "T-1", "time_zone": "America/Argentina/Buenos_Aires"})).await;
        let u = app.ok("/api/v1/users", &app.admin, json!({"email": address, "name": "Ana Norte", "role": "client_admin",
            "client_id": c["id"], "password": "client-password-1"})).await;
        let (_, client) = app.service.create_token(u["id"].as_i64().unwrap(), "t").await.expect("token");
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (s, t) = app.post("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "high", "subject": "El campus no carga", "body": "Error 500"})).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        let id = t["id"].as_i64().unwrap();
        let reply = |body: &'static str| {
            let (app, agent) = (&app, &agent);
            async move {
                let (s, v) = app.post(&format!("/api/v1/tickets/{id}/messages"), agent, json!({"body": body})).await;
                assert_eq!(s, StatusCode::CREATED, "{v}");
            }
        };
        let smtps = format!("smtps://127.0.0.1:{SMTPS_PORT}");
        let starttls = format!("smtp://127.0.0.1:{SMTP_PORT}?tls=required");

        // With the CA: the "received" notice over TLS from the first byte…
        let r = sender(&app, &smtps, true).run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (1, 0), "{r:?}");
        let got = mail_servers.wait_for(&address, 1, WAIT).await;
        assert!(header(&got[0], "Subject").unwrap().contains(&format!("T-{id:07}")));
        // …and the agent's reply over STARTTLS.
        reply("Lo miramos por TLS").await;
        let r = sender(&app, &starttls, true).run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (1, 0), "{r:?}");
        let got = mail_servers.wait_for(&address, 2, WAIT).await;
        assert!(got.iter().any(|m| String::from_utf8_lossy(m).contains("Lo miramos por TLS")));
        let sent = outbox_to(&app, &address).await;
        assert!(sent.iter().all(|m| m["state"] == "sent"), "{sent:?}");

        // Without it, both forms fail on the certificate; the message stays queued with why.
        reply("Esto espera").await;
        let r = sender(&app, &smtps, false).run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (0, 1), "{r:?}");
        let m = &outbox_to(&app, &address).await[0];
        assert_eq!((m["state"].as_str(), m["attempts"].as_i64()), (Some("queued"), Some(1)), "{m}");
        let error = m["last_error"].as_str().unwrap();
        assert!(error.contains(&smtps) && error.contains("invalid peer certificate: UnknownIssuer"), "{error}");
        app.clock.advance(SignedDuration::from_secs(31));
        let r = sender(&app, &starttls, false).run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (0, 1), "{r:?}");
        let m = &outbox_to(&app, &address).await[0];
        assert_eq!((m["state"].as_str(), m["attempts"].as_i64()), (Some("queued"), Some(2)), "{m}");
        let error = m["last_error"].as_str().unwrap();
        assert!(error.contains(&starttls) && error.contains("invalid peer certificate: UnknownIssuer"), "{error}");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(mail_servers.fetch_all(&address).await.len(), 2, "nothing went out without the CA");

        // With the CA again, the queued message goes once its back-off is over.
        app.clock.advance(SignedDuration::from_secs(61));
        let r = sender(&app, &smtps, true).run_due_jobs(&runner()).await.expect("round");
        assert_eq!((r.done.len(), r.failed.len()), (1, 0), "{r:?}");
        let got = mail_servers.wait_for(&address, 3, WAIT).await;
        assert!(got.iter().any(|m| String::from_utf8_lossy(m).contains("Esto espera")));
        assert_eq!(outbox_to(&app, &address).await[0]["state"], "sent");
    }
}
