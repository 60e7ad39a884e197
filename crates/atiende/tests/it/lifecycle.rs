//! The life of a ticket against the real server with a set clock.

use reqwest::StatusCode;
use serde_json::json;

use crate::both_backends;

both_backends! {
    async fn urgent_ticket_pauses_resumes_and_is_met(app) {
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client, json!({"campus_id": campus, "category": "technical", "priority": "urgent",
            "subject": "El campus no carga", "body": "Nadie puede entrar"})).await;
        assert_eq!(t["client_id"], cid);
        assert_eq!(t["number"].as_str().unwrap().len(), 9);
        assert_eq!(t["sla"]["target_seconds"], 4 * 3600);
        assert_eq!(t["sla"]["due_at"], "2026-11-02T14:00:00.000000Z");
        assert_eq!(t["sla"]["state"], "ok");
        let id = t["id"].as_i64().unwrap();

        // 1 h later the agent asks the client something: the clock pauses for 2 h.
        app.at(3600);
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"status": "waiting_on_client"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["sla"]["paused"], true);
        assert_eq!(v["sla"]["clock_running"], false);
        app.at(3 * 3600);
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &agent).await;
        assert_eq!(v["sla"]["paused_seconds"], 7200);
        assert_eq!(v["sla"]["due_at"], "2026-11-02T16:00:00.000000Z");
        assert_eq!(v["sla"]["remaining_seconds"], 3 * 3600);

        // The client's reply resumes it (back to open by itself).
        let (s, _) = app.post(&format!("/api/v1/tickets/{id}/messages"), &client, json!({"body": "Ya respondí"})).await;
        assert_eq!(s, StatusCode::CREATED);
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["clock_running"], true);

        app.at(4 * 3600);
        let (_, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"status": "resolved"})).await;
        assert_eq!(v["sla"]["state"], "met");
        // The client confirms within the window: closed, final.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &client, json!({"status": "closed"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["status"], "closed");
        let (s, _) = app.post(&format!("/api/v1/tickets/{id}/messages"), &client, json!({"body": "gracias"})).await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (_, met) = app.get("/api/v1/tickets?sla_state=met", &agent).await;
        assert_eq!(met["items"].as_array().unwrap().len(), 1);
    }

    async fn breach_is_permanent_and_listed(app) {
        let (_, _, client) = app.client_with_admin("Sur").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "high",
            "subject": "Lento", "body": "Muy lento"})).await;
        let id = t["id"].as_i64().unwrap();
        app.at(13 * 3600);
        let r = app.watch().await;
        assert_eq!(r.breaches, 1);
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &agent).await;
        assert_eq!(v["sla"]["state"], "breached");
        assert_eq!(v["sla"]["breached_at"], "2026-11-02T22:00:00.000000Z");
        // Lowering (with a reason) never erases the breach.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"priority": "low", "priority_reason": "no es grave"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["sla"]["state"], "breached");
        assert!(v["sla"]["remaining_seconds"].as_i64().unwrap() > 0);
        let (_, list) = app.get("/api/v1/tickets?sla_state=breached", &agent).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        let (_, ok) = app.get("/api/v1/tickets?sla_state=ok", &agent).await;
        assert_eq!(ok["items"].as_array().unwrap().len(), 0);
        // Lowering without a reason is refused, naming the field.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &agent, json!({"priority": "low"})).await;
        assert_eq!(s, StatusCode::OK, "same priority is a no-op: {v}");
        let t2 = app.ok("/api/v1/tickets", &client, json!({"category": "functional", "priority": "medium", "subject": "Duda", "body": "?"})).await;
        let (s, v) = app.patch(&format!("/api/v1/tickets/{}", t2["id"]), &agent, json!({"priority": "low"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["errors"][0]["field"], "priority_reason");
    }
}
