//! Which mailboxes are read, from the environment: `ATIENDE_IMAP_URL` (one or more
//! `imap://user:pass@host:port/FOLDER` separated by spaces; `imap://…?tls=required` for
//! STARTTLS, `imaps://` for TLS from the first byte) and `ATIENDE_MAIL_MAX_BYTES` (default
//! 25 MiB). The password is never logged: `Debug` redacts it and nothing else prints it.
//! Which certificates are trusted is [`crate::mail_tls`]'s concern.

use std::time::Duration;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain TCP (`imap://`): loopback or a trusted network only.
    Plain,
    /// Plain TCP upgraded by STARTTLS before the login (`imap://…?tls=required`, the query
    /// lettre reads for SMTP; port 143 by default). Mandatory: a server that does not offer
    /// it fails the poll, nothing falls back to plain text.
    StartTls,
    /// TLS from the first byte (`imaps://`, port 993 by default).
    Tls,
}

/// One mailbox to poll.
#[derive(Clone, PartialEq, Eq)]
pub struct MailboxUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    /// The login, usually the mailbox's address.
    pub user: String,
    password: String,
    /// The folder read, `INBOX` by default.
    pub folder: String,
}

impl std::fmt::Debug for MailboxUrl {
    /// Redacts the password so a mailbox can be logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.label())
    }
}

impl MailboxUrl {
    /// `imap://user:pass@host[:port][/folder][?tls=required]` or `imaps://…`. User and
    /// password may be percent-encoded (an address's `@` as `%40`). Errors never quote the
    /// credentials.
    pub fn parse(url: &str) -> Result<MailboxUrl, String> {
        let (security, rest) = if let Some(r) = url.strip_prefix("imaps://") {
            (Security::Tls, r)
        } else if let Some(r) = url.strip_prefix("imap://") {
            (Security::Plain, r)
        } else {
            return Err("a mailbox URL starts with imap:// or imaps://".into());
        };
        // The credentials end at the last '@' before the host (a raw '@' in the user is
        // tolerated).
        let (cred, hostpart) = rest
            .rsplit_once('@')
            .ok_or("a mailbox URL needs user:password@ before the host")?;
        let (user, password) = cred
            .split_once(':')
            .ok_or("a mailbox URL needs user:password@ before the host")?;
        let (hostpart, query) = match hostpart.split_once('?') {
            Some((h, q)) => (h, Some(q)),
            None => (hostpart, None),
        };
        let security = match (security, query) {
            (s, None) => s,
            (Security::Plain, Some("tls=required")) => Security::StartTls,
            (Security::Tls, Some(q)) => {
                return Err(format!(
                    "imaps:// is TLS from the first byte and takes no query (got ?{q}); \
                     ?tls=required (STARTTLS) goes with imap://"
                ));
            }
            (_, Some(q)) => {
                return Err(format!(
                    "unknown query ?{q} in a mailbox URL: the only one is ?tls=required \
                     (STARTTLS, never falling back to plain text)"
                ));
            }
        };
        let (hostport, folder) = match hostpart.split_once('/') {
            Some((h, f)) if !f.is_empty() => (h, percent_decode(f)?),
            Some((h, _)) => (h, "INBOX".to_string()),
            None => (hostpart, "INBOX".to_string()),
        };
        let default_port = match security {
            Security::Plain | Security::StartTls => 143,
            Security::Tls => 993,
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("bad port {p:?} in a mailbox URL"))?,
            ),
            None => (hostport, default_port),
        };
        if host.is_empty() {
            return Err("a mailbox URL needs a host".into());
        }
        let user = percent_decode(user)?;
        if user.is_empty() {
            return Err("a mailbox URL needs a user".into());
        }
        Ok(MailboxUrl {
            security,
            host: host.to_string(),
            port,
            user,
            password: percent_decode(password)?,
            folder,
        })
    }

    /// A mailbox from its parts (the ones saved in the admin UI).
    pub fn new(
        security: Security,
        host: &str,
        port: u16,
        user: &str,
        password: &str,
        folder: &str,
    ) -> MailboxUrl {
        MailboxUrl {
            security,
            host: host.to_string(),
            port,
            user: user.to_string(),
            password: password.to_string(),
            folder: folder.to_string(),
        }
    }

    /// What the `inbound_mail.mailbox` column and the logs show:
    /// `imap://user@host:port/folder` (`?tls=required` with STARTTLS, `imaps://` with TLS),
    /// without the password.
    pub fn label(&self) -> String {
        let (scheme, query) = match self.security {
            Security::Plain => ("imap", ""),
            Security::StartTls => ("imap", "?tls=required"),
            Security::Tls => ("imaps", ""),
        };
        format!(
            "{scheme}://{}@{}:{}/{}{query}",
            self.user, self.host, self.port, self.folder
        )
    }

    pub(crate) fn password(&self) -> &str {
        &self.password
    }

    /// The mailbox's own address when the login is one (mail from it is never answered).
    pub fn address(&self) -> Option<String> {
        self.user
            .contains('@')
            .then(|| self.user.trim().to_lowercase())
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a bad %-escape in a mailbox URL")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a mailbox URL that is not UTF-8".to_string())
}

