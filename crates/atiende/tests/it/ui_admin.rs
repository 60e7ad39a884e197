//! The admin screens over plain HTTP: every form posts with the page's `_csrf`, lands in the
//! list and is visible through the API; bad input re-renders with the typed values; only the
//! `admin` role gets in.

use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{FormReply, browser, csrf, get, post, sign_in},
};

/// Posts a form from `page_path` (taking its CSRF token) and expects a 303 to `expect`.
async fn submit(
    app: &TestApp,
    cookie: &str,
    page_path: &str,
    action: &str,
    fields: &[(&str, &str)],
    expect: &str,
) {
    let (_, page) = get(app, cookie, page_path).await;
    let token = csrf(&page);
    let mut form = vec![("_csrf", token.as_str())];
    form.extend_from_slice(fields);
    let FormReply {
        status,
        location,
        body,
    } = post(app, cookie, action, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "POST {action}: {body}");
    let location = location.unwrap_or_default();
    assert!(location.starts_with(expect), "{location}");
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|a| a.iter().find(|v| v[key] == value))
        .unwrap_or_else(|| panic!("{key}={value} in {list}"))
}

async fn root(app: &TestApp) -> String {
    sign_in(app, "root@atiende.test", "root-password-123").await
}

both_backends! {
    async fn admin_configures_clients_plans_and_users_through_forms(app) {
        let c = root(&app).await;
        let (s, index) = get(&app, &c, "/admin").await;
        assert_eq!(s, StatusCode::OK);
        assert!(index.contains("/admin/tokens") && index.contains("Administración"));

        submit(&app, &c, "/admin/clients", "/admin/clients", &[("name", "Sur"), ("tax_id", "30-111"),
            ("contact_emails", "a@sur.test\nb@sur.test"), ("time_zone", "America/Argentina/Buenos_Aires")], "/admin/clients?ok=created").await;
        let (_, list) = get(&app, &c, "/admin/clients?ok=created").await;
        assert!(list.contains("Sur") && list.contains("30-111") && list.contains("Creado"));
        let (_, clients) = app.get("/api/v1/clients", &app.admin).await;
        let client = find(&clients, "name", "Sur");
        assert_eq!(client["contact_emails"].as_array().map(Vec::len), Some(2));
        let cid = client["id"].as_i64().unwrap().to_string();

        submit(&app, &c, "/admin/campuses", "/admin/campuses", &[("client_id", &cid), ("url", "https://sur.campus.invalid"),
            ("platform", "Moodle"), ("platform_version", "4.5"), ("hosted_by_us", "on"), ("service_start_date", "2026-01-15")], "/admin/campuses").await;
        let (_, list) = get(&app, &c, "/admin/campuses").await;
        assert!(list.contains("https://sur.campus.invalid"));
        let (_, campuses) = app.get("/api/v1/campuses", &app.admin).await;
        let campus = find(&campuses, "url", "https://sur.campus.invalid");
        assert_eq!(campus["hosted_by_us"], true);
        assert_eq!(campus["service_start_date"], "2026-01-15");

        submit(&app, &c, "/admin/users", "/admin/users", &[("name", "Ana Sur"), ("email", "ana@sur.test"), ("role", "client_admin"),
            ("client_id", &cid), ("locale", "es"), ("time_zone", "America/Argentina/Buenos_Aires"), ("password", "sur-password-1")], "/admin/users").await;
        let (_, list) = get(&app, &c, "/admin/users").await;
        assert!(list.contains("ana@sur.test") && list.contains("Administrador del campus"));
        let (_, users) = app.get("/api/v1/users", &app.admin).await;
        assert_eq!(find(&users, "email", "ana@sur.test")["client_id"].as_i64().map(|i| i.to_string()), Some(cid.clone()));
        let ana = sign_in(&app, "ana@sur.test", "sur-password-1").await;
        assert_eq!(get(&app, &ana, "/admin").await.0, StatusCode::FORBIDDEN, "a client admin is no admin");

        // A Madrid calendar with a lunch break and a holiday.
        let office = "09:00-13:00, 14:00-18:00";
        submit(&app, &c, "/admin/plans", "/admin/calendars", &[("name", "Oficina Madrid"), ("time_zone", "Europe/Madrid"),
            ("mon", office), ("tue", office), ("wed", office), ("thu", office), ("fri", office), ("sat", ""), ("sun", ""),
            ("holidays", "2026-12-25\n2026-12-08")], "/admin/plans").await;
        let (_, cals) = app.get("/api/v1/calendars", &app.admin).await;
        let cal = find(&cals, "name", "Oficina Madrid");
        assert_eq!(cal["spec"]["weekly"]["mon"], serde_json::json!([["09:00", "13:00"], ["14:00", "18:00"]]));
        assert!(cal["spec"]["weekly"].get("sat").is_none());
        assert_eq!(cal["spec"]["holidays"], serde_json::json!(["2026-12-25", "2026-12-08"]));
        let cal_id = cal["id"].as_i64().unwrap().to_string();

        // A business-hours policy: 5 business days for low, urgent still 24×7.
        submit(&app, &c, "/admin/plans", "/admin/policies", &[("name", "Horario laboral"), ("calendar_id", &cal_id),
            ("hours_low", "45"), ("clock_low", "business"), ("hours_medium", "18"), ("clock_medium", "business"),
            ("hours_high", "4,5"), ("clock_high", "business"), ("hours_urgent", "4"), ("clock_urgent", "calendar"),
            ("warn_percent", "75"), ("second_warn_percent", "90")], "/admin/plans").await;
        let (_, pols) = app.get("/api/v1/policies", &app.admin).await;
        let pol = find(&pols, "name", "Horario laboral");
        assert_eq!(pol["targets"]["low"], serde_json::json!({"target_seconds": 162000, "clock": "business"}));
        assert_eq!(pol["targets"]["high"]["target_seconds"], 16200);
        assert_eq!(pol["targets"]["urgent"], serde_json::json!({"target_seconds": 14400, "clock": "calendar"}));
        let pol_id = pol["id"].as_i64().unwrap().to_string();

        submit(&app, &c, "/admin/plans", "/admin/plans", &[("name", "Plan oficina"), ("policy_id", &pol_id),
            ("admin_hours_per_month", "10")], "/admin/plans").await;
        let (_, plans) = app.get("/api/v1/plans", &app.admin).await;
        let plan = find(&plans, "name", "Plan oficina");
        assert_eq!(plan["admin_hours_per_month"], 10);
        let plan_id = plan["id"].as_i64().unwrap().to_string();

        submit(&app, &c, "/admin/plans", "/admin/subscriptions", &[("client_id", &cid), ("campus_id", ""),
            ("plan_id", &plan_id), ("start_date", "2026-11-01")], "/admin/plans").await;
        let (_, subs) = app.get("/api/v1/subscriptions", &app.admin).await;
        let sub = find(&subs, "start_date", "2026-11-01");
        assert_eq!(sub["plan_id"].as_i64().map(|i| i.to_string()), Some(plan_id.clone()));
        assert!(sub["campus_id"].is_null());

        // The screen lists all of it; the seed plan is built in and offers no delete.
        let (_, page) = get(&app, &c, "/admin/plans").await;
        for text in ["Oficina Madrid", "Horario laboral", "Plan oficina", "2026-11-01", "14:00–18:00", "2026-12-25", "45 h", "Predeterminado"] {
            assert!(page.contains(text), "{text}");
        }
        let builtin = plans.as_array().unwrap().iter().find(|p| p["built_in"] == true).expect("seed plan");
        assert!(!page.contains(&format!("/admin/plans/{}/delete", builtin["id"])));
        assert!(page.contains(&format!("/admin/plans/{plan_id}/delete")));

        // Delete asks first; while something uses the object the confirmation names it instead
        // of offering the button, and a direct POST is a polite 409 naming it too.
        let (s, confirm) = get(&app, &c, &format!("/admin/plans/{plan_id}/delete")).await;
        assert_eq!(s, StatusCode::OK);
        let sub_id = sub["id"].as_i64().unwrap();
        assert!(confirm.contains("¿Eliminar el plan «Plan oficina»?") && confirm.contains(&format!("la suscripción #{sub_id}"))
            && !confirm.contains("id=\"confirm-delete\""), "{confirm}");
        let token = csrf(&page);
        let FormReply { status: s, body, .. } = post(&app, &c, &format!("/admin/policies/{pol_id}/delete"), &[("_csrf", &token)]).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(body.contains("todavía está en uso: el plan «Plan oficina»") && body.contains("href=\"/admin/plans\""), "{body}");
        let FormReply { status: s, body, .. } = post(&app, &c, &format!("/admin/clients/{cid}/delete"), &[("_csrf", &token)]).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(body.contains("el campus https://sur.campus.invalid") && body.contains(&format!("la suscripción #{sub_id}"))
            && body.contains("el usuario Ana Sur"), "{body}");
        let (s, confirm) = get(&app, &c, &format!("/admin/subscriptions/{sub_id}/delete")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(confirm.contains("id=\"confirm-delete\"") && confirm.contains("¿Eliminar la suscripción «#"), "{confirm}");
        // Not in use: gone.
        let FormReply { status: s, location: loc, .. } = post(&app, &c, &format!("/admin/subscriptions/{}/delete", sub["id"]), &[("_csrf", &token)]).await;
        assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/admin/plans?ok=deleted")));
        let (_, subs) = app.get("/api/v1/subscriptions", &app.admin).await;
        assert_eq!(subs.as_array().map(Vec::len), Some(0));

        // Editing a calendar appends a version and shows the stored windows back.
        let (s, edit) = get(&app, &c, &format!("/admin/calendars/{cal_id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(edit.contains("value=\"09:00-13:00, 14:00-18:00\""));
        submit(&app, &c, &format!("/admin/calendars/{cal_id}"), &format!("/admin/calendars/{cal_id}"), &[("name", "Oficina Madrid"),
            ("time_zone", "Europe/Madrid"), ("mon", "08:00-15:00"), ("holidays", "")], "/admin/plans?ok=saved").await;
        let (_, cal) = app.get(&format!("/api/v1/calendars/{cal_id}"), &app.admin).await;
        assert_eq!(cal["version"], 2);
    }

    async fn invalid_forms_rerender_with_errors_and_values(app) {
        let c = root(&app).await;
        let (_, page) = get(&app, &c, "/admin/plans").await;
        let token = csrf(&page);
        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/calendars", &[("_csrf", &token), ("name", "Marte"),
            ("time_zone", "Mars/Olympus"), ("mon", "09:00-18:00")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"cal-time_zone-error\""), "error next to the field");
        assert!(body.contains("value=\"Mars/Olympus\"") && body.contains("value=\"Marte\""));

        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/calendars", &[("_csrf", &token), ("name", "Solapado"),
            ("time_zone", "Europe/Madrid"), ("mon", "09:00-13:00, 12:00-14:00"), ("holidays", "2026-12-25")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"cal-mon-error\"") && body.contains("se superpone"));
        assert!(body.contains("value=\"09:00-13:00, 12:00-14:00\"") && body.contains("2026-12-25"));
        let (_, cals) = app.get("/api/v1/calendars", &app.admin).await;
        assert_eq!(cals.as_array().map(Vec::len), Some(0), "nothing saved");

        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/policies", &[("_csrf", &token), ("name", "Sin calendario"),
            ("hours_low", "45"), ("clock_low", "business"), ("hours_medium", "x"), ("hours_high", "12"), ("hours_urgent", "4"),
            ("warn_percent", "75"), ("second_warn_percent", "90")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"pol-hours-medium-error\"") && body.contains("value=\"Sin calendario\""));

        let (_, page) = get(&app, &c, "/admin/clients").await;
        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/clients", &[("_csrf", &csrf(&page)), ("name", ""), ("tax_id", "30-9"),
            ("time_zone", "America/Argentina/Buenos_Aires")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"client-name-error\"") && body.contains("value=\"30-9\""));

        let (_, page) = get(&app, &c, "/admin/users").await;
        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/users", &[("_csrf", &csrf(&page)), ("name", "Otro root"),
            ("email", "root@atiende.test"), ("role", "agent"), ("password", "another-password-1")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"user-email-error\"") && !body.contains("another-password-1"), "password never echoed");
    }

    async fn tokens_are_shown_once_and_revocable(app) {
        let c = root(&app).await;
        let (_, page) = get(&app, &c, "/admin/tokens").await;
        let FormReply { status: s, body, .. } = post(&app, &c, "/admin/tokens", &[("_csrf", &csrf(&page)), ("name", "crm"), ("user_id", "")]).await;
        assert_eq!(s, StatusCode::OK);
        let at = body.find("<code id=\"new-token\">").expect("token shown") + 21;
        let token = body[at..].split('<').next().unwrap().to_string();
        assert!(token.starts_with("atd_"), "{token}");
        let (s, me) = app.get("/api/v1/me", &token).await;
        assert_eq!((s, me["email"].as_str()), (StatusCode::OK, Some("root@atiende.test")));

        let (_, list) = get(&app, &c, "/admin/tokens").await;
        assert!(!list.contains(&token), "shown once only");
        let row = list.split("<tr data-token=\"").find(|r| r.contains(">crm<")).expect("listed");
        let id = row.split('"').next().unwrap();
        let FormReply { status: s, location: loc, .. } = post(&app, &c, &format!("/admin/tokens/{id}/revoke"), &[("_csrf", &csrf(&list))]).await;
        assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/admin/tokens?ok=revoked")));
        assert_eq!(app.get("/api/v1/me", &token).await.0, StatusCode::UNAUTHORIZED);
        let (_, list) = get(&app, &c, "/admin/tokens").await;
        assert!(list.contains("Revocado"));
    }

    async fn only_admins_enter_and_forms_need_csrf(app) {
        app.client_with_admin("Norte").await;
        app.staff("agente@atiende.test", "agent").await;
        app.staff("super@atiende.test", "supervisor").await;
        for (email, password) in [("agente@atiende.test", "agent-password-1"), ("super@atiende.test", "agent-password-1"),
                                  ("admin@norte.test", "client-password-1")] {
            let c = sign_in(&app, email, password).await;
            for path in ["/admin", "/admin/clients", "/admin/campuses", "/admin/users", "/admin/plans", "/admin/tokens", "/admin/calendars/1"] {
                assert_eq!(get(&app, &c, path).await.0, StatusCode::FORBIDDEN, "{email} {path}");
            }
            // Even with their own valid CSRF token, posting is refused.
            let token = app.service.session(c.split_once('=').unwrap().1).await.expect("session").csrf;
            let s = post(&app, &c, "/admin/clients", &[("_csrf", &token), ("name", "X"), ("tax_id", "X"), ("time_zone", "UTC")]).await.status;
            assert_eq!(s, StatusCode::FORBIDDEN, "{email}");
        }
        let c = root(&app).await;
        let s = post(&app, &c, "/admin/clients", &[("name", "Sin token"), ("tax_id", "1"), ("time_zone", "UTC")]).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let s = post(&app, &c, "/admin/clients", &[("_csrf", "forged"), ("name", "Sin token"), ("tax_id", "1"), ("time_zone", "UTC")]).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, clients) = app.get("/api/v1/clients", &app.admin).await;
        assert_eq!(clients.as_array().map(Vec::len), Some(1), "only Norte");
        // Signed out: the admin pages send to the login.
        let res = browser().get(format!("{}/admin/plans", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
}
