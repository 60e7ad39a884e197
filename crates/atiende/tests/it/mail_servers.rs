//! The real mail servers the mail tests talk to: Postfix (SMTP, 127.0.0.1:2525) delivering
//! any address of atiende.test, norte.test, sur.test and example.test into its own mailbox,
//! and Dovecot (IMAP, 127.0.0.1:1143) where the full address with password `test` reads it.
//! Both speak TLS too, with a certificate for `localhost` and 127.0.0.1 from a test CA
//! ([`ca_file`]): STARTTLS on those ports, TLS from the first byte on 2465 (SMTP) and 1993
//! (IMAP). `scripts/mail-servers` installs and configures both (scripts/test runs it). Without
//! them the tests are skipped loudly, or fail under CI=true, like the PostgreSQL tests.

use std::{
    net::{Ipv4Addr, SocketAddr},
    path::Path,
    time::{Duration, Instant},
};

use anyhow::{Context, anyhow, bail};
use futures_util::TryStreamExt;
use lettre::{
    Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor, address::Envelope,
    transport::smtp::extension::ClientId,
};
use tokio::{net::TcpStream, time::timeout};

pub const SMTP_PORT: u16 = 2525;
pub const IMAP_PORT: u16 = 1143;
/// SMTP over TLS from the first byte (Postfix's wrapper mode).
pub const SMTPS_PORT: u16 = 2465;
/// IMAP over TLS from the first byte.
pub const IMAPS_PORT: u16 = 1993;
/// The test CA that signed the servers' certificate (for `localhost` and 127.0.0.1).
const CA_FILE: &str = "/etc/atiende-mail-test/ca.pem";
/// Every mailbox's password (Dovecot's static passdb).
pub const PASSWORD: &str = "test";
/// The longest any single network step (connect, one SMTP transaction, one IMAP command
/// sequence) may take before the test fails instead of hanging.
const STEP: Duration = Duration::from_secs(10);

/// The test CA's certificate (PEM), world-readable, as `ATIENDE_MAIL_CA_FILE` would name it.
pub fn ca_file() -> &'static Path {
    Path::new(CA_FILE)
}

/// The Mozilla roots plus the test CA: what a node configured with
/// `ATIENDE_MAIL_CA_FILE=`[`ca_file`] trusts.
pub fn test_ca() -> service::mail_tls::MailTls {
    service::mail_tls::MailTls::from_ca_file(ca_file()).expect("the test CA")
}

#[derive(Debug, Clone, Copy)]
pub struct MailServers {
    pub smtp: SocketAddr,
    pub imap: SocketAddr,
    /// SMTP over TLS from the first byte.
    pub smtps: SocketAddr,
    /// IMAP over TLS from the first byte.
    pub imaps: SocketAddr,
}

impl MailServers {
    fn loopback() -> MailServers {
        MailServers {
            smtp: SocketAddr::from((Ipv4Addr::LOCALHOST, SMTP_PORT)),
            imap: SocketAddr::from((Ipv4Addr::LOCALHOST, IMAP_PORT)),
            smtps: SocketAddr::from((Ipv4Addr::LOCALHOST, SMTPS_PORT)),
            imaps: SocketAddr::from((Ipv4Addr::LOCALHOST, IMAPS_PORT)),
        }
    }

    /// The loopback servers when both answer. `None` (after a loud SKIPPED line) when either
    /// does not, outside CI; under CI=true a missing server is a failure.
    pub async fn available() -> Option<MailServers> {
        let servers = MailServers::loopback();
        let missing = servers.plain_missing().await;
        servers.or_skip(missing)
    }

