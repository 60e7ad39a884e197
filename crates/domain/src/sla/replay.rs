//! Replays a ticket's SLA facts: the due fold, breach recording and the snapshot at `now`.

use super::walk;
use super::{ClockKind, PauseReason, SlaFact, SlaPolicy, SlaSnapshot, SlaState, clock_of};
use crate::calendar::{BusinessCalendar, MAX_US, SECOND_US, timestamp_us};
use crate::priority::Priority;

/// What the facts applied so far say (instants in µs).
struct History {
    created: i64,
    first: Priority,
    changes: Vec<(i64, Priority)>,
    closed_pauses: Vec<(i64, i64)>,
    /// Start and reason of the pause in force, if any.
    open: Option<(i64, PauseReason)>,
}

impl History {
    fn new(created: i64, first: Priority) -> Self {
        History {
            created,
            first,
            changes: Vec::new(),
            closed_pauses: Vec::new(),
            open: None,
        }
    }

    fn current(&self) -> Priority {
        self.changes.last().map_or(self.first, |&(_, p)| p)
    }

    /// The due-time fold of docs/sla.md: `due(created, p0)`, then `min` with `due(t, p)` on a raise and `max`
    /// with `due(created, p)` on a lowering; every term sees all of `pauses` (normalized).
    fn due(
        &self,
        policy: &SlaPolicy,
        cal: Option<&BusinessCalendar>,
        pauses: &[(i64, i64)],
    ) -> i64 {
        let term = |from: i64, p: Priority| {
            let (clock, budget) = clock_of(policy, cal, p);
            walk::due_us(clock, from, budget, pauses)
        };
        let mut due = term(self.created, self.first);
        let mut cur = self.first;
        for &(t, p) in &self.changes {
            if p > cur {
                due = due.min(term(t, p));
            } else if p < cur {
                due = due.max(term(self.created, p));
            }
            cur = p;
        }
        due
    }

    /// The instant this history breaches at if nothing else happens: `due_at` itself, or the end
    /// of the pause containing it; none while a pause that began at or before it stays open.
    /// Computed from closed pauses only: an open pause that began after `due_at` cannot move it.
    fn breach(&self, policy: &SlaPolicy, cal: Option<&BusinessCalendar>) -> Option<i64> {
        let pauses = walk::normalize(&self.closed_pauses);
        let due = self.due(policy, cal, &pauses);
        if due >= MAX_US {
            return None;
        }
        let b = pauses
            .iter()
            .find(|&&(s, e)| s <= due && due < e)
            .map_or(due, |&(_, e)| e);
        match self.open {
            Some((s, _)) if b >= s => None,
            _ => Some(b),
        }
    }
}

fn fact_at(f: &SlaFact) -> i64 {
    match *f {
        SlaFact::Created { at, .. }
        | SlaFact::PriorityChanged { at, .. }
        | SlaFact::PauseStarted { at, .. }
        | SlaFact::PauseEnded { at }
        | SlaFact::Closed { at } => at.as_microsecond(),
    }
}

