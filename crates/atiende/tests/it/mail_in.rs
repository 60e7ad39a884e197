//! Incoming mail → tickets, through the REAL Postfix and Dovecot (tests/it/mail_servers.rs):
//! each test sends to a fresh mailbox, points a Service at it and runs the poll step directly.

use std::time::Duration;

use futures_util::TryStreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{
    Service,
    mail_in::{MailInConfig, Outcome},
};

use crate::{both_backends, harness::TestApp, mail_servers::MailServers, web_client};

const WAIT: Duration = Duration::from_secs(20);

/// A mailbox of our own on the test servers and a Service that reads it.
struct Inbox {
    mail: MailServers,
    address: String,
    svc: Service,
}

impl Inbox {
    async fn new(app: &TestApp, max_bytes: Option<&str>) -> Option<Inbox> {
        Inbox::with_limits(app, max_bytes, None).await
    }

    /// With `ATIENDE_MAIL_MAX_BYTES` and `ATIENDE_MAIL_SENDER_LIMIT` as given.
    async fn with_limits(
        app: &TestApp,
        max_bytes: Option<&str>,
        sender_limit: Option<&str>,
    ) -> Option<Inbox> {
        let mail = MailServers::available().await?;
        let address = MailServers::unique_address("soporte");
        let url = format!(
            "imap://{address}:{}@127.0.0.1:{}/INBOX",
            crate::mail_servers::PASSWORD,
            crate::mail_servers::IMAP_PORT
        );
        let cfg = MailInConfig::from_values(&url, max_bytes, sender_limit).expect("mailbox config");
        let svc = app.service.clone().with_mail_in(cfg);
        Some(Inbox { mail, address, svc })
    }

    /// Sends `raw` from `from` and waits until the mailbox holds `total` messages.
    async fn deliver(&self, from: &str, raw: &str, total: usize) {
        self.mail
            .send_raw(from, &self.address, raw.as_bytes())
            .await;
        self.mail.wait_for(&self.address, total, WAIT).await;
    }

    async fn poll(&self) -> Vec<Outcome> {
        let r = self.svc.mail_poll_step().await.expect("poll");
        assert_eq!(r.errors, 0, "no message failed: {r:?}");
        r.outcomes
    }

