//! `atiende generate`: the benchmark database holds what the service itself would have
//! written — every copied ticket's stored SLA projection equals a replay of its own history,
//! its events point at its own messages, and everything is finished before now.

use std::collections::HashSet;

use atiende::generate::{GenerateArgs, run};
use service::ts;

use crate::both_backends;

both_backends! {
    async fn generated_copies_replay_to_what_is_stored(app) {
        let args = GenerateArgs { tickets: 260, clients: 4, agents: 2, templates: 60, months: 6, seed: 7 };
        run(&app.service, &args).await.expect("generate");
        let db = &app.service.db;
        let ids = store::bulk::max_ids(db).await.expect("ids");
        let all = store::bulk::tickets_between(db, 1, ids.ticket).await.expect("tickets");
        // 260 finished tickets plus two live ones per client.
        assert_eq!(all.len(), 260 + 4 * 2, "tickets");
        let now = app.service.now();
        let mut months = HashSet::new();
        let mut outcomes = (0, 0);
        for t in &all {
            assert!(t.created_at_us <= now.as_microsecond(), "ticket {} created after now", t.id);
            let (stored, replayed) = app.service.replay_projection(t.id, ts(t.updated_at_us)).await.expect("replay");
            assert_eq!(stored, replayed, "ticket {} ({})", t.id, t.status);
            months.insert(ts(t.created_at_us).to_zoned_datetime(jiff::tz::TimeZone::UTC).strftime("%Y-%m").to_string());
            match t.outcome.as_deref() {
                Some("met") => outcomes.0 += 1,
                Some("breached") => outcomes.1 += 1,
                _ => {}
            }
        }
        assert!(months.len() >= 5, "spread over the months asked for: {months:?}");
        assert!(outcomes.0 > 150 && outcomes.1 > 5, "mostly met, some breached: {outcomes:?}");
        // Every message an event names is one of its own ticket's messages.
        let messages = store::bulk::messages_between(db, 1, ids.ticket).await.expect("messages");
        let own: HashSet<(i64, i64)> = messages.iter().map(|m| (m.ticket_id, m.id)).collect();
        let events = store::bulk::events_between(db, 1, ids.ticket).await.expect("events");
        let mut named = 0;
        for e in &events {
            let v: serde_json::Value = serde_json::from_str(&e.data).expect("event json");
            if let Some(m) = v.get("message_id").and_then(|m| m.as_i64()) {
                assert!(own.contains(&(e.ticket_id, m)), "event {} names message {m} of another ticket", e.id);
                named += 1;
            }
        }
        assert!(named > 600, "{named} message events");
        // Each ticket's first public staff reply (kept by the write path for the stories, filled
        // for the copies) is what its messages say.
        const CHECK: &str = "select count(*), sum(case when coalesce(first_reply_at_us, -1) <> coalesce(( \
            select min(m.created_at_us) from ticket_message m join app_user u on u.id = m.author_id \
            where m.ticket_id = ticket.id and m.internal = false and u.role <> 'client_admin' \
            and m.id > (select min(m0.id) from ticket_message m0 where m0.ticket_id = ticket.id)), -1) \
            then 1 else 0 end) from ticket";
        let (replied, wrong): (i64, Option<i64>) = match db {
            store::Db::Sqlite { read, .. } => sqlx::query_as(CHECK).fetch_one(read).await,
            store::Db::Postgres(p) => sqlx::query_as(CHECK).fetch_one(p).await,
        }.expect("first replies");
        assert_eq!((replied, wrong), (all.len() as i64, Some(0)), "first replies differ from the messages");
        let with_reply = all.len() - store::dashboard::created_in(db, 0, i64::MAX).await.expect("created")
            .iter().filter(|c| c.first_reply_us.is_none()).count();
        assert!(with_reply > 200, "{with_reply} tickets with a staff reply");
        // The copies are finished: only the live tickets are still in the works.
        assert_eq!(all.iter().filter(|t| t.status != "closed").count(), 8);
        // And the service serves them: a new ticket takes the next id.
        let (_, _, client) = app.client_with_admin("Norte").await;
        let t = app.ok("/api/v1/tickets", &client, serde_json::json!({"category": "technical", "priority": "low",
            "subject": "Nuevo", "body": "Después de generar"})).await;
        assert!(t["id"].as_i64().expect("id") > ids.ticket, "{t}");
    }
}
