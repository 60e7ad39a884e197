//! The IMAP side of polling: connect, log in, list unseen messages by UID, read one, flag it
//! `\Seen`. Every network step runs under the configured timeout, so a stalled server fails
//! the poll instead of holding the job past its lease.
//!
//! The session runs over a [`MailStream`]: plain TCP (`imap://`), or TLS through tokio-rustls,
//! from the first byte (`imaps://`) or after STARTTLS (`imap://…?tls=required`), verified
//! against the URL's host with the roots of [`MailTls`].

use std::{
    fmt,
    future::Future,
    io,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use async_imap::Session;
use futures_util::TryStreamExt;
use rustls::pki_types::ServerName;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
    time::timeout,
};
use tokio_rustls::{TlsConnector, client::TlsStream};

use super::config::{MailboxUrl, Security};
use crate::mail_tls::MailTls;

/// What went wrong talking to a mailbox (never includes the password).
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{0} timed out after {1:?}")]
    Timeout(&'static str, Duration),
    #[error("{0}: {1}")]
    Io(&'static str, String),
}

/// The connection to a mailbox: plain TCP, or TLS over it.
#[derive(Debug)]
pub enum MailStream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for MailStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MailStream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            MailStream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for MailStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MailStream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            MailStream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MailStream::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            MailStream::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            MailStream::Plain(s) => s.is_write_vectored(),
            MailStream::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MailStream::Plain(s) => Pin::new(s).poll_flush(cx),
            MailStream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MailStream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            MailStream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// One message as read from the server: the whole of it, or only its header when it is over
/// the size limit.
pub struct Fetched {
    pub uid: u32,
    pub size: usize,
    pub raw: Vec<u8>,
    /// `raw` is only the header (the message is over the limit).
    pub header_only: bool,
}

pub struct MailboxSession<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send> {
    session: Session<S>,
    step: Duration,
    pub uidvalidity: u32,
}

async fn step<T, E: fmt::Display>(
    what: &'static str,
    limit: Duration,
    f: impl Future<Output = Result<T, E>>,
) -> Result<T, ImapError> {
    match timeout(limit, f).await {
        Err(_) => Err(ImapError::Timeout(what, limit)),
        Ok(Err(e)) => Err(ImapError::Io(what, e.to_string())),
        Ok(Ok(v)) => Ok(v),
    }
}

/// Connects (with TLS as the URL asks, trusting `tls`'s roots), logs in and selects the
/// folder. The password is only ever sent after TLS is up when the URL asks for TLS.
pub async fn connect(
    m: &MailboxUrl,
    limit: Duration,
    tls: &MailTls,
) -> Result<MailboxSession<MailStream>, ImapError> {
    let tcp = step(
        "connect",
        limit,
        TcpStream::connect((m.host.as_str(), m.port)),
    )
    .await?;
    let client = match m.security {
        Security::Plain => greeted(MailStream::Plain(tcp), limit).await?,
        Security::Tls => {
            let stream = handshake(tcp, m, limit, tls).await?;
            greeted(MailStream::Tls(Box::new(stream)), limit).await?
        }
        Security::StartTls => {
            let mut plain = greeted(tcp, limit).await?;
            // A server without STARTTLS answers NO or BAD: the poll fails here, before the
            // login, rather than sending the password in the clear.
            match timeout(limit, plain.run_command_and_check_ok("STARTTLS", None)).await {
                Err(_) => return Err(ImapError::Timeout("starttls", limit)),
                Ok(Err(e)) => {
                    return Err(ImapError::Io(
                        "starttls",
                        format!("the server did not start TLS ({e}); not logging in without it"),
                    ));
                }
                Ok(Ok(())) => {}
            }
            // Whatever the server sent after its OK is dropped with the plain client (no
            // injected plain text survives into the TLS session); no second greeting comes.
            let stream = handshake(plain.into_inner(), m, limit, tls).await?;
            async_imap::Client::new(MailStream::Tls(Box::new(stream)))
        }
    };
    open(client, m, limit).await
}

/// TLS over `tcp`, the certificate verified for the URL's host (a name or an IP address).
async fn handshake(
    tcp: TcpStream,
    m: &MailboxUrl,
    limit: Duration,
    tls: &MailTls,
) -> Result<TlsStream<TcpStream>, ImapError> {
    let name = ServerName::try_from(m.host.clone()).map_err(|_| {
        ImapError::Io(
            "tls",
            format!("{:?} is neither a host name nor an IP address", m.host),
        )
    })?;
    step(
        "tls handshake",
        limit,
        TlsConnector::from(tls.client_config()).connect(name, tcp),
    )
    .await
}

/// An IMAP client on `stream`, its greeting read.
async fn greeted<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send>(
    stream: S,
    limit: Duration,
) -> Result<async_imap::Client<S>, ImapError> {
    let mut client = async_imap::Client::new(stream);
    let greeting = step("greeting", limit, client.read_response()).await?;
    if greeting.is_none() {
        return Err(ImapError::Io(
            "greeting",
            "closed before its greeting".into(),
        ));
    }
    Ok(client)
}

async fn open<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send>(
    client: async_imap::Client<S>,
    m: &MailboxUrl,
    limit: Duration,
) -> Result<MailboxSession<S>, ImapError> {
    let mut session = match timeout(limit, client.login(&m.user, m.password())).await {
        Err(_) => return Err(ImapError::Timeout("login", limit)),
        Ok(Err((e, _))) => return Err(ImapError::Io("login", e.to_string())),
        Ok(Ok(s)) => s,
    };
    let mailbox = step("select", limit, session.select(&m.folder)).await?;
    Ok(MailboxSession {
        session,
        step: limit,
        uidvalidity: mailbox.uid_validity.unwrap_or(0),
    })
}

impl<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send> MailboxSession<S> {
    /// The UIDs of the unseen messages, oldest first.
    pub async fn unseen(&mut self) -> Result<Vec<u32>, ImapError> {
        let found = step("search", self.step, self.session.uid_search("UNSEEN")).await?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// Reads message `uid` without marking it seen: whole when at most `max_bytes`, else its
    /// header only. `None` when it is gone (expunged meanwhile).
    pub async fn fetch(
        &mut self,
        uid: u32,
        max_bytes: usize,
    ) -> Result<Option<Fetched>, ImapError> {
        let limit = self.step;
        let sizes = step("fetch size", limit, async {
            let s = self
                .session
                .uid_fetch(uid.to_string(), "(UID RFC822.SIZE)")
                .await?;
            s.try_collect::<Vec<_>>().await
        })
        .await?;
        let Some(size) = sizes
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.size)
        else {
            return Ok(None);
        };
        let size = size as usize;
        let header_only = size > max_bytes;
        let query = if header_only {
            "(UID BODY.PEEK[HEADER])"
        } else {
            "(UID BODY.PEEK[])"
        };
        let fetched = step("fetch", limit, async {
            let s = self.session.uid_fetch(uid.to_string(), query).await?;
            s.try_collect::<Vec<_>>().await
        })
        .await?;
        let Some(f) = fetched.iter().find(|f| f.uid == Some(uid)) else {
            return Ok(None);
        };
        let raw = if header_only { f.header() } else { f.body() };
        Ok(raw.map(|r| Fetched {
            uid,
            size,
            raw: r.to_vec(),
            header_only,
        }))
    }

    /// Flags `uid` `\Seen`: done with it (called only after its transaction committed).
    pub async fn mark_seen(&mut self, uid: u32) -> Result<(), ImapError> {
        step("store", self.step, async {
            let s = self
                .session
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Seen)")
                .await?;
            s.try_collect::<Vec<_>>().await
        })
        .await?;
        Ok(())
    }

    pub async fn logout(mut self) {
        let _ = timeout(self.step, self.session.logout()).await;
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

    use super::*;

    /// A server that does not offer STARTTLS: the poll fails at STARTTLS and the login (with
    /// its password) is never sent in the clear.
    #[tokio::test]
    async fn starttls_refused_means_no_login_in_the_clear() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (sock, _) = listener.accept().await.unwrap();
            let mut sock = BufReader::new(sock);
            sock.get_mut()
                .write_all(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] no TLS here\r\n")
                .await
                .unwrap();
            let mut first = String::new();
            sock.read_line(&mut first).await.unwrap();
            let tag = first.split_whitespace().next().unwrap_or("*").to_string();
            sock.get_mut()
                .write_all(format!("{tag} BAD unknown command\r\n").as_bytes())
                .await
                .unwrap();
            let mut rest = String::new();
            let _ = sock.read_to_string(&mut rest).await;
            (first, rest)
        });
        let m = MailboxUrl::parse(&format!(
            "imap://u:s3cret@127.0.0.1:{port}/INBOX?tls=required"
        ))
        .unwrap();
        let err = connect(&m, Duration::from_secs(5), &MailTls::default())
            .await
            .err()
            .expect("no session without STARTTLS");
        let err = err.to_string();
        assert!(err.starts_with("starttls: "), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let (first, rest) = server.await.unwrap();
        assert!(first.trim_end().ends_with("STARTTLS"), "{first:?}");
        assert!(rest.is_empty(), "nothing after the refusal: {rest:?}");
    }
}
