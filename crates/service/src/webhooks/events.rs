//! The events webhooks carry and where they are written: [`Service::emit_webhook`], the one
//! entry point (ticket changes here, campus and maintenance events from their own modules),
//! always inside the caller's transaction.

use domain::sla::{SlaPolicy, SlaSnapshot, SlaState};
use serde::Serialize;
use serde_json::{Value, json};
use store::{Tx, tickets::TicketRow, webhooks as st};

use super::check::parse_events;
use crate::{
    Service, ServiceError, ServiceResult, jobs::JobKind, tickets::TicketEvent,
    tickets::projection::rfc3339_us, us,
};

/// Every event an endpoint may subscribe to. The names are a contract with receivers: never
/// renamed, only added (docs/webhooks.md).
pub const EVENTS: [&str; 16] = [
    "ticket.created",
    "ticket.status_changed",
    "ticket.priority_changed",
    "ticket.assigned",
    "ticket.public_reply",
    "ticket.sla_warning",
    "ticket.sla_breached",
    "campus.down",
    "campus.up",
    "backup.missed",
    "maintenance.recorded",
    "quote.sent",
    "quote.approved",
    "quote.rejected",
    "quote.expired",
    "quote.withdrawn",
];

/// The body of every delivery, fields in this order.
#[derive(Serialize)]
struct Envelope<'a> {
    /// The delivery's UUID (also `Atiende-Delivery`), the same on every retry and redelivery.
    id: &'a str,
    event: &'a str,
    created_at: String,
    data: &'a Value,
}

/// What `record` knows of a ticket change, for its webhooks.
pub(crate) struct TicketHook<'a> {
    pub actor: Option<i64>,
    pub events: &'a [TicketEvent],
    pub snap: &'a SlaSnapshot,
    /// Whether the ticket was breached before this change.
    pub breached_before: bool,
    /// `sla_alerted` before the change's notifications: a higher value after them means a
    /// warning threshold was announced by this change.
    pub alerted_before: i32,
    pub policy: &'a SlaPolicy,
}

/// The ticket as every ticket event carries it: no message bodies, no internal notes.
#[derive(Serialize)]
struct TicketData {
    id: i64,
    number: String,
    client_id: i64,
    campus_id: Option<i64>,
    requester_id: i64,
    assignee_id: Option<i64>,
    status: String,
    priority: String,
    category: String,
    subject: String,
    created_at: String,
    due_at: String,
    sla_state: &'static str,
    breached_at: Option<String>,
}

fn ticket_data(row: &TicketRow, snap: &SlaSnapshot) -> Value {
    let d = TicketData {
        id: row.id,
        number: domain::ticket::ticket_number(domain::ids::TicketId(row.id)),
        client_id: row.client_id,
        campus_id: row.campus_id,
        requester_id: row.requester_id,
        assignee_id: row.assignee_id,
        status: row.status.clone(),
        priority: row.priority.clone(),
        category: row.category.clone(),
        subject: row.subject.clone(),
        created_at: rfc3339_us(crate::ts(row.created_at_us)),
        due_at: rfc3339_us(snap.due_at),
        sla_state: match snap.state {
            SlaState::Ok => "ok",
            SlaState::Warning => "warning",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
        },
        breached_at: snap.breached_at.map(rfc3339_us),
    };
    serde_json::to_value(d).unwrap_or(Value::Null)
}