pub(super) fn evaluate(
    policy: &SlaPolicy,
    cal: Option<&BusinessCalendar>,
    facts: &[SlaFact],
    now: jiff::Timestamp,
) -> SlaSnapshot {
    // A ticket is never evaluated before it exists.
    let created_at = facts
        .iter()
        .find(|f| matches!(f, SlaFact::Created { .. }))
        .map(fact_at);
    let now = now.as_microsecond().max(created_at.unwrap_or(i64::MIN));
    let mut hist: Option<History> = None;
    let mut breached: Option<i64> = None;
    let mut closed_at = None;
    let mut last = i64::MIN;
    for fact in facts {
        // Facts are in time order; a stray earlier instant is taken as simultaneous.
        let at = fact_at(fact).max(last);
        if at > now {
            break;
        }
        last = at;
        let Some(h) = hist.as_mut() else {
            if let SlaFact::Created { priority, .. } = *fact {
                hist = Some(History::new(at, priority));
            }
            continue;
        };
        // A breach whose instant precedes this fact happened before it, whoever looked.
        if breached.is_none() {
            breached = h.breach(policy, cal).filter(|&b| b < at);
        }
        match *fact {
            SlaFact::Created { .. } => {}
            SlaFact::PriorityChanged { to, .. } => h.changes.push((at, to)),
            SlaFact::PauseStarted { reason, .. } => match &mut h.open {
                // waiting_on_client → resolved: one continuous pause, the reason changes.
                Some((_, r)) => *r = reason,
                None => h.open = Some((at, reason)),
            },
            SlaFact::PauseEnded { .. } => {
                if let Some((s, _)) = h.open.take() {
                    h.closed_pauses.push((s, at));
                }
            }
            SlaFact::Closed { .. } => {
                closed_at = Some(at);
                break;
            }
        }
    }
    let hist = hist.unwrap_or_else(|| History::new(now, Priority::Medium));
    let end = closed_at.unwrap_or(now);
    if breached.is_none() {
        breached = hist.breach(policy, cal).filter(|&b| b < end);
    }
    snapshot(policy, cal, &hist, end, breached, closed_at.is_some())
}

/// The view at `end` (= now, or the closing instant), the open pause taken as ending at `end`.
fn snapshot(
    policy: &SlaPolicy,
    cal: Option<&BusinessCalendar>,
    h: &History,
    end: i64,
    breached: Option<i64>,
    closed: bool,
) -> SlaSnapshot {
    let mut all = h.closed_pauses.clone();
    if let Some((s, _)) = h.open {
        all.push((s, end));
    }
    let pauses = walk::normalize(&all);
    let due = h.due(policy, cal, &pauses);
    let priority = h.current();
    let (clock, budget) = clock_of(policy, cal, priority);
    let target_seconds = policy.targets.get(priority).target_seconds;

    let remaining_us = if end <= due {
        walk::counted_us(clock, end, due, &pauses)
    } else {
        -walk::counted_us(clock, due, end, &pauses)
    };
    let remaining_seconds = remaining_us.div_euclid(SECOND_US);
    let elapsed_seconds = target_seconds.saturating_sub(remaining_seconds);

    // The instant `percent` of the target is consumed: walked back from the due time by the
    // share still left, in counted time, so a threshold never falls at night or on a holiday.
    let threshold_at = |percent: u8| {
        let share = i128::from(percent.min(100));
        let left = i64::try_from(i128::from(budget) * (100 - share) / 100).unwrap_or(i64::MAX);
        walk::back_us(clock, due, left, &pauses, true).max(h.created)
    };
    let warn_at = threshold_at(policy.warn_percent);
    let second_warn_at = threshold_at(policy.second_warn_percent);

    let paused = h.open.is_some();
    let paused_us: i64 = pauses
        .iter()
        .map(|&(s, e)| (e.min(end) - s.max(h.created)).max(0))
        .sum();
    let clock_running = !closed && !paused && clock.is_none_or(|c| c.is_open(timestamp_us(end)));
    let met = if breached.is_some() {
        Some(false)
    } else if matches!(h.open, Some((_, PauseReason::Resolved))) {
        Some(true)
    } else {
        None
    };
    let state = if breached.is_some() {
        SlaState::Breached
    } else if met == Some(true) {
        SlaState::Met
    } else if i128::from(elapsed_seconds) * 100
        >= i128::from(policy.warn_percent) * i128::from(target_seconds)
    {
        SlaState::Warning
    } else {
        SlaState::Ok
    };
    SlaSnapshot {
        priority,
        clock: if clock.is_some() {
            ClockKind::Business
        } else {
            ClockKind::Calendar
        },
        target_seconds,
        due_at: timestamp_us(due),
        warn_at: timestamp_us(warn_at),
        second_warn_at: timestamp_us(second_warn_at),
        elapsed_seconds,
        remaining_seconds,
        clock_running,
        paused,
        paused_seconds: paused_us.div_euclid(SECOND_US),
        state,
        breached_at: breached.map(timestamp_us),
        met,
        remaining_at_pause_us: paused.then_some(remaining_us),
    }
}
