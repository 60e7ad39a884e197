//! Time entries on a ticket: who worked, on which day (a civil date in the client's time zone,
//! so the month an entry counts in never depends on when or where it was typed), how long,
//! whether it is billed and whether the client sees it.
//!
//! Staff log time on any ticket they can see; an agent changes or removes only their own
//! entries (logged by or for them), supervisors and admins any. Every change is a ticket event
//! in the same transaction, so the history says who changed what; an entry the client cannot
//! see gives a staff-only event. A client admin reads only the entries marked visible to them.

use std::collections::{BTreeSet, HashMap};

use domain::{
    FieldError,
    hours::{self, Month},
    ids::TicketId,
    limits,
    ticket::{ScopeKind, bounded_text, ticket_number},
    user::Role,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::{
    hours::{EntryFields, EntryFilter, EntryRow},
    tickets::TicketRow,
};
use utoipa::ToSchema;

use super::bank::HoursBalanceView;
use crate::{
    Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339,
    tickets::TicketEvent,
};

/// `POST /api/v1/tickets/{id}/time-entries`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeEntryInput {
    /// The staff user who did the work; default the caller. Only supervisors and admins log
    /// time for someone else.
    pub agent_id: Option<i64>,
    /// `YYYY-MM-DD` in the client's time zone, not after today there; default today there.
    #[schema(format = Date)]
    pub work_date: Option<String>,
    /// 1–1440.
    pub minutes: i64,
    pub note: Option<String>,
    /// Default: true unless the ticket's scope is `included`.
    pub billable: Option<bool>,
    /// Default false: an internal entry, never shown to the client.
    pub visible_to_client: Option<bool>,
}

/// `PATCH /api/v1/time-entries/{id}`: what is sent changes, the rest stays.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeEntryPatch {
    pub agent_id: Option<i64>,
    #[schema(format = Date)]
    pub work_date: Option<String>,
    pub minutes: Option<i64>,
    /// Empty clears it.
    pub note: Option<String>,
    pub billable: Option<bool>,
    pub visible_to_client: Option<bool>,
}

/// What the ticket's events keep of an entry (no note: it stays on the entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimeSnapshot {
    pub agent_id: i64,
    pub work_date: String,
    pub minutes: i64,
    pub billable: bool,
    pub visible_to_client: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeEntryView {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    pub ticket_subject: String,
    pub client_id: i64,
    pub agent_id: i64,
    pub agent_name: String,
    #[schema(format = Date)]
    pub work_date: String,
    /// The bank month it counts in (`YYYY-MM`, client's zone).
    pub month: String,
    pub minutes: i64,
    pub note: String,
    pub billable: bool,
    pub visible_to_client: bool,
    /// The ticket's scope is `admin_hours`: the entry uses the client's bank.
    pub consumes_bank: bool,
    /// Minutes of this entry past the month's balance (recorded, billed as overage).
    pub overage_minutes: i64,
    /// Who typed it (staff only).
    pub created_by: Option<i64>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// Sums over a set of entries.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TimeTotals {
    pub entries: i64,
    pub minutes: i64,
    pub billable_minutes: i64,
    pub visible_minutes: i64,
    pub overage_minutes: i64,
}

impl TimeTotals {
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a TimeEntryView>) -> TimeTotals {
        let mut t = TimeTotals::default();
        for e in entries {
            t.entries += 1;
            t.minutes += e.minutes;
            t.billable_minutes += if e.billable { e.minutes } else { 0 };
            t.visible_minutes += if e.visible_to_client { e.minutes } else { 0 };
            t.overage_minutes += e.overage_minutes;
        }
        t
    }
}

/// `GET /api/v1/tickets/{id}/time-entries`: a ticket's time, its totals and, on an
/// `admin_hours` ticket, the client's bank this month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketTime {
    pub ticket_id: i64,
    pub entries: Vec<TimeEntryView>,
    pub totals: TimeTotals,
    pub bank: Option<HoursBalanceView>,
    /// The date a new entry defaults to: today in the client's time zone.
    #[schema(format = Date)]
    pub today: String,
    /// Whether a new entry is billable by default (the ticket's scope is not `included`).
    pub billable_default: bool,
}

