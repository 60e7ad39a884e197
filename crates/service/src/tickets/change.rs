//! Changing a ticket: status lifecycle, re-triage, scope, assignment, tags.

use domain::{
    FieldError, limits,
    ticket::{Status, bounded_text, parse_subject, parse_tags},
    user::Role,
};
use jiff::{SignedDuration, Timestamp};
use store::{Tx, tickets::TicketRow};

use super::{CONFIRM_WINDOW_HOURS, TicketEvent, TicketView, views::TicketPatch};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, ts, us};

/// The stored status; an unknown value is corrupt data, reported with its row.
pub(crate) fn status_of(row: &TicketRow) -> ServiceResult<Status> {
    Status::parse(&row.status).ok_or_else(|| corrupt(row.id, "status", &row.status))
}

pub(crate) fn corrupt(id: i64, column: &str, value: &str) -> ServiceError {
    ServiceError::Internal(format!(
        "ticket {id}: stored {column} {value:?} is not valid"
    ))
}

/// When an unconfirmed resolved ticket closes by itself.
pub(crate) fn auto_close_at(row: &TicketRow) -> Option<Timestamp> {
    (row.status == "resolved")
        .then_some(row.resolved_at_us)
        .flatten()
        .map(|r| {
            ts(r)
                .saturating_add(SignedDuration::from_hours(CONFIRM_WINDOW_HOURS))
                .unwrap_or(Timestamp::MAX)
        })
}

/// Lifecycle rules. Staff move freely except out of `closed` (final); a client admin may only
/// confirm (`resolved → closed`) or reopen (`resolved → open`) its resolved tickets.
pub(crate) fn check_transition(actor: &Actor, from: Status, to: Status) -> ServiceResult<()> {
    use Status::*;
    if from == Closed {
        return Err(ServiceError::state(
            "closed_final",
            "a closed ticket is final: open a new ticket linked to it",
        ));
    }
    if to == New {
        return Err(
            FieldError::new("status", "back_to_new", "a ticket cannot go back to new").into(),
        );
    }
    let client_may = from == Resolved && matches!(to, Open | Closed);
    if !actor.is_staff() && !client_may {
        return Err(ServiceError::Forbidden(
            "client admins may only confirm or reopen a resolved ticket",
        ));
    }
    Ok(())
}

