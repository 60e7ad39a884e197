//! The contract in the pages: the coverage block on the admin campus and client pages, the
//! console campus page and the portal campus page (Spanish and English); the suggestion on the
//! console's ticket page, accepted with its button or overridden with the triage form, and
//! kept out of the portal, which shows the scope in plain words; a plan's services on its edit
//! page.

use reqwest::{StatusCode, multipart};
use serde_json::json;

use super::{campus, open};
use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, csrf, get, post, sign_in},
};

/// The `<li>` of one service in the coverage block of `campus`.
fn line<'a>(html: &'a str, campus: i64, service: &str) -> &'a str {
    let block = &html[html
        .find(&format!("id=\"coverage-{campus}\""))
        .unwrap_or_else(|| panic!("coverage-{campus} in page"))..];
    let at = block
        .find(&format!("data-service=\"{service}\""))
        .expect("service line");
    &block[at..at + block[at..].find("</li>").expect("li end")]
}

/// The text inside the element with `id`.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let from = at + html[at..].find('>').expect("tag end") + 1;
    let rest = &html[from..];
    &rest[..rest.find("</").unwrap_or(rest.len())]
}

fn checks_asterisk(html: &str, hosted: i64, theirs: i64, not_hosted_words: &str) {
    let hosting = line(html, theirs, "hosting");
    assert!(
        hosting.contains("data-coverage=\"not_hosted\"") && hosting.contains(not_hosted_words),
        "{hosting}"
    );
    for s in [
        "server_maintenance",
        "security",
        "os_db_updates",
        "daily_backups",
    ] {
        assert!(
            line(html, theirs, s).contains("data-coverage=\"not_hosted\""),
            "{s}"
        );
    }
    for s in [
        "monitoring",
        "bug_fixes",
        "version_upgrade",
        "technical_support",
    ] {
        assert!(
            line(html, theirs, s).contains("data-coverage=\"included\""),
            "{s}"
        );
    }
    if hosted > 0 {
        assert!(line(html, hosted, "hosting").contains("data-coverage=\"included\""));
    }
}