/// Messages larger than this are refused (recorded for review without their content).
pub const DEFAULT_MAX_BYTES: usize = 25 * 1024 * 1024;

/// Messages per sender address per rolling hour that may become tickets or ticket messages.
pub const DEFAULT_SENDER_LIMIT: u32 = 30;

/// Incoming mail's configuration. Empty `mailboxes`: mail is not polled at all.
#[derive(Debug, Clone)]
pub struct MailInConfig {
    pub mailboxes: Vec<MailboxUrl>,
    /// `ATIENDE_MAIL_MAX_BYTES`.
    pub max_bytes: usize,
    /// The longest any single network step (connect, login, one command) may take.
    pub step_timeout: Duration,
    /// Messages read per mailbox per poll (the rest wait for the next poll).
    pub batch: usize,
    /// `ATIENDE_MAIL_SENDER_LIMIT` (default 30; 0: no limit): at most this many messages per
    /// sender address in a rolling hour become tickets or ticket messages; the rest wait in
    /// the review list (`rate_limited`), unanswered.
    pub sender_limit: u32,
}

impl Default for MailInConfig {
    fn default() -> Self {
        MailInConfig {
            mailboxes: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            step_timeout: Duration::from_secs(30),
            batch: 50,
            sender_limit: DEFAULT_SENDER_LIMIT,
        }
    }
}

impl MailInConfig {
    /// Reads `ATIENDE_IMAP_URL`, `ATIENDE_MAIL_MAX_BYTES` and `ATIENDE_MAIL_SENDER_LIMIT`.
    /// Errors never quote a URL (it holds a password), only its position.
    pub fn from_env() -> Result<MailInConfig, String> {
        let urls = std::env::var("ATIENDE_IMAP_URL").unwrap_or_default();
        let max = std::env::var("ATIENDE_MAIL_MAX_BYTES").ok();
        let sender_limit = std::env::var("ATIENDE_MAIL_SENDER_LIMIT").ok();
        MailInConfig::from_values(&urls, max.as_deref(), sender_limit.as_deref())
    }

