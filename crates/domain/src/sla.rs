//! The contractual SLA clock: a pure function of a ticket's history.
//! The rules, with worked examples, are in docs/sla.md — this module implements them exactly.
//!
//! Everything is computed from the whole history on every call (never from a stored
//! "remaining"): pauses and priority changes are folded again each time, so the answer never
//! depends on when anyone looked. Internally instants are UTC microseconds (`i64`), the
//! precision the store keeps.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessCalendar, SECOND_US, timestamp_us};
use crate::priority::{PerPriority, Priority};

mod replay;
mod walk;

/// Which clock a priority's target counts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// 24×7 real elapsed time.
    Calendar,
    /// Time inside the policy calendar's business windows.
    Business,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub target_seconds: i64,
    pub clock: ClockKind,
}

/// Resolution targets per priority + warning thresholds (percent of target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub name: String,
    pub targets: PerPriority<Target>,
    pub warn_percent: u8,
    pub second_warn_percent: u8,
}

impl SlaPolicy {
    /// The seed's plan: 24×7, low 168 h, medium 48 h, high 12 h, urgent 4 h; warnings 75/90 %.
    pub fn seed() -> Self {
        let t = |h: i64| Target {
            target_seconds: h * 3600,
            clock: ClockKind::Calendar,
        };
        SlaPolicy {
            name: "Abono mensual".into(),
            targets: PerPriority {
                low: t(168),
                medium: t(48),
                high: t(12),
                urgent: t(4),
            },
            warn_percent: 75,
            second_warn_percent: 90,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    WaitingOnClient,
    Resolved,
}

/// What the SLA clock needs from a ticket's history, in time order (ties keep slice order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaFact {
    /// Always the first fact.
    Created {
        at: Timestamp,
        priority: Priority,
    },
    /// Raise or lowering; the direction is derived by comparing with the current priority.
    PriorityChanged {
        at: Timestamp,
        to: Priority,
    },
    PauseStarted {
        at: Timestamp,
        reason: PauseReason,
    },
    PauseEnded {
        at: Timestamp,
    },
    /// Final: the snapshot is frozen at this instant (evaluated as if now = at).
    Closed {
        at: Timestamp,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    Ok,
    Warning,
    Breached,
    Met,
}

/// The clock's view of one ticket at `now` (the API's `sla` object + projection fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaSnapshot {
    pub priority: Priority,
    pub clock: ClockKind,
    pub target_seconds: i64,
    /// Shown to the microsecond; while paused, as if the ticket resumed at `now`.
    pub due_at: Timestamp,
    /// Instant at which `warn_percent` of the target is consumed (same pause convention).
    pub warn_at: Timestamp,
    /// Same for `second_warn_percent`.
    pub second_warn_at: Timestamp,
    pub elapsed_seconds: i64,
    pub remaining_seconds: i64,
    pub clock_running: bool,
    pub paused: bool,
    /// Real seconds spent inside pauses (an open pause counted up to `now`).
    pub paused_seconds: i64,
    pub state: SlaState,
    /// Permanent once it exists; never depends on when anyone looked.
    pub breached_at: Option<Timestamp>,
    /// `Some(true)` = met (resolved without prior breach, not reopened since),
    /// `Some(false)` = breached, `None` = no outcome yet.
    pub met: Option<bool>,
    /// Remaining counted time (µs) at the moment the current pause started; `None` when running.
    pub remaining_at_pause_us: Option<i64>,
}

/// Evaluates the clock for `facts` at `now`. `calendar` is required when any target uses
/// `ClockKind::Business` (without one, business targets count as calendar time).
///
/// Facts later than `now` are ignored (not yet happened); after `Closed` nothing counts.
pub fn evaluate(
    policy: &SlaPolicy,
    calendar: Option<&BusinessCalendar>,
    facts: &[SlaFact],
    now: Timestamp,
) -> SlaSnapshot {
    replay::evaluate(policy, calendar, facts, now)
}

/// `due(from, priority)` of docs/sla.md ("Due time"): the instant at which time counted from `from` on
/// `priority`'s clock, minus the given pause intervals `[start, end)`, reaches the target.
/// Public so the demo can pick creation times that land tickets in a chosen state.
pub fn due_from(
    policy: &SlaPolicy,
    calendar: Option<&BusinessCalendar>,
    from: Timestamp,
    priority: Priority,
    pauses: &[(Timestamp, Timestamp)],
) -> Timestamp {
    let pauses = pauses_us(pauses);
    let (clock, budget) = clock_of(policy, calendar, priority);
    timestamp_us(walk::due_us(clock, from.as_microsecond(), budget, &pauses))
}

/// The inverse walk: the instant `seconds` of counted time *before* `until` on `priority`'s clock
/// (no pauses). The demo uses it to choose creation times ("created so that 80 % is consumed").
///
/// When that instant is ambiguous (the budget ends exactly at a window's start), the latest one
/// is returned, i.e. a business instant rather than the previous window's end.
pub fn counted_back(
    policy: &SlaPolicy,
    calendar: Option<&BusinessCalendar>,
    until: Timestamp,
    priority: Priority,
    seconds: i64,
) -> Timestamp {
    let (clock, _) = clock_of(policy, calendar, priority);
    let budget = seconds.saturating_mul(SECOND_US);
    timestamp_us(walk::back_us(
        clock,
        until.as_microsecond(),
        budget,
        &[],
        false,
    ))
}

/// Time counted (µs) in `[from, to)` on `priority`'s clock, minus the pause intervals.
pub fn counted(
    policy: &SlaPolicy,
    calendar: Option<&BusinessCalendar>,
    priority: Priority,
    from: Timestamp,
    to: Timestamp,
    pauses: &[(Timestamp, Timestamp)],
) -> i64 {
    let pauses = pauses_us(pauses);
    let (clock, _) = clock_of(policy, calendar, priority);
    walk::counted_us(clock, from.as_microsecond(), to.as_microsecond(), &pauses)
}

/// The clock `priority` counts on (`None` = real time, also for a business target without a
/// calendar) and its budget in µs.
fn clock_of<'a>(
    policy: &SlaPolicy,
    calendar: Option<&'a BusinessCalendar>,
    priority: Priority,
) -> (walk::Clock<'a>, i64) {
    let target = policy.targets.get(priority);
    let clock = match target.clock {
        ClockKind::Calendar => None,
        ClockKind::Business => calendar,
    };
    (clock, target.target_seconds.saturating_mul(SECOND_US))
}

fn pauses_us(pauses: &[(Timestamp, Timestamp)]) -> Vec<(i64, i64)> {
    let v: Vec<(i64, i64)> = pauses
        .iter()
        .map(|(s, e)| (s.as_microsecond(), e.as_microsecond()))
        .collect();
    walk::normalize(&v)
}
