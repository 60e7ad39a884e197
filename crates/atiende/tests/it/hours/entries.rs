//! Entries on a ticket: defaults, totals, who may change what, and the events every change
//! leaves (staff-only for entries the client cannot see).

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{bank, client_with_plan, event_kinds, logged, ticket};
use crate::both_backends;

both_backends! {
    async fn entries_totals_and_their_events(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 10, "2026-01-01").await;
        let (agent_id, agent) = app.staff("ana@atiende.test", "agent").await;
        let (_, other_agent) = app.staff("beto@atiende.test", "agent").await;
        let (_, supervisor) = app.staff("sara@atiende.test", "supervisor").await;
        let t = ticket(&app, &client, "Instalar el plugin de asistencia", None).await;
        app.at(60);

        // Defaults: the caller, today in the client's zone (10:01 UTC is 07:01 in Buenos
        // Aires), internal, not billable on an included ticket.
        let a = logged(&app, &agent, t, json!({"minutes": 45, "note": "Instalación y prueba"})).await;
        assert_eq!(a["agent_id"], agent_id);
        assert_eq!(a["agent_name"], "ana@atiende.test");
        assert_eq!((a["work_date"].as_str(), a["month"].as_str()), (Some("2026-11-02"), Some("2026-11")));
        assert_eq!((a["billable"].as_bool(), a["visible_to_client"].as_bool()), (Some(false), Some(false)));
        assert_eq!((a["consumes_bank"].as_bool(), a["overage_minutes"].as_i64()), (Some(false), Some(0)));
        assert_eq!(a["ticket_number"], format!("T-{t:07}"));
        let b = logged(&app, &agent, t, json!({"minutes": 30, "billable": true, "visible_to_client": true,
            "work_date": "2026-10-31", "note": "Configuración"})).await;
        assert_eq!(b["month"], "2026-10");

        let (s, tt) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &agent).await;
        assert_eq!(s, StatusCode::OK, "{tt}");
        assert_eq!(tt["entries"].as_array().unwrap().len(), 2);
        assert_eq!(tt["totals"], json!({"entries": 2, "minutes": 75, "billable_minutes": 30, "visible_minutes": 30, "overage_minutes": 0}));
        assert!(tt["bank"].is_null(), "an included ticket shows no bank: {tt}");
        assert_eq!(tt["today"], "2026-11-02");

        // The client admin sees the visible entry only, and only its event.
        let (s, mine) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &client).await;
        assert_eq!(s, StatusCode::OK, "{mine}");
        let ids: Vec<i64> = mine["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, vec![b["id"].as_i64().unwrap()]);
        assert_eq!(mine["totals"]["minutes"], 30);
        assert!(mine["entries"][0]["created_by"].is_null(), "who typed it is staff-only");
        let staff_events = event_kinds(&app, &agent, t).await;
        assert_eq!(staff_events.iter().filter(|k| *k == "time_logged").count(), 2);
        let client_events = event_kinds(&app, &client, t).await;
        assert_eq!(client_events.iter().filter(|k| *k == "time_logged").count(), 1, "{client_events:?}");
        let (s, _) = app.get(&format!("/api/v1/time-entries/{}", a["id"]), &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "an internal entry does not exist for the client");

        // An included ticket never touches the bank.
        let nov = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((nov["used_minutes"].as_i64(), nov["entries"].as_i64()), (Some(0), Some(0)));

        // Changes: the author may, another agent may not, a supervisor may.
        let path = format!("/api/v1/time-entries/{}", a["id"]);
        let (s, v) = app.patch(&path, &other_agent, json!({"minutes": 50})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = app.patch(&path, &agent, json!({"minutes": 60, "note": "Instalación, prueba y aviso"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["minutes"], 60);
        let (s, v) = app.patch(&path, &supervisor, json!({"billable": true})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["billable"], true);
        // Nothing changed: nothing recorded.
        let before = event_kinds(&app, &agent, t).await.len();
        let (s, _) = app.patch(&path, &agent, json!({"minutes": 60})).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(event_kinds(&app, &agent, t).await.len(), before);

        let (s, ev) = app.get(&format!("/api/v1/tickets/{t}/events"), &agent).await;
        assert_eq!(s, StatusCode::OK);
        let changes: Vec<&serde_json::Value> = ev.as_array().unwrap().iter().filter(|e| e["kind"] == "time_changed").collect();
        assert_eq!(changes.len(), 2, "{ev}");
        assert_eq!((changes[0]["data"]["from"]["minutes"].as_i64(), changes[0]["data"]["to"]["minutes"].as_i64()), (Some(45), Some(60)));
        assert_eq!(changes[0]["data"]["note_changed"], true);
        assert_eq!(changes[0]["data"]["internal"], true);

        // Removal: forbidden to another agent, recorded when done.
        let (s, _) = app.call(Method::DELETE, &path, &other_agent, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.call(Method::DELETE, &path, &agent, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = app.get(&path, &agent).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (_, ev) = app.get(&format!("/api/v1/tickets/{t}/events"), &agent).await;
        let removed = ev.as_array().unwrap().iter().find(|e| e["kind"] == "time_removed").expect("time_removed");
        assert_eq!(removed["data"]["entry"]["minutes"], 60);
        assert_eq!(removed["data"]["entry_id"], a["id"]);
        assert!(!event_kinds(&app, &client, t).await.contains(&"time_removed".to_string()), "an internal entry's removal is staff-only");

        // Clients do not log time.
        let (s, v) = app.post(&format!("/api/v1/tickets/{t}/time-entries"), &client, json!({"minutes": 5})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    }

    async fn supervisors_log_for_agents_who_then_own_the_entry(app) {
        let (_, _, client) = client_with_plan(&app, "Sur", 0, "2026-01-01").await;
        let (agent_id, agent) = app.staff("ana@atiende.test", "agent").await;
        let (_, other) = app.staff("beto@atiende.test", "agent").await;
        let (_, supervisor) = app.staff("sara@atiende.test", "supervisor").await;
        let t = ticket(&app, &client, "Crear 40 cursos", Some("admin_hours")).await;
        let e = logged(&app, &supervisor, t, json!({"minutes": 90, "agent_id": agent_id})).await;
        assert_eq!(e["agent_id"], agent_id);
        assert_eq!(e["billable"], true, "billable by default outside the included scope");
        let (s, v) = app.patch(&format!("/api/v1/time-entries/{}", e["id"]), &agent, json!({"minutes": 80})).await;
        assert_eq!(s, StatusCode::OK, "the agent it was logged for owns it: {v}");
        let (s, v) = app.post(&format!("/api/v1/tickets/{t}/time-entries"), &other, json!({"minutes": 5, "agent_id": agent_id})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "an agent logs only their own time: {v}");
        let (s, tt) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &agent).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(tt["totals"]["minutes"], 80);
    }
}