    pub fn from_values(
        urls: &str,
        max_bytes: Option<&str>,
        sender_limit: Option<&str>,
    ) -> Result<MailInConfig, String> {
        let mut cfg = MailInConfig::default();
        for (n, u) in urls.split_whitespace().enumerate() {
            let m = MailboxUrl::parse(u)
                .map_err(|e| format!("ATIENDE_IMAP_URL, mailbox {}: {e}", n + 1))?;
            cfg.mailboxes.push(m);
        }
        if let Some(v) = max_bytes.filter(|v| !v.trim().is_empty()) {
            cfg.max_bytes = v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or("ATIENDE_MAIL_MAX_BYTES must be a whole number of bytes above 0")?;
        }
        if let Some(v) = sender_limit.filter(|v| !v.trim().is_empty()) {
            cfg.sender_limit = v.trim().parse::<u32>().map_err(|_| {
                format!(
                    "ATIENDE_MAIL_SENDER_LIMIT must be a whole number of messages per sender per \
                     hour (0: no limit), got {:?}",
                    v.trim()
                )
            })?;
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_redacts() {
        let m =
            MailboxUrl::parse("imap://soporte%40norte.test:s3cr%65t@127.0.0.1:1143/INBOX").unwrap();
        assert_eq!(m.user, "soporte@norte.test");
        assert_eq!(m.password(), "s3cret");
        assert_eq!(m.port, 1143);
        assert_eq!(m.folder, "INBOX");
        let shown = format!("{m:?} {}", m.label());
        assert!(!shown.contains("s3cr"), "{shown}");
        let raw_at = MailboxUrl::parse("imap://a@norte.test:pw@localhost").unwrap();
        assert_eq!(raw_at.user, "a@norte.test");
        assert_eq!((raw_at.port, raw_at.folder.as_str()), (143, "INBOX"));
        assert!(MailboxUrl::parse("http://x:y@h").is_err());
        let err = MailInConfig::from_values("imap://u:topsecret@h:x", None, None).unwrap_err();
        assert!(!err.contains("topsecret"), "{err}");
        assert!(MailInConfig::from_values("", Some("0"), None).is_err());
    }

    #[test]
    fn sender_limit_defaults_to_30_and_0_turns_it_off() {
        let limit = |v| MailInConfig::from_values("", None, v).map(|c| c.sender_limit);
        assert_eq!(limit(None), Ok(DEFAULT_SENDER_LIMIT));
        assert_eq!(limit(Some(" ")), Ok(DEFAULT_SENDER_LIMIT));
        assert_eq!(limit(Some("3")), Ok(3));
        assert_eq!(limit(Some("0")), Ok(0));
        for bad in ["-1", "tres", "2.5"] {
            let err = limit(Some(bad)).unwrap_err();
            assert!(
                err.contains("ATIENDE_MAIL_SENDER_LIMIT") && err.contains(bad),
                "{err}"
            );
        }
    }

    #[test]
    fn tls_forms() {
        let m =
            MailboxUrl::parse("imap://soporte%40norte.test:pw@localhost:1143/INBOX?tls=required")
                .unwrap();
        assert_eq!(m.security, Security::StartTls);
        assert_eq!((m.host.as_str(), m.port), ("localhost", 1143));
        assert_eq!(m.folder, "INBOX");
        assert_eq!(
            m.label(),
            "imap://soporte@norte.test@localhost:1143/INBOX?tls=required"
        );
        // No folder, no port: INBOX on 143, STARTTLS all the same.
        let m = MailboxUrl::parse("imap://u:pw@mail.example.test?tls=required").unwrap();
        assert_eq!(
            (m.security, m.port, m.folder.as_str()),
            (Security::StartTls, 143, "INBOX")
        );
        let m = MailboxUrl::parse("imaps://u:s3cret@127.0.0.1/Soporte").unwrap();
        assert_eq!((m.security, m.port), (Security::Tls, 993));
        assert_eq!(m.label(), "imaps://u@127.0.0.1:993/Soporte");
        let m = MailboxUrl::parse("imap://u:pw@h:1143").unwrap();
        assert_eq!(
            (m.security, m.label().as_str()),
            (Security::Plain, "imap://u@h:1143/INBOX")
        );

        // Only ?tls=required, only with imap://; the error never shows the password.
        for bad in [
            "imap://u:s3cret@h/INBOX?tls=opportunistic",
            "imap://u:s3cret@h/INBOX?tls=none",
            "imap://u:s3cret@h/INBOX?tls",
            "imap://u:s3cret@h/INBOX?foo=bar",
            "imap://u:s3cret@h?tls=required&x=1",
            "imap://u:s3cret@h?",
            "imaps://u:s3cret@h:993/INBOX?tls=required",
        ] {
            let err = MailboxUrl::parse(bad).expect_err(bad);
            assert!(!err.contains("s3cret"), "{bad}: {err}");
            let err = MailInConfig::from_values(&format!("imap://a:b@c {bad}"), None, None)
                .expect_err(bad);
            assert!(err.starts_with("ATIENDE_IMAP_URL, mailbox 2:"), "{err}");
            assert!(!err.contains("s3cret"), "{bad}: {err}");
        }

        // imaps:// and STARTTLS are accepted at start-up; Debug shows the label only.
        let cfg = MailInConfig::from_values(
            "imaps://a%40norte.test:s3cret@localhost:1993 imap://b%40norte.test:s3cret@127.0.0.1:1143/INBOX?tls=required",
            None,
            None,
        )
        .unwrap();
        let kinds: Vec<_> = cfg.mailboxes.iter().map(|m| m.security).collect();
        assert_eq!(kinds, [Security::Tls, Security::StartTls]);
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("imaps://a@norte.test@localhost:1993/INBOX"),
            "{shown}"
        );
        assert!(shown.contains("?tls=required"), "{shown}");
    }
}
