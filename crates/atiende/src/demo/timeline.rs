//! When each story happens: its end is fixed relative to now by its fate, its creation is
//! counted back on the client's own SLA clock so the intended share of the target has elapsed.

use anyhow::anyhow;
use domain::sla;
use jiff::Timestamp;

use super::{
    before,
    clients::Seeded,
    data::{DemoTicket, Fate},
};

/// A ticket about to be written, with its story's instants.
pub(super) struct Planned<'a> {
    pub(super) spec: &'a DemoTicket,
    pub(super) created: Timestamp,
    pub(super) end: Timestamp,
}

/// Places every spec in time, sorted by creation so ticket ids follow time.
pub(super) fn plan<'a>(
    specs: &'a [DemoTicket],
    clients: &[Seeded],
    now: Timestamp,
) -> anyhow::Result<Vec<Planned<'a>>> {
    let mut planned = Vec::with_capacity(specs.len());
    for spec in specs {
        let client = clients
            .get(spec.client)
            .ok_or_else(|| anyhow!("demo ticket names client {}", spec.client))?;
        let end = match spec.fate {
            Fate::New | Fate::Open => now,
            Fate::Waiting { paused_h } => before(now, paused_h)?,
            Fate::Resolved { ago_h }
            | Fate::Closed { ago_h, .. }
            | Fate::AutoClose { ago_h }
            | Fate::Duplicate { ago_h } => before(now, ago_h)?,
        };
        let target = client.policy.targets.get(spec.priority).target_seconds;
        // Truncation keeps a share just under a threshold under it.
        let budget = ((target as f64) * spec.consumed) as i64;
        let created = sla::counted_back(
            &client.policy,
            client.calendar.as_ref(),
            end,
            spec.priority,
            budget.max(60),
        );
        planned.push(Planned { spec, created, end });
    }
    planned.sort_by_key(|p| p.created);
    Ok(planned)
}

/// The state a spec is meant to show (None: a duplicate closed without outcome).
pub(super) fn expected_state(d: &DemoTicket) -> Option<&'static str> {
    let c = d.consumed;
    match d.fate {
        Fate::New | Fate::Open | Fate::Waiting { .. } if c < 0.75 => Some("ok"),
        Fate::New | Fate::Open | Fate::Waiting { .. } if c < 1.0 => Some("warning"),
        Fate::Duplicate { .. } => None,
        _ if c >= 1.0 => Some("breached"),
        _ => Some("met"),
    }
}
