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

mod form;
mod live;
mod save;
mod views;

pub(crate) use live::LiveCell;
pub use live::LiveMail;
pub use views::{ConnectionCheck, MailServerView, MailSettingsView, MailboxInput, SmtpInput};

/// How long a node trusts what it last read before reading the saved servers again.
pub const REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// What the password is bound to when encrypted (see `secrets`).
const PURPOSE: &str = "mail_server.password";
