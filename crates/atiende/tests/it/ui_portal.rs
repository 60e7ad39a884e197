//! The client-admin portal over plain HTTP: own tickets only, the contract's resolution times
//! on the new-ticket form, multipart tickets and replies with files, confirm/reopen, isolation.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, get, post, sign_in},
};

const H: i64 = 3600;

/// Signs in a client admin (or staff) through the form; returns (cookie, csrf token).
async fn session(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let cookie = sign_in(app, email, password).await;
    let token = cookie.split_once('=').expect("cookie").1;
    let s = app.service.session(token).await.expect("live session");
    (cookie, s.csrf)
}

/// A `multipart/form-data` body built by hand (text fields first, as a browser sends them).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----atiende-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (filename, data) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let (ct, body) = multipart(fields, files);
    browser()
        .post(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, ct)
        .body(body)
        .send()
        .await
        .expect("request")
}

/// The new-ticket form's text fields, `_csrf` first.
fn ticket_form(csrf: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("_csrf", csrf),
        ("category", "technical"),
        ("priority", "urgent"),
        ("subject", "No se puede ingresar"),
        ("body", "Error 500 al entrar"),
    ]
}

async fn api_ticket(app: &TestApp, token: &str, subject: &str) -> Value {
    app.ok(
        "/api/v1/tickets",
        token,
        json!({"category": "technical", "priority": "high", "subject": subject, "body": "Detalle"}),
    )
    .await
}

