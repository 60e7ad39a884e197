//! Deleting configuration objects: allowed while unused, 409 while history refers to them.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both_backends;

both_backends! {
    async fn deletes_refuse_objects_in_use(app) {
        let (cid, campus, client) = app.client_with_admin("Delta").await;
        let (other_cid, _, _) = app.client_with_admin("Omega").await;
        let spare = app.ok("/api/v1/campuses", &app.admin, json!({"client_id": cid, "url": "https://spare.campus.invalid",
            "platform": "Moodle", "platform_version": "4.4", "hosted_by_us": false, "service_start_date": "2026-02-01"})).await;
        app.ok("/api/v1/tickets", &client, json!({"campus_id": campus, "category": "functional", "priority": "low",
            "subject": "¿Cómo matriculo?", "body": "Consulta"})).await;

        // A client admin: 403 on its own client, 404 on another's.
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/campuses/{}", spare["id"]), &client, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/clients/{other_cid}"), &client, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // In use → 409 and nothing removed.
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/campuses/{campus}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/clients/{cid}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (s, _) = app.get(&format!("/api/v1/campuses/{campus}"), &app.admin).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = app.call(Method::DELETE, "/api/v1/plans/1", &app.admin, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "the built-in seed plan cannot be deleted");

        // Unused → 204, then gone.
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/campuses/{}", spare["id"]), &app.admin, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = app.get(&format!("/api/v1/campuses/{}", spare["id"]), &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn ending_a_subscription_falls_back_to_the_seed_plan(app) {
        let (cid, _, client) = app.client_with_admin("Gamma").await;
        let policy = app.ok("/api/v1/policies", &app.admin, json!({"name": "Rápido", "targets": {
            "low": {"target_seconds": 3600, "clock": "calendar"}, "medium": {"target_seconds": 3600, "clock": "calendar"},
            "high": {"target_seconds": 3600, "clock": "calendar"}, "urgent": {"target_seconds": 1800, "clock": "calendar"}}})).await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Premium", "policy_id": policy["id"]})).await;
        let sub = app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": plan["id"], "start_date": "2026-01-01"})).await;
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "low", "subject": "a", "body": "b"})).await;
        assert_eq!(t["sla"]["target_seconds"], 3600);
        assert_eq!(t["sla"]["policy"], "Rápido");
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/policies/{}", policy["id"]), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "a plan and a ticket still use it");
        // The refusal names what uses it, so the caller knows what to remove first.
        assert_eq!((v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()), (Some("id"), Some("in_use")), "{v}");
        let why = v["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(why.contains(&format!("1 plan ({})", plan["name"].as_str().unwrap())) && why.contains("1 ticket"), "{why}");
        let (s, _) = app.call(Method::DELETE, &format!("/api/v1/subscriptions/{}", sub["id"]), &app.admin, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": "low", "subject": "a", "body": "b"})).await;
        assert_eq!(t["sla"]["target_seconds"], 168 * 3600);
    }
}
