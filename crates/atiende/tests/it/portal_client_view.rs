//! The portal as a client reads it: every campus's resolution times in the new-ticket page
//! (the form is only ever POSTed), open / finished tabs, "Esperamos su respuesta", the plan's
//! name and business hours, a confirmation after creating, a finished ticket's fixed date,
//! reopening with a reason, and the resolved ticket's two reply buttons.

use reqwest::{StatusCode, multipart};
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{self, browser, get, post, sign_in},
};

const H: i64 = 3600;

/// A business-hours plan ("Laboral", its policy named for staff only) for one campus of the
/// client, starting before t0.
async fn business_plan_for(app: &TestApp, client: i64, campus: i64) {
    let day = json!([["09:00", "18:00"]]);
    let cal = app.ok("/api/v1/calendars", &app.admin, json!({"name": "Oficina", "spec": {"time_zone": "America/Argentina/Buenos_Aires",
        "weekly": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "holidays": ["2026-12-25"]}})).await;
    let targets = json!({"low": {"target_seconds": 45 * H, "clock": "business"}, "medium": {"target_seconds": 18 * H, "clock": "business"},
        "high": {"target_seconds": 9 * H, "clock": "business"}, "urgent": {"target_seconds": 2 * H, "clock": "calendar"}});
    let policy = app
        .ok(
            "/api/v1/policies",
            &app.admin,
            json!({"name": "SLA-INTERNO-7", "calendar_id": cal["id"], "targets": targets}),
        )
        .await;
    let plan = app
        .ok(
            "/api/v1/plans",
            &app.admin,
            json!({"name": "Laboral", "policy_id": policy["id"]}),
        )
        .await;
    app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": client, "campus_id": campus, "plan_id": plan["id"], "start_date": "2026-01-01"})).await;
}

/// Posts the portal's multipart form (`fields` as text parts, then `files`), as a browser does.
async fn send_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let mut form = multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, data) in files {
        let part = multipart::Part::bytes(data.to_vec())
            .file_name(name.to_string())
            .mime_str("text/plain")
            .expect("mime");
        form = form.part("files", part);
    }
    browser()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header("origin", &app.base)
        .multipart(form)
        .send()
        .await
        .expect("post")
}

async fn ticket(app: &TestApp, token: &str, subject: &str, priority: &str) -> Value {
    app.ok("/api/v1/tickets", token, json!({"category": "technical", "priority": priority, "subject": subject, "body": "Detalle"}))
        .await
}

/// The text of the element with `id` (its opening tag up to the next `<`), for simple checks.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let from = at + html[at..].find('>').expect("tag end") + 1;
    let rest = &html[from..];
    &rest[..rest.find("</").unwrap_or(rest.len())]
}

