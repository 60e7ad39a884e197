//! The missing-backup watch: 26 h without a good backup opens ONE high technical ticket, kept
//! from the client until an agent publishes it; a good backup clears the alert (and says so on
//! the ticket); a later gap opens a new one; a campus not on our servers never raises it; two
//! nodes watching at once open one ticket.

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{
    Service,
    jobs::{JobKind, RunnerConfig},
};

use super::{campus, record};
use crate::{both_backends, harness::TestApp};

const HOUR: i64 = 3600;

/// Every ticket a staff member sees about missing backups.
async fn backup_tickets(app: &TestApp) -> Vec<Value> {
    let (s, v) = app.get("/api/v1/tickets?limit=200", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| {
            t["subject"]
                .as_str()
                .unwrap_or("")
                .starts_with("Copia de seguridad faltante")
        })
        .cloned()
        .collect()
}

async fn watch(app: &TestApp) -> Vec<i64> {
    app.service
        .backup_watch_step()
        .await
        .expect("backup watch")
        .opened
}

both_backends! {
    async fn a_missing_backup_opens_one_staff_only_ticket_until_a_good_backup_arrives(app) {
        let (client_id, campus_id, client) = app.client_with_admin("Norte").await;
        let remote = campus(&app, client_id, "aulas.norte.example", false, "2026-01-15").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;

        // Added at t0, never backed up: the count starts when it was added (its service started
        // long before). One second short of 26 h: nothing.
        app.at(26 * HOUR - 1);
        assert!(watch(&app).await.is_empty());
        app.at(26 * HOUR);
        let opened = watch(&app).await;
        assert_eq!(opened.len(), 1, "one ticket, for the hosted campus only");
        let id = opened[0];

        let (s, t) = app.get(&format!("/api/v1/tickets/{id}"), &agent).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["subject"], "Copia de seguridad faltante: norte.campus.invalid");
        assert_eq!((t["priority"].as_str(), t["category"].as_str()), (Some("high"), Some("technical")));
        assert_eq!(t["campus_id"], campus_id);
        assert_eq!(t["staff_only"], true);
        assert_eq!(t["created_at"], "2026-11-03T12:00:00Z", "clocked from when it became overdue");
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &agent).await;
        let notes: Vec<&Value> = msgs.as_array().unwrap().iter().filter(|m| m["internal"] == true).collect();
        assert_eq!(notes.len(), 1, "{msgs}");
        assert!(notes[0]["body"].as_str().unwrap().contains("ATIENDE_BACKUP_MAX_AGE_HOURS"), "{msgs}");

        // The client does not see it: not listed, not readable, not answerable.
        let (_, list) = app.get("/api/v1/tickets?limit=200", &client).await;
        assert!(list["items"].as_array().unwrap().iter().all(|x| x["id"] != id), "{list}");
        for p in [format!("/api/v1/tickets/{id}"), format!("/api/v1/tickets/{id}/messages"), format!("/api/v1/tickets/{id}/events")] {
            let (s, _) = app.get(&p, &client).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
        }
        let (s, _) = app.post(&format!("/api/v1/tickets/{id}/messages"), &client, json!({"body": "hola"})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let cookie = crate::web_client::sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = crate::web_client::get(&app, &cookie, "/portal").await;
        assert!(!html.contains("Copia de seguridad faltante"), "{html}");
        let (s, _) = crate::web_client::get(&app, &cookie, &format!("/portal/tickets/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // More ticks, by hand and through the job runner: nothing new.
        for h in [27, 30] {
            app.at(h * HOUR);
            assert!(watch(&app).await.is_empty(), "{h} h");
        }
        let cfg = RunnerConfig::standard(SignedDuration::from_secs(15), None);
        assert!(cfg.periodic.iter().any(|p| p.kind == JobKind::BackupWatch && p.every == SignedDuration::from_mins(5)));
        assert!(cfg.periodic.iter().any(|p| p.kind == JobKind::MoodleInfo));
        app.service.schedule_periodic(&cfg.periodic).await.expect("schedule");
        let r = app.service.run_due_jobs(&cfg).await.expect("round");
        assert!(r.failed.is_empty(), "{r:?}");
        assert_eq!(backup_tickets(&app).await.len(), 1);

        // Only what Atiende opened can be kept from the client; a client cannot change it.
        let (_, theirs) = app.post("/api/v1/tickets", &client, json!({"category": "technical", "priority": "low", "subject": "Duda", "body": "x"})).await;
        let (s, v) = app.patch(&format!("/api/v1/tickets/{}", theirs["id"]), &agent, json!({"staff_only": true})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["field"], "staff_only");
        let (s, _) = app.patch(&format!("/api/v1/tickets/{id}"), &client, json!({"staff_only": false})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // An agent publishes it (the console's button): now it is the client's too.
        let console = crate::web_client::sign_in(&app, "agente@atiende.test", "agent-password-1").await;
        let (_, page) = crate::web_client::get(&app, &console, &format!("/console/tickets/{id}")).await;
        assert!(page.contains("id=\"publish\""), "{page}");
        let r = crate::web_client::post(&app, &console, &format!("/console/tickets/{id}/publish"),
            &[("_csrf", &crate::web_client::csrf(&page))]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (s, t) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["staff_only"], false);
        let (_, list) = app.get("/api/v1/tickets?limit=200", &client).await;
        assert!(list["items"].as_array().unwrap().iter().any(|x| x["id"] == id));
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &client).await;
        assert!(msgs.as_array().unwrap().iter().all(|m| m["internal"] == false), "notes stay internal: {msgs}");
        let (_, events) = app.get(&format!("/api/v1/tickets/{id}/events"), &agent).await;
        assert!(events.to_string().contains("visibility_changed"), "{events}");

        // A good backup clears the alert and says so on the ticket.
        app.at(31 * HOUR);
        let (s, b) = record(&app, &agent, campus_id, json!({"kind": "backup", "status": "ok", "size_bytes": 1_500_000_000_i64})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &agent).await;
        let last = msgs.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["internal"], true);
        assert!(last["body"].as_str().unwrap().contains("Copia de seguridad recibida"), "{last}");
        let (_, tl) = app.get(&format!("/api/v1/campuses/{campus_id}/maintenance/timeline"), &agent).await;
        assert!(tl["backups"]["alert_ticket_id"].is_null(), "{tl}");
        // A failed backup does not count.
        app.at(40 * HOUR);
        record(&app, &agent, campus_id, json!({"kind": "backup", "status": "failed", "note": "disco lleno"})).await;
        app.at(31 * HOUR + 26 * HOUR - 1);
        assert!(watch(&app).await.is_empty());
        // A later gap opens a new one.
        app.at(31 * HOUR + 26 * HOUR);
        let again = watch(&app).await;
        assert_eq!(again.len(), 1);
        assert_ne!(again[0], id);
        assert_eq!(backup_tickets(&app).await.len(), 2);
        // The campus not on our servers never raised anything.
        let (_, all) = app.get("/api/v1/tickets?limit=200", &app.admin).await;
        assert!(all["items"].as_array().unwrap().iter().all(|t| t["campus_id"] != remote), "{all}");
    }

    async fn two_nodes_watching_at_once_open_one_ticket(app) {
        for name in ["Norte", "Sur", "Este"] {
            app.client_with_admin(name).await;
        }
        app.at(27 * HOUR);
        let url = store::DbUrl::parse(app.db_url()).expect("url");
        let other = Service::new(store::Db::open(&url, 4).await.expect("pool"), app.clock.clone());
        let (a, b) = tokio::join!(
            tokio::spawn({ let s = app.service.clone(); async move { s.backup_watch_step().await } }),
            tokio::spawn(async move { other.backup_watch_step().await }),
        );
        let (a, b) = (a.unwrap().expect("node a"), b.unwrap().expect("node b"));
        assert_eq!(a.opened.len() + b.opened.len(), 3, "{a:?} {b:?}");
        assert_eq!(backup_tickets(&app).await.len(), 3, "one per campus");
        assert!(watch(&app).await.is_empty());
    }

    async fn the_missed_backup_and_each_record_go_to_subscribed_webhooks(app) {
        let (s, v) = app.post("/api/v1/webhooks", &app.admin, json!({"url": "http://127.0.0.1:9/hook",
            "description": "ERP", "events": ["backup.missed", "maintenance.recorded"], "active": true})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let hook = v["webhook"]["id"].as_i64().unwrap();
        let (_, campus_id, _) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        app.at(26 * HOUR);
        let opened = watch(&app).await;
        record(&app, &agent, campus_id, json!({"kind": "backup", "status": "ok", "size_bytes": 10})).await;
        let (_, log) = app.get(&format!("/api/v1/webhooks/{hook}/deliveries"), &app.admin).await;
        let log = log.as_array().unwrap().clone();
        let events: Vec<&str> = log.iter().map(|d| d["event"].as_str().unwrap()).collect();
        assert!(events.contains(&"backup.missed") && events.contains(&"maintenance.recorded"), "{events:?}");
        for d in &log {
            let (_, detail) = app.get(&format!("/api/v1/webhook-deliveries/{}", d["id"]), &app.admin).await;
            let body: Value = serde_json::from_str(detail["body"].as_str().unwrap()).unwrap();
            match body["event"].as_str().unwrap() {
                "backup.missed" => {
                    assert_eq!(body["data"]["campus"]["id"], campus_id);
                    assert_eq!(body["data"]["ticket"]["id"], opened[0]);
                    assert_eq!(body["data"]["max_age_hours"], 26);
                }
                _ => {
                    assert_eq!(body["data"]["record"]["kind"], "backup");
                    assert_eq!(body["data"]["record"]["size_bytes"], 10);
                }
            }
        }
    }
}

// The plan's own flags decide, not the seed's asterisk: a plan whose backups also cover
// campuses on the client's servers takes backup records there and watches them; a plan
// without backups refuses the record (`not_in_plan`) and is not watched.
both_backends! {
    async fn the_campus_plan_decides_which_backups_are_recorded_and_watched(app) {
        let (client_id, hosted, _) = app.client_with_admin("Norte").await;
        let remote = campus(&app, client_id, "aulas.norte.example", false, "2026-01-15").await;
        let backup = json!({"kind": "backup", "status": "ok"});
        let (s, v) = record(&app, &app.admin, remote, backup.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the seed's plan: not on our servers: {v}");
        assert_eq!(v["errors"][0]["code"], "not_hosted", "{v}");

        // A plan for this client whose backups are for every campus.
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Backups en todos", "policy_id": 1})).await;
        let pid = plan["id"].as_i64().unwrap();
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": client_id, "plan_id": pid, "start_date": "2026-01-01"})).await;
        let (s, v) = app.call(reqwest::Method::PUT, &format!("/api/v1/plans/{pid}/services"), &app.admin, Some(json!({"services": [
            {"service": "daily_backups", "included": true, "hosted_only": false}]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        app.at(26 * HOUR);
        let opened = watch(&app).await;
        assert_eq!(opened.len(), 2, "both campuses are watched now: {opened:?}");
        let (s, v) = record(&app, &app.admin, remote, backup.clone()).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");

        // The same plan without backups: refused on the hosted campus too, and nobody watched.
        let (s, v) = app.call(reqwest::Method::PUT, &format!("/api/v1/plans/{pid}/services"), &app.admin, Some(json!({"services": [
            {"service": "daily_backups", "included": false, "hosted_only": false}]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, v) = record(&app, &app.admin, hosted, backup).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["errors"][0]["code"], "not_in_plan", "{v}");
        assert_eq!(v["errors"][0]["field"], "kind", "{v}");
        app.at(60 * HOUR);
        assert_eq!(app.service.backup_watch_step().await.expect("watch").campuses, 0);
    }
}
