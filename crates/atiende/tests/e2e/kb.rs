//! Deflection in a real browser (issue 21, item 4): typing "no puedo matricular alumnos" as a
//! new ticket's subject lists the enrolment article first, in a live region, without leaving
//! the form; "Esto resolvió mi consulta", reached and pressed from the keyboard, records a
//! deflection in place and opens no ticket; the dashboard counts it.

use fantoccini::key::Key;

use crate::{axe::assert_accessible, e2e};

e2e! {
    async fn typing_a_subject_suggests_articles_and_one_resolves_it(app, driver) {
        let root = app.service.authenticate_token(&app.admin).await.expect("admin");
        atiende::demo::kb::seed(&app.service, &root).await.expect("demo articles");
        app.client_with_admin("Norte").await;

        let b = driver.browser(&app.base).await;
        b.sign_in("admin@norte.test", "client-password-1").await;
        b.goto("/portal/tickets/new").await;
        b.fill("#subject", "no puedo matricular alumnos").await;
        let first = b.el("#kb-suggestions li:first-child").await;
        assert_eq!(first.attr("data-article").await.expect("attr").as_deref(), Some("matricular-alumnos"));
        assert_eq!(b.attr("#kb-suggestions", "aria-live").await.as_deref(), Some("polite"));
        assert!(b.text("#kb-suggestions li:first-child a").await.contains("matricular alumnos"));
        assert!(b.exists("#kb-suggestions li:first-child mark").await, "matching words are marked");
        assert_accessible(&b, "portal-new-ticket-suggestions").await;

        // From the keyboard: the subject, then Tab to the first suggestion's button.
        b.el("#subject").await.click().await.expect("focus the subject");
        b.tab_to("#kb-suggestions li:first-child button.kb-resolved", 12).await;
        b.press(Key::Enter).await;
        let done = b.el("#kb-suggestions li:first-child .kb-deflected").await;
        assert!(done.text().await.expect("text").contains("no se abrió ningún ticket"));
        assert_eq!(b.path().await, "/portal/tickets/new", "still on the form");
        let subject = b.el("#subject").await.prop("value").await.expect("value");
        assert_eq!(subject.as_deref(), Some("no puedo matricular alumnos"), "nothing typed was lost");
        b.close().await;

        let (_, tickets) = app.get("/api/v1/tickets", &app.admin).await;
        assert_eq!(tickets["items"].as_array().map(Vec::len), Some(0), "no ticket");
        let (_, d) = app.get("/api/v1/dashboard", &app.admin).await;
        assert_eq!(d["kb"]["deflections"], 1, "{}", d["kb"]);
    }
}
