//! Notification preferences (per kind: e-mail, and in the app for staff) as `send` obeys them,
//! through the API and the /preferences page; and the admins' outbox page.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use service::{Clock, jobs::RunnerConfig, notify::mail_out::NO_SMTP};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{csrf, get, post, sign_in},
};

const PREFS: &str = "/api/v1/me/notification-preferences";

async fn put_prefs(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::PUT, PREFS, token, Some(body)).await
}

async fn prefs(app: &TestApp, token: &str) -> Vec<Value> {
    let (s, v) = app.get(PREFS, token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("list").clone()
}

fn pref<'a>(list: &'a [Value], kind: &str) -> &'a Value {
    list.iter()
        .find(|p| p["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {list:?}"))
}

/// The outbox's messages to `to`, newest first.
async fn mails_to(app: &TestApp, to: &str) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/outbox?limit=500", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array()
        .expect("list")
        .iter()
        .filter(|m| m["to"] == to)
        .cloned()
        .collect()
}

/// The kinds of the user's in-app notifications, newest first.
async fn notice_kinds(app: &TestApp, token: &str) -> Vec<String> {
    let (s, v) = app.get("/api/v1/notifications", token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["kind"].as_str().expect("kind").to_string())
        .collect()
}

async fn ticket(app: &TestApp, token: &str, subject: &str) -> i64 {
    let (s, t) = app
        .post("/api/v1/tickets", token, json!({"category": "technical", "priority": "high", "subject": subject, "body": "Error 500"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t["id"].as_i64().expect("id")
}

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "test-node".into(),
        lease: jiff::SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

/// HTML text back to plain text (the entities askama writes, decimal or named).
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("entity end") + at;
        let entity = &rest[at + 1..end];
        out.push(match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            _ => {
                let n = entity
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16))
                    .unwrap_or_else(|| entity.trim_start_matches('#').parse());
                char::from_u32(n.expect("numeric entity")).expect("char")
            }
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

const AGENT: &str = "agent@provider.test";
const CLIENT: &str = "admin@norte.test";

both_backends! {
    async fn an_agent_chooses_in_app_or_email_for_the_clients_replies(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff(AGENT, "agent").await;
        let id = ticket(&app, &client, "El campus no carga").await;
        let msgs = format!("/api/v1/tickets/{id}/messages");
        app.ok(&msgs, &agent, json!({"body": "¿Qué error ven?"})).await; // assigns the agent

        // The defaults: staff kinds only, both on.
        let list = prefs(&app, &agent).await;
        let kinds: Vec<_> = list.iter().map(|p| p["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["assigned", "client_replied", "sla_warning", "sla_breach", "quote_approved", "quote_rejected"]);
        assert!(list.iter().all(|p| p["email"] == true && p["in_app"] == true && p["in_app_available"] == true), "{list:?}");

        // E-mail off: the reply is in the bell, not in the outbox.
        let (s, v) = put_prefs(&app, &agent, json!([{"kind": "client_replied", "email": false}])).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let saved = pref(v.as_array().unwrap(), "client_replied");
        assert_eq!((saved["email"].as_bool(), saved["in_app"].as_bool()), (Some(false), Some(true)), "in_app kept");
        app.ok(&msgs, &client, json!({"body": "Error 500 al entrar"})).await;
        assert_eq!(notice_kinds(&app, &agent).await, ["client_replied"]);
        assert_eq!(mails_to(&app, AGENT).await, Vec::<Value>::new(), "no e-mail for the reply");

        // The reverse: in the app off, e-mail on.
        let (s, v) = put_prefs(&app, &agent, json!([{"kind": "client_replied", "email": true, "in_app": false}])).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        app.ok(&msgs, &client, json!({"body": "Sigue igual"})).await;
        assert_eq!(notice_kinds(&app, &agent).await, ["client_replied"], "no new notification in the app");
        let mails = mails_to(&app, AGENT).await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert!(mails[0]["subject"].as_str().unwrap().contains("El cliente respondió"), "{}", mails[0]["subject"]);

        // The page: one row per staff kind with both boxes; a save is what was ticked.
        let cookie = sign_in(&app, AGENT, "agent-password-1").await;
        let (_, console) = get(&app, &cookie, "/console").await;
        assert!(console.contains("href=\"/preferences\""), "linked from the header");
        let (s, page) = get(&app, &cookie, "/preferences").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("name=\"in_app.sla_warning\"") && page.contains("Aviso de plazo"), "{page}");
        assert!(!page.contains("name=\"email.public_reply\""), "no client kinds for staff");
        let r = post(&app, &cookie, "/preferences", &[("_csrf", &csrf(&page)), ("email.assigned", "on"), ("in_app.client_replied", "on")]).await;
        assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some("/preferences?ok=saved")));
        let (_, page) = get(&app, &cookie, "/preferences?ok=saved").await;
        assert!(page.contains("Guardado"), "flash");
        let list = prefs(&app, &agent).await;
        let got: Vec<_> = list.iter().map(|p| (p["kind"].as_str().unwrap(), p["email"].as_bool().unwrap(), p["in_app"].as_bool().unwrap())).collect();
        assert_eq!(got, [("assigned", true, false), ("client_replied", false, true), ("sla_warning", false, false), ("sla_breach", false, false), ("quote_approved", false, false), ("quote_rejected", false, false)]);
        // Without the CSRF token nothing is saved.
        let r = post(&app, &cookie, "/preferences", &[("email.sla_warning", "on")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(pref(&prefs(&app, &agent).await, "sla_warning")["email"], false);
    }

    async fn a_client_admin_without_reply_emails_still_hears_of_the_resolution(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff(AGENT, "agent").await;
        let id = ticket(&app, &client, "El campus no carga").await;
        assert_eq!(mails_to(&app, CLIENT).await.len(), 1, "received");

        // On the page: the client's kinds, e-mail only; untick the replies.
        let cookie = sign_in(&app, CLIENT, "client-password-1").await;
        let (_, portal) = get(&app, &cookie, "/portal").await;
        assert!(portal.contains("href=\"/preferences\""), "linked from the header");
        let (s, page) = get(&app, &cookie, "/preferences").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("name=\"email.public_reply\"") && page.contains("Respuesta del equipo de soporte"), "{page}");
        assert!(!page.contains("in_app."), "no in-app choice for clients");
        assert!(!page.contains("email.sla_warning") && !page.contains("email.client_replied"), "no staff kinds");
        let token = csrf(&page);
        let form = [("_csrf", token.as_str()),
            ("email.ticket_received", "on"), ("email.waiting_on_you", "on"), ("email.resolved", "on"), ("email.closed", "on")];
        let r = post(&app, &cookie, "/preferences", &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let list = prefs(&app, &client).await;
        let kinds: Vec<_> = list.iter().map(|p| p["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["ticket_received", "public_reply", "waiting_on_you", "resolved", "closed", "monthly_report"]);
        assert_eq!(pref(&list, "monthly_report")["email"], false, "not ticked: off");
        assert!(list.iter().all(|p| p["in_app"] == false && p["in_app_available"] == false), "{list:?}");
        assert_eq!(pref(&list, "public_reply")["email"], false);
        assert_eq!(pref(&list, "resolved")["email"], true);

        // The agent answers: no e-mail. They resolve it: the e-mail comes.
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &agent, json!({"body": "Ya está corregido"})).await;
        assert_eq!(mails_to(&app, CLIENT).await.len(), 1, "no e-mail for the reply");
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"status": "resolved"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let mails = mails_to(&app, CLIENT).await;
        assert_eq!(mails.len(), 2, "{mails:?}");
        assert!(mails[0]["subject"].as_str().unwrap().contains("Resuelto: El campus no carga"), "{}", mails[0]["subject"]);
        assert!(!mails.iter().any(|m| m["body"].as_str().unwrap().contains("Ya está corregido")), "{mails:?}");
    }

    async fn a_client_admin_cannot_choose_in_app_nor_staff_kinds(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff(AGENT, "agent").await;
        let before = prefs(&app, &client).await;
        let refused = [
            (json!([{"kind": "public_reply", "in_app": true}]), "[0].in_app", "public_reply"),
            (json!([{"kind": "resolved", "email": false}, {"kind": "sla_warning", "email": false}]), "[1].kind", "sla_warning"),
            (json!([{"kind": "bogus", "email": false}]), "[0].kind", "bogus"),
        ];
        for (body, field, kind) in refused {
            let (s, v) = put_prefs(&app, &client, body.clone()).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {v}");
            let errors = v["errors"].as_array().expect("errors");
            assert_eq!(errors.len(), 1, "{v}");
            assert_eq!(errors[0]["field"], field, "{v}");
            assert!(errors[0]["message"].as_str().unwrap().contains(kind), "names the kind: {v}");
        }
        assert_eq!(prefs(&app, &client).await, before, "nothing saved, not even the valid item");
        // false is what a client has anyway: accepted.
        let (s, v) = put_prefs(&app, &client, json!([{"kind": "closed", "email": false, "in_app": false}])).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        // Staff cannot take the clients' kinds either; the error is problem+json.
        let res = reqwest::Client::new().put(format!("{}{PREFS}", app.base)).bearer_auth(&agent)
            .json(&json!([{"kind": "public_reply", "email": false}])).send().await.expect("PUT");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let v: Value = res.json().await.expect("json");
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("public_reply"), "{v}");
    }

    async fn the_admin_outbox_page_lists_mail_by_state_and_shows_its_text(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff(AGENT, "agent").await;
        // One message not sent (no SMTP server), one sent, one still queued, and one failed
        // with the server's answer (an answer to the first ticket, with markup in it).
        let first = ticket(&app, &client, "Primero <b>&").await;
        let r = app.service.run_due_jobs(&runner()).await.expect("round");
        assert_eq!(r.done.len(), 1, "{r:?}");
        for subject in ["Enviado", "En cola"] {
            ticket(&app, &client, subject).await;
        }
        app.ok(&format!("/api/v1/tickets/{first}/messages"), &agent, json!({"body": "Pruebe <script>alert(1)</script> & \"recargue\""})).await;
        let all = mails_to(&app, CLIENT).await;
        assert_eq!(all.len(), 4, "{all:?}");
        let [failed, queued, sent, unsent] = [0, 1, 2, 3].map(|i| all[i]["id"].as_i64().unwrap());
        assert_eq!(all[3]["state"], "unsent");
        let smtp_error = "SMTP smtp://mail.example:25: permanent error (550): 5.1.1 <admin@norte.test>: Recipient address rejected";
        let now = service::us(app.clock.now());
        let mut tx = app.service.db.begin().await.expect("tx");
        assert!(store::notifications::record_attempt(&mut tx, failed, "failed", Some(smtp_error), now).await.expect("fail"));
        assert!(store::notifications::record_attempt(&mut tx, sent, "sent", None, now).await.expect("send"));
        tx.commit().await.expect("commit");

        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, page) = get(&app, &cookie, "/admin/clients").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("href=\"/admin/outbox\""), "in the admin navigation");
        let (s, page) = get(&app, &cookie, "/admin/outbox").await;
        assert_eq!(s, StatusCode::OK);
        for st in ["queued", "sent", "failed", "unsent"] {
            let tab = &page[page.find(&format!("id=\"outbox-{st}\"")).expect("tab")..];
            let tab = &tab[..tab.find("</a>").unwrap()];
            assert!(tab.contains("<span class=\"count\">1</span>"), "{st}: {tab}");
        }
        let rows: Vec<i64> = page.match_indices("data-mail=\"").map(|(i, _)| page[i + 11..].split('"').next().unwrap().parse().unwrap()).collect();
        assert_eq!(rows, [failed, queued, sent, unsent], "newest first");

        let (_, page) = get(&app, &cookie, "/admin/outbox?state=failed").await;
        let at = page.find(&format!("data-mail=\"{failed}\"")).expect("the failed row");
        let row = &page[at..at + page[at..].find("</tr>").unwrap()];
        assert!(row.contains("Fallido") && row.contains("Recipient address rejected") && row.contains(CLIENT), "{row}");
        assert!(row.contains("/console/tickets/") && row.contains(&format!("href=\"/admin/outbox/{failed}\"")), "{row}");
        assert!(!page.contains(&format!("data-mail=\"{unsent}\"")) && !page.contains(&format!("data-mail=\"{queued}\"")), "only failed ones");
        let (_, page) = get(&app, &cookie, "/admin/outbox?state=unsent").await;
        let at = page.find(&format!("data-mail=\"{unsent}\"")).expect("the unsent row");
        let row = &page[at..at + page[at..].find("</tr>").unwrap()];
        assert!(row.contains("No enviado") && row.contains(NO_SMTP), "{row}");
        assert!(page.contains("no hay servidor SMTP configurado"), "the state is explained");
        assert!(row.contains(&format!("href=\"/console/tickets/{first}\"")), "{row}");

        // One message: its whole text, escaped.
        let (s, m) = app.get(&format!("/api/v1/outbox/{failed}"), &app.admin).await;
        assert_eq!(s, StatusCode::OK);
        let (s, page) = get(&app, &cookie, &format!("/admin/outbox/{failed}")).await;
        assert_eq!(s, StatusCode::OK);
        let pre = &page[page.find("<pre class=\"mail-body\"").expect("pre")..];
        let pre = &pre[pre.find('>').unwrap() + 1..pre.find("</pre>").unwrap()];
        assert!(!pre.contains('<') && !pre.contains('"'), "escaped: {pre}");
        assert_eq!(unescape(pre), m["body"].as_str().unwrap(), "the whole text");
        assert!(unescape(pre).contains("Pruebe <script>alert(1)</script> & \"recargue\""));
        assert!(page.contains("Respuesta: Primero &#60;b&#62;&#38;") && !page.contains("Primero <b>"), "the subject too");
        assert!(page.contains("Recipient address rejected"));

        // Nobody else.
        let agent = sign_in(&app, AGENT, "agent-password-1").await;
        let client = sign_in(&app, CLIENT, "client-password-1").await;
        for who in [&agent, &client] {
            assert_eq!(get(&app, who, "/admin/outbox").await.0, StatusCode::FORBIDDEN);
            assert_eq!(get(&app, who, &format!("/admin/outbox/{failed}")).await.0, StatusCode::FORBIDDEN);
        }
    }
}
