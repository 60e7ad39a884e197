//! The new-ticket form in a real browser: changing campus shows that campus's resolution
//! times at once, without leaving the page, so the typed description (and any chosen file)
//! stays (issue 16, bug 11). Then, on a phone-sized window, the ticket's status and due time
//! come before the reply form.

use serde_json::json;

use crate::e2e;

const H: i64 = 3600;

e2e! {
    async fn changing_campus_updates_the_times_and_keeps_what_was_typed(app, driver) {
        let (cid, campus, _) = app.client_with_admin("Norte").await;
        let second = app.ok("/api/v1/campuses", &app.admin, json!({"client_id": cid, "url": "https://posgrado.campus.invalid",
            "platform": "Moodle", "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"})).await;
        let day = json!([["09:00", "18:00"]]);
        let cal = app.ok("/api/v1/calendars", &app.admin, json!({"name": "Oficina", "spec": {"time_zone": "America/Argentina/Buenos_Aires",
            "weekly": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "holidays": []}})).await;
        let targets = json!({"low": {"target_seconds": 45 * H, "clock": "business"}, "medium": {"target_seconds": 18 * H, "clock": "business"},
            "high": {"target_seconds": 9 * H, "clock": "business"}, "urgent": {"target_seconds": 2 * H, "clock": "calendar"}});
        let policy = app.ok("/api/v1/policies", &app.admin, json!({"name": "Horario laboral", "calendar_id": cal["id"], "targets": targets})).await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Laboral", "policy_id": policy["id"]})).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "campus_id": campus, "plan_id": plan["id"], "start_date": "2026-01-01"})).await;

        let b = driver.browser(&app.base).await;
        b.sign_in("admin@norte.test", "client-password-1").await;
        b.goto("/portal/tickets/new").await;
        b.el("form#new-ticket").await;
        assert_eq!(b.text("label[for='priority-low'] .target").await, "45 horas hábiles");
        assert_eq!(b.text("#plan-name").await, "Laboral");
        assert!(b.text("#plan-hours").await.starts_with("lun a vie 09:00–18:00"));
        b.fill("#subject", "Las notas no se guardan").await;
        b.fill("#body", "Desde ayer, al guardar una nota aparece un error.").await;
        let page = b.el("html").await;

        // Another campus: its own plan and times, at once, on the same page.
        b.select("#campus_id", &second["id"].to_string()).await;
        assert_eq!(b.text("label[for='priority-low'] .target").await, "1 semana");
        assert_eq!(b.text("label[for='priority-urgent'] .target").await, "4 horas");
        assert_eq!(b.text("#plan-name").await, "Abono mensual");
        assert!(!b.el("#plan-hours-line").await.is_displayed().await.expect("displayed"));
        assert_eq!(b.path().await, "/portal/tickets/new", "no navigation, nothing in the address");
        assert!(page.tag_name().await.is_ok(), "the same document: nothing reloaded");
        let body = b.el("#body").await.prop("value").await.expect("value");
        assert_eq!(body.as_deref(), Some("Desde ayer, al guardar una nota aparece un error."));
        let subject = b.el("#subject").await.prop("value").await.expect("value");
        assert_eq!(subject.as_deref(), Some("Las notas no se guardan"));

        // And back.
        b.select("#campus_id", &campus.to_string()).await;
        assert_eq!(b.text("label[for='priority-low'] .target").await, "45 horas hábiles");
        assert_eq!(b.text("label[for='priority-urgent'] .target").await, "2 horas");

        // Sent, the ticket page confirms it; on a phone its status and due time come first.
        b.choose("priority-high").await;
        b.click_and_wait("#submit-ticket").await;
        assert!(b.text("#created-flash").await.contains("9 horas hábiles"));
        b.window(390, 844).await;
        let order = b.run_js(
            "const y = s => document.querySelector(s).getBoundingClientRect().top + window.scrollY; \
             return [y('#status'), y('#due'), y('#reply')];",
        ).await;
        let (status, due, reply) = (order[0].as_f64().unwrap(), order[1].as_f64().unwrap(), order[2].as_f64().unwrap());
        assert!(status < reply && due < reply, "status {status}, due {due}, reply form {reply}");
        let no_sideways = b.run_js("return document.documentElement.scrollWidth <= window.innerWidth;").await;
        assert_eq!(no_sideways, serde_json::Value::Bool(true), "nothing scrolls sideways at 390 px");
        b.screenshot("portal-ticket-phone").await;
        b.close().await;
    }
}
