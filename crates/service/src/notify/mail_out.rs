//! Delivering the outbox: one `deliver_mail` job per e-mail, sent over SMTP with lettre. The
//! Message-ID is fixed when the e-mail is queued, so a retry after a failure that happened
//! after the server took the message (possible with SMTP) is recognisable as a duplicate.
//! Without an SMTP server configured, an e-mail is marked "not sent" and stays readable. A
//! message with files (the monthly report's PDF) goes as multipart/mixed: the text, then each
//! file as an attachment, read from the outbox on every attempt.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, Mailbox, MultiPart, SinglePart, header},
    transport::smtp::client::Tls,
};
use serde::Deserialize;
use store::{jobs::ClaimedJob, notifications as st};

use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339};

/// One SMTP exchange may take this long (lettre can otherwise wait forever on a dead peer).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

pub const NO_SMTP: &str = "not sent: no SMTP server configured";

/// `smtp://user:secret@host` → `smtp://user:…@host`: URLs are logged and shown, secrets not.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s + 3 => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:…{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Whether `s` reads as a mailbox (`Name <addr@domain>` or `addr@domain`).
pub fn check_mailbox(s: &str) -> Result<(), String> {
    s.parse::<Mailbox>().map(|_| ()).map_err(|e| e.to_string())
}

/// The SMTP transport of the configured URL, shared by every delivery of this process.
pub(crate) type SmtpPool =
    std::sync::Arc<std::sync::Mutex<Option<(String, AsyncSmtpTransport<Tokio1Executor>)>>>;

fn lock(
    pool: &SmtpPool,
) -> std::sync::MutexGuard<'_, Option<(String, AsyncSmtpTransport<Tokio1Executor>)>> {
    // Nothing is left half-written under this lock: a poisoned one is still usable.
    pool.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Deserialize)]
struct Payload {
    outbox_id: i64,
}

impl Service {
    /// The `deliver_mail` job. Idempotent: a message no longer queued is left alone.
    pub(crate) async fn deliver_mail(&self, job: &ClaimedJob) -> Result<(), String> {
        let p: Payload = serde_json::from_str(&job.payload).map_err(|e| format!("payload: {e}"))?;
        let m = st::get_mail(&self.db, p.outbox_id)
            .await
            .map_err(|e| e.to_string())?;
        let Some(m) = m.filter(|m| m.state == "queued") else {
            return Ok(());
        };
        let live = self.live_mail().await.map_err(|e| e.to_string())?;
        let outcome = match (&live.smtp_url, &live.smtp_problem) {
            (None, Some(problem)) => Err(problem.clone()),
            (None, None) => Ok(false),
            (Some(url), _) => self.send_smtp(url, &live.from, &m).await.map(|()| true),
        };
        let (state, error) = match &outcome {
            Ok(true) => ("sent", None),
            Ok(false) => ("unsent", Some(NO_SMTP.to_string())),
            // The job gives up after its last attempt: the message is failed for good.
            Err(e) if job.attempts >= job.max_attempts => ("failed", Some(e.clone())),
            Err(e) => ("queued", Some(e.clone())),
        };
        let now = self.now_us();
        let mut tx = self.db.begin().await.map_err(|e| e.to_string())?;
        st::record_attempt(&mut tx, m.id, state, error.as_deref(), now)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        outcome.map(|_| ())
    }

    /// A `deliver_mail` job given up without running: its message, if still queued, is failed
    /// with `why` (readable in the outbox).
    pub(crate) async fn abandon_mail(&self, job: &ClaimedJob, why: &str) -> Result<(), String> {
        let p: Payload = serde_json::from_str(&job.payload).map_err(|e| format!("payload: {e}"))?;
        let m = st::get_mail(&self.db, p.outbox_id)
            .await
            .map_err(|e| e.to_string())?;
        if m.is_none_or(|m| m.state != "queued") {
            return Ok(());
        }
        let mut tx = self.db.begin().await.map_err(|e| e.to_string())?;
        st::record_attempt(&mut tx, p.outbox_id, "failed", Some(why), self.now_us())
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    }

