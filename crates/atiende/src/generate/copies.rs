//! Copies of the template stories, moved back in time: the same rows with new ids, each
//! ticket moved to an instant of its own (see [`Arrivals`]) with everything it holds, and new
//! words — the subject and every message rewritten from the copy's own id (same category,
//! language, authors and internal flags), so a million tickets do not repeat a few thousand
//! texts. The scope suggestion follows the new words, as the service would have made it.

use std::collections::HashMap;

use domain::{scope_suggestion::suggest, ticket::Category};
use jiff::{SignedDuration, Timestamp};
use rand::{SeedableRng, rngs::StdRng};
use service::Service;
use store::{bulk, events::EventRow, messages::MessageRow, tickets::TicketRow};

use super::{
    arrivals::Arrivals,
    setup::World,
    stories::Templates,
    text::{Lang, Writer, ticket_seed},
};

/// Keeps the copies' instants apart from their words (both seeded from the run's seed).
const ARRIVAL_SALT: u64 = 0x6172_7269_7661_6c73;

/// What the copies need besides the templates.
pub struct Plan<'a> {
    pub world: &'a World,
    pub wanted: u64,
    pub months: u32,
    pub seed: u64,
}

/// Copies the templates until `plan.wanted` tickets were written; returns how many.
pub async fn copy(
    svc: &Service,
    templates: &Templates,
    plan: &Plan<'_>,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<u64> {
    let (first, last) = (templates.first, templates.last);
    if plan.wanted == 0 || first == 0 {
        return Ok(0);
    }
    let db = &svc.db;
    let tickets = bulk::tickets_between(db, first, last).await?;
    let messages = bulk::messages_between(db, first, last).await?;
    let events = bulk::events_between(db, first, last).await?;
    anyhow::ensure!(!tickets.is_empty(), "no template ticket to copy");
    anyhow::ensure!(
        tickets.iter().all(|t| t.status == "closed"),
        "every template must be closed before it is copied"
    );
    let mut own: HashMap<i64, Vec<&MessageRow>> = HashMap::new();
    for m in &messages {
        own.entry(m.ticket_id).or_default().push(m);
    }
    let clients: HashMap<i64, (Lang, &'static str)> = plan
        .world
        .clients
        .iter()
        .map(|c| (c.id, (c.lang, c.zone)))
        .collect();
    let hosted: HashMap<i64, bool> = plan.world.campuses().map(|c| (c.id, c.hosted)).collect();
    let per_copy = tickets.len() as u64;
    let copies = plan.wanted.div_ceil(per_copy);
    // The templates fill the last three months; the copies the rest of `months`, by the
    // shape of real arrivals.
    let end = tickets.iter().map(|t| t.created_at_us).min().unwrap_or(0);
    let end = Timestamp::from_microsecond(end)?;
    let span = SignedDuration::from_hours((i64::from(plan.months) * 30 - 90).max(1) * 24);
    let mut zones = HashMap::new();
    for c in &plan.world.clients {
        *zones.entry(c.zone).or_insert(0) += 1;
    }
    let arrivals = Arrivals::new(end.checked_sub(span)?, end, &zones)?;
    let base = bulk::max_ids(db).await?;
    let m_first = messages.first().map_or(0, |m| m.id);
    let m_len = messages.last().map_or(0, |m| m.id - m_first + 1);
    let e_first = events.first().map_or(0, |e| e.id);
    let e_len = events.last().map_or(0, |e| e.id - e_first + 1);
    let t_len = last - first + 1;
    let mut written = 0;
    for k in 0..copies {
        let k_i = i64::try_from(k)?;
        let t_off = base.ticket + 1 - first + k_i * t_len;
        let m_off = base.message + 1 - m_first + k_i * m_len;
        let e_off = base.event + 1 - e_first + k_i * e_len;
        let take = usize::try_from((plan.wanted - written).min(per_copy))?;
        let window = arrivals.window(k, copies);
        let mut rng = StdRng::seed_from_u64(ticket_seed(plan.seed ^ ARRIVAL_SALT, k_i));
        // Each template ticket's shift in this copy, by its id.
        let mut shifts = vec![0_i64; usize::try_from(t_len)?];
        let mut ts = Vec::with_capacity(take);
        let mut ms = Vec::with_capacity(messages.len());
        for t in &tickets[..take] {
            let (lang, zone) = clients.get(&t.client_id).copied().unwrap_or((Lang::Es, ""));
            let shift = t.created_at_us - arrivals.instant(zone, window, &mut rng);
            shifts[usize::try_from(t.id - first)?] = shift;
            let mut row = moved_ticket(t, t_off, shift);
            let category = Category::parse(&t.category).unwrap_or(Category::Technical);
            let mut words = Writer::new(lang, category, ticket_seed(plan.seed, row.id));
            row.subject = words.subject();
            let beats = templates.beats.get(&t.id).map_or(&[][..], |b| b.as_slice());
            let mine = own.get(&t.id).map_or(&[][..], |m| m.as_slice());
            anyhow::ensure!(
                beats.len() == mine.len(),
                "template {} has {} messages for {} beats",
                t.id,
                mine.len(),
                beats.len()
            );
            for (m, beat) in mine.iter().zip(beats) {
                ms.push(MessageRow {
                    id: m.id + m_off,
                    ticket_id: m.ticket_id + t_off,
                    author_id: m.author_id,
                    internal: m.internal,
                    body: words.message(*beat),
                    created_at_us: m.created_at_us - shift,
                });
            }
            let opening = ms
                .get(ms.len() - mine.len())
                .map_or("", |m| m.body.as_str());
            let campus_hosted = t.campus_id.and_then(|c| hosted.get(&c).copied());
            let suggestion = suggest(&row.subject, opening, campus_hosted);
            service::contract::store_suggestion(&mut row, &suggestion);
            ts.push(row);
        }
        let last_id = ts.last().map_or(0, |t| t.id - t_off);
        let mut es: Vec<EventRow> = Vec::with_capacity(events.len());
        for e in events.iter().filter(|e| e.ticket_id <= last_id) {
            let shift = shifts[usize::try_from(e.ticket_id - first)?];
            es.push(EventRow {
                id: e.id + e_off,
                ticket_id: e.ticket_id + t_off,
                at_us: e.at_us - shift,
                data: renumber(&e.data, m_off),
                ..e.clone()
            });
        }
        let mut tx = db.begin().await?;
        bulk::insert_tickets(&mut tx, &ts).await?;
        bulk::insert_messages(&mut tx, &ms).await?;
        bulk::insert_events(&mut tx, &es).await?;
        tx.commit().await?;
        written += ts.len() as u64;
        bar.inc(ts.len() as u64);
        if bar.is_hidden() && (k + 1) % 50 == 0 {
            eprintln!("  {written} copied");
        }
    }
    Ok(written)
}

/// A closed template ticket moved `shift_us` back, with id `t.id + off`. Its `urgency_us`
/// (a sort key, the largest value for closed tickets) and `remaining_at_pause_us` (a length
/// of time) are not instants and stay.
fn moved_ticket(t: &TicketRow, off: i64, shift_us: i64) -> TicketRow {
    let mv = |v: Option<i64>| v.map(|x| x - shift_us);
    TicketRow {
        id: t.id + off,
        created_at_us: t.created_at_us - shift_us,
        updated_at_us: t.updated_at_us - shift_us,
        resolved_at_us: mv(t.resolved_at_us),
        closed_at_us: mv(t.closed_at_us),
        due_at_us: mv(t.due_at_us),
        warn_at_us: mv(t.warn_at_us),
        second_warn_at_us: mv(t.second_warn_at_us),
        breached_at_us: mv(t.breached_at_us),
        client_replied_at_us: mv(t.client_replied_at_us),
        escalated_at_us: mv(t.escalated_at_us),
        ..t.clone()
    }
}

/// An event's JSON with its `message_id` renumbered like the messages (the only row id the
/// templates' events carry; user ids stay).
fn renumber(data: &str, m_off: i64) -> String {
    if !data.contains("\"message_id\"") {
        return data.to_string();
    }
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(data) else {
        return data.to_string();
    };
    if let Some(id) = v.get("message_id").and_then(|x| x.as_i64()) {
        v["message_id"] = (id + m_off).into();
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn only_the_message_id_moves() {
        let v: serde_json::Value = serde_json::from_str(&renumber(
            r#"{"kind":"message_added","message_id":7,"internal":false}"#,
            100,
        ))
        .expect("json");
        assert_eq!(
            v,
            serde_json::json!({"kind": "message_added", "message_id": 107, "internal": false})
        );
        assert_eq!(
            renumber(r#"{"kind":"breached"}"#, 100),
            r#"{"kind":"breached"}"#
        );
    }
}
