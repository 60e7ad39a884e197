//! A ticket's scope through the API: the reason is a code, required exactly for out of scope;
//! an optional note; the client reads the scope in plain words; a refused change writes nothing.

use reqwest::StatusCode;
use serde_json::json;

use super::{open, refused};
use crate::both_backends;

both_backends! {
    async fn the_reason_is_a_code_required_only_out_of_scope(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, campus, "Reporte de notas", "¿Pueden armar un reporte?").await;
        let path = format!("/api/v1/tickets/{}", t["id"]);
        let before = app.get(&format!("{path}/events"), &agent).await.1;

        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "out_of_scope"}})).await;
        refused(s, &v, "scope.reason", "required");
        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "out_of_scope", "reason": "because"}})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "scope.reason", "{v}");
        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "included", "reason": "integration"}})).await;
        refused(s, &v, "scope.reason", "reason_not_allowed");
        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "admin_hours", "note": "x".repeat(1001)}})).await;
        refused(s, &v, "scope.note", "too_long");
        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "admin_hours", "note": "a\u{7}b"}})).await;
        refused(s, &v, "scope.note", "control_character");
        // With another field: nothing of the patch is applied.
        let (s, v) = app.patch(&path, &agent, json!({"priority": "high", "scope": {"kind": "out_of_scope"}})).await;
        refused(s, &v, "scope.reason", "required");
        let (_, now) = app.get(&path, &agent).await;
        assert_eq!((now["priority"].as_str(), now["scope"]["kind"].as_str()), (Some("low"), Some("included")), "{now}");
        assert_eq!(app.get(&format!("{path}/events"), &agent).await.1, before, "no event written");

        let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "out_of_scope", "reason": "custom_development", "note": "Se cotiza aparte"}})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["scope"], json!({"kind": "out_of_scope", "reason": "custom_development", "note": "Se cotiza aparte",
            "explanation": "Out of scope: custom development (programming built to order)"}));
        // The client reads it in plain words, and the change in the history.
        let (_, mine) = app.get(&path, &client).await;
        assert_eq!(mine["scope"]["explanation"], "Out of scope: custom development (programming built to order)");
        assert_eq!(mine["scope"]["reason"], "custom_development");
        let (_, events) = app.get(&format!("{path}/events"), &client).await;
        let change = events.as_array().unwrap().iter().find(|e| e["kind"] == "scope_changed").expect("scope event").clone();
        assert_eq!(change["data"]["reason"], "custom_development");
        assert_eq!(change["data"]["note"], "Se cotiza aparte");

        // Admin hours with a note; included again clears the reason.
        let (_, v) = app.patch(&path, &agent, json!({"scope": {"kind": "admin_hours", "note": "Banco de horas"}})).await;
        assert_eq!(v["scope"], json!({"kind": "admin_hours", "reason": null, "note": "Banco de horas",
            "explanation": "Paid from the campus administration hours"}));
        let (_, v) = app.patch(&path, &agent, json!({"scope": {"kind": "included"}})).await;
        assert_eq!(v["scope"], json!({"kind": "included", "reason": null, "note": null, "explanation": "Included in the subscription"}));
        // Client admins do not scope tickets.
        let (s, _) = app.patch(&path, &client, json!({"scope": {"kind": "included"}})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
}
