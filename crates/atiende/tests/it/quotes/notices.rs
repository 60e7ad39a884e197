//! Who hears about a quote: the client's decision reaches the agents (the bell and e-mail, as
//! their preferences say) and every quote change goes out to the webhooks that asked for it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{H, send, setup, terms};
use crate::{
    both_backends,
    harness::test_runner,
    webhook_receiver::{Got, Receiver},
};

both_backends! {
    async fn the_clients_decision_reaches_the_agent_and_every_change_the_webhooks(app) {
        let rx = Receiver::start().await;
        let (s, v) = app.post("/api/v1/webhooks", &app.admin, json!({"url": rx.url("/q"),
            "events": ["quote.sent", "quote.approved", "quote.rejected", "quote.withdrawn"], "active": true})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let setup = setup(&app).await;
        app.at(H);
        let first = send(&app, &setup, terms("2026-11-30")).await;
        app.at(2 * H);
        let second = send(&app, &setup, terms("2026-11-30")).await; // replaces the first
        app.at(3 * H);
        let (st, r) = app.post(&format!("/api/v1/quotes/{}/reject", second["id"]), &setup.client,
            json!({"reason": "Excede el presupuesto"})).await;
        assert_eq!(st, StatusCode::OK, "{r}");
        app.at(4 * H);
        let third = send(&app, &setup, terms("2026-11-30")).await;
        app.at(5 * H);
        let (st, r) = app.post(&format!("/api/v1/quotes/{}/approve", third["id"]), &setup.client, json!({})).await;
        assert_eq!(st, StatusCode::OK, "{r}");

        // The agent who sent them: one notice per decision, newest first, and the e-mails.
        let (st, n) = app.get("/api/v1/notifications", &setup.agent).await;
        assert_eq!(st, StatusCode::OK, "{n}");
        let kinds: Vec<&str> = n["items"].as_array().expect("items").iter()
            .filter_map(|i| i["kind"].as_str()).filter(|k| k.starts_with("quote_")).collect();
        assert_eq!(kinds, ["quote_approved", "quote_rejected"], "{n}");
        let (_, outbox) = app.get("/api/v1/outbox?limit=500", &app.admin).await;
        let to_agent: Vec<&Value> = outbox.as_array().expect("outbox").iter()
            .filter(|m| m["to"] == "agent@provider.test").collect();
        let subjects: Vec<&str> = to_agent.iter().filter_map(|m| m["subject"].as_str()).collect();
        assert!(subjects.iter().any(|s| s.contains("El cliente aprobó la cotización")), "{subjects:?}");
        assert!(subjects.iter().any(|s| s.contains("El cliente rechazó la cotización")), "{subjects:?}");
        let rejected = to_agent.iter().find(|m| m["subject"].as_str().is_some_and(|s| s.contains("rechazó"))).expect("mail");
        let (_, full) = app.get(&format!("/api/v1/outbox/{}", rejected["id"]), &app.admin).await;
        assert!(full.to_string().contains("Excede el presupuesto"), "the client's reason is in the mail: {full}");

        // The webhooks: each change once, in order, with the quote as it stood.
        app.service.run_due_jobs(&test_runner()).await.expect("round");
        let got: Vec<Value> = rx.got().iter().map(Got::json).collect();
        let events: Vec<(&str, i64)> = got.iter()
            .map(|g| (g["event"].as_str().unwrap_or(""), g["data"]["quote"]["id"].as_i64().unwrap_or(0))).collect();
        let (a, b, c) = (first["id"].as_i64().unwrap(), second["id"].as_i64().unwrap(), third["id"].as_i64().unwrap());
        let mut sorted = events.clone();
        sorted.sort_by_key(|(e, id)| (*id, *e));
        let mut expected = vec![("quote.sent", a), ("quote.withdrawn", a), ("quote.sent", b), ("quote.rejected", b),
            ("quote.sent", c), ("quote.approved", c)];
        expected.sort_by_key(|(e, id)| (*id, *e));
        assert_eq!(sorted, expected, "{got:#?}");
        let rej = got.iter().find(|g| g["event"] == "quote.rejected").expect("rejected");
        assert_eq!(rej["data"]["quote"]["reason"], "Excede el presupuesto");
        assert_eq!(rej["data"]["quote"]["state"], "rejected");
        assert_eq!(rej["data"]["ticket"]["id"], setup.ticket);
        let withdrawn = got.iter().find(|g| g["event"] == "quote.withdrawn").expect("withdrawn");
        assert_eq!(withdrawn["data"]["quote"]["replaced_by"], b);
        assert_eq!(got.iter().find(|g| g["event"] == "quote.approved").unwrap()["data"]["quote"]["minutes"], 750);
    }
}
