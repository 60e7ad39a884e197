//! The agent's queue in a real browser: a filter applies as soon as it changes (the
//! "Filtrar" button is only for pages without JavaScript), and the ticket page's action bar
//! replies and sets the status in one click.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;

use crate::e2e;

e2e! {
    async fn queue_filters_apply_on_change_and_one_click_replies(app, driver) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        app.staff("lucia@provider.test", "agent").await;
        for (priority, subject) in [("urgent", "El campus no carga"), ("low", "Consulta de uso")] {
            app.ok("/api/v1/tickets", &client, json!({"category": "technical", "priority": priority,
                "subject": subject, "body": "Detalle"})).await;
        }
        let b = driver.browser(&app.base).await;
        b.sign_in("lucia@provider.test", "agent-password-1").await;
        assert_eq!(b.path().await, "/console");
        let rows = |b: &crate::browser::Browser| {
            let c = b.c.clone();
            async move { c.find_all(Locator::Css("table#queue tr[data-ticket]")).await.expect("rows").len() }
        };
        assert_eq!(rows(&b).await, 2);
        b.screenshot("console-day-queue").await;
        let apply = b.el("#apply-filters").await;
        assert!(!apply.is_displayed().await.expect("displayed"), "with JavaScript the form needs no button");

        // Choosing a priority reloads the queue filtered, without any click.
        b.select("#filter-priority", "urgent").await;
        let until = Instant::now() + Duration::from_secs(15);
        while !b.path().await.contains("priority=urgent") {
            assert!(Instant::now() < until, "the filter was not applied on change");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        b.el("table#queue").await;
        assert_eq!(rows(&b).await, 1);
        assert_eq!(b.attr("#filter-priority option:checked", "value").await.as_deref(), Some("urgent"));

        // "Enviar y esperar al cliente": the reply and the status in one click.
        b.click_and_wait("table#queue tr[data-ticket] th a").await;
        b.fill("#reply-body", "¿Qué error ven al entrar?").await;
        b.click_and_wait("#send-wait").await;
        assert_eq!(b.text("#current-status").await, "Esperando al cliente");
        assert!(b.text("ol.thread").await.contains("¿Qué error ven al entrar?"));
        assert!(b.text("#due").await.contains("Reloj detenido: en pausa"));
        b.screenshot("console-day-ticket").await;
        b.close().await;
    }
}
