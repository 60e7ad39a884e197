//! Isolation (a client admin reads its own client only) and bad input on every parameter.

use reqwest::StatusCode;
use serde_json::json;

use super::fixture::{build, o};
use crate::both_backends;

both_backends! {
    async fn a_client_admin_reads_only_its_own_client(app) {
        let fx = build(&app, false).await;
        let paths = |id: i64| [
            format!("/api/v1/reports/monthly?client_id={id}&month=2026-11"),
            format!("/api/v1/reports/monthly.csv?client_id={id}&month=2026-11"),
            format!("/api/v1/reports/compliance?from=2026-11&to=2026-12&client_id={id}"),
        ];
        for (path, unknown) in paths(fx.norte).into_iter().zip(paths(999_999)) {
            let (s, v) = app.get(&path, &fx.sur_admin).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {v}");
            assert_eq!(v["errors"][0]["field"], "client_id", "{path}");
            // Exactly what an unknown client answers: existence does not leak.
            let (s2, v2) = app.get(&unknown, &fx.sur_admin).await;
            assert_eq!((s2, &v2["errors"], &v2["detail"]), (s, &v["errors"], &v["detail"]));
            // Its own admin reads it.
            let (s, v) = app.get(&path, &fx.norte_admin).await;
            assert_eq!(s, StatusCode::OK, "{path}: {v}");
        }
        let (s, v) = app.get("/api/v1/reports/compliance?from=2026-11&to=2026-12&group_by=agent", &fx.sur_admin).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("group_by"));
        // Its own client's compliance never includes Norte's December breach.
        let (_, own) = app.get("/api/v1/reports/compliance?from=2026-12&to=2026-12&group_by=client", &fx.sur_admin).await;
        assert_eq!(own["months"][0]["rows"].as_array().unwrap().len(), 1);
        assert_eq!(o(&own["total"]), (1, 0, 1, json!(100.0)));
    }

    async fn every_bad_parameter_is_named(app) {
        let (sur, _, token) = app.client_with_admin("Sur").await;
        app.clock.set("2027-01-10T00:00:00Z".parse().unwrap());
        let m = |q: String| format!("/api/v1/reports/monthly?{q}");
        let csv = |q: String| format!("/api/v1/reports/monthly.csv?{q}");
        let c = |q: &str| format!("/api/v1/reports/compliance?{q}");
        let cases: Vec<(String, StatusCode, &str, &str)> = vec![
            (m("month=2026-11".into()), StatusCode::UNPROCESSABLE_ENTITY, "client_id", "required"),
            (m("client_id=abc&month=2026-11".into()), StatusCode::UNPROCESSABLE_ENTITY, "client_id", "invalid"),
            (m("client_id=999999&month=2026-11".into()), StatusCode::NOT_FOUND, "client_id", "not_found"),
            (m(format!("client_id={sur}")), StatusCode::UNPROCESSABLE_ENTITY, "month", "required"),
            (m(format!("client_id={sur}&month=2026-13")), StatusCode::UNPROCESSABLE_ENTITY, "month", "month"),
            (m(format!("client_id={sur}&month=nov")), StatusCode::UNPROCESSABLE_ENTITY, "month", "month"),
            (m(format!("client_id={sur}&month=2027-02")), StatusCode::UNPROCESSABLE_ENTITY, "month", "future_month"),
            (m(format!("client_id={sur}&month=2026-11&monht=1")), StatusCode::UNPROCESSABLE_ENTITY, "monht", "unknown_parameter"),
            (m(format!("client_id={sur}&month=2026-11&month=2026-10")), StatusCode::UNPROCESSABLE_ENTITY, "month", "repeated"),
            (csv(format!("client_id={sur}&month=2026-1")), StatusCode::UNPROCESSABLE_ENTITY, "month", "month"),
            (csv("client_id=-1&month=2026-11".into()), StatusCode::UNPROCESSABLE_ENTITY, "client_id", "invalid"),
            (c("to=2026-12"), StatusCode::UNPROCESSABLE_ENTITY, "from", "required"),
            (c("from=2026-11"), StatusCode::UNPROCESSABLE_ENTITY, "to", "required"),
            (c("from=2026/11&to=2026-12"), StatusCode::UNPROCESSABLE_ENTITY, "from", "month"),
            (c("from=2026-12&to=2026-11"), StatusCode::UNPROCESSABLE_ENTITY, "from", "after_to"),
            (c("from=2023-01&to=2026-01"), StatusCode::UNPROCESSABLE_ENTITY, "to", "range_too_long"),
            (c("from=2026-11&to=2027-02"), StatusCode::UNPROCESSABLE_ENTITY, "to", "future_month"),
            (c("from=2026-11&to=2026-12&group_by=team"), StatusCode::UNPROCESSABLE_ENTITY, "group_by", "one_of"),
            (c("from=2026-11&to=2026-12&client_id=x"), StatusCode::UNPROCESSABLE_ENTITY, "client_id", "invalid"),
            (c("from=2026-11&to=2026-12&client_id=999999"), StatusCode::NOT_FOUND, "client_id", "not_found"),
            (c("from=2026-11&to=2026-12&sort=asc"), StatusCode::UNPROCESSABLE_ENTITY, "sort", "unknown_parameter"),
        ];
        for (path, status, field, code) in cases {
            for who in [&app.admin, &token] {
                let (s, v) = app.get(&path, who).await;
                assert_eq!(s, status, "{path}: {v}");
                assert_eq!(v["errors"][0]["field"], field, "{path}: {v}");
                assert_eq!(v["errors"][0]["code"], code, "{path}: {v}");
            }
        }
        // Exactly 36 months is allowed.
        let (s, v) = app.get(&c("from=2024-01&to=2026-12"), &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["months"].as_array().unwrap().len(), 36);
        // Documented in the OpenAPI document, with their schemas.
        let (s, doc) = app.get("/api/openapi.json", &app.admin).await;
        assert_eq!(s, StatusCode::OK);
        for path in ["/api/v1/reports/compliance", "/api/v1/reports/monthly", "/api/v1/reports/monthly.csv"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path} is not documented");
        }
        for schema in ["MonthlyReport", "ComplianceReport", "BreachRow", "CampusFigures"] {
            assert!(doc["components"]["schemas"][schema].is_object(), "{schema} is not documented");
        }
        // Without a token: 401.
        let (s, _) = app.get(&m(format!("client_id={sur}&month=2026-11")), "nope").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
}
