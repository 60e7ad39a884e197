//! Client isolation: another client's objects answer 404 (existence never leaks); within its
//! own client a client admin's forbidden actions answer 403; internal notes stay internal.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

/// Calls `path` and asserts a problem+json answer with `status`.
async fn expect_problem(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    status: StatusCode,
) -> Value {
    let mut req = app
        .http
        .request(method.clone(), format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), status, "{method} {path}");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(ct, "application/problem+json", "{method} {path}");
    let v: Value = res.json().await.expect("problem body");
    assert_eq!(v["status"], status.as_u16(), "{method} {path}: {v}");
    v
}

async fn upload(app: &TestApp, ticket: i64, token: &str) -> i64 {
    let res = app
        .http
        .post(format!(
            "{}/api/v1/tickets/{ticket}/attachments?filename=a.pdf",
            app.base
        ))
        .bearer_auth(token)
        .header("content-type", "application/pdf")
        .body(b"%PDF-1.4 test".to_vec())
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("attachment id")
}

fn ids(v: &Value) -> Vec<i64> {
    let list = v.get("items").unwrap_or(v);
    list.as_array()
        .expect("array")
        .iter()
        .map(|x| x["id"].as_i64().expect("id"))
        .collect()
}

fn new_ticket(subject: &str) -> Value {
    json!({"category": "technical", "priority": "medium", "subject": subject, "body": "detalle"})
}

