//! Plans, SLA policies and calendars are the provider's configuration: a client admin reads
//! only those that apply to its own campuses (through its subscriptions, plus the built-in plan
//! while some of its tickets fall back to it); any other answers 404, as another client's
//! ticket does.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{both_backends, harness::TestApp};

fn ids(list: &Value) -> Vec<i64> {
    let mut v: Vec<i64> = list
        .as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|x| x["id"].as_i64().expect("id"))
        .collect();
    v.sort();
    v
}

/// A calendar, a policy on it and a plan naming the policy; returns their ids.
async fn plan_with_calendar(app: &TestApp, name: &str) -> (i64, i64, i64) {
    let day = json!([["09:00", "18:00"]]);
    let cal = app.ok("/api/v1/calendars", &app.admin, json!({"name": format!("Cal {name}"),
        "spec": {"time_zone": "Europe/Madrid", "weekly": {"mon": day, "tue": day}, "holidays": []}})).await;
    let t = |s: i64| json!({"target_seconds": s, "clock": "business"});
    let pol = app.ok("/api/v1/policies", &app.admin, json!({"name": format!("Pol {name}"), "calendar_id": cal["id"],
        "targets": {"low": t(45 * 3600), "medium": t(18 * 3600), "high": t(9 * 3600), "urgent": t(4 * 3600)}})).await;
    let plan = app
        .ok(
            "/api/v1/plans",
            &app.admin,
            json!({"name": format!("Plan {name}"), "policy_id": pol["id"]}),
        )
        .await;
    (
        cal["id"].as_i64().unwrap(),
        pol["id"].as_i64().unwrap(),
        plan["id"].as_i64().unwrap(),
    )
}

both_backends! {
    async fn client_admins_read_only_the_plans_policies_and_calendars_that_apply_to_them(app) {
        let (norte, _, norte_token) = app.client_with_admin("Norte").await;
        let (sur, sur_campus, sur_token) = app.client_with_admin("Sur").await;
        let (cal_n, pol_n, plan_n) = plan_with_calendar(&app, "Norte").await;
        let (cal_s, pol_s, plan_s) = plan_with_calendar(&app, "Sur").await;
        // Norte: the whole client; Sur: one campus only, so Sur's other tickets use the built-in plan.
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": norte, "plan_id": plan_n, "start_date": "2026-01-01"})).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": sur, "campus_id": sur_campus, "plan_id": plan_s, "start_date": "2026-01-01"})).await;
        let (_, all_plans) = app.get("/api/v1/plans", &app.admin).await;
        let builtin = all_plans.as_array().unwrap().iter().find(|p| p["built_in"] == true).expect("built-in plan").clone();
        let (builtin_plan, builtin_pol) = (builtin["id"].as_i64().unwrap(), builtin["policy_id"].as_i64().unwrap());

        // Staff see everything.
        assert_eq!(ids(&app.get("/api/v1/plans", &app.admin).await.1), {
            let mut v = vec![builtin_plan, plan_n, plan_s]; v.sort(); v });

        // Norte: its own plan, policy and calendar; not Sur's, not the built-in plan.
        let n = &norte_token;
        assert_eq!(ids(&app.get("/api/v1/plans", n).await.1), vec![plan_n]);
        assert_eq!(ids(&app.get("/api/v1/policies", n).await.1), vec![pol_n]);
        assert_eq!(ids(&app.get("/api/v1/calendars", n).await.1), vec![cal_n]);
        assert_eq!(app.get(&format!("/api/v1/plans/{plan_n}"), n).await.0, StatusCode::OK);
        assert_eq!(app.get(&format!("/api/v1/policies/{pol_n}"), n).await.0, StatusCode::OK);
        assert_eq!(app.get(&format!("/api/v1/calendars/{cal_n}"), n).await.0, StatusCode::OK);
        for path in [format!("/api/v1/plans/{plan_s}"), format!("/api/v1/policies/{pol_s}"), format!("/api/v1/calendars/{cal_s}"),
                     format!("/api/v1/plans/{builtin_plan}"), format!("/api/v1/policies/{builtin_pol}")] {
            let (s, body) = app.get(&path, n).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        // Writing someone else's object answers 404 too (not 403: existence does not leak).
        let (s, _) = app.call(reqwest::Method::PUT, &format!("/api/v1/plans/{plan_s}"), n, Some(json!({"name": "x", "policy_id": pol_s}))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.call(reqwest::Method::DELETE, &format!("/api/v1/calendars/{cal_s}"), n, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Its own: visible, but only administrators change it.
        let (s, _) = app.call(reqwest::Method::DELETE, &format!("/api/v1/plans/{plan_n}"), n, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Sur: its campus's plan and the built-in one it falls back to.
        let s_ = &sur_token;
        assert_eq!(ids(&app.get("/api/v1/plans", s_).await.1), { let mut v = vec![builtin_plan, plan_s]; v.sort(); v });
        assert!(ids(&app.get("/api/v1/policies", s_).await.1).contains(&builtin_pol));
        assert!(!ids(&app.get("/api/v1/policies", s_).await.1).contains(&pol_n));
        assert_eq!(ids(&app.get("/api/v1/calendars", s_).await.1), vec![cal_s]);
        assert_eq!(app.get(&format!("/api/v1/plans/{builtin_plan}"), s_).await.0, StatusCode::OK);
        for path in [format!("/api/v1/plans/{plan_n}"), format!("/api/v1/policies/{pol_n}"), format!("/api/v1/calendars/{cal_n}")] {
            assert_eq!(app.get(&path, s_).await.0, StatusCode::NOT_FOUND, "{path}");
        }
    }
}
