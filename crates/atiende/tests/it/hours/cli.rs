//! `atiende hours report` against the running server's database, on both engines: the month's
//! line per client, JSON, only overage, and a bad month refused with status 2.

use std::{process::Output, time::Duration};

use serde_json::json;

use super::{client_with_plan, logged, ticket};
use crate::{both_backends, cli::text, harness::TestApp};

async fn cli(app: &TestApp, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = crate::cli::atiende(dir.path());
    cmd.env("DATABASE_URL", app.db_url())
        .args(["hours"])
        .args(args);
    tokio::task::spawn_blocking(move || {
        let out = crate::cli::run(cmd, Duration::from_secs(60));
        drop(dir);
        out
    })
    .await
    .expect("join")
}

both_backends! {
    async fn the_report_prints_every_clients_month(app) {
        let (norte, _, client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        let (sur, _, _) = client_with_plan(&app, "Sur", 5, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Cursos", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 90})).await;

        let out = cli(&app, &["report", "--month", "2026-11"]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let table = text(&out.stdout);
        let line = table.lines().find(|l| l.contains("Norte")).expect("Norte's line");
        assert!(line.contains("1 h 30 min") && line.contains("30 min") && line.trim_end().ends_with("150"), "{table}");
        assert!(table.lines().any(|l| l.contains("Sur") && l.contains("5 h")), "{table}");

        let out = cli(&app, &["report", "--month", "2026-11", "--overage-only", "--json"]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("json");
        let lines = v.as_array().expect("array");
        assert_eq!(lines.len(), 1, "{v}");
        assert_eq!((lines[0]["client_id"].as_i64(), lines[0]["overage_minutes"].as_i64()), (Some(norte), Some(30)));
        assert!(!v.to_string().contains(&format!("\"client_id\":{sur}")));

        let out = cli(&app, &["report", "--month", "noviembre"]).await;
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
        assert!(text(&out.stderr).contains("month"), "{}", text(&out.stderr));
    }
}
