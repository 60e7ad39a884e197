//! One message, exactly once: the ticket or message it makes and its `inbound_mail` row
//! commit together, and a Message-ID recorded already makes nothing (the poller then only
//! flags it `\Seen` again). A crash between the commit and the flag therefore costs one more
//! read of the message, never a second ticket (`ATIENDE_CRASH_AFTER_INBOUND_COMMIT` makes a
//! process die exactly there, for the test that proves it).
//!
//! A client admin's mail acts on tickets at most `sender_limit` times per rolling hour (a
//! mail loop or a runaway script); beyond that it waits in the review list as `rate_limited`,
//! unanswered.

use domain::{limits, priority::Priority, ticket::Category};
use jiff::SignedDuration;
use store::inbound_mail::{self as st, NewInbound};

use super::{
    loops::no_auto_reply,
    parse::{self, ParsedMail},
    route::Route,
};
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    tickets::{NewTicket, Reply, StagedFile, check_reply},
    us,
};

/// A message as read from a mailbox.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// The mailbox's label (no password).
    pub mailbox: &'a str,
    pub uidvalidity: i64,
    pub uid: i64,
    /// Its size on the server.
    pub size: usize,
    /// The whole message, or only its header when `header_only`.
    pub raw: &'a [u8],
    /// The message was over the size limit and only its header was read.
    pub header_only: bool,
}

/// A review item an agent turns into a ticket for a client admin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OnBehalf {
    pub inbound_id: i64,
    pub client_id: i64,
    pub requester_id: i64,
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ticket(i64),
    Reply(i64),
    Review(&'static str),
    Refused,
    /// Its Message-ID was recorded already: nothing was done.
    Duplicate,
}

/// Whether `ATIENDE_CRASH_AFTER_INBOUND_COMMIT` is set (to anything non-empty), read once.
///
/// It exists for the crash test (`crates/atiende/tests/it/mail_crash.rs`): the process then
/// aborts right after an incoming message's transaction committed and before the message is
/// flagged `\Seen`, the one moment where a crash could lose or duplicate a ticket. Never set
/// it on a real server.
fn crash_after_inbound_commit() -> bool {
    static SET: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SET.get_or_init(|| {
        std::env::var_os("ATIENDE_CRASH_AFTER_INBOUND_COMMIT").is_some_and(|v| !v.is_empty())
    })
}

impl Service {
    /// Acts on one incoming message (see the module doc). An error (the database) leaves the
    /// message unflagged, to be tried again on the next poll.
    pub async fn process_inbound(&self, m: Incoming<'_>) -> ServiceResult<Outcome> {
        let outcome = self.act_on_inbound(m).await?;
        // Committed (a duplicate commits nothing); the caller flags it \Seen next.
        if outcome != Outcome::Duplicate && crash_after_inbound_commit() {
            tracing::error!(
                mailbox = m.mailbox,
                uid = m.uid,
                ?outcome,
                "ATIENDE_CRASH_AFTER_INBOUND_COMMIT: aborting after the commit, before the \
                 \\Seen flag (a test hook)"
            );
            std::process::abort();
        }
        Ok(outcome)
    }

    async fn act_on_inbound(&self, m: Incoming<'_>) -> ServiceResult<Outcome> {
        let max = self.mail_in.max_bytes;
        if m.header_only || m.size > max || m.raw.len() > max {
            let p = parse::parse_headers(m.raw);
            return self
                .record_review(&m, &p, "refused", "too_large", None, true)
                .await;
        }
        let p = match parse::parse(m.raw) {
            Ok(p) => p,
            Err(why) => {
                tracing::warn!(mailbox = m.mailbox, uid = m.uid, %why, "unparseable mail");
                let p = ParsedMail {
                    message_id: parse::digest_id(m.raw),
                    ..parse::parse_headers(m.raw)
                };
                return self
                    .record_review(&m, &p, "review", "unparseable", Some(m.raw), true)
                    .await;
            }
        };
        if st::exists(&self.db, &p.message_id).await? {
            return Ok(Outcome::Duplicate);
        }
        let route = self.route(&p).await?;
        if !matches!(route, Route::Review { .. }) && self.sender_over_limit(&p.from).await? {
            // A loop or a runaway script: kept for a person, never answered (an answer
            // would feed a loop).
            tracing::warn!(
                mailbox = m.mailbox,
                uid = m.uid,
                from = %p.from,
                limit = self.mail_in.sender_limit,
                "sender over the hourly limit of incoming mail: kept for review"
            );
            return self
                .record_review(&m, &p, "review", "rate_limited", Some(m.raw), false)
                .await;
        }
        let result = match route {
            Route::Review { reason } => {
                return self
                    .record_review(&m, &p, "review", reason, Some(m.raw), true)
                    .await;
            }
            Route::Reply { actor, ticket_id } => self.mail_reply(&m, &p, &actor, ticket_id).await,
            Route::NewTicket {
                actor,
                user,
                linked,
            } => {
                self.mail_ticket(&m, &p, &actor, &user.locale, linked, None)
                    .await
            }
        };
        match result {
            // Refused by a ticket rule (a file name, a limit…): an agent decides.
            Err(
                e @ (ServiceError::Invalid(_)
                | ServiceError::State { .. }
                | ServiceError::Forbidden(_)
                | ServiceError::NotFound),
            ) => {
                tracing::info!(mailbox = m.mailbox, uid = m.uid, error = %e, "mail refused by a ticket rule");
                self.record_review(&m, &p, "review", "rejected", Some(m.raw), true)
                    .await
            }
            other => other,
        }
    }