both_backends! {
    async fn the_new_ticket_page_holds_every_campus_times_and_only_posts(app) {
        let (cid, campus, _) = app.client_with_admin("Norte").await;
        let second = app.ok("/api/v1/campuses", &app.admin, json!({"client_id": cid, "url": "https://posgrado.campus.invalid",
            "platform": "Moodle", "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"})).await;
        business_plan_for(&app, cid, campus).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = get(&app, &cookie, "/portal/tickets/new").await;
        assert_eq!(s, StatusCode::OK);

        // The form goes out as a POST only: no control submits it as a GET (bug 11).
        assert!(html.contains("<form id=\"new-ticket\" method=\"post\" action=\"/portal/tickets\""), "{html}");
        for get_submit in ["formmethod", "method=\"get\"", "onchange=", "refresh-targets"] {
            assert!(!html.contains(get_submit), "{get_submit}");
        }
        // Each campus's option carries its plan and times; the whole contract too.
        let option = |value: &str| {
            let at = html.find(&format!("<option value=\"{value}\"")).unwrap_or_else(|| panic!("option {value}"));
            html[at..at + html[at..].find('>').expect("tag end")].to_string()
        };
        let laboral = option(&campus.to_string());
        for t in ["data-plan=\"Laboral\"", "data-target-low=\"45 horas hábiles\"", "data-target-medium=\"18 horas hábiles\"",
                  "data-target-high=\"9 horas hábiles\"", "data-target-urgent=\"2 horas\"",
                  "data-hours=\"lun a vie 09:00–18:00 (hora de Buenos Aires), excepto feriados\""] {
            assert!(laboral.contains(t), "{t} in {laboral}");
        }
        for value in [second["id"].to_string(), String::new()] {
            let seed = option(&value);
            for t in ["data-plan=\"Abono mensual\"", "data-target-low=\"1 semana\"", "data-target-medium=\"48 horas\"",
                      "data-target-high=\"12 horas\"", "data-target-urgent=\"4 horas\"", "data-hours=\"\""] {
                assert!(seed.contains(t), "{t} in {seed}");
            }
        }
        // The first campus is chosen: its plan, hours and times are the ones shown.
        assert!(laboral.contains(" selected"));
        assert_eq!(text_of(&html, "plan-name"), "Laboral");
        assert!(html.contains("<span class=\"target\">45 horas hábiles</span>"));
        // The policy's internal name never reaches the client.
        assert!(!html.contains("SLA-INTERNO-7"));
        // Without JavaScript, every campus's times are in a table.
        let at = html.find("id=\"all-targets\"").expect("all targets");
        let all = &html[at..at + html[at..].find("</details>").expect("end")];
        for c in [campus.to_string(), second["id"].to_string(), String::new()] {
            assert!(all.contains(&format!("<li data-campus=\"{c}\">")), "{c} in {all}");
        }
        assert!(all.contains("Baja: 45 horas hábiles") && all.contains("Urgente: 2 horas"), "{all}");
        assert!(all.contains("Baja: 1 semana") && all.contains("Urgente: 4 horas"), "{all}");

        // A link to another campus preselects it.
        let (_, html) = get(&app, &cookie, &format!("/portal/tickets/new?campus_id={}", second["id"])).await;
        assert_eq!(text_of(&html, "plan-name"), "Abono mensual");
        assert!(html.contains("<span class=\"target\">1 semana</span>"));
        assert!(html.contains("id=\"plan-hours-line\" hidden"));
    }

    async fn open_and_finished_tabs_in_the_clients_words(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let open = ticket(&app, &client, "Aula caída", "high").await;
        let waiting = ticket(&app, &client, "Falta un dato", "medium").await;
        let resolved = ticket(&app, &client, "Ya resuelto", "low").await;
        let closed = ticket(&app, &client, "Cerrado hace poco", "low").await;
        app.at(H);
        app.patch(&format!("/api/v1/tickets/{}", waiting["id"]), &agent, json!({"status": "waiting_on_client"})).await;
        app.patch(&format!("/api/v1/tickets/{}", resolved["id"]), &agent, json!({"status": "resolved"})).await;
        app.patch(&format!("/api/v1/tickets/{}", closed["id"]), &agent, json!({"status": "resolved"})).await;
        app.patch(&format!("/api/v1/tickets/{}", closed["id"]), &client, json!({"status": "closed"})).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let row = |t: &Value| format!("data-ticket=\"{}\"", t["number"].as_str().unwrap());

        let (s, html) = get(&app, &cookie, "/portal").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"tab-open\" aria-current=\"page\"") && html.contains("href=\"/portal?view=finished\""));
        assert!(html.contains(&row(&open)) && html.contains(&row(&waiting)));
        assert!(!html.contains(&row(&resolved)) && !html.contains(&row(&closed)));
        assert!(html.contains("<span class=\"status-waiting\">Esperamos su respuesta</span>"), "highlighted");
        assert!(!html.contains("Esperando al cliente"), "the agents' wording stays in the console");

        app.at(5 * H);
        let (_, finished) = get(&app, &cookie, "/portal?view=finished").await;
        assert!(finished.contains("id=\"tab-finished\" aria-current=\"page\""));
        assert!(finished.contains(&row(&resolved)) && finished.contains(&row(&closed)));
        assert!(!finished.contains(&row(&open)) && !finished.contains(&row(&waiting)));
        // Finished tickets show when they were resolved (08:00 in Buenos Aires), not a moving due time.
        assert!(finished.contains("<td class=\"optional due\">02/11/2026 08:00</td>"), "{finished}");
        assert!(!finished.contains("class=\"countdown\""), "no countdown on a finished ticket");
        assert!(finished.contains("Cumplido"));
        // English.
        let s = app.service.session(cookie.split_once('=').unwrap().1).await.unwrap();
        assert_eq!(post(&app, &cookie, "/lang", &[("_csrf", &s.csrf), ("locale", "en")]).await.status, StatusCode::SEE_OTHER);
        let (_, html) = get(&app, &cookie, "/portal").await;
        assert!(html.contains("Waiting for your reply") && html.contains(">Finished</a>"));
    }

    async fn a_new_ticket_is_confirmed_with_its_number_and_expected_time(app) {
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        business_plan_for(&app, cid, campus).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = get(&app, &cookie, "/portal/tickets/new").await;
        let csrf = web_client::csrf(&html);
        let campus_s = campus.to_string();
        let res = send_form(&app, &cookie, "/portal/tickets", &[("_csrf", &csrf), ("campus_id", &campus_s), ("category", "technical"),
            ("priority", "high"), ("subject", "No entra nadie"), ("body", "Error 500")], &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.ends_with("?created=1"), "{to}");
        let (_, html) = get(&app, &cookie, &to).await;
        let (_, list) = app.get("/api/v1/tickets", &client).await;
        let number = list["items"][0]["number"].as_str().unwrap().to_string();
        let flash = text_of(&html, "created-flash");
        assert!(flash.contains(&format!("Recibimos su ticket {number}.")) && flash.contains("9 horas hábiles"), "{flash}");
        // The plan by its name (not the policy's) and its business hours, since it counts them.
        assert_eq!(text_of(&html, "plan"), "Laboral");
        assert!(!html.contains("SLA-INTERNO-7"));
        assert!(text_of(&html, "business-hours").starts_with("lun a vie 09:00–18:00"));
        // Status and due time come before the thread and the reply form in the page.
        let (status, due, form) = (html.find("id=\"status\"").unwrap(), html.find("id=\"due\"").unwrap(), html.find("id=\"reply\"").unwrap());
        assert!(status < form && due < form && html.find("id=\"thread-title\"").unwrap() > due);
        // The confirmation is for that moment only.
        let plain = to.trim_end_matches("?created=1");
        assert!(!get(&app, &cookie, plain).await.1.contains("created-flash"));
        // A 24×7 ticket shows no business hours.
        let other = ticket(&app, &client, "Sin campus", "low").await;
        let (_, html) = get(&app, &cookie, &format!("/portal/tickets/{}", other["id"])).await;
        assert_eq!(text_of(&html, "plan"), "Abono mensual");
        assert!(!html.contains("id=\"business-hours\""));
    }

    async fn a_finished_ticket_shows_a_date_that_does_not_move(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = ticket(&app, &client, "Se resolvió", "medium").await;
        let api = format!("/api/v1/tickets/{}", t["id"]);
        let path = format!("/portal/tickets/{}", t["id"]);
        app.at(H);
        app.patch(&api, &agent, json!({"status": "waiting_on_client"})).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(html.contains("<span class=\"status-waiting\">Esperamos su respuesta</span>") && html.contains("id=\"waiting-note\""));
        assert!(html.contains("Vence (si responde ahora)"));
        app.at(2 * H);
        app.patch(&api, &agent, json!({"status": "resolved"})).await;
        app.at(3 * H);
        let (_, first) = get(&app, &cookie, &path).await;
        app.at(50 * H);
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, later) = get(&app, &cookie, &path).await;
        assert_eq!(text_of(&first, "finished"), "Resuelto el 02/11/2026 09:00");
        assert_eq!(text_of(&later, "finished"), text_of(&first, "finished"));
        assert!(!later.contains("id=\"due\"") && !later.contains("class=\"countdown\""));
        assert!(later.contains("id=\"sla\" class=\"badge sla-met\""));
    }

    async fn reopening_asks_for_a_reason_in_the_clients_language(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = ticket(&app, &client, "Estadísticas", "medium").await;
        let api = format!("/api/v1/tickets/{}", t["id"]);
        let path = format!("/portal/tickets/{}", t["id"]);
        app.at(H);
        app.patch(&api, &agent, json!({"status": "resolved"})).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = get(&app, &cookie, &path).await;
        let csrf = web_client::csrf(&html);
        assert!(html.contains("id=\"reopen-hint\"") && html.contains("(obligatorio)"));

        let res = post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", &csrf), ("reason", "  ")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("id=\"reopen-errors\""));
        assert!(res.body.contains("Para reabrir el ticket, escriba qué sigue sin funcionar."), "{}", res.body);
        assert!(!res.body.contains("status_reason") && !res.body.contains("reason is required"));
        assert_eq!(app.get(&api, &client).await.1["status"], "resolved");
        // "Enviar y reabrir" without text: the same words, next to the reply form.
        let res = send_form(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &csrf), ("body", ""), ("action", "reopen")],
            &[("captura.txt", b"x")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.unwrap();
        assert!(body.contains("id=\"form-errors\"") && body.contains("Para reabrir el ticket"), "{body}");
        assert!(!body.contains("reopening needs a reason"));

        // In English, in English.
        assert_eq!(post(&app, &cookie, "/lang", &[("_csrf", &csrf), ("locale", "en")]).await.status, StatusCode::SEE_OTHER);
        let res = post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", &csrf)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("To reopen the ticket, write what still does not work."));
        assert!(!res.body.contains("Para reabrir"));
        // With a reason it reopens.
        let res = post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", &csrf), ("reason", "Sigue sin andar")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get(&api, &client).await.1["status"], "open");
    }

    async fn send_and_reopen_reopens_send_leaves_it_resolved(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = ticket(&app, &client, "Correo", "medium").await;
        let api = format!("/api/v1/tickets/{}", t["id"]);
        let path = format!("/portal/tickets/{}", t["id"]);
        app.at(H);
        app.patch(&api, &agent, json!({"status": "resolved"})).await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(html.contains("value=\"reopen\" id=\"send-reopen\"") && html.contains("value=\"send\" id=\"send-reply\""));
        let csrf = web_client::csrf(&html);

        // "Enviar": the message is added, the ticket stays resolved (the agents see the mark).
        let res = send_form(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &csrf), ("body", "Gracias"), ("action", "send")], &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let v = app.get(&api, &agent).await.1;
        assert_eq!(v["status"], "resolved");
        assert!(v["client_replied_at"].is_string(), "{v}");
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(html.contains("Gracias") && html.contains("id=\"finished\""));

        // "Enviar y reabrir": open again, the clock runs, the message is the reason.
        app.at(2 * H);
        let res = send_form(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &csrf), ("body", "Sigue fallando"), ("action", "reopen")], &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let v = app.get(&api, &agent).await.1;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["clock_running"], true);
        let (_, html) = get(&app, &cookie, &path).await;
        assert_eq!(text_of(&html, "status"), "Abierto");
        assert!(html.contains("id=\"due\"") && html.contains("data-running=\"true\"") && html.contains("Sigue fallando"));
    }
}