    /// [`MailServers::available`], and their TLS side too: the TLS ports accept connections
    /// and the test CA is readable (a setup from before TLS needs scripts/mail-servers again).
    pub async fn available_with_tls() -> Option<MailServers> {
        let servers = MailServers::loopback();
        let mut missing = servers.plain_missing().await;
        for (name, addr) in [
            ("Postfix (TLS)", servers.smtps),
            ("Dovecot (TLS)", servers.imaps),
        ] {
            match timeout(Duration::from_secs(5), TcpStream::connect(addr)).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => missing.push(format!("{name} at {addr}: {e}")),
                Err(_) => missing.push(format!("{name} at {addr}: no connection within 5 s")),
            }
        }
        if let Err(e) = std::fs::metadata(ca_file()) {
            missing.push(format!("the test CA {CA_FILE}: {e}"));
        }
        servers.or_skip(missing)
    }

    async fn plain_missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        for (name, addr, greeting) in [
            ("Postfix", self.smtp, "220"),
            ("Dovecot", self.imap, "* OK"),
        ] {
            if let Err(e) = greets(addr, greeting).await {
                missing.push(format!("{name} at {addr}: {e}"));
            }
        }
        missing
    }

    fn or_skip(self, missing: Vec<String>) -> Option<MailServers> {
        if missing.is_empty() {
            return Some(self);
        }
        let why = missing.join("; ");
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the mail servers are required under CI=true (run scripts/mail-servers): {why}");
        }
        eprintln!(
            "SKIPPED: mail servers unavailable ({why}); run scripts/mail-servers as root; CI=true makes this a failure"
        );
        None
    }

    /// A fresh address in norte.test that no other test (or run) uses, so its mailbox starts
    /// empty: `<prefix>-<random hex>@norte.test`, all lowercase.
    pub fn unique_address(prefix: &str) -> String {
        let prefix: String = prefix
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("{prefix}-{}@norte.test", uuid::Uuid::new_v4().simple())
    }

    /// Sends `raw` (a whole RFC 5322 message, CRLF line ends) from `from` to `to` over SMTP,
    /// without authentication, exactly as given: the envelope is only `from` and `to`, and
    /// the mailbox gets `raw` byte for byte after the lines the servers prepend.
    pub async fn send_raw(&self, from: &str, to: &str, raw: &[u8]) {
        self.try_send_raw(from, to, raw)
            .await
            .unwrap_or_else(|e| panic!("sending mail from {from} to {to}: {e:#}"));
    }

    /// [`MailServers::send_raw`] that returns the server's refusal instead of panicking.
    pub async fn try_send_raw(&self, from: &str, to: &str, raw: &[u8]) -> anyhow::Result<()> {
        let from: Address = from
            .parse()
            .with_context(|| format!("bad sender {from:?}"))?;
        let to: Address = to
            .parse()
            .with_context(|| format!("bad recipient {to:?}"))?;
        let envelope = Envelope::new(Some(from), vec![to])?;
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(self.smtp.ip().to_string())
                .port(self.smtp.port())
                .hello_name(ClientId::Domain("tests.atiende.test".into()))
                .timeout(Some(STEP))
                .build();
        // lettre always writes CRLF before the closing ".": without this, a message ending in
        // CRLF (as it should) would arrive with an extra empty line.
        let raw = raw.strip_suffix(b"\r\n").unwrap_or(raw);
        timeout(STEP, transport.send_raw(&envelope, raw))
            .await
            .map_err(|_| anyhow!("SMTP to {} timed out after {STEP:?}", self.smtp))??;
        Ok(())
    }

    /// Every message in `address`'s INBOX, oldest first, as the raw bytes IMAP returns
    /// (RFC 5322, with the Return-Path, Delivered-To and Received lines the servers add).
    /// Reads with BODY.PEEK, so messages stay unseen.
    pub async fn fetch_all(&self, address: &str) -> Vec<Vec<u8>> {
        self.try_fetch_all(address)
            .await
            .unwrap_or_else(|e| panic!("reading the mailbox of {address}: {e:#}"))
    }

    /// [`MailServers::fetch_all`] that returns the error instead of panicking.
    pub async fn try_fetch_all(&self, address: &str) -> anyhow::Result<Vec<Vec<u8>>> {
        timeout(STEP, imap_fetch_all(self.imap, address))
            .await
            .map_err(|_| anyhow!("IMAP at {} timed out after {STEP:?}", self.imap))?
    }

    /// Whether each message in `address`'s INBOX is flagged `\Seen`, oldest first (read with
    /// FLAGS only, so nothing changes).
    pub async fn seen(&self, address: &str) -> Vec<bool> {
        timeout(STEP, imap_seen(self.imap, address))
            .await
            .map_err(|_| anyhow!("IMAP at {} timed out after {STEP:?}", self.imap))
            .and_then(|r| r)
            .unwrap_or_else(|e| panic!("reading the flags of {address}: {e:#}"))
    }

    /// Polls `address`'s INBOX until it holds at least `n` messages and returns them all;
    /// panics, showing how many arrived, when `wait` passes first.
    pub async fn wait_for(&self, address: &str, n: usize, wait: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + wait;
        loop {
            let messages = self.fetch_all(address).await;
            if messages.len() >= n {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{address} got {} message(s) within {wait:?}, expected {n} \
                     (see /var/log/postfix-atiende.log and /var/log/dovecot-atiende.log)",
                    messages.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Whether the server at `addr` sends a first line starting with `greeting` (an open port
/// alone is not enough: Postfix's master holds it even while it cannot start smtpd).
async fn greets(addr: SocketAddr, greeting: &str) -> anyhow::Result<()> {
    let first_line = async {
        let stream = TcpStream::connect(addr).await?;
        let mut line = Vec::new();
        let mut buf = [0u8; 512];
        while !line.contains(&b'\n') {
            stream.readable().await?;
            match stream.try_read(&mut buf) {
                Ok(0) => bail!("closed before its greeting"),
                Ok(n) => line.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    };
    let line = timeout(Duration::from_secs(5), first_line)
        .await
        .map_err(|_| anyhow!("no greeting within 5 s"))??;
    if !line.starts_with(greeting) {
        bail!("unexpected greeting {:?}", line.trim_end());
    }
    Ok(())
}

async fn imap_fetch_all(imap: SocketAddr, address: &str) -> anyhow::Result<Vec<Vec<u8>>> {
    let tcp = TcpStream::connect(imap).await?;
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await?
        .context("the IMAP server closed before its greeting")?;
    let mut session = client
        .login(address, PASSWORD)
        .await
        .map_err(|(e, _)| anyhow!("login as {address}: {e}"))?;
    let inbox = session.select("INBOX").await?;
    let mut messages = Vec::new();
    if inbox.exists > 0 {
        let mut fetched: Vec<_> = session
            .fetch("1:*", "BODY.PEEK[]")
            .await?
            .try_collect()
            .await?;
        fetched.sort_by_key(|f| f.message);
        for f in &fetched {
            match f.body() {
                Some(body) => messages.push(body.to_vec()),
                None => bail!("message {} of {address} came without a body", f.message),
            }
        }
    }
    session.logout().await?;
    Ok(messages)
}

async fn imap_seen(imap: SocketAddr, address: &str) -> anyhow::Result<Vec<bool>> {
    let tcp = TcpStream::connect(imap).await?;
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await?
        .context("the IMAP server closed before its greeting")?;
    let mut session = client
        .login(address, PASSWORD)
        .await
        .map_err(|(e, _)| anyhow!("login as {address}: {e}"))?;
    let inbox = session.examine("INBOX").await?;
    let mut seen = Vec::new();
    if inbox.exists > 0 {
        let mut fetched: Vec<_> = session.fetch("1:*", "FLAGS").await?.try_collect().await?;
        fetched.sort_by_key(|f| f.message);
        seen = fetched
            .iter()
            .map(|f| {
                f.flags()
                    .any(|flag| matches!(flag, async_imap::types::Flag::Seen))
            })
            .collect();
    }
    session.logout().await?;
    Ok(seen)
}

/// The header `name`'s (unfolded) value in a raw message, if present.
pub fn header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .replace("\r\n ", " ")
        .replace("\r\n\t", " ");
    head.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

#[tokio::test]
async fn postfix_delivers_to_per_address_mailboxes_that_dovecot_serves() {
    let Some(mail) = MailServers::available().await else {
        return;
    };
    let first = MailServers::unique_address("smoke");
    let second = MailServers::unique_address("smoke");
    assert_ne!(first, second);

    let message_id = format!("<{}@atiende.test>", uuid::Uuid::new_v4().simple());
    let subject = "[T-0000001] La impresora no imprime";
    let raw = format!(
        "From: Soporte <soporte@atiende.test>\r\n\
         To: <{first}>\r\n\
         Subject: {subject}\r\n\
         Message-ID: {message_id}\r\n\
         Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Hola: ya revisamos la impresora.\r\n\
         .\r\n\
         ..Saludos, soporte: ñandú.\r\n"
    );
    mail.send_raw("soporte@atiende.test", &first, raw.as_bytes())
        .await;
    mail.send_raw(
        "soporte@atiende.test",
        &second,
        b"From: soporte@atiende.test\r\nSubject: otro\r\nMessage-ID: <otro@atiende.test>\r\n\r\nOtro.\r\n",
    )
    .await;

    let got = mail.wait_for(&first, 1, Duration::from_secs(20)).await;
    assert_eq!(got.len(), 1, "only the first message reaches {first}");
    assert_eq!(header(&got[0], "Message-ID"), Some(message_id));
    assert_eq!(header(&got[0], "Subject").as_deref(), Some(subject));
    assert_eq!(
        header(&got[0], "Delivered-To").as_deref(),
        Some(first.as_str())
    );
    // Byte for byte what was sent (dot-stuffing undone), after the servers' trace lines.
    assert!(
        got[0].ends_with(raw.as_bytes()),
        "{first} got:\n{}",
        String::from_utf8_lossy(&got[0])
    );

    let other = mail.wait_for(&second, 1, Duration::from_secs(20)).await;
    assert_eq!(header(&other[0], "Subject").as_deref(), Some("otro"));
    // Delivery to the second address done, the first mailbox still holds only its own.
    assert_eq!(mail.fetch_all(&first).await.len(), 1);

    // Nothing leaves the machine: another domain is refused while the client still talks.
    let refused = mail
        .try_send_raw(
            "soporte@atiende.test",
            "alguien@elsewhere.invalid",
            b"Subject: x\r\n\r\nx\r\n",
        )
        .await;
    assert!(
        refused.is_err(),
        "mail for a domain outside the test ones is refused"
    );
}
