//! The pages: the console's time block (log, refuse naming the field, the overage mark), the
//! portal's "Horas de administración" (home, ticket, month page and its CSV, never an internal
//! entry), the admin's add-ons and the staff report, in both languages.

use reqwest::StatusCode;
use serde_json::json;

use super::{bank, client_with_plan, logged, ticket};
use crate::{both_backends, web_client as web};

both_backends! {
    async fn console_logs_time_refuses_bad_input_and_marks_overage(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Crear 40 cursos", Some("admin_hours")).await;
        let cookie = web::sign_in(&app, "ana@atiende.test", "agent-password-1").await;
        let path = format!("/console/tickets/{t}");
        let (s, html) = web::get(&app, &cookie, &path).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"time-form\""), "the time block is on the ticket");
        assert!(html.contains("name=\"work_date\" type=\"date\" value=\"2026-11-02\""), "today in the client's zone by default");
        assert!(html.contains("id=\"time-bank\""), "an admin_hours ticket shows the bank");
        assert!(html.contains("id=\"time-billable\" name=\"billable\" value=\"on\" checked"), "billable by default outside included");
        let csrf = web::csrf(&html);

        let r = web::post(&app, &cookie, &format!("{path}/time"), &[("_csrf", &csrf), ("minutes", "una hora"), ("work_date", "2026-11-02")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"time-errors\"") && r.body.contains("Duración"), "the refusal names the field");
        assert!(r.body.contains("value=\"una hora\""), "what was typed stays");
        let r = web::post(&app, &cookie, &format!("{path}/time"), &[("_csrf", &csrf), ("minutes", "30"), ("work_date", "2026-11-03")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Fecha del trabajo"), "{}", r.body);
        let (_, tt) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &app.admin).await;
        assert_eq!(tt["totals"]["entries"], 0, "nothing was written");

        let r = web::post(&app, &cookie, &format!("{path}/time"), &[("_csrf", &csrf), ("minutes", "1:30"),
            ("work_date", "2026-11-02"), ("note", "Alta de los cursos"), ("billable", "on")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location.as_deref(), Some(format!("{path}#time").as_str()));
        let (_, html) = web::get(&app, &cookie, &path).await;
        assert!(html.contains("1 h 30 min"), "the entry is listed");
        assert!(html.contains("id=\"time-bank-over\""), "the bank is past its balance");
        assert!(html.contains("class=\"badge sla-breached overage\""), "the entry carries the overage mark");
        assert!(html.contains("id=\"time-exhausted\""), "the form says what comes next is overage");
        assert!(html.contains("Tiempo registrado"), "the history has the event");
        assert_eq!(bank(&app, &client, cid, "2026-11").await["overage_minutes"], 30);

        // Edit and remove through the entry's own forms.
        let (_, tt) = app.get(&format!("/api/v1/tickets/{t}/time-entries"), &app.admin).await;
        let id = tt["entries"][0]["id"].as_i64().unwrap();
        let r = web::post(&app, &cookie, &format!("/console/time-entries/{id}"), &[("_csrf", &csrf), ("minutes", "45"),
            ("work_date", "2026-11-02"), ("note", "Alta de los cursos"), ("visible_to_client", "on")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, e) = app.get(&format!("/api/v1/time-entries/{id}"), &app.admin).await;
        assert_eq!((e["minutes"].as_i64(), e["billable"].as_bool(), e["visible_to_client"].as_bool()), (Some(45), Some(false), Some(true)));
        let r = web::post(&app, &cookie, &format!("/console/time-entries/{id}/delete"), &[("_csrf", &csrf)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (s, _) = app.get(&format!("/api/v1/time-entries/{id}"), &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn portal_shows_the_bank_and_only_visible_time(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Matricular alumnos", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 40, "visible_to_client": true, "note": "Matriculación"})).await;
        logged(&app, &agent, t, json!({"minutes": 10, "note": "costo interno secreto"})).await;
        let cookie = web::sign_in(&app, "admin@norte.test", "client-password-1").await;

        let (s, home) = web::get(&app, &cookie, "/portal").await;
        assert_eq!(s, StatusCode::OK);
        assert!(home.contains("id=\"admin-hours\"") && home.contains("Horas de administración"), "the home page block");
        assert!(home.contains("id=\"admin-hours-warning\""), "50 of 60 minutes is past 80 %");
        assert!(home.contains("id=\"admin-hours-left\">10 min<"), "{home}");

        let (s, page) = web::get(&app, &cookie, &format!("/portal/tickets/{t}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("id=\"admin-hours\""), "an admin_hours ticket shows the bank");
        assert!(page.contains("Matriculación"));
        assert!(!page.contains("costo interno"), "an internal entry never reaches the client");

        let (s, month) = web::get(&app, &cookie, "/portal/hours?month=2026-11").await;
        assert_eq!(s, StatusCode::OK);
        assert!(month.contains("noviembre de 2026") && month.contains("Matriculación") && !month.contains("costo interno"));
        let res = web::browser().get(format!("{}/portal/hours.csv?month=2026-11", app.base))
            .header("cookie", &cookie).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        assert!(csv.contains("Matriculación") && !csv.contains("costo interno"), "{csv}");

        // Another client's admin sees no trace of it.
        app.client_with_admin("Sur").await;
        let other = web::sign_in(&app, "admin@sur.test", "client-password-1").await;
        let (s, _) = web::get(&app, &other, &format!("/portal/tickets/{t}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (_, theirs) = web::get(&app, &other, "/portal/hours").await;
        assert!(!theirs.contains("Matriculación"));
        let (_, other_home) = web::get(&app, &other, "/portal").await;
        assert!(!other_home.contains("id=\"admin-hours\""), "no hours, no block");
        let _ = cid;
    }

    async fn admins_record_add_ons_and_staff_read_the_report(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Cursos", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 90})).await;
        let root = web::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let path = format!("/admin/clients/{cid}/hours");
        let (s, html) = web::get(&app, &root, &format!("{path}?month=2026-11")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"admin-hours-overage\""), "30 minutes past the plan");
        let csrf = web::csrf(&html);
        let r = web::post(&app, &root, &path, &[("_csrf", &csrf), ("month", "2026-11"), ("hours", "cero")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = web::post(&app, &root, &path, &[("_csrf", &csrf), ("month", "2026-13"), ("hours", "1")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Mes"), "the refusal names the month");
        assert_eq!(bank(&app, &app.admin, cid, "2026-11").await["addon_minutes"], 0);
        let r = web::post(&app, &root, &path, &[("_csrf", &csrf), ("month", "2026-11"), ("hours", "0,5"), ("note", "Paquete")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let b = bank(&app, &app.admin, cid, "2026-11").await;
        assert_eq!((b["addon_minutes"].as_i64(), b["overage_minutes"].as_i64()), (Some(30), Some(0)));
        let (_, html) = web::get(&app, &root, &format!("{path}?month=2026-11")).await;
        assert!(html.contains("Paquete") && html.contains("Root"), "who recorded it is shown");
        let addon = b["addons"][0]["id"].as_i64().unwrap();
        let r = web::post(&app, &root, &format!("/admin/hours-addons/{addon}/delete"), &[("_csrf", &csrf)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(bank(&app, &app.admin, cid, "2026-11").await["addon_minutes"], 0);

        // The staff report and its CSV; agents read it, client admins do not.
        let ana = web::sign_in(&app, "ana@atiende.test", "agent-password-1").await;
        let (s, report) = web::get(&app, &ana, "/console/hours?month=2026-11").await;
        assert_eq!(s, StatusCode::OK);
        assert!(report.contains(&format!("data-client=\"{cid}\"")) && report.contains("30 min"), "{report}");
        let res = web::browser().get(format!("{}/console/hours.csv?month=2026-11&client_id={cid}", app.base))
            .header("cookie", &ana).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().starts_with("\u{feff}entry_id,"));
        let norte = web::sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, _) = web::get(&app, &norte, "/console/hours").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = web::get(&app, &ana, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "add-ons are the admins'");
    }

    async fn pages_speak_english_too(app) {
        let (cid, _, client) = client_with_plan(&app, "Norte", 1, "2026-01-01").await;
        let (_, agent) = app.staff("ana@atiende.test", "agent").await;
        let t = ticket(&app, &client, "Cursos", Some("admin_hours")).await;
        logged(&app, &agent, t, json!({"minutes": 55, "visible_to_client": true})).await;
        app.ok("/api/v1/users", &app.admin, json!({"email": "en@norte.test", "name": "English admin", "role": "client_admin",
            "client_id": cid, "locale": "en", "password": "client-password-1"})).await;
        let cookie = web::sign_in(&app, "en@norte.test", "client-password-1").await;
        let (_, home) = web::get(&app, &cookie, "/portal").await;
        assert!(home.contains("Administration hours") && home.contains("You have used 91 %"), "{home}");
        let (_, month) = web::get(&app, &cookie, "/portal/hours?month=2026-11").await;
        assert!(month.contains("November 2026"));
    }
}
