//! Quotes in a real browser: the console's quote block (with a refused form) and the portal's
//! pending quote pass axe's WCAG A/AA rules and fit a 390 px phone without sideways
//! scrolling; the client approves with the button and the console shows the approval.

use serde_json::json;

use crate::{
    axe::{assert_accessible, axe_source, check_phone},
    browser::Browser,
    e2e,
};

const H: i64 = 3600;

/// axe at desktop width, then again at phone width with the overflow check.
async fn check(b: &Browser, name: &str) {
    assert_accessible(b, name).await;
    check_phone(b, name).await;
}

e2e! {
    async fn quote_blocks_are_accessible_and_fit_a_phone(app, driver) {
        if axe_source().is_none() {
            return;
        }
        let (_, _, client) = app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "administrative", "priority": "medium",
            "subject": "Cursos nuevos", "body": "Necesitamos crear 40 cursos y matricular a los alumnos"})).await;
        let id = t["id"].as_i64().expect("id");
        let (_, agent) = app.staff("agente2@provider.test", "agent").await;
        app.patch(&format!("/api/v1/tickets/{id}"), &agent,
            json!({"scope": {"kind": "out_of_scope", "reason": "custom_development"}})).await;
        app.at(H);

        let b = driver.browser(&app.base).await;
        b.sign_in("agent@provider.test", "agent-password-1").await;
        b.goto(&format!("/console/tickets/{id}")).await;
        b.el("form#quote-form").await;
        check(&b, "console quote form").await;
        // A refused form keeps what was typed and says why, accessibly.
        b.fill("#quote-description", "Crear 40 cursos y matricular a los alumnos desde la planilla").await;
        b.fill("#quote-hours", "-2").await;
        b.fill("#quote-amount", "150000,00").await;
        b.click_and_wait("#send-quote").await;
        assert!(b.text("#quote-errors").await.contains("Horas estimadas"));
        check(&b, "console quote form with errors").await;
        b.fill("#quote-hours", "12,5").await;
        b.click_and_wait("#send-quote").await;
        b.el("#quote-list li[data-state='pending']").await;
        check(&b, "console pending quote").await;
        b.sign_out().await;

        b.sign_in("admin@norte.test", "client-password-1").await;
        b.goto(&format!("/portal/tickets/{id}")).await;
        assert!(b.text("#quote-amount").await.contains("ARS 150.000,00"));
        check(&b, "portal pending quote").await;
        b.click_and_wait("#approve-quote").await;
        b.el("#past-quotes li[data-state='approved']").await;
        check(&b, "portal decided quote").await;
        b.sign_out().await;

        b.sign_in("agent@provider.test", "agent-password-1").await;
        b.goto(&format!("/console/tickets/{id}")).await;
        assert!(b.text("#quote-approved").await.contains("el trabajo puede comenzar"));
        check(&b, "console approved quote").await;
        b.close().await;
    }
}
