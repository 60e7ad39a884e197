//! Notifications: written with the change that causes them (in-app for staff, e-mail in the
//! outbox for everyone), SLA warnings once per threshold in counted time, the breach to the
//! supervisors, and the outbox delivered to a real SMTP server without loss or duplicates.

use std::time::Duration;

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{
    Service,
    jobs::RunnerConfig,
    notify::{MailSettings, mail_out::NO_SMTP},
};

use crate::{
    both_backends,
    harness::TestApp,
    mail_servers::{MailServers, header},
    web_client::{get, sign_in},
};

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "test-node".into(),
        lease: SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

async fn outbox(app: &TestApp) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/outbox", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("list").clone()
}

async fn notices(app: &TestApp, token: &str) -> Value {
    let (s, v) = app.get("/api/v1/notifications", token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn ticket(app: &TestApp, token: &str, priority: &str) -> i64 {
    let (s, t) = app
        .post("/api/v1/tickets", token, json!({"category": "technical", "priority": priority, "subject": "El campus no carga", "body": "Error 500"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t["id"].as_i64().expect("id")
}

both_backends! {
    async fn the_client_hears_of_their_ticket_and_the_agent_of_the_clients_reply(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let id = ticket(&app, &client, "high").await;
        let mails = outbox(&app).await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        let m = &mails[0];
        assert_eq!((m["to"].as_str(), m["state"].as_str()), (Some("admin@norte.test"), Some("queued")));
        let subject = m["subject"].as_str().unwrap();
        assert!(subject.starts_with(&format!("[T-{id:07}] Recibimos su ticket")), "{subject}");
        let body = m["body"].as_str().unwrap();
        assert!(body.contains("Prioridad: Alta") && body.contains("/portal/tickets/"), "{body}");
        assert!(body.contains("02/11/2026 19:00"), "due in the client admin's zone (Buenos Aires): {body}");

        // The agent answers and asks for something in one submit: one e-mail, not two.
        let (s, v) = app.post(&format!("/api/v1/tickets/{id}/messages"), &agent,
            json!({"body": "¿Qué error ven?", "status": "waiting_on_client"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let mails = outbox(&app).await;
        assert_eq!(mails.len(), 2);
        assert!(mails[0]["subject"].as_str().unwrap().contains("Esperamos su respuesta"), "{}", mails[0]["subject"]);
        assert!(mails[0]["body"].as_str().unwrap().contains("¿Qué error ven?"));
        assert_eq!(notices(&app, &agent).await["unread"], 0, "an agent is not told of their own reply");

        // The client answers: the agent (assigned by their first reply) hears it in the app.
        let (s, _) = app.post(&format!("/api/v1/tickets/{id}/messages"), &client, json!({"body": "Error 500 al entrar"})).await;
        assert_eq!(s, StatusCode::CREATED);
        let n = notices(&app, &agent).await;
        assert_eq!(n["unread"], 1, "{n}");
        assert_eq!(n["items"][0]["kind"], "client_replied");
        assert_eq!(n["items"][0]["ticket_id"], id);
        assert_eq!(n["items"][0]["title"], format!("T-{id:07} · El cliente respondió: El campus no carga"), "{n}");
        // ...and sees it in the bell.
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, page) = get(&app, &cookie, "/console").await;
        let bell = &page[page.find("id=\"bell\"").expect("bell")..];
        assert!(bell[..200].contains("1 sin leer"), "{}", &bell[..200]);
        let (s, list) = get(&app, &cookie, "/notifications").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.contains("El cliente respondió: El campus no carga"), "{list}");
        // Nobody else reads or marks it.
        let note = n["items"][0]["id"].as_i64().unwrap();
        let (s, _) = app.post(&format!("/api/v1/notifications/{note}/read"), &client, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(notices(&app, &client).await["items"], json!([]), "client admins are told by e-mail");
        let (s, _) = app.get("/api/v1/outbox", &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = app.post(&format!("/api/v1/notifications/{note}/read"), &agent, json!({})).await;
        assert_eq!((s, v["marked"].as_i64()), (StatusCode::OK, Some(1)));
        assert_eq!(notices(&app, &agent).await["unread"], 0);

        // The agent gets the client's reply by e-mail too (their preference's default).
        let mails = outbox(&app).await;
        assert_eq!((mails.len(), mails[0]["to"].as_str()), (3, Some("agent@provider.test")));
        // No SMTP server configured: delivery marks them "not sent", readable in the outbox.
        let r = app.service.run_due_jobs(&runner()).await.expect("round");
        assert_eq!(r.done.len(), 3, "{r:?}");
        for m in outbox(&app).await {
            assert_eq!((m["state"].as_str(), m["last_error"].as_str()), (Some("unsent"), Some(NO_SMTP)), "{m}");
        }
    }

    async fn warnings_fall_in_business_time_once_per_threshold_and_a_breach_escalates(app) {
        let (cid, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (_, boss) = app.staff("jefa@provider.test", "supervisor").await;
        let (_, plan) = crate::business_hours::business_plan(&app).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": plan, "start_date": "2026-01-01"})).await;
        // Friday 2026-11-06 16:00 in Madrid; high = 9 business hours; Monday is a holiday.
        // 75 % (6 h 45 min) is reached on Tuesday at 14:45 Madrid, 90 % at 16:06, due at 17:00.
        app.clock.set("2026-11-06T15:00:00Z".parse().unwrap());
        let id = ticket(&app, &client, "high").await;
        let warnings = |v: &Value| v["items"].as_array().unwrap().iter()
            .filter(|n| n["kind"] == "sla_warning").map(|n| n["title"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        for night in ["2026-11-06T19:00:00Z", "2026-11-07T12:00:00Z", "2026-11-09T11:00:00Z", "2026-11-10T13:44:00Z"] {
            app.clock.set(night.parse().unwrap());
            app.watch().await;
            assert_eq!(warnings(&notices(&app, &agent).await), Vec::<String>::new(), "nothing at {night}");
        }
        app.clock.set("2026-11-10T13:46:00Z".parse().unwrap());
        app.watch().await;
        app.watch().await;
        let w = warnings(&notices(&app, &agent).await);
        assert_eq!(w.len(), 1, "once, to the agents while unassigned: {w:?}");
        assert!(w[0].contains("75 %"), "{w:?}");
        app.clock.set("2026-11-10T15:07:00Z".parse().unwrap());
        app.watch().await;
        let w = warnings(&notices(&app, &agent).await);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("90 %"), "{w:?}");
        // Lowering the priority puts both thresholds back in the future: they re-arm.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"priority": "low", "priority_reason": "no bloquea"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        app.watch().await;
        assert_eq!(warnings(&notices(&app, &agent).await).len(), 2, "nothing new right away");
        let row = store::tickets::get_ticket(&app.service.db, id).await.unwrap().unwrap();
        assert_eq!(row.sla_alerted, 0, "re-armed");
        // The supervisor hears of a breach once, and the ticket is escalated.
        app.clock.set("2026-11-30T12:00:00Z".parse().unwrap());
        app.watch().await;
        app.watch().await;
        let b = notices(&app, &boss).await;
        let breaches: Vec<_> = b["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "sla_breach").collect();
        assert_eq!(breaches.len(), 1, "{b}");
        let row = store::tickets::get_ticket(&app.service.db, id).await.unwrap().unwrap();
        assert!(row.escalated_at_us.is_some());
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &agent).await;
        assert_eq!(t["escalated_at"], "2026-11-30T12:00:00Z");
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, page) = get(&app, &cookie, &format!("/console/tickets/{id}")).await;
        assert!(page.contains("id=\"escalated\""), "the console shows it escalated");
        let (_, queue) = get(&app, &cookie, "/console?view=all").await;
        assert!(queue.contains("badge escalated"), "and so does the queue");
        assert_eq!(warnings(&notices(&app, &boss).await).len(), 0, "warnings are the agents'");
    }
}

/// The outbox against the real Postfix: threaded messages reach the client's mailbox; an SMTP
/// outage keeps the message queued with the server's answer, and it is sent once afterwards.
#[tokio::test]
async fn the_outbox_reaches_a_real_mailbox_threaded_and_survives_an_smtp_outage() {
    let Some(mail) = MailServers::available().await else {
        return;
    };
    let Some(app) = TestApp::spawn(crate::harness::Backend::Sqlite).await else {
        return;
    };
    let address = MailServers::unique_address("admin");
    let c = app.ok("/api/v1/clients", &app.admin, json!({"name": "Norte", "tax_id": "T-1", "time_zone": "America/Argentina/Buenos_Aires"})).await;
    let u = app
        .ok(
            "/api/v1/users",
            &app.admin,
            json!({"email": address, "name": "Ana Norte", "role": "client_admin",
        "client_id": c["id"], "password": "client-password-1"}),
        )
        .await;
    let (_, client) = app
        .service
        .create_token(u["id"].as_i64().unwrap(), "t")
        .await
        .expect("token");
    let (_, agent) = app.staff("agent@provider.test", "agent").await;
    let node = |smtp: &str| {
        let db = app.service.db.clone();
        Service::new(db, app.clock.clone()).with_mail(MailSettings {
            smtp_url: Some(smtp.to_string()),
            ..MailSettings::default()
        })
    };
    let id = ticket(&app, &client, "urgent").await;

    // The server is down: the attempt fails, the message stays queued with the answer.
    let down = node("smtp://127.0.0.1:9");
    let r = down.run_due_jobs(&runner()).await.expect("round");
    assert_eq!(r.failed.len(), 1, "{r:?}");
    let m = &outbox(&app).await[0];
    assert_eq!(
        (m["state"].as_str(), m["attempts"].as_i64()),
        (Some("queued"), Some(1)),
        "{m}"
    );
    assert!(
        m["last_error"].as_str().unwrap().contains("127.0.0.1:9"),
        "{m}"
    );

    // It is back: the retry (after its back-off) delivers it.
    let up = node(&format!("smtp://{}", mail.smtp));
    assert_eq!(
        up.run_due_jobs(&runner()).await.expect("round").claimed(),
        0,
        "not before the back-off"
    );
    app.clock.advance(SignedDuration::from_secs(31));
    assert_eq!(
        up.run_due_jobs(&runner()).await.expect("round").done.len(),
        1
    );
    let got = mail.wait_for(&address, 1, Duration::from_secs(20)).await;
    assert_eq!(got.len(), 1);
    let m = &outbox(&app).await[0];
    assert_eq!(m["state"], "sent");
    assert_eq!(
        header(&got[0], "Message-ID").as_deref(),
        m["message_id"].as_str()
    );
    let thread = format!("<ticket-{id}@atiende.test>");
    assert_eq!(header(&got[0], "In-Reply-To"), Some(thread.clone()));
    assert_eq!(
        header(&got[0], "Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert!(
        header(&got[0], "Subject")
            .unwrap()
            .contains(&format!("T-{id:07}"))
    );

    // The agent's reply is the second message of the same thread; nothing is sent twice.
    let (s, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            json!({"body": "Lo estamos revisando"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        up.run_due_jobs(&runner()).await.expect("round").done.len(),
        1
    );
    app.clock.advance(SignedDuration::from_hours(2));
    assert_eq!(
        up.run_due_jobs(&runner()).await.expect("round").claimed(),
        0
    );
    let got = mail.wait_for(&address, 2, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got_again = mail.fetch_all(&address).await;
    assert_eq!(got_again.len(), 2, "exactly two messages, no duplicate");
    let second = got
        .iter()
        .find(|raw| header(raw, "Subject").is_some_and(|s| s.contains("Respuesta")))
        .expect("the reply");
    assert_eq!(header(second, "References"), Some(thread));
    let text = String::from_utf8_lossy(second);
    assert!(text.contains("Lo estamos revisando"), "{text}");
}
