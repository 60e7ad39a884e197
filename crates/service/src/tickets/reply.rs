//! One submit of a reply form (portal, console, API): a message and/or files and the status
//! that follows, recorded in one transaction so a reply is never half applied.
//!
//! The rules a client relies on live here, once, for every channel:
//! - any content from a client (text, files or both) on a ticket waiting for them resumes it;
//! - on a resolved ticket a client either reopens (the message is the reason) or just writes,
//!   which leaves it resolved but marks it "client replied" so agents see it;
//! - staff acting on a ticket clear that mark; their first public reply on an unassigned
//!   ticket assigns it to them; a public reply on a `new` ticket opens it.

use domain::{
    FieldError, limits,
    ticket::{Status, bounded_text},
};
use jiff::Timestamp;
use store::{Tx, tickets::TicketRow};

use super::{
    AttachmentView, MessageView, TicketEvent, TicketView,
    attachments::{StagedFile, store_file},
    change::{check_transition, status_of},
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339, us};

/// What one reply carries. `body` may be empty when files are attached.
#[derive(Debug, Default)]
pub struct Reply {
    pub body: String,
    pub internal: bool,
    pub files: Vec<StagedFile>,
    /// Staff: the status set with the reply ("send and wait for the client", "send and resolve").
    pub status: Option<Status>,
    /// Client, on a resolved ticket: reopen it, the message being the reason.
    pub reopen: bool,
}

#[derive(Debug)]
pub struct ReplyOutcome {
    pub message: Option<MessageView>,
    pub attachments: Vec<AttachmentView>,
    pub ticket: TicketView,
}

/// What [`Service::reply_in`] wrote, before the transaction commits.
pub(crate) struct AppliedReply {
    pub message: Option<MessageView>,
    pub attachments: Vec<AttachmentView>,
    pub snap: domain::sla::SlaSnapshot,
}

/// The checks that need no ticket: who may write what, and the bounded body (`None`: files
/// only).
pub(crate) fn check_reply(actor: &Actor, r: &Reply) -> ServiceResult<Option<String>> {
    let staff = actor.is_staff();
    if r.internal && !staff {
        return Err(ServiceError::Forbidden("internal notes are for staff"));
    }
    if r.status.is_some() && !staff {
        return Err(ServiceError::Forbidden(
            "client admins confirm or reopen a resolved ticket; they do not set its status",
        ));
    }
    let has_text = !r.body.trim().is_empty();
    let body = if has_text || r.files.is_empty() {
        Some(bounded_text("body", &r.body, limits::BODY_MAX)?)
    } else {
        None
    };
    if r.reopen && !has_text {
        return Err(FieldError::new("body", "reason_required", "reopening needs a reason").into());
    }
    Ok(body)
}

fn final_ticket() -> ServiceError {
    ServiceError::state(
        "closed_final",
        "a closed ticket is final: open a new ticket linked to it",
    )
}

impl Service {
    pub async fn reply(
        &self,
        actor: &Actor,
        ticket_id: i64,
        r: Reply,
    ) -> ServiceResult<ReplyOutcome> {
        let body = check_reply(actor, &r)?;
        let (mut tx, mut row, now) = self.begin_change(actor, ticket_id).await?;
        let applied = self
            .reply_in(&mut tx, actor, &mut row, now, &r, body)
            .await?;
        tx.commit().await?;
        let suggestion = crate::contract::staff_suggestion(actor, &row);
        let mut ticket = self.view_from_snapshot(row, &applied.snap).await?;
        ticket.scope_suggestion = suggestion;
        Ok(ReplyOutcome {
            message: applied.message,
            attachments: applied.attachments,
            ticket,
        })
    }

    /// The reply's writes inside `tx` on a ticket read for update (see
    /// [`Service::begin_change`]), for callers that record more in the same transaction
    /// (incoming mail). `body` is what [`check_reply`] returned.
    pub(crate) async fn reply_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        row: &mut TicketRow,
        now: Timestamp,
        r: &Reply,
        body: Option<String>,
    ) -> ServiceResult<AppliedReply> {
        let staff = actor.is_staff();
        let ticket_id = row.id;
        let from = status_of(row)?;
        if from == Status::Closed {
            return Err(final_ticket());
        }
        if r.reopen && from != Status::Resolved {
            return Err(ServiceError::state(
                "reopen_not_resolved",
                "only a resolved ticket can be reopened",
            ));
        }
        let mut events = Vec::new();
        let message = match &body {
            Some(body) => {
                let id = store::messages::insert_message(
                    tx,
                    row.id,
                    Some(actor.user_id),
                    r.internal,
                    body,
                    us(now),
                )
                .await?;
                events.push(TicketEvent::MessageAdded {
                    message_id: id,
                    internal: r.internal,
                });
                Some(MessageView {
                    id,
                    ticket_id,
                    author_id: Some(actor.user_id),
                    internal: r.internal,
                    body: body.clone(),
                    created_at: rfc3339(us(now)),
                })
            }
            None => None,
        };
        let mut attachments = Vec::with_capacity(r.files.len());
        for f in &r.files {
            let a = store_file(tx, row, message.as_ref().map(|m| m.id), actor, f, now).await?;
            events.push(TicketEvent::AttachmentAdded {
                attachment_id: a.id,
                filename: a.filename.clone(),
                internal: r.internal,
            });
            attachments.push(a);
        }
        let to = if staff {
            self.staff_follow_up(actor, row, r, from, &mut events)?
        } else {
            client_follow_up(row, r, from, now)
        };
        if let Some(to) = to.filter(|to| *to != from) {
            // Asked for (a staff status, a client's reopen) → the lifecycle rules apply;
            // otherwise it is the contract's own consequence of a reply (auto).
            let asked = r.reopen || r.status.is_some();
            if asked {
                check_transition(actor, from, to)?;
            }
            self.set_status(row, to, now);
            events.push(TicketEvent::StatusChanged {
                from,
                to,
                auto: !asked,
                reason: None,
            });
        }
        let snap = self
            .record(tx, row, Some(actor.user_id), &events, now)
            .await?;
        Ok(AppliedReply {
            message,
            attachments,
            snap,
        })
    }

    /// What a staff reply does besides its content; returns the status it leads to.
    fn staff_follow_up(
        &self,
        actor: &Actor,
        row: &mut TicketRow,
        r: &Reply,
        from: Status,
        events: &mut Vec<TicketEvent>,
    ) -> ServiceResult<Option<Status>> {
        row.client_replied_at_us = None;
        let public = !r.internal && (!r.body.trim().is_empty() || !r.files.is_empty());
        if public && row.assignee_id.is_none() {
            events.push(TicketEvent::AssigneeChanged {
                from: None,
                to: Some(actor.user_id),
            });
            row.assignee_id = Some(actor.user_id);
        }
        Ok(match r.status {
            Some(s) => Some(s),
            None if public && from == Status::New => Some(Status::Open),
            None => None,
        })
    }
}

/// What a client's content does to the ticket: resumes a ticket waiting for them, reopens a
/// resolved one when asked, else marks a resolved one as "client replied".
fn client_follow_up(
    row: &mut TicketRow,
    r: &Reply,
    from: Status,
    now: Timestamp,
) -> Option<Status> {
    match from {
        Status::WaitingOnClient => Some(Status::Open),
        Status::Resolved if r.reopen => Some(Status::Open),
        Status::Resolved => {
            row.client_replied_at_us = Some(us(now));
            None
        }
        _ => None,
    }
}
