//! The mail configuration in force on this node: the environment's plus the saved servers,
//! read again at most every [`REFRESH`] (at once after a change made here).

use std::{
    sync::{Arc, RwLock},
    time::Instant,
};

use store::mail_servers::{self as st};

use super::{form::*, *};
use crate::{Service, ServiceResult, mail_in::MailboxUrl, secrets::SecretKey};

/// The mail configuration in force: what the jobs use. `Debug` never shows a password.
#[derive(Clone, Default)]
pub struct LiveMail {
    /// The SMTP URL (with credentials) e-mail leaves through, if any.
    pub smtp_url: Option<String>,
    /// The From of every e-mail.
    pub from: String,
    /// Every mailbox read: the environment's, then the enabled saved ones.
    pub mailboxes: Vec<MailboxUrl>,
    /// Saved mailboxes that cannot be used, with why (a password saved under another key).
    pub problems: Vec<String>,
    /// Why the saved outgoing server cannot be used (then nothing is sent, and deliveries
    /// fail and retry rather than being marked "no SMTP server").
    pub smtp_problem: Option<String>,
    loaded: Option<Instant>,
}

impl std::fmt::Debug for LiveMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveMail")
            .field(
                "smtp",
                &self
                    .smtp_url
                    .as_deref()
                    .map(crate::notify::mail_out::redact),
            )
            .field("from", &self.from)
            .field("mailboxes", &self.mailboxes)
            .field("problems", &self.problems)
            .field("smtp_problem", &self.smtp_problem)
            .finish()
    }
}

/// The shared, refreshable [`LiveMail`] of a service.
pub(crate) type LiveCell = Arc<RwLock<Arc<LiveMail>>>;

impl LiveMail {
    /// What the environment alone sets, marked for reading the saved servers on first use.
    pub(crate) fn stale(svc_from: &str, smtp: Option<String>, mailboxes: Vec<MailboxUrl>) -> Self {
        LiveMail {
            smtp_url: smtp,
            from: svc_from.to_string(),
            mailboxes,
            problems: Vec::new(),
            smtp_problem: None,
            loaded: None,
        }
    }
}

impl Service {
    /// The node's key for stored secrets (the binary sets it from the environment or the
    /// data directory; a bare service has a key of its own process only).
    pub fn with_secret_key(mut self, key: SecretKey) -> Service {
        self.secret = Arc::new(key);
        self.reset_live_mail();
        self
    }

    /// Forgets what was read, so the next use reads the saved servers again.
    pub(crate) fn reset_live_mail(&mut self) {
        self.mail_live = Arc::new(RwLock::new(Arc::new(LiveMail::stale(
            &self.mail.from,
            self.mail.smtp_url.clone(),
            self.mail_in.mailboxes.clone(),
        ))));
    }

    fn cached_live(&self) -> Arc<LiveMail> {
        // Only whole values are swapped under this lock: a poisoned one is still consistent.
        self.mail_live
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The From of e-mails as last read (the saved one may change it; see the module doc).
    pub(crate) fn mail_from(&self) -> String {
        self.cached_live().from.clone()
    }

    /// Our own addresses (every mailbox read, and the From): mail from them is never
    /// answered automatically.
    pub(crate) fn own_addresses(&self) -> Vec<String> {
        let live = self.cached_live();
        let mut own: Vec<String> = live.mailboxes.iter().filter_map(|m| m.address()).collect();
        if let Ok(from) = live.from.parse::<lettre::message::Mailbox>() {
            own.push(from.email.to_string().to_lowercase());
        }
        own
    }

    /// The domain of the From address, used in Message-IDs.
    pub(crate) fn mail_domain(&self) -> String {
        crate::notify::from_domain(&self.mail_from())
    }

    /// The mail configuration in force, read again from the database when older than
    /// [`REFRESH`].
    pub(crate) async fn live_mail(&self) -> ServiceResult<Arc<LiveMail>> {
        let cached = self.cached_live();
        if cached.loaded.is_some_and(|t| t.elapsed() < REFRESH) {
            return Ok(cached);
        }
        self.reload_mail_settings().await
    }

    /// Reads the saved servers now and combines them with the environment's.
    pub async fn reload_mail_settings(&self) -> ServiceResult<Arc<LiveMail>> {
        let rows = st::list_mail_servers(&self.db).await?;
        let mut live = LiveMail {
            smtp_url: self.mail.smtp_url.clone(),
            from: self.mail.from.clone(),
            mailboxes: self.mail_in.mailboxes.clone(),
            problems: Vec::new(),
            smtp_problem: None,
            loaded: Some(Instant::now()),
        };
        for row in rows.iter().filter(|r| r.enabled) {
            let password = match row
                .password_enc
                .as_deref()
                .map(|p| self.secret.open(PURPOSE, p))
            {
                None => None,
                Some(Ok(p)) => Some(p),
                Some(Err(e)) => {
                    let why = format!("{} {}: password: {e}", row.kind, row.host);
                    if row.kind == "smtp" {
                        live.smtp_problem = Some(why);
                    } else {
                        live.problems.push(why);
                    }
                    continue;
                }
            };
            match row.kind.as_str() {
                "smtp" => {
                    if !self.mail.from_fixed && !row.from_address.is_empty() {
                        live.from = row.from_address.clone();
                    }
                    if live.smtp_url.is_none() {
                        live.smtp_url = Some(smtp_url(row, password.as_deref()));
                    }
                }
                _ => live
                    .mailboxes
                    .push(mailbox_url(row, password.as_deref().unwrap_or(""))),
            }
        }
        let live = Arc::new(live);
        *self.mail_live.write().unwrap_or_else(|e| e.into_inner()) = live.clone();
        Ok(live)
    }
}
