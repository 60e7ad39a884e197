//! Reports (issue 20): the monthly report, its CSV and the compliance API against a fixed data
//! set built with the set clock, with the expected figures worked out by hand below; the
//! dashboard reading the same computation; isolation; bad input on every parameter.
//!
//! The data set (built-in plan, 24×7: urgent 4 h, high 12 h, medium 48 h, low 168 h). Client
//! "Sur" is in Buenos Aires (UTC−3: its November is 2026-11-01T03:00Z … 2026-12-01T03:00Z),
//! client "Norte" in Madrid (UTC+1 all winter: November ends 2026-11-30T23:00Z).
//!
//! | ticket | client | what happens (UTC) |
//! |---|---|---|
//! | D | Sur | medium functional, opened 11-03 12:00; waiting on the client 11-03 14:00 → 11-04 14:00 (24 h); resolved 11-05 12:00; confirmed 11-06 12:00 → **met in November** |
//! | C | Sur | urgent technical, opened 11-10 12:00, due 16:00 → breached 16:00; lowered to low 18:00; resolved 11-11 12:00; confirmed 11-12 → **breach in November under urgent** |
//! | B | Sur | medium functional, opened 11-27 12:00; resolved 11-28 12:00 (24 h used); reopened 12-02 12:00; resolved 12-03 00:00; confirmed 12-04 00:00 → **pending at November's end, met in December** |
//! | A | Sur | high technical, opened 11-28 11:00, due 23:00 → **breach in November**; resolved 12-01 12:00, closes itself 12-08 12:00 |
//! | G | Sur | urgent technical, opened 11-30 22:00, due 12-01 02:00 UTC = 11-30 23:00 in Buenos Aires → **breach in November**; resolved 12-01 06:00, closes itself |
//! | M | Norte | urgent technical, opened 11-30 19:30, due 23:30 UTC = 12-01 00:30 in Madrid → **breach in December** (in Buenos Aires it would be November); resolved 12-01 01:30 |
//! | E | Sur | low functional, opened 12-28 12:00, resolved 12-30 12:00 → **pending at December's end**; closes itself 2027-01-06 12:00 |

use reqwest::StatusCode;
use serde_json::{Value, json};
use service::Actor;

use crate::{both_backends, harness::TestApp};

fn set(app: &TestApp, at: &str) {
    app.clock.set(at.parse().expect("instant"));
}

struct Fixture {
    sur: i64,
    sur_campus: i64,
    sur_admin: String,
    norte: i64,
    norte_admin: String,
    agent: String,
    supervisor: Actor,
}

async fn open(app: &TestApp, token: &str, priority: &str, category: &str, subject: &str) -> String {
    let t = app
        .ok(
            "/api/v1/tickets",
            token,
            json!({"category": category, "priority": priority, "subject": subject, "body": "…"}),
        )
        .await;
    format!("/api/v1/tickets/{}", t["id"])
}

async fn patch(app: &TestApp, path: &str, token: &str, body: Value) {
    let (s, v) = app.patch(path, token, body).await;
    assert_eq!(s, StatusCode::OK, "PATCH {path}: {v}");
}

/// A client in Madrid with its client admin (no campus).
async fn madrid_client(app: &TestApp) -> (i64, String) {
    let c = app
        .ok(
            "/api/v1/clients",
            &app.admin,
            json!({"name": "Norte", "tax_id": "TAX-Norte", "time_zone": "Europe/Madrid"}),
        )
        .await;
    let id = c["id"].as_i64().unwrap();
    app.ok(
        "/api/v1/users",
        &app.admin,
        json!({"email": "admin@norte.test", "name": "Admin Norte", "role": "client_admin", "client_id": id, "password": "client-password-1"}),
    )
    .await;
    let uid = app
        .service
        .user_id_by_email("admin@norte.test")
        .await
        .unwrap();
    let (_, token) = app.service.create_token(uid, "t").await.unwrap();
    (id, token)
}

