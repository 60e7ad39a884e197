//! The Moodle site check against a local server speaking the documented call: the release and
//! version are kept, a new major version records the upgrade, Moodle's error answer is the
//! job's error, and the token is write-only and never in an answer or an error.

use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::json;
use service::jobs::{JobKind, RunnerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::records;
use crate::both_backends;

const TOKEN: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// A Moodle stand-in on 127.0.0.1:0: answers every request with `body` and keeps each
/// request's first line.
struct FakeMoodle {
    url: String,
    body: Arc<Mutex<String>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FakeMoodle {
    async fn start(body: &str) -> FakeMoodle {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/moodle", listener.local_addr().unwrap());
        let body = Arc::new(Mutex::new(body.to_string()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (b, s) = (body.clone(), seen.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut conn, _)) = listener.accept().await else {
                    return;
                };
                let (b, s) = (b.clone(), s.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                        match conn.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&head);
                    s.lock()
                        .unwrap()
                        .push(text.lines().next().unwrap_or("").to_string());
                    let body = b.lock().unwrap().clone();
                    let res = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = conn.write_all(res.as_bytes()).await;
                    let _ = conn.shutdown().await;
                });
            }
        });
        FakeMoodle { url, body, seen }
    }

    fn answer(&self, body: &str) {
        *self.body.lock().unwrap() = body.to_string();
    }
}

fn site(release: &str, version: &str) -> String {
    json!({"sitename": "Campus Norte", "username": "atiende", "release": release, "version": version,
           "functions": [{"name": "core_webservice_get_site_info", "version": "2024100700"}]}).to_string()
}

both_backends! {
    async fn the_daily_check_reads_the_release_and_notices_an_upgrade(app) {
        let moodle = FakeMoodle::start(&site("4.5.1 (Build: 20250609)", "2024100701.00")).await;
        let (client_id, _, client) = app.client_with_admin("Norte").await;
        let c = app.ok("/api/v1/campuses", &app.admin, json!({"client_id": client_id, "url": moodle.url, "platform": "Moodle",
            "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"})).await;
        let campus_id = c["id"].as_i64().unwrap();
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        let path = format!("/api/v1/campuses/{campus_id}/moodle");

        // The token: admins save it, nobody reads it back, the database holds ciphertext.
        let (s, _) = app.call(Method::PUT, &path, &agent, Some(json!({"token": TOKEN}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = app.call(Method::PUT, &path, &app.admin, Some(json!({"token": TOKEN}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["token_set"], true);
        assert!(!v.to_string().contains(TOKEN));
        let stored = store::maintenance::get_moodle(&app.service.db, campus_id).await.unwrap().unwrap();
        let enc = stored.token_enc.unwrap();
        assert!(enc.starts_with("v1.") && !enc.contains(TOKEN), "{enc}");
        let (s, _) = app.get(&path, &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "staff only");

        let r = app.service.moodle_check_step().await.expect("check");
        assert_eq!((r.checked, r.errors.len(), r.upgrades.len()), (1, 0, 0), "{r:?}");
        let (_, v) = app.get(&path, &agent).await;
        assert_eq!(v["release"], "4.5.1 (Build: 20250609)");
        assert_eq!(v["version"], "2024100701.00");
        assert!(v["checked_at"].is_string() && v["error"].is_null(), "{v}");
        let line = moodle.seen.lock().unwrap()[0].clone();
        assert!(line.starts_with("GET /moodle/webservice/rest/server.php?"), "{line}");
        for part in [format!("wstoken={TOKEN}"), "wsfunction=core_webservice_get_site_info".into(), "moodlewsrestformat=json".into()] {
            assert!(line.contains(&part), "{line}");
        }
        assert!(records(&app, &agent, campus_id, "?kind=platform_upgrade").await.is_empty(), "4.5.1 is still 4.5");

        // A new major version: the upgrade is recorded once, and the campus's version follows.
        moodle.answer(&site("5.0.1 (Build: 20250801)", "2025041401.00"));
        let r = app.service.moodle_check_step().await.expect("check");
        assert_eq!(r.upgrades.len(), 1, "{r:?}");
        let ups = records(&app, &agent, campus_id, "?kind=platform_upgrade").await;
        assert_eq!(ups.len(), 1);
        assert_eq!((ups[0]["from_version"].as_str(), ups[0]["to_version"].as_str(), ups[0]["source"].as_str()),
                   (Some("4.5"), Some("5.0"), Some("moodle")));
        let (_, c) = app.get(&format!("/api/v1/campuses/{campus_id}"), &app.admin).await;
        assert_eq!(c["platform_version"], "5.0");
        let r = app.service.moodle_check_step().await.expect("check");
        assert!(r.upgrades.is_empty());
        assert_eq!(records(&app, &agent, campus_id, "?kind=platform_upgrade").await.len(), 1);

        // Moodle's error answer is an error, not a version; the last good release stays.
        moodle.answer(r#"{"exception":"moodle_exception","errorcode":"invalidtoken","message":"Invalid token - token not found"}"#);
        let r = app.service.moodle_check_step().await.expect("check");
        assert_eq!(r.errors.len(), 1, "{r:?}");
        assert!(r.errors[0].contains("invalidtoken") && !r.errors[0].contains(TOKEN), "{r:?}");
        let (_, v) = app.get(&path, &agent).await;
        assert_eq!(v["release"], "5.0.1 (Build: 20250801)");
        assert!(v["error"].as_str().unwrap().contains("Invalid token"), "{v}");
        // …and the job's error, for the admins' job list.
        let job = app.service.enqueue_job(JobKind::MoodleInfo, "{}").await.expect("enqueue");
        let cfg = RunnerConfig { periodic: Vec::new(), ..RunnerConfig::standard(jiff::SignedDuration::from_secs(15), None) };
        let round = app.service.run_due_jobs(&cfg).await.expect("round");
        assert!(round.failed.contains(&job), "{round:?}");
        let j = store::jobs::get(&app.service.db, job).await.unwrap().unwrap();
        let err = j.last_error.unwrap_or_default();
        assert!(err.contains("invalidtoken") && !err.contains(TOKEN), "{err}");
        // "Check now" answers with what it found.
        let (s, v) = app.post(&format!("{path}/check"), &agent, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["error"].as_str().unwrap().contains("invalidtoken"));

        // Nothing listens there any more: a transport error, without the token either.
        let (s, _) = app.call(Method::PUT, &format!("/api/v1/campuses/{campus_id}"), &app.admin, Some(json!({"client_id": client_id,
            "url": "http://127.0.0.1:9/moodle", "platform": "Moodle", "platform_version": "5.0", "hosted_by_us": true,
            "service_start_date": "2026-01-15"}))).await;
        assert_eq!(s, StatusCode::OK);
        let r = app.service.moodle_check_step().await.expect("check");
        assert_eq!(r.errors.len(), 1);
        assert!(!r.errors[0].contains(TOKEN), "{r:?}");
        // Forgetting the token stops the checks.
        let (_, v) = app.call(Method::PUT, &path, &app.admin, Some(json!({"clear_token": true}))).await;
        assert_eq!(v["token_set"], false);
        assert_eq!(app.service.moodle_check_step().await.unwrap().checked, 0);
    }
}
