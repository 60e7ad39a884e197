//! The whole e-mail channel through the real Postfix and Dovecot: a client admin writes to the
//! support address → a ticket; the agent answers in the console → the answer reaches the
//! client's mailbox, threaded; the client answers by e-mail → the same ticket, its clock
//! running again, and the agent's bell rings.

use std::time::Duration;

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;
use service::{jobs::RunnerConfig, mail_in::MailInConfig, mail_in::Outcome, notify::MailSettings};

use crate::{
    both_backends,
    mail_servers::{IMAP_PORT, MailServers, PASSWORD, header},
    web_client::{csrf, get, post, sign_in},
};

const WAIT: Duration = Duration::from_secs(20);

both_backends! {
    async fn a_client_admins_mail_round_trip_stays_on_one_threaded_ticket(app) {
        let Some(mail) = MailServers::available().await else { return };
        let support = MailServers::unique_address("soporte");
        let client_addr = MailServers::unique_address("ana");
        let c = app.ok("/api/v1/clients", &app.admin, json!({"name": "Norte", "tax_id": "T-1", "time_zone": "America/Argentina/Buenos_Aires"})).await;
        app.ok("/api/v1/users", &app.admin, json!({"email": client_addr, "name": "Ana Norte", "role": "client_admin",
            "client_id": c["id"], "password": "client-password-1"})).await;
        app.staff("agent@provider.test", "agent").await;
        let imap = format!("imap://{support}:{PASSWORD}@127.0.0.1:{IMAP_PORT}/INBOX");
        let node = app.service.clone()
            .with_mail_in(MailInConfig::from_values(&imap, None, None).expect("mailbox"))
            .with_mail(MailSettings {
                smtp_url: Some(format!("smtp://{}", mail.smtp)),
                from: format!("Soporte <{support}>"),
                ..MailSettings::default()
            });
        let runner = RunnerConfig { node: "n".into(), lease: SignedDuration::from_mins(5), batch: 50, periodic: Vec::new() };

        // 1. The client admin writes to support: a ticket, and its "received" e-mail.
        let first = format!("From: Ana Norte <{client_addr}>\r\nTo: {support}\r\nSubject: El campus no carga\r\n\
            Message-ID: <uno.{}@norte.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
            Desde esta mañana el campus da error 500.\r\n", uuid::Uuid::new_v4().simple());
        mail.send_raw(&client_addr, &support, first.as_bytes()).await;
        mail.wait_for(&support, 1, WAIT).await;
        let polled = node.mail_poll_step().await.expect("poll").outcomes;
        let [Outcome::Ticket(id)] = polled[..] else { panic!("expected one new ticket: {polled:?}") };
        node.run_due_jobs(&runner).await.expect("deliver");
        let inbox = mail.wait_for(&client_addr, 1, WAIT).await;
        assert!(header(&inbox[0], "Subject").unwrap().contains(&format!("[T-{id:07}]")));

        // 2. The agent answers in the console and waits on the client.
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, page) = get(&app, &cookie, &format!("/console/tickets/{id}")).await;
        let r = post(&app, &cookie, &format!("/console/tickets/{id}/messages"),
            &[("_csrf", &csrf(&page)), ("body", "¿Desde qué navegador?"), ("status", "waiting_on_client")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!((t["status"].as_str(), t["sla"]["paused"].as_bool()), (Some("waiting_on_client"), Some(true)));
        node.run_due_jobs(&runner).await.expect("deliver");
        let inbox = mail.wait_for(&client_addr, 2, WAIT).await;
        let answer = inbox.iter().find(|m| header(m, "Subject").is_some_and(|s| s.contains("Esperamos su respuesta"))).expect("the agent's answer");
        // Queued by the node that served the console request (its From's domain).
        let thread = format!("<ticket-{id}@{}>", app.service.mail.domain());
        assert_eq!(header(answer, "In-Reply-To"), Some(thread.clone()), "threaded with the ticket");
        let answer_id = header(answer, "Message-ID").expect("message id");

        // 3. The client answers that e-mail: the same ticket, open again, clock running.
        let reply = format!("From: Ana Norte <{client_addr}>\r\nTo: {support}\r\nSubject: Re: {}\r\n\
            Message-ID: <dos.{}@norte.test>\r\nIn-Reply-To: {answer_id}\r\nReferences: {thread} {answer_id}\r\n\
            MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDesde Firefox y Chrome.\r\n",
            header(answer, "Subject").unwrap(), uuid::Uuid::new_v4().simple());
        mail.send_raw(&client_addr, &support, reply.as_bytes()).await;
        mail.wait_for(&support, 2, WAIT).await;
        let polled = node.mail_poll_step().await.expect("poll").outcomes;
        assert!(matches!(polled[..], [Outcome::Reply(t)] if t == id), "{polled:?}");
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!((t["status"].as_str(), t["sla"]["paused"].as_bool()), (Some("open"), Some(false)), "{t}");
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &app.admin).await;
        let bodies: Vec<_> = msgs.as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap().trim().to_string()).collect();
        assert_eq!(bodies.len(), 3, "{bodies:?}");
        assert!(bodies[2].contains("Desde Firefox y Chrome."), "{bodies:?}");
        assert_eq!(app.get("/api/v1/tickets", &app.admin).await.1["items"].as_array().unwrap().len(), 1, "no second ticket");
        // The agent hears it in the bell.
        let (_, page) = get(&app, &cookie, "/notifications").await;
        assert!(page.contains("El cliente respondió: El campus no carga"), "{page}");
    }
}
