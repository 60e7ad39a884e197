//! `Service::monthly_report`: one client's month, assembled from the sections. The HTML,
//! the PDF, the CSV and the API all read this value.

use std::collections::HashMap;

use jiff::{Timestamp, tz::TimeZone};
use store::{clients::ClientRow, reports::ZoneScope};

use super::{
    figures,
    histories::Hist,
    model::{HoursFigures, MonthlyReport, QuoteFigures, ReportClient},
    outcomes::{OutcomeItem, Verdict},
    params::Window,
};
use crate::{Actor, Service, ServiceResult, tickets::projection::rfc3339_us, ts, us};

/// What every output of one client's month is built from.
pub(crate) struct MonthParts {
    pub client: ClientRow,
    pub tz: TimeZone,
    pub w: Window,
    pub now: Timestamp,
    /// Where "at the month's end" is read: its end, or now while it runs.
    pub end: Timestamp,
    pub hists: Vec<Hist>,
    pub items: Vec<OutcomeItem>,
}

impl MonthParts {
    pub fn by_ticket(&self) -> HashMap<i64, &Hist> {
        self.hists.iter().map(|h| (h.row.id, h)).collect()
    }
}

impl Service {
    /// Access, parameters, then the month's tickets, histories and outcomes.
    pub(crate) async fn month_parts(
        &self,
        actor: &Actor,
        client_id: i64,
        month: &str,
    ) -> ServiceResult<MonthParts> {
        let (client, tz) = self.report_client(actor, client_id).await?;
        let w = self.report_month(month, &tz)?;
        let now = self.now();
        let end = ts(w.end_us(now));
        let hists = self.month_histories(client.id, &w).await?;
        let scope = ZoneScope {
            time_zone: &client.time_zone,
            client_id: Some(client.id),
        };
        let items = self
            .outcomes_in(scope, w.start_us(), w.stop_us(), Some(us(end)))
            .await?;
        Ok(MonthParts {
            client,
            tz,
            w,
            now,
            end,
            hists,
            items,
        })
    }

    /// One client's monthly service report (month in the client's time zone, `YYYY-MM`).
    /// TENANT: staff read any client; a client admin its own only (another answers 404).
    pub async fn monthly_report(
        &self,
        actor: &Actor,
        client_id: i64,
        month: &str,
    ) -> ServiceResult<MonthlyReport> {
        let p = self.month_parts(actor, client_id, month).await?;
        let staff = actor.is_staff();
        let by_ticket = p.by_ticket();
        let targets = self.resolution_targets(actor, client_id, None).await?;
        let ledger = self.ledger(client_id).await?;
        let balance = ledger.balance(p.w.month);
        let plans = ledger
            .in_force(p.w.month)
            .into_iter()
            .map(|(_, plan)| plan.name.clone())
            .collect();
        let compliance = figures::compliance_figures(&p.items, &by_ticket, p.end, staff);
        // Still running, or a pending ticket's window is still open now.
        let partial = p.now < p.w.to
            || p.items
                .iter()
                .any(|i| i.verdict == Verdict::Pending && figures::closes_at(i.at_us) > p.now);
        Ok(MonthlyReport {
            client: ReportClient {
                id: p.client.id,
                name: p.client.name.clone(),
                time_zone: p.client.time_zone.clone(),
                plans,
            },
            month: p.w.month.to_string(),
            from: rfc3339_us(p.w.from),
            to: rfc3339_us(p.w.to),
            generated_at: rfc3339_us(p.now),
            partial,
            tickets: figures::ticket_figures(&p.hists, &p.w),
            compliance,
            resolution: figures::resolution_figures(&p.hists, &p.w, |pr| {
                targets.target(pr).target_seconds / 60
            }),
            paused: figures::paused_figures(&p.hists, &p.w, p.end),
            campuses: self.campus_figures(client_id, &p.w, &p.tz).await?,
            hours: (balance.available_minutes > 0 || balance.used_minutes > 0).then_some({
                HoursFigures {
                    available_minutes: balance.available_minutes,
                    used_minutes: balance.used_minutes,
                    left_minutes: balance.left_minutes,
                    overage_minutes: balance.overage_minutes,
                    percent_used: balance.percent_used,
                }
            }),
            quotes: self.quote_figures(client_id, &p.w, p.now).await?,
        })
    }

    async fn quote_figures(
        &self,
        client_id: i64,
        w: &Window,
        now: Timestamp,
    ) -> ServiceResult<QuoteFigures> {
        let (from, to, end) = (w.start_us(), w.stop_us(), w.end_us(now));
        let mut f = QuoteFigures::default();
        for q in store::reports::quotes(&self.db, client_id, from, to).await? {
            // An expiry not recorded yet by the job counts at the quote's own expiry instant.
            let (state, decided) = match (q.state.as_str(), q.decided_at_us) {
                ("pending", _) if q.expires_at_us <= us(now) => ("expired", Some(q.expires_at_us)),
                (s, d) => (s, d),
            };
            if q.created_at_us >= from {
                f.sent += 1;
            }
            match decided {
                Some(d) if d >= from && d < to => match state {
                    "approved" => f.approved += 1,
                    "rejected" => f.rejected += 1,
                    "expired" => f.expired += 1,
                    _ => {}
                },
                _ => {}
            }
            if q.created_at_us < end && decided.is_none_or(|d| d >= end) {
                f.pending += 1;
            }
        }
        Ok(f)
    }
}
