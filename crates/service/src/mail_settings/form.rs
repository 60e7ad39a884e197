//! What an administrator submits, checked field by field, and the URLs the jobs connect to.

use domain::FieldError;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use store::mail_servers::MailServerRow;

use crate::mail_in::{MailboxUrl, config::Security};

/// `none` (plain), `starttls` or `tls` (TLS from the first byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sec {
    None,
    StartTls,
    Tls,
}

impl Sec {
    pub(super) fn parse(s: &str) -> Option<Sec> {
        match s {
            "none" => Some(Sec::None),
            "starttls" => Some(Sec::StartTls),
            "tls" => Some(Sec::Tls),
            _ => None,
        }
    }

    pub(super) fn default_port(self, kind: &str) -> u16 {
        match (kind, self) {
            ("smtp", Sec::None) => 25,
            ("smtp", Sec::StartTls) => 587,
            ("smtp", Sec::Tls) => 465,
            (_, Sec::Tls) => 993,
            _ => 143,
        }
    }
}

pub(super) fn invalid(field: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

pub(super) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What both kinds of server share, as submitted.
pub(super) struct Submitted<'a> {
    pub(super) kind: &'a str,
    pub(super) host: &'a str,
    pub(super) port: Option<u16>,
    pub(super) security: &'a str,
    pub(super) username: &'a str,
    /// A new password (`None`: keep or none).
    pub(super) password: Option<&'a str>,
    pub(super) has_saved_password: bool,
}

/// Checks what both kinds share; returns the security and the port to use.
pub(super) fn check_common(f: &Submitted<'_>, errs: &mut Vec<FieldError>) -> (Sec, u16) {
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

pub(super) fn sec_name(sec: Sec) -> &'static str {
    match sec {
        Sec::None => "none",
        Sec::StartTls => "starttls",
        Sec::Tls => "tls",
    }
}

/// The SMTP URL lettre reads (user and password percent-encoded).
pub(super) fn smtp_url(row: &MailServerRow, password: Option<&str>) -> String {
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

pub(super) fn mailbox_url(row: &MailServerRow, password: &str) -> MailboxUrl {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::mail_out::redact;

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
