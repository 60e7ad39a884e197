//! The scope suggested when a ticket is opened: stored at creation (API), kept from client
//! admins, accepted in one action or overridden by setting another scope, each recorded in the
//! history with who decided; refusals.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{campus, open};
use crate::{both_backends, harness::TestApp};

async fn events(app: &TestApp, token: &str, id: &Value) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/tickets/{id}/events"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().unwrap().clone()
}

both_backends! {
    async fn the_suggestion_is_stored_at_creation_and_only_staff_see_it(app) {
        let (cid, hosted, client) = app.client_with_admin("Norte").await;
        let theirs = campus(&app, cid, "posgrado.norte.invalid", false).await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, hosted, "Cursos del cuatrimestre",
            "Necesitamos crear 40 cursos y matricular a los alumnos. Adjuntamos el listado.").await;
        // The client's own view: no suggestion, and the scope stays included.
        assert!(t.get("scope_suggestion").is_none(), "{t}");
        assert_eq!(t["scope"]["kind"], "included");
        let (_, mine) = app.get(&format!("/api/v1/tickets/{}", t["id"]), &client).await;
        assert!(mine.get("scope_suggestion").is_none(), "{mine}");
        let (_, list) = app.get("/api/v1/tickets", &client).await;
        assert!(list["items"].as_array().unwrap().iter().all(|i| i.get("scope_suggestion").is_none()), "{list}");

        let (_, staff) = app.get(&format!("/api/v1/tickets/{}", t["id"]), &agent).await;
        assert_eq!(staff["scope"]["kind"], "included", "a suggestion never sets the scope");
        let sg = &staff["scope_suggestion"];
        assert_eq!(sg["class"], "campus_administration", "{staff}");
        assert_eq!((sg["kind"].as_str(), sg["reason"].as_str()), (Some("out_of_scope"), Some("campus_administration")));
        assert_eq!(sg["rule"], "admin_task");
        assert_eq!(sg["matched"], "crear 40 cursos");
        assert!(sg["explanation"].as_str().unwrap().starts_with("Matched «crear 40 cursos»"), "{sg}");
        assert!(sg["decision"].is_null());
        let (_, list) = app.get("/api/v1/tickets", &agent).await;
        assert_eq!(list["items"][0]["scope_suggestion"]["class"], "campus_administration", "in the staff queue too");

        // The campus's hosting decides server work: not hosted → out of scope; hosted → included.
        let body = "¿Pueden configurar las copias de seguridad diarias del servidor?";
        let a = open(&app, &client, theirs, "Backups", body).await;
        let (_, a) = app.get(&format!("/api/v1/tickets/{}", a["id"]), &agent).await;
        assert_eq!((a["scope_suggestion"]["class"].as_str(), a["scope_suggestion"]["rule"].as_str()),
            (Some("not_hosted"), Some("server_not_hosted")), "{a}");
        let b = app.ok("/api/v1/tickets", &agent, json!({"client_id": cid, "campus_id": hosted, "category": "technical",
            "priority": "low", "subject": "Backups", "body": body})).await;
        assert_eq!((b["scope_suggestion"]["class"].as_str(), b["scope_suggestion"]["rule"].as_str()),
            (Some("included"), Some("server_hosted")), "staff see it in the creation answer: {b}");
    }

    async fn accepting_sets_the_scope_and_records_who_decided(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, campus, "Integración", "Queremos integrar el campus con el SIU Guaraní.").await;
        let accept = format!("/api/v1/tickets/{}/scope-suggestion/accept", t["id"]);
        // Client admins may not; someone else's client answers 404.
        let (s, v) = app.post(&accept, &client, json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (_, _, other) = app.client_with_admin("Sur").await;
        assert_eq!(app.post(&accept, &other, json!({})).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.post("/api/v1/tickets/999999/scope-suggestion/accept", &agent, json!({})).await.0, StatusCode::NOT_FOUND);

        let (s, v) = app.post(&accept, &agent, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!((v["scope"]["kind"].as_str(), v["scope"]["reason"].as_str()), (Some("out_of_scope"), Some("integration")));
        assert_eq!(v["scope_suggestion"]["decision"], "accepted");
        assert_eq!(v["status"], "open", "acting on a new ticket triages it");
        let staff_events = events(&app, &agent, &t["id"]).await;
        let decided = staff_events.iter().find(|e| e["kind"] == "scope_suggestion_decided").expect("decision event");
        assert_eq!(decided["actor_id"], agent_id);
        assert_eq!(decided["data"]["decision"], "accepted");
        assert_eq!(decided["data"]["suggested"], "integration");
        assert_eq!(decided["data"]["rule"], "integration");
        assert!(staff_events.iter().any(|e| e["kind"] == "scope_changed" && e["data"]["reason"] == "integration"));
        // The client sees the scope change, not the suggestion's decision.
        let theirs = events(&app, &client, &t["id"]).await;
        assert!(theirs.iter().any(|e| e["kind"] == "scope_changed"));
        assert!(theirs.iter().all(|e| e["kind"] != "scope_suggestion_decided"), "{theirs:?}");
        let (_, mine) = app.get(&format!("/api/v1/tickets/{}", t["id"]), &client).await;
        assert_eq!(mine["scope"]["explanation"], "Out of scope: an integration with another system");
        assert!(mine.get("scope_suggestion").is_none());

        // Decided once.
        let (s, v) = app.post(&accept, &agent, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("already accepted or overridden"), "{v}");
    }

    async fn setting_another_scope_overrides_the_suggestion(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, campus, "Alta de usuarios", "Les pedimos que den de alta a los 120 docentes nuevos.").await;
        let path = format!("/api/v1/tickets/{}", t["id"]);
        // A change that does not touch the scope decides nothing.
        app.patch(&path, &agent, json!({"priority": "medium"})).await;
        assert!(app.get(&path, &agent).await.1["scope_suggestion"]["decision"].is_null());

        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "admin_hours", "note": "Del banco de horas"}})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["scope_suggestion"]["decision"], "overridden");
        assert_eq!(v["scope_suggestion"]["class"], "campus_administration", "the suggestion itself is kept");
        let decided: Vec<Value> = events(&app, &agent, &t["id"]).await.into_iter().filter(|e| e["kind"] == "scope_suggestion_decided").collect();
        assert_eq!(decided.len(), 1);
        assert_eq!((decided[0]["actor_id"].as_i64(), decided[0]["data"]["decision"].as_str()), (Some(agent_id), Some("overridden")));
        // Later scope changes are ordinary ones; accepting now is refused.
        app.patch(&path, &agent, json!({"scope": {"kind": "out_of_scope", "reason": "campus_administration"}})).await;
        assert_eq!(events(&app, &agent, &t["id"]).await.iter().filter(|e| e["kind"] == "scope_suggestion_decided").count(), 1);
        let (s, v) = app.post(&format!("{path}/scope-suggestion/accept"), &agent, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("already accepted or overridden"), "{v}");

        // Setting the suggested scope by hand is accepting it.
        let u = open(&app, &client, campus, "Plugin", "Necesitamos desarrollar un plugin a medida.").await;
        let (_, v) = app.patch(&format!("/api/v1/tickets/{}", u["id"]), &agent,
            json!({"scope": {"kind": "out_of_scope", "reason": "custom_development"}})).await;
        assert_eq!(v["scope_suggestion"]["decision"], "accepted", "{v}");
    }

    async fn a_closed_ticket_keeps_its_suggestion_pending(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, campus, "Núcleo", "Queremos que modifiquen el núcleo de Moodle.").await;
        app.patch(&format!("/api/v1/tickets/{}", t["id"]), &agent, json!({"status": "closed"})).await;
        let (s, v) = app.post(&format!("/api/v1/tickets/{}/scope-suggestion/accept", t["id"]), &agent, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("closed ticket is final"), "{v}");
        let (_, v) = app.get(&format!("/api/v1/tickets/{}", t["id"]), &agent).await;
        assert!(v["scope_suggestion"]["decision"].is_null(), "{v}");
        assert_eq!(v["scope"]["kind"], "included");
    }
}
