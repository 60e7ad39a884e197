//! The mail servers Atiende uses, as administrators set them in the admin UI (issue 17, item
//! 7) next to what the environment sets:
//!
//! - **Outgoing (SMTP)**: `ATIENDE_SMTP_URL` wins when set (the page shows it read-only);
//!   otherwise the server saved here; otherwise none (e-mails stay in the outbox as "not
//!   sent"). The From address: `ATIENDE_MAIL_FROM`, else the one saved with the server, else
//!   the default.
//! - **Incoming (IMAP)**: every mailbox of `ATIENDE_IMAP_URL` (read-only here) *and* every
//!   enabled mailbox saved here is read.
//!
//! Passwords are write-only: encrypted with the node's [`SecretKey`] before they are stored,
//! never logged, never returned (views say only whether one is set).
//!
//! Every node reads the saved servers again at most [`REFRESH`] after a change (the node that
//! made the change at once), so a PostgreSQL deployment needs no restart either.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use domain::FieldError;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use store::mail_servers::{self as st, MailServerInput, MailServerRow};
use utoipa::ToSchema;

use crate::{
    Actor, Service, ServiceError, ServiceResult,
    admin::rfc3339,
    mail_in::{MailboxUrl, config::Security},
    notify::mail_out::{check_mailbox, redact},
    secrets::SecretKey,
};

/// How long a node trusts what it last read before reading the saved servers again.
pub const REFRESH: Duration = Duration::from_secs(5);

/// What the password is bound to when encrypted (see `secrets`).
const PURPOSE: &str = "mail_server.password";

/// The mail configuration in force: what the jobs use.
#[derive(Debug, Clone, Default)]
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

/// The shared, refreshable [`LiveMail`] of a service.
pub(crate) type LiveCell = Arc<RwLock<Arc<LiveMail>>>;

/// `none` (plain), `starttls` or `tls` (TLS from the first byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    None,
    StartTls,
    Tls,
}

impl Sec {
    fn parse(s: &str) -> Option<Sec> {
        match s {
            "none" => Some(Sec::None),
            "starttls" => Some(Sec::StartTls),
            "tls" => Some(Sec::Tls),
            _ => None,
        }
    }

    fn default_port(self, kind: &str) -> u16 {
        match (kind, self) {
            ("smtp", Sec::None) => 25,
            ("smtp", Sec::StartTls) => 587,
            ("smtp", Sec::Tls) => 465,
            (_, Sec::Tls) => 993,
            _ => 143,
        }
    }
}

/// The outgoing server as an administrator saves it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SmtpInput {
    pub host: String,
    /// Default by `security`: 25 (none), 587 (starttls), 465 (tls).
    #[serde(default)]
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    /// Empty: no authentication.
    #[serde(default)]
    pub username: String,
    /// Write-only. Absent or empty keeps the saved one.
    #[serde(default)]
    pub password: Option<String>,
    /// Forget the saved password.
    #[serde(default)]
    pub clear_password: bool,
    /// `Soporte <soporte@example.com>`; empty: the default (or `ATIENDE_MAIL_FROM`).
    #[serde(default)]
    pub from: String,
}

/// One incoming mailbox as an administrator saves it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailboxInput {
    pub host: String,
    /// Default by `security`: 143 (none, starttls) or 993 (tls).
    #[serde(default)]
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    /// The login, usually the mailbox's address.
    pub username: String,
    /// Write-only. Required for a new mailbox; absent or empty keeps the saved one.
    #[serde(default)]
    pub password: Option<String>,
    /// Default `INBOX`.
    #[serde(default)]
    pub folder: String,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A mail server as pages and the API show it: never its password.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailServerView {
    /// `None` for a server set in the environment.
    pub id: Option<i64>,
    /// `smtp` or `imap`.
    pub kind: String,
    /// `environment` (read-only here) or `settings`.
    pub source: String,
    /// `imaps://user@host:993/INBOX`, `smtp://user:…@host:587?tls=required`: never a password.
    pub label: String,
    pub host: String,
    pub port: u16,
    pub security: String,
    pub username: String,
    pub password_set: bool,
    pub folder: String,
    pub from: String,
    pub enabled: bool,
    pub updated_at: Option<String>,
    /// Why it cannot be used as saved (e.g. its password was saved under another key).
    pub problem: Option<String>,
}

/// What a connection check found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConnectionCheck {
    /// Connected, secured and logged in.
    pub ok: bool,
    /// What was checked, or the server's or the network's answer (never a password).
    pub detail: String,
}