fn to_value(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl Service {
    /// Writes one delivery, and its job, per active endpoint that wants `event`, inside `tx`:
    /// they exist only if the caller's change commits. `payload` becomes the body's `data`.
    /// Call it for events of [`EVENTS`] only (anything else is a bug, refused).
    // The entry point of the campus, backup and maintenance events; ticket changes use
    // `ticket_webhooks`, which reads the endpoints once per change.
    pub(crate) async fn emit_webhook(
        &self,
        tx: &mut Tx,
        event: &str,
        payload: Value,
    ) -> ServiceResult<()> {
        let hooks = st::active_webhooks_in(tx).await?;
        self.emit_to(tx, &hooks, event, &payload).await
    }

    async fn emit_to(
        &self,
        tx: &mut Tx,
        hooks: &[st::WebhookRow],
        event: &str,
        data: &Value,
    ) -> ServiceResult<()> {
        if !EVENTS.contains(&event) {
            return Err(ServiceError::Internal(format!(
                "webhook event {event:?} is not one of the known events"
            )));
        }
        let now = self.now();
        for h in hooks.iter().filter(|h| wants(h, event)) {
            let uuid = uuid::Uuid::new_v4().to_string();
            let body = serde_json::to_string(&Envelope {
                id: &uuid,
                event,
                created_at: rfc3339_us(now),
                data,
            })
            .map_err(|e| ServiceError::Internal(format!("webhook body: {e}")))?;
            let id = st::insert_delivery(tx, h.id, &uuid, event, &body, us(now)).await?;
            self.enqueue_in(
                tx,
                JobKind::DeliverWebhook,
                &format!("{{\"delivery_id\":{id}}}"),
            )
            .await?;
        }
        Ok(())
    }

    /// The webhooks of one ticket change: called by `record` once its events, clock and
    /// notifications are written (so `row` is as it will be stored).
    pub(crate) async fn ticket_webhooks(
        &self,
        tx: &mut Tx,
        row: &TicketRow,
        hook: TicketHook<'_>,
    ) -> ServiceResult<()> {
        let hooks = st::active_webhooks_in(tx).await?;
        if hooks.is_empty() {
            return Ok(());
        }
        let ticket = ticket_data(row, hook.snap);
        let created = hook
            .events
            .iter()
            .any(|e| matches!(e, TicketEvent::Created { .. }));
        let mut out: Vec<(&str, Value)> = Vec::new();
        for e in hook.events {
            match e {
                TicketEvent::Created { .. } => {
                    out.push(("ticket.created", json!({ "ticket": ticket })));
                }
                TicketEvent::StatusChanged { from, to, auto, .. } => out.push((
                    "ticket.status_changed",
                    json!({"ticket": ticket, "from": to_value(from), "to": to_value(to), "auto": auto}),
                )),
                TicketEvent::PriorityChanged { from, to, reason } => out.push((
                    "ticket.priority_changed",
                    json!({"ticket": ticket, "from": to_value(from), "to": to_value(to), "reason": reason}),
                )),
                TicketEvent::AssigneeChanged { from, to } => out.push((
                    "ticket.assigned",
                    json!({"ticket": ticket, "from": from, "to": to}),
                )),
                // A new ticket's description is its first message, not a reply.
                TicketEvent::MessageAdded {
                    message_id,
                    internal: false,
                } if !created => {
                    let body = store::messages::get_message_body(tx, *message_id)
                        .await?
                        .unwrap_or_default();
                    let author = match hook.actor {
                        Some(id) => store::users::get_user_in(tx, id).await?,
                        None => None,
                    };
                    let by = match &author {
                        Some(u) if u.role == "client_admin" => "client",
                        Some(_) => "staff",
                        None => "system",
                    };
                    out.push((
                        "ticket.public_reply",
                        json!({"ticket": ticket, "message": {
                            "id": message_id, "author_id": hook.actor, "by": by, "body": body,
                        }}),
                    ));
                }
                TicketEvent::QuoteSent(q) => {
                    out.push(quote_event(tx, "quote.sent", &ticket, q.quote_id).await?);
                }
                TicketEvent::QuoteApproved(q) => {
                    out.push(quote_event(tx, "quote.approved", &ticket, q.quote_id).await?);
                }
                TicketEvent::QuoteRejected(q) => {
                    out.push(quote_event(tx, "quote.rejected", &ticket, q.quote_id).await?);
                }
                TicketEvent::QuoteExpired(q) => {
                    out.push(quote_event(tx, "quote.expired", &ticket, q.quote_id).await?);
                }
                TicketEvent::QuoteWithdrawn(q) => {
                    out.push(quote_event(tx, "quote.withdrawn", &ticket, q.quote_id).await?);
                }
                _ => {}
            }
        }
        if row.sla_alerted > hook.alerted_before {
            let percent = if row.sla_alerted >= 2 {
                hook.policy.second_warn_percent
            } else {
                hook.policy.warn_percent
            };
            out.push((
                "ticket.sla_warning",
                json!({"ticket": ticket, "level": row.sla_alerted, "percent": percent}),
            ));
        }
        if !hook.breached_before
            && let Some(at) = row.breached_at_us
        {
            out.push((
                "ticket.sla_breached",
                json!({"ticket": ticket, "breached_at": rfc3339_us(crate::ts(at))}),
            ));
        }
        for (event, data) in out {
            self.emit_to(tx, &hooks, event, &data).await?;
        }
        Ok(())
    }
}

/// A quote event: the ticket and the quote as it stands after the change (its terms, state
/// and the client's reason; never internal notes).
async fn quote_event(
    tx: &mut Tx,
    event: &'static str,
    ticket: &Value,
    quote_id: i64,
) -> ServiceResult<(&'static str, Value)> {
    let q = store::quotes::get_quote_in(tx, quote_id)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("{event}: quote {quote_id} not found")))?;
    Ok((
        event,
        json!({"ticket": ticket, "quote": {
            "id": q.id,
            "state": q.state,
            "description": q.description,
            "minutes": q.minutes,
            "amount_minor": q.amount_minor,
            "currency": q.currency,
            "valid_until": q.valid_until,
            "expires_at": rfc3339_us(crate::ts(q.expires_at_us)),
            "decided_at": q.decided_at_us.map(|t| rfc3339_us(crate::ts(t))),
            "reason": q.decision_reason,
            "replaced_by": q.replaced_by,
        }}),
    ))
}

/// Whether an endpoint subscribed to `event`. Its list is validated when saved; one that
/// cannot be read (edited by hand) gets nothing and says so in the log.
fn wants(h: &st::WebhookRow, event: &str) -> bool {
    match parse_events(&h.events) {
        Some(list) => list.iter().any(|e| e == event),
        None => {
            tracing::error!(webhook = h.id, events = %h.events, "unreadable event list: nothing sent");
            false
        }
    }
}
