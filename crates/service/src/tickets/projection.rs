//! The SLA snapshot as shown (`sla` object) and as stored (projection columns).

use domain::sla::{self, ClockKind, SlaFact, SlaSnapshot, SlaState};
use jiff::Timestamp;
use serde::Serialize;
use store::tickets::TicketRow;
use utoipa::ToSchema;

use crate::policy_cache::Pinned;

/// The ticket's SLA clock at the moment of the request (rules and examples: docs/sla.md).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlaView {
    /// Name of the pinned SLA policy.
    pub policy: String,
    pub clock: ClockKindView,
    pub target_seconds: i64,
    /// RFC 3339 UTC, to the microsecond; while paused, as if the ticket resumed now.
    #[schema(format = DateTime)]
    pub due_at: String,
    pub elapsed_seconds: i64,
    pub remaining_seconds: i64,
    /// False while paused, closed, or outside business hours on a business clock.
    pub clock_running: bool,
    pub paused: bool,
    pub paused_seconds: i64,
    pub state: SlaStateView,
    #[schema(format = DateTime)]
    pub breached_at: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockKindView {
    Calendar,
    Business,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlaStateView {
    Ok,
    Warning,
    Breached,
    Met,
}

impl SlaStateView {
    /// The wire name (`ok`, `warning`, `breached`, `met`), also used for CSS classes and labels.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaStateView::Ok => "ok",
            SlaStateView::Warning => "warning",
            SlaStateView::Breached => "breached",
            SlaStateView::Met => "met",
        }
    }
}

pub(crate) fn evaluate(pinned: &Pinned, facts: &[SlaFact], now: Timestamp) -> SlaSnapshot {
    sla::evaluate(&pinned.policy, pinned.calendar.as_ref(), facts, now)
}

/// RFC 3339 with microseconds always shown, so `due_at` round-trips exactly.
pub fn rfc3339_us(t: Timestamp) -> String {
    format!("{t:.6}")
}

pub(crate) fn view(pinned: &Pinned, s: &SlaSnapshot) -> SlaView {
    SlaView {
        policy: pinned.policy.name.clone(),
        clock: match s.clock {
            ClockKind::Calendar => ClockKindView::Calendar,
            ClockKind::Business => ClockKindView::Business,
        },
        target_seconds: s.target_seconds,
        due_at: rfc3339_us(s.due_at),
        elapsed_seconds: s.elapsed_seconds,
        remaining_seconds: s.remaining_seconds,
        clock_running: s.clock_running,
        paused: s.paused,
        paused_seconds: s.paused_seconds,
        state: match s.state {
            SlaState::Ok => SlaStateView::Ok,
            SlaState::Warning => SlaStateView::Warning,
            SlaState::Breached => SlaStateView::Breached,
            SlaState::Met => SlaStateView::Met,
        },
        breached_at: s.breached_at.map(rfc3339_us),
    }
}

/// Paused tickets sort after every running one (by remaining time), resolved after those,
/// closed last: one integer column makes "sort by urgency" an index scan.
const PAUSED_BASE: i64 = 4_000_000_000_000_000_000;
const RESOLVED_BASE: i64 = 6_000_000_000_000_000_000;
const REMAINING_CLAMP: i64 = 1_000_000_000_000_000_000;

/// Writes the snapshot into the row's projection columns.
pub(crate) fn project(row: &mut TicketRow, s: &SlaSnapshot) {
    let closed = row.status == "closed";
    let running = !s.paused && !closed;
    row.due_at_us = running.then(|| crate::us(s.due_at));
    // While paused or closed the consumed share is frozen: keep warn_at only if already in
    // warning, so `warn_at_us <= now` stays true for exactly those tickets and a list filtered
    // by `sla_state` says what the ticket itself says.
    let warning = s.state == SlaState::Warning;
    row.warn_at_us = if running || warning {
        Some(crate::us(s.warn_at))
    } else {
        None
    };
    // Only the watcher reads it, to find running tickets past their second threshold.
    row.second_warn_at_us = running.then(|| crate::us(s.second_warn_at));
    row.remaining_at_pause_us = if running {
        None
    } else {
        s.remaining_at_pause_us
    };
    row.breached_at_us = s.breached_at.map(crate::us);
    row.outcome = match s.met {
        Some(true) => Some("met".into()),
        Some(false) => Some("breached".into()),
        None => None,
    };
    row.sla_paused = s.paused;
    let remaining = s
        .remaining_at_pause_us
        .unwrap_or(0)
        .clamp(-REMAINING_CLAMP, REMAINING_CLAMP);
    row.urgency_us = if closed {
        i64::MAX
    } else if running {
        crate::us(s.due_at)
    } else if row.status == "resolved" {
        RESOLVED_BASE + remaining
    } else {
        PAUSED_BASE + remaining
    };
}

/// The projection columns of a ticket, for comparing what is stored with a fresh replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSla {
    pub due_at_us: Option<i64>,
    pub warn_at_us: Option<i64>,
    pub remaining_at_pause_us: Option<i64>,
    pub breached_at_us: Option<i64>,
    pub outcome: Option<String>,
    pub sla_paused: bool,
    pub urgency_us: i64,
}

impl StoredSla {
    pub(crate) fn of(r: &TicketRow) -> Self {
        StoredSla {
            due_at_us: r.due_at_us,
            warn_at_us: r.warn_at_us,
            remaining_at_pause_us: r.remaining_at_pause_us,
            breached_at_us: r.breached_at_us,
            outcome: r.outcome.clone(),
            sla_paused: r.sla_paused,
            urgency_us: r.urgency_us,
        }
    }
}

impl crate::Service {
    /// `(stored, replayed)`: the projection as stored, and as a replay of the ticket's whole
    /// history at `at` computes it. Equal whenever `at` is the instant of the last write.
    pub async fn replay_projection(
        &self,
        id: i64,
        at: Timestamp,
    ) -> crate::ServiceResult<(StoredSla, StoredSla)> {
        let row = store::tickets::get_ticket(&self.db, id)
            .await?
            .ok_or(crate::ServiceError::NotFound)?;
        let pinned = self
            .policies
            .get(&self.db, row.policy_version_id, row.calendar_version_id)
            .await?;
        let history = super::history::parse_rows(&store::events::list_events(&self.db, id).await?)?;
        let snap = evaluate(&pinned, &super::history::checked_facts(id, &history)?, at);
        let mut replayed = row.clone();
        project(&mut replayed, &snap);
        Ok((StoredSla::of(&row), StoredSla::of(&replayed)))
    }
}
