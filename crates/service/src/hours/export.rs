//! Time entries across tickets: a filtered list, totals per client and month, and the CSV
//! export. Staff read every client's (or one's); a client admin reads only its own client's
//! entries marked visible to it, on tickets it can see, whatever filter it sends.

use std::collections::{BTreeMap, HashMap};

use domain::{csv, hours, hours::Month};
use serde::{Deserialize, Serialize};
use store::hours::EntryFilter;
use utoipa::{IntoParams, ToSchema};

use super::entries::{TimeEntryView, entry_view};
use crate::{Actor, Service, ServiceResult};

/// Filters of `GET /api/v1/time-entries` (and `.csv`, `/totals`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeEntryQuery {
    /// One client's entries (a client admin: only its own; another answers 404).
    pub client_id: Option<i64>,
    /// `YYYY-MM`: entries worked that month (by work date, client's zone).
    pub month: Option<String>,
    /// One ticket's entries.
    pub ticket_id: Option<i64>,
}

/// One client's month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientMonthTotals {
    pub client_id: i64,
    pub client_name: String,
    pub month: String,
    pub entries: i64,
    pub minutes: i64,
    pub billable_minutes: i64,
    pub visible_minutes: i64,
    /// On `admin_hours` tickets (the bank's consumption).
    pub bank_minutes: i64,
    /// Of those, past the month's balance.
    pub overage_minutes: i64,
}

/// A finished CSV file.
#[derive(Debug, Clone)]
pub struct TimeExport {
    pub filename: String,
    pub body: String,
}

const HEADER: [&str; 15] = [
    "entry_id",
    "ticket",
    "ticket_subject",
    "client_id",
    "client",
    "work_date",
    "month",
    "agent",
    "minutes",
    "hours",
    "billable",
    "visible_to_client",
    "consumes_bank",
    "overage_minutes",
    "note",
];

impl Service {
    /// The entries the caller may read under `q`, by work date then as logged.
    pub async fn list_time_entries(
        &self,
        actor: &Actor,
        q: &TimeEntryQuery,
    ) -> ServiceResult<Vec<TimeEntryView>> {
        let month = match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(Month::parse("month", m)?),
            None => None,
        };
        if let Some(c) = q.client_id {
            actor.check_client(c)?; // TENANT
            self.hours_client(c).await?;
        }
        if let Some(t) = q.ticket_id {
            self.get_ticket_row(actor, t).await?; // TENANT
        }
        let (from, to) = (
            month.map(|m| m.first_day().to_string()),
            month.map(|m| m.last_day().to_string()),
        );
        let staff = actor.is_staff();
        let rows = store::hours::list_entries(
            &self.db,
            &EntryFilter {
                // TENANT: a client admin's own client, whatever it asked for.
                client_id: actor.client_scope().or(q.client_id),
                ticket_id: q.ticket_id,
                from_date: from.as_deref(),
                to_date: to.as_deref(),
                visible_only: !staff,
                public_tickets_only: !staff,
            },
        )
        .await?;
        let over = self.overages_for(&rows).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let o = over.get(&r.id).copied().unwrap_or(0);
                entry_view(r, o, staff)
            })
            .collect())
    }

    async fn client_names(&self, actor: &Actor) -> ServiceResult<HashMap<i64, String>> {
        // TENANT: a client admin gets its own client's name only.
        Ok(store::clients::list_clients(&self.db, actor.client_scope())
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect())
    }

    /// Totals per client and month of the entries under `q`.
    pub async fn time_totals(
        &self,
        actor: &Actor,
        q: &TimeEntryQuery,
    ) -> ServiceResult<Vec<ClientMonthTotals>> {
        let entries = self.list_time_entries(actor, q).await?;
        let names = self.client_names(actor).await?;
        let mut by: BTreeMap<(i64, String), ClientMonthTotals> = BTreeMap::new();
        for e in &entries {
            let t = by
                .entry((e.client_id, e.month.clone()))
                .or_insert_with(|| ClientMonthTotals {
                    client_id: e.client_id,
                    client_name: names.get(&e.client_id).cloned().unwrap_or_default(),
                    month: e.month.clone(),
                    entries: 0,
                    minutes: 0,
                    billable_minutes: 0,
                    visible_minutes: 0,
                    bank_minutes: 0,
                    overage_minutes: 0,
                });
            let pick = |yes: bool| if yes { e.minutes } else { 0 };
            t.entries += 1;
            t.minutes += e.minutes;
            t.billable_minutes += pick(e.billable);
            t.visible_minutes += pick(e.visible_to_client);
            t.bank_minutes += pick(e.consumes_bank);
            t.overage_minutes += e.overage_minutes;
        }
        Ok(by.into_values().collect())
    }

    /// The entries under `q` as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets
    /// read accents right, formula-looking cells neutralised; see `domain::csv`).
    pub async fn export_time_csv(
        &self,
        actor: &Actor,
        q: &TimeEntryQuery,
    ) -> ServiceResult<TimeExport> {
        let entries = self.list_time_entries(actor, q).await?;
        let names = self.client_names(actor).await?;
        let mut body = String::from("\u{feff}");
        body.push_str(&csv::line(&HEADER));
        for e in &entries {
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            body.push_str(&csv::line(&[
                e.id.to_string(),
                e.ticket_number.clone(),
                e.ticket_subject.clone(),
                e.client_id.to_string(),
                names.get(&e.client_id).cloned().unwrap_or_default(),
                e.work_date.clone(),
                e.month.clone(),
                e.agent_name.clone(),
                e.minutes.to_string(),
                format!("{:.2}", hours::hours_of(e.minutes)),
                yes_no(e.billable).into(),
                yes_no(e.visible_to_client).into(),
                yes_no(e.consumes_bank).into(),
                e.overage_minutes.to_string(),
                e.note.clone(),
            ]));
        }
        let mut filename = String::from("time-entries");
        if let Some(c) = actor.client_scope().or(q.client_id) {
            filename.push_str(&format!("-client-{c}"));
        }
        if let Some(m) = q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            filename.push_str(&format!("-{m}"));
        }
        filename.push_str(".csv");
        Ok(TimeExport { filename, body })
    }
}
