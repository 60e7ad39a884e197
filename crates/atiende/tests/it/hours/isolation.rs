//! Tenant isolation: a client admin never sees another client's entries, bank or add-ons
//! (404, like another client's ticket), nor its own entries kept internal.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{client_with_plan, logged, ticket};
use crate::both_backends;

both_backends! {
    async fn a_client_admin_sees_only_its_own_visible_time_and_its_own_bank(app) {
        let (norte, _, norte_client) = client_with_plan(&app, "Norte", 10, "2026-01-01").await;
        let (sur, _, sur_client) = client_with_plan(&app, "Sur", 10, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let n = ticket(&app, &norte_client, "Cursos", Some("admin_hours")).await;
        let s_t = ticket(&app, &sur_client, "Usuarios", Some("admin_hours")).await;
        let mine_visible = logged(&app, &agent, n, json!({"minutes": 30, "visible_to_client": true, "note": "visible"})).await;
        let mine_internal = logged(&app, &agent, n, json!({"minutes": 20, "note": "nota interna de costos"})).await;
        let theirs = logged(&app, &agent, s_t, json!({"minutes": 40, "visible_to_client": true})).await;
        let addon = app.ok(&format!("/api/v1/clients/{sur}/hours/addons"), &app.admin, json!({"month": "2026-11", "hours": 2})).await;

        for path in [
            format!("/api/v1/clients/{sur}/hours"),
            format!("/api/v1/clients/{sur}/hours/addons"),
            format!("/api/v1/hours/addons/{}", addon["id"]),
            format!("/api/v1/tickets/{s_t}/time-entries"),
            format!("/api/v1/time-entries/{}", theirs["id"]),
            format!("/api/v1/time-entries/{}", mine_internal["id"]),
            format!("/api/v1/time-entries?client_id={sur}"),
            format!("/api/v1/time-entries/totals?client_id={sur}"),
            format!("/api/v1/time-entries?ticket_id={s_t}"),
        ] {
            let (s, v) = app.get(&path, &norte_client).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "GET {path}: {v}");
        }
        for (method, path) in [
            (Method::PATCH, format!("/api/v1/time-entries/{}", theirs["id"])),
            (Method::DELETE, format!("/api/v1/time-entries/{}", theirs["id"])),
            (Method::PATCH, format!("/api/v1/hours/addons/{}", addon["id"])),
            (Method::DELETE, format!("/api/v1/hours/addons/{}", addon["id"])),
            (Method::POST, format!("/api/v1/tickets/{s_t}/time-entries")),
        ] {
            // A well-formed body for each endpoint: the refusal is the tenant rule's.
            let body = (method != Method::DELETE).then(|| {
                if path.contains("addons") { json!({"hours": 1}) } else { json!({"minutes": 1}) }
            });
            let (s, v) = app.call(method.clone(), &path, &norte_client, body).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}: {v}");
        }

        // Its own: the visible entry only, with no trace of the internal one's note.
        let (s, list) = app.get("/api/v1/time-entries", &norte_client).await;
        assert_eq!(s, StatusCode::OK, "{list}");
        let ids: Vec<i64> = list.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, vec![mine_visible["id"].as_i64().unwrap()]);
        let (_, tt) = app.get(&format!("/api/v1/tickets/{n}/time-entries"), &norte_client).await;
        assert!(!tt.to_string().contains("nota interna"), "{tt}");
        let (_, ev) = app.get(&format!("/api/v1/tickets/{n}/events"), &norte_client).await;
        assert!(!ev.to_string().contains(&format!("\"entry_id\":{}", mine_internal["id"])), "{ev}");
        // Its bank counts all its administration work (the total it is billed on), itemised
        // only as far as entries are visible.
        let (s, b) = app.get(&format!("/api/v1/clients/{norte}/hours"), &norte_client).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!((b["used_minutes"].as_i64(), b["entries"].as_i64()), (Some(50), Some(2)));
        assert!(!b.to_string().contains("Sur"), "{b}");
    }
}
