//! The administration-hours bank of a client, month by month (the rules are in `mod.rs` and
//! `domain::hours`): what the plans in force give, the add-ons, the hours carried over, and
//! what the entries on `admin_hours` tickets used.

use std::collections::{BTreeMap, HashMap};

use domain::hours::{self, Balance, Month, MonthFigures};
use serde::Serialize;
use store::{
    clients::ClientRow,
    policies::{PlanRow, SubscriptionRow},
};
use utoipa::ToSchema;

use super::addons::{AddonView, addon_view};
use crate::{Actor, Service, ServiceResult, ts};

/// A plan that gives hours to the month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BankPlanView {
    pub plan_id: i64,
    pub name: String,
    /// The subscription that puts it in force; `null` for the built-in plan, which serves a
    /// client without a whole-client subscription.
    pub subscription_id: Option<i64>,
    /// Set when the subscription is one campus's.
    pub campus_id: Option<i64>,
    pub hours: i64,
    /// Its unused hours carry into the next month, once.
    pub rollover: bool,
}

/// `GET /api/v1/clients/{id}/hours`: one month of a client's bank. Amounts are minutes (the
/// unit entries are logged in) and the same as decimal hours (`*_hours`, two places).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursBalanceView {
    pub client_id: i64,
    /// `YYYY-MM`, in the client's time zone.
    pub month: String,
    /// The client's time zone (the months' and work dates' zone).
    pub time_zone: String,
    pub plans: Vec<BankPlanView>,
    pub plan_minutes: i64,
    pub addon_minutes: i64,
    /// The month before's unused hours of plans that roll over.
    pub carried_minutes: i64,
    /// Plans + add-ons + carried.
    pub available_minutes: i64,
    /// Entries on `admin_hours` tickets worked this month.
    pub used_minutes: i64,
    pub left_minutes: i64,
    /// Used beyond what was available: recorded, never refused, billed apart.
    pub overage_minutes: i64,
    pub plan_hours: f64,
    pub addon_hours: f64,
    pub carried_hours: f64,
    pub available_hours: f64,
    pub used_hours: f64,
    pub left_hours: f64,
    pub overage_hours: f64,
    /// Used as a whole percentage of available; `null` when nothing is available.
    pub percent_used: Option<i64>,
    /// The warning threshold (80).
    pub warn_percent: i64,
    /// At or past `warn_percent`, or overage.
    pub warning: bool,
    /// How many entries consumed the month (including ones not itemised to the client).
    pub entries: i64,
    pub addons: Vec<AddonView>,
}

/// One client's month in the billing report (`GET /api/v1/hours/report`, `atiende hours report`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursReportLine {
    pub client_id: i64,
    pub client_name: String,
    pub month: String,
    pub available_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    pub overage_minutes: i64,
    pub percent_used: Option<i64>,
    pub warning: bool,
}

/// Everything one client's bank is computed from, loaded once.
pub(crate) struct Ledger {
    pub client: ClientRow,
    plans: Vec<PlanRow>,
    subs: Vec<SubscriptionRow>,
    /// Minutes and entries on `admin_hours` tickets, by month of the work date.
    used: BTreeMap<Month, (i64, i64)>,
    addons: BTreeMap<Month, i64>,
    /// Where a rollover chain may begin: nothing carries into this month.
    start: Month,
}

/// How far back a rollover chain is followed (it only ever carries one month's hours, but
/// the months before decide how many are left).
const CHAIN_MONTHS_MAX: usize = 1200;

impl Ledger {
    /// The plans in force in `m`: per slot (whole client, each campus) the subscription with
    /// the latest start on or before the month's last day, then the most recently created; the
    /// built-in plan when no whole-client subscription is in force.
    pub(crate) fn in_force(&self, m: Month) -> Vec<(Option<&SubscriptionRow>, &PlanRow)> {
        let last = m.last_day().to_string();
        let mut best: BTreeMap<Option<i64>, &SubscriptionRow> = BTreeMap::new();
        for s in self.subs.iter().filter(|s| s.start_date <= last) {
            let key = |x: &SubscriptionRow| (x.start_date.clone(), x.created_at_us, x.id);
            match best.get(&s.campus_id) {
                Some(cur) if key(cur) >= key(s) => {}
                _ => {
                    best.insert(s.campus_id, s);
                }
            }
        }
        let mut out: Vec<(Option<&SubscriptionRow>, &PlanRow)> = best
            .values()
            .filter_map(|s| {
                self.plans
                    .iter()
                    .find(|p| p.id == s.plan_id)
                    .map(|p| (Some(*s), p))
            })
            .collect();
        if !best.contains_key(&None)
            && let Some(p) = self.plans.iter().find(|p| p.built_in)
        {
            out.insert(0, (None, p));
        }
        out
    }

