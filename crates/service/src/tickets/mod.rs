//! Tickets: creation, changes, messages, attachments, queries and the SLA watcher.
//!
//! Every change goes through [`Service::record`]: breaches that precede the change are
//! written first, then the events, then the recomputed SLA projection, the notifications and
//! the webhooks — one transaction.

mod attachments;
mod change;
mod create;
pub mod history;
mod messages;
pub mod projection;
mod read;
mod reply;
mod search;
mod spool;
mod system;
mod targets;
mod time_filters;
mod views;
mod watch;

pub use attachments::{AttachmentBody, StagedFile, check_filename, too_large};
pub(crate) use change::{check_transition, status_of};
pub use history::TicketEvent;
pub use projection::SlaView;
pub use read::TicketQuery;
pub(crate) use reply::check_reply;
pub use reply::{Reply, ReplyOutcome};
pub use search::{ExcerptField, SearchExcerpt, SearchOrder};
pub use spool::{Spool, SpoolError, Spooled};
pub use system::SystemTicket;
pub use targets::ResolutionTargets;
pub(crate) use time_filters::weekday_number;
pub use views::*;
pub use watch::WatchReport;

use jiff::Timestamp;
use store::{Tx, tickets::TicketRow};

use crate::{Service, ServiceResult, us};

/// The window in which a client confirms or reopens a resolved ticket.
pub const CONFIRM_WINDOW_HOURS: i64 = 168;

impl Service {
    /// Appends `events` (at `now`, by `actor`) to a ticket read in `tx`, recording any breach
    /// that happened before them first, and rewrites the SLA projection. Returns the clock at
    /// `now`, so callers answer with it instead of reading the history again.
    pub(crate) async fn record(
        &self,
        tx: &mut Tx,
        row: &mut TicketRow,
        actor: Option<i64>,
        events: &[TicketEvent],
        now: Timestamp,
    ) -> ServiceResult<domain::sla::SlaSnapshot> {
        let pinned = self
            .policies
            .get(&self.db, row.policy_version_id, row.calendar_version_id)
            .await?;
        let breached_before = row.breached_at_us.is_some();
        let mut past = history::parse_rows(&store::events::list_events_in_tx(tx, row.id).await?)?;
        if row.breached_at_us.is_none() && !past.is_empty() {
            let before =
                projection::evaluate(&pinned, &history::checked_facts(row.id, &past)?, now);
            if let Some(b) = before.breached_at {
                store::events::insert_event(
                    tx,
                    row.id,
                    us(b),
                    None,
                    "breached",
                    &to_json(&TicketEvent::Breached),
                )
                .await?;
                row.breached_at_us = Some(us(b));
            }
        }
        for e in events {
            store::events::insert_event(tx, row.id, us(now), actor, e.kind(), &to_json(e)).await?;
            past.push(history::Recorded {
                at: now,
                event: e.clone(),
            });
        }
        let snap = projection::evaluate(&pinned, &history::checked_facts(row.id, &past)?, now);
        projection::project(row, &snap);
        row.updated_at_us = us(now);
        let alerted_before = row.sla_alerted;
        self.notify_change(
            tx,
            row,
            crate::notify::Change {
                actor,
                events,
                snap: &snap,
                breached_before,
                policy: &pinned.policy,
                now,
            },
        )
        .await?;
        // The change's webhooks, after its notifications (which decide the SLA alerts).
        self.ticket_webhooks(
            tx,
            row,
            crate::webhooks::TicketHook {
                actor,
                events,
                snap: &snap,
                breached_before,
                alerted_before,
                policy: &pinned.policy,
            },
        )
        .await?;
        store::tickets::update_ticket(tx, row).await?;
        let searched_text_changed = events.iter().any(|e| {
            matches!(
                e,
                TicketEvent::SubjectChanged { .. } | TicketEvent::TagsChanged { .. }
            )
        });
        if searched_text_changed {
            store::search::reindex(tx, store::search::Scope::Ticket(row.id)).await?;
        }
        Ok(snap)
    }
}

fn to_json(e: &TicketEvent) -> String {
    // A derived Serialize of strings, integers and unit enums cannot fail.
    serde_json::to_string(e).expect("a ticket event serialises")
}
