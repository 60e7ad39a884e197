//! The review list: messages no ticket was made from (unknown or staff senders, unparseable
//! or refused mail). Staff read them, discard them, or open a ticket from one for a client
//! admin of their choosing. Client admins never see this list.

use serde::Serialize;
use store::inbound_mail as st;
use utoipa::ToSchema;

use super::{
    parse,
    process::{Incoming, OnBehalf, Outcome},
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339};

/// One incoming message as staff see it (never its raw content, never a password).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboundView {
    pub id: i64,
    pub message_id: String,
    /// The mailbox it was read from (`imap://user@host:port/folder`).
    pub mailbox: String,
    pub from_address: String,
    pub subject: String,
    pub received_at: String,
    /// `ticket`, `reply`, `review`, `discarded` or `refused`.
    pub state: String,
    pub ticket_id: Option<i64>,
    /// Why it waits for a person: `unknown_sender`, `staff_sender`, `inactive_sender`,
    /// `no_sender`, `unparseable`, `rejected`, `too_large` or `rate_limited` (a client admin
    /// over the hourly limit of mail that acts on tickets, `ATIENDE_MAIL_SENDER_LIMIT`).
    pub reason: Option<String>,
    pub size_bytes: i64,
    /// The message is kept, so a ticket can still be opened from it.
    pub can_open_ticket: bool,
    /// A polite automatic answer is owed to the sender (the outbox sends it).
    pub auto_reply_due: bool,
    pub handled_by: Option<i64>,
    pub handled_at: Option<String>,
}

pub(crate) fn inbound_view(r: st::InboundRow) -> InboundView {
    InboundView {
        can_open_ticket: r.has_raw && matches!(r.state.as_str(), "review" | "refused"),
        id: r.id,
        message_id: r.message_id,
        mailbox: r.mailbox,
        from_address: r.from_address,
        subject: r.subject,
        received_at: rfc3339(r.received_at_us),
        state: r.state,
        ticket_id: r.ticket_id,
        reason: r.reason,
        size_bytes: r.raw_size,
        auto_reply_due: r.auto_reply_due,
        handled_by: r.handled_by,
        handled_at: r.handled_at_us.map(rfc3339),
    }
}

impl Service {
    /// Incoming mail, newest first: by default what waits for review (`review` and
    /// `refused`); `state` picks one state. Staff only.
    pub async fn list_inbound_review(
        &self,
        actor: &Actor,
        state: Option<&str>,
        limit: i64,
    ) -> ServiceResult<Vec<InboundView>> {
        actor.require_staff()?;
        let limit = limit.clamp(1, 500);
        let rows = match state {
            Some(s) if !st::STATES.contains(&s) => {
                return Err(domain::FieldError::new(
                    "state",
                    "invalid",
                    "one of ticket, reply, review, discarded, refused",
                )
                .into());
            }
            Some(s) => st::list(&self.db, Some(s), limit).await?,
            None => {
                let mut rows = st::list(&self.db, Some("review"), limit).await?;
                rows.extend(st::list(&self.db, Some("refused"), limit).await?);
                rows.sort_by_key(|r| std::cmp::Reverse((r.received_at_us, r.id)));
                rows.truncate(limit as usize);
                rows
            }
        };
        Ok(rows.into_iter().map(inbound_view).collect())
    }

    /// Who a review item may be turned into a ticket for: every active client admin, as
    /// (user id, "Name <email> — Client"). Staff only.
    pub async fn inbound_requesters(&self, actor: &Actor) -> ServiceResult<Vec<(i64, String)>> {
        actor.require_staff()?;
        let clients = store::clients::list_clients(&self.db, None).await?;
        let mut out: Vec<(i64, String)> = store::users::list_users(&self.db, None)
            .await?
            .into_iter()
            .filter(|u| u.role == "client_admin" && u.is_active())
            .map(|u| {
                let client = clients
                    .iter()
                    .find(|c| Some(c.id) == u.client_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                (u.id, format!("{} <{}> — {client}", u.name, u.email))
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    pub async fn get_inbound(&self, actor: &Actor, id: i64) -> ServiceResult<InboundView> {
        actor.require_staff()?;
        st::get(&self.db, id)
            .await?
            .map(inbound_view)
            .ok_or(ServiceError::NotFound)
    }

    /// Drops a review item (spam, a wrong address…): it leaves the list, its raw message is
    /// forgotten.
    pub async fn discard_inbound(&self, actor: &Actor, id: i64) -> ServiceResult<InboundView> {
        actor.require_staff()?;
        let mut tx = self.db.begin().await?;
        let done = st::settle(&mut tx, id, "discarded", None, actor.user_id, self.now_us()).await?;
        tx.commit().await?;
        let row = st::get(&self.db, id).await?.ok_or(ServiceError::NotFound)?;
        if !done {
            return Err(not_in_review());
        }
        Ok(inbound_view(row))
    }

    /// Opens a ticket from a review item for `requester_id` (a client admin the agent
    /// chose): subject, text and files from the stored message; the history records the
    /// agent opening it on their behalf. The item and the ticket commit together.
    pub async fn inbound_to_ticket(
        &self,
        actor: &Actor,
        id: i64,
        requester_id: i64,
    ) -> ServiceResult<InboundView> {
        actor.require_staff()?;
        let row = st::get(&self.db, id).await?.ok_or(ServiceError::NotFound)?;
        if !matches!(row.state.as_str(), "review" | "refused") {
            return Err(not_in_review());
        }
        let raw = st::get_raw(&self.db, id).await?.ok_or_else(|| {
            ServiceError::state(
                "inbound_no_message",
                "this message was not kept (it was over the size limit): ask the sender to \
                 open a ticket",
            )
        })?;
        let requester = store::users::get_user(&self.db, requester_id)
            .await?
            .filter(|u| u.role == "client_admin" && u.is_active())
            .ok_or_else(|| {
                domain::FieldError::new("requester_id", "unknown", "not an active client admin")
            })?;
        let client_id = requester.client_id.ok_or_else(|| {
            domain::FieldError::new("requester_id", "unknown", "not an active client admin")
        })?;
        let mut p = parse::parse(&raw).unwrap_or_else(|_| parse::parse_headers(&raw));
        if p.text.trim().is_empty() && p.attachments.is_empty() {
            // Unparseable: the agent still gets the message's bytes as the text.
            p.text = String::from_utf8_lossy(&raw).into_owned();
        }
        let m = Incoming {
            mailbox: &row.mailbox,
            uidvalidity: row.uidvalidity,
            uid: row.uid,
            size: raw.len(),
            raw: &raw,
            header_only: false,
        };
        let on_behalf = OnBehalf {
            inbound_id: id,
            client_id,
            requester_id,
        };
        match self
            .mail_ticket(&m, &p, actor, &requester.locale, None, Some(on_behalf))
            .await?
        {
            Outcome::Ticket(_) => {}
            other => {
                return Err(ServiceError::Internal(format!(
                    "inbound {id}: unexpected outcome {other:?}"
                )));
            }
        }
        self.get_inbound(actor, id).await
    }
}

fn not_in_review() -> ServiceError {
    ServiceError::state(
        "inbound_not_in_review",
        "this message is no longer waiting for review",
    )
}
