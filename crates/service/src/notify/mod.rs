//! Who is told what, when a ticket changes. A change's notifications are written in the same
//! transaction as the change: an in-app notification for staff (the bell) and an e-mail in
//! the outbox for anyone who wants one, with a delivery job per e-mail (`mail_out`). So a
//! notification is never lost or sent for a change that did not commit.
//!
//! Clients hear: received, public reply, waiting on you, resolved, closed. Agents: assigned
//! to them, the client replied, an SLA warning (the assignee, or every agent while nobody is
//! assigned), the client's decision on a quote (the assignee and whoever sent it).
//! Supervisors: a breach (the ticket is then escalated).

mod kind;
pub mod mail_out;
pub mod prefs;
pub mod render;

pub use kind::NoticeKind;
pub use render::NoticeData;

use domain::{ticket::Status, user::Role};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use store::{Tx, notifications as st, tickets::TicketRow, users::UserRow};
use utoipa::ToSchema;

use crate::{
    Actor, Service, ServiceError, ServiceResult, admin::rfc3339, jobs::JobKind, stored,
    tickets::TicketEvent, us,
};

/// Where notifications point and how e-mail leaves (`ATIENDE_PUBLIC_URL`, `ATIENDE_MAIL_FROM`,
/// `ATIENDE_SMTP_URL`).
#[derive(Clone)]
pub struct MailSettings {
    /// The site's address as users reach it, for links in e-mails (no trailing slash).
    pub public_url: String,
    /// The From of every e-mail, e.g. `Soporte <soporte@example.com>`.
    pub from: String,
    /// `smtp://host:port` (`?tls=required` for STARTTLS), `smtps://…` for TLS, with
    /// `user:password@` when the server wants them. `None`: e-mails stay in the outbox as
    /// "not sent".
    pub smtp_url: Option<String>,
    /// `from` was set by `ATIENDE_MAIL_FROM`: it wins over the one saved in the admin UI.
    pub from_fixed: bool,
}

impl std::fmt::Debug for MailSettings {
    /// Never prints the SMTP password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("public_url", &self.public_url)
            .field("from", &self.from)
            .field("smtp", &self.smtp_url.as_deref().map(mail_out::redact))
            .finish()
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            public_url: "http://localhost:8080".into(),
            from: "Atiende <soporte@atiende.test>".into(),
            smtp_url: None,
            from_fixed: false,
        }
    }
}

impl MailSettings {
    /// The domain of the From address, used in Message-IDs.
    pub fn domain(&self) -> String {
        from_domain(&self.from)
    }
}

/// The domain of a From address (`Soporte <soporte@example.com>` → `example.com`).
pub fn from_domain(from: &str) -> String {
    let addr = from
        .rsplit_once('<')
        .map_or(from, |(_, a)| a.trim_end_matches('>'));
    addr.rsplit_once('@')
        .map(|(_, d)| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "atiende.local".into())
}

/// The thread every e-mail of a ticket belongs to: mail programs group by it, and incoming
/// answers name it in In-Reply-To/References.
pub fn thread_id(ticket_id: i64, domain: &str) -> String {
    format!("<ticket-{ticket_id}@{domain}>")
}

/// Why mail got an automatic answer instead of a ticket.
#[derive(Debug, Clone, Copy)]
pub enum AutoReply {
    /// The sender is not a campus administrator of a client.
    AdminsOnly,
    /// The message was over the size limit.
    TooLarge,
}

/// How long a resolved ticket waits for the client before closing itself.
const CONFIRM_WINDOW: SignedDuration =
    SignedDuration::from_hours(crate::tickets::CONFIRM_WINDOW_HOURS);

/// One recorded change of a ticket, as `record` saw it.
pub(crate) struct Change<'a> {
    pub actor: Option<i64>,
    pub events: &'a [TicketEvent],
    pub snap: &'a domain::sla::SlaSnapshot,
    /// Whether the ticket was already breached before this change.
    pub breached_before: bool,
    pub policy: &'a domain::sla::SlaPolicy,
    pub now: Timestamp,
}

