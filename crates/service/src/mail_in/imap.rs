//! The IMAP side of polling: connect, log in, list unseen messages by UID, read one, flag it
//! `\Seen`. Every network step runs under the configured timeout, so a stalled server fails
//! the poll instead of holding the job past its lease.
//!
//! The session is generic over its stream: plain TCP today; a TLS stream (tokio-rustls) for
//! `imaps://` plugs in at [`connect`] without touching the rest.

use std::{fmt, future::Future, time::Duration};

use async_imap::Session;
use futures_util::TryStreamExt;
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
    time::timeout,
};

use super::config::{MailboxUrl, Security};

/// What went wrong talking to a mailbox (never includes the password).
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{0} timed out after {1:?}")]
    Timeout(&'static str, Duration),
    #[error("{0}: {1}")]
    Io(&'static str, String),
    #[error("{0}")]
    Unsupported(&'static str),
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

/// Connects, logs in and selects the folder.
pub async fn connect(
    m: &MailboxUrl,
    limit: Duration,
) -> Result<MailboxSession<TcpStream>, ImapError> {
    if m.security == Security::Tls {
        // TODO(tls): wrap the TcpStream in tokio_rustls::TlsConnector here; the config
        // refuses imaps:// until then, so this is never reached.
        return Err(ImapError::Unsupported("imaps:// is not supported yet"));
    }
    let tcp = step(
        "connect",
        limit,
        TcpStream::connect((m.host.as_str(), m.port)),
    )
    .await?;
    open(tcp, m, limit).await
}

async fn open<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send>(
    stream: S,
    m: &MailboxUrl,
    limit: Duration,
) -> Result<MailboxSession<S>, ImapError> {
    let mut client = async_imap::Client::new(stream);
    let greeting = step("greeting", limit, client.read_response()).await?;
    if greeting.is_none() {
        return Err(ImapError::Io(
            "greeting",
            "closed before its greeting".into(),
        ));
    }
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