pub(crate) fn entry_view(r: EntryRow, overage: i64, staff: bool) -> TimeEntryView {
    TimeEntryView {
        ticket_number: ticket_number(TicketId(r.ticket_id)),
        month: r.work_date.get(..7).unwrap_or_default().to_string(),
        consumes_bank: r.scope == ScopeKind::AdminHours.as_str(),
        id: r.id,
        ticket_id: r.ticket_id,
        ticket_subject: r.subject,
        client_id: r.client_id,
        agent_id: r.agent_id,
        agent_name: r.agent_name,
        work_date: r.work_date,
        minutes: r.minutes,
        note: r.note,
        billable: r.billable,
        visible_to_client: r.visible_to_client,
        overage_minutes: overage,
        created_by: staff.then_some(r.created_by),
        created_at: rfc3339(r.created_at_us),
        updated_at: rfc3339(r.updated_at_us),
    }
}

fn snapshot(r: &EntryRow) -> TimeSnapshot {
    TimeSnapshot {
        agent_id: r.agent_id,
        work_date: r.work_date.clone(),
        minutes: r.minutes,
        billable: r.billable,
        visible_to_client: r.visible_to_client,
    }
}

/// A work date: `YYYY-MM-DD`, from 2000 on, not after `today` (the client's).
fn work_date(e: &mut Errors, s: &str, today: Date) -> Option<Date> {
    let d = e.take(s.trim().parse::<Date>().map_err(|_| {
        FieldError::new("work_date", "date", "expected a date YYYY-MM-DD").with("value", s.trim())
    }))?;
    if d.year() < 2000 {
        e.0.push(
            FieldError::new("work_date", "too_early", "must be in 2000 or later")
                .with("value", s.trim()),
        );
        return None;
    }
    if d > today {
        e.0.push(
            FieldError::new(
                "work_date",
                "after_today",
                format!("must not be after today in the client's time zone ({today})"),
            )
            .with("max", today),
        );
        return None;
    }
    Some(d)
}

fn note(e: &mut Errors, v: &str) -> String {
    if v.trim().is_empty() {
        e.take(domain::ticket::check_chars("note", v, true));
        return String::new();
    }
    e.take(bounded_text("note", v, limits::REASON_MAX))
        .unwrap_or_default()
}

/// An entry's fields, checked.
struct Checked {
    agent_id: i64,
    work_date: Date,
    minutes: i64,
    note: String,
    billable: bool,
    visible: bool,
}

impl Checked {
    fn fields<'a>(&'a self, date: &'a str) -> EntryFields<'a> {
        EntryFields {
            agent_id: self.agent_id,
            work_date: date,
            minutes: self.minutes,
            note: &self.note,
            billable: self.billable,
            visible_to_client: self.visible,
        }
    }
}

impl Service {
    /// The ticket an entry belongs to, for a staff member. TENANT: 404 outside the caller's
    /// client; a client admin is refused (403) on its own tickets.
    async fn time_ticket(&self, actor: &Actor, ticket_id: i64) -> ServiceResult<TicketRow> {
        let row = self.get_ticket_row(actor, ticket_id).await?; // TENANT
        actor.require_staff()?;
        Ok(row)
    }

    /// Who did the work: the caller, or (supervisors and admins) another active staff user.
    async fn check_agent(&self, actor: &Actor, e: &mut Errors, agent: i64) -> ServiceResult<()> {
        if agent == actor.user_id {
            return Ok(());
        }
        if !matches!(actor.role, Role::Supervisor | Role::Admin) {
            return Err(ServiceError::Forbidden(
                "only supervisors and admins log time for someone else",
            ));
        }
        let staff = store::users::get_user(&self.db, agent)
            .await?
            .filter(|u| u.is_active() && u.role != Role::ClientAdmin.as_str());
        if staff.is_none() {
            e.0.push(
                FieldError::new("agent_id", "not_staff", "no active staff user with this id")
                    .with("value", agent),
            );
        }
        Ok(())
    }

    /// Agents change their own entries (logged by or for them); supervisors and admins any.
    fn check_own(actor: &Actor, r: &EntryRow) -> ServiceResult<()> {
        let own = r.agent_id == actor.user_id || r.created_by == actor.user_id;
        if actor.role == Role::Agent && !own {
            return Err(ServiceError::Forbidden(
                "agents change only their own time entries",
            ));
        }
        Ok(())
    }

    /// The overage an entry of `minutes` on `date` would have if logged now on the client's
    /// bank: the part past what is left of its month.
    async fn overage_if_logged(
        &self,
        row: &TicketRow,
        date: Date,
        minutes: i64,
    ) -> ServiceResult<i64> {
        if row.scope != ScopeKind::AdminHours.as_str() {
            return Ok(0);
        }
        let b = self.ledger(row.client_id).await?.balance(Month::of(date));
        Ok((b.used_minutes + minutes - b.available_minutes).clamp(0, minutes))
    }

