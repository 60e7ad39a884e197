//! A plan's services through the API: the seed's list on the built-in plan and on every new
//! plan, an administrator's changes and how coverage follows them, and refusals.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{campus, coverage_of, refused};
use crate::{both_backends, harness::TestApp};

async fn services(app: &TestApp, plan: i64, token: &str) -> Value {
    let (s, v) = app
        .get(&format!("/api/v1/plans/{plan}/services"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

fn seed_list() -> Value {
    let row = |s: &str, h: bool| json!({"service": s, "included": true, "hosted_only": h});
    json!([
        row("hosting", true),
        row("server_maintenance", true),
        row("security", true),
        row("monitoring", false),
        row("os_db_updates", true),
        row("bug_fixes", false),
        row("daily_backups", true),
        row("version_upgrade", false),
        row("functional_support", false),
        row("technical_support", false),
        row("administrative_commercial", false),
        row("complaints", false)
    ])
}

both_backends! {
    async fn the_built_in_and_new_plans_hold_the_seeds_list(app) {
        assert_eq!(services(&app, 1, &app.admin).await, seed_list(), "the built-in plan (migration 0017)");
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Otro", "policy_id": 1})).await;
        assert_eq!(services(&app, plan["id"].as_i64().unwrap(), &app.admin).await, seed_list(), "a new plan");
    }

    async fn an_administrator_changes_a_plans_services_and_coverage_follows(app) {
        let (cid, hosted, client) = app.client_with_admin("Norte").await;
        let theirs = campus(&app, cid, "posgrado.norte.invalid", false).await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Sin monitoreo", "policy_id": 1})).await;
        let pid = plan["id"].as_i64().unwrap();
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": pid, "start_date": "2026-01-01"})).await;
        let (s, v) = app.call(Method::PUT, &format!("/api/v1/plans/{pid}/services"), &app.admin, Some(json!({"services": [
            {"service": "monitoring", "included": false, "hosted_only": false},
            {"service": "hosting", "included": true, "hosted_only": false}]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v.as_array().unwrap().len(), 12, "the whole list back: {v}");
        assert_eq!(v[3], json!({"service": "monitoring", "included": false, "hosted_only": false}));
        assert_eq!(v[0], json!({"service": "hosting", "included": true, "hosted_only": false}));
        assert_eq!(v[1], json!({"service": "server_maintenance", "included": true, "hosted_only": true}), "unlisted: kept");

        let (_, v) = app.get(&format!("/api/v1/campuses/{theirs}/coverage"), &client).await;
        let cov = coverage_of(&v);
        let of = |s: &str| cov.iter().find(|(x, _)| x == s).unwrap().1.clone();
        assert_eq!(of("monitoring"), "not_in_plan");
        assert_eq!(of("hosting"), "included", "no longer hosted-only on this plan");
        assert_eq!(of("daily_backups"), "not_hosted");
        let monitoring = v["services"].as_array().unwrap().iter().find(|s| s["service"] == "monitoring").unwrap().clone();
        assert_eq!(monitoring["why_not"], "the plan does not include this service");
        let (_, v) = app.get(&format!("/api/v1/campuses/{hosted}/coverage"), &client).await;
        assert_eq!(coverage_of(&v).iter().filter(|(_, c)| c != "included").count(), 1, "only monitoring: {v}");
        // The client admin reads the plan's services (it applies to them) but does not change them.
        assert_eq!(services(&app, pid, &client).await[3]["included"], false);
        let (s, _) = app.call(Method::PUT, &format!("/api/v1/plans/{pid}/services"), &client, Some(json!({"services": []}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn bad_plan_service_input_is_refused_and_writes_nothing(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let put = |body: Value, plan: i64| {
            let app = &app;
            async move { app.call(Method::PUT, &format!("/api/v1/plans/{plan}/services"), &app.admin, Some(body)).await }
        };
        let (s, v) = put(json!({"services": [{"service": "massage", "included": true, "hosted_only": false}]}), 1).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "services[0].service", "{v}");
        let (s, v) = put(json!({"services": [{"service": "hosting", "included": "yes", "hosted_only": false}]}), 1).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "services[0].included", "{v}");
        let (s, v) = put(json!({"services": [{"service": "hosting", "included": true}]}), 1).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        // A missing field is named by the object that lacks it.
        assert!(v["errors"][0]["field"].as_str().unwrap().starts_with("services[0]"), "{v}");
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("hosted_only"), "{v}");
        // Named twice: refused whole, the first one is not written either.
        let (s, v) = put(json!({"services": [
            {"service": "security", "included": false, "hosted_only": true},
            {"service": "security", "included": true, "hosted_only": true}]}), 1).await;
        refused(s, &v, "services[1].service", "duplicate");
        assert_eq!(services(&app, 1, &app.admin).await, seed_list());
        // Unknown plan: 404; a plan the client admin cannot see: 404 as well.
        let (s, v) = put(json!({"services": []}), 9999).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        let other = app.ok("/api/v1/plans", &app.admin, json!({"name": "Ajeno", "policy_id": 1})).await;
        let (s, _) = app.get(&format!("/api/v1/plans/{}/services", other["id"]), &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.call(Method::PUT, &format!("/api/v1/plans/{}/services", other["id"]), &client, Some(json!({"services": []}))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}