/// Builds the data set of the module's doc, ending at 2027-01-10 00:00 UTC (both months and
/// every confirmation window over). `check_midway` runs at 2026-12-31 12:00 UTC.
async fn build(app: &TestApp, check_midway: bool) -> Fixture {
    let (sur, sur_campus, sur_admin) = app.client_with_admin("Sur").await;
    let (norte, norte_admin) = madrid_client(app).await;
    let (_, agent) = app.staff("agent@provider.test", "agent").await;
    let (sup_id, _) = app.staff("sup@provider.test", "supervisor").await;
    let supervisor = Actor {
        user_id: sup_id,
        role: domain::user::Role::Supervisor,
        client_id: None,
        name: "sup".into(),
    };
    let backup = json!({"kind": "backup", "status": "ok", "size_bytes": 10});
    let maintenance = format!("/api/v1/campuses/{sur_campus}/maintenance");

    set(app, "2026-11-03T12:00:00Z");
    let d = open(app, &sur_admin, "medium", "functional", "D").await;
    set(app, "2026-11-03T14:00:00Z");
    patch(app, &d, &agent, json!({"status": "waiting_on_client"})).await;
    set(app, "2026-11-03T15:00:00Z");
    app.ok(&maintenance, &agent, backup.clone()).await;
    set(app, "2026-11-04T14:00:00Z");
    app.ok(
        &format!("{d}/messages"),
        &sur_admin,
        json!({"body": "aquí está"}),
    )
    .await;
    set(app, "2026-11-04T15:00:00Z");
    app.ok(&maintenance, &agent, backup.clone()).await;
    set(app, "2026-11-05T12:00:00Z");
    patch(app, &d, &agent, json!({"status": "resolved"})).await;
    // Three probes on 5 November (Buenos Aires), one failed.
    let mut tx = app.service.db.begin().await.unwrap();
    for (i, ok) in [true, true, false].into_iter().enumerate() {
        let at: jiff::Timestamp = "2026-11-05T12:00:00Z".parse().unwrap();
        let row = store::monitors::ProbeRow {
            campus_id: sur_campus,
            at_us: at.as_microsecond() + i as i64 * 300_000_000,
            ok,
            http_status: Some(if ok { 200 } else { 503 }),
            latency_ms: Some(100),
            error: None,
        };
        store::monitors::insert_probe(&mut tx, &row).await.unwrap();
    }
    tx.commit().await.unwrap();
    set(app, "2026-11-06T12:00:00Z");
    patch(app, &d, &sur_admin, json!({"status": "closed"})).await;

    set(app, "2026-11-10T12:00:00Z");
    let c = open(app, &sur_admin, "urgent", "technical", "C").await;
    set(app, "2026-11-10T17:00:00Z");
    assert_eq!(app.watch().await.breaches, 1);
    set(app, "2026-11-10T18:00:00Z");
    patch(
        app,
        &c,
        &agent,
        json!({"priority": "low", "priority_reason": "no era urgente"}),
    )
    .await;
    set(app, "2026-11-11T12:00:00Z");
    patch(app, &c, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-11-12T12:00:00Z");
    patch(app, &c, &sur_admin, json!({"status": "closed"})).await;

    set(app, "2026-11-27T12:00:00Z");
    let b = open(app, &sur_admin, "medium", "functional", "B").await;
    set(app, "2026-11-28T11:00:00Z");
    let a = open(app, &sur_admin, "high", "technical", "=A").await;
    set(app, "2026-11-28T12:00:00Z");
    patch(app, &b, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-11-29T00:00:00Z");
    assert_eq!(app.watch().await.breaches, 1);
    set(app, "2026-11-30T19:30:00Z");
    let m = open(app, &norte_admin, "urgent", "technical", "M").await;
    set(app, "2026-11-30T22:00:00Z");
    let g = open(app, &sur_admin, "urgent", "technical", "G").await;
    set(app, "2026-12-01T00:00:00Z");
    assert_eq!(app.watch().await.breaches, 1);
    set(app, "2026-12-01T01:30:00Z");
    patch(app, &m, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-12-01T02:30:00Z");
    assert_eq!(app.watch().await.breaches, 1);
    set(app, "2026-12-01T06:00:00Z");
    patch(app, &g, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-12-01T12:00:00Z");
    patch(app, &a, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-12-02T12:00:00Z");
    patch(
        app,
        &b,
        &sur_admin,
        json!({"status": "open", "status_reason": "vuelve a fallar"}),
    )
    .await;
    set(app, "2026-12-03T00:00:00Z");
    patch(app, &b, &agent, json!({"status": "resolved"})).await;
    set(app, "2026-12-04T00:00:00Z");
    patch(app, &b, &sur_admin, json!({"status": "closed"})).await;
    set(app, "2026-12-09T00:00:00Z");
    assert_eq!(
        app.watch().await.closed,
        3,
        "A, G and M close by themselves"
    );
    set(app, "2026-12-10T12:00:00Z");
    app.ok(
        &maintenance,
        &agent,
        json!({"kind": "platform_upgrade", "to_version": "4.6"}),
    )
    .await;
    set(app, "2026-12-28T12:00:00Z");
    let e = open(app, &sur_admin, "low", "functional", "E").await;
    set(app, "2026-12-30T12:00:00Z");
    patch(app, &e, &agent, json!({"status": "resolved"})).await;

    let fx = Fixture {
        sur,
        sur_campus,
        sur_admin,
        norte,
        norte_admin,
        agent,
        supervisor,
    };
    if check_midway {
        midway(app, &fx).await;
    }
    set(app, "2027-01-10T00:00:00Z");
    assert_eq!(app.watch().await.closed, 1, "E closes by itself");
    fx
}

/// 2026-12-31: the dashboard's "this month" is the running December, read by the same
/// computation as the reports; and a month has started in Madrid before Buenos Aires.
async fn midway(app: &TestApp, fx: &Fixture) {
    set(app, "2026-12-31T12:00:00Z");
    let dash = app.service.dashboard(&fx.supervisor).await.unwrap();
    for client in [fx.sur, fx.norte] {
        let r = app
            .service
            .monthly_report(&fx.supervisor, client, "2026-12")
            .await
            .unwrap();
        assert!(r.partial);
        let row = dash
            .by_client
            .iter()
            .find(|c| c.client_id == client)
            .unwrap();
        assert_eq!(
            (
                row.compliance.met,
                row.compliance.breached,
                row.compliance.pending
            ),
            (
                r.compliance.total.met,
                r.compliance.total.breached,
                r.compliance.total.pending
            ),
            "dashboard and report of client {client}"
        );
    }
    // Sur: B met, E pending; Norte: M breached.
    let sur = dash
        .by_client
        .iter()
        .find(|c| c.client_id == fx.sur)
        .unwrap();
    assert_eq!(
        (
            sur.compliance.met,
            sur.compliance.breached,
            sur.compliance.pending
        ),
        (1, 0, 1)
    );
    let norte = dash
        .by_client
        .iter()
        .find(|c| c.client_id == fx.norte)
        .unwrap();
    assert_eq!((norte.compliance.met, norte.compliance.breached), (0, 1));

    // 23:30 UTC: already 2027-01-01 00:30 in Madrid, still 20:30 on 31 December in Buenos Aires.
    set(app, "2026-12-31T23:30:00Z");
    let (s, _) = app
        .get(
            &format!(
                "/api/v1/reports/monthly?client_id={}&month=2027-01",
                fx.norte
            ),
            &fx.norte_admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = app
        .get(
            &format!("/api/v1/reports/monthly?client_id={}&month=2027-01", fx.sur),
            &fx.sur_admin,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["errors"][0]["field"], "month");
    assert_eq!(v["errors"][0]["code"], "future_month");
}

async fn monthly(app: &TestApp, token: &str, client: i64, month: &str) -> Value {
    let (s, v) = app
        .get(
            &format!("/api/v1/reports/monthly?client_id={client}&month={month}"),
            token,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

/// `[met, breached, pending, percent]` of an `Outcomes` object.
fn o(v: &Value) -> (i64, i64, i64, Value) {
    (
        v["met"].as_i64().unwrap(),
        v["breached"].as_i64().unwrap(),
        v["pending"].as_i64().unwrap(),
        v["percent"].clone(),
    )
}

fn by_key<'a>(rows: &'a Value, field: &str, key: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == key)
        .unwrap_or_else(|| panic!("no {field} = {key} in {rows}"))
}

async fn csv(app: &TestApp, token: &str, client: i64, month: &str) -> Vec<Vec<String>> {
    let res = app
        .http
        .get(format!(
            "{}/api/v1/reports/monthly.csv?client_id={client}&month={month}",
            app.base
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = res.text().await.unwrap();
    // No cell of this data set holds a comma or a quote: a plain split reads it.
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

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