impl Service {
    /// Opens the write transaction of a change, reads (and locks) the ticket, enforcing the
    /// tenant rule, and returns the instant of the change.
    ///
    /// That instant is read while the lock is held and never precedes the ticket's last write:
    /// concurrent changes are then ordered by commit, and the history (ordered by time, the
    /// clock's only source) agrees with the status each change left behind.
    ///
    /// A ticket whose confirmation window ran out is closed first, in a transaction of its own:
    /// the close happened at that instant whatever becomes of the change that noticed it.
    pub(crate) async fn begin_change(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(Tx, TicketRow, Timestamp)> {
        loop {
            let mut tx = self.db.begin().await?;
            let mut row = store::tickets::get_ticket_for_update(&mut tx, id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            actor.check_ticket(&row)?; // TENANT
            let now = self.now_after(&row);
            if !self.close_if_expired(&mut tx, &mut row, now).await? {
                return Ok((tx, row, now));
            }
            tx.commit().await?;
        }
    }

    /// Now, but never before the ticket's last write (a clock stepped back, or another node's
    /// clock slightly ahead, must not put an event before the one it follows).
    pub(crate) fn now_after(&self, row: &TicketRow) -> Timestamp {
        self.now().max(ts(row.updated_at_us))
    }

    /// Closes an expired resolved ticket on its own (reads call this so nobody sees a ticket
    /// "resolved" past its window just because the watcher has not run yet).
    pub(crate) async fn settle_expired(&self, id: i64) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        let Some(mut row) = store::tickets::get_ticket_for_update(&mut tx, id).await? else {
            return Ok(());
        };
        let now = self.now_after(&row);
        if self.close_if_expired(&mut tx, &mut row, now).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    pub(crate) async fn close_if_expired(
        &self,
        tx: &mut Tx,
        row: &mut TicketRow,
        now: Timestamp,
    ) -> ServiceResult<bool> {
        match auto_close_at(row) {
            Some(at) if at <= now => {
                // Never before the last write, so the history stays in time order.
                let at = at.max(ts(row.updated_at_us));
                row.status = Status::Closed.as_str().into();
                row.closed_at_us = Some(us(at));
                let e = TicketEvent::StatusChanged {
                    from: Status::Resolved,
                    to: Status::Closed,
                    auto: true,
                    reason: None,
                };
                self.record(tx, row, None, &[e], at).await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    pub async fn update_ticket(
        &self,
        actor: &Actor,
        id: i64,
        p: &TicketPatch,
    ) -> ServiceResult<TicketView> {
        let (mut tx, mut row, now) = self.begin_change(actor, id).await?;
        let events = self.apply_patch(actor, &mut row, p, now).await?;
        let suggestion = crate::contract::staff_suggestion(actor, &row);
        let mut view = if events.is_empty() {
            tx.commit().await?;
            self.ticket_view(row, now).await?
        } else {
            let snap = self
                .record(&mut tx, &mut row, Some(actor.user_id), &events, now)
                .await?;
            tx.commit().await?;
            self.view_from_snapshot(row, &snap).await?
        };
        view.scope_suggestion = suggestion;
        Ok(view)
    }

    pub(crate) async fn apply_patch(
        &self,
        actor: &Actor,
        row: &mut TicketRow,
        p: &TicketPatch,
        now: Timestamp,
    ) -> ServiceResult<Vec<TicketEvent>> {
        let staff_field = p.priority.is_some()
            || p.category.is_some()
            || p.scope.is_some()
            || p.assignee_id.is_some()
            || p.tags.is_some()
            || p.subject.is_some()
            || p.staff_only.is_some();
        if staff_field && !actor.is_staff() {
            return Err(ServiceError::Forbidden(
                "only agents re-triage, assign, tag or scope tickets",
            ));
        }
        let from = status_of(row)?;
        if from == Status::Closed && (staff_field || p.status.is_some()) {
            return Err(ServiceError::state(
                "closed_final",
                "a closed ticket is final: open a new ticket linked to it",
            ));
        }
        let mut e = Errors::default();
        let mut events = Vec::new();
        if let Some(to) = p.priority {
            let current = domain::Priority::parse(&row.priority)
                .ok_or_else(|| corrupt(row.id, "priority", &row.priority))?;
            if to < current {
                let reason = p.priority_reason.as_deref().unwrap_or("");
                match bounded_text("priority_reason", reason, limits::REASON_MAX) {
                    Ok(r) => events.push(TicketEvent::PriorityChanged {
                        from: current,
                        to,
                        reason: Some(r),
                    }),
                    Err(mut f) => {
                        f.message = format!("lowering the priority needs a reason ({})", f.message);
                        e.0.push(f);
                    }
                }
            } else if to > current {
                let reason = p
                    .priority_reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string);
                events.push(TicketEvent::PriorityChanged {
                    from: current,
                    to,
                    reason,
                });
            }
            row.priority = to.as_str().into();
        }
        if let Some(to) = p.category {
            let from = domain::ticket::Category::parse(&row.category)
                .ok_or_else(|| corrupt(row.id, "category", &row.category))?;
            if from != to {
                events.push(TicketEvent::CategoryChanged { from, to });
                row.category = to.as_str().into();
            }
        }
        if let Some(s) = &p.scope {
            match crate::contract::apply_scope(row, s) {
                Ok(scope_events) => events.extend(scope_events),
                Err(errs) => e.0.extend(errs),
            }
        }
        if let Some(to) = p.assignee_id {
            if let Some(uid) = to {
                match store::users::get_user(&self.db, uid).await? {
                    Some(u) if Role::parse(&u.role).is_some_and(Role::is_staff) => {}
                    _ => {
                        e.0.push(FieldError::new("assignee_id", "unknown", "no such agent"))
                    }
                }
            }
            if row.assignee_id != to {
                events.push(TicketEvent::AssigneeChanged {
                    from: row.assignee_id,
                    to,
                });
                row.assignee_id = to;
            }
        }
        if let Some(tags) = &p.tags
            && let Some(tags) = e.take(parse_tags(tags))
        {
            row.tags = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
            events.push(TicketEvent::TagsChanged { tags });
        }
        if let Some(s) = &p.subject
            && let Some(subject) = e.take(parse_subject(s))
        {
            row.subject = subject.clone();
            events.push(TicketEvent::SubjectChanged { subject });
        }
        if let Some(v) = p.staff_only.filter(|v| *v != row.staff_only) {
            // Only what Atiende opened by itself may be kept from the client: a client's own
            // ticket never disappears from their list.
            if v && row.requester_id != self.system_actor().await?.user_id {
                e.0.push(FieldError::new(
                    "staff_only",
                    "not_system",
                    "only a ticket Atiende opened by itself can be kept from the client",
                ));
            } else {
                row.staff_only = v;
                events.push(TicketEvent::VisibilityChanged {
                    staff_only: v,
                    internal: v,
                });
            }
        }
        e.finish()?;
        let reason = match p.status_reason.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Some(bounded_text("status_reason", r, limits::REASON_MAX)?),
            _ => None,
        };
        if let Some(to) = p.status.filter(|to| *to != from) {
            check_transition(actor, from, to)?;
            // A client reopening says why (the portal asks; the API requires it too).
            if !actor.is_staff() && to == Status::Open && reason.is_none() {
                return Err(FieldError::new(
                    "status_reason",
                    "reason_required",
                    "reopening needs a reason",
                )
                .into());
            }
            self.set_status(row, to, now);
            events.push(TicketEvent::StatusChanged {
                from,
                to,
                auto: false,
                reason,
            });
        } else if from == Status::New && !events.is_empty() {
            // Staff touching a new ticket has triaged it.
            self.set_status(row, Status::Open, now);
            events.push(TicketEvent::StatusChanged {
                from,
                to: Status::Open,
                auto: true,
                reason: None,
            });
        }
        if actor.is_staff() && !events.is_empty() {
            // Staff acted on it: the "client replied" mark has done its job.
            row.client_replied_at_us = None;
        }
        Ok(events)
    }

    /// Sets the status columns that follow from a transition.
    pub(crate) fn set_status(&self, row: &mut TicketRow, to: Status, now: Timestamp) {
        match to {
            Status::Resolved => row.resolved_at_us = Some(us(now)),
            Status::Closed => row.closed_at_us = Some(us(now)),
            Status::Open | Status::New | Status::WaitingOnClient => row.resolved_at_us = None,
        }
        row.status = to.as_str().into();
    }
}