    fn figures(&self, m: Month) -> MonthFigures {
        let plans = self.in_force(m);
        let minutes = |p: &PlanRow| p.admin_hours_per_month * 60;
        MonthFigures {
            plan_minutes: plans.iter().map(|(_, p)| minutes(p)).sum(),
            rollover_minutes: plans
                .iter()
                .filter(|(_, p)| p.admin_hours_rollover)
                .map(|(_, p)| minutes(p))
                .sum(),
            addon_minutes: self.addons.get(&m).copied().unwrap_or(0),
            used_minutes: self.used.get(&m).map_or(0, |u| u.0),
        }
    }

    /// The balance of `m`, following the rollover chain from its start.
    pub fn balance(&self, m: Month) -> Balance {
        let mut carried = 0;
        let mut cur = self.start;
        let mut steps = 0;
        while cur < m && steps < CHAIN_MONTHS_MAX {
            carried = hours::carry_out(&self.figures(cur), carried);
            cur = cur.next();
            steps += 1;
        }
        hours::balance(&self.figures(m), carried)
    }

    pub fn entries_in(&self, m: Month) -> i64 {
        self.used.get(&m).map_or(0, |u| u.1)
    }
}

fn month_of(s: &str) -> Option<Month> {
    Month::parse("month", s.get(..7)?).ok()
}

impl Service {
    /// Loads one client's bank. Callers check the tenant rule first.
    pub(crate) async fn ledger(&self, client_id: i64) -> ServiceResult<Ledger> {
        let client = self.hours_client(client_id).await?;
        let plans = store::policies::list_plans(&self.db).await?;
        self.ledger_of(client, plans).await
    }

    /// [`Self::ledger`] with the client row and the plans already read.
    async fn ledger_of(&self, client: ClientRow, plans: Vec<PlanRow>) -> ServiceResult<Ledger> {
        let client_id = client.id;
        // TENANT: this client's subscriptions, entries and add-ons only.
        let subs = store::policies::list_subscriptions(&self.db, Some(client_id)).await?;
        let used: BTreeMap<Month, (i64, i64)> =
            store::hours::admin_minutes_by_month(&self.db, client_id)
                .await?
                .into_iter()
                .filter_map(|(m, minutes, n)| Some((month_of(&m)?, (minutes, n))))
                .collect();
        let mut addons: BTreeMap<Month, i64> = BTreeMap::new();
        for a in store::hours::list_addons(&self.db, client_id, None).await? {
            if let Some(m) = month_of(&a.month) {
                *addons.entry(m).or_default() += a.minutes;
            }
        }
        ledger_from(client, plans, subs, used, addons)
    }

