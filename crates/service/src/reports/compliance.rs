//! `GET /api/v1/reports/compliance`: met / breached / pending per month and per group, for a
//! range of months — each client's months in its own time zone, counted by the database
//! ([`Service::outcome_counts`]) with the rules the monthly report lists its outcomes by.
//!
//! `group_by=agent` groups by the ticket's current assignee and is for staff only: a client
//! admin asking for it gets 403 (who works on what is the provider's business).

use std::collections::{BTreeMap, HashMap};

use domain::{FieldError, hours::Month, ticket::Category, user::Role};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use store::reports::OutcomeGroup;
use utoipa::{IntoParams, ToSchema};

use super::{
    figures::priorities,
    model::Outcomes,
    outcomes::{Counts, ZoneWindows, percent},
    params::{id_param, month_param, windows},
};
use crate::{Actor, Service, ServiceError, ServiceResult, tickets::projection::rfc3339_us};

/// The longest range one request may ask for.
pub const MAX_MONTHS: i64 = 36;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ComplianceQuery {
    /// First month, `YYYY-MM`.
    #[param(value_type = String, required = true, example = "2026-01")]
    pub from: Option<String>,
    /// Last month (included), `YYYY-MM`; at most 36 months from `from`, already started.
    #[param(value_type = String, required = true, example = "2026-12")]
    pub to: Option<String>,
    /// One client (a client admin: its own, the default; another client answers 404).
    #[param(value_type = Option<i64>)]
    pub client_id: Option<String>,
    /// `client`, `priority` (default), `category` or `agent` (staff only).
    pub group_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupBy {
    Client,
    Priority,
    Category,
    Agent,
}

impl GroupBy {
    fn parse(raw: Option<&str>) -> Result<GroupBy, FieldError> {
        match raw.map(str::trim).unwrap_or("priority") {
            "client" => Ok(GroupBy::Client),
            "priority" | "" => Ok(GroupBy::Priority),
            "category" => Ok(GroupBy::Category),
            "agent" => Ok(GroupBy::Agent),
            other => Err(FieldError::new(
                "group_by",
                "one_of",
                "expected client, priority, category or agent",
            )
            .with("allowed", "client, priority, category, agent")
            .with("value", other)),
        }
    }

    fn store(self) -> OutcomeGroup {
        match self {
            GroupBy::Client => OutcomeGroup::Client,
            GroupBy::Priority => OutcomeGroup::Priority,
            GroupBy::Category => OutcomeGroup::Category,
            GroupBy::Agent => OutcomeGroup::Agent,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Client => "client",
            GroupBy::Priority => "priority",
            GroupBy::Category => "category",
            GroupBy::Agent => "agent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComplianceReport {
    /// `YYYY-MM`.
    pub from: String,
    pub to: String,
    pub client_id: Option<i64>,
    /// `client`, `priority`, `category` or `agent`.
    pub group_by: String,
    #[schema(format = DateTime)]
    pub generated_at: String,
    /// Oldest first.
    pub months: Vec<ComplianceMonth>,
    /// Per group over the whole range (`pending`: at the end of the range).
    pub groups: Vec<ComplianceRow>,
    pub total: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComplianceMonth {
    /// `YYYY-MM` (each client's own time zone).
    pub month: String,
    /// Not over yet in some client's zone: figures may still change.
    pub partial: bool,
    pub rows: Vec<ComplianceRow>,
    pub total: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComplianceRow {
    /// A client id, priority or category code, agent user id, or `unassigned`.
    pub key: String,
    pub label: String,
    pub outcomes: Outcomes,
}

/// The checked parameters.
struct Range {
    from: Month,
    to: Month,
    client_id: Option<i64>,
    group_by: GroupBy,
}

fn months_between(from: Month, to: Month) -> Vec<Month> {
    let mut out = vec![from];
    while let Some(last) = out.last().copied().filter(|m| *m < to) {
        out.push(last.next());
    }
    out
}

impl Service {
    fn compliance_range(&self, actor: &Actor, q: &ComplianceQuery) -> ServiceResult<Range> {
        let mut errors = Vec::new();
        let from = month_param("from", q.from.as_deref())
            .map_err(|e| errors.push(e))
            .ok();
        let to = month_param("to", q.to.as_deref())
            .map_err(|e| errors.push(e))
            .ok();
        let client_id = match q.client_id.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            raw => id_param("client_id", raw).map(Some),
        }
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
        let group_by = GroupBy::parse(q.group_by.as_deref())
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                errors.push(
                    FieldError::new("from", "after_to", "is after `to`")
                        .with("value", f)
                        .with("to", t),
                );
            } else if months_between(f, t).len() as i64 > MAX_MONTHS {
                errors.push(
                    FieldError::new("to", "range_too_long", "the range is over 36 months")
                        .with("max", MAX_MONTHS),
                );
            }
        }
        match (from, to, group_by, errors.is_empty()) {
            (Some(from), Some(to), Some(group_by), true) => {
                if group_by == GroupBy::Agent && actor.role == Role::ClientAdmin {
                    return Err(ServiceError::Forbidden("group_by=agent is for staff only"));
                }
                Ok(Range {
                    from,
                    to,
                    client_id: client_id.or(actor.client_scope()),
                    group_by,
                })
            }
            _ => Err(ServiceError::Invalid(errors)),
        }
    }

    /// Compliance per month and group over `from..=to` (see the module's doc).
    pub async fn compliance_report(
        &self,
        actor: &Actor,
        q: &ComplianceQuery,
    ) -> ServiceResult<ComplianceReport> {
        let r = self.compliance_range(actor, q)?;
        // TENANT: a client admin's own client; another (or an unknown one) answers 404.
        let clients = match r.client_id {
            Some(id) => vec![self.report_client(actor, id).await?.0],
            None => store::clients::list_clients(&self.db, actor.client_scope()).await?,
        };
        let now = self.now();
        let mut zones: BTreeMap<String, TimeZone> = BTreeMap::new();
        for c in &clients {
            zones.insert(
                c.time_zone.clone(),
                crate::stored_zone("client", c.id, &c.time_zone)?,
            );
        }
        if zones.is_empty() {
            zones.insert("UTC".into(), TimeZone::UTC);
        }
        // A month is in the future when it has not started in any zone asked about.
        let latest_started = zones
            .values()
            .map(|tz| Month::of(now.to_zoned_datetime(tz.clone()).date()))
            .max()
            .unwrap_or(r.to);
        if r.to > latest_started {
            return Err(FieldError::new(
                "to",
                "future_month",
                "this month has not started yet in the client's time zone",
            )
            .with("value", r.to)
            .into());
        }
        let months = months_between(r.from, r.to);
        // Counted by the database, every client's months in its own zone.
        let mut partial: HashMap<Month, bool> = HashMap::new();
        let mut zone_windows = Vec::with_capacity(zones.len());
        for (zone, tz) in &zones {
            let windows = windows(r.from, r.to, tz)?;
            for w in &windows {
                *partial.entry(w.month).or_default() |= now < w.to;
            }
            zone_windows.push(ZoneWindows {
                time_zone: zone,
                windows,
            });
        }
        let counts = self
            .outcome_counts(r.client_id, &zone_windows, now, r.group_by.store())
            .await?;
        let labels = self.group_labels(r.group_by, &clients, &counts).await?;
        let rows_of = |cells: &BTreeMap<String, Outcomes>| -> Vec<ComplianceRow> {
            labels
                .iter()
                .filter_map(|(key, label, fixed)| {
                    let found = cells.get(key);
                    (*fixed || found.is_some()).then(|| ComplianceRow {
                        key: key.clone(),
                        label: label.clone(),
                        outcomes: with_percent(found.cloned().unwrap_or_default()),
                    })
                })
                .collect()
        };
        let total_of = |cells: &BTreeMap<String, Outcomes>| {
            let mut t = Outcomes::default();
            cells.values().for_each(|o| add(&mut t, o));
            with_percent(t)
        };
        let empty = BTreeMap::new();
        let months_out: Vec<ComplianceMonth> = months
            .iter()
            .map(|m| {
                let cells = counts.get(m).unwrap_or(&empty);
                ComplianceMonth {
                    month: m.to_string(),
                    partial: partial.get(m).copied().unwrap_or(false),
                    rows: rows_of(cells),
                    total: total_of(cells),
                }
            })
            .collect();
        // Over the range: outcomes add up; pending is what still waits at the range's end.
        let last = months.last().copied().unwrap_or(r.to);
        let mut range: BTreeMap<String, Outcomes> = BTreeMap::new();
        for (m, cells) in &counts {
            for (key, o) in cells {
                let sum = range.entry(key.clone()).or_default();
                sum.met += o.met;
                sum.breached += o.breached;
                if *m == last {
                    sum.pending += o.pending;
                }
            }
        }
        Ok(ComplianceReport {
            from: r.from.to_string(),
            to: r.to.to_string(),
            client_id: r.client_id,
            group_by: r.group_by.as_str().into(),
            generated_at: rfc3339_us(now),
            groups: rows_of(&range),
            months: months_out,
            total: total_of(&range),
        })
    }

    /// `(key, label, shown even at zero)` of every group, in display order.
    async fn group_labels(
        &self,
        by: GroupBy,
        clients: &[store::clients::ClientRow],
        counts: &Counts,
    ) -> ServiceResult<Vec<(String, String, bool)>> {
        Ok(match by {
            GroupBy::Client => clients
                .iter()
                .map(|c| (c.id.to_string(), c.name.clone(), true))
                .collect(),
            GroupBy::Priority => priorities()
                .map(|p| (p.as_str().to_string(), p.as_str().to_string(), true))
                .collect(),
            GroupBy::Category => Category::ALL
                .iter()
                .map(|c| (c.as_str().to_string(), c.as_str().to_string(), true))
                .collect(),
            GroupBy::Agent => {
                let mut ids: Vec<i64> = counts
                    .values()
                    .flat_map(|cells| cells.keys())
                    .filter_map(|k| k.parse().ok())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let mut out = Vec::with_capacity(ids.len() + 1);
                // One read per agent with outcomes, not per ticket.
                for id in ids {
                    let name = store::users::get_user(&self.db, id)
                        .await?
                        .map_or_else(|| id.to_string(), |u| u.name);
                    out.push((id.to_string(), name, false));
                }
                out.sort_by(|a, b| a.1.cmp(&b.1));
                out.push(("unassigned".into(), "unassigned".into(), false));
                out
            }
        })
    }
}

/// Adds `o`'s counts to `sum` (the percentage is set once the counting is done).
fn add(sum: &mut Outcomes, o: &Outcomes) {
    sum.met += o.met;
    sum.breached += o.breached;
    sum.pending += o.pending;
}

fn with_percent(mut o: Outcomes) -> Outcomes {
    o.percent = percent(o.met, o.breached);
    o
}