    /// Whether `from` already had `sender_limit` messages made into tickets or ticket
    /// messages in the last hour (never with a limit of 0). Counted from the `inbound_mail`
    /// rows before the message's own transaction: a mailbox is read by one poll at a time
    /// (one job per 30-s tick), so only polls overlapping on two nodes (one poll running
    /// longer than a tick) could let a few more through.
    async fn sender_over_limit(&self, from: &str) -> ServiceResult<bool> {
        let limit = self.mail_in.sender_limit;
        if limit == 0 {
            return Ok(false);
        }
        let hour_ago =
            us(self.now()).saturating_sub(SignedDuration::from_hours(1).as_micros() as i64);
        let n = st::acted_on_since(&self.db, from, hour_ago).await?;
        Ok(n >= i64::from(limit))
    }

    /// A client admin's answer on an open or resolved ticket (resolved: it stays resolved
    /// and is marked "client replied"); a ticket closed meanwhile gets a new linked ticket.
    async fn mail_reply(
        &self,
        m: &Incoming<'_>,
        p: &ParsedMail,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Outcome> {
        let r = Reply {
            body: mail_body(p),
            files: staged_files(p)?,
            reopen: false,
            ..Reply::default()
        };
        let body = check_reply(actor, &r)?;
        let (mut tx, mut row, now) = self.begin_change(actor, ticket_id).await?;
        if row.status == "closed" {
            drop(tx);
            let locale = store::users::get_user(&self.db, actor.user_id)
                .await?
                .map(|u| u.locale)
                .unwrap_or_default();
            return self
                .mail_ticket(m, p, actor, &locale, Some(ticket_id), None)
                .await;
        }
        self.reply_in(&mut tx, actor, &mut row, now, &r, body)
            .await?;
        let rec = inbound_row(m, p, "reply", Some(ticket_id), None, us(now));
        if st::insert(&mut tx, &rec).await?.is_none() {
            return Ok(Outcome::Duplicate); // rolled back on drop
        }
        tx.commit().await?;
        Ok(Outcome::Reply(ticket_id))
    }

    /// A new ticket from a message: by `actor` (a client admin), or by staff `on_behalf` of
    /// a client admin (a review item an agent turns into a ticket: its row is settled instead
    /// of a new one inserted).
    pub(crate) async fn mail_ticket(
        &self,
        m: &Incoming<'_>,
        p: &ParsedMail,
        actor: &Actor,
        locale: &str,
        linked: Option<i64>,
        on_behalf: Option<OnBehalf>,
    ) -> ServiceResult<Outcome> {
        let (client_id, requester) = match on_behalf {
            Some(b) => (b.client_id, Some(b.requester_id)),
            None => (actor.client_id.ok_or(ServiceError::NotFound)?, None),
        };
        let campuses = store::clients::list_campuses(&self.db, Some(client_id)).await?;
        let nt = NewTicket {
            client_id: Some(client_id),
            campus_id: match campuses.as_slice() {
                [only] => Some(only.id),
                _ => None,
            },
            category: Category::Functional,
            priority: Priority::Medium,
            subject: mail_subject(p, locale),
            body: mail_body(p),
            tags: Vec::new(),
            linked_ticket_id: linked,
            requester_id: requester,
        };
        let files = staged_files(p)?;
        let prepared = self.prepare_ticket(actor, &nt).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (row, _) = self
            .insert_ticket_in(&mut tx, actor, &nt, &prepared, &files, now)
            .await?;
        match on_behalf {
            None => {
                let rec = inbound_row(m, p, "ticket", Some(row.id), None, us(now));
                if st::insert(&mut tx, &rec).await?.is_none() {
                    return Ok(Outcome::Duplicate);
                }
            }
            Some(b) => {
                let settled = st::settle(
                    &mut tx,
                    b.inbound_id,
                    "ticket",
                    Some(row.id),
                    actor.user_id,
                    us(now),
                )
                .await?;
                if !settled {
                    return Err(ServiceError::state(
                        "inbound_not_in_review",
                        "this message is no longer waiting for review",
                    ));
                }
            }
        }
        tx.commit().await?;
        metrics::counter!("atiende_tickets_created_total", "priority" => nt.priority.as_str())
            .increment(1);
        metrics::counter!("atiende_inbound_mail_total", "state" => "ticket").increment(1);
        Ok(Outcome::Ticket(row.id))
    }

    /// A message no ticket is made from: `review` (kept whole for an agent) or `refused`
    /// (over the size limit, headers only). Decides whether a polite auto-reply is owed
    /// (never when `may_answer` is false).
    async fn record_review(
        &self,
        m: &Incoming<'_>,
        p: &ParsedMail,
        state: &'static str,
        reason: &'static str,
        raw: Option<&[u8]>,
        may_answer: bool,
    ) -> ServiceResult<Outcome> {
        let now = us(self.now());
        let mut tx = self.db.begin().await?;
        let own = self.own_addresses();
        let due = may_answer
            && match no_auto_reply(p, &own) {
                Some(_) => false,
                None => {
                    let day_ago =
                        now.saturating_sub(SignedDuration::from_hours(24).as_micros() as i64);
                    !st::auto_reply_owed_since(&mut tx, &p.from, day_ago).await?
                }
            };
        let mut rec = inbound_row(m, p, state, None, Some(reason), now);
        rec.raw = raw;
        rec.auto_reply_due = due;
        let Some(id) = st::insert(&mut tx, &rec).await? else {
            return Ok(Outcome::Duplicate);
        };
        if due {
            // Queued with the row: the outbox's job sends it (retried, never twice).
            let kind = if state == "refused" {
                crate::notify::AutoReply::TooLarge
            } else {
                crate::notify::AutoReply::AdminsOnly
            };
            self.queue_auto_reply(&mut tx, &p.from, &p.subject, &p.message_id, kind)
                .await?;
            st::mark_auto_reply_queued(&mut tx, id, now).await?;
        }
        tx.commit().await?;
        metrics::counter!("atiende_inbound_mail_total", "state" => state).increment(1);
        Ok(if state == "refused" {
            Outcome::Refused
        } else {
            Outcome::Review(reason)
        })
    }
}

fn inbound_row<'a>(
    m: &Incoming<'a>,
    p: &'a ParsedMail,
    state: &'a str,
    ticket_id: Option<i64>,
    reason: Option<&'a str>,
    now_us: i64,
) -> NewInbound<'a> {
    NewInbound {
        message_id: &p.message_id,
        mailbox: m.mailbox,
        uidvalidity: m.uidvalidity,
        uid: m.uid,
        from_address: &p.from,
        subject: &p.subject,
        received_at_us: now_us,
        state,
        ticket_id,
        reason,
        raw_size: i64::try_from(m.size.max(m.raw.len())).unwrap_or(i64::MAX),
        raw: None,
        auto_reply_due: false,
    }
}

/// Text a ticket message may hold: line ends normalised, control characters dropped, at
/// most `BODY_MAX` characters; the subject when the mail has no text and no files.
pub(crate) fn mail_body(p: &ParsedMail) -> String {
    let text: String = p
        .text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(limits::BODY_MAX)
        .collect();
    let text = text.trim().to_string();
    if text.is_empty() && p.attachments.is_empty() {
        let s = single_line(&p.subject);
        return if s.is_empty() { "—".into() } else { s };
    }
    text
}

pub(crate) fn mail_subject(p: &ParsedMail, locale: &str) -> String {
    let s: String = single_line(&p.subject)
        .chars()
        .take(limits::SUBJECT_MAX)
        .collect();
    match s.trim() {
        "" if locale == "en" => "(no subject)".into(),
        "" => "(sin asunto)".into(),
        t => t.to_string(),
    }
}

fn single_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn staged_files(p: &ParsedMail) -> ServiceResult<Vec<StagedFile>> {
    p.attachments
        .iter()
        .map(|f| StagedFile::from_bytes(&f.filename, &f.content_type, &f.data))
        .collect()
}
