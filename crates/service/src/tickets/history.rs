//! Ticket events: the audit trail and the SLA clock's only source.

use domain::{
    Priority,
    scope_suggestion::{Decision, Rule, SuggestedClass},
    sla::SlaFact,
    ticket::{Category, ScopeKind, Status},
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::events::EventRow;

/// One state change. Stored as `kind` + this enum's JSON in `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TicketEvent {
    Created {
        priority: Priority,
        requested_priority: Priority,
        category: Category,
        policy: String,
        /// The client admin a staff member opened the ticket for (the event's actor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_behalf_of: Option<i64>,
    },
    PriorityChanged {
        from: Priority,
        to: Priority,
        reason: Option<String>,
    },
    /// `auto` marks changes made by Atiende itself (client reply reopening, auto-close).
    StatusChanged {
        from: Status,
        to: Status,
        auto: bool,
        /// Why (a client's reopen); absent in events recorded before it existed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    CategoryChanged {
        from: Category,
        to: Category,
    },
    /// `reason` is a `ScopeReason` code since migration 0018 (free text before it).
    ScopeChanged {
        scope: ScopeKind,
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// An agent accepted or overrode the scope Atiende suggested; staff-only, like a note.
    ScopeSuggestionDecided {
        suggested: SuggestedClass,
        rule: Rule,
        decision: Decision,
        internal: bool,
    },
    AssigneeChanged {
        from: Option<i64>,
        to: Option<i64>,
    },
    TagsChanged {
        tags: Vec<String>,
    },
    SubjectChanged {
        subject: String,
    },
    MessageAdded {
        message_id: i64,
        internal: bool,
    },
    AttachmentAdded {
        attachment_id: i64,
        filename: String,
        /// A file on an internal note: its event is staff-only like the note.
        #[serde(default)]
        internal: bool,
    },
    /// Recorded at the breach instant itself, whenever it was noticed.
    Breached,
    /// Kept for staff (`staff_only: true`, an internal event) or published to the client.
    VisibilityChanged {
        staff_only: bool,
        /// Set while the ticket is kept for staff: the event is staff-only like a note.
        #[serde(default)]
        internal: bool,
    },
    /// Quotes (`crate::quotes`): sent, decided by the client, expired, withdrawn.
    QuoteSent(crate::quotes::events::QuoteSent),
    QuoteApproved(crate::quotes::events::QuoteDecided),
    QuoteRejected(crate::quotes::events::QuoteDecided),
    QuoteExpired(crate::quotes::events::QuoteExpired),
    QuoteWithdrawn(crate::quotes::events::QuoteWithdrawn),
    /// Time logged on the ticket (`hours`): staff-only (`internal`) unless the entry is
    /// visible to the client. `overage_minutes`: its part past the client's balance then.
    TimeLogged {
        entry_id: i64,
        entry: crate::hours::TimeSnapshot,
        overage_minutes: i64,
        internal: bool,
    },
    TimeChanged {
        entry_id: i64,
        from: crate::hours::TimeSnapshot,
        to: crate::hours::TimeSnapshot,
        note_changed: bool,
        internal: bool,
    },
    TimeRemoved {
        entry_id: i64,
        entry: crate::hours::TimeSnapshot,
        internal: bool,
    },
}

impl TicketEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            TicketEvent::Created { .. } => "created",
            TicketEvent::PriorityChanged { .. } => "priority_changed",
            TicketEvent::StatusChanged { .. } => "status_changed",
            TicketEvent::CategoryChanged { .. } => "category_changed",
            TicketEvent::ScopeChanged { .. } => "scope_changed",
            TicketEvent::ScopeSuggestionDecided { .. } => "scope_suggestion_decided",
            TicketEvent::AssigneeChanged { .. } => "assignee_changed",
            TicketEvent::TagsChanged { .. } => "tags_changed",
            TicketEvent::SubjectChanged { .. } => "subject_changed",
            TicketEvent::MessageAdded { .. } => "message_added",
            TicketEvent::AttachmentAdded { .. } => "attachment_added",
            TicketEvent::Breached => "breached",
            TicketEvent::VisibilityChanged { .. } => "visibility_changed",
            TicketEvent::QuoteSent(_) => "quote_sent",
            TicketEvent::QuoteApproved(_) => "quote_approved",
            TicketEvent::QuoteRejected(_) => "quote_rejected",
            TicketEvent::QuoteExpired(_) => "quote_expired",
            TicketEvent::QuoteWithdrawn(_) => "quote_withdrawn",
            TicketEvent::TimeLogged { .. } => "time_logged",
            TicketEvent::TimeChanged { .. } => "time_changed",
            TicketEvent::TimeRemoved { .. } => "time_removed",
        }
    }
}

