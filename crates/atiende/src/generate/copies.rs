//! Copies of the template stories, moved back in time: the same rows with new ids, every
//! instant earlier by the copy's shift, spread evenly over the months asked for.

use jiff::SignedDuration;
use service::Service;
use store::{bulk, events::EventRow, messages::MessageRow, tickets::TicketRow};

/// Copies `(first, last)`'s tickets until `wanted` tickets were written; returns how many.
pub async fn copy(
    svc: &Service,
    (first, last): (i64, i64),
    wanted: u64,
    months: u32,
) -> anyhow::Result<u64> {
    if wanted == 0 || first == 0 {
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
    let per_copy = tickets.len() as u64;
    let copies = wanted.div_ceil(per_copy);
    // The templates fill the last three months; the copies the rest of `months`, evenly.
    let span_days = i64::from(months) * 30 - 90;
    let span = SignedDuration::from_hours(span_days.max(1) * 24);
    let base = bulk::max_ids(db).await?;
    let m_first = messages.first().map_or(0, |m| m.id);
    let m_len = messages.last().map_or(0, |m| m.id - m_first + 1);
    let e_first = events.first().map_or(0, |e| e.id);
    let e_len = events.last().map_or(0, |e| e.id - e_first + 1);
    let t_len = last - first + 1;
    let mut written = 0;
    for k in 0..copies {
        let k_i = i64::try_from(k)?;
        let shift_us = (span / i32::try_from(copies)?).as_micros() as i64 * (k_i + 1);
        let t_off = base.ticket + 1 - first + k_i * t_len;
        let m_off = base.message + 1 - m_first + k_i * m_len;
        let e_off = base.event + 1 - e_first + k_i * e_len;
        let take = usize::try_from((wanted - written).min(per_copy))?;
        let ts: Vec<TicketRow> = tickets[..take]
            .iter()
            .map(|t| moved_ticket(t, t_off, shift_us))
            .collect();
        let last_id = ts.last().map_or(0, |t| t.id - t_off);
        let ms: Vec<MessageRow> = messages
            .iter()
            .filter(|m| m.ticket_id <= last_id)
            .map(|m| MessageRow {
                id: m.id + m_off,
                ticket_id: m.ticket_id + t_off,
                created_at_us: m.created_at_us - shift_us,
                ..m.clone()
            })
            .collect();
        let es: Vec<EventRow> = events
            .iter()
            .filter(|e| e.ticket_id <= last_id)
            .map(|e| EventRow {
                id: e.id + e_off,
                ticket_id: e.ticket_id + t_off,
                at_us: e.at_us - shift_us,
                data: renumber(&e.data, m_off),
                ..e.clone()
            })
            .collect();
        let mut tx = db.begin().await?;
        bulk::insert_tickets(&mut tx, &ts).await?;
        bulk::insert_messages(&mut tx, &ms).await?;
        bulk::insert_events(&mut tx, &es).await?;
        tx.commit().await?;
        written += ts.len() as u64;
        if (k + 1) % 50 == 0 {
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
