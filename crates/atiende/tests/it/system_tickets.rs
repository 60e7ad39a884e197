//! Tickets Atiende opens by itself: authored by the built-in system user, visible to the
//! client's admins like any of their tickets, clocked from when the problem began; the system
//! user itself is nobody's to sign in as, list, edit or notify.

use reqwest::{Method, StatusCode};
use serde_json::json;
use service::tickets::SystemTicket;

use crate::both_backends;

both_backends! {
    async fn a_system_ticket_is_the_clients_and_the_system_user_is_no_one(app) {
        let (client_id, campus_id, client) = app.client_with_admin("Norte").await;
        let began = crate::harness::t0() - jiff::SignedDuration::from_mins(3);
        let mut tx = app.service.db.begin().await.expect("tx");
        let row = app.service.open_system_ticket_in(&mut tx, &SystemTicket {
            client_id,
            campus_id: Some(campus_id),
            category: domain::ticket::Category::Technical,
            priority: domain::Priority::Urgent,
            subject: "Interrupción del servicio: campus".into(),
            body: "El campus no responde desde las 09:57.".into(),
            tags: vec!["monitor".into()],
            opened_at: began,
        }).await.expect("opened");
        tx.commit().await.expect("commit");

        let (s, t) = app.get(&format!("/api/v1/tickets/{}", row.id), &client).await;
        assert_eq!(s, StatusCode::OK, "the client admin sees it: {t}");
        assert_eq!(t["priority"], "urgent");
        assert_eq!(t["campus_id"], campus_id);
        assert_eq!(t["created_at"], "2026-11-02T09:57:00Z", "clocked from when it began: {t}");
        let system = app.service.system_actor().await.expect("system user");
        assert_eq!(t["requester_id"], system.user_id);

        // Not a person: not listed, not editable, cannot sign in, gets no mail.
        let (_, users) = app.get("/api/v1/users", &app.admin).await;
        assert!(!users.to_string().contains("sistema@atiende.invalid"), "{users}");
        let (s, _) = app.get(&format!("/api/v1/users/{}", system.user_id), &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.call(Method::POST, &format!("/api/v1/users/{}/reactivate", system.user_id), &app.admin, Some(json!({}))).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "the system user cannot be reactivated");
        assert!(app.service.authenticate_password("sistema@atiende.invalid", "!").await.is_err());
        let (_, outbox) = app.get("/api/v1/outbox", &app.admin).await;
        assert!(!outbox.to_string().contains("sistema@atiende.invalid"), "{outbox}");
    }
}