both_backends! {
    async fn client_admin_sees_own_tickets_only(app) {
        let (_, _, norte) = app.client_with_admin("Norte").await;
        let (_, _, sur) = app.client_with_admin("Sur").await;
        app.staff("agent@provider.test", "agent").await;
        let mine = api_ticket(&app, &norte, "Aula caída").await;
        let theirs = api_ticket(&app, &sur, "Secreto del sur").await;
        let (cookie, _) = session(&app, "admin@norte.test", "client-password-1").await;

        let (s, html) = get(&app, &cookie, "/portal").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"tickets\""));
        assert!(html.contains(&format!("data-ticket=\"{}\"", mine["number"].as_str().unwrap())));
        assert!(html.contains(&format!("href=\"/portal/tickets/{}\"", mine["id"])));
        assert!(html.contains("Aula caída") && html.contains("Nuevo") && html.contains("Alta"));
        assert!(html.contains("class=\"countdown\"") && html.contains("data-remaining=\"43200\""));
        assert!(!html.contains("Secreto del sur"));
        assert!(!html.contains(theirs["number"].as_str().unwrap()));

        // Another client's ticket (and attachment) answer 404, as if they did not exist.
        let (s, html) = get(&app, &cookie, &format!("/portal/tickets/{}", theirs["id"])).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(!html.contains("Secreto del sur"));
        let (s, _) = get(&app, &cookie, "/portal/tickets/zzz").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, html) = get(&app, &cookie, &format!("/portal/tickets/{}", mine["number"].as_str().unwrap())).await;
        assert_eq!(s, StatusCode::OK, "by number too");
        assert!(html.contains("Aula caída"));

        // Staff work in the console: the portal is 403 for them.
        let (staff, csrf) = session(&app, "agent@provider.test", "agent-password-1").await;
        for path in ["/portal", "/portal/tickets/new", &format!("/portal/tickets/{}", mine["id"])] {
            let (s, _) = get(&app, &staff, path).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        }
        let res = post_multipart(&app, &staff, "/portal/tickets", &[("_csrf", &csrf), ("subject", "x")], &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        // Without a session: to the login page.
        let res = browser().get(format!("{}/portal", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }

    async fn new_ticket_form_shows_the_policy_of_the_chosen_campus(app) {
        let (cid, campus, _) = app.client_with_admin("Norte").await;
        let (cookie, _) = session(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = get(&app, &cookie, "/portal/tickets/new").await;
        assert_eq!(s, StatusCode::OK);
        for id in ["form id=\"new-ticket\"", "id=\"campus_id\"", "id=\"category\"", "id=\"subject\"", "id=\"body\"", "id=\"files\"", "id=\"submit-ticket\"",
                   "id=\"priority-low\"", "id=\"priority-medium\"", "id=\"priority-high\"", "id=\"priority-urgent\""] {
            assert!(html.contains(id), "{id}");
        }
        assert!(html.contains("enctype=\"multipart/form-data\""));
        for seed in ["1 semana", "48 horas", "12 horas", "4 horas", "Consultas funcionales, modos de uso",
                     "Interrupción del servicio o imposibilidad absoluta de acceder al sistema."] {
            assert!(html.contains(seed), "{seed}");
        }
        assert!(!html.contains("hábiles"));

        // A business-hours plan for this campus only: its own times, said as business hours.
        let day = json!([["09:00", "18:00"]]);
        let cal = app.ok("/api/v1/calendars", &app.admin, json!({"name": "Oficina", "spec": {"time_zone": "America/Argentina/Buenos_Aires",
            "weekly": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "holidays": []}})).await;
        let targets = json!({"low": {"target_seconds": 45 * H, "clock": "business"}, "medium": {"target_seconds": 18 * H, "clock": "business"},
            "high": {"target_seconds": 9 * H, "clock": "business"}, "urgent": {"target_seconds": 2 * H, "clock": "calendar"}});
        let policy = app.ok("/api/v1/policies", &app.admin, json!({"name": "Horario laboral", "calendar_id": cal["id"], "targets": targets})).await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Laboral", "policy_id": policy["id"]})).await;
        app.ok("/api/v1/subscriptions", &app.admin, json!({"client_id": cid, "campus_id": campus, "plan_id": plan["id"], "start_date": "2026-01-01"})).await;

        let (_, html) = get(&app, &cookie, &format!("/portal/tickets/new?campus_id={campus}")).await;
        for t in ["45 horas hábiles", "18 horas hábiles", "9 horas hábiles", "2 horas", "Laboral"] {
            assert!(html.contains(&format!("<span class=\"target\">{t}</span>")) || html.contains(&format!(">{t}</strong>")), "{t}");
        }
        assert!(!html.contains("<span class=\"target\">1 semana</span>"));
        assert!(html.contains(&format!("<option value=\"{campus}\" selected")));
        // The whole contract (no campus) stays on the seed plan.
        let (_, html) = get(&app, &cookie, "/portal/tickets/new?campus_id=").await;
        assert!(html.contains("<span class=\"target\">1 semana</span>") && !html.contains("<span class=\"target\">45 horas hábiles"));

        // English says it in English.
        let en = browser().post(format!("{}/lang", app.base)).header(header::COOKIE, &cookie)
            .form(&[("_csrf", app.service.session(cookie.split_once('=').unwrap().1).await.unwrap().csrf.as_str()), ("locale", "en")])
            .send().await.unwrap();
        assert_eq!(en.status(), StatusCode::SEE_OTHER);
        let (_, html) = get(&app, &cookie, "/portal/tickets/new?campus_id=").await;
        assert!(html.contains("1 week") && html.contains("48 hours"));
    }

    async fn tickets_and_replies_with_files_never_show_internal_notes(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (cookie, csrf) = session(&app, "admin@norte.test", "client-password-1").await;
        let campus_s = campus.to_string();
        let csrf_s = csrf.as_str();
        // Without the CSRF field: 403, nothing written.
        let mut fields = ticket_form("")[1..].to_vec();
        fields.push(("campus_id", &campus_s));
        let res = post_multipart(&app, &cookie, "/portal/tickets", &fields, &[("log.txt", &b"x"[..])]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = post_multipart(&app, &cookie, "/portal/tickets", &ticket_form("wrong-token"), &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/tickets", &client).await.1["items"].as_array().unwrap().len(), 0);

        // A missing subject comes back as the form, with the message and what was typed.
        let mut bad = ticket_form(csrf_s);
        bad.retain(|(k, _)| *k != "subject");
        let res = post_multipart(&app, &cookie, "/portal/tickets", &bad, &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"form-errors\"") && html.contains("Asunto: es obligatorio."));
        assert!(html.contains("Error 500 al entrar") && html.contains("value=\"urgent\" required checked"));

        // A file over the per-file limit: the form again, nothing created.
        let big = vec![b'a'; domain::limits::ATTACHMENT_MAX_BYTES + 1];
        let res = post_multipart(&app, &cookie, "/portal/tickets", &ticket_form(csrf_s), &[("enorme.bin", big.as_slice())]).await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(res.text().await.unwrap().contains("enorme.bin"));
        assert_eq!(app.get("/api/v1/tickets", &client).await.1["items"].as_array().unwrap().len(), 0);

        let mut good = ticket_form(csrf_s);
        good.push(("campus_id", &campus_s));
        let res = post_multipart(&app, &cookie, "/portal/tickets", &good, &[("captura.txt", &b"pantalla en blanco"[..])]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let to = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        let id: i64 = to.strip_prefix("/portal/tickets/").and_then(|p| p.split('?').next()).expect("ticket page").parse().unwrap();
        let to = format!("/portal/tickets/{id}");
        let t = app.get(&format!("/api/v1/tickets/{id}"), &client).await.1;
        assert_eq!((t["priority"].as_str(), t["requested_priority"].as_str(), t["campus_id"].as_i64()), (Some("urgent"), Some("urgent"), Some(campus)));
        let files = app.get(&format!("/api/v1/tickets/{id}/attachments"), &client).await.1;
        assert_eq!(files[0]["filename"], "captura.txt");
        assert_eq!(files[0]["size_bytes"], 18);
        let msgs = app.get(&format!("/api/v1/tickets/{id}/messages"), &client).await.1;
        assert_eq!(msgs[0]["body"], "Error 500 al entrar");

        // An internal note and a public reply from the help desk.
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &agent, json!({"body": "SECRETO: el cliente no pagó", "internal": true})).await;
        app.ok(&format!("/api/v1/tickets/{id}/messages"), &agent, json!({"body": "Estamos revisando el servidor"})).await;
        let res = post_multipart(&app, &cookie, &format!("{to}/messages"),
            &[("_csrf", csrf_s), ("body", "Gracias, sigue sin andar")], &[("otra.txt", &b"log"[..])]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        // An empty reply is refused with a message, not an error page.
        let res = post_multipart(&app, &cookie, &format!("/portal/tickets/{id}/messages"), &[("_csrf", csrf_s), ("body", "  ")], &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("id=\"form-errors\""));

        let (s, html) = get(&app, &cookie, &to).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("No se puede ingresar") && html.contains(t["number"].as_str().unwrap()));
        assert!(html.contains("Estamos revisando el servidor") && html.contains("Mesa de ayuda"));
        assert!(html.contains("Gracias, sigue sin andar") && html.contains("Error 500 al entrar"));
        assert!(!html.contains("SECRETO"), "internal notes never reach the portal");
        assert!(html.contains("id=\"sla\"") && html.contains("data-running=\"true\""));
        assert!(html.contains("captura.txt") && html.contains("otra.txt"));
        assert!(html.contains("id=\"reply\"") && !html.contains("id=\"confirm-ticket\""));

        let att = files[0]["id"].as_i64().unwrap();
        let res = browser().get(format!("{}/portal/attachments/{att}", app.base)).header(header::COOKIE, &cookie).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        assert_eq!(res.bytes().await.unwrap().as_ref(), b"pantalla en blanco");
        // Another client's admin: 404 for the ticket and the file.
        app.client_with_admin("Sur").await;
        let (sur, _) = session(&app, "admin@sur.test", "client-password-1").await;
        assert_eq!(get(&app, &sur, &to).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &sur, &format!("/portal/attachments/{att}")).await.0, StatusCode::NOT_FOUND);
    }

    async fn confirm_and_reopen_only_while_resolved(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let (cookie, csrf) = session(&app, "admin@norte.test", "client-password-1").await;
        let t = api_ticket(&app, &client, "Estadísticas").await;
        let (id, api) = (t["id"].as_i64().unwrap(), format!("/api/v1/tickets/{}", t["id"]));
        let path = format!("/portal/tickets/{id}");
        let has_buttons = |html: &str| html.contains("id=\"confirm-ticket\"") && html.contains("id=\"reopen-ticket\"");

        assert!(!has_buttons(&get(&app, &cookie, &path).await.1));
        assert_eq!(post(&app, &cookie, &format!("{path}/confirm"), &[("_csrf", &csrf)]).await.status, StatusCode::FORBIDDEN, "not resolved");

        // Waiting on the client: the badge says paused and the countdown stands still.
        app.patch(&api, &agent, json!({"status": "waiting_on_client"})).await;
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(html.contains("class=\"badge sla-paused\"") && html.contains("En pausa") && html.contains("data-running=\"false\""));
        assert!(!has_buttons(&html));

        app.at(H);
        app.patch(&api, &agent, json!({"status": "resolved"})).await;
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(has_buttons(&html) && html.contains("Cumplido"));
        assert_eq!(post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", "wrong")]).await.status, StatusCode::FORBIDDEN, "CSRF");
        // Reopening asks for a reason.
        assert_eq!(post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", &csrf)]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(post(&app, &cookie, &format!("{path}/reopen"), &[("_csrf", &csrf), ("reason", "Sigue sin andar")]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get(&api, &client).await.1["status"], "open");
        assert!(!has_buttons(&get(&app, &cookie, &path).await.1));

        app.patch(&api, &agent, json!({"status": "resolved"})).await;
        assert_eq!(post(&app, &cookie, &format!("{path}/confirm"), &[("_csrf", &csrf)]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get(&api, &client).await.1["status"], "closed");
        let (_, html) = get(&app, &cookie, &path).await;
        assert!(!has_buttons(&html) && !html.contains("id=\"reply\"") && html.contains("Cerrado"));

        // After the 7-day window the buttons are gone and a late answer is a 409 page.
        let late = api_ticket(&app, &client, "Correo").await;
        let late_path = format!("/portal/tickets/{}", late["id"]);
        app.patch(&format!("/api/v1/tickets/{}", late["id"]), &agent, json!({"status": "resolved"})).await;
        assert!(has_buttons(&get(&app, &cookie, &late_path).await.1));
        app.at(H + 168 * H + 1);
        // (A browser session lasts 12 h: sign in again a week later.)
        let (cookie, csrf) = session(&app, "admin@norte.test", "client-password-1").await;
        let res = browser().post(format!("{}{late_path}/reopen", app.base)).header(header::COOKIE, &cookie)
            .form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(res.text().await.unwrap().contains("<h1>409</h1>"), "an error page");
        let (_, html) = get(&app, &cookie, &late_path).await;
        assert!(!has_buttons(&html) && html.contains("Cerrado"));
        assert_eq!(post(&app, &cookie, &format!("{late_path}/confirm"), &[("_csrf", &csrf)]).await.status, StatusCode::CONFLICT);
    }
}
