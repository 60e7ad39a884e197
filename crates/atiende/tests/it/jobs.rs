//! The job runner: each job runs once however many nodes claim at the same time; a failing
//! job is retried with back-off, then kept as failed for an admin to read and retry; a node
//! whose lease expired writes nothing; a periodic tick exists once per tick.

use std::collections::BTreeSet;

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;
use service::{
    Clock, Service,
    jobs::{JobKind, Periodic, RunnerConfig},
};
use store::jobs as st;

use crate::{both_backends, harness::TestApp};

fn runner(node: &str) -> RunnerConfig {
    RunnerConfig {
        node: node.into(),
        lease: SignedDuration::from_mins(5),
        batch: 7,
        periodic: Vec::new(),
    }
}

/// A second node: its own pool on the same database, the same clock.
async fn second_node(app: &TestApp) -> Service {
    let url = store::DbUrl::parse(app.db_url()).expect("url");
    let db = store::Db::open(&url, 4).await.expect("second pool");
    Service::new(db, app.clock.clone())
}

/// Rounds until one claims nothing; the ids this node completed.
async fn drain(svc: Service, cfg: RunnerConfig) -> Vec<i64> {
    let mut done = Vec::new();
    loop {
        let r = svc.run_due_jobs(&cfg).await.expect("round");
        assert!(r.failed.is_empty() && r.lost.is_empty(), "{r:?}");
        if r.claimed() == 0 {
            return done;
        }
        done.extend(r.done);
    }
}

