//! The quote blocks of the pages: the console's form (CSRF, refusals in the agent's language,
//! nothing written) and withdraw; the portal's pending quote with Approve / Reject; the
//! approval shown first on the console ticket page.

use reqwest::StatusCode;
use serde_json::json;

use super::{H, quotes_of, send, setup, terms};
use crate::{
    both_backends,
    harness::TestApp,
    web_client::{csrf, get, post, sign_in},
};

/// A staff member of `locale`, signed in; returns the session cookie.
async fn staff_in(app: &TestApp, email: &str, locale: &str) -> String {
    app.ok(
        "/api/v1/users",
        &app.admin,
        json!({"email": email, "name": email, "role": "agent", "locale": locale, "password": "agent-password-1"}),
    )
    .await;
    sign_in(app, email, "agent-password-1").await
}

both_backends! {
    async fn the_console_sends_and_withdraws_and_says_refusals_in_the_agents_language(app) {
        let s = setup(&app).await;
        app.at(H);
        let page = format!("/console/tickets/{}", s.ticket);
        let action = format!("{page}/quotes");
        let es = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (st, html) = get(&app, &es, &page).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("id=\"quote-form\"") && html.contains("id=\"no-quotes\""), "{html}");
        let token = csrf(&html);
        // Typed figures that are not numbers, then terms the use case refuses.
        let r = post(&app, &es, &action, &[("_csrf", &token), ("description", "Cursos"), ("hours", "-2"),
            ("amount", "1.500,00"), ("currency", "ARS"), ("valid_until", "2026-11-30")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Horas estimadas: no puede ser negativo."), "{}", r.body);
        assert!(r.body.contains("Importe: «1.500,00» no es un importe válido"), "{}", r.body);
        assert!(r.body.contains("value=\"1.500,00\""), "the typed value comes back");
        let r = post(&app, &es, &action, &[("_csrf", &token), ("description", " "), ("hours", "12,5"),
            ("amount", "150000,00"), ("currency", "PESOS"), ("valid_until", "2026-11-01")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for said in ["Trabajo: es obligatorio.", "Moneda: «PESOS» no es un código de moneda ISO 4217",
                     "Válido hasta: ese día ya terminó en el huso horario del cliente."] {
            assert!(r.body.contains(said), "{said}: {}", r.body);
        }
        let en = staff_in(&app, "agent-en@provider.test", "en").await;
        let (_, html_en) = get(&app, &en, &page).await;
        let r = post(&app, &en, &action, &[("_csrf", &csrf(&html_en)), ("description", " "), ("hours", "-2"),
            ("amount", "150000.00"), ("currency", "PESOS"), ("valid_until", "2026-11-30")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Estimated hours: must not be negative."), "{}", r.body);
        for spanish in ["obligatorio", "no puede", "Moneda", "Presupuestos"] {
            assert!(!r.body.contains(spanish), "{spanish} on an English page");
        }
        // Without the CSRF token: refused, nothing read.
        let r = post(&app, &es, &action, &[("description", "x"), ("hours", "1"), ("amount", "1"),
            ("currency", "ARS"), ("valid_until", "2026-11-30")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(quotes_of(&app, &s, &s.agent).await.is_empty(), "no refusal wrote a quote");

        let r = post(&app, &es, &action, &[("_csrf", &token), ("description", "Crear 40 cursos"), ("hours", "12,5"),
            ("amount", "150000,00"), ("currency", "ars"), ("valid_until", "2026-11-30")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location.as_deref(), Some(format!("{page}#quotes").as_str()));
        let q = &quotes_of(&app, &s, &s.agent).await[0];
        assert_eq!((q["minutes"].as_i64(), q["amount_minor"].as_i64(), q["currency"].as_str()), (Some(750), Some(15_000_000), Some("ARS")));
        let (_, html) = get(&app, &es, &page).await;
        assert!(html.contains(&format!("data-quote=\"{}\" data-state=\"pending\"", q["id"])), "{html}");
        assert!(html.contains("ARS 150.000,00") && html.contains("12 h 30 min"), "{html}");
        assert!(html.contains("Presupuesto enviado: #"), "history line: {html}");
        let r = post(&app, &es, &format!("/console/quotes/{}/withdraw", q["id"]), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(quotes_of(&app, &s, &s.agent).await[0]["state"], "withdrawn");
        let r = post(&app, &es, &format!("/console/quotes/{}/withdraw", q["id"]), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("ya no está pendiente"), "{}", r.body);
        // An included ticket offers no form, and says why.
        crate::quotes::set_scope(&app, &s, "included").await;
        let (_, html) = get(&app, &es, &page).await;
        assert!(html.contains("id=\"quote-included\"") && !html.contains("id=\"quote-form\""), "{html}");
    }

    async fn the_client_decides_in_the_portal_and_the_console_shows_the_approval_first(app) {
        let s = setup(&app).await;
        app.at(H);
        let q = send(&app, &s, terms("2026-11-30")).await;
        let id = q["id"].as_i64().unwrap();
        let page = format!("/portal/tickets/{}", s.ticket);
        let client = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (st, html) = get(&app, &client, &page).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains(&format!("id=\"pending-quote\" data-quote=\"{id}\"")), "{html}");
        for shown in ["ARS 150.000,00", "12 h 30 min", "30/11/2026", "Aprobar presupuesto", "Rechazar presupuesto"] {
            assert!(html.contains(shown), "{shown}: {html}");
        }
        let token = csrf(&html);
        let too_long = "x".repeat(domain::limits::REASON_MAX + 1);
        let r = post(&app, &client, &format!("/portal/quotes/{id}/reject"), &[("_csrf", &token), ("reason", &too_long)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Motivo del rechazo: admite como máximo 1000 caracteres."), "{}", r.body);
        let r = post(&app, &client, &format!("/portal/quotes/{id}/approve"), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token");
        assert_eq!(quotes_of(&app, &s, &s.client).await[0]["state"], "pending");
        // Staff cannot press the client's button; another client does not find it.
        let agent = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (_, console) = get(&app, &agent, &format!("/console/tickets/{}", s.ticket)).await;
        let r = post(&app, &agent, &format!("/portal/quotes/{id}/approve"), &[("_csrf", &csrf(&console))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        app.client_with_admin("Sur").await;
        let other = sign_in(&app, "admin@sur.test", "client-password-1").await;
        let (_, other_page) = get(&app, &other, "/portal").await;
        let r = post(&app, &other, &format!("/portal/quotes/{id}/approve"), &[("_csrf", &csrf(&other_page))]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        app.at(3 * H);
        let r = post(&app, &client, &format!("/portal/quotes/{id}/approve"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location.as_deref(), Some(format!("{page}#quotes").as_str()));
        let (_, html) = get(&app, &client, &page).await;
        assert!(!html.contains("id=\"pending-quote\""));
        assert!(html.contains(&format!("data-quote=\"{id}\" data-state=\"approved\"")), "{html}");
        let r = post(&app, &client, &format!("/portal/quotes/{id}/approve"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("El presupuesto ya no está pendiente"), "{}", r.body);
        // Work starts only after approval: the console says so first.
        let (_, console) = get(&app, &agent, &format!("/console/tickets/{}", s.ticket)).await;
        let banner = console.find("id=\"quote-approved\"").expect("approval banner");
        assert!(console[banner..].contains("aprobado por Admin Norte el 02/11/2026 10:00: el trabajo puede comenzar"),
            "{}", &console[banner..banner + 300]);
        assert!(console.contains("Presupuesto aprobado: #"), "history line");

        // A rejection from the portal, with its reason, on the next quote.
        let q2 = send(&app, &s, terms("2026-11-30")).await;
        let (_, html) = get(&app, &client, &page).await;
        let r = post(&app, &client, &format!("/portal/quotes/{}/reject", q2["id"]),
            &[("_csrf", &csrf(&html)), ("reason", "Preferimos usar las horas del abono")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let list = quotes_of(&app, &s, &s.agent).await;
        assert_eq!((list[0]["state"].as_str(), list[0]["reason"].as_str()), (Some("rejected"), Some("Preferimos usar las horas del abono")));
    }
}