    /// Every client's ledger from five queries in all, whatever the number of clients (the
    /// billing report): the same ledgers [`Self::ledger`] builds one by one.
    async fn all_ledgers(&self) -> ServiceResult<Vec<Ledger>> {
        let plans = store::policies::list_plans(&self.db).await?;
        let mut subs: HashMap<i64, Vec<SubscriptionRow>> = HashMap::new();
        for s in store::policies::list_subscriptions(&self.db, None).await? {
            subs.entry(s.client_id).or_default().push(s);
        }
        let mut used: HashMap<i64, BTreeMap<Month, (i64, i64)>> = HashMap::new();
        for (c, m, minutes, n) in store::hours::admin_minutes_by_client_month(&self.db).await? {
            if let Some(m) = month_of(&m) {
                used.entry(c).or_default().insert(m, (minutes, n));
            }
        }
        let mut addons: HashMap<i64, BTreeMap<Month, i64>> = HashMap::new();
        for (c, m, minutes) in store::hours::addon_minutes_by_client_month(&self.db).await? {
            if let Some(m) = month_of(&m) {
                *addons.entry(c).or_default().entry(m).or_default() += minutes;
            }
        }
        store::clients::list_clients(&self.db, None)
            .await?
            .into_iter()
            .map(|c| {
                let id = c.id;
                ledger_from(
                    c,
                    plans.clone(),
                    subs.remove(&id).unwrap_or_default(),
                    used.remove(&id).unwrap_or_default(),
                    addons.remove(&id).unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// A client's ledger from what was read about it.
fn ledger_from(
    client: ClientRow,
    plans: Vec<PlanRow>,
    subs: Vec<SubscriptionRow>,
    used: BTreeMap<Month, (i64, i64)>,
    addons: BTreeMap<Month, i64>,
) -> ServiceResult<Ledger> {
    let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
    let created = Month::of(ts(client.created_at_us).to_zoned_datetime(tz).date());
    let start = subs
        .iter()
        .filter_map(|s| month_of(&s.start_date))
        .chain(used.keys().next().copied())
        .chain(addons.keys().next().copied())
        .fold(created, Month::min);
    Ok(Ledger {
        client,
        plans,
        subs,
        used,
        addons,
        start,
    })
}

impl Service {
    /// A month given as `YYYY-MM`, or the current month in the client's zone.
    pub(crate) fn month_or_current(
        &self,
        client: &ClientRow,
        month: Option<&str>,
    ) -> ServiceResult<Month> {
        match month.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Ok(Month::parse("month", m)?),
            None => Ok(Month::of(self.client_today(client)?)),
        }
    }

    /// One month of a client's bank (default: the current month in the client's zone).
    /// TENANT: a client admin reads only its own client's (another's answers 404).
    pub async fn hours_balance(
        &self,
        actor: &Actor,
        client_id: i64,
        month: Option<&str>,
    ) -> ServiceResult<HoursBalanceView> {
        actor.check_client(client_id)?; // TENANT
        let ledger = self.ledger(client_id).await?;
        let m = self.month_or_current(&ledger.client, month)?;
        let b = ledger.balance(m);
        let plans = ledger
            .in_force(m)
            .into_iter()
            .map(|(s, p)| BankPlanView {
                plan_id: p.id,
                name: p.name.clone(),
                subscription_id: s.map(|s| s.id),
                campus_id: s.and_then(|s| s.campus_id),
                hours: p.admin_hours_per_month,
                rollover: p.admin_hours_rollover,
            })
            .collect();
        let addons = store::hours::list_addons(&self.db, client_id, Some(&m.to_string()))
            .await?
            .into_iter()
            .map(|a| addon_view(a, actor.is_staff()))
            .collect();
        Ok(HoursBalanceView {
            client_id,
            month: m.to_string(),
            time_zone: ledger.client.time_zone.clone(),
            plans,
            plan_minutes: b.plan_minutes,
            addon_minutes: b.addon_minutes,
            carried_minutes: b.carried_minutes,
            available_minutes: b.available_minutes,
            used_minutes: b.used_minutes,
            left_minutes: b.left_minutes,
            overage_minutes: b.overage_minutes,
            plan_hours: hours::hours_of(b.plan_minutes),
            addon_hours: hours::hours_of(b.addon_minutes),
            carried_hours: hours::hours_of(b.carried_minutes),
            available_hours: hours::hours_of(b.available_minutes),
            used_hours: hours::hours_of(b.used_minutes),
            left_hours: hours::hours_of(b.left_minutes),
            overage_hours: hours::hours_of(b.overage_minutes),
            percent_used: b.percent_used,
            warn_percent: hours::WARN_PERCENT,
            warning: b.warning,
            entries: ledger.entries_in(m),
            addons,
        })
    }

    /// Every client's month, for billing (staff): available, used, left and overage.
    pub async fn hours_report(
        &self,
        actor: &Actor,
        month: &str,
    ) -> ServiceResult<Vec<HoursReportLine>> {
        actor.require_staff()?;
        let m = Month::parse("month", month)?;
        let mut out = Vec::new();
        for ledger in self.all_ledgers().await? {
            let b = ledger.balance(m);
            out.push(HoursReportLine {
                client_id: ledger.client.id,
                client_name: ledger.client.name.clone(),
                month: m.to_string(),
                available_minutes: b.available_minutes,
                used_minutes: b.used_minutes,
                left_minutes: b.left_minutes,
                overage_minutes: b.overage_minutes,
                percent_used: b.percent_used,
                warning: b.warning,
            });
        }
        Ok(out)
    }

    /// The overage of each `admin_hours` entry of the client in month `m`, by entry id
    /// (entries past the balance, in the order they were logged).
    pub(crate) async fn overage_in(
        &self,
        ledger: &Ledger,
        m: Month,
    ) -> ServiceResult<HashMap<i64, i64>> {
        let available = ledger.balance(m).available_minutes;
        let rows = store::hours::admin_entries_between(
            &self.db,
            ledger.client.id,
            &m.first_day().to_string(),
            &m.last_day().to_string(),
        )
        .await?;
        let minutes: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let over = hours::overage_by_entry(available, &minutes);
        Ok(rows.iter().map(|r| r.0).zip(over).collect())
    }
}
