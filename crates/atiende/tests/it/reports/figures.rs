//! The figures against the hand-computed expectations of the module's doc; the compliance
//! API, the CSV and the dashboard against the monthly report.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::fixture::{build, by_key, csv, monthly, o, set};
use crate::both_backends;

both_backends! {
    async fn november_in_buenos_aires_by_hand(app) {
        let fx = build(&app, false).await;
        let r = monthly(&app, &fx.sur_admin, fx.sur, "2026-11").await;
        assert_eq!(r["month"], "2026-11");
        assert_eq!(r["from"], "2026-11-01T03:00:00.000000Z");
        assert_eq!(r["to"], "2026-12-01T03:00:00.000000Z");
        assert_eq!(r["partial"], false);
        assert_eq!(r["client"]["time_zone"], "America/Argentina/Buenos_Aires");
        assert_eq!(r["client"]["plans"], json!(["Abono mensual"]));

        // Opened D, C, B, A, G = 5 (urgent C, G; high A; medium D, B). Resolved in November:
        // D (medium), C (low: lowered before resolving), B (medium) = 3. Closed: D (medium),
        // C (low) = 2. Not closed at the end: B, A, G = 3.
        let t = &r["tickets"];
        assert_eq!((t["opened"].as_i64(), t["resolved"].as_i64(), t["closed"].as_i64(), t["open_at_end"].as_i64()),
                   (Some(5), Some(3), Some(2), Some(3)));
        let p = &t["by_priority"];
        assert_eq!(p[0]["key"], "urgent", "urgent first");
        let counts = |r: &Value| (r["opened"].as_i64().unwrap(), r["resolved"].as_i64().unwrap(), r["closed"].as_i64().unwrap());
        assert_eq!(counts(by_key(p, "key", "urgent")), (2, 0, 0));
        assert_eq!(counts(by_key(p, "key", "high")), (1, 0, 0));
        assert_eq!(counts(by_key(p, "key", "medium")), (2, 2, 1));
        assert_eq!(counts(by_key(p, "key", "low")), (0, 1, 1));
        let c = &t["by_category"];
        assert_eq!(c.as_array().unwrap().len(), 5, "every category, zeros included");
        assert_eq!(counts(by_key(c, "key", "technical")), (3, 1, 1));
        assert_eq!(counts(by_key(c, "key", "functional")), (2, 2, 1));
        assert_eq!(counts(by_key(c, "key", "complaint")), (0, 0, 0));

        // Compliance: met D; breached C (urgent, though lowered after), A (high), G (urgent:
        // 23:00 on 30 November in Buenos Aires); pending B (resolved 11-28, reopened only on
        // 12-02). 1 ÷ (1 + 3) = 25 %.
        let comp = &r["compliance"];
        assert_eq!(o(&comp["total"]), (1, 3, 1, json!(25.0)));
        let bp = &comp["by_priority"];
        assert_eq!(o(&by_key(bp, "priority", "urgent")["outcomes"]), (0, 2, 0, json!(0.0)));
        assert_eq!(o(&by_key(bp, "priority", "high")["outcomes"]), (0, 1, 0, json!(0.0)));
        assert_eq!(o(&by_key(bp, "priority", "medium")["outcomes"]), (1, 0, 1, json!(100.0)));
        assert_eq!(o(&by_key(bp, "priority", "low")["outcomes"]), (0, 0, 0, Value::Null));

        // Breaches, oldest first. C: due 16:00, resolved the next day at 12:00 → 20 h = 1200
        // min late. A: due 11-28 23:00, open at the month's end (12-01 03:00) → 52 h = 3120.
        // G: due 12-01 02:00, open at 03:00 → 60.
        let br = comp["breaches"].as_array().unwrap();
        let subjects: Vec<&str> = br.iter().map(|b| b["subject"].as_str().unwrap()).collect();
        assert_eq!(subjects, ["C", "=A", "G"]);
        assert_eq!(br[0]["priority"], "urgent");
        assert_eq!(br[0]["due_at"], "2026-11-10T16:00:00.000000Z");
        assert_eq!(br[0]["breached_at"], "2026-11-10T16:00:00.000000Z");
        assert_eq!(br[0]["resolved_at"], "2026-11-11T12:00:00.000000Z");
        assert_eq!((br[0]["still_open"].as_bool(), br[0]["late_by_minutes"].as_i64()), (Some(false), Some(1200)));
        assert_eq!(br[1]["priority"], "high");
        assert_eq!(br[1]["due_at"], "2026-11-28T23:00:00.000000Z");
        assert_eq!((br[1]["still_open"].as_bool(), br[1]["late_by_minutes"].as_i64()), (Some(true), Some(3120)));
        assert_eq!(br[1]["resolved_at"], Value::Null);
        assert_eq!(br[2]["breached_at"], "2026-12-01T02:00:00.000000Z");
        assert_eq!((br[2]["still_open"].as_bool(), br[2]["late_by_minutes"].as_i64()), (Some(true), Some(60)));
        let pend = comp["pending"].as_array().unwrap();
        assert_eq!(pend.len(), 1);
        assert_eq!(pend[0]["subject"], "B");
        assert_eq!(pend[0]["resolved_at"], "2026-11-28T12:00:00.000000Z");
        assert_eq!(pend[0]["closes_at"], "2026-12-05T12:00:00.000000Z");

        // Resolution times on the ticket's clock, pauses left out. Medium: D 48 h − 24 h
        // waiting = 1440 min; B 24 h = 1440 → median and p90 1440, both in time. Low: C,
        // created 11-10 12:00 → resolved 11-11 12:00 = 1440, breached before → not in time.
        let res = &r["resolution"];
        let medium = by_key(res, "priority", "medium");
        assert_eq!((medium["target_minutes"].as_i64(), medium["resolved"].as_i64(), medium["median_minutes"].as_i64(), medium["p90_minutes"].as_i64(), medium["within_target"].as_i64()),
                   (Some(2880), Some(2), Some(1440), Some(1440), Some(2)));
        let low = by_key(res, "priority", "low");
        assert_eq!((low["resolved"].as_i64(), low["median_minutes"].as_i64(), low["within_target"].as_i64()), (Some(1), Some(1440), Some(0)));
        assert_eq!(by_key(res, "priority", "urgent")["median_minutes"], Value::Null);

        // D waited on the client 24 h.
        assert_eq!(r["paused"], json!({"waiting_on_client_minutes": 1440, "tickets": 1}));

        // The campus: added 11-02 (Buenos Aires), so 2..30 November = 29 days expected; backups
        // on the 3rd and 4th. Probes: 2 up of 3 on the 5th.
        let campus = &r["campuses"][0];
        assert_eq!(campus["campus_id"], fx.sur_campus);
        assert_eq!(campus["backups"]["expected"], 29);
        assert_eq!(campus["backups"]["done"], 2);
        assert_eq!(campus["backups"]["missed"].as_array().unwrap().len(), 27);
        assert_eq!(campus["backups"]["missed"][0], "2026-11-02");
        assert_eq!(campus["uptime"]["probes"], 3);
        assert_eq!(campus["uptime"]["percent"], 66.67);
        let days = campus["uptime"]["days"].as_array().unwrap();
        assert_eq!(days.len(), 30);
        assert_eq!(days[4], 66.67);
        assert_eq!(days[5], Value::Null);
        assert_eq!(campus["upgrade"]["eligible"], true);
        assert_eq!(campus["upgrade"]["eligible_since"], "2026-07-15");
        assert_eq!(r["hours"], Value::Null, "the built-in plan gives no hours");
        assert_eq!(r["quotes"], json!({"sent": 0, "approved": 0, "rejected": 0, "expired": 0, "pending": 0}));
    }

    async fn december_and_the_other_time_zone_by_hand(app) {
        let fx = build(&app, true).await;
        let r = monthly(&app, &app.admin, fx.sur, "2026-12").await;
        // Alive in December: A, B, G (closed in it) and E (opened). Resolved in it: G, A, B, E.
        let t = &r["tickets"];
        assert_eq!((t["opened"].as_i64(), t["resolved"].as_i64(), t["closed"].as_i64(), t["open_at_end"].as_i64()),
                   (Some(1), Some(4), Some(3), Some(1)));
        // B met at its confirmation (12-04); A and G breached in November, so not here; E
        // (resolved 12-30) still waits at the month's end: pending. 1 ÷ 1 = 100 %.
        assert_eq!(o(&r["compliance"]["total"]), (1, 0, 1, json!(100.0)));
        assert_eq!(r["compliance"]["breaches"], json!([]));
        assert_eq!(r["compliance"]["pending"][0]["subject"], "E");
        assert_eq!(r["partial"], false, "E's window closed on 2027-01-06");
        // Resolution: G 8 h = 480 (urgent, late); A 11-28 11:00 → 12-01 12:00 = 73 h = 4380
        // (high, late); B 5.5 days − 4 days resolved = 36 h = 2160 (medium); E 48 h = 2880.
        let res = &r["resolution"];
        let m = |p: &str| { let x = by_key(res, "priority", p); (x["median_minutes"].as_i64(), x["within_target"].as_i64()) };
        assert_eq!(m("urgent"), (Some(480), Some(0)));
        assert_eq!(m("high"), (Some(4380), Some(0)));
        assert_eq!(m("medium"), (Some(2160), Some(1)));
        assert_eq!(m("low"), (Some(2880), Some(1)));
        assert_eq!(r["paused"]["waiting_on_client_minutes"], 0);
        let campus = &r["campuses"][0];
        assert_eq!(campus["uptime"], Value::Null, "no probe in December");
        assert_eq!((campus["backups"]["expected"].as_i64(), campus["backups"]["done"].as_i64()), (Some(31), Some(0)));
        assert_eq!(campus["upgrades"].as_array().unwrap().len(), 1);
        assert!(campus["upgrades"][0]["summary"].as_str().unwrap().contains("4.6"), "{}", campus["upgrades"]);
        // Upgraded 12-10: eligible again 6 months later.
        assert_eq!(campus["upgrade"]["eligible"], false);
        assert_eq!(campus["upgrade"]["eligible_since"], "2027-06-10");

        // Madrid: M breached at 23:30 UTC on 30 November, already 1 December there.
        let nov = monthly(&app, &fx.norte_admin, fx.norte, "2026-11").await;
        assert_eq!(nov["to"], "2026-11-30T23:00:00.000000Z");
        assert_eq!(nov["tickets"]["opened"], 1);
        assert_eq!(o(&nov["compliance"]["total"]), (0, 0, 0, Value::Null));
        let dec = monthly(&app, &fx.norte_admin, fx.norte, "2026-12").await;
        assert_eq!(o(&dec["compliance"]["total"]), (0, 1, 0, json!(0.0)));
        let b = &dec["compliance"]["breaches"][0];
        assert_eq!((b["priority"].as_str(), b["late_by_minutes"].as_i64(), b["still_open"].as_bool()), (Some("urgent"), Some(120), Some(false)));
        assert_eq!(b["due_at"], "2026-11-30T23:30:00.000000Z");
        assert_eq!(dec["campuses"], json!([]));
    }

    async fn compliance_api_agrees_with_the_monthly_reports(app) {
        let fx = build(&app, false).await;
        let path = format!("/api/v1/reports/compliance?from=2026-11&to=2026-12&client_id={}", fx.sur);
        let (s, c) = app.get(&path, &fx.agent).await;
        assert_eq!(s, StatusCode::OK, "{c}");
        assert_eq!(c["group_by"], "priority");
        for (i, month) in ["2026-11", "2026-12"].into_iter().enumerate() {
            let r = monthly(&app, &fx.agent, fx.sur, month).await;
            let m = &c["months"][i];
            assert_eq!(m["month"], month);
            assert_eq!(m["total"], r["compliance"]["total"], "{month}");
            for row in r["compliance"]["by_priority"].as_array().unwrap() {
                let p = row["priority"].as_str().unwrap();
                assert_eq!(by_key(&m["rows"], "key", p)["outcomes"], row["outcomes"], "{month} {p}");
            }
        }
        // Over both months: met D, B; breached C, A, G → 40 %; pending: E at the range's end.
        assert_eq!(o(&c["total"]), (2, 3, 1, json!(40.0)));
        // The client admin without client_id gets its own client, the same figures.
        let (_, own) = app.get("/api/v1/reports/compliance?from=2026-11&to=2026-12", &fx.sur_admin).await;
        assert_eq!(own["total"], c["total"]);
        assert_eq!(own["client_id"], fx.sur);
        // Staff over every client, grouped by client: Norte's breach is a December one.
        let (s, all) = app.get("/api/v1/reports/compliance?from=2026-11&to=2026-12&group_by=client", &fx.agent).await;
        assert_eq!(s, StatusCode::OK, "{all}");
        let norte_dec = by_key(&all["months"][1]["rows"], "key", &fx.norte.to_string());
        assert_eq!(o(&norte_dec["outcomes"]), (0, 1, 0, json!(0.0)));
        let norte_nov = by_key(&all["months"][0]["rows"], "key", &fx.norte.to_string());
        assert_eq!(o(&norte_nov["outcomes"]), (0, 0, 0, Value::Null));
        assert_eq!(o(&all["total"]), (2, 4, 1, json!(33.3)));
        // By category and by agent (staff).
        let (_, cat) = app.get(&format!("{path}&group_by=category"), &fx.agent).await;
        assert_eq!(o(&by_key(&cat["months"][0]["rows"], "key", "technical")["outcomes"]), (0, 3, 0, json!(0.0)));
        let (s, ag) = app.get(&format!("{path}&group_by=agent"), &fx.agent).await;
        assert_eq!(s, StatusCode::OK, "{ag}");
        assert_eq!(ag["total"], c["total"]);
    }

    async fn csv_rows_add_up_to_the_json(app) {
        let fx = build(&app, false).await;
        for month in ["2026-11", "2026-12"] {
            let r = monthly(&app, &fx.sur_admin, fx.sur, month).await;
            let rows = csv(&app, &fx.sur_admin, fx.sur, month).await;
            assert_eq!(rows[0], service::reports::CSV_HEADER.map(String::from).to_vec());
            let body = &rows[1..];
            let outcome = |o: &str| body.iter().filter(|r| r[7] == o).count() as i64;
            let total = &r["compliance"]["total"];
            assert_eq!(outcome("met"), total["met"].as_i64().unwrap(), "{month}");
            assert_eq!(outcome("breached"), total["breached"].as_i64().unwrap(), "{month}");
            assert_eq!(outcome("pending"), total["pending"].as_i64().unwrap(), "{month}");
            let opened = body.iter().filter(|row| row[4].as_str() >= r["from"].as_str().unwrap() && row[4].as_str() < r["to"].as_str().unwrap()).count() as i64;
            assert_eq!(opened, r["tickets"]["opened"].as_i64().unwrap());
            let paused: i64 = body.iter().map(|row| row[11].parse::<i64>().unwrap()).sum();
            assert_eq!(paused, r["paused"]["waiting_on_client_minutes"].as_i64().unwrap());
            let open_at_end = body.iter().filter(|row| row[6].is_empty()).count() as i64;
            assert_eq!(open_at_end, r["tickets"]["open_at_end"].as_i64().unwrap());
            // Each breach row carries the same due time and lateness as the report's list.
            for b in r["compliance"]["breaches"].as_array().unwrap() {
                let row = body.iter().find(|row| row[0] == b["number"].as_str().unwrap()).unwrap();
                assert_eq!(row[8], b["breached_at"].as_str().unwrap());
                assert_eq!(row[9], b["due_at"].as_str().unwrap());
                assert_eq!(row[10], b["late_by_minutes"].to_string());
            }
        }
        let nov = csv(&app, &fx.sur_admin, fx.sur, "2026-11").await;
        assert_eq!(nov.len(), 1 + 5);
        let c = nov.iter().find(|r| r[1] == "C").unwrap();
        assert_eq!(&c[2..], ["technical", "urgent", "2026-11-10T12:00:00.000000Z", "2026-11-11T12:00:00.000000Z",
            "2026-11-12T12:00:00.000000Z", "breached", "2026-11-10T16:00:00.000000Z", "2026-11-10T16:00:00.000000Z", "1200", "0"]);
        // A subject that looks like a formula is neutralised.
        assert!(nov.iter().any(|r| r[1] == "'=A"), "{nov:?}");
    }

}