    /// Logs time on a ticket (staff). Past the client's balance it is still recorded; its
    /// overage is in the answer and the event.
    pub async fn log_time(
        &self,
        actor: &Actor,
        ticket_id: i64,
        i: &TimeEntryInput,
    ) -> ServiceResult<TimeEntryView> {
        let row = self.time_ticket(actor, ticket_id).await?;
        let client = self.hours_client(row.client_id).await?;
        let today = self.client_today(&client)?;
        let mut e = Errors::default();
        let agent = i.agent_id.unwrap_or(actor.user_id);
        self.check_agent(actor, &mut e, agent).await?;
        let date = match &i.work_date {
            Some(s) => work_date(&mut e, s, today),
            None => Some(today),
        };
        let minutes = e.take(hours::check_minutes("minutes", i.minutes));
        let note = note(&mut e, i.note.as_deref().unwrap_or(""));
        e.finish()?;
        let (Some(date), Some(minutes)) = (date, minutes) else {
            return Err(ServiceError::Internal("checked entry lost a field".into()));
        };
        let c = Checked {
            agent_id: agent,
            work_date: date,
            minutes,
            note,
            billable: i
                .billable
                .unwrap_or(row.scope != ScopeKind::Included.as_str()),
            visible: i.visible_to_client.unwrap_or(false),
        };
        // Read before the write transaction: no second connection while it is held.
        let overage = self.overage_if_logged(&row, date, minutes).await?;
        let (mut tx, mut row, now) = self.begin_change(actor, ticket_id).await?;
        let date_s = date.to_string();
        let id = store::hours::insert_entry(
            &mut tx,
            ticket_id,
            &c.fields(&date_s),
            actor.user_id,
            crate::us(now),
        )
        .await?;
        let entry = TimeSnapshot {
            agent_id: c.agent_id,
            work_date: date_s.clone(),
            minutes,
            billable: c.billable,
            visible_to_client: c.visible,
        };
        let ev = TicketEvent::TimeLogged {
            entry_id: id,
            internal: !c.visible,
            entry,
            overage_minutes: overage,
        };
        self.record(&mut tx, &mut row, Some(actor.user_id), &[ev], now)
            .await?;
        tx.commit().await?;
        self.time_entry(actor, id).await
    }

