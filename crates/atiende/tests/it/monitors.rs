//! Campus monitoring against real local HTTP servers the tests start and stop: K failures open
//! exactly one urgent ticket clocked from the first failure, more failures add a few notes to
//! it, recovery resolves it with the outage's times; a flapping campus keeps its one ticket;
//! sustained slowness opens one high ticket; uptime per day in the client's zone survives the
//! hourly roll-up; tenants see only their own campuses; and two real servers on one
//! PostgreSQL database open one ticket for one outage.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{Router, extract::State, http::StatusCode as AxumStatus, response::IntoResponse};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{
    Clock,
    jobs::{JobKind, Periodic, RunnerConfig},
};

use crate::{both_backends, harness::TestApp};

/// What the fake campus answers.
#[derive(Debug, Clone)]
pub enum Mode {
    Up(&'static str),
    Status(u16),
    /// 200 after this many milliseconds.
    Slow(u64),
}

/// A campus web server on 127.0.0.1 whose answers a test sets, and which it can stop
/// (connection refused) and start again on the same port.
pub struct FakeCampus {
    pub addr: SocketAddr,
    mode: Arc<Mutex<Mode>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

async fn answer(State(mode): State<Arc<Mutex<Mode>>>) -> axum::response::Response {
    let m = mode.lock().expect("mode").clone();
    // No keep-alive: a stopped server must refuse the next probe, not answer on a pooled
    // connection.
    let close = [(axum::http::header::CONNECTION, "close")];
    match m {
        Mode::Up(body) => (close, axum::response::Html(body)).into_response(),
        Mode::Status(s) => (
            AxumStatus::from_u16(s).expect("status"),
            close,
            "<html>error</html>",
        )
            .into_response(),
        Mode::Slow(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            (close, axum::response::Html("<html>Moodle, slowly</html>")).into_response()
        }
    }
}

impl FakeCampus {
    pub async fn start(mode: Mode) -> FakeCampus {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut f = FakeCampus {
            addr,
            mode: Arc::new(Mutex::new(mode)),
            task: None,
        };
        f.serve(listener);
        f
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let app = Router::new().fallback(answer).with_state(self.mode.clone());
        self.task = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        }));
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().expect("mode") = mode;
    }

    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }

    pub async fn restart(&mut self) {
        self.stop();
        tokio::time::sleep(Duration::from_millis(50)).await;
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .expect("rebind");
        self.serve(listener);
    }
}

impl Drop for FakeCampus {
    fn drop(&mut self) {
        self.stop();
    }
}

fn runner() -> RunnerConfig {
    RunnerConfig {
        node: "monitor-test".into(),
        lease: SignedDuration::from_mins(5),
        batch: 50,
        periodic: vec![Periodic {
            kind: JobKind::MonitorTick,
            every: SignedDuration::from_secs(15),
        }],
    }
}

/// One probe round at the current time: the tick, then every probe it queued.
pub async fn round(app: &TestApp) {
    let cfg = runner();
    app.service
        .schedule_periodic(&cfg.periodic)
        .await
        .expect("schedule");
    loop {
        let r = app.service.run_due_jobs(&cfg).await.expect("round");
        assert!(r.failed.is_empty() && r.lost.is_empty(), "{r:?}");
        if r.claimed() == 0 {
            break;
        }
    }
}

/// `n` rounds, the clock moved `every` between them (and after the last).
async fn rounds(app: &TestApp, n: usize, every: i64) {
    for _ in 0..n {
        round(app).await;
        app.clock.advance(SignedDuration::from_secs(every));
    }
}

