//! The report's outputs against the figures: `atiende report` (PDF whose text carries the
//! same compliance figure as the JSON, CSV, JSON; bad input exits 2 with the API's words), the
//! portal and console pages with their PDF and CSV, and the e-mail of each client's report
//! on the first working day of the month, once, with the PDF attached.

use std::{path::Path, process::Output, time::Duration};

use reqwest::StatusCode;
use serde_json::Value;

use super::fixture::{build, monthly, set};
use crate::{both_backends, cli::text, harness::TestApp, web_client as web};

async fn report_cli(app: &TestApp, dir: &Path, args: Vec<String>) -> Output {
    let mut cmd = crate::cli::atiende(dir);
    cmd.env("DATABASE_URL", app.db_url())
        .arg("report")
        .args(args);
    tokio::task::spawn_blocking(move || crate::cli::run(cmd, Duration::from_secs(120)))
        .await
        .expect("join")
}

/// `pdftotext` of a PDF, or `None` (said) where poppler is missing outside CI.
pub(super) fn pdf_text(pdf: &Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        other => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "pdftotext failed under CI=true: {other:?}"
            );
            eprintln!("SKIPPED the PDF text check: pdftotext unavailable ({other:?})");
            None
        }
    }
}

/// `95.5` → `95,5 %` (how the Spanish report writes a share).
fn es_percent(v: &Value) -> String {
    format!("{:.1} %", v.as_f64().expect("percent")).replace('.', ",")
}