/// Everything on the mail settings page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailSettingsView {
    /// The outgoing server in force, if any.
    pub smtp: Option<MailServerView>,
    /// A saved server that `ATIENDE_SMTP_URL` overrides (kept for when it is unset).
    pub smtp_saved_overridden: bool,
    /// The From in force and where it comes from: `environment`, `settings` or `default`.
    pub from: String,
    pub from_source: String,
    pub mailboxes: Vec<MailServerView>,
    /// The id of the key passwords are encrypted with and where it comes from.
    pub secret_key_id: String,
    pub secret_key_source: String,
}

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

fn invalid(field: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What both kinds of server share, as submitted.
struct Submitted<'a> {
    kind: &'a str,
    host: &'a str,
    port: Option<u16>,
    security: &'a str,
    username: &'a str,
    /// A new password (`None`: keep or none).
    password: Option<&'a str>,
    has_saved_password: bool,
}

/// Checks what both kinds share; returns the security and the port to use.
fn check_common(f: &Submitted<'_>, errs: &mut Vec<FieldError>) -> (Sec, u16) {
    let Submitted {
        kind,
        host,
        port,
        security,
        username,
        password,
        has_saved_password,
    } = *f;
    let bad_char = |s: &str| s.chars().any(|c| c.is_control() || c.is_whitespace());
    if host.is_empty() {
        errs.push(invalid(
            "host",
            "required",
            "the server's name or address is required",
        ));
    } else if host.len() > 253 || bad_char(host) || host.contains(['/', '@', '?', '#']) {
        errs.push(invalid(
            "host",
            "invalid",
            "a host name or IP address, without scheme, user or path",
        ));
    }
    let sec = Sec::parse(security).unwrap_or_else(|| {
        errs.push(
            invalid("security", "invalid", "security is none, starttls or tls")
                .with("allowed", "none, starttls, tls"),
        );
        Sec::Tls
    });
    let port = match port {
        Some(0) => {
            errs.push(invalid("port", "invalid", "a port from 1 to 65535"));
            0
        }
        Some(p) => p,
        None => sec.default_port(kind),
    };
    if username.chars().count() > 320 || username.chars().any(char::is_control) {
        errs.push(invalid(
            "username",
            "invalid",
            "at most 320 characters, no control characters",
        ));
    }
    if let Some(p) = password
        && (p.chars().count() > 1024 || p.chars().any(char::is_control))
    {
        {
            errs.push(invalid(
                "password",
                "invalid",
                "at most 1024 characters, no control characters",
            ));
        }
    }
    let has_password = password.is_some_and(|p| !p.is_empty()) || has_saved_password;
    // A password crosses the network only encrypted, unless the server is this machine.
    if sec == Sec::None && has_password && !host.is_empty() && !is_loopback(host) {
        errs.push(invalid(
            "security",
            "plaintext_password",
            "a password is sent only over starttls or tls, except to this machine",
        ));
    }
    (sec, port)
}

fn sec_name(sec: Sec) -> &'static str {
    match sec {
        Sec::None => "none",
        Sec::StartTls => "starttls",
        Sec::Tls => "tls",
    }
}

/// The SMTP URL lettre reads (user and password percent-encoded).
fn smtp_url(row: &MailServerRow, password: Option<&str>) -> String {
    let sec = Sec::parse(&row.security).unwrap_or(Sec::Tls);
    let scheme = if sec == Sec::Tls { "smtps" } else { "smtp" };
    let creds = match (row.username.is_empty(), password) {
        (false, Some(p)) => format!(
            "{}:{}@",
            utf8_percent_encode(&row.username, NON_ALPHANUMERIC),
            utf8_percent_encode(p, NON_ALPHANUMERIC)
        ),
        _ => String::new(),
    };
    let query = if sec == Sec::StartTls {
        "?tls=required"
    } else {
        ""
    };
    format!("{scheme}://{creds}{}:{}{query}", row.host, row.port)
}

