//! What the API takes and answers, and what the page shows: never a password.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
