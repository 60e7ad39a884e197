//! Outgoing webhooks against a real HTTP receiver started inside the test: the events an
//! endpoint subscribed to arrive once each, signed so that the test — computing HMAC-SHA256
//! on its own from SHA-256 — verifies the signature over the exact raw body; a failing
//! receiver is retried after back-off; a change that rolls back sends nothing; secrets are
//! shown once and stored sealed; only administrators manage webhooks.

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use service::{Clock, jobs::RunnerConfig};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{self, csrf, get, sign_in},
    webhook_receiver::{Got, Receiver},
};

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "test-node".into(),
        lease: SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

/// Registers a webhook through the API; returns (id, secret).
async fn register(app: &TestApp, url: &str, events: &[&str], active: bool) -> (i64, String) {
    let (s, v) = app
        .post(
            "/api/v1/webhooks",
            &app.admin,
            json!({"url": url, "description": "ERP", "events": events, "active": active}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let secret = v["secret"]
        .as_str()
        .expect("the secret, this once")
        .to_string();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 70,
        "{secret}"
    );
    (v["webhook"]["id"].as_i64().expect("id"), secret)
}

async fn run_jobs(app: &TestApp) -> service::jobs::RoundReport {
    app.service.run_due_jobs(&runner()).await.expect("round")
}

async fn deliveries(app: &TestApp, id: i64) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/webhooks/{id}/deliveries"), &app.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("list").clone()
}

async fn open_ticket(app: &TestApp, token: &str, subject: &str) -> (StatusCode, Value) {
    app.post("/api/v1/tickets", token, json!({"category": "technical", "priority": "medium", "subject": subject, "body": "El campus no carga"}))
        .await
}

