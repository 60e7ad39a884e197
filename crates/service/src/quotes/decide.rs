//! The client's decision on a pending quote (approve, reject) and staff withdrawing one.
//!
//! A decision is a client action: a ticket waiting on the client goes back to `open` in the
//! same transaction, exactly as a client's reply takes it back (`auto`, through
//! `Service::record`), so the clock resumes and `due_at` moves by the paused time. Staff may
//! not decide for the client — not even "by phone": the approval must be the client's own act
//! in the record (the agent asks the client to press the button or answer the e-mail's link).

use domain::{
    limits,
    quote::QuoteState,
    ticket::{Status, bounded_text},
};
use store::quotes::{self as st, Decision, QuoteRow};

use super::{QuoteRejection, QuoteView, events, not_pending, state_of};
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    tickets::{TicketEvent, status_of},
    ts, us,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Approve,
    Reject,
    Withdraw,
}

impl Service {
    /// The client approves: the work may start. TENANT: another client's quote answers 404;
    /// staff get 403; a quote no longer pending (or past its validity) 409.
    pub async fn approve_quote(&self, actor: &Actor, id: i64) -> ServiceResult<QuoteView> {
        self.act_on_quote(actor, id, Act::Approve, None).await
    }

    /// The client declines, optionally saying why; the ticket resumes for the agent to decide
    /// what follows. Same rules as [`Service::approve_quote`].
    pub async fn reject_quote(
        &self,
        actor: &Actor,
        id: i64,
        r: &QuoteRejection,
    ) -> ServiceResult<QuoteView> {
        self.act_on_quote(actor, id, Act::Reject, r.reason.as_deref())
            .await
    }

    /// Staff take a pending quote back. The ticket's status is left as it is (the agent sets
    /// the next one). A client admin gets 403.
    pub async fn withdraw_quote(&self, actor: &Actor, id: i64) -> ServiceResult<QuoteView> {
        self.act_on_quote(actor, id, Act::Withdraw, None).await
    }

    async fn act_on_quote(
        &self,
        actor: &Actor,
        id: i64,
        act: Act,
        reason: Option<&str>,
    ) -> ServiceResult<QuoteView> {
        let q = st::get_quote(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (mut tx, mut row, now) = self.begin_change(actor, q.ticket_id).await?; // TENANT
        match act {
            Act::Approve | Act::Reject if actor.is_staff() => {
                return Err(ServiceError::Forbidden(
                    "only the client's own administrators approve or reject a quote",
                ));
            }
            Act::Withdraw => actor.require_staff()?,
            _ => {}
        }
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(bounded_text("reason", r, limits::REASON_MAX)?),
            None => None,
        };
        let from = status_of(&row)?;
        if from == Status::Closed {
            return Err(ServiceError::state(
                "closed_final",
                "a closed ticket is final: open a new ticket linked to it",
            ));
        }
        // Read again under the ticket's lock: the state decides, not what was read before.
        let q = st::get_quote_in(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let state = state_of(&q)?;
        if state != QuoteState::Pending {
            return Err(not_pending(state));
        }
        if q.expires_at_us <= us(now) {
            // Too late: the expiry is recorded (and kept), the decision refused.
            self.expire_in(&mut tx, &mut row, &q).await?;
            tx.commit().await?;
            return Err(ServiceError::state(
                "quote_expired",
                format!(
                    "the quote expired at the end of {} (the client's time zone)",
                    q.valid_until
                ),
            ));
        }
        let d = Decision {
            state: match act {
                Act::Approve => QuoteState::Approved,
                Act::Reject => QuoteState::Rejected,
                Act::Withdraw => QuoteState::Withdrawn,
            }
            .as_str(),
            decided_by: Some(actor.user_id),
            decided_at_us: us(now),
            reason: reason.as_deref(),
            replaced_by: None,
        };
        if !st::decide(&mut tx, id, &d).await? {
            return Err(ServiceError::Internal(format!(
                "quote {id} left pending under the ticket's lock"
            )));
        }
        let decided = events::QuoteDecided {
            quote_id: id,
            reason: reason.clone(),
        };
        let mut evs = vec![match act {
            Act::Approve => TicketEvent::QuoteApproved(decided),
            Act::Reject => TicketEvent::QuoteRejected(decided),
            Act::Withdraw => TicketEvent::QuoteWithdrawn(events::QuoteWithdrawn {
                quote_id: id,
                replaced_by: None,
            }),
        }];
        if act != Act::Withdraw && from == Status::WaitingOnClient {
            // The client answered: the same resumption a client reply causes.
            self.set_status(&mut row, Status::Open, now);
            evs.push(TicketEvent::StatusChanged {
                from,
                to: Status::Open,
                auto: true,
                reason: None,
            });
        }
        if actor.is_staff() {
            row.client_replied_at_us = None;
        }
        self.record(&mut tx, &mut row, Some(actor.user_id), &evs, now)
            .await?;
        let stored = st::get_quote_in(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        tx.commit().await?;
        super::view(stored, actor.is_staff())
    }

    /// Marks a pending quote whose validity ended as expired, inside `tx` on its ticket read
    /// for update: the event is recorded at the end of the validity (never before the
    /// ticket's last write), whenever it was noticed; the ticket's status is not touched.
    pub(crate) async fn expire_in(
        &self,
        tx: &mut store::Tx,
        row: &mut store::tickets::TicketRow,
        q: &QuoteRow,
    ) -> ServiceResult<bool> {
        let d = Decision {
            state: QuoteState::Expired.as_str(),
            decided_by: None,
            decided_at_us: q.expires_at_us,
            reason: None,
            replaced_by: None,
        };
        if !st::decide(tx, q.id, &d).await? {
            return Ok(false);
        }
        let at = ts(q.expires_at_us).max(ts(row.updated_at_us));
        let e = TicketEvent::QuoteExpired(events::QuoteExpired { quote_id: q.id });
        self.record(tx, row, None, &[e], at).await?;
        Ok(true)
    }
}
