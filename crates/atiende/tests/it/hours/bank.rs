//! The bank: consumption from `admin_hours` tickets only, by the month of the work date in
//! the client's zone; overage recorded and flagged, never refused; the 80 % warning; add-ons;
//! rollover on and off; how several subscriptions add up.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{bank, client_with_plan, log, logged, set_clock, ticket};
use crate::both_backends;

both_backends! {
    async fn only_admin_hours_tickets_consume_in_the_month_of_their_work_date(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 10, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let admin_t = ticket(&app, &client, "Crear 40 cursos y matricular", Some("admin_hours")).await;
        let included = ticket(&app, &client, "Instalar un plugin", None).await;

        // 02:00 UTC on 1 December is 23:00 on 30 November in Buenos Aires: "today" there is
        // still the 30th, and the entry counts in November.
        set_clock(&app, "2026-12-01T02:00:00Z");
        let e = logged(&app, &agent, admin_t, json!({"minutes": 120})).await;
        assert_eq!((e["work_date"].as_str(), e["month"].as_str()), (Some("2026-11-30"), Some("2026-11")));
        assert_eq!(e["consumes_bank"], true);
        logged(&app, &agent, included, json!({"minutes": 60})).await;
        let (s, v) = log(&app, &agent, admin_t, json!({"minutes": 10, "work_date": "2026-12-01"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "1 December is tomorrow in Buenos Aires: {v}");
        assert_eq!(v["errors"][0]["field"], "work_date");

        let now = bank(&app, &client, cid, "").await;
        assert_eq!(now["month"], "2026-11", "the current month is the client's");
        assert_eq!(now["time_zone"], "America/Argentina/Buenos_Aires");
        assert_eq!((now["plan_minutes"].as_i64(), now["used_minutes"].as_i64(), now["left_minutes"].as_i64()),
                   (Some(600), Some(120), Some(480)));
        assert_eq!((now["entries"].as_i64(), now["percent_used"].as_i64(), now["warning"].as_bool()), (Some(1), Some(20), Some(false)));
        assert_eq!((now["used_hours"].as_f64(), now["left_hours"].as_f64()), (Some(2.0), Some(8.0)));
        assert_eq!(now["plans"][0]["hours"], 10);

        // Midnight in Buenos Aires: December begins there.
        set_clock(&app, "2026-12-01T03:00:00Z");
        let d = logged(&app, &agent, admin_t, json!({"minutes": 30})).await;
        assert_eq!(d["work_date"], "2026-12-01");
        assert_eq!(bank(&app, &client, cid, "2026-12").await["used_minutes"], 30);
        assert_eq!(bank(&app, &client, cid, "2026-11").await["used_minutes"], 120, "November keeps its own");

        // The scope decides: once the included ticket is administration work, it consumes.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{included}"), &app.admin, json!({"scope": {"kind": "admin_hours"}})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(bank(&app, &client, cid, "2026-11").await["used_minutes"], 180);
    }

    async fn overage_is_recorded_flagged_and_billed_never_refused(app) {
        let (cid, _, client) = client_with_plan(&app, "Oeste", 1, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Alta de usuarios", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 40})).await;
        let b = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((b["percent_used"].as_i64(), b["warning"].as_bool()), (Some(66), Some(false)));
        logged(&app, &agent, t, json!({"minutes": 8})).await;
        let b = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((b["percent_used"].as_i64(), b["warning"].as_bool(), b["warn_percent"].as_i64()), (Some(80), Some(true), Some(80)),
                   "48 of 60 minutes is the 80 % warning");
        let over = logged(&app, &agent, t, json!({"minutes": 30})).await;
        assert_eq!(over["overage_minutes"], 18, "12 minutes were left: the other 18 are overage");
        let b = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((b["used_minutes"].as_i64(), b["left_minutes"].as_i64(), b["overage_minutes"].as_i64()), (Some(78), Some(0), Some(18)));
        assert_eq!(b["warning"], true);
        let (_, ev) = app.get(&format!("/api/v1/tickets/{t}/events"), &agent).await;
        let last = ev.as_array().unwrap().iter().rev().find(|e| e["kind"] == "time_logged").unwrap();
        assert_eq!(last["data"]["overage_minutes"], 18, "the event keeps the overage at the time");
        // Every later entry of the month is overage as a whole.
        let more = logged(&app, &agent, t, json!({"minutes": 5})).await;
        assert_eq!(more["overage_minutes"], 5);
        let (_, tt) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &agent).await;
        assert_eq!(tt["totals"]["overage_minutes"], 23);
        assert_eq!(tt["bank"]["overage_minutes"], 23, "the agent's ticket view carries the bank");

        // For billing: per client and month.
        let (s, report) = app.get("/api/v1/hours/report?month=2026-11", &agent).await;
        assert_eq!(s, StatusCode::OK, "{report}");
        let line = report.as_array().unwrap().iter().find(|l| l["client_id"] == cid).expect("client line");
        assert_eq!((line["overage_minutes"].as_i64(), line["used_minutes"].as_i64()), (Some(23), Some(83)));
        let (s, _) = app.get("/api/v1/hours/report?month=2026-11", &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "the billing report is staff-only");

        // An add-on covers it: the overage goes away, on the bank and on the entries.
        let (s, addon) = app.post(&format!("/api/v1/clients/{cid}/hours/addons"), &app.admin,
            json!({"month": "2026-11", "hours": 0.5, "note": "Paquete adicional"})).await;
        assert_eq!(s, StatusCode::CREATED, "{addon}");
        let b = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((b["available_minutes"].as_i64(), b["overage_minutes"].as_i64(), b["addon_minutes"].as_i64()), (Some(90), Some(0), Some(30)));
        let (_, e) = app.get(&format!("/api/v1/time-entries/{}", over["id"]), &agent).await;
        assert_eq!(e["overage_minutes"], 0);
    }

    async fn addons_are_recorded_by_admins_with_who_did_it(app) {
        let (cid, _, client) = client_with_plan(&app, "Este", 2, "2026-01-01").await;
        let (_, other_client) = {
            let (c, _, t) = app.client_with_admin("Lejos").await;
            (c, t)
        };
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let (_, me) = app.get("/api/v1/me", &app.admin).await;
        let path = format!("/api/v1/clients/{cid}/hours/addons");
        let (s, a) = app.post(&path, &app.admin, json!({"month": "2026-11", "hours": 1.5, "note": "Compra 3/11"})).await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        assert_eq!((a["minutes"].as_i64(), a["hours"].as_f64()), (Some(90), Some(1.5)));
        assert_eq!(a["created_by"], me["id"]);
        assert_eq!(a["created_by_name"], "Root");
        for token in [&agent, &client] {
            let (s, v) = app.post(&path, token, json!({"month": "2026-11", "hours": 1})).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "admins only: {v}");
        }
        let (s, v) = app.post(&path, &other_client, json!({"month": "2026-11", "hours": 1})).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another client's bank does not exist: {v}");

        let (s, list) = app.get(&format!("{path}?month=2026-11"), &client).await;
        assert_eq!(s, StatusCode::OK, "{list}");
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert!(list[0]["created_by"].is_null(), "who recorded it is staff-only");
        let b = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((b["available_minutes"].as_i64(), b["addons"].as_array().unwrap().len()), (Some(210), 1));
        assert_eq!(bank(&app, &client, cid, "2026-12").await["addon_minutes"], 0, "an add-on is its month's");

        let one = format!("/api/v1/hours/addons/{}", a["id"]);
        let (s, v) = app.patch(&one, &agent, json!({"hours": 3})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = app.patch(&one, &app.admin, json!({"hours": 3, "month": "2026-12"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!((v["minutes"].as_i64(), v["month"].as_str(), v["note"].as_str()), (Some(180), Some("2026-12"), Some("Compra 3/11")));
        assert_eq!(v["updated_by"], me["id"]);
        assert_eq!(bank(&app, &client, cid, "2026-12").await["addon_minutes"], 180);
        let (s, _) = app.get(&one, &other_client).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.call(Method::DELETE, &one, &app.admin, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert_eq!(bank(&app, &client, cid, "2026-12").await["addon_minutes"], 0);

        // The log keeps the whole story, deletion included, newest first, for staff only.
        let changes = format!("/api/v1/clients/{cid}/hours/addon-changes");
        let (s, log) = app.get(&changes, &agent).await;
        assert_eq!(s, StatusCode::OK, "{log}");
        let got: Vec<(&str, &str, i64)> = log.as_array().unwrap().iter()
            .map(|c| (c["action"].as_str().unwrap(), c["month"].as_str().unwrap(), c["minutes"].as_i64().unwrap())).collect();
        assert_eq!(got, [("deleted", "2026-12", 180), ("updated", "2026-12", 180), ("created", "2026-11", 90)]);
        assert!(log.as_array().unwrap().iter().all(|c| c["addon_id"] == a["id"] && c["by"] == me["id"] && c["by_name"] == "Root"), "{log}");
        let (s, _) = app.get(&changes, &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "staff only");
        let (s, _) = app.get(&format!("/api/v1/clients/{cid}/hours/addon-changes"), &other_client).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another client's log does not exist");
        // That history keeps the client from being deleted, and the refusal says why.
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/clients/{cid}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let why = v["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(why.contains("1 hours_addon"), "{why}");
    }

    async fn rollover_carries_unused_plan_hours_once_only_when_the_plan_says_so(app) {
        let (cid, plan, client) = client_with_plan(&app, "Centro", 10, "2026-10-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Matricular alumnos", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 240, "work_date": "2026-10-15"})).await;
        let nov = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((nov["carried_minutes"].as_i64(), nov["available_minutes"].as_i64()), (Some(0), Some(600)), "no rollover by default");
        assert_eq!(nov["plans"][0]["rollover"], false);

        let (s, p) = app.call(Method::PUT, &format!("/api/v1/plans/{plan}"), &app.admin,
            Some(json!({"name": "Plan Centro", "policy_id": 1, "admin_hours_per_month": 10, "admin_hours_rollover": true}))).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["admin_hours_rollover"], true);
        // Absent keeps it.
        let (s, p) = app.call(Method::PUT, &format!("/api/v1/plans/{plan}"), &app.admin,
            Some(json!({"name": "Plan Centro", "policy_id": 1, "admin_hours_per_month": 10}))).await;
        assert_eq!((s, p["admin_hours_rollover"].as_bool()), (StatusCode::OK, Some(true)));

        let nov = bank(&app, &client, cid, "2026-11").await;
        assert_eq!((nov["carried_minutes"].as_i64(), nov["available_minutes"].as_i64()), (Some(360), Some(960)),
                   "October's 6 unused hours carry into November");
        // November unused: its own 10 hours carry; October's 6 do not carry a second time.
        let dec = bank(&app, &client, cid, "2026-12").await;
        assert_eq!(dec["carried_minutes"], 600);
        // Carried hours are used first: 12 h in November leave 4 own hours to carry.
        logged(&app, &agent, t, json!({"minutes": 720, "work_date": "2026-11-02"})).await;
        let dec = bank(&app, &client, cid, "2026-12").await;
        assert_eq!(dec["carried_minutes"], 240);
        // Add-ons do not carry.
        app.ok(&format!("/api/v1/clients/{cid}/hours/addons"), &app.admin, json!({"month": "2026-12", "hours": 5})).await;
        assert_eq!(bank(&app, &client, cid, "2027-01").await["carried_minutes"], 600);
    }

    async fn subscriptions_add_up_per_slot_and_supersede_within_one(app) {
        let (cid, _, client) = client_with_plan(&app, "Plural", 10, "2026-01-01").await;
        let campus = crate::maintenance::campus(&app, cid, "otro.plural.invalid", false, "2026-01-01").await;
        let plan = |name: &str, hours: i64| json!({"name": name, "policy_id": 1, "admin_hours_per_month": hours});
        let p20 = app.ok("/api/v1/plans", &app.admin, plan("Veinte", 20)).await;
        let p5 = app.ok("/api/v1/plans", &app.admin, plan("Cinco", 5)).await;
        // From 15 November the whole client is on 20 h (superseding 10 h for that month whole),
        // and one campus has 5 h of its own.
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "plan_id": p20["id"], "start_date": "2026-11-15"})).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "campus_id": campus, "plan_id": p5["id"], "start_date": "2026-12-01"})).await;
        assert_eq!(bank(&app, &client, cid, "2026-10").await["plan_minutes"], 600);
        assert_eq!(bank(&app, &client, cid, "2026-11").await["plan_minutes"], 1200);
        let dec = bank(&app, &client, cid, "2026-12").await;
        assert_eq!(dec["plan_minutes"], 1500);
        assert_eq!(dec["plans"].as_array().unwrap().len(), 2, "{dec}");
        // A client with no subscription is on the built-in plan (0 h).
        let (lone, _, lone_token) = app.client_with_admin("Solo").await;
        let b = bank(&app, &lone_token, lone, "2026-11").await;
        assert_eq!((b["plan_minutes"].as_i64(), b["plans"][0]["subscription_id"].is_null()), (Some(0), true));
        assert_eq!((b["percent_used"].is_null(), b["warning"].as_bool()), (true, Some(false)));
    }
}