    /// Clears `\Seen` on every message, as if the process died between its commit and the
    /// flag.
    async fn unflag_all(&self) {
        let tcp = tokio::net::TcpStream::connect(self.mail.imap)
            .await
            .expect("imap");
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.expect("greeting");
        let mut s = client
            .login(&self.address, crate::mail_servers::PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .expect("login");
        s.select("INBOX").await.expect("select");
        let _: Vec<_> = s
            .uid_store("1:*", "-FLAGS (\\Seen)")
            .await
            .expect("store")
            .try_collect()
            .await
            .expect("store");
        s.logout().await.expect("logout");
    }
}

fn mail(from: &str, subject: &str, headers: &str, body: &str) -> String {
    let id = uuid::Uuid::new_v4().simple();
    format!(
        "From: {from}\r\nTo: soporte@atiende.test\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@mail.norte.test>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

const ADMIN: &str = "admin@norte.test";

fn ticket_id(o: &Outcome) -> i64 {
    match o {
        Outcome::Ticket(id) => *id,
        other => panic!("expected a new ticket, got {other:?}"),
    }
}

async fn tickets(app: &TestApp) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/tickets", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().expect("items").clone()
}

async fn messages(app: &TestApp, id: i64) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/tickets/{id}/messages"), &app.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("messages").clone()
}

async fn inbound(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/inbound-mail{query}"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("list").clone()
}

both_backends! {
    async fn a_client_admins_mail_opens_a_ticket_once(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        let (client_id, campus_id, client) = app.client_with_admin("Norte").await;
        let raw = mail("Admin Norte <ADMIN@Norte.test>", "El campus no carga", "", "Desde esta mañana da error 500.");
        inbox.deliver(ADMIN, &raw, 1).await;

        let got = inbox.poll().await;
        assert_eq!(got.len(), 1, "{got:?}");
        let id = ticket_id(&got[0]);
        let (s, t) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["subject"], "El campus no carga");
        assert_eq!(t["client_id"], client_id);
        assert_eq!(t["campus_id"], campus_id, "the client's only campus");
        assert_eq!(t["category"], "functional");
        assert_eq!(t["priority"], "medium");
        assert_eq!(t["status"], "new");
        let uid = app.service.user_id_by_email(ADMIN).await.expect("admin");
        assert_eq!(t["requester_id"], uid);
        let msgs = messages(&app, id).await;
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0]["body"], "Desde esta mañana da error 500.");
        assert_eq!(msgs[0]["internal"], false);
        // Flagged \Seen after the commit: the next poll reads nothing.
        assert!(inbox.poll().await.is_empty());
        let rows = inbound(&app, &app.admin, "?state=ticket").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["ticket_id"], id);
        assert!(!rows[0]["mailbox"].as_str().unwrap().contains(":test@"), "no password: {}", rows[0]);
    }

    async fn answers_by_in_reply_to_or_subject_tag_become_public_messages(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "high", "subject": "Sin acceso", "body": "?"})).await;
        let id = t["id"].as_i64().unwrap();
        app.at(600);
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent,
            json!({"status": "waiting_on_client"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        app.at(1200);
        let answer = mail(ADMIN, "Re: Sin acceso",
            &format!("In-Reply-To: <ticket-{id}@atiende.test>\r\nReferences: <ticket-{id}@atiende.test>\r\n"),
            "Adjunto lo que pidieron.");
        inbox.deliver(ADMIN, &answer, 1).await;
        assert_eq!(inbox.poll().await, vec![Outcome::Reply(id)]);
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(t["status"], "open", "the client's answer resumes a waiting ticket");
        let msgs = messages(&app, id).await;
        let last = msgs.last().unwrap();
        assert_eq!(last["body"], "Adjunto lo que pidieron.");
        assert_eq!(last["internal"], false);
        assert_eq!(last["author_id"], app.service.user_id_by_email(ADMIN).await.unwrap());

        let tagged = mail(ADMIN, &format!("Otra cosa [T-{id:07}]"), "", "Y además esto.");
        inbox.deliver(ADMIN, &tagged, 2).await;
        assert_eq!(inbox.poll().await, vec![Outcome::Reply(id)]);
        assert_eq!(messages(&app, id).await.last().unwrap()["body"], "Y además esto.");
        assert_eq!(tickets(&app).await.len(), 1, "no new ticket");
    }

    async fn unknown_senders_wait_in_review_and_an_agent_opens_the_ticket(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        let (client_id, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let stranger = "alumno@sur.test";
        inbox.deliver(stranger, &mail(stranger, "No puedo entrar al curso", "", "Soy alumno."), 1).await;
        inbox.deliver("agent@provider.test",
            &mail("agent@provider.test", "Prueba", "", "interno"), 2).await;
        assert_eq!(inbox.poll().await,
            vec![Outcome::Review("unknown_sender"), Outcome::Review("staff_sender")]);
        assert!(tickets(&app).await.is_empty(), "no ticket from an unknown sender");

        let list = inbound(&app, &agent, "?state=review").await;
        assert_eq!(list.len(), 2);
        let item = list.iter().find(|i| i["from_address"] == stranger).unwrap();
        assert_eq!(item["reason"], "unknown_sender");
        assert_eq!(item["can_open_ticket"], true);
        let item_id = item["id"].as_i64().unwrap();

        // Client admins never see the review list.
        let (s, _) = app.get("/api/v1/inbound-mail?state=review", &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let admin_id = app.service.user_id_by_email(ADMIN).await.unwrap();
        let (s, _) = app.post(&format!("/api/v1/inbound-mail/{item_id}/ticket"), &client,
            json!({"requester_id": admin_id})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Not a client admin: refused with the field named.
        let agent_id = app.service.user_id_by_email("agent@provider.test").await.unwrap();
        let (s, v) = app.post(&format!("/api/v1/inbound-mail/{item_id}/ticket"), &agent,
            json!({"requester_id": agent_id})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

        let (s, v) = app.post(&format!("/api/v1/inbound-mail/{item_id}/ticket"), &agent,
            json!({"requester_id": admin_id})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "ticket");
        let tid = v["ticket_id"].as_i64().expect("ticket id");
        let (_, t) = app.get(&format!("/api/v1/tickets/{tid}"), &client).await;
        assert_eq!(t["subject"], "No puedo entrar al curso");
        assert_eq!(t["client_id"], client_id);
        assert_eq!(t["requester_id"], admin_id);
        assert_eq!(messages(&app, tid).await[0]["body"], "Soy alumno.");
        let (_, events) = app.get(&format!("/api/v1/tickets/{tid}/events"), &agent).await;
        assert_eq!(events[0]["data"]["on_behalf_of"], admin_id);
        // Once only.
        let (s, _) = app.post(&format!("/api/v1/inbound-mail/{item_id}/ticket"), &agent,
            json!({"requester_id": admin_id})).await;
        assert_eq!(s, StatusCode::CONFLICT);

        // The other one is discarded and leaves the list.
        let other = inbound(&app, &agent, "?state=review").await;
        assert_eq!(other.len(), 1);
        let (s, v) = app.post(&format!("/api/v1/inbound-mail/{}/discard", other[0]["id"]), &agent, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "discarded");
        assert!(inbound(&app, &agent, "").await.is_empty());
    }

    async fn html_only_mail_is_sanitised(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        app.client_with_admin("Norte").await;
        let id = uuid::Uuid::new_v4().simple();
        let raw = format!(
            "From: {ADMIN}\r\nSubject: HTML\r\nMessage-ID: <{id}@mail.norte.test>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/html; charset=utf-8\r\n\r\n\
             <html><head><script>alert('x')</script></head><body>\
             <p onmouseover=\"steal()\">Hola <b>equipo</b></p><p>El curso &amp; la nota</p>\
             <img src=x onerror=\"alert(1)\"></body></html>\r\n");
        inbox.deliver(ADMIN, &raw, 1).await;
        let got = inbox.poll().await;
        let tid = ticket_id(&got[0]);
        let body = messages(&app, tid).await[0]["body"].as_str().unwrap().to_string();
        assert!(!body.contains("<script") && !body.contains("alert") && !body.contains('<'), "{body}");
        assert!(!body.contains("steal"), "{body}");
        assert_eq!(body, "Hola equipo\n\nEl curso & la nota");
    }

    async fn malformed_mime_does_not_stop_the_next_message(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        app.client_with_admin("Norte").await;
        // No From, a multipart without its boundary, a part that never ends, bad base64.
        let broken = "Subject: =?utf-8?B?!!!?=\r\nMessage-ID: <broken-x@y>\r\n\
            Content-Type: multipart/mixed\r\n\r\n--\r\nContent-Type: text/plain\r\n\
            Content-Transfer-Encoding: base64\r\n\r\n@@@@not base64@@@@\r\n--zz\r\n";
        inbox.deliver("raro@sur.test", broken, 1).await;
        inbox.deliver(ADMIN, &mail(ADMIN, "Después del roto", "", "Este sí."), 2).await;
        let got = inbox.poll().await;
        assert_eq!(got.len(), 2, "{got:?}");
        // Postfix may add a From from the envelope; either way it waits for a person.
        assert!(matches!(got[0], Outcome::Review("no_sender" | "unknown_sender")), "{got:?}");
        let tid = ticket_id(&got[1]);
        assert_eq!(messages(&app, tid).await[0]["body"], "Este sí.");
    }

    async fn oversized_mail_is_refused_into_review(app) {
        let Some(inbox) = Inbox::new(&app, Some("4096")).await else { return };
        let (_, _, client) = app.client_with_admin("Norte").await;
        let big = mail(ADMIN, "Muy grande", "", &"x".repeat(10_000));
        inbox.deliver(ADMIN, &big, 1).await;
        inbox.deliver(ADMIN, &mail(ADMIN, "Chico", "", "ok"), 2).await;
        let got = inbox.poll().await;
        assert_eq!(got[0], Outcome::Refused);
        ticket_id(&got[1]);
        let ts = tickets(&app).await;
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0]["subject"], "Chico");
        let list = inbound(&app, &app.admin, "").await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["state"], "refused");
        assert_eq!(list[0]["reason"], "too_large");
        assert_eq!(list[0]["subject"], "Muy grande");
        assert_eq!(list[0]["can_open_ticket"], false, "its content was not kept");
        let (s, _) = app.get("/api/v1/inbound-mail", &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn the_same_message_twice_makes_one_ticket(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        app.client_with_admin("Norte").await;
        let raw = mail(ADMIN, "Una sola vez", "", "Hola.");
        inbox.deliver(ADMIN, &raw, 1).await;
        let got = inbox.poll().await;
        let tid = ticket_id(&got[0]);
        // A crash between the commit and the \Seen flag: the message is read again.
        inbox.unflag_all().await;
        assert_eq!(inbox.poll().await, vec![Outcome::Duplicate]);
        assert!(inbox.poll().await.is_empty(), "flagged again");
        // Duplicate delivery: the same message (same Message-ID) arrives twice more.
        inbox.deliver(ADMIN, &raw, 2).await;
        inbox.deliver(ADMIN, &raw, 3).await;
        assert_eq!(inbox.poll().await, vec![Outcome::Duplicate, Outcome::Duplicate]);
        let ts = tickets(&app).await;
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0]["id"], tid);
        assert_eq!(messages(&app, tid).await.len(), 1);
    }

    async fn auto_reply_due_once_a_day_and_never_to_automatic_mail(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        let who = "alguien@example.test";
        inbox.deliver(who, &mail(who, "Fuera de la oficina", "Auto-Submitted: auto-replied\r\n", "vuelvo el lunes"), 1).await;
        inbox.deliver(who, &mail(who, "Boletín", "Precedence: bulk\r\n", "ofertas"), 2).await;
        inbox.deliver(who, &mail(who, "Consulta", "", "¿precios?"), 3).await;
        inbox.deliver(who, &mail(who, "Otra consulta", "", "¿y?"), 4).await;
        let got = inbox.poll().await;
        assert_eq!(got.len(), 4);
        app.at(25 * 3600);
        inbox.deliver(who, &mail(who, "Al día siguiente", "", "¿hola?"), 5).await;
        assert_eq!(inbox.poll().await.len(), 1);
        let due: std::collections::HashMap<String, bool> = inbound(&app, &app.admin, "?state=review").await
            .iter()
            .map(|i| (i["subject"].as_str().unwrap().to_string(), i["auto_reply_due"].as_bool().unwrap()))
            .collect();
        assert!(!due["Fuera de la oficina"], "Auto-Submitted");
        assert!(!due["Boletín"], "Precedence: bulk");
        assert!(due["Consulta"]);
        assert!(!due["Otra consulta"], "once per sender per day");
        assert!(due["Al día siguiente"], "a day later");
        // The owed answers are in the outbox, threaded to the sender's message: two, not five.
        let (_, out) = app.get("/api/v1/outbox", &app.admin).await;
        let replies: Vec<_> = out.as_array().unwrap().iter().filter(|m| m["to"] == who).collect();
        let subjects: Vec<_> = replies.iter().map(|m| m["subject"].as_str().unwrap()).collect();
        assert_eq!(subjects, ["Re: Al día siguiente", "Re: Consulta"], "{out}");
        assert!(replies[1]["body"].as_str().unwrap().contains("administradores del campus"));
        assert!(replies[1]["body"].as_str().unwrap().contains("campus administrators"));
    }

    async fn the_console_review_page_is_for_staff_only(app) {
        let Some(inbox) = Inbox::new(&app, None).await else { return };
        app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let stranger = "desconocido@sur.test";
        inbox.deliver(stranger, &mail(stranger, "Hola <b>mundo</b>", "", "?"), 1).await;
        assert_eq!(inbox.poll().await, vec![Outcome::Review("unknown_sender")]);

        let client = web_client::sign_in(&app, ADMIN, "client-password-1").await;
        let (s, _) = web_client::get(&app, &client, "/console/inbound").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "client admins never see the review list");

        let agent = web_client::sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, queue) = web_client::get(&app, &agent, "/console").await;
        assert_eq!(s, StatusCode::OK);
        assert!(queue.contains("href=\"/console/inbound\""), "linked from the queue");
        let (s, html) = web_client::get(&app, &agent, "/console/inbound").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains(stranger), "{html}");
        assert!(html.contains("Hola &lt;b&gt;mundo&lt;/b&gt;") || html.contains("Hola &#60;b&#62;"), "escaped subject: {html}");
        assert!(html.contains("Remitente desconocido"), "the reason in the user's language");
        assert!(html.contains("Admin Norte"), "client admins to choose from");
        let id = inbound(&app, &app.admin, "").await[0]["id"].as_i64().unwrap();
        let r = web_client::post(&app, &agent, &format!("/console/inbound/{id}/discard"),
            &[("_csrf", &web_client::csrf(&html))]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, html) = web_client::get(&app, &agent, "/console/inbound").await;
        assert!(!html.contains(stranger), "discarded: {html}");
    }

    async fn a_sender_over_the_hourly_limit_waits_in_review_unanswered(app) {
        let Some(inbox) = Inbox::with_limits(&app, None, Some("3")).await else { return };
        app.client_with_admin("Norte").await;
        app.client_with_admin("Sur").await;
        app.staff("agent@provider.test", "agent").await;
        for n in 1..=4 {
            inbox.deliver(ADMIN, &mail(ADMIN, &format!("Bucle {n}"), "", "otra vez"), n).await;
        }
        let got = inbox.poll().await;
        assert_eq!(got.len(), 4, "{got:?}");
        for o in &got[..3] {
            ticket_id(o);
        }
        assert_eq!(got[3], Outcome::Review("rate_limited"), "the fourth in the hour makes nothing");
        // Another client admin in the same hour is not held back.
        let sur = "admin@sur.test";
        inbox.deliver(sur, &mail(sur, "Otra cosa", "", "hola"), 5).await;
        let got = inbox.poll().await;
        assert_eq!(got.len(), 1, "flagged \\Seen: the limited one is not read again: {got:?}");
        ticket_id(&got[0]);
        let ts = tickets(&app).await;
        let mut subjects: Vec<_> = ts.iter().map(|t| t["subject"].as_str().unwrap()).collect();
        subjects.sort_unstable();
        assert_eq!(subjects, ["Bucle 1", "Bucle 2", "Bucle 3", "Otra cosa"]);

        let list = inbound(&app, &app.admin, "").await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["subject"], "Bucle 4");
        assert_eq!(list[0]["from_address"], ADMIN);
        assert_eq!(list[0]["state"], "review");
        assert_eq!(list[0]["reason"], "rate_limited");
        assert_eq!(list[0]["auto_reply_due"], false, "never answered: it would feed a loop");
        assert_eq!(list[0]["can_open_ticket"], true, "kept for an agent");
        // The outbox holds the "received" mails of the three tickets, no auto-reply.
        let (_, out) = app.get("/api/v1/outbox", &app.admin).await;
        let to_admin: Vec<_> = out.as_array().unwrap().iter().filter(|m| m["to"] == ADMIN).collect();
        assert_eq!(to_admin.len(), 3, "{out}");
        assert!(to_admin.iter().all(|m| m["ticket_id"].is_i64()), "only ticket mail: {out}");
        assert!(!out.to_string().contains("Re: Bucle 4"), "no auto-reply: {out}");

        // The console says why, in the reader's language.
        let agent = web_client::sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, html) = web_client::get(&app, &agent, "/console/inbound").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Demasiados mensajes de este remitente en una hora"), "{html}");

        // The hour rolls on: the sender's mail makes tickets again.
        app.at(3601);
        inbox.deliver(ADMIN, &mail(ADMIN, "Una hora después", "", "ya está"), 6).await;
        ticket_id(&inbox.poll().await[0]);
        assert_eq!(tickets(&app).await.len(), 5);
    }
}
