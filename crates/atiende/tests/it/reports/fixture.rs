//! The data set of the module's doc, built through the API with the set clock, and the
//! helpers the report tests share.

use reqwest::StatusCode;
use serde_json::{Value, json};
use service::Actor;

use crate::harness::TestApp;

pub(super) fn set(app: &TestApp, at: &str) {
    app.clock.set(at.parse().expect("instant"));
}

pub(super) struct Fixture {
    pub sur: i64,
    pub sur_campus: i64,
    pub sur_admin: String,
    pub norte: i64,
    pub norte_admin: String,
    pub agent: String,
    pub supervisor: Actor,
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
pub(super) async fn build(app: &TestApp, check_midway: bool) -> Fixture {
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

pub(super) async fn monthly(app: &TestApp, token: &str, client: i64, month: &str) -> Value {
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
pub(super) fn o(v: &Value) -> (i64, i64, i64, Value) {
    (
        v["met"].as_i64().unwrap(),
        v["breached"].as_i64().unwrap(),
        v["pending"].as_i64().unwrap(),
        v["percent"].clone(),
    )
}

pub(super) fn by_key<'a>(rows: &'a Value, field: &str, key: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == key)
        .unwrap_or_else(|| panic!("no {field} = {key} in {rows}"))
}

pub(super) async fn csv(app: &TestApp, token: &str, client: i64, month: &str) -> Vec<Vec<String>> {
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
