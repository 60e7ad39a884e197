//! What each campus gets of its contract, through the API: the seed's asterisk for a hosted and
//! a non-hosted campus, the plan and its administration hours, and tenant isolation.

use reqwest::StatusCode;
use serde_json::json;

use super::{campus, coverage_of};
use crate::both_backends;

/// The seed's five asterisked services.
const STARRED: [&str; 5] = [
    "hosting",
    "server_maintenance",
    "security",
    "os_db_updates",
    "daily_backups",
];

both_backends! {
    async fn the_asterisk_rule_on_a_hosted_and_a_non_hosted_campus(app) {
        let (cid, hosted, client) = app.client_with_admin("Norte").await;
        let theirs = campus(&app, cid, "posgrado.norte.invalid", false).await;

        let (s, v) = app.get(&format!("/api/v1/campuses/{hosted}/coverage"), &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["hosted_by_us"], true);
        assert_eq!(v["plan"]["name"], "Abono mensual");
        assert_eq!(v["plan"]["built_in"], true);
        assert_eq!(v["plan"]["admin_hours_per_month"], 0);
        let all = coverage_of(&v);
        assert_eq!(all.len(), 12, "the seed's twelve services: {v}");
        assert!(all.iter().all(|(_, c)| c == "included"), "a hosted campus gets everything: {all:?}");

        let (s, v) = app.get(&format!("/api/v1/campuses/{theirs}/coverage"), &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["hosted_by_us"], false);
        for (service, coverage) in coverage_of(&v) {
            let want = if STARRED.contains(&service.as_str()) { "not_hosted" } else { "included" };
            assert_eq!(coverage, want, "{service}");
        }
        let backups = v["services"].as_array().unwrap().iter().find(|s| s["service"] == "daily_backups").unwrap();
        assert_eq!(backups["why_not"], "only for campuses hosted on our servers");
        assert_eq!(backups["in_plan"], true);
        for service in ["monitoring", "bug_fixes", "version_upgrade"] {
            let s = v["services"].as_array().unwrap().iter().find(|s| s["service"] == service).unwrap();
            assert_eq!((s["coverage"].as_str(), s["why_not"].is_null()), (Some("included"), true), "{service}");
        }

        // Per client: every campus, the client admin reading its own.
        let (s, v) = app.get(&format!("/api/v1/clients/{cid}/coverage"), &client).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let ids: Vec<i64> = v["campuses"].as_array().unwrap().iter().map(|c| c["campus_id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [hosted, theirs]);
        assert_eq!(app.get(&format!("/api/v1/campuses/{theirs}/coverage"), &client).await.0, StatusCode::OK);
    }

    async fn a_client_admin_reads_only_its_own_coverage(app) {
        let (norte, norte_campus, norte_token) = app.client_with_admin("Norte").await;
        let (sur, sur_campus, sur_token) = app.client_with_admin("Sur").await;
        for (path, token) in [
            (format!("/api/v1/campuses/{sur_campus}/coverage"), &norte_token),
            (format!("/api/v1/clients/{sur}/coverage"), &norte_token),
            (format!("/api/v1/campuses/{norte_campus}/coverage"), &sur_token),
            (format!("/api/v1/clients/{norte}/coverage"), &sur_token),
            (format!("/api/v1/campuses/{}/coverage", sur_campus + 1000), &app.admin),
            (format!("/api/v1/clients/{}/coverage", sur + 1000), &app.admin),
        ] {
            let (s, v) = app.get(&path, token).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {v}");
            assert_eq!(v["status"], 404, "problem+json: {v}");
        }
        let (s, v) = app.get("/api/v1/campuses/abc/coverage", &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    }

    async fn the_campus_plan_decides_and_says_its_hours(app) {
        let (cid, hosted, _) = app.client_with_admin("Norte").await;
        let theirs = campus(&app, cid, "posgrado.norte.invalid", false).await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Abono con horas", "policy_id": 1, "admin_hours_per_month": 10})).await;
        let pid = plan["id"].as_i64().unwrap();
        // Only the non-hosted campus is on the new plan; the other stays on the built-in one.
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "campus_id": theirs, "plan_id": pid, "start_date": "2026-01-01"})).await;
        let (_, v) = app.get(&format!("/api/v1/campuses/{theirs}/coverage"), &app.admin).await;
        assert_eq!((v["plan"]["id"].as_i64(), v["plan"]["admin_hours_per_month"].as_i64()), (Some(pid), Some(10)), "{v}");
        assert_eq!(v["plan"]["name"], "Abono con horas");
        let (_, v) = app.get(&format!("/api/v1/campuses/{hosted}/coverage"), &app.admin).await;
        assert_eq!(v["plan"]["built_in"], true, "{v}");
    }
}
