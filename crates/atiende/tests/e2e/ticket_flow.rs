//! The life of an urgent ticket through both UIs: the client opens it in the portal, an
//! agent (another browser) finds it first in the queue, answers, waits on the client (the
//! SLA countdown pauses), the client answers (it resumes), the agent resolves and the
//! client confirms. Screenshots of each page land in `target/screenshots/`.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::e2e;

/// The `T-0000001`-style number in a heading.
fn ticket_number(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '·')
        .find(|w| w.len() == 9 && w.starts_with("T-") && w[2..].chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no ticket number in {text:?}"))
        .to_string()
}

e2e! {
    async fn urgent_ticket_from_portal_to_closed(app, driver) {
        let (_, campus, client_token) = app.client_with_admin("Norte").await;
        let (_, _, sur_token) = app.client_with_admin("Sur").await;
        app.ok("/api/v1/users", &app.admin, json!({"email": "lucia@provider.test", "name": "Lucía Gómez",
            "role": "agent", "password": "agent-password-1"})).await;
        // Older, less urgent tickets: the urgent one must still come first in the queue.
        app.ok("/api/v1/tickets", &client_token, json!({"campus_id": campus, "category": "functional",
            "priority": "low", "subject": "Consulta sobre reportes", "body": "¿Cómo exporto las notas?"})).await;
        app.ok("/api/v1/tickets", &sur_token, json!({"category": "technical", "priority": "high",
            "subject": "El aula virtual está lenta", "body": "Tarda un minuto en abrir cada curso."})).await;
        app.at(600);

        // The client admin opens an urgent ticket in the portal.
        let client = driver.browser(&app.base).await;
        client.sign_in("admin@norte.test", "client-password-1").await;
        assert_eq!(client.path().await, "/portal");
        client.goto("/portal/tickets/new").await;
        client.el("form#new-ticket").await;
        client.choose("priority-urgent").await;
        client.select("#category", "technical").await;
        client.fill("#subject", "El campus no carga").await;
        client.fill("#body", "Desde las 9 nadie puede entrar al aula virtual.").await;
        client.screenshot("portal-new-ticket").await;
        client.click_and_wait("#submit-ticket").await;
        let portal_path = client.path().await;
        assert!(portal_path.starts_with("/portal/tickets/"), "{portal_path}");
        let heading = client.text("h1").await;
        assert!(heading.contains("El campus no carga"), "{heading}");
        let number = ticket_number(&heading);
        client.goto("/portal").await;
        assert_eq!(client.el("table#tickets").await.find_all(fantoccini::Locator::Css("tr[data-ticket]")).await.expect("rows").len(), 2);
        client.screenshot("portal-tickets").await;

        // The agent sees it first in the queue and opens it.
        let agent = driver.browser(&app.base).await;
        agent.sign_in("lucia@provider.test", "agent-password-1").await;
        assert_eq!(agent.path().await, "/console");
        let first = agent.attr("table#queue tr[data-ticket]", "data-ticket").await;
        assert_eq!(first.as_deref(), Some(number.as_str()), "the urgent ticket leads the queue");
        agent.screenshot("console-queue").await;
        agent.click_and_wait(&format!("table#queue tr[data-ticket='{number}'] a")).await;
        assert!(agent.path().await.starts_with("/console/tickets/"));
        assert!(agent.text("h1").await.contains(&number));

        // 50 minutes in, the agent answers and waits on the client: the countdown pauses.
        app.at(3600);
        agent.fill("#reply-body", "¿Qué mensaje de error ven al entrar?").await;
        agent.click_and_wait("#send-reply").await;
        assert!(agent.text("ol.thread").await.contains("¿Qué mensaje de error ven al entrar?"));
        agent.select("select#status", "waiting_on_client").await;
        agent.click_and_wait("#save-status").await;
        assert_eq!(agent.text("#current-status").await, "Esperando al cliente");
        let paused = agent.el("#sla .countdown[data-running='false']").await;
        // 4 h target, 50 min used: 3 h 10 min left, frozen.
        assert_eq!(paused.attr("data-remaining").await.expect("attr").as_deref(), Some("11400"));
        agent.screenshot("console-ticket").await;
        // The live countdown stays still, even with the page's clock an hour ahead.
        let frozen = agent.text("#sla .countdown").await;
        advance_page_clock(&agent, 3600).await;
        assert_text_stays(&agent, "#sla .countdown", Duration::from_secs(2)).await;
        assert_eq!(agent.text("#sla .countdown").await, frozen);

        // Two hours later the client answers in the portal: the clock resumes.
        app.at(3 * 3600);
        client.goto(&portal_path).await;
        assert!(client.text("ol.thread").await.contains("¿Qué mensaje de error ven al entrar?"));
        client.fill("#reply-body", "Dice «Error 503». Gracias.").await;
        client.click_and_wait("#send-reply").await;
        assert!(client.text("ol.thread").await.contains("Error 503"));
        client.screenshot("portal-ticket").await;

        agent.c.refresh().await.expect("reload");
        let running = agent.el("#sla .countdown[data-running='true']").await;
        assert_eq!(running.attr("data-remaining").await.expect("attr").as_deref(), Some("11400"),
            "the two paused hours did not count");
        assert_eq!(agent.text("#current-status").await, "Abierto");
        // Running again, the live countdown moves: an hour later on the page's clock it
        // shows an hour less (3 h 10 min → 2 h 10 min, or 09 once real seconds add up).
        wait_for_text(&agent, "#sla .countdown", "3 h ").await;
        advance_page_clock(&agent, 3600).await;
        wait_for_text(&agent, "#sla .countdown", "2 h ").await;
        assert!(agent.text("ol.thread").await.contains("Error 503"));

        // The agent resolves; the client confirms: closed.
        app.at(4 * 3600);
        agent.select("select#status", "resolved").await;
        agent.click_and_wait("#save-status").await;
        assert_eq!(agent.text("#current-status").await, "Resuelto");
        client.goto(&portal_path).await;
        client.click_and_wait("#confirm-ticket").await;
        client.goto(&portal_path).await;
        assert_eq!(client.text("dd#status").await, "Cerrado");
        let id = portal_path.trim_start_matches("/portal/tickets/");
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &client_token).await;
        assert_eq!(v["status"], "closed", "{v}");
        assert_eq!(v["sla"]["state"], "met", "{v}");

        agent.close().await;
        client.close().await;
    }
}

/// Moves the page's notion of "now" ahead, as if the tab had stayed open that long (the
/// countdown script measures the time since the page loaded with `Date.now`).
async fn advance_page_clock(b: &crate::browser::Browser, secs: i64) {
    b.run_js(&format!(
        "const real = Date.now.bind(Date); Date.now = () => real() + {secs} * 1000;"
    ))
    .await;
}

/// Waits (a short poll, up to 5 s) until the element's text starts with `want`.
async fn wait_for_text(b: &crate::browser::Browser, css: &str, want: &str) {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let got = b.text(css).await;
        if got.starts_with(want) {
            return;
        }
        assert!(
            Instant::now() < until,
            "`{css}` shows {got:?}, expected {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The element's text does not change for `span` (sampled, so a ticking clock would show).
async fn assert_text_stays(b: &crate::browser::Browser, css: &str, span: Duration) {
    let first = b.text(css).await;
    let until = Instant::now() + span;
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(b.text(css).await, first, "`{css}` must stay still");
    }
}
