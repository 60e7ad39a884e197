//! One webhook POST: a fresh connection (TCP, TLS for `https`), one HTTP/1.1 exchange, at
//! most [`SNIPPET_MAX`] bytes of the answer read, within strict time limits. No redirect is
//! followed (a 3xx is an answer like any other) and no proxy is used.
//!
//! TLS: the server's certificate must name the URL's host and chain to a root of
//! `mail_tls` (Mozilla's, plus `ATIENDE_MAIL_CA_FILE`), the configuration every outbound TLS
//! connection shares.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use http_body_util::{BodyExt, Full};
use hyper::{Request, body::Bytes};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
};

/// Connecting (TCP, and the TLS handshake) may take this long.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The whole exchange, answer included, may take this long.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this much of an answer's body is read, for the log.
pub const SNIPPET_MAX: usize = 4096;

/// What came back.
pub(crate) struct Answer {
    pub status: u16,
    /// The start of the body (at most [`SNIPPET_MAX`] bytes; what arrived before a broken
    /// body too).
    pub body: Vec<u8>,
}

/// POSTs `body` to `url` with `headers` (Host and Content-Length are added).
pub(crate) async fn post(
    url: &url::Url,
    headers: &[(&str, String)],
    body: &[u8],
    tls: Arc<rustls::ClientConfig>,
) -> Result<Answer, String> {
    match tokio::time::timeout(TOTAL_TIMEOUT, exchange(url, headers, body, tls)).await {
        Ok(r) => r,
        Err(_) => Err(format!(
            "no complete answer within {} s",
            TOTAL_TIMEOUT.as_secs()
        )),
    }
}

async fn exchange(
    url: &url::Url,
    headers: &[(&str, String)],
    body: &[u8],
    tls: Arc<rustls::ClientConfig>,
) -> Result<Answer, String> {
    let port = url
        .port_or_known_default()
        .ok_or_else(|| "the URL has no port".to_string())?;
    let (host, ip) = match url.host() {
        Some(url::Host::Domain(d)) => (d.to_string(), None),
        Some(url::Host::Ipv4(a)) => (a.to_string(), Some(IpAddr::V4(a))),
        Some(url::Host::Ipv6(a)) => (a.to_string(), Some(IpAddr::V6(a))),
        None => return Err("the URL has no host".into()),
    };
    let connect = async {
        match ip {
            Some(ip) => TcpStream::connect(SocketAddr::new(ip, port)).await,
            None => TcpStream::connect((host.as_str(), port)).await,
        }
    };
    let tcp = tokio::time::timeout(CONNECT_TIMEOUT, connect)
        .await
        .map_err(|_| {
            format!(
                "connect {host}:{port}: no connection within {} s",
                CONNECT_TIMEOUT.as_secs()
            )
        })?
        .map_err(|e| format!("connect {host}:{port}: {e}"))?;
    let _ = tcp.set_nodelay(true);
    let host_header = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or(&host)),
        None => url.host_str().unwrap_or(&host).to_string(),
    };
    if url.scheme() == "https" {
        let name = match ip {
            Some(ip) => ServerName::IpAddress(ip.into()),
            None => ServerName::try_from(host.clone())
                .map_err(|e| format!("TLS: {host:?} is not a valid server name: {e}"))?,
        };
        let stream = tokio::time::timeout(
            CONNECT_TIMEOUT,
            tokio_rustls::TlsConnector::from(tls).connect(name, tcp),
        )
        .await
        .map_err(|_| {
            format!(
                "TLS handshake with {host}:{port}: no answer within {} s",
                CONNECT_TIMEOUT.as_secs()
            )
        })?
        .map_err(|e| format!("TLS handshake with {host}:{port}: {e}"))?;
        send(stream, url, &host_header, headers, body).await
    } else {
        send(tcp, url, &host_header, headers, body).await
    }
}

async fn send<S>(
    io: S,
    url: &url::Url,
    host: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Result<Answer, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP: {e}"))?;
    // The connection is driven beside the request and dropped with it.
    let driver = tokio::spawn(conn);
    let result = async {
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let mut req = Request::post(target)
            .header(hyper::header::HOST, host)
            .header(hyper::header::CONTENT_LENGTH, body.len());
        for (n, v) in headers {
            req = req.header(*n, v.as_str());
        }
        let req = req
            .body(Full::new(Bytes::copy_from_slice(body)))
            .map_err(|e| format!("request: {e}"))?;
        let res = sender
            .send_request(req)
            .await
            .map_err(|e| format!("HTTP: {e}"))?;
        let status = res.status().as_u16();
        let mut incoming = res.into_body();
        let mut buf = Vec::new();
        while buf.len() < SNIPPET_MAX {
            match incoming.frame().await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        buf.extend_from_slice(data);
                    }
                }
                // What arrived before a broken body is still worth showing.
                Some(Err(_)) | None => break,
            }
        }
        buf.truncate(SNIPPET_MAX);
        Ok(Answer { status, body: buf })
    }
    .await;
    driver.abort();
    result
}
