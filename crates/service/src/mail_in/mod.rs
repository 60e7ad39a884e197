//! Incoming mail → tickets (issue 17, items 5 and 6).
//!
//! The `mail_poll` job reads every configured mailbox ([`config`]) over IMAP ([`imap`]),
//! unseen messages by UID, one at a time. Each is parsed ([`parse`], HTML sanitised by
//! [`html`]), routed ([`route`]: an active client admin's answer to one of their client's
//! tickets becomes a public message on it, their other mail a new ticket; anyone else's waits
//! in the review list) and recorded exactly once ([`process`]): the `inbound_mail` row
//! commits with the ticket or message it made, and only then is the message flagged `\Seen`.
//! Whether a polite auto-reply is owed is decided here ([`loops`]); the outbox sends it.
//! Staff work the review list through [`review`].

pub mod config;
mod html;
pub mod imap;
mod loops;
pub mod parse;
pub mod process;
pub mod review;
mod route;

pub use config::{MailInConfig, MailboxUrl};
pub use process::{Incoming, Outcome};
pub use review::InboundView;
pub use route::ticket_refs;

use crate::{Service, ServiceError, ServiceResult};

/// What one poll did, over every mailbox.
#[derive(Debug, Default, Clone)]
pub struct PollReport {
    /// Messages acted on (and flagged), by outcome.
    pub outcomes: Vec<Outcome>,
    /// Messages left unflagged after an error (tried again next poll).
    pub errors: usize,
    /// Mailboxes that could not be read, with why (never a password).
    pub failed_mailboxes: Vec<String>,
}

impl Service {
    /// Incoming mail's configuration on this service (none by default: nothing is polled).
    pub fn with_mail_in(mut self, cfg: MailInConfig) -> Service {
        self.mail_in = std::sync::Arc::new(cfg);
        self.reset_live_mail();
        self
    }

    pub fn mail_in_config(&self) -> &MailInConfig {
        &self.mail_in
    }

    /// One poll of every configured mailbox (the `mail_poll` job; tests call it directly).
    /// A mailbox that fails does not stop the others; the step fails (for the job's error)
    /// only after all were tried.
    pub async fn mail_poll_step(&self) -> ServiceResult<PollReport> {
        let mut report = PollReport::default();
        let live = self.live_mail().await?;
        // A saved mailbox that cannot be used (its password was saved under another key).
        report
            .failed_mailboxes
            .extend(live.problems.iter().cloned());
        for mailbox in &live.mailboxes {
            if let Err(e) = self.poll_mailbox(mailbox, &mut report).await {
                tracing::warn!(mailbox = %mailbox.label(), error = %e, "mailbox poll failed");
                report
                    .failed_mailboxes
                    .push(format!("{}: {e}", mailbox.label()));
            }
        }
        if !report.failed_mailboxes.is_empty() {
            return Err(ServiceError::Internal(report.failed_mailboxes.join("; ")));
        }
        Ok(report)
    }

    async fn poll_mailbox(
        &self,
        mailbox: &MailboxUrl,
        report: &mut PollReport,
    ) -> Result<(), imap::ImapError> {
        let label = mailbox.label();
        let cfg = &self.mail_in;
        let mut session = imap::connect(mailbox, cfg.step_timeout, &self.mail_tls).await?;
        let uids = session.unseen().await?;
        for uid in uids.into_iter().take(cfg.batch) {
            let Some(f) = session.fetch(uid, cfg.max_bytes).await? else {
                continue;
            };
            let incoming = Incoming {
                mailbox: &label,
                uidvalidity: i64::from(session.uidvalidity),
                uid: i64::from(f.uid),
                size: f.size,
                raw: &f.raw,
                header_only: f.header_only,
            };
            match self.process_inbound(incoming).await {
                Ok(outcome) => {
                    // Only now, with the outcome committed, is it done on the server.
                    session.mark_seen(uid).await?;
                    tracing::info!(mailbox = %label, uid, ?outcome, "incoming mail");
                    report.outcomes.push(outcome);
                }
                Err(e) => {
                    // Left unseen: the next poll tries it again; the next message goes on.
                    tracing::warn!(mailbox = %label, uid, error = %e, "incoming mail not processed");
                    report.errors += 1;
                }
            }
        }
        session.logout().await;
        Ok(())
    }
}
