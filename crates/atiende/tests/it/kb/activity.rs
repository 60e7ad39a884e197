//! Votes, views and deflections, and what the dashboard counts.

use reqwest::StatusCode;
use serde_json::json;

use super::{article, publish};
use crate::both_backends;

both_backends! {
    async fn one_vote_per_user_and_it_can_change(app) {
        let (_, _, a) = app.client_with_admin("Norte").await;
        let (_, _, b) = app.client_with_admin("Sur").await;
        let art = article(&app, "Foros", "Suscripciones.", "public").await;
        publish(&app, &art["id"]).await;
        let vote = format!("/api/v1/kb/articles/{}/vote", art["id"]);
        let v = app.ok(&vote, &a, json!({"helpful": true})).await;
        assert_eq!(v, json!({"helpful": 1, "not_helpful": 0}));
        let v = app.ok(&vote, &a, json!({"helpful": true})).await;
        assert_eq!(v, json!({"helpful": 1, "not_helpful": 0}), "the same vote again counts once");
        let v = app.ok(&vote, &b, json!({"helpful": true})).await;
        assert_eq!(v, json!({"helpful": 2, "not_helpful": 0}));
        let v = app.ok(&vote, &a, json!({"helpful": false})).await;
        assert_eq!(v, json!({"helpful": 1, "not_helpful": 1}), "changed, not added");
        let (_, got) = app.get(&format!("/api/v1/kb/articles/{}", art["id"]), &a).await;
        assert_eq!(got["my_vote"], false);
        assert_eq!(got["views"], 1);
        let (_, got) = app.get(&format!("/api/v1/kb/articles/{}", art["id"]), &b).await;
        assert_eq!(got["my_vote"], true);
        assert_eq!(got["views"], 2);
        let (s, v) = app.post(&vote, &a, json!({"helpful": "si"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let draft = article(&app, "Borrador", "x", "public").await;
        let (s, _) = app.post(&format!("/api/v1/kb/articles/{}/vote", draft["id"]), &a, json!({"helpful": true})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn deflections_are_counted_per_client_and_in_the_dashboard(app) {
        let (_, _, a) = app.client_with_admin("Norte").await;
        let (_, _, b) = app.client_with_admin("Sur").await;
        let art = article(&app, "Matricular alumnos", "Paso a paso.", "public").await;
        let internal = article(&app, "Interno", "x", "internal").await;
        publish(&app, &art["id"]).await;
        publish(&app, &internal["id"]).await;
        let path = format!("/api/v1/kb/articles/{}/deflections", art["id"]);
        let (s, v) = app.post(&path, &a, json!({"query": "no puedo matricular alumnos"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        app.ok(&path, &a, json!({})).await;
        app.ok(&path, &b, json!({"query": "matricular"})).await;
        // Staff do not deflect; nobody deflects with an article they cannot see.
        let (s, _) = app.post(&path, &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.post(&format!("/api/v1/kb/articles/{}/deflections", internal["id"]), &a, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v) = app.post(&path, &a, json!({"query": "a\nb"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        // No ticket was opened.
        let (_, tickets) = app.get("/api/v1/tickets", &app.admin).await;
        assert_eq!(tickets["items"].as_array().map(Vec::len), Some(0), "{tickets}");

        // Each client's figures are its own; staff count every client's.
        let (from, to) = (crate::harness::t0() - jiff::SignedDuration::from_hours(1), crate::harness::t0() + jiff::SignedDuration::from_hours(1));
        let actor_a = app.service.authenticate_token(&a).await.unwrap();
        let actor_b = app.service.authenticate_token(&b).await.unwrap();
        let root = app.service.authenticate_token(&app.admin).await.unwrap();
        assert_eq!(app.service.kb_figures(&actor_a, from, to).await.unwrap().deflections, 2);
        assert_eq!(app.service.kb_figures(&actor_b, from, to).await.unwrap().deflections, 1);
        assert_eq!(app.service.kb_figures(&root, from, to).await.unwrap().deflections, 3);
        let later = to + jiff::SignedDuration::from_hours(1);
        assert_eq!(app.service.kb_figures(&root, to, later).await.unwrap().deflections, 0);

        let (s, d) = app.get("/api/v1/dashboard?period=this_month", &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_eq!(d["kb"]["deflections"], 3, "{}", d["kb"]);
    }

    async fn a_ticket_becomes_an_internal_draft_without_its_notes(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "functional", "priority": "low",
            "subject": "Cómo restaurar un curso", "body": "Necesitamos restaurar el curso de Física."})).await;
        let tid = t["id"].as_i64().unwrap();
        app.ok(&format!("/api/v1/tickets/{tid}/messages"), &agent, json!({"body": "Nota: cliente moroso", "internal": true})).await;
        app.ok(&format!("/api/v1/tickets/{tid}/messages"), &agent, json!({"body": "Use Más → Restaurar.", "internal": false})).await;
        let (s, d) = app.post("/api/v1/kb/drafts", &agent, json!({"ticket_id": tid})).await;
        assert_eq!(s, StatusCode::CREATED, "{d}");
        assert_eq!(d["status"], "draft");
        assert_eq!(d["visibility"], "internal");
        assert_eq!(d["source_ticket_id"], tid);
        assert_eq!(d["versions"][0]["title"], "Cómo restaurar un curso");
        let body = d["versions"][0]["body"].as_str().unwrap();
        assert!(body.contains("restaurar el curso de Física") && body.contains("Más → Restaurar"), "{body}");
        assert!(!body.contains("moroso"), "internal notes stay out: {body}");
        let (s, _) = app.post("/api/v1/kb/drafts", &client, json!({"ticket_id": tid})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.post("/api/v1/kb/drafts", &agent, json!({"ticket_id": 999999})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}
