//! Lists, totals per client and month, and the CSV export: RFC 4180 quoting, formula cells
//! neutralised, UTF-8, and a client admin's export holding only its visible entries.

use reqwest::StatusCode;
use serde_json::json;

use super::{client_with_plan, logged, ticket};
use crate::{both_backends, harness::TestApp};

/// GETs a CSV; returns status, content type, disposition and body.
async fn csv(app: &TestApp, token: &str, query: &str) -> (StatusCode, String, String, String) {
    let res = app
        .http
        .get(format!("{}/api/v1/time-entries.csv{query}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let header = |h: &str| {
        res.headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (status, ct, cd) = (
        res.status(),
        header("content-type"),
        header("content-disposition"),
    );
    (status, ct, cd, res.text().await.expect("body"))
}

both_backends! {
    async fn csv_quotes_neutralises_formulas_and_keeps_accents(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 10, "2026-01-01").await;
        let (other, _, _) = app.client_with_admin("Sur").await;
        let u = app.ok("/api/v1/users", &app.admin, json!({"email": "nandu@atiende.test", "name": "Ñandú Pérez",
            "role": "agent", "password": "agent-password-1"})).await;
        let (_, agent) = app.service.create_token(u["id"].as_i64().unwrap(), "t").await.expect("token");
        let t = ticket(&app, &client, "Matrícula, \"urgente\"", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 90, "visible_to_client": true,
            "note": "=HYPERLINK(\"http://x.invalid\",\"clic\")"})).await;
        logged(&app, &agent, t, json!({"minutes": 15, "visible_to_client": true, "note": "línea uno\nlínea dos, con coma"})).await;
        logged(&app, &agent, t, json!({"minutes": 20, "note": "-interno"})).await;
        logged(&app, &agent, t, json!({"minutes": 5, "note": "otro mes", "work_date": "2026-10-30"})).await;

        let (s, ct, cd, body) = csv(&app, &agent, &format!("?client_id={cid}&month=2026-11")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert_eq!(ct, "text/csv; charset=utf-8");
        assert_eq!(cd, format!("attachment; filename=\"time-entries-client-{cid}-2026-11.csv\""));
        let body = body.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark for spreadsheets");
        let lines: Vec<&str> = body.split("\r\n").collect();
        assert_eq!(lines[0], "entry_id,ticket,ticket_subject,client_id,client,work_date,month,agent,minutes,hours,billable,visible_to_client,consumes_bank,overage_minutes,note");
        assert_eq!(lines.len(), 5, "three November entries, a header and the final CRLF: {body}");
        assert_eq!(lines[4], "");
        let number = format!("T-{t:07}");
        assert!(lines[1].starts_with(&format!("{},{number},\"Matrícula, \"\"urgente\"\"\",{cid},Norte,2026-11-02,2026-11,Ñandú Pérez,90,1.50,yes,yes,yes,0,",
            lines[1].split(',').next().unwrap())), "{}", lines[1]);
        assert!(lines[1].ends_with(",\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"clic\"\")\""), "a formula is text: {}", lines[1]);
        assert!(body.contains(",\"línea uno\nlínea dos, con coma\"\r\n"), "a line break stays inside its quotes: {body}");
        assert!(lines[3].ends_with(",'-interno"), "{}", lines[3]);
        assert!(!body.contains("otro mes"), "October is not November");

        // The client admin's export: its own visible entries, whatever client it names.
        let (s, _, cd, mine) = csv(&app, &client, "?month=2026-11").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(cd, format!("attachment; filename=\"time-entries-client-{cid}-2026-11.csv\""));
        assert_eq!(mine.matches("\r\n").count(), 3, "a header and the two visible entries: {mine}");
        assert!(!mine.contains("interno"));
        let (s, _, _, v) = csv(&app, &client, &format!("?client_id={other}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        let (s, _, _, v) = csv(&app, &agent, "?month=noviembre").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v.contains("\"field\":\"month\""), "{v}");
    }

    async fn totals_per_client_and_month(app) {
        let (norte, _, norte_client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        let (sur, _, sur_client) = client_with_plan(&app, "Sur", 0, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let n = ticket(&app, &norte_client, "Cursos", Some("admin_hours")).await;
        let s_t = ticket(&app, &sur_client, "Plugin", None).await;
        logged(&app, &agent, n, json!({"minutes": 50, "visible_to_client": true})).await;
        logged(&app, &agent, n, json!({"minutes": 30, "billable": false})).await;
        logged(&app, &agent, n, json!({"minutes": 10, "work_date": "2026-10-01"})).await;
        logged(&app, &agent, s_t, json!({"minutes": 25, "billable": true})).await;

        let (s, v) = app.get("/api/v1/time-entries/totals", &agent).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let rows = v.as_array().unwrap();
        let find = |c: i64, m: &str| rows.iter().find(|r| r["client_id"] == c && r["month"] == m).cloned().unwrap_or_default();
        let nov = find(norte, "2026-11");
        assert_eq!((nov["minutes"].as_i64(), nov["billable_minutes"].as_i64(), nov["visible_minutes"].as_i64()), (Some(80), Some(50), Some(50)));
        assert_eq!((nov["bank_minutes"].as_i64(), nov["overage_minutes"].as_i64(), nov["entries"].as_i64()), (Some(80), Some(20), Some(2)));
        assert_eq!(nov["client_name"], "Norte");
        assert_eq!(find(norte, "2026-10")["minutes"], 10);
        assert_eq!(find(sur, "2026-11")["billable_minutes"], 25);
        let (_, only) = app.get(&format!("/api/v1/time-entries/totals?client_id={sur}&month=2026-11"), &agent).await;
        assert_eq!(only.as_array().unwrap().len(), 1);

        // A client admin's totals: its visible entries only.
        let (_, mine) = app.get("/api/v1/time-entries/totals", &norte_client).await;
        assert_eq!(mine, json!([{"client_id": norte, "client_name": "Norte", "month": "2026-11", "entries": 1, "minutes": 50,
            "billable_minutes": 50, "visible_minutes": 50, "bank_minutes": 50, "overage_minutes": 0}]));
        let (s, list) = app.get("/api/v1/time-entries?month=2026-11", &norte_client).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
        let (_, list) = app.get(&format!("/api/v1/time-entries?ticket_id={n}"), &agent).await;
        assert_eq!(list.as_array().unwrap().len(), 3);
    }
}
