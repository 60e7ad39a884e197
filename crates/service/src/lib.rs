//! Use cases: transactions, events, authorization. `web`, `jobs` and the CLI call these;
//! they never touch SQL themselves.
#![forbid(unsafe_code)]

pub mod account_mail;
pub mod actor;
pub mod admin;
pub mod auth;
pub mod canned;
pub mod client_plan;
pub mod clock;
pub mod contract;
pub mod dashboard;
pub mod error;
pub mod hours;
pub mod jobs;
pub mod kb;
pub mod mail_in;
pub mod mail_settings;
pub mod mail_tls;
pub mod maintenance;
pub mod monitors;
pub mod notify;
mod outbound_http;
mod policy_cache;
pub mod quotes;
pub mod report_mail;
pub mod reports;
pub mod search_backfill;
pub mod secrets;
mod ticket_counts;
pub mod tickets;
pub mod web_session;
pub mod webhooks;

use std::sync::Arc;

pub use actor::Actor;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ServiceError, ServiceResult};
pub use store::{Db, DbUrl, Engine};

/// The application core: the database, the injected clock and immutable caches.
/// Cheap to clone (everything behind `Arc`).
#[derive(Clone)]
pub struct Service {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    policies: Arc<policy_cache::PolicyCache>,
    /// Argon2 verifications done (see `auth`): tests read it to prove equal work per sign-in.
    password_checks: Arc<std::sync::atomic::AtomicU64>,
    /// Links in notifications and how e-mail leaves.
    pub mail: Arc<notify::MailSettings>,
    /// The SMTP connection pool, built on first use and dropped after a failed send.
    smtp: notify::mail_out::SmtpPool,
    /// The mailboxes polled for incoming mail set in the environment (none unless configured).
    mail_in: Arc<mail_in::MailInConfig>,
    /// The key stored secrets (mail passwords) are encrypted with.
    secret: Arc<secrets::SecretKey>,
    /// The mail servers in force: the environment's and the saved ones (`mail_settings`).
    mail_live: mail_settings::LiveCell,
    /// The roots a mail server's certificate may chain to, for IMAP and SMTP alike (the
    /// Mozilla ones unless configured).
    mail_tls: Arc<mail_tls::MailTls>,
    /// How old the last successful backup of a hosted campus may get (`maintenance`).
    maintenance: Arc<maintenance::MaintenanceSettings>,
    /// The campus monitor's HTTP clients and retention.
    monitor: Arc<monitors::Runtime>,
    /// Draws the monthly report's PDF for its e-mail (given by the binary, see `report_mail`).
    report_pdf: Option<report_mail::PdfRenderer>,
}

impl Service {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Service {
            db,
            clock,
            policies: Arc::default(),
            password_checks: Arc::default(),
            mail: Arc::default(),
            smtp: Arc::default(),
            mail_in: Arc::default(),
            secret: Arc::new(secrets::SecretKey::ephemeral()),
            mail_live: Arc::default(),
            mail_tls: Arc::default(),
            maintenance: Arc::default(),
            monitor: Arc::default(),
            report_pdf: None,
        }
        .with_live_reset()
    }

    fn with_live_reset(mut self) -> Self {
        self.reset_live_mail();
        self
    }

    /// The same service with these mail settings (the binary reads them from the environment).
    /// The PDF renderer of the monthly report's e-mail.
    pub fn with_report_pdf(mut self, render: report_mail::PdfRenderer) -> Self {
        self.report_pdf = Some(render);
        self
    }

    pub fn with_mail(mut self, mail: notify::MailSettings) -> Self {
        self.mail = Arc::new(mail);
        self.smtp = Arc::default();
        self.with_live_reset()
    }

    /// The same service trusting these roots for mail over TLS (the binary reads
    /// `ATIENDE_MAIL_CA_FILE`). Pooled SMTP connections are dropped: they were set up with
    /// the previous roots.
    pub fn with_mail_tls(mut self, tls: mail_tls::MailTls) -> Self {
        self.mail_tls = Arc::new(tls);
        self.smtp = Arc::default();
        self
    }

    pub fn mail_tls(&self) -> &mail_tls::MailTls {
        &self.mail_tls
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    pub(crate) fn now_us(&self) -> i64 {
        us(self.clock.now())
    }
}

/// A timestamp as the store keeps it: Unix microseconds.
pub fn us(t: jiff::Timestamp) -> i64 {
    t.as_microsecond()
}

/// The inverse of [`us`]; out-of-range values (never written by us) clamp to the epoch.
pub fn ts(us: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_microsecond(us).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// A time zone read back from the database. Zones are validated when written, so an unknown
/// one is corrupt data: an error naming the row, never a quiet fallback to UTC that would
/// move a due time or a month boundary.
/// An enumerated value read back from the database (a role, a locale…). Values are checked
/// when written, so one that does not parse is corrupt data: an error naming the row and the
/// column, never a default that would quietly change what a user may do or read.
pub(crate) fn stored<T>(
    table: &str,
    id: i64,
    column: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> ServiceResult<T> {
    parse(value).ok_or_else(|| {
        ServiceError::Internal(format!(
            "{table} {id}: stored {column} {value:?} is not a known value"
        ))
    })
}

pub(crate) fn stored_zone(table: &str, id: i64, zone: &str) -> ServiceResult<jiff::tz::TimeZone> {
    jiff::tz::TimeZone::get(zone).map_err(|e| {
        ServiceError::Internal(format!(
            "{table} {id}: stored time zone {zone:?} is not valid: {e}"
        ))
    })
}
