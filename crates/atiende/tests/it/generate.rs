//! `atiende seed` (alias `generate`): the benchmark database holds what the service itself
//! would have written — every copied ticket's stored SLA projection equals a replay of its own
//! history, its events point at its own messages, and everything is finished before now — and
//! its words are varied, in the client's language, with internal notes by staff only, the
//! messages per ticket asked for, and the same for the same seed.

use std::collections::HashSet;

use atiende::generate::{SeedArgs, run};
use service::ts;

use crate::{
    both_backends,
    harness::{Backend, TestApp},
};

both_backends! {
    async fn generated_copies_replay_to_what_is_stored(app) {
        let args = SeedArgs { tickets: 260, clients: 4, agents: 2, templates: 60, months: 6, seed: 7, ..SeedArgs::default() };
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
        // Every copy is in the search index: the backfill has nothing left, and the last copy
        // is found by a word of its subject (agents search every client's tickets).
        assert_eq!(store::search::backfill_step(db, 10).await.expect("backfill"), None);
        let last = all.iter().filter(|t| !t.staff_only).max_by_key(|t| t.id).expect("a ticket");
        let word = last.subject.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 5)
            .max_by_key(|w| w.chars().count()).expect("a word").to_string();
        let (_, agent) = app.staff("search@prov.test", "agent").await;
        let (_, found) = app.get(&format!("/api/v1/tickets?q={word}&client_id={}&limit=200", last.client_id), &agent).await;
        let hits: Vec<i64> = found["items"].as_array().expect("items").iter().map(|x| x["id"].as_i64().unwrap()).collect();
        assert!(hits.contains(&last.id), "ticket {} not found by {word:?}: {found}", last.id);
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

/// Every ticket's subject and client language, and every message with its author's role.
struct Texts {
    /// (ticket id, subject, the requester's locale)
    tickets: Vec<(i64, String, String)>,
    /// (ticket id, internal, body, author role)
    messages: Vec<(i64, bool, String, String)>,
}

async fn texts(db: &store::Db) -> Texts {
    const TICKETS: &str = "select t.id, t.subject, u.locale from ticket t \
        join app_user u on u.id = t.requester_id order by t.id";
    const MESSAGES: &str = "select m.ticket_id, m.internal, m.body, u.role from ticket_message m \
        join app_user u on u.id = m.author_id order by m.id";
    match db {
        store::Db::Sqlite { read, .. } => Texts {
            tickets: sqlx::query_as(TICKETS)
                .fetch_all(read)
                .await
                .expect("tickets"),
            messages: sqlx::query_as(MESSAGES)
                .fetch_all(read)
                .await
                .expect("messages"),
        },
        store::Db::Postgres(p) => Texts {
            tickets: sqlx::query_as(TICKETS).fetch_all(p).await.expect("tickets"),
            messages: sqlx::query_as(MESSAGES)
                .fetch_all(p)
                .await
                .expect("messages"),
        },
    }
}

/// Whole words of `text`, lower-cased (letters only).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

const SPANISH: [&str; 8] = ["el", "los", "las", "que", "de", "por", "para", "una"];
const ENGLISH: [&str; 8] = ["the", "we", "is", "to", "it", "you", "in", "and"];

both_backends! {
    async fn seeded_words_are_varied_and_in_the_clients_language(app) {
        let args = SeedArgs { tickets: 2_000, clients: 10, agents: 3, templates: 100, months: 12, seed: 5,
            messages_per_ticket: 3 };
        run(&app.service, &args).await.expect("seed");
        let t = texts(&app.service.db).await;
        // The average asked for, within 10 % (live tickets included).
        let per_ticket = t.messages.len() as f64 / t.tickets.len() as f64;
        assert!((2.7..=3.3).contains(&per_ticket), "{per_ticket} messages per ticket");
        // Internal notes exist, a real share of the messages, and only staff write them.
        let notes: Vec<_> = t.messages.iter().filter(|m| m.1).collect();
        assert!(notes.len() * 100 / t.messages.len() >= 5, "{} notes of {}", notes.len(), t.messages.len());
        assert!(notes.iter().all(|m| m.3 != "client_admin"), "a client admin wrote an internal note");
        // Copies do not repeat their templates' subjects.
        let distinct: HashSet<&str> = t.tickets.iter().map(|x| x.1.as_str()).collect();
        assert!(distinct.len() * 100 / t.tickets.len() > 90, "{} distinct subjects of {}", distinct.len(), t.tickets.len());
        let bodies: HashSet<&str> = t.messages.iter().map(|m| m.2.as_str()).collect();
        assert!(bodies.len() * 100 / t.messages.len() > 60, "{} distinct bodies of {}", bodies.len(), t.messages.len());
        // A large vocabulary, Zipf-like: a few words everywhere, a long tail of rare ones.
        let mut freq = std::collections::HashMap::<String, usize>::new();
        for m in &t.messages {
            for w in words(&m.2) {
                *freq.entry(w).or_default() += 1;
            }
        }
        let mut counts: Vec<usize> = freq.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let total: usize = counts.iter().sum();
        let top20: usize = counts.iter().take(20).sum();
        let once = counts.iter().filter(|c| **c == 1).count();
        assert!(freq.len() > 1_500, "{} distinct words", freq.len());
        assert!((15..60).contains(&(top20 * 100 / total)), "the 20 commonest words are {top20} of {total}");
        assert!(once * 100 / freq.len() > 10, "{once} of {} words seen once", freq.len());
        // Accents written properly.
        let accented = t.messages.iter().filter(|m| m.2.contains(['á', 'é', 'í', 'ó', 'ú', 'ñ'])).count();
        assert!(accented * 100 / t.messages.len() > 30, "{accented} messages with accents");
        // The English-speaking client's tickets are in English, subjects and every message;
        // the others in Spanish.
        let english: HashSet<i64> = t.tickets.iter().filter(|x| x.2 == "en").map(|x| x.0).collect();
        assert!(english.len() > 20, "{} tickets of the English client", english.len());
        let share = |lang: &[&str], ids: &dyn Fn(i64) -> bool| {
            let of: Vec<_> = t.messages.iter().filter(|m| ids(m.0)).collect();
            let hits = of.iter().filter(|m| words(&m.2).any(|w| lang.contains(&w.as_str()))).count();
            (hits, of.len())
        };
        let spanish_in_en: Vec<_> = t.messages.iter()
            .filter(|m| english.contains(&m.0) && words(&m.2).any(|w| SPANISH.contains(&w.as_str())))
            .map(|m| &m.2).collect();
        assert!(spanish_in_en.is_empty(), "Spanish in the English client's messages: {spanish_in_en:?}");
        let (english_in_en, en) = share(&ENGLISH, &|id| english.contains(&id));
        assert!(english_in_en * 100 / en > 50, "{english_in_en} of {en} English messages use common English words");
        let (spanish_in_es, es) = share(&SPANISH, &|id| !english.contains(&id));
        assert!(spanish_in_es * 100 / es > 50, "{spanish_in_es} of {es} Spanish messages use common Spanish words");
        for (id, subject, _) in t.tickets.iter().filter(|x| english.contains(&x.0)) {
            assert!(!words(subject).any(|w| SPANISH.contains(&w.as_str())), "ticket {id}: {subject}");
        }
    }

    async fn the_same_seed_writes_the_same_words(app) {
        let backend = if app.db_url().starts_with("postgres") { Backend::Postgres } else { Backend::Sqlite };
        let Some(other) = TestApp::spawn(backend).await else { return };
        let args = SeedArgs { tickets: 400, clients: 3, agents: 2, templates: 50, months: 6, seed: 9,
            messages_per_ticket: 5 };
        run(&app.service, &args).await.expect("seed");
        run(&other.service, &args).await.expect("seed again");
        let (a, b) = (texts(&app.service.db).await, texts(&other.service.db).await);
        assert_eq!(a.tickets, b.tickets, "subjects");
        assert_eq!(a.messages, b.messages, "messages");
        // Five asked, five written (within 10 %), with a share of internal notes.
        let per_ticket = a.messages.len() as f64 / a.tickets.len() as f64;
        assert!((4.5..=5.5).contains(&per_ticket), "{per_ticket} messages per ticket");
        let notes = a.messages.iter().filter(|m| m.1).count();
        assert!(notes * 100 / a.messages.len() >= 10, "{notes} notes of {}", a.messages.len());
        // Another seed, other words.
        let third = TestApp::spawn(backend).await.expect("third database");
        run(&third.service, &SeedArgs { seed: 10, ..args }).await.expect("seed 10");
        let c = texts(&third.service.db).await;
        assert_ne!(a.tickets, c.tickets, "another seed wrote the same subjects");
    }
}

/// The subject is `seed`; `generate` still works; a count out of range is refused clearly.
#[test]
fn seed_and_its_alias_refuse_a_bad_message_count() {
    let dir = tempfile::tempdir().expect("dir");
    for name in ["seed", "generate"] {
        for bad in ["0", "21", "tres"] {
            let out = crate::cli::atiende(dir.path())
                .args([name, "--messages-per-ticket", bad])
                .output()
                .expect("run atiende");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success(),
                "{name} --messages-per-ticket {bad} was accepted"
            );
            assert!(err.contains("--messages-per-ticket"), "{name} {bad}: {err}");
        }
    }
    assert!(
        !dir.path().join("atiende.db").exists(),
        "a refused run opened the database"
    );
}
