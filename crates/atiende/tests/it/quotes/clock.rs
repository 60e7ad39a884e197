//! The clock around a quote: sending pauses it (status `waiting_on_client`), the client's
//! approval or rejection resumes it with `due_at` moved by exactly the paused time, and an
//! expiry marks the quote without touching the ticket.

use reqwest::StatusCode;
use serde_json::json;

use super::{H, event_kinds, events, outbox, quotes_of, send, setup, terms, ticket};
use crate::both_backends;

both_backends! {
    async fn sending_pauses_and_approval_resumes_the_clock_by_the_paused_time(app) {
        let s = setup(&app).await;
        // Medium, opened at t0 (2026-11-02 10:00 UTC): due 48 h later.
        assert_eq!(ticket(&app, &s).await["sla"]["due_at"], "2026-11-04T10:00:00.000000Z");
        app.at(H);
        let q = send(&app, &s, terms("2026-11-30")).await;
        assert_eq!(q["state"], "pending");
        assert_eq!((q["minutes"].as_i64(), q["hours"].as_f64()), (Some(750), Some(12.5)));
        assert_eq!((q["amount_minor"].as_i64(), q["amount"].as_str(), q["currency"].as_str()),
            (Some(15_000_000), Some("150000.00"), Some("ARS")));
        // The end of 30 November in Buenos Aires (UTC−3).
        assert_eq!(q["expires_at"], "2026-12-01T03:00:00Z");
        let v = ticket(&app, &s).await;
        assert_eq!(v["status"], "waiting_on_client");
        assert_eq!((v["sla"]["paused"].as_bool(), v["sla"]["clock_running"].as_bool()), (Some(true), Some(false)));
        assert_eq!(v["sla"]["due_at"], "2026-11-04T10:00:00.000000Z");
        assert_eq!(v["sla"]["remaining_seconds"], 47 * H);

        // Five hours later the client has not answered: frozen, shown as if resumed now.
        app.at(6 * H);
        let v = ticket(&app, &s).await;
        assert_eq!(v["sla"]["paused"], true);
        assert_eq!(v["sla"]["remaining_seconds"], 47 * H);
        assert_eq!(v["sla"]["due_at"], "2026-11-04T15:00:00.000000Z");

        let (st, a) = app.post(&format!("/api/v1/quotes/{}/approve", q["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::OK, "{a}");
        assert_eq!(a["state"], "approved");
        assert_eq!(a["decided_by_name"], "Admin Norte");
        assert_eq!(a["decided_at"], "2026-11-02T16:00:00Z");
        assert!(a["created_by_name"].is_null(), "a client does not read staff names: {a}");
        let v = ticket(&app, &s).await;
        assert_eq!(v["status"], "open");
        assert_eq!((v["sla"]["paused"].as_bool(), v["sla"]["clock_running"].as_bool()), (Some(false), Some(true)));
        // Moved by exactly the 5 h it waited on the client.
        assert_eq!(v["sla"]["due_at"], "2026-11-04T15:00:00.000000Z");
        assert_eq!(v["sla"]["paused_seconds"], 5 * H);
        assert_eq!(v["sla"]["remaining_seconds"], 47 * H);
        let (stored, replayed) = app.service.replay_projection(s.ticket, app.service.now()).await.expect("replay");
        assert_eq!(stored, replayed, "the stored projection is the history's");

        // The history tells it; the client reads the same events.
        let kinds = event_kinds(&app, &s, &s.client).await;
        assert_eq!(&kinds[kinds.len() - 4..], ["quote_sent", "status_changed", "quote_approved", "status_changed"]);
        let evs = events(&app, &s, &s.agent).await;
        let sent = &evs[evs.len() - 4];
        assert_eq!((sent["at"].as_str(), sent["actor_id"].as_i64()), (Some("2026-11-02T11:00:00.000000Z"), Some(s.agent_id)));
        assert_eq!(sent["data"]["amount_minor"], 15_000_000);
        assert_eq!(sent["data"]["valid_until"], "2026-11-30");
        let wait = &evs[evs.len() - 3];
        assert_eq!((wait["data"]["to"].as_str(), wait["data"]["auto"].as_bool()), (Some("waiting_on_client"), Some(true)));
        let resumed = &evs[evs.len() - 1];
        assert_eq!((resumed["data"]["from"].as_str(), resumed["data"]["to"].as_str()), (Some("waiting_on_client"), Some("open")));

        // One e-mail to the client admin: the quote, with the link to decide (no second
        // "waiting for your reply" for the same change).
        let mails = outbox(&app).await;
        let quote_mails: Vec<_> = mails.iter().filter(|m| m["subject"].as_str().unwrap_or("").contains("Presupuesto")).collect();
        assert_eq!(quote_mails.len(), 1, "{mails:?}");
        let m = quote_mails[0];
        assert_eq!(m["to"], "admin@norte.test");
        assert_eq!(m["ticket_id"], s.ticket);
        assert_eq!(m["subject"], format!("[T-{:07}] Presupuesto para su aprobación: Cursos nuevos", s.ticket));
        let body = m["body"].as_str().unwrap();
        for part in ["ARS 150.000,00", "12 h 30 min", "30/11/2026", "Crear 40 cursos", "America/Argentina/Buenos_Aires",
                     &format!("/portal/tickets/{}#quotes", s.ticket)] {
            assert!(body.contains(part), "{part} missing in {body}");
        }
        assert!(!mails.iter().any(|m| m["subject"].as_str().unwrap_or("").contains("Esperamos su respuesta")), "{mails:?}");
    }

    async fn rejection_resumes_the_clock_likewise_and_keeps_the_reason(app) {
        let s = setup(&app).await;
        app.at(H);
        let q = send(&app, &s, terms("2026-11-30")).await;
        app.at(3 * H);
        let (st, r) = app.post(&format!("/api/v1/quotes/{}/reject", q["id"]), &s.client, json!({"reason": "  Excede el presupuesto de este año  "})).await;
        assert_eq!(st, StatusCode::OK, "{r}");
        assert_eq!((r["state"].as_str(), r["reason"].as_str()), (Some("rejected"), Some("Excede el presupuesto de este año")));
        let v = ticket(&app, &s).await;
        assert_eq!(v["status"], "open");
        assert_eq!(v["sla"]["clock_running"], true);
        assert_eq!(v["sla"]["due_at"], "2026-11-04T12:00:00.000000Z", "moved by the 2 h paused");
        let evs = events(&app, &s, &s.agent).await;
        let rejected = &evs[evs.len() - 2];
        assert_eq!(rejected["kind"], "quote_rejected");
        assert_eq!(rejected["data"]["reason"], "Excede el presupuesto de este año");
        // The agent decides what follows (a new quote, the hours bank, closing).
        let list = quotes_of(&app, &s, &s.agent).await;
        assert_eq!(list[0]["state"], "rejected");
    }

    async fn an_expired_quote_is_marked_and_the_ticket_keeps_waiting(app) {
        let s = setup(&app).await;
        app.at(H);
        // Valid until 3 November: it ends at 2026-11-04 03:00 UTC (midnight in Buenos Aires).
        let q = send(&app, &s, terms("2026-11-03")).await;
        assert_eq!(q["expires_at"], "2026-11-04T03:00:00Z");
        app.at(40 * H);
        app.watch().await;
        assert_eq!(quotes_of(&app, &s, &s.agent).await[0]["state"], "pending", "still valid at 02:00 UTC");
        app.at(42 * H);
        app.watch().await;
        let list = quotes_of(&app, &s, &s.client).await;
        assert_eq!(list[0]["state"], "expired");
        assert_eq!(list[0]["decided_at"], "2026-11-04T03:00:00Z");
        assert!(list[0]["decided_by"].is_null());
        // Not the ticket's business: the client still owes an answer, the clock stays paused.
        let v = ticket(&app, &s).await;
        assert_eq!(v["status"], "waiting_on_client");
        assert_eq!(v["sla"]["paused"], true);
        let evs = events(&app, &s, &s.agent).await;
        let last = evs.last().unwrap();
        assert_eq!((last["kind"].as_str(), last["at"].as_str()), (Some("quote_expired"), Some("2026-11-04T03:00:00.000000Z")));
        assert!(last["actor_id"].is_null());
        // Once: another tick records nothing more.
        app.watch().await;
        assert_eq!(events(&app, &s, &s.agent).await.len(), evs.len());
        for (path, token) in [("approve", &s.client), ("reject", &s.client), ("withdraw", &s.agent)] {
            let (st, v) = app.post(&format!("/api/v1/quotes/{}/{path}", q["id"]), token, json!({})).await;
            assert_eq!(st, StatusCode::CONFLICT, "{path}: {v}");
            assert_eq!(v["type"], "https://atiende.invalid/problems/state", "{v}");
        }
        // The agent re-quotes: a new pending quote on the same waiting ticket.
        let q2 = send(&app, &s, terms("2026-11-30")).await;
        assert!(q2["id"] != q["id"]);
        let kinds = event_kinds(&app, &s, &s.agent).await;
        assert_eq!(kinds.last().map(String::as_str), Some("quote_sent"), "no status change: it was waiting already");
    }

    async fn a_decision_after_the_validity_is_refused_even_before_the_watch_runs(app) {
        let s = setup(&app).await;
        app.at(H);
        let q = send(&app, &s, terms("2026-11-03")).await;
        app.at(42 * H);
        let (st, v) = app.post(&format!("/api/v1/quotes/{}/approve", q["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("expired"), "{v}");
        // The refusal recorded the expiry at its own instant; the ticket still waits.
        let evs = events(&app, &s, &s.agent).await;
        let last = evs.last().unwrap();
        assert_eq!((last["kind"].as_str(), last["at"].as_str()), (Some("quote_expired"), Some("2026-11-04T03:00:00.000000Z")));
        assert_eq!(ticket(&app, &s).await["status"], "waiting_on_client");
        assert_eq!(app.service.expire_due_quotes().await.expect("expire"), 0, "nothing left to expire");
        // Read alone settles it too, on another ticket.
        let s2 = {
            let t = app.ok("/api/v1/tickets", &s.client, json!({"category": "technical", "priority": "low", "subject": "Plugin a medida", "body": "x"})).await;
            crate::quotes::Setup { ticket: t["id"].as_i64().unwrap(), client: s.client.clone(), agent: s.agent.clone(), ..s }
        };
        crate::quotes::set_scope(&app, &s2, "admin_hours").await;
        let q2 = send(&app, &s2, terms("2026-11-05")).await;
        app.at(42 * H + 3 * 24 * H);
        assert_eq!(quotes_of(&app, &s2, &s2.client).await[0]["state"], "expired");
        let (_, one) = app.get(&format!("/api/v1/quotes/{}", q2["id"]), &s2.agent).await;
        assert_eq!(one["state"], "expired");
    }

    async fn a_new_quote_replaces_the_pending_one_and_each_is_decided_once(app) {
        let s = setup(&app).await;
        app.at(H);
        let q1 = send(&app, &s, terms("2026-11-30")).await;
        let mut cheaper = terms("2026-11-30");
        cheaper["amount_minor"] = json!(12_000_000);
        let q2 = send(&app, &s, cheaper).await;
        let list = quotes_of(&app, &s, &s.agent).await;
        assert_eq!(list.len(), 2);
        assert_eq!((list[0]["id"].clone(), list[0]["state"].as_str()), (q2["id"].clone(), Some("pending")));
        assert_eq!((list[1]["state"].as_str(), list[1]["replaced_by"].clone()), (Some("withdrawn"), q2["id"].clone()));
        assert_eq!(list[1]["decided_by"], s.agent_id);
        let kinds = event_kinds(&app, &s, &s.agent).await;
        assert_eq!(&kinds[kinds.len() - 4..], ["quote_sent", "status_changed", "quote_withdrawn", "quote_sent"]);
        let evs = events(&app, &s, &s.agent).await;
        assert_eq!(evs.last().unwrap()["data"]["replaces"], q1["id"]);

        let approve = |id: &serde_json::Value| format!("/api/v1/quotes/{id}/approve");
        let (st, _) = app.post(&approve(&q1["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::CONFLICT, "a withdrawn quote is not decided");
        // The client writes meanwhile: the ticket resumes as always, the quote stays pending.
        app.at(2 * H);
        app.ok(&format!("{}/messages", s.path()), &s.client, json!({"body": "¿Incluye la matriculación?"})).await;
        assert_eq!(ticket(&app, &s).await["status"], "open");
        app.at(3 * H);
        let (st, v) = app.post(&approve(&q2["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(event_kinds(&app, &s, &s.agent).await.last().map(String::as_str), Some("quote_approved"),
            "an open ticket has no status to resume");
        let (st, v) = app.post(&approve(&q2["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::CONFLICT, "{v}");
        assert_eq!(v["type"], "https://atiende.invalid/problems/state");
        let (st, _) = app.post(&format!("/api/v1/quotes/{}/reject", q2["id"]), &s.client, json!({})).await;
        assert_eq!(st, StatusCode::CONFLICT);

        // Withdrawing leaves the status to the agent.
        let q3 = send(&app, &s, terms("2026-11-30")).await;
        let (st, w) = app.post(&format!("/api/v1/quotes/{}/withdraw", q3["id"]), &s.agent, json!({})).await;
        assert_eq!(st, StatusCode::OK, "{w}");
        assert_eq!((w["state"].as_str(), w["decided_by"].as_i64()), (Some("withdrawn"), Some(s.agent_id)));
        assert_eq!(ticket(&app, &s).await["status"], "waiting_on_client");
        let (st, _) = app.post(&format!("/api/v1/quotes/{}/withdraw", q3["id"]), &s.agent, json!({})).await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert_eq!(quotes_of(&app, &s, &s.client).await.iter().filter(|q| q["state"] == "pending").count(), 0);
    }
}