fn mailbox_url(row: &MailServerRow, password: &str) -> MailboxUrl {
    let security = match Sec::parse(&row.security).unwrap_or(Sec::Tls) {
        Sec::None => Security::Plain,
        Sec::StartTls => Security::StartTls,
        Sec::Tls => Security::Tls,
    };
    MailboxUrl::new(
        security,
        &row.host,
        u16::try_from(row.port).unwrap_or(0),
        &row.username,
        password,
        &row.folder,
    )
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

    /// The mail settings page: what is in force, where each part comes from, no password.
    pub async fn mail_settings(&self, actor: &Actor) -> ServiceResult<MailSettingsView> {
        actor.require_admin()?;
        let rows = st::list_mail_servers(&self.db).await?;
        let saved_smtp = rows.iter().find(|r| r.kind == "smtp");
        let (smtp, overridden) = match (&self.mail.smtp_url, saved_smtp) {
            (Some(url), saved) => (Some(env_smtp_view(url)), saved.is_some()),
            (None, Some(r)) => (Some(self.row_view(r)), false),
            (None, None) => (None, false),
        };
        let (from, from_source) = if self.mail.from_fixed {
            (self.mail.from.clone(), "environment")
        } else if let Some(r) = saved_smtp.filter(|r| !r.from_address.is_empty()) {
            (r.from_address.clone(), "settings")
        } else {
            (self.mail.from.clone(), "default")
        };
        let mut mailboxes: Vec<MailServerView> = self
            .mail_in
            .mailboxes
            .iter()
            .map(env_mailbox_view)
            .collect();
        mailboxes.extend(
            rows.iter()
                .filter(|r| r.kind == "imap")
                .map(|r| self.row_view(r)),
        );
        Ok(MailSettingsView {
            smtp,
            smtp_saved_overridden: overridden,
            from,
            from_source: from_source.into(),
            mailboxes,
            secret_key_id: self.secret.id(),
            secret_key_source: self.secret.source.clone(),
        })
    }

    /// One saved mailbox (for its edit form).
    pub async fn get_mailbox_setting(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<MailServerView> {
        actor.require_admin()?;
        st::get_mail_server(&self.db, id)
            .await?
            .filter(|r| r.kind == "imap")
            .map(|r| self.row_view(&r))
            .ok_or(ServiceError::NotFound)
    }

    fn row_view(&self, r: &MailServerRow) -> MailServerView {
        let problem = r
            .password_enc
            .as_deref()
            .and_then(|p| self.secret.open(PURPOSE, p).err())
            .map(|e| format!("password: {e}"));
        let label = if r.kind == "smtp" {
            redact(&smtp_url(r, Some("x")))
        } else {
            mailbox_url(r, "").label()
        };
        MailServerView {
            id: Some(r.id),
            kind: r.kind.clone(),
            source: "settings".into(),
            label,
            host: r.host.clone(),
            port: u16::try_from(r.port).unwrap_or(0),
            security: r.security.clone(),
            username: r.username.clone(),
            password_set: r.password_enc.is_some(),
            folder: r.folder.clone(),
            from: r.from_address.clone(),
            enabled: r.enabled,
            updated_at: Some(rfc3339(r.updated_at_us)),
            problem,
        }
    }

    /// Saves the outgoing server (creating or replacing the one there is).
    pub async fn save_smtp_setting(
        &self,
        actor: &Actor,
        input: &SmtpInput,
    ) -> ServiceResult<MailSettingsView> {
        actor.require_admin()?;
        let saved = st::list_mail_servers(&self.db)
            .await?
            .into_iter()
            .find(|r| r.kind == "smtp");
        let host = input.host.trim();
        let username = input.username.trim();
        let new_password = input.password.as_deref().filter(|p| !p.is_empty());
        let keeps_saved = !input.clear_password
            && new_password.is_none()
            && saved.as_ref().is_some_and(|r| r.password_enc.is_some());
        let mut errs = Vec::new();
        let (sec, port) = check_common(
            &Submitted {
                kind: "smtp",
                host,
                port: input.port,
                security: input.security.trim(),
                username,
                password: new_password,
                has_saved_password: keeps_saved,
            },
            &mut errs,
        );
        let from = input.from.trim();
        if !from.is_empty()
            && let Err(e) = check_mailbox(from)
        {
            errs.push(invalid(
                "from",
                "invalid",
                &format!("not an address like \"Soporte <soporte@example.com>\": {e}"),
            ));
        }
        if (new_password.is_some() || keeps_saved) && username.is_empty() {
            errs.push(invalid(
                "username",
                "required",
                "a password needs a user name",
            ));
        }
        if !errs.is_empty() {
            return Err(ServiceError::Invalid(errs));
        }
        let sealed = new_password.map(|p| self.secret.seal(PURPOSE, p));
        let m = MailServerInput {
            host,
            port: i32::from(port),
            security: sec_name(sec),
            username,
            password_enc: sealed.as_deref(),
            folder: "",
            from_address: from,
            enabled: true,
        };
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        let id = match &saved {
            Some(r) => {
                st::update_mail_server(&mut tx, r.id, &m, actor.user_id, now).await?;
                r.id
            }
            None => st::insert_mail_server(&mut tx, "smtp", &m, actor.user_id, now).await?,
        };
        if input.clear_password && new_password.is_none() {
            st::clear_mail_password(&mut tx, id).await?;
        }
        tx.commit().await?;
        tracing::info!(by = actor.user_id, host, "outgoing mail server saved");
        self.after_mail_change().await;
        self.mail_settings(actor).await
    }

    /// Removes the saved outgoing server (the environment's, if any, stays in force).
    pub async fn delete_smtp_setting(&self, actor: &Actor) -> ServiceResult<()> {
        actor.require_admin()?;
        let saved = st::list_mail_servers(&self.db)
            .await?
            .into_iter()
            .find(|r| r.kind == "smtp")
            .ok_or(ServiceError::NotFound)?;
        self.delete_mail_server(actor, saved.id).await
    }

    /// Adds (`id` None) or changes a mailbox read for incoming mail.
    pub async fn save_mailbox_setting(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: &MailboxInput,
    ) -> ServiceResult<MailServerView> {
        actor.require_admin()?;
        let saved = match id {
            Some(id) => Some(
                st::get_mail_server(&self.db, id)
                    .await?
                    .filter(|r| r.kind == "imap")
                    .ok_or(ServiceError::NotFound)?,
            ),
            None => None,
        };
        let host = input.host.trim();
        let username = input.username.trim();
        let new_password = input.password.as_deref().filter(|p| !p.is_empty());
        let keeps_saved =
            new_password.is_none() && saved.as_ref().is_some_and(|r| r.password_enc.is_some());
        let mut errs = Vec::new();
        let (sec, port) = check_common(
            &Submitted {
                kind: "imap",
                host,
                port: input.port,
                security: input.security.trim(),
                username,
                password: new_password,
                has_saved_password: keeps_saved,
            },
            &mut errs,
        );
        if username.is_empty() {
            errs.push(invalid(
                "username",
                "required",
                "the mailbox's login is required",
            ));
        }
        if new_password.is_none() && !keeps_saved {
            errs.push(invalid(
                "password",
                "required",
                "the mailbox's password is required",
            ));
        }
        let folder = match input.folder.trim() {
            "" => "INBOX",
            f => f,
        };
        if folder.chars().count() > 200 || folder.chars().any(char::is_control) {
            errs.push(invalid(
                "folder",
                "invalid",
                "at most 200 characters, no control characters",
            ));
        }
        if !errs.is_empty() {
            return Err(ServiceError::Invalid(errs));
        }
        let sealed = new_password.map(|p| self.secret.seal(PURPOSE, p));
        let m = MailServerInput {
            host,
            port: i32::from(port),
            security: sec_name(sec),
            username,
            password_enc: sealed.as_deref(),
            folder,
            from_address: "",
            enabled: input.enabled,
        };
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        let id = match &saved {
            Some(r) => {
                st::update_mail_server(&mut tx, r.id, &m, actor.user_id, now).await?;
                r.id
            }
            None => st::insert_mail_server(&mut tx, "imap", &m, actor.user_id, now).await?,
        };
        tx.commit().await?;
        tracing::info!(by = actor.user_id, host, folder, "mailbox saved");
        self.after_mail_change().await;
        self.get_mailbox_setting(actor, id).await
    }

    pub async fn delete_mailbox_setting(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require_admin()?;
        st::get_mail_server(&self.db, id)
            .await?
            .filter(|r| r.kind == "imap")
            .ok_or(ServiceError::NotFound)?;
        self.delete_mail_server(actor, id).await
    }

    async fn delete_mail_server(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        st::delete_mail_server(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, "mail server removed");
        self.after_mail_change().await;
        Ok(())
    }

    /// Connects to a saved server as the jobs would (TLS, login; for a mailbox also opening
    /// its folder) and says goodbye: no mail is sent or read.
    pub async fn check_mail_server(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ConnectionCheck> {
        actor.require_admin()?;
        let row = st::get_mail_server(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let password = match row
            .password_enc
            .as_deref()
            .map(|p| self.secret.open(PURPOSE, p))
        {
            None => None,
            Some(Ok(p)) => Some(p),
            Some(Err(e)) => {
                return Ok(ConnectionCheck {
                    ok: false,
                    detail: format!("password: {e}"),
                });
            }
        };
        let outcome = if row.kind == "smtp" {
            let url = smtp_url(&row, password.as_deref());
            self.check_smtp(&url).await.map(|()| redact(&url))
        } else {
            let m = mailbox_url(&row, password.as_deref().unwrap_or(""));
            let limit = self.mail_in.step_timeout;
            match crate::mail_in::imap::connect(&m, limit, &self.mail_tls).await {
                Ok(session) => {
                    session.logout().await;
                    Ok(m.label())
                }
                Err(e) => Err(format!("{}: {e}", m.label())),
            }
        };
        tracing::info!(
            by = actor.user_id,
            id,
            ok = outcome.is_ok(),
            "mail server checked"
        );
        Ok(match outcome {
            Ok(label) => ConnectionCheck {
                ok: true,
                detail: label,
            },
            Err(detail) => ConnectionCheck { ok: false, detail },
        })
    }

    /// This node uses a change at once; the SMTP pool of the old server is dropped.
    async fn after_mail_change(&self) {
        if let Err(e) = self.reload_mail_settings().await {
            tracing::warn!(error = %e, "reading the mail settings again failed");
        }
    }
}

fn env_smtp_view(url: &str) -> MailServerView {
    MailServerView {
        id: None,
        kind: "smtp".into(),
        source: "environment".into(),
        label: redact(url),
        host: String::new(),
        port: 0,
        security: if url.starts_with("smtps://") {
            "tls".into()
        } else if url.contains("tls=required") {
            "starttls".into()
        } else {
            "none".into()
        },
        username: String::new(),
        password_set: url.contains('@'),
        folder: String::new(),
        from: String::new(),
        enabled: true,
        updated_at: None,
        problem: None,
    }
}

fn env_mailbox_view(m: &MailboxUrl) -> MailServerView {
    MailServerView {
        id: None,
        kind: "imap".into(),
        source: "environment".into(),
        label: m.label(),
        host: m.host.clone(),
        port: m.port,
        security: match m.security {
            Security::Plain => "none",
            Security::StartTls => "starttls",
            Security::Tls => "tls",
        }
        .into(),
        username: m.user.clone(),
        password_set: true,
        folder: m.folder.clone(),
        from: String::new(),
        enabled: true,
        updated_at: None,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, security: &str, user: &str) -> MailServerRow {
        MailServerRow {
            id: 1,
            kind: kind.into(),
            host: "mail.example.com".into(),
            port: 587,
            security: security.into(),
            username: user.into(),
            password_enc: None,
            folder: "INBOX".into(),
            from_address: String::new(),
            enabled: true,
            created_at_us: 0,
            updated_at_us: 0,
        }
    }

    #[test]
    fn saved_smtp_servers_become_urls_lettre_reads() {
        let r = row("smtp", "starttls", "soporte@example.com");
        assert_eq!(
            smtp_url(&r, Some("p@ss:w/rd")),
            "smtp://soporte%40example%2Ecom:p%40ss%3Aw%2Frd@mail.example.com:587?tls=required"
        );
        assert_eq!(
            smtp_url(&row("smtp", "tls", ""), Some("x")),
            "smtps://mail.example.com:587"
        );
        assert!(!redact(&smtp_url(&r, Some("secret"))).contains("secret"));
    }

    #[test]
    fn a_password_never_crosses_the_network_in_clear() {
        let mut errs = Vec::new();
        check_common(
            &Submitted {
                kind: "smtp",
                host: "mail.example.com",
                port: None,
                security: "none",
                username: "u",
                password: Some("pw"),
                has_saved_password: false,
            },
            &mut errs,
        );
        assert_eq!(errs[0].code, "plaintext_password");
        let mut errs = Vec::new();
        let (_, port) = check_common(
            &Submitted {
                kind: "smtp",
                host: "127.0.0.1",
                port: None,
                security: "none",
                username: "u",
                password: Some("pw"),
                has_saved_password: false,
            },
            &mut errs,
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(port, 25);
        let mut errs = Vec::new();
        check_common(
            &Submitted {
                kind: "imap",
                host: "http://x/",
                port: Some(0),
                security: "ssl",
                username: "u",
                password: None,
                has_saved_password: false,
            },
            &mut errs,
        );
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["host", "security", "port"]);
    }
}