impl Service {
    /// The notifications a change causes, written inside its transaction. Called by
    /// `record` after the events and the clock; it may set `row.sla_alerted` and
    /// `row.escalated_at_us`, which `record` then writes.
    pub(crate) async fn notify_change(
        &self,
        tx: &mut Tx,
        row: &mut TicketRow,
        change: Change<'_>,
    ) -> ServiceResult<()> {
        let Change {
            actor,
            events,
            snap,
            breached_before,
            policy,
            now,
        } = change;
        // Every read here goes through `tx`: a second pooled connection while this one is
        // held could wait for ever under load (every connection held by a waiting change).
        let author = match actor {
            Some(id) => store::users::get_user_in(tx, id).await?,
            None => None,
        };
        let by_client = author.as_ref().is_some_and(|u| u.role == "client_admin");
        let base = self.notice_data(tx, row, snap).await?;
        let mut reply: Option<(String, String)> = None;
        let mut waiting = false;
        // A new ticket's description is its first message, not a reply.
        let created = events
            .iter()
            .any(|e| matches!(e, TicketEvent::Created { .. }));
        for e in events {
            match e {
                TicketEvent::Created { .. } => {
                    self.send(
                        tx,
                        row,
                        NoticeKind::TicketReceived,
                        &[row.requester_id],
                        &base,
                        now,
                    )
                    .await?;
                }
                TicketEvent::MessageAdded {
                    message_id,
                    internal: false,
                } if !created => {
                    let body = store::messages::get_message_body(tx, *message_id)
                        .await?
                        .unwrap_or_default();
                    let who = author.as_ref().map(|u| u.name.clone()).unwrap_or_default();
                    if by_client {
                        let d = NoticeData {
                            body: Some(body),
                            who: Some(who),
                            ..base.clone()
                        };
                        let to = self.staff_for(tx, row).await?;
                        self.send(tx, row, NoticeKind::ClientReplied, &to, &d, now)
                            .await?;
                    } else {
                        reply = Some((body, who));
                    }
                }
                TicketEvent::StatusChanged { to, .. } if !by_client => match to {
                    // A quote's own e-mail (`quotes::mail`) asks the client for the decision.
                    Status::WaitingOnClient => {
                        waiting = !events
                            .iter()
                            .any(|e| matches!(e, TicketEvent::QuoteSent(_)))
                    }
                    Status::Resolved => {
                        let d = NoticeData {
                            close_at: now.checked_add(CONFIRM_WINDOW).ok().map(|t| t.to_string()),
                            ..base.clone()
                        };
                        self.send(tx, row, NoticeKind::Resolved, &[row.requester_id], &d, now)
                            .await?;
                    }
                    Status::Closed => {
                        self.send(tx, row, NoticeKind::Closed, &[row.requester_id], &base, now)
                            .await?;
                    }
                    _ => {}
                },
                TicketEvent::QuoteApproved(q) | TicketEvent::QuoteRejected(q) if by_client => {
                    let kind = match e {
                        TicketEvent::QuoteApproved(_) => NoticeKind::QuoteApproved,
                        _ => NoticeKind::QuoteRejected,
                    };
                    let sent = store::quotes::get_quote_in(tx, q.quote_id).await?;
                    let mut to = self.staff_for(tx, row).await?;
                    if let Some(by) = sent.as_ref().map(|s| s.created_by)
                        && !to.contains(&by)
                    {
                        to.push(by);
                    }
                    let d = NoticeData {
                        body: Some(
                            match kind {
                                NoticeKind::QuoteApproved => sent.map(|s| s.description),
                                _ => q.reason.clone(),
                            }
                            .unwrap_or_default(),
                        ),
                        who: author.as_ref().map(|u| u.name.clone()),
                        ..base.clone()
                    };
                    self.send(tx, row, kind, &to, &d, now).await?;
                }
                TicketEvent::AssigneeChanged { to: Some(to), .. } if Some(*to) != actor => {
                    self.send(tx, row, NoticeKind::Assigned, &[*to], &base, now)
                        .await?;
                }
                _ => {}
            }
        }
        // A reply that also asks the client for something is one e-mail, not two.
        let (body, who) = reply.clone().unzip();
        if waiting {
            let d = NoticeData {
                body,
                who,
                ..base.clone()
            };
            self.send(
                tx,
                row,
                NoticeKind::WaitingOnYou,
                &[row.requester_id],
                &d,
                now,
            )
            .await?;
        } else if reply.is_some() {
            let d = NoticeData {
                body,
                who,
                ..base.clone()
            };
            self.send(
                tx,
                row,
                NoticeKind::PublicReply,
                &[row.requester_id],
                &d,
                now,
            )
            .await?;
        }
        self.sla_alerts(tx, row, snap, breached_before, policy, &base, now)
            .await
    }

