//! The ticket sections of the monthly report, from the month's histories and its outcomes:
//! opened / resolved / closed, compliance with its breaches and pending tickets, resolution
//! times, time paused waiting on the client.

use std::collections::HashMap;

use domain::{Priority, ticket::Category};
use jiff::{SignedDuration, Timestamp};

use super::{
    histories::Hist,
    model::{
        BreachRow, ComplianceFigures, CountRow, PausedFigures, PendingRow, PriorityOutcomes,
        ResolutionFigures, TicketFigures,
    },
    outcomes::{OutcomeItem, Verdict, tally},
    params::Window,
};
use crate::{
    tickets::{CONFIRM_WINDOW_HOURS, projection::rfc3339_us},
    ts,
};

pub(crate) use crate::dashboard::figures::priorities;

/// What the reader may see of a subject: a ticket still kept for staff (a missing-backup
/// alert not yet published) counts for everyone, but a client admin does not read its subject.
pub(crate) fn subject_for(staff: bool, staff_only: bool, subject: &str) -> String {
    if staff_only && !staff {
        String::new()
    } else {
        subject.to_string()
    }
}

pub(crate) fn number(id: i64) -> String {
    domain::ticket::ticket_number(domain::ids::TicketId(id))
}

/// Adds one to a counter of a row.
type Bump = fn(&mut CountRow);

pub(crate) fn ticket_figures(hists: &[Hist], w: &Window) -> TicketFigures {
    let mut by_category: Vec<CountRow> = Category::ALL
        .iter()
        .map(|c| CountRow {
            key: c.as_str().into(),
            ..Default::default()
        })
        .collect();
    let mut by_priority: Vec<CountRow> = priorities()
        .map(|p| CountRow {
            key: p.as_str().into(),
            ..Default::default()
        })
        .collect();
    let mut f = TicketFigures::default();
    let inside = |t: Timestamp| t >= w.from && t < w.to;
    for h in hists {
        // (instant, which counter) for each thing that happened to it in the month.
        let mut counted: Vec<(Timestamp, Bump)> = Vec::new();
        if inside(h.created()) {
            f.opened += 1;
            counted.push((h.created(), |r| r.opened += 1));
        }
        if let Some(r) = h.resolution_in(w.from, w.to) {
            f.resolved += 1;
            counted.push((r, |r| r.resolved += 1));
        }
        match h.row.closed_at_us.map(ts) {
            Some(c) if inside(c) => {
                f.closed += 1;
                counted.push((c, |r| r.closed += 1));
            }
            Some(c) if c < w.to => {}
            _ => f.open_at_end += 1,
        }
        for (at, bump) in counted {
            let (p, c) = (h.priority_at(at, false), h.category_at(at));
            by_priority
                .iter_mut()
                .filter(|r| r.key == p.as_str())
                .for_each(bump);
            by_category.iter_mut().filter(|r| r.key == c).for_each(bump);
        }
    }
    f.by_category = by_category;
    f.by_priority = by_priority;
    f
}

pub(crate) fn compliance_figures(
    items: &[OutcomeItem],
    hists: &HashMap<i64, &Hist>,
    end: Timestamp,
    staff: bool,
) -> ComplianceFigures {
    let by_priority = priorities()
        .map(|p| PriorityOutcomes {
            priority: p,
            outcomes: tally(items.iter().filter(|i| i.priority == p)),
        })
        .collect();
    let mut breaches: Vec<BreachRow> = items
        .iter()
        .filter(|i| i.verdict == Verdict::Breached)
        .map(|i| {
            let breached = ts(i.at_us);
            let (due, resolved, late) = hists.get(&i.ticket_id).map_or((breached, None, 0), |h| {
                breach_detail(h, i.priority, breached, end)
            });
            BreachRow {
                ticket_id: i.ticket_id,
                number: number(i.ticket_id),
                subject: subject_for(staff, i.staff_only, &i.subject),
                campus_id: i.campus_id,
                priority: i.priority,
                due_at: rfc3339_us(due),
                breached_at: rfc3339_us(breached),
                resolved_at: resolved.map(rfc3339_us),
                still_open: resolved.is_none(),
                late_by_minutes: late,
            }
        })
        .collect();
    breaches.sort_by(|a, b| (&a.breached_at, a.ticket_id).cmp(&(&b.breached_at, b.ticket_id)));
    let pending = items
        .iter()
        .filter(|i| i.verdict == Verdict::Pending)
        .map(|i| PendingRow {
            ticket_id: i.ticket_id,
            number: number(i.ticket_id),
            subject: subject_for(staff, i.staff_only, &i.subject),
            priority: i.priority,
            resolved_at: rfc3339_us(ts(i.at_us)),
            closes_at: rfc3339_us(closes_at(i.at_us)),
        })
        .collect();
    ComplianceFigures {
        total: tally(items),
        by_priority,
        breaches,
        pending,
    }
}