/// A stored event, parsed.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub at: Timestamp,
    pub event: TicketEvent,
}

/// Parses a ticket's stored history. A row that cannot be read is an error naming the row:
/// the clock is never computed from a silently different history.
pub(crate) fn parse_rows(rows: &[EventRow]) -> crate::ServiceResult<Vec<Recorded>> {
    let parsed = rows
        .iter()
        .map(|r| {
            let event: TicketEvent = serde_json::from_str(&r.data).map_err(|e| {
                crate::ServiceError::Internal(format!(
                    "ticket_event {} (ticket {}): unreadable {:?} event: {e}",
                    r.id, r.ticket_id, r.kind
                ))
            })?;
            if event.kind() != r.kind {
                return Err(crate::ServiceError::Internal(format!(
                    "ticket_event {} (ticket {}): kind {:?} does not match its data ({:?})",
                    r.id,
                    r.ticket_id,
                    r.kind,
                    event.kind()
                )));
            }
            Ok(Recorded {
                at: crate::ts(r.at_us),
                event,
            })
        })
        .collect::<crate::ServiceResult<Vec<_>>>()?;
    Ok(parsed)
}

/// [`facts`] of a ticket's whole history, which must start with its `created` event (a
/// missing one is corrupt data, never "medium, created now").
pub(crate) fn checked_facts(
    ticket_id: i64,
    history: &[Recorded],
) -> crate::ServiceResult<Vec<SlaFact>> {
    match history.first() {
        Some(Recorded {
            event: TicketEvent::Created { .. },
            ..
        }) => Ok(facts(history)),
        _ => Err(crate::ServiceError::Internal(format!(
            "ticket {ticket_id}: its history does not start with a created event"
        ))),
    }
}

/// The SLA facts of a history, in time order (stable for equal instants).
pub fn facts(history: &[Recorded]) -> Vec<SlaFact> {
    let mut out = Vec::with_capacity(history.len());
    for r in history {
        let at = r.at;
        match &r.event {
            TicketEvent::Created { priority, .. } => out.push(SlaFact::Created {
                at,
                priority: *priority,
            }),
            TicketEvent::PriorityChanged { to, .. } => {
                out.push(SlaFact::PriorityChanged { at, to: *to })
            }
            TicketEvent::StatusChanged { from, to, .. } => {
                let (was, now) = (from.pauses_clock(), to.pauses_clock());
                // Closing freezes the clock as it stands: a resolved ticket stays "met".
                if was.is_some() && was != now && *to != Status::Closed {
                    out.push(SlaFact::PauseEnded { at });
                }
                if let Some(reason) = now.filter(|_| was != now) {
                    out.push(SlaFact::PauseStarted { at, reason });
                }
                if *to == Status::Closed {
                    out.push(SlaFact::Closed { at });
                }
            }
            _ => {}
        }
    }
    // Created must stay first even if a clock was set backwards between events.
    out.sort_by_key(|f| match f {
        SlaFact::Created { .. } => (0, Timestamp::MIN),
        SlaFact::PriorityChanged { at, .. }
        | SlaFact::PauseStarted { at, .. }
        | SlaFact::PauseEnded { at }
        | SlaFact::Closed { at } => (1, *at),
    });
    out
}
