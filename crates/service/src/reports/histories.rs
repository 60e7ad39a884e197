//! The month's tickets with their histories, read in two queries (the tickets alive in the
//! month, then all their creation, priority, status and category events), and what each
//! history says at a given instant. The clock itself is `domain::sla`'s: elapsed working time
//! is `sla::counted` over the ticket's own pauses, the due time at a breach is the clock
//! evaluated at that instant.

use std::{collections::HashMap, sync::Arc};

use domain::{
    Priority,
    sla::{self, SlaFact},
    ticket::Status,
};
use jiff::Timestamp;
use store::reports::MonthTicket;

use super::params::Window;
use crate::{
    Service, ServiceResult,
    policy_cache::Pinned,
    tickets::{
        history::{self, Recorded, TicketEvent},
        projection,
    },
    ts, us,
};

/// One ticket alive in the month and its history.
pub(crate) struct Hist {
    pub row: MonthTicket,
    pub events: Vec<Recorded>,
    pub facts: Vec<SlaFact>,
    pub pinned: Arc<Pinned>,
}

const MINUTE_US: i64 = 60_000_000;

impl Service {
    /// The client's tickets alive in `w` with their histories, by ticket id.
    pub(crate) async fn month_histories(
        &self,
        client_id: i64,
        w: &Window,
    ) -> ServiceResult<Vec<Hist>> {
        let (from, to) = (w.start_us(), w.stop_us());
        let rows = store::reports::month_tickets(&self.db, client_id, from, to).await?;
        let events = store::reports::month_events(&self.db, client_id, from, to).await?;
        let mut by_ticket: HashMap<i64, Vec<store::events::EventRow>> = HashMap::new();
        for e in events {
            by_ticket.entry(e.ticket_id).or_default().push(e);
        }
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let events = history::parse_rows(&by_ticket.remove(&row.id).unwrap_or_default())?;
            let facts = history::checked_facts(row.id, &events)?;
            // Pinned versions are cached: one read per distinct policy, not per ticket.
            let pinned = self
                .policies
                .get(&self.db, row.policy_version_id, row.calendar_version_id)
                .await?;
            out.push(Hist {
                row,
                events,
                facts,
                pinned,
            });
        }
        Ok(out)
    }
}

impl Hist {
    /// The priority in force at `t`; `before` leaves out changes made at `t` itself (a
    /// re-triage at the breach instant comes after the breach).
    pub fn priority_at(&self, t: Timestamp, before: bool) -> Priority {
        let mut p = Priority::Medium;
        for r in &self.events {
            if r.at > t || (before && r.at == t && !matches!(r.event, TicketEvent::Created { .. }))
            {
                break;
            }
            match &r.event {
                TicketEvent::Created { priority, .. } => p = *priority,
                TicketEvent::PriorityChanged { to, .. } => p = *to,
                _ => {}
            }
        }
        p
    }

    /// The category at `t` (code).
    pub fn category_at(&self, t: Timestamp) -> &'static str {
        let mut c = None;
        for r in self.events.iter().take_while(|r| r.at <= t) {
            match &r.event {
                TicketEvent::Created { category, .. } => c = Some(*category),
                TicketEvent::CategoryChanged { to, .. } => c = Some(*to),
                _ => {}
            }
        }
        c.map_or("functional", |c| c.as_str())
    }

    fn status_changes(&self) -> impl Iterator<Item = (Timestamp, Status)> + '_ {
        self.events.iter().filter_map(|r| match &r.event {
            TicketEvent::StatusChanged { to, .. } => Some((r.at, *to)),
            _ => None,
        })
    }

    /// Its last resolution inside `[from, to)`: a ticket resolved twice in the month counts
    /// once, at the last one.
    pub fn resolution_in(&self, from: Timestamp, to: Timestamp) -> Option<Timestamp> {
        self.status_changes()
            .filter(|(at, s)| *s == Status::Resolved && *at >= from && *at < to)
            .map(|(at, _)| at)
            .last()
    }

    /// The resolution the ticket stands on at `t` (resolved, or closed after one), if any.
    pub fn resolved_at(&self, t: Timestamp) -> Option<Timestamp> {
        let mut resolved = None;
        for (at, s) in self.status_changes().take_while(|(at, _)| *at < t) {
            match s {
                Status::Resolved => resolved = Some(at),
                Status::Closed => {}
                _ => resolved = None,
            }
        }
        resolved
    }

    /// Real time spent waiting on the client inside `[from, to)`, in µs.
    pub fn waiting_us(&self, from: Timestamp, to: Timestamp) -> i64 {
        let (from, to) = (us(from), us(to));
        let mut total = 0;
        let mut since: Option<i64> = None;
        let mut add = |s: i64, e: i64| total += (e.min(to) - s.max(from)).max(0);
        for (at, s) in self.status_changes() {
            if let Some(s0) = since.take() {
                add(s0, us(at));
            }
            if s == Status::WaitingOnClient {
                since = Some(us(at));
            }
        }
        if let Some(s0) = since {
            add(s0, to);
        }
        total
    }

    /// The pause intervals of its clock (an unfinished one runs on).
    fn pauses(&self) -> Vec<(Timestamp, Timestamp)> {
        let mut out = Vec::new();
        let mut open: Option<Timestamp> = None;
        for f in &self.facts {
            match *f {
                SlaFact::PauseStarted { at, .. } => {
                    open.get_or_insert(at);
                }
                SlaFact::PauseEnded { at } => {
                    if let Some(s) = open.take() {
                        out.push((s, at));
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((s, Timestamp::MAX));
        }
        out
    }

    /// Working time counted on `p`'s clock of its pinned policy in `[from, to)`, pauses left
    /// out, in whole minutes (floor).
    pub fn counted_minutes(&self, p: Priority, from: Timestamp, to: Timestamp) -> i64 {
        if to <= from {
            return 0;
        }
        let c = self.pinned.calendar.as_ref();
        sla::counted(&self.pinned.policy, c, p, from, to, &self.pauses()) / MINUTE_US
    }

    /// The due time in force at `t` (the clock evaluated then).
    pub fn due_at(&self, t: Timestamp) -> Timestamp {
        projection::evaluate(&self.pinned, &self.facts, t).due_at
    }

    pub fn created(&self) -> Timestamp {
        ts(self.row.created_at_us)
    }
}