both_backends! {
    async fn subscribed_events_arrive_once_signed_and_nothing_else_is_sent(app) {
        let rx = Receiver::start().await;
        let (a, secret) = register(&app, &rx.url("/a"),
            &["ticket.created", "ticket.status_changed", "ticket.public_reply"], true).await;
        let (b, secret_b) = register(&app, &rx.url("/b"), &["ticket.priority_changed"], true).await;
        register(&app, &rx.url("/c"), &["campus.down", "backup.missed"], true).await;
        register(&app, &rx.url("/d"), &["ticket.created"], false).await;

        // The secret never comes back and is stored sealed, not in clear.
        let (_, one) = app.get(&format!("/api/v1/webhooks/{a}"), &app.admin).await;
        let (_, all) = app.get("/api/v1/webhooks", &app.admin).await;
        assert!(one.get("secret").is_none(), "{one}");
        for text in [one.to_string(), all.to_string()] {
            assert!(!text.contains(&secret) && !text.contains(&secret["whsec_".len()..]), "{text}");
        }
        assert_eq!(one["events"], json!(["ticket.created", "ticket.status_changed", "ticket.public_reply"]));
        let row = store::webhooks::get_webhook(&app.service.db, a).await.unwrap().expect("row");
        assert!(row.secret_enc.starts_with("v1.") && !row.secret_enc.contains(&secret["whsec_".len()..]), "{}", row.secret_enc);
        assert!(!row.secret_enc.contains(&hex::encode(&secret)), "not merely hex-encoded");

        // A client opens a ticket; an agent answers and waits on the client; an internal note;
        // the client answers (the ticket resumes); the agent raises the priority.
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        let (s, t) = app.post("/api/v1/tickets", &client, json!({"category": "technical", "priority": "medium",
            "campus_id": campus, "subject": "Sin acceso", "body": "El campus no carga"})).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        let id = t["id"].as_i64().unwrap();
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &agent, json!({"body": "¿Qué error ven?", "status": "waiting_on_client"})).await;
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &agent, json!({"body": "nota-interna-reservada", "internal": true})).await;
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &client, json!({"body": "Error 500 al entrar"})).await;
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"priority": "high"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        // Nothing leaves before the jobs run: the deliveries are queued with the changes.
        assert!(rx.got().is_empty());
        let r = run_jobs(&app).await;
        assert!(r.failed.is_empty() && r.lost.is_empty(), "{r:?}");
        let now = app.clock.now().as_second();

        let got = rx.at("/a");
        let mut events: Vec<&str> = got.iter().map(|g| g.event.as_str()).collect();
        events.sort_unstable();
        assert_eq!(events, ["ticket.created", "ticket.public_reply", "ticket.public_reply",
            "ticket.status_changed", "ticket.status_changed"], "{got:#?}");
        let mut ids: Vec<&str> = got.iter().map(|g| g.delivery.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "each delivery once");
        for g in &got {
            assert_eq!(g.content_type, "application/json");
            assert_eq!(g.user_agent, "Atiende-Webhooks/1");
            let (t, v1) = g.signature_parts();
            assert_eq!((t, v1.len()), (now, 1), "{}", g.signature);
            assert!(g.signed_by(&secret), "signature over the raw body: {}", g.signature);
            assert!(!g.signed_by(&secret_b), "another endpoint's secret does not verify");
            let body = g.json();
            assert_eq!(body["event"], g.event.as_str());
            assert_eq!(body["id"], g.delivery.as_str());
            assert!(body["created_at"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok(), "{body}");
            let tk = &body["data"]["ticket"];
            assert_eq!((tk["id"].as_i64(), tk["number"].as_str()), (Some(id), Some(format!("T-{id:07}").as_str())), "{body}");
            assert_eq!((tk["client_id"].as_i64(), tk["campus_id"].as_i64()), (Some(cid), Some(campus)));
            assert_eq!(tk["subject"], "Sin acceso");
            assert_eq!(tk["priority"], "medium", "changes before the raise");
            assert!(tk["due_at"].as_str().is_some() && tk["sla_state"] == "ok", "{body}");
            let text = String::from_utf8_lossy(&g.body);
            assert!(!text.contains("nota-interna-reservada") && !text.contains("whsec_"), "{text}");
        }
        let find = |event: &str, pred: &dyn Fn(&Value) -> bool| {
            got.iter().map(Got::json).filter(|b| b["event"] == event && pred(b)).count()
        };
        assert_eq!(find("ticket.created", &|b| b["data"]["ticket"]["status"] == "new"), 1);
        assert_eq!(find("ticket.status_changed", &|b| b["data"]["from"] == "new" && b["data"]["to"] == "waiting_on_client" && b["data"]["auto"] == false), 1);
        assert_eq!(find("ticket.status_changed", &|b| b["data"]["from"] == "waiting_on_client" && b["data"]["to"] == "open" && b["data"]["auto"] == true), 1);
        assert_eq!(find("ticket.public_reply", &|b| b["data"]["message"]["by"] == "staff"
            && b["data"]["message"]["author_id"] == agent_id && b["data"]["message"]["body"] == "¿Qué error ven?"), 1);
        assert_eq!(find("ticket.public_reply", &|b| b["data"]["message"]["by"] == "client" && b["data"]["message"]["body"] == "Error 500 al entrar"), 1);

        // The other endpoints: the priority change only; nothing for unsubscribed or inactive.
        let got_b = rx.at("/b");
        assert_eq!(got_b.len(), 1, "{got_b:#?}");
        let body = got_b[0].json();
        assert_eq!((body["event"].as_str(), body["data"]["from"].as_str(), body["data"]["to"].as_str()),
            (Some("ticket.priority_changed"), Some("medium"), Some("high")), "{body}");
        assert_eq!(body["data"]["ticket"]["priority"], "high");
        assert!(got_b[0].signed_by(&secret_b));
        assert!(rx.at("/c").is_empty() && rx.at("/d").is_empty(), "{:#?}", rx.got());

        // The log: every delivery delivered at the first attempt, newest first; another round
        // sends nothing again.
        let log = deliveries(&app, a).await;
        assert_eq!(log.len(), 5);
        assert!(log.windows(2).all(|w| w[0]["id"].as_i64() > w[1]["id"].as_i64()), "newest first");
        for d in &log {
            assert_eq!((d["state"].as_str(), d["attempts"].as_i64(), d["last_status"].as_i64()),
                (Some("delivered"), Some(1), Some(200)), "{d}");
            assert_eq!(d["response_snippet"], "ok");
        }
        assert_eq!(deliveries(&app, b).await.len(), 1);
        let r = run_jobs(&app).await;
        assert_eq!(r.claimed(), 0, "{r:?}");
        assert_eq!(rx.got().len(), 6);
    }

    async fn a_failing_receiver_is_retried_after_back_off_and_can_be_redelivered(app) {
        let rx = Receiver::start().await;
        let (hook, secret) = register(&app, &rx.url("/hook"), &["ticket.created"], true).await;
        rx.answer(&[500]);
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, _) = open_ticket(&app, &client, "Reintentos").await;
        assert_eq!(s, StatusCode::CREATED);

        let r = run_jobs(&app).await;
        assert_eq!(r.failed.len(), 1, "{r:?}");
        let log = deliveries(&app, hook).await;
        assert_eq!(log.len(), 1);
        let d = &log[0];
        assert_eq!((d["state"].as_str(), d["attempts"].as_i64(), d["last_status"].as_i64()),
            (Some("pending"), Some(1), Some(500)), "{d}");
        assert!(d["last_error"].as_str().unwrap().contains("500"), "{d}");
        assert_eq!(d["response_snippet"], "boom 500");

        // Not again before the back-off (30 s) has passed; then once more, and delivered.
        assert_eq!(run_jobs(&app).await.claimed(), 0);
        app.at(31);
        let r = run_jobs(&app).await;
        assert_eq!(r.done.len(), 1, "{r:?}");
        let got = rx.got();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].delivery, got[1].delivery, "the same delivery id");
        assert_eq!(got[0].body, got[1].body, "the same body");
        let (t0, _) = got[0].signature_parts();
        let (t1, _) = got[1].signature_parts();
        assert_eq!(t1 - t0, 31, "signed afresh at each attempt");
        assert!(got[0].signed_by(&secret) && got[1].signed_by(&secret));
        let d = &deliveries(&app, hook).await[0];
        assert_eq!((d["state"].as_str(), d["attempts"].as_i64(), d["last_status"].as_i64(), d["last_error"].as_str()),
            (Some("delivered"), Some(2), Some(200), None), "{d}");
        assert!(d["delivered_at"].as_str().is_some());

        // Redeliver: the same body and id, freshly signed — after a rotation, with both the
        // new secret and (during the overlap) the old one.
        let did = d["id"].as_i64().unwrap();
        let (s, v) = app.post(&format!("/api/v1/webhooks/{hook}/rotate-secret"), &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let new_secret = v["secret"].as_str().unwrap().to_string();
        assert_ne!(new_secret, secret);
        assert!(v["webhook"]["previous_secret_until"].as_str().is_some(), "{v}");
        app.at(100);
        let (s, v) = app.post(&format!("/api/v1/webhook-deliveries/{did}/redeliver"), &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::ACCEPTED, "{v}");
        assert_eq!(v["state"], "pending");
        assert_eq!(run_jobs(&app).await.done.len(), 1);
        let got = rx.got();
        assert_eq!(got.len(), 3);
        assert_eq!((&got[2].delivery, &got[2].body), (&got[0].delivery, &got[0].body));
        assert_eq!(got[2].signature_parts().1.len(), 2, "{}", got[2].signature);
        assert!(got[2].signed_by(&new_secret) && got[2].signed_by(&secret));
        let (_, detail) = app.get(&format!("/api/v1/webhook-deliveries/{did}"), &app.admin).await;
        assert_eq!(detail["delivery"]["attempts"], 3, "{detail}");
        assert_eq!(detail["body"].as_str().unwrap().as_bytes(), &got[2].body[..], "the exact body");
        let headers = detail["request_headers"].to_string();
        assert!(headers.contains("Atiende-Delivery") && headers.contains("t=") && headers.contains("v1=…"), "{headers}");
        let sig = &got[2].signature_parts().1[0];
        assert!(!headers.contains(sig.as_str()), "the signature's value is not kept");

        // Rotating with no overlap: only the new secret signs from then on.
        let (_, v) = app.call(Method::POST, &format!("/api/v1/webhooks/{hook}/rotate-secret?keep_previous_hours=0"), &app.admin, None).await;
        let newest = v["secret"].as_str().expect("secret").to_string();
        assert!(v["webhook"]["previous_secret_until"].is_null(), "{v}");
        app.post(&format!("/api/v1/webhook-deliveries/{did}/redeliver"), &app.admin, json!({})).await;
        run_jobs(&app).await;
        let last = rx.got().pop().unwrap();
        assert_eq!(last.signature_parts().1.len(), 1);
        assert!(last.signed_by(&newest) && !last.signed_by(&new_secret));

        // The delivery's page shows the body and headers sent, never a signature's value.
        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = get(&app, &cookie, &format!("/admin/webhook-deliveries/{did}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Atiende-Signature: t=") && html.contains("v1=…"), "{html}");
        assert!(html.contains(&got[0].delivery) && html.contains("ticket.created"), "{html}");
        assert!(!html.contains(last.signature_parts().1[0].as_str()) && !html.contains("whsec_"), "{html}");
        let (s, html) = get(&app, &cookie, &format!("/admin/webhooks/{hook}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&format!("data-delivery=\"{did}\"")) && html.contains("ticket.created"), "{html}");
    }

    async fn an_unreachable_endpoint_fails_for_good_after_the_last_attempt(app) {
        // A port nothing listens on.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", closed.local_addr().unwrap());
        drop(closed);
        let (hook, _) = register(&app, &url, &["ticket.created"], true).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        open_ticket(&app, &client, "Nadie escucha").await;
        let mut elapsed = 0;
        for attempt in 1..=8 {
            let r = run_jobs(&app).await;
            assert_eq!(r.failed.len(), 1, "attempt {attempt}: {r:?}");
            let d = &deliveries(&app, hook).await[0];
            let state = if attempt < 8 { "pending" } else { "failed" };
            assert_eq!((d["state"].as_str(), d["attempts"].as_i64()), (Some(state), Some(attempt)), "{d}");
            assert!(d["last_status"].is_null(), "{d}");
            assert!(d["last_error"].as_str().unwrap().to_lowercase().contains("connect"), "{d}");
            elapsed += service::jobs::backoff(attempt as i32).as_secs() + 1;
            app.at(elapsed);
        }
        assert_eq!(run_jobs(&app).await.claimed(), 0, "given up");
        let d = &deliveries(&app, hook).await[0];
        assert_eq!(d["state"], "failed");

        // An inactive endpoint gets no new deliveries and cannot be redelivered to.
        let (s, v) = app.call(Method::PUT, &format!("/api/v1/webhooks/{hook}"), &app.admin,
            Some(json!({"url": url, "events": ["ticket.created"], "active": false}))).await;
        assert_eq!((s, v["active"].as_bool()), (StatusCode::OK, Some(false)), "{v}");
        open_ticket(&app, &client, "Otra").await;
        assert_eq!(deliveries(&app, hook).await.len(), 1);
        let (s, v) = app.post(&format!("/api/v1/webhook-deliveries/{}/redeliver", d["id"]), &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
    }

    async fn a_change_that_rolls_back_sends_nothing(app) {
        let rx = Receiver::start().await;
        let (hook, _) = register(&app, &rx.url("/hook"), &["ticket.created"], true).await;
        // Make the ticket's last write of its transaction fail (after its events, notifications
        // and webhook deliveries are written): the whole change rolls back.
        match &app.service.db {
            store::Db::Sqlite { write, .. } => {
                sqlx::query("create trigger fail_rollback before update on ticket \
                    when new.subject = 'rollback-me' begin select raise(abort, 'forced failure'); end")
                    .execute(write).await.expect("trigger");
            }
            store::Db::Postgres(p) => {
                sqlx::query("create function fail_rollback() returns trigger language plpgsql as \
                    $$ begin raise exception 'forced failure'; end $$").execute(p).await.expect("function");
                sqlx::query("create trigger fail_rollback before update on ticket for each row \
                    when (new.subject = 'rollback-me') execute function fail_rollback()")
                    .execute(p).await.expect("trigger");
            }
        }
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, v) = open_ticket(&app, &client, "rollback-me").await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{v}");
        assert!(deliveries(&app, hook).await.is_empty());
        assert_eq!(run_jobs(&app).await.claimed(), 0, "no job either");
        assert!(rx.got().is_empty());
        // The same change committed is sent.
        let (s, _) = open_ticket(&app, &client, "committed").await;
        assert_eq!(s, StatusCode::CREATED);
        run_jobs(&app).await;
        assert_eq!(rx.got().len(), 1);
        assert_eq!(rx.got()[0].json()["data"]["ticket"]["subject"], "committed");
    }

    async fn only_admins_manage_webhooks_and_bad_input_names_the_field(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let good = json!({"url": "https://hooks.example.com/in", "events": ["ticket.created"]});
        for token in [&client, &agent] {
            let (s, _) = app.get("/api/v1/webhooks", token).await;
            assert_eq!(s, StatusCode::FORBIDDEN);
            let (s, _) = app.post("/api/v1/webhooks", token, good.clone()).await;
            assert_eq!(s, StatusCode::FORBIDDEN);
            let (s, _) = app.get("/api/v1/webhook-events", token).await;
            assert_eq!(s, StatusCode::FORBIDDEN);
        }
        let (s, events) = app.get("/api/v1/webhook-events", &app.admin).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(events.as_array().unwrap().len(), 16, "{events}");

        let long = format!("https://hooks.example.com/{}", "a".repeat(2000));
        let cases = [
            (json!({"url": "ftp://hooks.example.com/in", "events": ["ticket.created"]}), "url", "url_scheme"),
            (json!({"url": "https://u:p@hooks.example.com/in", "events": ["ticket.created"]}), "url", "url_credentials"),
            (json!({"url": long, "events": ["ticket.created"]}), "url", "too_long"),
            (json!({"url": "https://hooks.example.com/in", "events": []}), "events", "required"),
            (json!({"url": "https://hooks.example.com/in", "events": ["ticket.created", "ticket.exploded"]}), "events[1]", "unknown"),
        ];
        for (body, field, code) in cases {
            let (s, v) = app.post("/api/v1/webhooks", &app.admin, body.clone()).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {v}");
            assert_eq!((v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()), (Some(field), Some(code)), "{v}");
        }
        let (s, v) = app.post("/api/v1/webhooks", &app.admin, json!({"url": "https://hooks.example.com/in", "events": ["ticket.created"], "secret": "mine"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused: {v}");
        let (s, v) = app.post("/api/v1/webhooks", &app.admin, json!({"url": "https://hooks.example.com/in"})).await;
        assert_eq!((s, v["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("events")), "{v}");
        let (_, all) = app.get("/api/v1/webhooks", &app.admin).await;
        assert_eq!(all, json!([]), "nothing was saved");
        let (s, _) = app.call(Method::PUT, "/api/v1/webhooks/999", &app.admin, Some(good.clone())).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.call(Method::DELETE, "/api/v1/webhooks/999", &app.admin, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v) = app.post("/api/v1/webhooks/999/rotate-secret?keep_previous_hours=500", &app.admin, json!({})).await;
        assert_eq!((s, v["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("keep_previous_hours")), "{v}");

        // Change and delete.
        let (id, _) = register(&app, "https://hooks.example.com/in", &["ticket.created"], true).await;
        let (s, v) = app.call(Method::PUT, &format!("/api/v1/webhooks/{id}"), &app.admin,
            Some(json!({"url": "https://hooks.example.com/v2", "description": "  CRM ", "events": ["campus.up", "ticket.created", "campus.up"]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!((v["url"].as_str(), v["description"].as_str()), (Some("https://hooks.example.com/v2"), Some("CRM")));
        assert_eq!(v["events"], json!(["ticket.created", "campus.up"]));
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/webhooks/{id}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = app.get(&format!("/api/v1/webhooks/{id}"), &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn the_admin_page_creates_shows_the_secret_once_and_rotates(app) {
        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = get(&app, &cookie, "/admin/webhooks").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("href=\"/admin/webhooks\"") && html.contains("Webhooks salientes"), "{html}");
        assert!(html.contains("name=\"event:ticket.sla_breached\""), "{html}");
        let token = csrf(&html);

        // Refused, next to its field, in Spanish; nothing saved.
        let r = web_client::post(&app, &cookie, "/admin/webhooks", &[
            ("_csrf", &token), ("url", "ftp://hooks.example.com/in"), ("description", "ERP"), ("active", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("URL: debe empezar con http:// o https://."), "{}", r.body);
        assert!(r.body.contains("Eventos: es obligatorio."), "{}", r.body);
        assert!(r.body.contains("value=\"ftp://hooks.example.com/in\""), "what was typed stays");

        let r = web_client::post(&app, &cookie, "/admin/webhooks", &[
            ("_csrf", &token), ("url", "https://hooks.example.com/in"), ("description", "ERP"),
            ("event:ticket.created", "on"), ("event:campus.down", "on"), ("active", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let at = r.body.find("id=\"new-secret\">").expect("the secret, this once") + 16;
        let secret = r.body[at..].split('<').next().unwrap().to_string();
        assert!(secret.starts_with("whsec_"), "{secret}");
        let (_, list) = app.get("/api/v1/webhooks", &app.admin).await;
        let id = list[0]["id"].as_i64().unwrap();
        assert_eq!(list[0]["events"], json!(["ticket.created", "campus.down"]));
        for page in ["/admin/webhooks".to_string(), format!("/admin/webhooks/{id}")] {
            let (s, html) = get(&app, &cookie, &page).await;
            assert_eq!(s, StatusCode::OK);
            assert!(!html.contains(&secret) && !html.contains("id=\"new-secret\""), "{page} shows no secret");
        }

        // Edit: deactivate; rotate: a new secret shown once, the old one still signing a while.
        let r = web_client::post(&app, &cookie, &format!("/admin/webhooks/{id}"), &[
            ("_csrf", &token), ("url", "https://hooks.example.com/in"), ("description", "ERP v2"),
            ("event:ticket.created", "on"),
        ]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, v) = app.get(&format!("/api/v1/webhooks/{id}"), &app.admin).await;
        assert_eq!((v["active"].as_bool(), v["description"].as_str()), (Some(false), Some("ERP v2")), "{v}");
        let r = web_client::post(&app, &cookie, &format!("/admin/webhooks/{id}/rotate"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("id=\"new-secret\">whsec_") && !r.body.contains(&secret), "{}", r.body);
        assert!(r.body.contains("id=\"previous-secret\""), "{}", r.body);
        let r = web_client::post(&app, &cookie, &format!("/admin/webhooks/{id}/delete"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (_, list) = app.get("/api/v1/webhooks", &app.admin).await;
        assert_eq!(list, json!([]));

        // Not for other roles.
        app.staff("agent@provider.test", "agent").await;
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, _) = get(&app, &agent, "/admin/webhooks").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn the_sla_watch_sends_warnings_and_the_breach_once_each(app) {
        let rx = Receiver::start().await;
        let (_, secret) = register(&app, &rx.url("/sla"), &["ticket.sla_warning", "ticket.sla_breached"], true).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, t) = app.post("/api/v1/tickets", &client, json!({"category": "technical", "priority": "urgent",
            "subject": "Caído", "body": "No responde"})).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        // Urgent: 4 h on the 24×7 clock; warnings at 75 % (3 h) and 90 % (3 h 36 min).
        for (at, expected) in [(3 * 3600 - 60, 0), (3 * 3600 + 1, 1), (3 * 3600 + 2, 1),
                               (3 * 3600 + 36 * 60 + 1, 2), (4 * 3600 + 1, 3), (5 * 3600, 3)] {
            app.at(at);
            app.watch().await;
            run_jobs(&app).await;
            assert_eq!(rx.got().len(), expected, "at {at} s: {:#?}", rx.got());
        }
        let got: Vec<Value> = rx.got().iter().map(Got::json).collect();
        assert!(rx.got().iter().all(|g| g.signed_by(&secret)));
        assert_eq!((got[0]["event"].as_str(), got[0]["data"]["level"].as_i64(), got[0]["data"]["percent"].as_i64()),
            (Some("ticket.sla_warning"), Some(1), Some(75)), "{}", got[0]);
        assert_eq!(got[0]["data"]["ticket"]["sla_state"], "warning");
        assert_eq!((got[1]["data"]["level"].as_i64(), got[1]["data"]["percent"].as_i64()), (Some(2), Some(90)), "{}", got[1]);
        assert_eq!(got[2]["event"], "ticket.sla_breached");
        assert_eq!(got[2]["data"]["ticket"]["sla_state"], "breached");
        let breached_at = got[2]["data"]["breached_at"].as_str().expect("breached_at");
        assert_eq!(breached_at, got[2]["data"]["ticket"]["breached_at"].as_str().unwrap());
        assert!(breached_at.starts_with("2026-11-02T14:00:00"), "the breach instant, not when it was seen: {breached_at}");
    }

    async fn tls_failures_and_redirects_are_failed_attempts(app) {
        let rx = Receiver::start().await;
        // TLS to a plain HTTP server: the handshake fails; a redirect is not followed.
        let https = rx.base.replace("http://", "https://") + "/tls";
        let (tls_hook, _) = register(&app, &https, &["ticket.created"], true).await;
        let (moved, _) = register(&app, &rx.url("/moved"), &["ticket.created"], true).await;
        rx.answer(&[301]);
        let (_, _, client) = app.client_with_admin("Norte").await;
        open_ticket(&app, &client, "TLS").await;
        let r = run_jobs(&app).await;
        assert_eq!(r.failed.len(), 2, "{r:?}");
        let d = &deliveries(&app, tls_hook).await[0];
        assert!(d["last_error"].as_str().unwrap().starts_with("TLS handshake with 127.0.0.1:"), "{d}");
        let d = &deliveries(&app, moved).await[0];
        assert_eq!((d["state"].as_str(), d["last_status"].as_i64()), (Some("pending"), Some(301)), "{d}");
        assert!(d["last_error"].as_str().unwrap().contains("redirects are not followed"), "{d}");
        assert_eq!(rx.at("/moved").len(), 1);
    }
}
