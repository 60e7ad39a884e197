//! `Service::monthly_report_csv`: the tickets behind the month's figures, one row each (every
//! ticket alive in the month: opened, resolved, closed, with an outcome, pending, paused or
//! still open at its end), written with `domain::csv` (formula-injection safe). Built from the
//! same parts as the JSON report, so its rows add up to the report's counts.

use std::collections::HashMap;

use domain::csv;
use jiff::Timestamp;

use super::{
    figures::{self, breach_detail},
    outcomes::OutcomeItem,
};
use crate::{Actor, Service, ServiceResult, tickets::projection::rfc3339_us, ts};

pub const HEADER: [&str; 12] = [
    "number",
    "subject",
    "category",
    "priority",
    "opened_at",
    "resolved_at",
    "closed_at",
    "outcome",
    "breached_at",
    "due_at",
    "late_by_minutes",
    "paused_minutes",
];

impl Service {
    /// TENANT: the same access rules as [`Service::monthly_report`].
    pub async fn monthly_report_csv(
        &self,
        actor: &Actor,
        client_id: i64,
        month: &str,
    ) -> ServiceResult<String> {
        let p = self.month_parts(actor, client_id, month).await?;
        let staff = actor.is_staff();
        let outcome: HashMap<i64, &OutcomeItem> =
            p.items.iter().map(|i| (i.ticket_id, i)).collect();
        let mut out = csv::line(&HEADER);
        let t = |t: Option<Timestamp>| t.map(rfc3339_us).unwrap_or_default();
        for h in &p.hists {
            let o = outcome.get(&h.row.id);
            let breach = h.row.breached_at_us.map(ts).filter(|b| *b < p.w.to);
            let priority = match (o, breach) {
                (Some(o), _) => o.priority,
                (None, Some(b)) => h.priority_at(b, true),
                (None, None) => h.priority_at(p.end, false),
            };
            let (due, late) = match breach {
                Some(b) => {
                    let (due, _, late) = breach_detail(h, priority, b, p.end);
                    (due, Some(late))
                }
                None => (h.due_at(p.end), None),
            };
            let closed = h.row.closed_at_us.map(ts).filter(|c| *c < p.w.to);
            let paused = h.waiting_us(p.w.from, p.end) / 60_000_000;
            out.push_str(&csv::line(&[
                figures::number(h.row.id),
                figures::subject_for(staff, h.row.staff_only, &h.row.subject),
                h.category_at(p.end).to_string(),
                priority.as_str().to_string(),
                rfc3339_us(h.created()),
                t(h.resolved_at(p.end)),
                t(closed),
                o.map_or("none", |o| o.verdict.as_str()).to_string(),
                t(breach),
                rfc3339_us(due),
                late.map(|l| l.to_string()).unwrap_or_default(),
                paused.to_string(),
            ]));
        }
        Ok(out)
    }
}