both_backends! {
    async fn two_nodes_claiming_at_once_run_each_job_exactly_once(app) {
        let mut all = BTreeSet::new();
        for _ in 0..120 {
            all.insert(app.service.enqueue_job(JobKind::Housekeeping, "{}").await.expect("enqueue"));
        }
        let other = second_node(&app).await;
        let (a, b) = tokio::join!(
            tokio::spawn(drain(app.service.clone(), runner("node-a"))),
            tokio::spawn(drain(other, runner("node-b"))),
        );
        let (a, b) = (a.expect("node a"), b.expect("node b"));
        let a_set: BTreeSet<i64> = a.iter().copied().collect();
        let b_set: BTreeSet<i64> = b.iter().copied().collect();
        assert_eq!(a.len() + b.len(), all.len(), "every job ran, none twice ({} + {})", a.len(), b.len());
        assert!(a_set.is_disjoint(&b_set), "a job ran on both nodes");
        assert_eq!(&a_set | &b_set, all);
        for id in &all {
            let j = st::get(&app.service.db, *id).await.expect("get").expect("row");
            assert_eq!((j.state.as_str(), j.attempts), ("done", 1), "job {id}");
            let owner = j.lease_owner.expect("owner");
            assert_eq!(owner == "node-a", a_set.contains(id), "job {id} records the node that ran it");
        }
        eprintln!("node a ran {}, node b ran {}", a.len(), b.len());
    }

    async fn a_failing_job_backs_off_then_fails_and_an_admin_retries_it(app) {
        // A kind this build does not know: its handler cannot run it.
        let mut tx = app.service.db.begin().await.expect("tx");
        let id = st::enqueue(&mut tx, &st::NewJob { kind: "mystery", payload: "{}", dedup_key: None,
            run_at_us: service::us(app.clock.now()), max_attempts: 3 }, service::us(app.clock.now()))
            .await.expect("enqueue").expect("id");
        tx.commit().await.expect("commit");
        let cfg = runner("node-a");
        let r = app.service.run_due_jobs(&cfg).await.expect("round");
        assert_eq!(r.failed, vec![id]);
        let j = st::get(&app.service.db, id).await.expect("get").expect("row");
        assert_eq!(j.state, "queued", "retried later");
        assert!(j.last_error.as_deref().unwrap_or("").contains("unknown job kind \"mystery\""), "{:?}", j.last_error);
        assert_eq!(j.run_at_us - service::us(app.clock.now()), 30_000_000, "first back-off: 30 s");
        // Not due yet: nothing runs.
        assert_eq!(app.service.run_due_jobs(&cfg).await.expect("round").claimed(), 0);
        app.clock.advance(SignedDuration::from_secs(30));
        assert_eq!(app.service.run_due_jobs(&cfg).await.expect("round").failed, vec![id]);
        let j = st::get(&app.service.db, id).await.expect("get").expect("row");
        assert_eq!(j.run_at_us - service::us(app.clock.now()), 60_000_000, "second back-off: 1 min");
        app.clock.advance(SignedDuration::from_secs(60));
        assert_eq!(app.service.run_due_jobs(&cfg).await.expect("round").failed, vec![id]);
        let j = st::get(&app.service.db, id).await.expect("get").expect("row");
        assert_eq!((j.state.as_str(), j.attempts), ("failed", 3), "given up after max attempts");
        app.clock.advance(SignedDuration::from_hours(2));
        assert_eq!(app.service.run_due_jobs(&cfg).await.expect("round").claimed(), 0, "a failed job stays failed");

        // The admin sees it with its error, and may queue it again.
        let (s, list) = app.get("/api/v1/jobs?state=failed", &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{list}");
        assert_eq!(list["jobs"][0]["id"], id);
        assert!(list["jobs"][0]["last_error"].as_str().unwrap_or("").contains("mystery"));
        let (s, j) = app.post(&format!("/api/v1/jobs/{id}/retry"), &app.admin, serde_json::json!({})).await;
        assert_eq!(s, StatusCode::OK, "{j}");
        assert_eq!((j["state"].as_str(), j["attempts"].as_i64()), (Some("queued"), Some(0)));
        let (s, p) = app.post(&format!("/api/v1/jobs/{id}/retry"), &app.admin, serde_json::json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "only a failed job is retried: {p}");
        assert_eq!(app.service.run_due_jobs(&cfg).await.expect("round").failed, vec![id], "it runs again at once");
        // Client admins and agents see no jobs.
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, _) = app.get("/api/v1/jobs", &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    async fn the_admin_screen_lists_jobs_by_state_with_the_error_and_retries(app) {
        use crate::web_client::{csrf, get, post, sign_in};
        let mut tx = app.service.db.begin().await.expect("tx");
        let id = st::enqueue(&mut tx, &st::NewJob { kind: "mystery", payload: "{}", dedup_key: None,
            run_at_us: service::us(app.clock.now()), max_attempts: 1 }, service::us(app.clock.now()))
            .await.expect("enqueue").expect("id");
        tx.commit().await.expect("commit");
        app.service.enqueue_job(JobKind::Housekeeping, "{}").await.expect("enqueue");
        let r = app.service.run_due_jobs(&runner("node-a")).await.expect("round");
        assert_eq!((r.done.len(), r.failed.clone()), (1, vec![id]));
        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, page) = get(&app, &cookie, "/admin/jobs?state=failed").await;
        assert_eq!(s, StatusCode::OK);
        let row = &page[page.find(&format!("data-job=\"{id}\"")).expect("the failed job's row")..];
        let row = &row[..row.find("</tr>").expect("row end")];
        assert!(row.contains("Fallida") && row.contains("unknown job kind") && row.contains("node-a"), "{row}");
        assert!(page.contains("id=\"jobs-failed\"") && !page.contains("Limpieza"), "filtered to failed jobs");
        let (_, all) = get(&app, &cookie, "/admin/jobs").await;
        assert!(all.contains("Limpieza"), "the done housekeeping job is listed under all");
        let reply = post(&app, &cookie, &format!("/admin/jobs/{id}/retry"), &[("_csrf", &csrf(&page))]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let j = st::get(&app.service.db, id).await.expect("get").expect("row");
        assert_eq!((j.state.as_str(), j.attempts), ("queued", 0));
        // Agents do not see the screen.
        app.staff("agent@provider.test", "agent").await;
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        assert_eq!(get(&app, &agent, "/admin/jobs").await.0, StatusCode::FORBIDDEN);
    }

    async fn a_node_whose_lease_expired_writes_nothing(app) {
        let id = app.service.enqueue_job(JobKind::Housekeeping, "{}").await.expect("enqueue");
        let now = service::us(app.clock.now());
        // Node A claims it for one minute and stalls.
        let claimed = st::claim(&app.service.db, "node-a", now, now + 60_000_000, 10).await.expect("claim");
        assert_eq!(claimed.len(), 1);
        let cfg_b = runner("node-b");
        assert_eq!(app.service.run_due_jobs(&cfg_b).await.expect("round").claimed(), 0, "held by a");
        app.clock.advance(SignedDuration::from_secs(61));
        assert_eq!(app.service.run_due_jobs(&cfg_b).await.expect("round").done, vec![id], "taken over by b");
        let late = service::us(app.clock.now());
        assert!(!st::complete(&app.service.db, &claimed[0], "node-a", late).await.expect("complete"), "a's completion is fenced off");
        assert!(!st::fail(&app.service.db, &claimed[0], "node-a", "late", None, late).await.expect("fail"));
        let j = st::get(&app.service.db, id).await.expect("get").expect("row");
        assert_eq!((j.state.as_str(), j.attempts, j.lease_owner.as_deref()), ("done", 2, Some("node-b")));
    }

    async fn a_delivery_whose_every_lease_expired_is_failed_not_left_queued(app) {
        // A client's ticket queues its "received" e-mail; a webhook endpoint queues a delivery.
        let (s, hook) = app.post("/api/v1/webhooks", &app.admin,
            json!({"url": "http://127.0.0.1:9/hook", "events": ["ticket.created"], "active": true})).await;
        assert_eq!(s, StatusCode::CREATED, "{hook}");
        let hook_id = hook["webhook"]["id"].as_i64().expect("id");
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, t) = app.post("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "high", "subject": "El campus no carga", "body": "Error 500"})).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        // Every attempt dies mid-run: a node claims both jobs, stalls past its lease, again
        // and again, as many times as each kind is attempted (8).
        for _ in 0..8 {
            let now = service::us(app.clock.now());
            let claimed = st::claim(&app.service.db, "dying-node", now, now + 60_000_000, 10).await.expect("claim");
            assert_eq!(claimed.len(), 2, "{claimed:?}");
            app.clock.advance(SignedDuration::from_secs(61));
        }
        let r = app.service.run_due_jobs(&runner("node-b")).await.expect("round");
        assert_eq!((r.failed.len(), r.done.len()), (2, 0), "{r:?}");
        // Neither is left "queued"/"pending": both say they were given up, and why.
        let (_, mails) = app.get("/api/v1/outbox", &app.admin).await;
        let m = &mails.as_array().expect("list")[0];
        assert_eq!(m["state"], "failed", "{m}");
        assert!(m["last_error"].as_str().unwrap_or("").contains("gave up"), "{m}");
        let (_, log) = app.get(&format!("/api/v1/webhooks/{hook_id}/deliveries"), &app.admin).await;
        let d = &log.as_array().expect("list")[0];
        assert_eq!(d["state"], "failed", "{d}");
        assert!(d["last_error"].as_str().unwrap_or("").contains("gave up"), "{d}");
        // The jobs themselves are failed (an admin may retry them), not run again.
        assert_eq!(app.service.run_due_jobs(&runner("node-b")).await.expect("round").claimed(), 0);
    }

    async fn a_periodic_tick_is_scheduled_once_whatever_the_nodes(app) {
        let periodic = [Periodic { kind: JobKind::SlaWatch, every: SignedDuration::from_secs(15) }];
        let other = second_node(&app).await;
        let (a, b) = tokio::join!(app.service.schedule_periodic(&periodic), other.schedule_periodic(&periodic));
        assert_eq!(a.expect("a") + b.expect("b"), 1, "one row for the tick");
        assert_eq!(app.service.schedule_periodic(&periodic).await.expect("again"), 0);
        app.clock.advance(SignedDuration::from_secs(15));
        assert_eq!(other.schedule_periodic(&periodic).await.expect("next tick"), 1);
        let r = app.service.run_due_jobs(&runner("node-a")).await.expect("round");
        assert_eq!(r.done.len(), 2, "both ticks ran: {r:?}");
    }
}

/// Two real `atiende serve` processes on one PostgreSQL database, each scheduling the SLA
/// watch every second and draining one-off jobs queued while both run: every tick exists
/// once and every job ran once (one attempt, one node).
#[tokio::test]
async fn two_servers_on_one_postgresql_database_run_each_job_once() {
    use crate::{
        cli::{atiende, serve},
        harness::{Backend, TestDb},
    };
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let data = tempfile::tempdir().expect("data dir");
    let node = || {
        let mut c = atiende(data.path());
        c.env("DATABASE_URL", &db.url)
            .env("ATIENDE_SLA_WATCH_SECONDS", "1");
        c
    };
    let (_a, base_a) = serve(node()).await;
    let (_b, _) = serve(node()).await;
    let store = store::Db::open(&store::DbUrl::parse(&db.url).expect("url"), 2)
        .await
        .expect("pool");
    let svc = Service::new(store, std::sync::Arc::new(service::SystemClock));
    let mut queued = BTreeSet::new();
    for _ in 0..300 {
        queued.insert(
            svc.enqueue_job(JobKind::Housekeeping, "{}")
                .await
                .expect("enqueue"),
        );
    }
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let jobs = st::list(&svc.db, None, 10_000).await.expect("jobs");
    let ticks: Vec<_> = jobs.iter().filter(|j| j.kind == "sla_watch").collect();
    assert!(ticks.len() >= 3, "a tick a second for 5 s: {}", ticks.len());
    let mut owners = BTreeSet::new();
    for j in &jobs {
        if j.state == "queued" || (j.state == "running" && j.kind == "sla_watch") {
            continue; // this second's tick, not claimed yet
        }
        assert_eq!(
            (j.state.as_str(), j.attempts),
            ("done", 1),
            "job {} ({}) ran once",
            j.id,
            j.kind
        );
        owners.insert(j.lease_owner.clone().expect("owner"));
    }
    for id in &queued {
        let j = jobs
            .iter()
            .find(|j| j.id == *id)
            .expect("queued job listed");
        assert_eq!(j.state, "done", "job {id} ran within 5 s");
    }
    eprintln!("jobs ran by {} node(s): {owners:?}", owners.len());
    // Operations see the runner at /metrics: jobs per state and runs per kind and result.
    let metrics = reqwest::get(format!("{base_a}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    assert!(
        metrics.contains("atiende_jobs{state=\"done\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("atiende_jobs_run_total{kind=\"sla_watch\",result=\"done\"}")
            || metrics.contains("atiende_jobs_run_total{kind=\"housekeeping\",result=\"done\"}"),
        "{metrics}"
    );
}