/// A breach's due time, the resolution after it standing at `end` (if any) and the working
/// minutes late, on the clock of the priority it counts under.
pub(crate) fn breach_detail(
    h: &Hist,
    p: Priority,
    breached: Timestamp,
    end: Timestamp,
) -> (Timestamp, Option<Timestamp>, i64) {
    let due = h.due_at(breached).min(breached);
    let resolved = h.resolved_at(end).filter(|r| *r > breached);
    let late = h.counted_minutes(p, due, resolved.unwrap_or(end));
    (due, resolved, late)
}

/// A resolution's auto-close instant.
pub(crate) fn closes_at(resolved_us: i64) -> Timestamp {
    ts(resolved_us) + SignedDuration::from_hours(CONFIRM_WINDOW_HOURS)
}

/// Nearest rank: the value at rank ⌈q·n⌉ of the sorted list — always one ticket's real time.
fn rank(sorted: &[i64], q: f64) -> Option<i64> {
    let n = sorted.len();
    (n > 0).then(|| sorted[((q * n as f64).ceil() as usize).clamp(1, n) - 1])
}

/// Resolution time of the tickets resolved in the month (each at its last resolution in it),
/// on the ticket's own clock from creation to resolution, pauses left out, under the
/// priority in force at the resolution. `within_target`: resolved before any breach.
pub(crate) fn resolution_figures(
    hists: &[Hist],
    w: &Window,
    target_minutes: impl Fn(Priority) -> i64,
) -> Vec<ResolutionFigures> {
    let mut times: HashMap<Priority, (Vec<i64>, i64)> = HashMap::new();
    for h in hists {
        let Some(r) = h.resolution_in(w.from, w.to) else {
            continue;
        };
        let p = h.priority_at(r, false);
        let e = times.entry(p).or_default();
        e.0.push(h.counted_minutes(p, h.created(), r));
        if h.row.breached_at_us.is_none_or(|b| ts(b) > r) {
            e.1 += 1;
        }
    }
    priorities()
        .map(|p| {
            let (mut list, within) = times.remove(&p).unwrap_or_default();
            list.sort_unstable();
            ResolutionFigures {
                priority: p,
                target_minutes: target_minutes(p),
                resolved: list.len() as i64,
                median_minutes: rank(&list, 0.5),
                p90_minutes: rank(&list, 0.9),
                within_target: within,
            }
        })
        .collect()
}

pub(crate) fn paused_figures(hists: &[Hist], w: &Window, end: Timestamp) -> PausedFigures {
    let mut f = PausedFigures::default();
    for h in hists {
        let waited = h.waiting_us(w.from, end);
        if waited > 0 {
            f.tickets += 1;
            // Whole minutes per ticket, so the CSV's column sums to this figure.
            f.waiting_on_client_minutes += waited / 60_000_000;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn nearest_rank() {
        assert_eq!(rank(&[], 0.5), None);
        assert_eq!(rank(&[7], 0.9), Some(7));
        assert_eq!(rank(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(rank(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), Some(9));
        assert_eq!(rank(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9), Some(10));
    }
}