both_backends! {
    async fn another_clients_objects_answer_404(app) {
        let (cid_a, campus_a, a) = app.client_with_admin("Alfa").await;
        let (cid_b, campus_b, b) = app.client_with_admin("Beta").await;
        let ta = app.ok("/api/v1/tickets", &a, new_ticket("de A")).await;
        let tb = app.ok("/api/v1/tickets", &b, new_ticket("de B")).await;
        let tb_id = tb["id"].as_i64().unwrap();
        let att_b = upload(&app, tb_id, &b).await;
        let user_b = app.service.user_id_by_email("admin@beta.test").await.unwrap();
        let nf = StatusCode::NOT_FOUND;
        let t = format!("/api/v1/tickets/{tb_id}");
        expect_problem(&app, Method::GET, &t, &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/tickets/{}", tb["number"].as_str().unwrap()), &a, None, nf).await;
        expect_problem(&app, Method::PATCH, &t, &a, Some(json!({"status": "closed"})), nf).await;
        expect_problem(&app, Method::PATCH, &t, &a, Some(json!({"priority": "urgent"})), nf).await;
        expect_problem(&app, Method::GET, &format!("{t}/messages"), &a, None, nf).await;
        expect_problem(&app, Method::POST, &format!("{t}/messages"), &a, Some(json!({"body": "hola"})), nf).await;
        expect_problem(&app, Method::GET, &format!("{t}/events"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("{t}/attachments"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/attachments/{att_b}"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/clients/{cid_b}"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/campuses/{campus_b}"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/users/{user_b}"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/tickets?client_id={cid_b}"), &a, None, nf).await;
        expect_problem(&app, Method::GET, &format!("/api/v1/campuses?client_id={cid_b}"), &a, None, nf).await;
        // Nothing of B changed through A's attempts.
        let (_, after) = app.get(&t, &b).await;
        assert_eq!((after["status"].as_str(), after["priority"].as_str()), (Some("new"), Some("medium")));
        let (_, msgs) = app.get(&format!("{t}/messages"), &b).await;
        assert_eq!(msgs.as_array().unwrap().len(), 1);

        // Lists show only A's objects.
        let (_, v) = app.get("/api/v1/tickets", &a).await;
        assert_eq!(ids(&v), vec![ta["id"].as_i64().unwrap()]);
        let (_, v) = app.get("/api/v1/clients", &a).await;
        assert_eq!(ids(&v), vec![cid_a]);
        let (_, v) = app.get("/api/v1/campuses", &a).await;
        assert_eq!(ids(&v), vec![campus_a]);
        let (_, v) = app.get("/api/v1/users", &a).await;
        let users = v.as_array().unwrap();
        assert_eq!(users.len(), 1, "{v}");
        assert!(users.iter().all(|u| u["client_id"] == cid_a), "{v}");

        // Creating with B's client or B's campus creates nothing.
        let mut with_client = new_ticket("colado");
        with_client["client_id"] = json!(cid_b);
        expect_problem(&app, Method::POST, "/api/v1/tickets", &a, Some(with_client), nf).await;
        let mut with_campus = new_ticket("colado");
        with_campus["campus_id"] = json!(campus_b);
        let v = expect_problem(&app, Method::POST, "/api/v1/tickets", &a, Some(with_campus), StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(v["errors"][0]["field"], "campus_id");
        let (_, all) = app.get("/api/v1/tickets", &app.admin).await;
        assert_eq!(all["items"].as_array().unwrap().len(), 2, "no ticket was created: {all}");
    }

    async fn own_client_forbidden_actions_answer_403(app) {
        let (cid, _, a) = app.client_with_admin("Alfa").await;
        let (agent_id, _) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &a, new_ticket("mío")).await;
        let path = format!("/api/v1/tickets/{}", t["id"]);
        let fb = StatusCode::FORBIDDEN;
        for patch in [
            json!({"priority": "urgent"}),
            json!({"category": "complaint"}),
            json!({"assignee_id": agent_id}),
            json!({"assignee_id": null}),
            json!({"tags": ["x"]}),
            json!({"status": "open"}),
            json!({"status": "resolved"}),
            json!({"status": "waiting_on_client"}),
            json!({"status": "closed"}),
        ] {
            expect_problem(&app, Method::PATCH, &path, &a, Some(patch), fb).await;
        }
        expect_problem(&app, Method::POST, &format!("{path}/messages"), &a, Some(json!({"body": "nota", "internal": true})), fb).await;
        expect_problem(&app, Method::POST, "/api/v1/clients", &a, Some(json!({"name": "Otro", "tax_id": "T-1", "time_zone": "Europe/Madrid"})), fb).await;
        expect_problem(&app, Method::POST, "/api/v1/users", &a, Some(json!({"email": "x@alfa.test", "name": "X", "role": "client_admin", "client_id": cid, "password": "long-enough-pw"})), fb).await;
        expect_problem(&app, Method::POST, "/api/v1/users", &a, Some(json!({"email": "y@alfa.test", "name": "Y", "role": "admin", "password": "long-enough-pw"})), fb).await;
        // Nothing moved.
        let (_, v) = app.get(&path, &a).await;
        assert_eq!((v["status"].as_str(), v["priority"].as_str(), v["category"].as_str()), (Some("new"), Some("medium"), Some("technical")));
        assert_eq!(v["assignee_id"], Value::Null);
        let (_, users) = app.get("/api/v1/users", &app.admin).await;
        assert_eq!(users.as_array().unwrap().len(), 3, "root, agent and A's admin only: {users}");
        let (_, clients) = app.get("/api/v1/clients", &app.admin).await;
        assert_eq!(clients.as_array().unwrap().len(), 1);

        // On a resolved ticket the client may confirm or reopen, nothing else.
        let (_, agent) = app.staff("agent2@provider.test", "agent").await;
        let (s, _) = app.patch(&path, &agent, json!({"status": "resolved"})).await;
        assert_eq!(s, StatusCode::OK);
        expect_problem(&app, Method::PATCH, &path, &a, Some(json!({"status": "waiting_on_client"})), fb).await;
        let (s, v) = app.patch(&path, &a, json!({"status": "open", "status_reason": "sigue igual"})).await;
        assert_eq!(s, StatusCode::OK, "reopen: {v}");
    }

    async fn client_admins_never_see_internal_notes(app) {
        let (_, _, a) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &a, new_ticket("notas")).await;
        let path = format!("/api/v1/tickets/{}", t["id"]);
        app.ok(&format!("{path}/messages"), &agent, json!({"body": "SECRETO interno", "internal": true})).await;
        app.ok(&format!("{path}/messages"), &agent, json!({"body": "Respuesta pública"})).await;

        let (_, staff_msgs) = app.get(&format!("{path}/messages"), &agent).await;
        assert_eq!(staff_msgs.as_array().unwrap().len(), 3);
        let (s, msgs) = app.get(&format!("{path}/messages"), &a).await;
        assert_eq!(s, StatusCode::OK);
        let msgs = msgs.as_array().unwrap();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs.iter().all(|m| m["internal"] == false && !m["body"].as_str().unwrap().contains("SECRETO")));

        let (_, staff_events) = app.get(&format!("{path}/events"), &agent).await;
        assert!(staff_events.as_array().unwrap().iter().any(|e| e["data"]["internal"] == true));
        let (_, events) = app.get(&format!("{path}/events"), &a).await;
        let text = events.to_string();
        assert!(!text.contains("SECRETO"));
        assert!(events.as_array().unwrap().iter().all(|e| e["data"]["internal"] != true), "{events}");
    }
}
