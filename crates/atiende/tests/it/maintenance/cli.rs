//! `atiende maintenance record` as a backup script uses it, beside the running server, on
//! both engines: sizes with units, the campus by id or URL, and clear refusals with their own
//! exit statuses (2 invalid input, 3 no such campus, 4 not covered by the contract).

use std::{process::Output, time::Duration};

use reqwest::StatusCode;

use super::{campus, records};
use crate::{both_backends, cli::text, harness::TestApp};

/// The binary against the app's database.
async fn cli(app: &TestApp, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = crate::cli::atiende(dir.path());
    cmd.env("DATABASE_URL", app.db_url())
        .args(["maintenance"])
        .args(args);
    tokio::task::spawn_blocking(move || {
        let out = crate::cli::run(cmd, Duration::from_secs(60));
        drop(dir);
        out
    })
    .await
    .expect("join")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

both_backends! {
    async fn a_backup_script_records_through_the_cli(app) {
        let (client_id, campus_id, _) = app.client_with_admin("Norte").await;
        let remote = campus(&app, client_id, "aulas.norte.example", false, "2026-01-15").await;
        app.staff("agente@atiende.test", "agent").await;
        let id = campus_id.to_string();

        let out = cli(&app, &["record", "--campus", &id, "backup", "--status", "ok", "--size", "1.2GB",
                              "--duration", "340", "--location", "s3://copias/norte/2026-11-02.tar.zst"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("recorded backup #"), "{}", text(&out.stdout));
        let b = &records(&app, &app.admin, campus_id, "?kind=backup").await[0];
        assert_eq!(b["size_bytes"], 1_200_000_000_i64);
        assert_eq!(b["duration_seconds"], 340);
        assert_eq!(b["location"], "s3://copias/norte/2026-11-02.tar.zst");
        assert_eq!((b["source"].as_str(), b["recorded_by_name"].as_str()), (Some("cli"), Some("Atiende (sistema)")));

        // By URL (any case, trailing slash) or host, as someone, as JSON.
        let out = cli(&app, &["record", "--campus", "HTTPS://norte.campus.invalid/", "--by", "agente@atiende.test",
                              "--json", "backup", "--status", "failed", "--size", "512MiB"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("json");
        assert_eq!((v["status"].as_str(), v["size_bytes"].as_i64()), (Some("failed"), Some(512 * 1024 * 1024)));
        assert_eq!(v["recorded_by_name"], "agente@atiende.test");
        let out = cli(&app, &["record", "--campus", "norte.campus.invalid", "os-update", "--package", "linux-image-amd64",
                              "--from", "6.1.0-25", "--to", "6.1.0-26"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "platform-upgrade", "--to", "5.0"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        let (_, c) = app.get(&format!("/api/v1/campuses/{campus_id}"), &app.admin).await;
        assert_eq!(c["platform_version"], "5.0");
        let out = cli(&app, &["record", "--campus", &id, "window", "--start", "2026-11-03T02:00:00Z",
                              "--end", "2026-11-03T03:00:00Z", "--description", "Cambio de disco"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        let out = cli(&app, &["list", "--campus", &id, "--kind", "backup"]).await;
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout).lines().count(), 2);
        let before = records(&app, &app.admin, campus_id, "").await.len();
        assert_eq!(before, 5);

        // Refusals: each says what is wrong, with its own status, and writes nothing.
        let out = cli(&app, &["record", "--campus", &remote.to_string(), "backup", "--status", "ok"]).await;
        assert_eq!(code(&out), Some(4), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("the contract covers backups only for campuses on our servers"), "{}", text(&out.stderr));
        assert!(records(&app, &app.admin, remote, "").await.is_empty());
        let out = cli(&app, &["record", "--campus", "999", "backup", "--status", "ok"]).await;
        assert_eq!(code(&out), Some(3), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("no campus \"999\""), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", "https://nowhere.example", "backup", "--status", "ok"]).await;
        assert_eq!(code(&out), Some(3), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "backup", "--status", "ok", "--size", "12 parsecs"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("--size"), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "backup", "--status", "maybe"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("ok") && text(&out.stderr).contains("failed"), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "backup", "--status", "ok", "--duration", "-3"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("--duration: must not be negative"), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "security-patch", "--package", "openssl", "--from", "3.0.13", "--to", "3.0.13"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("--to"), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "--at", "ayer", "backup", "--status", "ok"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("--at"), "{}", text(&out.stderr));
        let out = cli(&app, &["record", "--campus", &id, "--by", "nadie@atiende.test", "backup", "--status", "ok"]).await;
        assert_eq!(code(&out), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("--by"), "{}", text(&out.stderr));
        assert_eq!(records(&app, &app.admin, campus_id, "").await.len(), before, "nothing written by refusals");
        let (s, _) = app.get("/healthz", &app.admin).await;
        assert_eq!(s, StatusCode::OK, "the server kept serving beside the CLI");
    }
}