/// A client (zone Buenos Aires) whose one campus is the fake server; (campus id, client token).
async fn campus_at(app: &TestApp, name: &str, url: &str) -> (i64, String) {
    let (client_id, campus_id, token) = app.client_with_admin(name).await;
    let (s, v) = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/campuses/{campus_id}"),
            &app.admin,
            Some(json!({"client_id": client_id, "url": url, "platform": "Moodle", "platform_version": "4.5",
                        "hosted_by_us": false, "service_start_date": "2026-01-15"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (campus_id, token)
}

async fn put_monitor(app: &TestApp, campus: i64, body: Value) -> (StatusCode, Value) {
    app.call(
        reqwest::Method::PUT,
        &format!("/api/v1/campuses/{campus}/monitor"),
        &app.admin,
        Some(body),
    )
    .await
}

async fn tickets(app: &TestApp) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/tickets?limit=100", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().expect("items").clone()
}

async fn messages(app: &TestApp, ticket: i64) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/tickets/{ticket}/messages"), &app.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("messages").clone()
}

async fn incidents(app: &TestApp, campus: i64) -> Vec<Value> {
    let (s, v) = app
        .get(&format!("/api/v1/campuses/{campus}/incidents"), &app.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().expect("incidents").clone()
}

both_backends! {
    async fn an_outage_opens_one_urgent_ticket_and_recovery_resolves_it(app) {
        let mut campus = FakeCampus::start(Mode::Up("<html>Moodle</html>")).await;
        let (campus_id, client) = campus_at(&app, "Norte", &campus.url()).await;
        // Every campus is monitored without any setting: the defaults (60 s, K = 3).
        let (s, m) = app.get(&format!("/api/v1/campuses/{campus_id}/monitor"), &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{m}");
        assert_eq!((m["customized"].as_bool(), m["interval_seconds"].as_i64(), m["failures_to_alert"].as_i64()), (Some(false), Some(60), Some(3)));
        round(&app).await;
        app.clock.advance(SignedDuration::from_secs(60));
        let began = app.clock.now();
        campus.stop(); // connection refused
        rounds(&app, 2, 60).await;
        assert!(tickets(&app).await.is_empty(), "nothing before K failures");
        round(&app).await;
        let list = tickets(&app).await;
        assert_eq!(list.len(), 1, "exactly one ticket at K: {list:?}");
        let t = &list[0];
        let id = t["id"].as_i64().expect("id");
        assert_eq!((t["priority"].as_str(), t["category"].as_str()), (Some("urgent"), Some("technical")));
        assert_eq!(t["subject"].as_str(), Some(format!("Interrupción del servicio: {}", campus.addr).as_str()), "the campus named with its port");
        assert_eq!(t["campus_id"], campus_id);
        assert_eq!(t["created_at"].as_str(), Some(began.to_string().as_str()), "clocked from the first failure: {t}");
        let first = &messages(&app, id).await[0];
        let body = first["body"].as_str().unwrap_or("");
        assert!(body.contains("no responde desde el 02/11/2026 07:01 (America/Argentina/Buenos_Aires)"), "{body}");
        assert!(body.contains("Fallaron 3 comprobaciones seguidas") && body.to_lowercase().contains("refused"), "{body}");
        assert_eq!(first["internal"], false);
        let (s, mine) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(s, StatusCode::OK, "the client admin sees it: {mine}");

        // Twelve more failures: the same ticket, one note (at 10), not one per failure.
        app.clock.advance(SignedDuration::from_secs(60));
        rounds(&app, 12, 60).await;
        assert_eq!(tickets(&app).await.len(), 1, "never a second ticket");
        let notes: Vec<Value> = messages(&app, id).await.into_iter().filter(|m| m["internal"] == true).collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0]["body"].as_str().unwrap_or("").contains("10 comprobaciones fallidas"), "{:?}", notes[0]);
        let inc = incidents(&app, campus_id).await;
        assert_eq!(inc.len(), 1);
        assert_eq!((inc[0]["kind"].as_str(), inc[0]["ongoing"].as_bool(), inc[0]["failures"].as_i64()), (Some("outage"), Some(true), Some(15)));
        assert_eq!(inc[0]["ticket_id"], id);
        let (_, up) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &app.admin).await;
        assert_eq!(up["state"], "down", "{up}");

        // Back up: a public note with start, end and duration; resolved by the system.
        campus.restart().await;
        let ended = app.clock.now();
        round(&app).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(t["status"], "resolved", "{t}");
        assert_eq!(t["assignee_id"], Value::Null, "the system never assigns itself");
        let last = messages(&app, id).await.pop().expect("a message");
        let body = last["body"].as_str().unwrap_or("");
        assert_eq!(last["internal"], false);
        assert!(body.contains("duró 15 min") && body.contains("desde el 02/11/2026 07:01") && body.contains("hasta el 02/11/2026 07:16")
            && body.contains("America/Argentina/Buenos_Aires"), "{body}");
        let inc = incidents(&app, campus_id).await;
        assert_eq!(inc[0]["ended_at"].as_str(), Some(ended.to_string().as_str()));
        assert_eq!(inc[0]["duration_seconds"], 900);
        let (_, up) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &app.admin).await;
        assert_eq!(up["state"], "up", "{up}");
    }

    async fn a_flapping_campus_keeps_its_one_ticket(app) {
        let campus = FakeCampus::start(Mode::Status(503)).await;
        let (campus_id, _) = campus_at(&app, "Norte", &campus.url()).await;
        let (s, m) = put_monitor(&app, campus_id, json!({"interval_seconds": 30, "timeout_seconds": 5, "failures_to_alert": 1})).await;
        assert_eq!(s, StatusCode::OK, "{m}");
        rounds(&app, 1, 30).await;
        let list = tickets(&app).await;
        assert_eq!(list.len(), 1, "K = 1: {list:?}");
        let id = list[0]["id"].as_i64().expect("id");
        assert!(messages(&app, id).await[0]["body"].as_str().unwrap_or("").contains("HTTP 503"));
        campus.set(Mode::Up("ok"));
        rounds(&app, 1, 30).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(t["status"], "resolved");
        // Down again while the ticket waits for the client's confirmation: the same ticket,
        // reopened.
        campus.set(Mode::Status(502));
        rounds(&app, 3, 30).await;
        assert_eq!(tickets(&app).await.len(), 1, "no second ticket while the first is not closed");
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(t["status"], "open", "{t}");
        assert!(messages(&app, id).await.iter().any(|m| m["body"].as_str().unwrap_or("").contains("volvió a dejar de responder")));
        campus.set(Mode::Up("ok"));
        rounds(&app, 1, 30).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(t["status"], "resolved");
        let inc = incidents(&app, campus_id).await;
        assert_eq!(inc.len(), 2, "two outages… {inc:?}");
        assert!(inc.iter().all(|i| i["ticket_id"] == id), "…on one ticket");
        // Once the client confirms (closed), a new outage is a new ticket.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{id}"), &app.admin, json!({"status": "closed"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        campus.set(Mode::Status(500));
        rounds(&app, 1, 30).await;
        assert_eq!(tickets(&app).await.len(), 2, "after closing, a new outage opens a new ticket");
    }

    async fn sustained_slowness_opens_one_high_ticket(app) {
        let campus = FakeCampus::start(Mode::Slow(400)).await;
        let (campus_id, _) = campus_at(&app, "Norte", &campus.url()).await;
        let (s, m) = put_monitor(&app, campus_id, json!({"interval_seconds": 30, "latency_threshold_ms": 150, "sustain_minutes": 1})).await;
        assert_eq!(s, StatusCode::OK, "{m}");
        let began = app.clock.now();
        rounds(&app, 2, 30).await;
        assert!(tickets(&app).await.is_empty(), "slow for 30 s only");
        rounds(&app, 2, 30).await;
        let list = tickets(&app).await;
        assert_eq!(list.len(), 1, "{list:?}");
        let t = &list[0];
        let id = t["id"].as_i64().expect("id");
        assert_eq!((t["priority"].as_str(), t["subject"].as_str()), (Some("high"), Some(format!("Rendimiento degradado: {}", campus.addr).as_str())));
        assert_eq!(t["created_at"].as_str(), Some(began.to_string().as_str()), "from the first slow probe");
        let (_, up) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &app.admin).await;
        assert_eq!(up["state"], "degraded", "{up}");
        // Fast again: resolved once a whole window (1 min) was fast.
        campus.set(Mode::Up("<html>Moodle</html>"));
        rounds(&app, 2, 30).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_ne!(t["status"], "resolved", "fast for 30 s only");
        rounds(&app, 1, 30).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(t["status"], "resolved", "{t}");
        assert_eq!(tickets(&app).await.len(), 1);
        let inc = incidents(&app, campus_id).await;
        assert_eq!((inc[0]["kind"].as_str(), inc[0]["ongoing"].as_bool()), (Some("degraded"), Some(false)));
    }

    async fn missing_expected_text_is_a_failure_and_a_4xx_alone_is_not(app) {
        let campus = FakeCampus::start(Mode::Status(404)).await;
        let (campus_id, _) = campus_at(&app, "Norte", &campus.url()).await;
        let o = app.service.probe_campus_now(campus_id).await.expect("probe");
        assert!(o.ok && o.http_status == Some(404), "a 4xx without expected text is up: {o:?}");
        let (s, _) = put_monitor(&app, campus_id, json!({"expected_text": "Moodle", "failures_to_alert": 1})).await;
        assert_eq!(s, StatusCode::OK);
        campus.set(Mode::Up("<html>Mantenimiento</html>"));
        round(&app).await;
        let list = tickets(&app).await;
        assert_eq!(list.len(), 1, "{list:?}");
        let inc = incidents(&app, campus_id).await;
        assert!(inc[0]["last_error"].as_str().unwrap_or("").contains("expected text \"Moodle\""), "{inc:?}");
        campus.set(Mode::Up("<html>Bienvenido a Moodle</html>"));
        app.clock.advance(SignedDuration::from_secs(60));
        round(&app).await;
        let (_, t) = app.get(&format!("/api/v1/tickets/{}", list[0]["id"]), &app.admin).await;
        assert_eq!(t["status"], "resolved");
    }

    async fn uptime_per_day_follows_the_clients_zone_and_survives_the_roll_up(app) {
        let campus = FakeCampus::start(Mode::Up("ok")).await;
        let (campus_id, client) = campus_at(&app, "Norte", &campus.url()).await;
        let (s, _) = put_monitor(&app, campus_id, json!({"interval_seconds": 3600, "failures_to_alert": 10})).await;
        assert_eq!(s, StatusCode::OK);
        // 01:00Z…06:00Z hourly = 22:00…03:00 in Buenos Aires (UTC−3): two probes on 1 Nov
        // (one down), four on 2 Nov (one down).
        app.clock.set("2026-11-02T01:00:00Z".parse().expect("instant"));
        for ok in [true, false, true, true, false, true] {
            campus.set(if ok { Mode::Up("ok") } else { Mode::Status(500) });
            round(&app).await;
            app.clock.advance(SignedDuration::from_hours(1));
        }
        app.clock.advance(SignedDuration::from_mins(-50)); // 06:10Z
        let (s, up) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &client).await;
        assert_eq!(s, StatusCode::OK, "{up}");
        let days = up["days"].as_array().expect("days");
        assert_eq!(days.len(), 30);
        assert_eq!(days[29], json!({"date": "2026-11-02", "uptime_percent": 75.0, "probes": 4}));
        assert_eq!(days[28], json!({"date": "2026-11-01", "uptime_percent": 50.0, "probes": 2}));
        assert_eq!(days[27], json!({"date": "2026-10-31", "uptime_percent": null, "probes": 0}), "no probes is no data, not 100 %");
        assert_eq!(up["month_to_date_percent"], 66.667);
        assert_eq!(up["previous_month_percent"], Value::Null);
        assert_eq!(up["time_zone"], "America/Argentina/Buenos_Aires");
        // Rolled into hourly aggregates (twice: idempotent), the figures do not move.
        let rolled = app.service.roll_up_probes(app.clock.now() + SignedDuration::from_hours(1)).await.expect("roll up");
        assert_eq!(rolled, 6);
        assert_eq!(app.service.roll_up_probes(app.clock.now() + SignedDuration::from_hours(1)).await.expect("again"), 0);
        let (_, after) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &client).await;
        assert_eq!(after["days"], up["days"]);
        assert_eq!(after["month_to_date_percent"], up["month_to_date_percent"]);
    }

    async fn tenants_read_only_their_own_campuses_monitoring(app) {
        let (norte_campus, norte) = campus_at(&app, "Norte", "http://127.0.0.1:9/").await;
        let (sur_campus, sur) = campus_at(&app, "Sur", "http://127.0.0.1:9/").await;
        for path in ["uptime", "incidents"] {
            let (s, v) = app.get(&format!("/api/v1/campuses/{norte_campus}/{path}"), &norte).await;
            assert_eq!(s, StatusCode::OK, "{path}: {v}");
            let (s, v) = app.get(&format!("/api/v1/campuses/{sur_campus}/{path}"), &norte).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: another client's campus: {v}");
        }
        let (s, _) = app.get(&format!("/api/v1/campuses/{sur_campus}/uptime"), &sur).await;
        assert_eq!(s, StatusCode::OK);
        // Settings are staff's: a client admin is refused on their own campus, 404 on another's.
        let (s, _) = app.get(&format!("/api/v1/campuses/{norte_campus}/monitor"), &norte).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.get(&format!("/api/v1/campuses/{sur_campus}/monitor"), &norte).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (s, _) = app.get(&format!("/api/v1/campuses/{sur_campus}/monitor"), &agent).await;
        assert_eq!(s, StatusCode::OK, "staff read");
        let (s, _) = app.call(reqwest::Method::PUT, &format!("/api/v1/campuses/{sur_campus}/monitor"), &agent, Some(json!({}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "admins write");
        let (s, _) = app.get("/api/v1/campuses/999999/uptime", &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn bad_monitor_input_is_refused_naming_the_field(app) {
        let (campus_id, _) = campus_at(&app, "Norte", "http://127.0.0.1:9/").await;
        for (body, field) in [
            (json!({"interval_seconds": 5}), "interval_seconds"),
            (json!({"interval_seconds": 60, "timeout_seconds": 60}), "timeout_seconds"),
            (json!({"interval_seconds": 30, "timeout_seconds": 45}), "timeout_seconds"),
            (json!({"failures_to_alert": 11}), "failures_to_alert"),
            (json!({"expected_text": "x".repeat(201)}), "expected_text"),
            (json!({"interval": 60}), "interval"),
        ] {
            let res = app.http.put(format!("{}/api/v1/campuses/{campus_id}/monitor", app.base))
                .bearer_auth(&app.admin).json(&body).send().await.expect("put");
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let p: Value = res.json().await.expect("problem");
            assert!(p["errors"].as_array().expect("errors").iter().any(|e| e["field"] == field), "{body} → {p}");
        }
        let (_, m) = app.get(&format!("/api/v1/campuses/{campus_id}/monitor"), &app.admin).await;
        assert_eq!((m["customized"].as_bool(), m["interval_seconds"].as_i64()), (Some(false), Some(60)), "nothing written: {m}");
        let (s, m) = put_monitor(&app, campus_id, json!({"enabled": false, "interval_seconds": 300, "timeout_seconds": 20, "expected_text": " Moodle "})).await;
        assert_eq!(s, StatusCode::OK, "{m}");
        assert_eq!((m["customized"].as_bool(), m["enabled"].as_bool(), m["expected_text"].as_str()), (Some(true), Some(false), Some("Moodle")));
        // A campus switched off is not probed.
        round(&app).await;
        let (_, up) = app.get(&format!("/api/v1/campuses/{campus_id}/uptime"), &app.admin).await;
        assert_eq!((up["state"].as_str(), up["last_probe"].is_null()), (Some("unknown"), true), "{up}");
    }
}

/// Two real `atiende serve` processes on one PostgreSQL database, ticking every second,
/// probing one campus that refuses connections, while this process records failures of the
/// same campus from four more connections at once: one incident, one ticket.
#[tokio::test]
async fn two_servers_on_one_postgresql_database_open_one_ticket_for_one_outage() {
    use crate::{
        cli::{atiende, serve},
        harness::{Backend, TestDb},
    };
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let url = store::DbUrl::parse(&db.url).expect("url");
    let svc = service::Service::new(
        store::Db::open(&url, 4).await.expect("pool"),
        Arc::new(service::SystemClock),
    );
    let others: Vec<service::Service> = {
        let mut v = Vec::new();
        for _ in 0..3 {
            v.push(service::Service::new(
                store::Db::open(&url, 2).await.expect("pool"),
                Arc::new(service::SystemClock),
            ));
        }
        v
    };
    // A campus whose server is gone: bind a port, then free it.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let admin = svc.system_actor().await.expect("system");
    let mut root = admin.clone();
    root.role = domain::user::Role::Admin;
    let client = svc
        .create_client(
            &root,
            &service::admin::clients::ClientInput {
                name: "Norte".into(),
                tax_id: "TAX-N".into(),
                contact_emails: vec![],
                time_zone: "America/Argentina/Buenos_Aires".into(),
            },
        )
        .await
        .expect("client");
    let campus = svc
        .create_campus(
            &root,
            &service::admin::clients::CampusInput {
                client_id: client.id,
                url: format!("http://{dead}/"),
                platform: "Moodle".into(),
                platform_version: "4.5".into(),
                hosted_by_us: true,
                service_start_date: "2026-01-15".into(),
            },
        )
        .await
        .expect("campus");
    svc.put_monitor(
        &root,
        campus.id,
        &service::monitors::MonitorInput {
            interval_seconds: Some(30),
            timeout_seconds: Some(2),
            failures_to_alert: Some(2),
            ..Default::default()
        },
    )
    .await
    .expect("monitor");

    let data = tempfile::tempdir().expect("data dir");
    let node = || {
        let mut c = atiende(data.path());
        c.env("DATABASE_URL", &db.url)
            .env("ATIENDE_MONITOR_TICK_SECONDS", "1");
        c
    };
    let (_a, base_a) = serve(node()).await;
    let (_b, base_b) = serve(node()).await;
    // Meanwhile, failures recorded from four connections at once, over and over.
    let mut all = vec![svc.clone()];
    all.extend(others);
    for _ in 0..5 {
        let probes = all.iter().map(|s| s.probe_campus_now(campus.id));
        for o in futures_util::future::join_all(probes).await {
            assert!(!o.expect("probe").ok);
        }
    }
    // The servers' own probes run within the first ticks; give them one slot and a bit.
    let deadline = std::time::Instant::now() + Duration::from_secs(45);
    let probe_jobs = loop {
        let jobs = store::jobs::list(&svc.db, None, 10_000)
            .await
            .expect("jobs");
        let done: Vec<_> = jobs
            .iter()
            .filter(|j| j.kind == "probe_campus" && j.state == "done")
            .cloned()
            .collect();
        if done.len() >= 2 || std::time::Instant::now() > deadline {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        probe_jobs.len() >= 2,
        "both slots probed by the servers: {}",
        probe_jobs.len()
    );
    let keys: std::collections::BTreeSet<_> =
        probe_jobs.iter().map(|j| j.dedup_key.clone()).collect();
    assert_eq!(
        keys.len(),
        probe_jobs.len(),
        "one probe per campus and slot"
    );
    let staff = svc.system_actor().await.expect("actor");
    let page = svc
        .list_tickets(&staff, &Default::default())
        .await
        .expect("tickets");
    assert_eq!(
        page.items.len(),
        1,
        "one outage, one ticket: {:?}",
        page.items.iter().map(|t| &t.subject).collect::<Vec<_>>()
    );
    let incidents = svc
        .campus_incidents(&staff, campus.id)
        .await
        .expect("incidents");
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert!(
        incidents[0].failures >= 20,
        "every failure counted on the one incident: {}",
        incidents[0].failures
    );
    // Each node counts the probes it ran; both publish the database-wide gauge (every 10 s).
    let deadline = std::time::Instant::now() + Duration::from_secs(25);
    let metrics = loop {
        let mut metrics = String::new();
        for base in [&base_a, &base_b] {
            metrics += &reqwest::get(format!("{base}/metrics"))
                .await
                .expect("metrics")
                .text()
                .await
                .expect("body");
        }
        let done = metrics.contains("atiende_probes_total{result=\"down\"}")
            && metrics.contains("atiende_campuses_down 1");
        if done || std::time::Instant::now() > deadline {
            break metrics;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        metrics.contains("atiende_probes_total{result=\"down\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("atiende_campuses_down 1"), "{metrics}");
}

both_backends! {
    async fn the_campus_page_shows_the_strip_to_staff_and_the_portal_to_the_client(app) {
        use crate::web_client::{csrf, get, post, sign_in};
        let campus = FakeCampus::start(Mode::Status(500)).await;
        let (campus_id, _) = campus_at(&app, "Norte", &campus.url()).await;
        let (sur_campus, _) = campus_at(&app, "Sur", "http://127.0.0.1:9/").await;
        rounds(&app, 3, 60).await;
        campus.set(Mode::Up("ok"));
        round(&app).await;
        let ticket = tickets(&app).await.iter().find(|t| t["campus_id"] == campus_id).expect("the outage ticket")["id"].as_i64().expect("id");

        let admin = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = get(&app, &admin, &format!("/console/campuses/{campus_id}")).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("<svg id=\"uptime-strip\" role=\"img\" aria-label=\"Disponibilidad de los últimos 30 días"), "{html}");
        assert_eq!(html.matches("<rect ").count(), 30, "one rect per day");
        assert!(html.contains("<title>2026-11-02: 25,00 %</title>"), "today: 1 of 4 probes up");
        assert!(html.contains("<title>2026-10-31: sin datos</title>"));
        assert!(html.contains(&format!("href=\"/console/tickets/{ticket}\"")) && html.contains("Interrupción"), "the incident links its ticket");
        assert!(html.contains("id=\"campus-client\">Norte<") && html.contains("No, lo aloja el cliente"));
        assert!(html.contains("id=\"monitor-form\""), "admins edit the monitor here");
        assert!(html.contains("id=\"maintenance\"") && html.contains("id=\"maint-not-hosted\""), "backups, updates and upgrades on the same page");
        assert!(!html.contains("<script>"), "no inline script");
        // A refused form says what is wrong in the user's language, and nothing is saved.
        let reply = post(&app, &admin, &format!("/console/campuses/{campus_id}/monitor"), &[
            ("_csrf", &csrf(&html)), ("enabled", "on"), ("interval_seconds", "5"), ("timeout_seconds", "10"),
            ("expected_text", ""), ("latency_threshold_ms", "3000"), ("sustain_minutes", "10"), ("failures_to_alert", "3"),
        ]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("Intervalo (segundos): debe estar entre 30 y 3600."), "{}", reply.body);
        let reply = post(&app, &admin, &format!("/console/campuses/{campus_id}/monitor"), &[
            ("_csrf", &csrf(&html)), ("enabled", "on"), ("interval_seconds", "120"), ("timeout_seconds", "10"),
            ("expected_text", "Moodle"), ("latency_threshold_ms", "3000"), ("sustain_minutes", "10"), ("failures_to_alert", "3"),
        ]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let (_, m) = app.get(&format!("/api/v1/campuses/{campus_id}/monitor"), &app.admin).await;
        assert_eq!((m["interval_seconds"].as_i64(), m["expected_text"].as_str()), (Some(120), Some("Moodle")));
        // Agents read the settings without the form.
        app.staff("agent@provider.test", "agent").await;
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, html) = get(&app, &agent, &format!("/console/campuses/{campus_id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"monitor-settings\"") && !html.contains("id=\"monitor-form\""));
        let (_, ticket_page) = get(&app, &agent, &format!("/console/tickets/{ticket}")).await;
        assert!(ticket_page.contains(&format!("href=\"/console/campuses/{campus_id}\"")), "the ticket links its campus page");

        // The client admin: their campuses, the same block, links into the portal.
        let client = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, list) = get(&app, &client, "/portal/campuses").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.contains(&format!("href=\"/portal/campuses/{campus_id}\"")) && !list.contains(&format!("data-campus=\"{sur_campus}\"")), "{list}");
        let (s, html) = get(&app, &client, &format!("/portal/campuses/{campus_id}")).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("id=\"uptime-strip\"") && html.contains(&format!("href=\"/portal/tickets/{ticket}\"")), "{html}");
        assert!(!html.contains("monitor-form"));
        let (s, _) = get(&app, &client, &format!("/portal/campuses/{sur_campus}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another client's campus");
        let (s, _) = get(&app, &client, &format!("/console/campuses/{campus_id}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "the console is staff's");
    }
}

// An outage is told to webhooks too, in the incident's transaction: `campus.down` when the
// ticket opens, `campus.up` when the campus answers again, each once.
both_backends! {
    async fn an_outage_is_told_to_webhooks_once_down_and_once_up(app) {
        let rx = crate::webhook_receiver::Receiver::start().await;
        let (s, hook) = app.post("/api/v1/webhooks", &app.admin,
            json!({"url": rx.url("/ops"), "description": "NOC", "events": ["campus.down", "campus.up"]})).await;
        assert_eq!(s, StatusCode::CREATED, "{hook}");
        let mut campus = FakeCampus::start(Mode::Up("<html>Moodle</html>")).await;
        let (campus_id, _) = campus_at(&app, "Norte", &campus.url()).await;
        round(&app).await;
        app.clock.advance(SignedDuration::from_secs(60));
        campus.stop();
        rounds(&app, 5, 60).await;
        let got = rx.got();
        assert_eq!(got.iter().map(|g| g.event.as_str()).collect::<Vec<_>>(), ["campus.down"], "{got:?}");
        let down = got[0].json();
        assert_eq!(down["data"]["campus_id"], campus_id, "{down}");
        assert!(down["data"]["ticket_id"].is_i64() && down["data"]["ended_at"].is_null(), "{down}");
        campus.restart().await;
        rounds(&app, 3, 60).await;
        let events: Vec<String> = rx.got().iter().map(|g| g.event.clone()).collect();
        assert_eq!(events, ["campus.down", "campus.up"]);
        let up = rx.got()[1].json();
        assert_eq!(up["data"]["incident_id"], down["data"]["incident_id"]);
        assert!(up["data"]["ended_at"].is_string(), "{up}");
    }
}
