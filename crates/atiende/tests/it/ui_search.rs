//! The search boxes of the console and the portal over plain HTTP: results with the matching
//! words marked, a ticket number opens its ticket, and a client admin's box never shows
//! internal notes or another client's tickets.

use reqwest::{StatusCode, header};
use serde_json::json;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, get, sign_in},
};

async fn ticket(app: &TestApp, token: &str, subject: &str, body: &str) -> (i64, String) {
    let t = app
        .ok("/api/v1/tickets", token, json!({"category": "functional", "priority": "medium", "subject": subject, "body": body}))
        .await;
    (
        t["id"].as_i64().unwrap(),
        t["number"].as_str().unwrap().to_string(),
    )
}

/// Where a GET redirects to, if it does.
async fn location(app: &TestApp, cookie: &str, path: &str) -> Option<String> {
    let res = browser()
        .get(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("GET");
    (res.status() == StatusCode::SEE_OTHER)
        .then(|| {
            res.headers()
                .get(header::LOCATION)?
                .to_str()
                .ok()
                .map(str::to_string)
        })
        .flatten()
}

both_backends! {
    async fn the_console_box_finds_words_and_opens_numbers(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let (id, number) = ticket(&app, &alfa, "Importar usuarios", "El archivo CSV de matriculación falla.").await;
        let (other, other_number) = ticket(&app, &alfa, "Foros", "Nada que ver.").await;
        // Resolved tickets are searched too (a search is not the open-work view).
        app.ok(&format!("/api/v1/tickets/{other}/messages"), &agent,
            json!({"body": "Resuelto", "status": "resolved"})).await;
        let cookie = sign_in(&app, "agente@prov.test", "agent-password-1").await;

        let (s, html) = get(&app, &cookie, "/console?q=Matricular").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&format!("data-ticket=\"{number}\"")), "{html}");
        assert!(!html.contains(&format!("data-ticket=\"{other_number}\"")));
        assert!(html.contains("<mark>matriculación</mark>"), "{html}");
        assert!(html.contains("value=\"Matricular\""), "the box keeps the text");
        let (_, html) = get(&app, &cookie, "/console?q=resuelto").await;
        assert!(html.contains(&format!("data-ticket=\"{other_number}\"")), "{html}");
        // A number opens the ticket; an unknown number is a search with no result.
        assert_eq!(location(&app, &cookie, &format!("/console?q={number}")).await,
            Some(format!("/console/tickets/{id}")));
        assert_eq!(location(&app, &cookie, &format!("/console?q=%23{id}")).await,
            Some(format!("/console/tickets/{id}")));
        let (s, _) = get(&app, &cookie, "/console?q=99999").await;
        assert_eq!(s, StatusCode::OK);
        // Markup in the text is shown, not run.
        let (_, _) = ticket(&app, &alfa, "<script>alert(1)</script> curso", "x").await;
        let (_, html) = get(&app, &cookie, "/console?q=curso").await;
        assert!(!html.contains("<script>alert(1)"), "escaped");
    }

    async fn the_portal_box_shows_only_the_clients_public_words(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, _, beta) = app.client_with_admin("Beta").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let (a, a_number) = ticket(&app, &alfa, "Calificaciones", "El libro no suma.").await;
        let (b, b_number) = ticket(&app, &beta, "Calificaciones", "Tampoco suma.").await;
        app.ok(&format!("/api/v1/tickets/{a}/messages"), &agent,
            json!({"body": "Nota: el plugin gradebookx rompe la suma.", "internal": true})).await;
        let cookie = sign_in(&app, "admin@alfa.test", "client-password-1").await;

        let (s, html) = get(&app, &cookie, "/portal?q=calificacion").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&format!("data-ticket=\"{a_number}\"")), "{html}");
        assert!(!html.contains(&format!("data-ticket=\"{b_number}\"")), "another client's");
        assert!(html.contains("<mark>Calificaciones</mark>"), "{html}");
        let (_, html) = get(&app, &cookie, "/portal?q=gradebookx").await;
        assert!(!html.contains(&format!("data-ticket=\"{a_number}\"")), "found by a note");
        assert!(!html.contains("gradebookx rompe"), "a note's text");
        // Own number opens; another client's number does not.
        assert_eq!(location(&app, &cookie, &format!("/portal?q={a_number}")).await,
            Some(format!("/portal/tickets/{a}")));
        assert_eq!(location(&app, &cookie, &format!("/portal?q={b}")).await, None);
        let (s, html) = get(&app, &cookie, &format!("/portal?q={b_number}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!html.contains(&format!("data-ticket=\"{b_number}\"")));
    }
}