    /// Warnings at each threshold (once per due time) and the breach (once).
    #[allow(clippy::too_many_arguments)]
    async fn sla_alerts(
        &self,
        tx: &mut Tx,
        row: &mut TicketRow,
        snap: &domain::sla::SlaSnapshot,
        breached_before: bool,
        policy: &domain::sla::SlaPolicy,
        base: &NoticeData,
        now: Timestamp,
    ) -> ServiceResult<()> {
        let levels = [
            (1, snap.warn_at, policy.warn_percent),
            (2, snap.second_warn_at, policy.second_warn_percent),
        ];
        // A change that puts a threshold back in the future re-arms it.
        for &(level, at, _) in levels.iter().rev() {
            if at > now && row.sla_alerted >= level {
                row.sla_alerted = level - 1;
            }
        }
        let live = !snap.paused
            && row.status != "closed"
            && snap.met.is_none()
            && snap.breached_at.is_none();
        if live
            && let Some(&(level, _, percent)) = levels.iter().rev().find(|&&(_, at, _)| at <= now)
            && level > row.sla_alerted
        {
            row.sla_alerted = level;
            let d = NoticeData {
                level: Some(percent),
                ..base.clone()
            };
            let to = self.staff_for(tx, row).await?;
            self.send(tx, row, NoticeKind::SlaWarning, &to, &d, now)
                .await?;
        }
        if !breached_before && row.breached_at_us.is_some() && row.escalated_at_us.is_none() {
            row.escalated_at_us = Some(us(now));
            let to = st::active_user_ids_with_role(tx, "supervisor").await?;
            self.send(tx, row, NoticeKind::SlaBreach, &to, base, now)
                .await?;
        }
        Ok(())
    }

    /// The assignee, or every active agent while nobody is assigned.
    async fn staff_for(&self, tx: &mut Tx, row: &TicketRow) -> ServiceResult<Vec<i64>> {
        Ok(match row.assignee_id {
            Some(a) => vec![a],
            None => st::active_user_ids_with_role(tx, "agent").await?,
        })
    }

    async fn notice_data(
        &self,
        tx: &mut Tx,
        row: &TicketRow,
        snap: &domain::sla::SlaSnapshot,
    ) -> ServiceResult<NoticeData> {
        let client = st::client_name(tx, row.client_id)
            .await?
            .unwrap_or_default();
        Ok(NoticeData {
            ticket_id: row.id,
            number: domain::ticket::ticket_number(domain::ids::TicketId(row.id)),
            subject: row.subject.clone(),
            priority: row.priority.clone(),
            client,
            due_at: Some(snap.due_at.to_string()),
            ..NoticeData::default()
        })
    }

    /// One notice to each of `users` (active ones), as their preferences say: in the app
    /// (staff) and by e-mail, rendered in each reader's language.
    async fn send(
        &self,
        tx: &mut Tx,
        row: &TicketRow,
        kind: NoticeKind,
        users: &[i64],
        data: &NoticeData,
        now: Timestamp,
    ) -> ServiceResult<()> {
        let json = serde_json::to_string(data)
            .map_err(|e| ServiceError::Internal(format!("notice data: {e}")))?;
        for &user_id in users {
            let Some(u) = store::users::get_user_in(tx, user_id).await? else {
                continue;
            };
            if u.deactivated_at_us.is_some() {
                continue;
            }
            let staff = u.role != "client_admin";
            if staff == kind.for_clients() {
                continue; // a kind meant for the other side
            }
            let (email, in_app) = st::pref(tx, user_id, kind.as_str())
                .await?
                .unwrap_or((true, staff));
            let notification_id = if in_app {
                Some(
                    st::insert_notification(
                        tx,
                        user_id,
                        Some(row.id),
                        kind.as_str(),
                        &json,
                        us(now),
                    )
                    .await?,
                )
            } else {
                None
            };
            if email {
                self.queue_mail(tx, &u, row.id, kind, data, notification_id, now)
                    .await?;
            }
        }
        Ok(())
    }

    /// Renders the e-mail in the reader's language into the outbox and queues its delivery.
    #[allow(clippy::too_many_arguments)]
    async fn queue_mail(
        &self,
        tx: &mut Tx,
        u: &UserRow,
        ticket_id: i64,
        kind: NoticeKind,
        data: &NoticeData,
        notification_id: Option<i64>,
        now: Timestamp,
    ) -> ServiceResult<()> {
        let locale = stored(
            "user",
            u.id,
            "locale",
            &u.locale,
            domain::user::Locale::parse,
        )?;
        let tz = crate::stored_zone("user", u.id, &u.time_zone)?;
        let link = self.ticket_link(u, ticket_id)?;
        let r = render::render(locale, &tz, kind, data, &link);
        let domain = self.mail_domain();
        let message_id = format!(
            "<ticket-{ticket_id}.{}{:010}@{domain}>",
            us(now),
            rand::random::<u32>()
        );
        let subject = format!("[{}] {}", data.number, r.title);
        let body = format!("{}\n\n{}\n", r.body, render::footer(locale));
        let thread = thread_id(ticket_id, &domain);
        let mail = st::NewMail {
            notification_id,
            ticket_id: Some(ticket_id),
            to_address: &u.email,
            subject: &subject,
            body_text: &body,
            message_id: &message_id,
            in_reply_to: Some(&thread),
        };
        let id = st::insert_mail(tx, &mail, us(now)).await?;
        self.enqueue_in(tx, JobKind::DeliverMail, &format!("{{\"outbox_id\":{id}}}"))
            .await?;
        Ok(())
    }