both_backends! {
    async fn quotes_and_hours_of_the_month(app) {
        let (sur, _, client) = app.client_with_admin("Sur").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let quoted = |subject: &'static str, until: &'static str| {
            let (app, client, agent) = (&app, client.clone(), agent.clone());
            async move {
                let t = app.ok("/api/v1/tickets", &client, json!({"category": "administrative", "priority": "medium", "subject": subject, "body": "40 cursos nuevos"})).await;
                let path = format!("/api/v1/tickets/{}", t["id"]);
                let (s, v) = app.patch(&path, &agent, json!({"scope": {"kind": "out_of_scope", "reason": "custom_development"}})).await;
                assert_eq!(s, StatusCode::OK, "{v}");
                let (s, q) = app.post(&format!("{path}/quotes"), &agent, json!({"description": "Crear 40 cursos", "hours": 2, "amount_minor": 100_000, "currency": "ARS", "valid_until": until})).await;
                assert_eq!(s, StatusCode::CREATED, "{q}");
                format!("/api/v1/quotes/{}", q["id"])
            }
        };
        // November (Buenos Aires): Q1 sent and approved; Q2 sent, valid until 5 December:
        // still awaiting the client at the month's end. December: Q3 sent and rejected; Q2
        // expires when 5 December ends there (2026-12-06T03:00Z), recorded by the job or not.
        set(&app, "2026-11-02T11:00:00Z");
        let q1 = quoted("Q1", "2026-11-20").await;
        set(&app, "2026-11-03T10:00:00Z");
        let (s, v) = app.post(&format!("{q1}/approve"), &client, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        set(&app, "2026-11-28T10:00:00Z");
        quoted("Q2", "2026-12-05").await;
        set(&app, "2026-12-01T10:00:00Z");
        let q3 = quoted("Q3", "2026-12-20").await;
        set(&app, "2026-12-02T10:00:00Z");
        let (s, v) = app.post(&format!("{q3}/reject"), &client, json!({"reason": "caro"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        // 5 add-on hours for November only: the bank's month, as `GET …/hours` reads it.
        app.ok(&format!("/api/v1/clients/{sur}/hours/addons"), &app.admin, json!({"month": "2026-11", "hours": 5})).await;
        set(&app, "2027-01-10T00:00:00Z");
        let nov = monthly(&app, &client, sur, "2026-11").await;
        assert_eq!(nov["hours"], json!({"available_minutes": 300, "used_minutes": 0, "left_minutes": 300, "overage_minutes": 0, "percent_used": 0}));
        let (_, bank) = app.get(&format!("/api/v1/clients/{sur}/hours?month=2026-11"), &client).await;
        assert_eq!(nov["hours"]["left_minutes"], bank["left_minutes"]);
        assert_eq!(nov["quotes"], json!({"sent": 2, "approved": 1, "rejected": 0, "expired": 0, "pending": 1}));
        let dec = monthly(&app, &client, sur, "2026-12").await;
        assert_eq!(dec["quotes"], json!({"sent": 1, "approved": 0, "rejected": 1, "expired": 1, "pending": 0}));
        assert_eq!(dec["hours"], Value::Null, "no hours at all in December");
    }
}