    async fn send_smtp(&self, url: &str, from: &str, m: &st::OutboxRow) -> Result<(), String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the From address {from:?}: {e}"))?;
        let to: Mailbox = m
            .to_address
            .parse()
            .map_err(|e| format!("recipient {:?}: {e}", m.to_address))?;
        let mut b = Message::builder()
            .from(from)
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(m.message_id.clone()))
            // Our notices are automatic: well-behaved auto-responders do not answer them.
            .header(AutoSubmitted);
        if let Some(parent) = &m.in_reply_to {
            b = b.in_reply_to(parent.clone()).references(parent.clone());
        }
        let files = st::mail_attachments(&self.db, m.id)
            .await
            .map_err(|e| e.to_string())?;
        let msg = if files.is_empty() {
            b.header(header::ContentType::TEXT_PLAIN)
                .body(m.body_text.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(m.body_text.clone()));
            for f in files {
                let ct = header::ContentType::parse(&f.content_type)
                    .map_err(|e| format!("attachment {:?}: {e}", f.filename))?;
                parts = parts.singlepart(Attachment::new(f.filename).body(f.data, ct));
            }
            b.multipart(parts)
        }
        .map_err(|e| format!("message: {e}"))?;
        let transport = self.transport(url)?;
        let sent =
            match tokio::time::timeout(SEND_TIMEOUT + Duration::from_secs(5), transport.send(msg))
                .await
            {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(format!("SMTP {}: {e}", redact(url))),
                Err(_) => Err(format!(
                    "SMTP {}: no answer within {SEND_TIMEOUT:?}",
                    redact(url)
                )),
            };
        if sent.is_err() {
            // A pooled connection the server closed can keep failing (lettre#743): start over.
            *lock(&self.smtp) = None;
        }
        sent
    }

    /// The pooled transport for `url`: connections are reused between messages instead of a
    /// new SMTP session (connect, greeting, EHLO) per e-mail. TLS as the URL asks, trusting
    /// this service's roots ([`crate::mail_tls`]: the Mozilla ones and a private CA's).
    fn transport(&self, url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let mut pool = lock(&self.smtp);
        if let Some((u, t)) = pool.as_ref()
            && u == url
        {
            return Ok(t.clone());
        }
        let t = self.build_transport(url)?;
        *pool = Some((url.to_string(), t.clone()));
        Ok(t)
    }

    fn build_transport(&self, url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP server {}: {e}", redact(url)))?;
        if let Some(tls) = self.smtp_tls(url)? {
            builder = builder.tls(tls);
        }
        Ok(builder.timeout(Some(SEND_TIMEOUT)).build())
    }

    /// Connects to `url` as a delivery would (TLS, login) and says goodbye, sending nothing:
    /// the admin page's "check" button. A fresh connection, not the pool's.
    pub(crate) async fn check_smtp(&self, url: &str) -> Result<(), String> {
        let t = self.build_transport(url)?;
        match tokio::time::timeout(SEND_TIMEOUT + Duration::from_secs(5), t.test_connection()).await
        {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err(format!(
                "SMTP {}: the server did not answer NOOP",
                redact(url)
            )),
            Ok(Err(e)) => Err(format!("SMTP {}: {e}", redact(url))),
            Err(_) => Err(format!(
                "SMTP {}: no answer within {SEND_TIMEOUT:?}",
                redact(url)
            )),
        }
    }

    /// The TLS `url` asks for, as lettre's `from_url` reads it (`smtps://` → TLS from the
    /// first byte, `?tls=required` → STARTTLS or fail, `?tls=opportunistic` → STARTTLS when
    /// offered), with this service's roots instead of lettre's Mozilla-only ones. `None`:
    /// plain SMTP.
    fn smtp_tls(&self, url: &str) -> Result<Option<Tls>, String> {
        let bad = |e: String| format!("ATIENDE_SMTP_URL {}: {e}", redact(url));
        let u = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let Some(host) = u.host_str() else {
            return Ok(None);
        };
        let query = u
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let params = || self.mail_tls.smtp_parameters(host).map_err(bad);
        Ok(match (u.scheme(), query.as_deref()) {
            ("smtps", _) => Some(Tls::Wrapper(params()?)),
            ("smtp", Some("required")) => Some(Tls::Required(params()?)),
            ("smtp", Some("opportunistic")) => Some(Tls::Opportunistic(params()?)),
            _ => None,
        })
    }

    /// The outbox for admins (every message) and agents (their tickets' messages are for
    /// clients too, so staff only), newest first.
    pub async fn list_outbox(
        &self,
        actor: &Actor,
        state: Option<&str>,
        ticket_id: Option<i64>,
        limit: i64,
    ) -> ServiceResult<Vec<OutboxView>> {
        actor.require_admin()?;
        if let Some(s) = state
            && !["queued", "sent", "failed", "unsent"].contains(&s)
        {
            return Err(domain::FieldError::new("state", "invalid", "unknown outbox state").into());
        }
        let rows = st::list_mail(&self.db, state, ticket_id, limit.clamp(1, 500)).await?;
        Ok(rows.into_iter().map(outbox_view).collect())
    }

    /// How many messages are queued, sent, failed and not sent (no SMTP server), for admins.
    pub async fn outbox_counts(&self, actor: &Actor) -> ServiceResult<OutboxCounts> {
        actor.require_admin()?;
        let rows = st::mail_counts(&self.db).await?;
        let n = |state: &str| rows.iter().find(|(s, _)| s == state).map_or(0, |(_, n)| *n);
        Ok(OutboxCounts {
            queued: n("queued"),
            sent: n("sent"),
            failed: n("failed"),
            unsent: n("unsent"),
        })
    }

    /// One message, with the names and sizes of its files (admins).
    pub async fn get_outbox_mail(&self, actor: &Actor, id: i64) -> ServiceResult<OutboxView> {
        actor.require_admin()?;
        let mut v = st::get_mail(&self.db, id)
            .await?
            .map(outbox_view)
            .ok_or(ServiceError::NotFound)?;
        v.attachments = st::mail_attachment_names(&self.db, id)
            .await?
            .into_iter()
            .map(|(filename, size_bytes)| OutboxFile {
                filename,
                size_bytes,
            })
            .collect();
        Ok(v)
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834).
#[derive(Clone)]
struct AutoSubmitted;

impl header::Header for AutoSubmitted {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// Messages per state in the whole outbox.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxCounts {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub unsent: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxView {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    /// queued, sent, failed, unsent (no SMTP server configured)
    pub state: String,
    pub attempts: i32,
    /// The server's answer on the last failure, or why it was not sent.
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The files sent with it (only in `GET /api/v1/outbox/{id}`; empty in lists).
    pub attachments: Vec<OutboxFile>,
}

/// A file sent with an e-mail, as the outbox shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxFile {
    pub filename: String,
    pub size_bytes: i64,
}

fn outbox_view(r: st::OutboxRow) -> OutboxView {
    OutboxView {
        id: r.id,
        ticket_id: r.ticket_id,
        to: r.to_address,
        subject: r.subject,
        body: r.body_text,
        message_id: r.message_id,
        state: r.state,
        attempts: r.attempts,
        last_error: r.last_error,
        created_at: rfc3339(r.created_at_us),
        sent_at: r.sent_at_us.map(rfc3339),
        attachments: Vec::new(),
    }
}