/// Opens a ticket through the portal's form, as a browser does; returns its id.
async fn portal_ticket(app: &TestApp, cookie: &str, campus: i64, subject: &str, body: &str) -> i64 {
    let (_, html) = get(app, cookie, "/portal/tickets/new").await;
    let mut form = multipart::Form::new();
    for (k, v) in [
        ("_csrf", csrf(&html)),
        ("campus_id", campus.to_string()),
        ("category", "functional".into()),
        ("priority", "low".into()),
        ("subject", subject.into()),
        ("body", body.into()),
    ] {
        form = form.text(k, v);
    }
    let res = browser()
        .post(format!("{}/portal/tickets", app.base))
        .header("cookie", cookie)
        .header("origin", &app.base)
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    to.trim_start_matches("/portal/tickets/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .expect("ticket id")
}

both_backends! {
    async fn every_campus_page_shows_what_the_contract_covers(app) {
        let (cid, hosted, _) = app.client_with_admin("Norte").await;
        let theirs = campus(&app, cid, "posgrado.norte.invalid", false).await;
        app.staff("root@provider.test", "admin").await;
        app.staff("agent@provider.test", "agent").await;
        let not_hosted = "solo para campus alojados en nuestros servidores";

        let root = sign_in(&app, "root@provider.test", "agent-password-1").await;
        let (s, html) = get(&app, &root, &format!("/admin/campuses/{theirs}")).await;
        assert_eq!(s, StatusCode::OK);
        checks_asterisk(&html, 0, theirs, not_hosted);
        assert!(html.contains("Plan: Abono mensual · 0 h de administración del campus por mes"));
        let (_, html) = get(&app, &root, &format!("/admin/clients/{cid}")).await;
        checks_asterisk(&html, hosted, theirs, not_hosted);
        assert!(html.contains("posgrado.norte.invalid"), "the client page names each campus");

        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, html) = get(&app, &agent, &format!("/console/campuses/{theirs}")).await;
        assert_eq!(s, StatusCode::OK);
        checks_asterisk(&html, 0, theirs, not_hosted);
        let (_, html) = get(&app, &agent, &format!("/console/campuses/{hosted}")).await;
        assert!(line(&html, hosted, "daily_backups").contains("data-coverage=\"included\""));

        let client = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = get(&app, &client, &format!("/portal/campuses/{theirs}")).await;
        assert_eq!(s, StatusCode::OK);
        checks_asterisk(&html, 0, theirs, not_hosted);
        assert!(html.contains("Este campus no está alojado en nuestros servidores"));
        // English, for a reader who chose it.
        let session = app.service.session(client.split_once('=').unwrap().1).await.unwrap();
        post(&app, &client, "/lang", &[("_csrf", &session.csrf), ("locale", "en")]).await;
        let (_, html) = get(&app, &client, &format!("/portal/campuses/{theirs}")).await;
        checks_asterisk(&html, 0, theirs, "only for campuses hosted on our servers");
        assert!(html.contains("What the subscription covers") && html.contains("Daily backups"));
        // Another client's campus: 404.
        let (_, sur_campus, _) = app.client_with_admin("Sur").await;
        assert_eq!(get(&app, &client, &format!("/portal/campuses/{sur_campus}")).await.0, StatusCode::NOT_FOUND);
    }

    async fn the_console_shows_the_suggestion_and_the_portal_the_scope_in_words(app) {
        let (_, campus, client_token) = app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let client = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let id = portal_ticket(&app, &client, campus, "Alta de cursos",
            "Necesitamos crear 40 cursos y matricular a los alumnos de cada comisión.").await;
        // Stored at creation through the portal, visible to staff only.
        let (_, api) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(api["scope_suggestion"]["class"], "campus_administration", "{api}");
        assert!(app.get(&format!("/api/v1/tickets/{id}"), &client_token).await.1.get("scope_suggestion").is_none());

        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let page = format!("/console/tickets/{id}");
        let (_, html) = get(&app, &agent, &page).await;
        assert!(text_of(&html, "suggestion-scope").contains("Fuera del abono: administración del campus"), "{html}");
        assert!(text_of(&html, "suggestion-why").contains("Coincide con «crear 40 cursos»"), "{}", text_of(&html, "suggestion-why"));
        assert!(html.contains("id=\"accept-suggestion\""));
        assert_eq!(text_of(&html, "current-scope"), "Incluido en el abono");
        let r = post(&app, &agent, &format!("/console/tickets/{id}/scope-suggestion/accept"), &[("_csrf", &csrf(&html))]).await;
        assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some(page.as_str())), "{}", r.body);
        let (_, html) = get(&app, &agent, &page).await;
        assert!(!html.contains("id=\"accept-suggestion\""));
        assert!(text_of(&html, "suggestion-decision").contains("Aceptada"));
        let words = "Fuera del abono: administración del campus (tareas del administrador: cursos, contenidos, usuarios)";
        assert_eq!(text_of(&html, "current-scope"), words);
        let history = &html[html.find("id=\"history\"").unwrap()..];
        assert!(history.contains(&format!("Sugerencia de alcance: Aceptada: {words}")), "{history}");
        // Accepting again re-renders the page with the reason.
        let r = post(&app, &agent, &format!("/console/tickets/{id}/scope-suggestion/accept"), &[("_csrf", &csrf(&html))]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("La sugerencia de alcance ya fue aceptada o reemplazada."));

        // The client reads the scope in plain words, and nothing of the suggestion.
        let (_, html) = get(&app, &client, &format!("/portal/tickets/{id}")).await;
        assert_eq!(text_of(&html, "scope"), words);
        assert!(!html.contains("scope-suggestion") && !html.contains("Alcance sugerido") && !html.contains("Coincide con"));
        // A client admin posting the console's accept gets the console's 403.
        let r = post(&app, &client, &format!("/console/tickets/{id}/scope-suggestion/accept"), &[("_csrf", &csrf(&html))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }

    async fn the_triage_form_overrides_and_refuses_a_missing_reason(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let t = open(&app, &client, campus, "Integración", "Queremos integrar el campus con SAP.").await;
        let id = t["id"].as_i64().unwrap();
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, html) = get(&app, &agent, &format!("/console/tickets/{id}")).await;
        let token = csrf(&html);
        let triage = |kind: &'static str, reason: &'static str, note: &'static str| {
            let (app, agent, token) = (&app, &agent, &token);
            async move {
                post(app, agent, &format!("/console/tickets/{id}/triage"), &[("_csrf", token.as_str()), ("priority", "low"),
                    ("category", "functional"), ("assignee_id", ""), ("scope_kind", kind), ("scope_reason", reason), ("scope_note", note)]).await
            }
        };
        let r = triage("out_of_scope", "", "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Motivo del alcance: es obligatorio."), "{}", r.body);
        let r = triage("out_of_scope", "bogus", "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await.1["scope"]["kind"], "included");

        let r = triage("admin_hours", "integration", "Lo hacemos con horas").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await;
        assert_eq!(v["scope"], json!({"kind": "admin_hours", "reason": null, "note": "Lo hacemos con horas",
            "explanation": "Paid from the campus administration hours"}), "a stale reason is dropped");
        assert_eq!(v["scope_suggestion"]["decision"], "overridden");
        let (_, html) = get(&app, &agent, &format!("/console/tickets/{id}")).await;
        assert!(text_of(&html, "suggestion-decision").contains("Reemplazada por otro alcance"));
        assert!(html.contains("Sugerencia de alcance: Reemplazada por otro alcance: Fuera del abono: integración con otros sistemas"));
    }

    async fn a_plans_services_are_edited_on_its_page(app) {
        app.staff("root@provider.test", "admin").await;
        let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Reducido", "policy_id": 1})).await;
        let pid = plan["id"].as_i64().unwrap();
        let root = sign_in(&app, "root@provider.test", "agent-password-1").await;
        let (s, html) = get(&app, &root, &format!("/admin/plans/{pid}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(html.matches("name=\"included\"").count(), 12, "one row per service");
        assert!(html.contains("id=\"hosted-only-daily_backups\" name=\"hosted_only\" value=\"daily_backups\" checked"));
        assert!(html.contains("id=\"hosted-only-monitoring\" name=\"hosted_only\" value=\"monitoring\" aria"));
        let mut form = vec![("_csrf", csrf(&html))];
        for s in ["hosting", "server_maintenance", "security", "os_db_updates", "daily_backups", "bug_fixes", "version_upgrade",
                  "functional_support", "technical_support", "administrative_commercial", "complaints"] {
            form.push(("included", s.to_string()));
        }
        for s in ["hosting", "security"] {
            form.push(("hosted_only", s.to_string()));
        }
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(&app, &root, &format!("/admin/plans/{pid}/services"), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, v) = app.get(&format!("/api/v1/plans/{pid}/services"), &app.admin).await;
        let of = |s: &str| v.as_array().unwrap().iter().find(|x| x["service"] == s).unwrap().clone();
        assert_eq!(of("monitoring"), json!({"service": "monitoring", "included": false, "hosted_only": false}));
        assert_eq!(of("daily_backups"), json!({"service": "daily_backups", "included": true, "hosted_only": false}));
        assert_eq!(of("security"), json!({"service": "security", "included": true, "hosted_only": true}));
        // The plans list page still renders; an agent may not post the form.
        assert_eq!(get(&app, &root, "/admin/plans").await.0, StatusCode::OK);
        app.staff("agent@provider.test", "agent").await;
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, any) = get(&app, &agent, "/console").await;
        let r = post(&app, &agent, &format!("/admin/plans/{pid}/services"), &[("_csrf", &csrf(&any))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}