both_backends! {
    async fn the_cli_writes_the_same_figures_as_pdf_csv_and_json(app) {
        let fx = build(&app, false).await;
        let api = monthly(&app, &fx.sur_admin, fx.sur, "2026-11").await;
        let dir = tempfile::tempdir().expect("dir");
        let file = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let args = |format: &str, out: String| {
            ["--client", &fx.sur.to_string(), "--month", "2026-11", "--format", format, "-o", &out]
                .map(str::to_string).to_vec()
        };

        let out = report_cli(&app, dir.path(), args("json", file("r.json"))).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let mut json: Value = serde_json::from_slice(&std::fs::read(file("r.json")).expect("json file")).expect("json");
        let mut same = api.clone();
        // The CLI reads the real clock, the API the test's (2027-01-10): when they were read and
        // whether November's confirmation windows were still open then differ, nothing else.
        for v in [&mut json, &mut same] {
            v["generated_at"] = Value::Null;
            v["partial"] = Value::Null;
        }
        assert_eq!(json, same, "the CLI's JSON is the API's");

        let out = report_cli(&app, dir.path(), args("pdf", file("r.pdf"))).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let pdf = std::fs::read(file("r.pdf")).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"), "a PDF");
        if let Some(t) = pdf_text(Path::new(&file("r.pdf"))) {
            let total = es_percent(&api["compliance"]["total"]["percent"]);
            assert!(t.contains(&total), "the PDF shows the total compliance {total}:\n{t}");
            assert!(t.contains("noviembre de 2026"), "{t}");
        }

        let out = report_cli(&app, dir.path(), args("csv", file("r.csv"))).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let csv = std::fs::read_to_string(file("r.csv")).expect("csv");
        let breached = csv.lines().filter(|l| l.contains(",breached,")).count() as i64;
        assert_eq!(breached, api["compliance"]["total"]["breached"].as_i64().unwrap(), "{csv}");

        let out = report_cli(&app, dir.path(), args("html", "-".into())).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("<!DOCTYPE html>"));

        // Every client into a directory.
        let all = vec!["--all-clients".into(), "--month".into(), "2026-11".into(), "--format".into(), "json".into(),
                       "-o".into(), file("all")];
        let out = report_cli(&app, dir.path(), all).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        for c in [fx.sur, fx.norte] {
            assert!(dir.path().join("all").join(format!("client-{c}-2026-11.json")).exists());
        }

        // Bad input: exit 2 and the API's words, nothing written.
        for (bad, word) in [(vec!["--client".to_string(), fx.sur.to_string(), "--month".into(), "noviembre".into()], "month"),
                            (vec!["--client".to_string(), "999999".into(), "--month".into(), "2026-11".into()], "client")] {
            let mut a = bad.clone();
            a.extend(["-o".to_string(), file("bad.pdf")]);
            let out = report_cli(&app, dir.path(), a).await;
            assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out.stderr));
            assert!(text(&out.stderr).contains(word), "{bad:?}: {}", text(&out.stderr));
            assert!(!dir.path().join("bad.pdf").exists());
        }
    }

    async fn the_portal_and_console_pages_show_the_report_and_its_files(app) {
        let fx = build(&app, false).await;
        let api = monthly(&app, &fx.sur_admin, fx.sur, "2026-11").await;
        app.ok("/api/v1/users", &app.admin, serde_json::json!({"email": "sur2@sur.test", "name": "Otra admin Sur",
            "role": "client_admin", "client_id": fx.sur, "password": "client-password-1"})).await;
        let client = web::sign_in(&app, "sur2@sur.test", "client-password-1").await;
        let (s, page) = web::get(&app, &client, "/portal/reports?month=2026-11").await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains(r#"<article class="report""#), "the report's body");
        assert!(page.contains(&es_percent(&api["compliance"]["total"]["percent"])), "the same total");
        assert!(page.contains("/static/report.css"));
        // Only its own client: a client_id in the address is ignored.
        let (_, other) = web::get(&app, &client, &format!("/portal/reports?client_id={}&month=2026-11", fx.norte)).await;
        assert!(!other.contains("Norte"), "another client's name never shows");
        let (s, _) = web::get(&app, &client, "/console/reports").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let res = web::browser().get(format!("{}/portal/reports.pdf?month=2026-11", app.base))
            .header(reqwest::header::COOKIE, &client).send().await.expect("pdf");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(res.bytes().await.expect("bytes").starts_with(b"%PDF-"));
        let (s, csv) = web::get(&app, &client, "/portal/reports.csv?month=2026-11").await;
        assert_eq!(s, StatusCode::OK);
        assert!(csv.lines().count() > 1, "{csv}");

        let agent = web::sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, page) = web::get(&app, &agent, &format!("/console/reports?client_id={}&month=2026-11", fx.norte)).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains(r#"<article class="report""#) && page.contains("Norte"));
        let (s, _) = web::get(&app, &agent, "/console/reports?client_id=999999&month=2026-11").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = web::get(&app, &agent, &format!("/console/reports?client_id={}&month=2031-01", fx.sur)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a month not begun");
    }

    async fn each_clients_report_is_mailed_once_on_the_first_working_day(app) {
        let fx = build(&app, false).await;
        // Monday 1 February 2027, 10:30 UTC: 11:30 in Madrid (Norte's January is due), 07:30
        // in Buenos Aires (Sur's not yet: from 08:00).
        set(&app, "2027-02-01T10:30:00Z");
        let run = app.service.monthly_report_step().await.expect("step");
        assert_eq!(run.sent, vec![(fx.norte, "2027-01".to_string())]);
        set(&app, "2027-02-01T11:00:00Z");
        let run = app.service.monthly_report_step().await.expect("step");
        assert_eq!(run.sent, vec![(fx.sur, "2027-01".to_string())]);
        set(&app, "2027-02-03T11:00:00Z");
        assert!(app.service.monthly_report_step().await.expect("step").sent.is_empty(), "once");

        let (_, outbox) = app.get("/api/v1/outbox?limit=500", &app.admin).await;
        let reports: Vec<&Value> = outbox.as_array().unwrap().iter()
            .filter(|m| m["subject"].as_str().is_some_and(|s| s.starts_with("Informe de servicio"))).collect();
        let to: Vec<&str> = reports.iter().filter_map(|m| m["to"].as_str()).collect();
        assert!(to.contains(&"admin@norte.test") && to.contains(&"admin@sur.test"), "{to:?}");
        assert_eq!(to.len(), 2, "one each: {to:?}");
        let norte = reports.iter().find(|m| m["to"] == "admin@norte.test").unwrap();
        assert!(norte["subject"].as_str().unwrap().contains("enero de 2027"), "{norte}");
        let (_, full) = app.get(&format!("/api/v1/outbox/{}", norte["id"]), &app.admin).await;
        let files = full["attachments"].as_array().expect("attachments");
        assert_eq!(files.len(), 1, "{full}");
        assert_eq!(files[0]["filename"], "informe-2027-01.pdf");
        assert!(files[0]["size_bytes"].as_i64().unwrap() > 10_000, "{full}");

        // A client admin who turned it off gets none; March's goes to nobody else then.
        let (s, v) = app.call(reqwest::Method::PUT, "/api/v1/me/notification-preferences", &fx.norte_admin,
            Some(serde_json::json!([{"kind": "monthly_report", "email": false}]))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        set(&app, "2027-03-01T12:00:00Z");
        let run = app.service.monthly_report_step().await.expect("step");
        assert_eq!(run.sent.len(), 2, "{run:?}");
        let (_, outbox) = app.get("/api/v1/outbox?limit=500", &app.admin).await;
        let march: Vec<&str> = outbox.as_array().unwrap().iter()
            .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains("febrero de 2027")))
            .filter_map(|m| m["to"].as_str()).collect();
        assert_eq!(march, vec!["admin@sur.test"]);
    }
}
