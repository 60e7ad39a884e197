//! The compliance API counts outcomes in the database; the monthly report lists them one by
//! one. On generated histories (re-triage after breaches, waits, reopenings, confirmations
//! and auto-closes, five time zones) both must say the same for every client and month, per
//! client and per priority.

use std::collections::BTreeMap;

use atiende::generate::{SeedArgs, run};
use domain::hours::Month;
use serde_json::Value;

use super::fixture::monthly;
use crate::both_backends;

fn outcomes(v: &Value) -> [i64; 3] {
    ["met", "breached", "pending"].map(|k| v[k].as_i64().expect(k))
}

fn add(sum: &mut [i64; 3], o: [i64; 3]) {
    sum.iter_mut().zip(o).for_each(|(s, x)| *s += x);
}

both_backends! {
    async fn counted_compliance_equals_the_listed_outcomes_on_generated_histories(app) {
        let args = SeedArgs { tickets: 900, clients: 6, agents: 3, templates: 150, months: 5, seed: 11, ..SeedArgs::default() };
        run(&app.service, &args).await.expect("generate");
        let now = app.service.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let to = Month::of(now).prev();
        let mut from = to;
        for _ in 0..5 {
            from = from.prev();
        }
        let (_, clients) = app.get("/api/v1/clients", &app.admin).await;
        let ids: Vec<i64> = clients.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), 6);

        let path = format!("/api/v1/reports/compliance?from={from}&to={to}");
        let (_, by_client) = app.get(&format!("{path}&group_by=client"), &app.admin).await;
        let (_, by_priority) = app.get(&path, &app.admin).await;
        let mut month = from;
        let mut seen = [0; 3];
        for i in 0..6 {
            let mut priorities: BTreeMap<String, [i64; 3]> = BTreeMap::new();
            for id in &ids {
                let r = monthly(&app, &app.admin, *id, &month.to_string()).await;
                let listed = outcomes(&r["compliance"]["total"]);
                let row = by_client["months"][i]["rows"].as_array().unwrap().iter()
                    .find(|row| row["key"].as_str().and_then(|k| k.parse().ok()) == Some(*id)).expect("client row");
                assert_eq!(outcomes(&row["outcomes"]), listed, "client {id}, {month}");
                add(&mut seen, listed);
                for p in r["compliance"]["by_priority"].as_array().unwrap() {
                    add(priorities.entry(p["priority"].as_str().unwrap().into()).or_default(), outcomes(&p["outcomes"]));
                }
            }
            for row in by_priority["months"][i]["rows"].as_array().unwrap() {
                let key = row["key"].as_str().unwrap();
                assert_eq!(outcomes(&row["outcomes"]), priorities.get(key).copied().unwrap_or_default(), "{key}, {month}");
            }
            month = month.next();
        }
        // The histories gave every verdict something to count.
        assert!(seen.iter().all(|n| *n > 0), "met, breached, pending: {seen:?}");
    }
}