    /// The one polite answer to mail that does not become a ticket (at most once a day per
    /// sender, decided by `mail_in`), in Spanish and English since the sender is unknown.
    pub(crate) async fn queue_auto_reply(
        &self,
        tx: &mut Tx,
        to: &str,
        subject: &str,
        their_message_id: &str,
        kind: AutoReply,
    ) -> ServiceResult<i64> {
        let now = self.now();
        let key = match kind {
            AutoReply::AdminsOnly => "auto-reply-admins-only",
            AutoReply::TooLarge => "auto-reply-too-large",
        };
        let text = |l| render::plain(l, key);
        let body = format!(
            "{}\n\n{}\n\n{}\n",
            text(domain::user::Locale::Es),
            text(domain::user::Locale::En),
            render::footer(domain::user::Locale::Es)
        );
        let domain = self.mail_domain();
        let message_id = format!("<auto.{}{:010}@{domain}>", us(now), rand::random::<u32>());
        // Only a real message id is answered; a hash stands in when the mail had none.
        let parent = their_message_id
            .starts_with('<')
            .then_some(their_message_id);
        let mail = st::NewMail {
            notification_id: None,
            ticket_id: None,
            to_address: to,
            subject: &format!("Re: {}", subject.chars().take(200).collect::<String>()),
            body_text: &body,
            message_id: &message_id,
            in_reply_to: parent,
        };
        let id = st::insert_mail(tx, &mail, us(now)).await?;
        self.enqueue_in(tx, JobKind::DeliverMail, &format!("{{\"outbox_id\":{id}}}"))
            .await?;
        Ok(id)
    }

    fn ticket_link(&self, u: &UserRow, ticket_id: i64) -> ServiceResult<String> {
        let role = stored("user", u.id, "role", &u.role, Role::parse)?;
        let area = if role == Role::ClientAdmin {
            "portal"
        } else {
            "console"
        };
        Ok(format!(
            "{}/{area}/tickets/{ticket_id}",
            self.mail.public_url
        ))
    }

    /// The signed-in user's notifications, newest first.
    pub async fn list_notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        limit: i64,
    ) -> ServiceResult<NotificationList> {
        let u = store::users::get_user(&self.db, actor.user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let locale = stored(
            "user",
            u.id,
            "locale",
            &u.locale,
            domain::user::Locale::parse,
        )?;
        let tz = crate::stored_zone("user", u.id, &u.time_zone)?;
        let rows =
            st::list_notifications(&self.db, actor.user_id, unread_only, limit.clamp(1, 200))
                .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let kind = NoticeKind::parse(&r.kind).ok_or_else(|| {
                ServiceError::Internal(format!("notification {}: unknown kind {:?}", r.id, r.kind))
            })?;
            let data: NoticeData = serde_json::from_str(&r.data).map_err(|e| {
                ServiceError::Internal(format!("notification {}: stored data: {e}", r.id))
            })?;
            let link = r.ticket_id.map(|t| self.ticket_link(&u, t)).transpose()?;
            let text = render::render(locale, &tz, kind, &data, link.as_deref().unwrap_or(""));
            items.push(NotificationView {
                id: r.id,
                kind,
                ticket_id: r.ticket_id,
                title: format!("{} · {}", data.number, text.title),
                created_at: rfc3339(r.created_at_us),
                read: r.read_at_us.is_some(),
            });
        }
        let unread = st::unread_count(&self.db, actor.user_id).await?;
        Ok(NotificationList { unread, items })
    }

    pub async fn unread_notifications(&self, actor: &Actor) -> ServiceResult<i64> {
        Ok(st::unread_count(&self.db, actor.user_id).await?)
    }

    /// Marks one notification (or every one, with `None`) of the signed-in user read.
    /// Someone else's id is not found (no probing of ids).
    pub async fn mark_notifications_read(
        &self,
        actor: &Actor,
        id: Option<i64>,
    ) -> ServiceResult<u64> {
        if let Some(id) = id {
            self.open_notification(actor, id).await?;
        }
        let mut tx = self.db.begin().await?;
        let n = st::mark_read(&mut tx, actor.user_id, id, self.now_us()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// One of the signed-in user's notifications: the ticket it is about, if any.
    pub async fn open_notification(&self, actor: &Actor, id: i64) -> ServiceResult<Option<i64>> {
        st::get_notification(&self.db, actor.user_id, id)
            .await?
            .map(|n| n.ticket_id)
            .ok_or(ServiceError::NotFound)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub unread: i64,
    pub items: Vec<NotificationView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NoticeKind,
    pub ticket_id: Option<i64>,
    /// In the reader's language.
    pub title: String,
    pub created_at: String,
    pub read: bool,
}