    /// One entry. TENANT: another client's answers 404; so does, to a client admin, an entry
    /// not visible to them.
    pub async fn time_entry(&self, actor: &Actor, id: i64) -> ServiceResult<TimeEntryView> {
        let r = store::hours::get_entry(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.get_ticket_row(actor, r.ticket_id).await?; // TENANT
        if !actor.is_staff() && !r.visible_to_client {
            return Err(ServiceError::NotFound);
        }
        let over = self.overages_for(std::slice::from_ref(&r)).await?;
        let o = over.get(&r.id).copied().unwrap_or(0);
        Ok(entry_view(r, o, actor.is_staff()))
    }

    /// Changes an entry (see the module's rules); an unchanged entry records nothing.
    pub async fn update_time_entry(
        &self,
        actor: &Actor,
        id: i64,
        p: &TimeEntryPatch,
    ) -> ServiceResult<TimeEntryView> {
        let cur = store::hours::get_entry(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let row = self.time_ticket(actor, cur.ticket_id).await?;
        Self::check_own(actor, &cur)?;
        let client = self.hours_client(row.client_id).await?;
        let today = self.client_today(&client)?;
        let mut e = Errors::default();
        let agent = p.agent_id.unwrap_or(cur.agent_id);
        if p.agent_id.is_some_and(|a| a != cur.agent_id) {
            self.check_agent(actor, &mut e, agent).await?;
        }
        let date = match &p.work_date {
            Some(s) => work_date(&mut e, s, today),
            None => cur.work_date.parse::<Date>().ok(),
        };
        let minutes = match p.minutes {
            Some(m) => e.take(hours::check_minutes("minutes", m)),
            None => Some(cur.minutes),
        };
        let note = match &p.note {
            Some(n) => note(&mut e, n),
            None => cur.note.clone(),
        };
        e.finish()?;
        let (Some(date), Some(minutes)) = (date, minutes) else {
            return Err(ServiceError::Internal(format!(
                "time_entry {id}: stored work date {:?} is not a date",
                cur.work_date
            )));
        };
        let c = Checked {
            agent_id: agent,
            work_date: date,
            minutes,
            note,
            billable: p.billable.unwrap_or(cur.billable),
            visible: p.visible_to_client.unwrap_or(cur.visible_to_client),
        };
        let (mut tx, mut row, now) = self.begin_change(actor, cur.ticket_id).await?;
        // Read again under the ticket's lock: a concurrent change or removal wins cleanly.
        let cur = store::hours::get_entry_in_tx(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let date_s = c.work_date.to_string();
        let from = snapshot(&cur);
        let to = TimeSnapshot {
            agent_id: c.agent_id,
            work_date: date_s.clone(),
            minutes: c.minutes,
            billable: c.billable,
            visible_to_client: c.visible,
        };
        let note_changed = c.note != cur.note;
        if from == to && !note_changed {
            tx.commit().await?;
            return self.time_entry(actor, id).await;
        }
        store::hours::update_entry(&mut tx, id, &c.fields(&date_s), crate::us(now)).await?;
        let ev = TicketEvent::TimeChanged {
            entry_id: id,
            internal: !(from.visible_to_client || to.visible_to_client),
            from,
            to,
            note_changed,
        };
        self.record(&mut tx, &mut row, Some(actor.user_id), &[ev], now)
            .await?;
        tx.commit().await?;
        self.time_entry(actor, id).await
    }

    /// Removes an entry; the `time_removed` event keeps what it was.
    pub async fn delete_time_entry(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let cur = store::hours::get_entry(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.time_ticket(actor, cur.ticket_id).await?;
        Self::check_own(actor, &cur)?;
        let (mut tx, mut row, now) = self.begin_change(actor, cur.ticket_id).await?;
        let cur = store::hours::get_entry_in_tx(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        store::hours::delete_entry(&mut tx, id).await?;
        let ev = TicketEvent::TimeRemoved {
            entry_id: id,
            internal: !cur.visible_to_client,
            entry: snapshot(&cur),
        };
        self.record(&mut tx, &mut row, Some(actor.user_id), &[ev], now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A ticket's time as the caller may see it, with totals and (on an `admin_hours` ticket)
    /// the client's bank this month.
    pub async fn ticket_time(&self, actor: &Actor, ticket_id: i64) -> ServiceResult<TicketTime> {
        let row = self.get_ticket_row(actor, ticket_id).await?; // TENANT
        let rows = store::hours::list_entries(
            &self.db,
            &EntryFilter {
                ticket_id: Some(ticket_id),
                visible_only: !actor.is_staff(),
                ..EntryFilter::default()
            },
        )
        .await?;
        let over = self.overages_for(&rows).await?;
        let entries: Vec<TimeEntryView> = rows
            .into_iter()
            .map(|r| {
                let o = over.get(&r.id).copied().unwrap_or(0);
                entry_view(r, o, actor.is_staff())
            })
            .collect();
        let client = self.hours_client(row.client_id).await?;
        let bank = if row.scope == ScopeKind::AdminHours.as_str() {
            Some(self.hours_balance(actor, row.client_id, None).await?)
        } else {
            None
        };
        Ok(TicketTime {
            ticket_id,
            totals: TimeTotals::of(&entries),
            entries,
            bank,
            today: self.client_today(&client)?.to_string(),
            billable_default: row.scope != ScopeKind::Included.as_str(),
        })
    }

    /// The overage of each entry of `rows` that uses a bank, by entry id.
    pub(crate) async fn overages_for(&self, rows: &[EntryRow]) -> ServiceResult<HashMap<i64, i64>> {
        let months: BTreeSet<(i64, Month)> = rows
            .iter()
            .filter(|r| r.scope == ScopeKind::AdminHours.as_str())
            .filter_map(|r| {
                let d = r.work_date.parse::<Date>().ok()?;
                Some((r.client_id, Month::of(d)))
            })
            .collect();
        let mut out = HashMap::new();
        let mut ledger: Option<super::bank::Ledger> = None;
        for (client, m) in months {
            if ledger.as_ref().is_none_or(|l| l.client.id != client) {
                ledger = Some(self.ledger(client).await?);
            }
            if let Some(l) = &ledger {
                out.extend(self.overage_in(l, m).await?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(s: &str) -> Vec<&'static str> {
        let mut e = Errors::default();
        work_date(&mut e, s, "2026-11-30".parse().unwrap());
        e.0.iter().map(|f| f.code).collect()
    }

    #[test]
    fn work_dates() {
        assert!(codes("2026-11-30").is_empty());
        assert_eq!(codes("2026-12-01"), vec!["after_today"]);
        assert_eq!(codes("1999-12-31"), vec!["too_early"]);
        assert_eq!(codes("30/11/2026"), vec!["date"]);
        assert_eq!(codes("2026-02-30"), vec!["date"]);
    }
}
