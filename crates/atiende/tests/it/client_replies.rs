//! What a reply does to a ticket, on every channel: a client's file alone resumes a ticket
//! waiting on them; on a resolved ticket a client reopens (with a reason) or leaves a "client
//! replied" mark that agents see; staff reply and set the status in one submit; staff open a
//! ticket for a client admin.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp, web_client};

const H: i64 = 3600;

/// A medium ticket opened at t0 by a client admin; returns (ticket path, client, agent id, agent).
async fn ticket(app: &TestApp) -> (String, String, i64, String) {
    let (_, _, client) = app.client_with_admin("Norte").await;
    let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
    let t = app
        .ok(
            "/api/v1/tickets",
            &client,
            json!({"category": "technical", "priority": "medium", "subject": "No anda", "body": "?"}),
        )
        .await;
    (
        format!("/api/v1/tickets/{}", t["id"]),
        client,
        agent_id,
        agent,
    )
}

async fn upload(app: &TestApp, path: &str, token: &str, name: &str) -> (StatusCode, Value) {
    let res = app
        .http
        .post(format!("{}{path}/attachments?filename={name}", app.base))
        .bearer_auth(token)
        .header("content-type", "text/plain")
        .body("captura de pantalla")
        .send()
        .await
        .expect("upload");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn status_of(app: &TestApp, path: &str, token: &str) -> Value {
    let (s, v) = app.get(path, token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

both_backends! {
    async fn a_client_file_alone_resumes_a_waiting_ticket(app) {
        let (path, client, _, agent) = ticket(&app).await;
        app.at(H);
        let (s, v) = app.patch(&path, &agent, json!({"status": "waiting_on_client"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["sla"]["paused"], true);
        app.at(3 * H);
        let (s, a) = upload(&app, &path, &client, "captura.txt").await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        let v = status_of(&app, &path, &client).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["paused"], false);
        assert_eq!(v["sla"]["clock_running"], true);
        // Paused 2 h: the 48 h target is due 2 h later.
        assert_eq!(v["sla"]["due_at"], "2026-11-04T12:00:00.000000Z");
    }

    async fn a_portal_reply_with_only_a_file_resumes_a_waiting_ticket(app) {
        let (path, _, _, agent) = ticket(&app).await;
        app.at(H);
        app.patch(&path, &agent, json!({"status": "waiting_on_client"})).await;
        let id = path.rsplit('/').next().expect("id").to_string();
        let cookie = web_client::sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = web_client::get(&app, &cookie, &format!("/portal/tickets/{id}")).await;
        let form = reqwest::multipart::Form::new()
            .text("_csrf", web_client::csrf(&html))
            .text("body", "")
            .part(
                "files",
                reqwest::multipart::Part::bytes(b"log".to_vec())
                    .file_name("error.log")
                    .mime_str("text/plain")
                    .expect("mime"),
            );
        let res = web_client::browser()
            .post(format!("{}/portal/tickets/{id}/messages", app.base))
            .header("cookie", &cookie)
            .header("origin", &app.base)
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap_or_default());
        let (_, agent_token) = (0, agent);
        let v = status_of(&app, &path, &agent_token).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["clock_running"], true);
        let (_, files) = app.get(&format!("{path}/attachments"), &agent_token).await;
        assert_eq!(files.as_array().map(Vec::len), Some(1), "{files}");
        // What the client sees afterwards: open again, the countdown running, the file listed.
        let (_, html) = web_client::get(&app, &cookie, &format!("/portal/tickets/{id}")).await;
        assert!(html.contains("<dd id=\"status\">Abierto</dd>"), "{html}");
        assert!(!html.contains("Esperamos su respuesta") && html.contains("data-running=\"true\""));
        assert!(html.contains("error.log"));
    }

    async fn a_client_message_on_a_resolved_ticket_reaches_the_agents_default_view(app) {
        let (path, client, _, agent) = ticket(&app).await;
        app.at(H);
        app.patch(&path, &agent, json!({"status": "resolved"})).await;
        let default_view = "/api/v1/tickets?status=new,open,waiting_on_client&or_client_replied=true";
        let (_, list) = app.get(default_view, &agent).await;
        assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "a resolved ticket is not in the default view");

        app.at(2 * H);
        app.ok(&format!("{path}/messages"), &client, json!({"body": "sigue fallando"})).await;
        let v = status_of(&app, &path, &agent).await;
        assert_eq!(v["status"], "resolved", "a message without reopen leaves it resolved");
        assert_eq!(v["sla"]["paused"], true);
        assert_eq!(v["client_replied_at"], "2026-11-02T12:00:00Z");
        let (_, list) = app.get(default_view, &agent).await;
        assert_eq!(list["items"][0]["id"], v["id"], "{list}");
        let (_, only) = app.get("/api/v1/tickets?client_replied=true", &agent).await;
        assert_eq!(only["items"].as_array().map(Vec::len), Some(1));

        // A staff member acting on it (here an internal note) clears the mark.
        app.ok(&format!("{path}/messages"), &agent, json!({"body": "lo miro", "internal": true})).await;
        let v = status_of(&app, &path, &agent).await;
        assert_eq!(v["client_replied_at"], Value::Null);
        let (_, list) = app.get(default_view, &agent).await;
        assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    }

    async fn a_client_reopens_with_a_message_or_a_reason(app) {
        let (path, client, _, agent) = ticket(&app).await;
        app.at(H);
        app.patch(&path, &agent, json!({"status": "resolved"})).await;
        // Reopening needs a reason, through a message or the status change.
        let (s, v) = app.post(&format!("{path}/messages"), &client, json!({"body": " ", "reopen": true})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, v) = app.patch(&path, &client, json!({"status": "open"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "status_reason", "{v}");

        app.at(5 * H);
        app.ok(&format!("{path}/messages"), &client, json!({"body": "sigue igual", "reopen": true})).await;
        let v = status_of(&app, &path, &client).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["clock_running"], true);
        // Resolved for 4 h: due 4 h later than 48 h after opening.
        assert_eq!(v["sla"]["due_at"], "2026-11-04T14:00:00.000000Z");
        let (_, events) = app.get(&format!("{path}/events"), &agent).await;
        let reopen = events.as_array().expect("events").iter()
            .rfind(|e| e["kind"] == "status_changed").expect("status event").clone();
        assert_eq!(reopen["data"]["auto"], false);

        // Reopen is for resolved tickets only; a client cannot set a status through a message.
        let (s, _) = app.post(&format!("{path}/messages"), &client, json!({"body": "x", "reopen": true})).await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (s, _) = app.post(&format!("{path}/messages"), &client, json!({"body": "x", "status": "resolved"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn staff_reply_and_set_the_status_in_one_submit(app) {
        let (path, _, agent_id, agent) = ticket(&app).await;
        app.at(H);
        let m = app.ok(&format!("{path}/messages"), &agent,
            json!({"body": "¿Nos envía una captura?", "status": "waiting_on_client"})).await;
        assert_eq!(m["internal"], false);
        let v = status_of(&app, &path, &agent).await;
        assert_eq!(v["status"], "waiting_on_client");
        assert_eq!(v["sla"]["paused"], true);
        // The first public reply on an unassigned ticket assigns it to its author.
        assert_eq!(v["assignee_id"], agent_id);
        let (_, events) = app.get(&format!("{path}/events"), &agent).await;
        let kinds: Vec<&str> = events.as_array().expect("events").iter()
            .map(|e| e["kind"].as_str().unwrap_or_default()).collect();
        assert_eq!(kinds, ["created", "message_added", "message_added", "assignee_changed", "status_changed"]);

        // A second agent's reply does not take the ticket away.
        let (_, other) = app.staff("other@provider.test", "agent").await;
        app.ok(&format!("{path}/messages"), &other, json!({"body": "Listo", "status": "resolved"})).await;
        let v = status_of(&app, &path, &agent).await;
        assert_eq!((v["status"].as_str(), v["assignee_id"].as_i64()), (Some("resolved"), Some(agent_id)));
    }

    async fn staff_open_a_ticket_for_a_client_admin(app) {
        let (client_id, _, client) = app.client_with_admin("Norte").await;
        let (other_client, _, _) = app.client_with_admin("Sur").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        let norte_admin = app.service.user_id_by_email("admin@norte.test").await.expect("user");
        let sur_admin = app.service.user_id_by_email("admin@sur.test").await.expect("user");
        let new = |requester: i64, client: i64| json!({"client_id": client, "requester_id": requester,
            "category": "functional", "priority": "low", "subject": "Llamada", "body": "Por teléfono"});
        let t = app.ok("/api/v1/tickets", &agent, new(norte_admin, client_id)).await;
        assert_eq!(t["requester_id"], norte_admin);
        // The client admin sees it as theirs; the history says who opened it for whom.
        let path = format!("/api/v1/tickets/{}", t["id"]);
        let (s, _) = app.get(&path, &client).await;
        assert_eq!(s, StatusCode::OK);
        let (_, events) = app.get(&format!("{path}/events"), &agent).await;
        assert_eq!(events[0]["kind"], "created");
        assert_eq!(events[0]["actor_id"], agent_id);
        assert_eq!(events[0]["data"]["on_behalf_of"], norte_admin);

        // Another client's admin, or a staff member, is not a requester for this client.
        let (s, v) = app.post("/api/v1/tickets", &agent, new(sur_admin, client_id)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "requester_id");
        let (s, _) = app.post("/api/v1/tickets", &agent, new(agent_id + 1000, client_id)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // A client admin opens tickets in their own name only.
        let (s, _) = app.post("/api/v1/tickets", &client, new(sur_admin, other_client)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another client's id is not found");
        let own = json!({"requester_id": sur_admin, "category": "functional", "priority": "low", "subject": "x", "body": "y"});
        let (s, _) = app.post("/api/v1/tickets", &client, own).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
}
