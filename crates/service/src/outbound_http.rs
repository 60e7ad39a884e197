//! One outbound HTTP/1.1 exchange on a fresh connection: TCP (and TLS for `https`), one
//! request, the answer's status and at most `max_body` bytes of its body, within hard time
//! limits. No redirect is followed (a 3xx is an answer like any other) and no proxy is used.
//! Webhook deliveries (one POST, the start of the answer kept for the log) and the Moodle
//! site check (one GET, an over-long answer is an error) both go through [`exchange`].
//!
//! It is not the campus monitor's prober (`monitors::probe`): that one pools connections and
//! follows redirects, as a browser opening the campus would.
//!
//! TLS: the server's certificate must name the URL's host and chain to a root of the shared
//! outbound configuration (`mail_tls`: Mozilla's, plus `ATIENDE_MAIL_CA_FILE`).
//!
//! Errors name the host and port, never the path or the query: a URL may carry a secret
//! there (the Moodle web-service token).

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, body::Bytes};
use hyper_util::rt::TokioIo;
use rustls::{ClientConfig, pki_types::ServerName};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
};

/// What to do with an answer whose body is longer than [`Limits::max_body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OverMax {
    /// Keep its first `max_body` bytes (and what arrived before a broken body): the answer
    /// is only shown, as a webhook's log does.
    Truncate,
    /// The exchange fails: the answer is parsed, and a cut one would be misread.
    Fail,
}

/// The limits of one exchange.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// TCP connect, and then the TLS handshake, each within this.
    pub connect: Duration,
    /// The whole exchange, answer included.
    pub total: Duration,
    pub max_body: usize,
    pub over_max: OverMax,
}

/// What came back.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    /// At most [`Limits::max_body`] bytes.
    pub body: Vec<u8>,
}

/// Sends one `method` request to `url` (`http://` or `https://`) with `headers` (`Host` is
/// added, and `Content-Length` when there is a `body`); the answer's status and body.
pub(crate) async fn exchange(
    method: Method,
    url: &url::Url,
    headers: &[(&str, String)],
    body: Option<&[u8]>,
    tls: Arc<ClientConfig>,
    limits: &Limits,
) -> Result<Answer, String> {
    let call = async {
        let target = Target::of(url)?;
        let tcp = connect(&target, limits.connect).await?;
        if target.https {
            let tls = handshake(&target, tcp, tls, limits.connect).await?;
            send(tls, method, url, &target, headers, body, limits).await
        } else {
            send(tcp, method, url, &target, headers, body, limits).await
        }
    };
    tokio::time::timeout(limits.total, call)
        .await
        .map_err(|_| format!("no complete answer within {} s", limits.total.as_secs()))?
}

/// Where to connect, and what to call the server.
struct Target {
    https: bool,
    host: String,
    /// Set when the URL's host is an IP address (no name to resolve or to check by name).
    ip: Option<IpAddr>,
    port: u16,
    /// The `Host` header: the URL's host, with its port when the URL spells one.
    authority: String,
}

impl Target {
    fn of(url: &url::Url) -> Result<Target, String> {
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err("the URL must start with http:// or https://".into()),
        };
        let (host, ip) = match url.host() {
            Some(url::Host::Domain(d)) => (d.to_string(), None),
            Some(url::Host::Ipv4(a)) => (a.to_string(), Some(IpAddr::V4(a))),
            Some(url::Host::Ipv6(a)) => (a.to_string(), Some(IpAddr::V6(a))),
            None => return Err("the URL has no host".into()),
        };
        let port = url
            .port_or_known_default()
            .ok_or_else(|| "the URL has no port".to_string())?;
        // `host_str` keeps an IPv6 address's brackets, as the header needs them.
        let shown = url.host_str().unwrap_or(&host);
        let authority = match url.port() {
            Some(p) => format!("{shown}:{p}"),
            None => shown.to_string(),
        };
        Ok(Target {
            https,
            host,
            ip,
            port,
            authority,
        })
    }
}

async fn connect(t: &Target, within: Duration) -> Result<TcpStream, String> {
    let (host, port) = (&t.host, t.port);
    let connect = async {
        match t.ip {
            Some(ip) => TcpStream::connect(SocketAddr::new(ip, port)).await,
            None => TcpStream::connect((host.as_str(), port)).await,
        }
    };
    let tcp = tokio::time::timeout(within, connect)
        .await
        .map_err(|_| {
            format!(
                "connect {host}:{port}: no connection within {} s",
                within.as_secs()
            )
        })?
        .map_err(|e| format!("connect {host}:{port}: {e}"))?;
    // One small request: no point waiting to fill a segment.
    let _ = tcp.set_nodelay(true);
    Ok(tcp)
}

async fn handshake(
    t: &Target,
    tcp: TcpStream,
    tls: Arc<ClientConfig>,
    within: Duration,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    let (host, port) = (&t.host, t.port);
    let name = match t.ip {
        Some(ip) => ServerName::IpAddress(ip.into()),
        None => ServerName::try_from(host.clone())
            .map_err(|e| format!("TLS: {host:?} is not a valid server name: {e}"))?,
    };
    tokio::time::timeout(
        within,
        tokio_rustls::TlsConnector::from(tls).connect(name, tcp),
    )
    .await
    .map_err(|_| {
        format!(
            "TLS handshake with {host}:{port}: no answer within {} s",
            within.as_secs()
        )
    })?
    .map_err(|e| format!("TLS handshake with {host}:{port}: {e}"))
}

async fn send<S>(
    io: S,
    method: Method,
    url: &url::Url,
    t: &Target,
    headers: &[(&str, String)],
    body: Option<&[u8]>,
    limits: &Limits,
) -> Result<Answer, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP: {e}"))?;
    // The connection is driven beside the request and dropped with it, whatever happens.
    let driver = tokio::spawn(conn);
    let result = async {
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let mut req = Request::builder()
            .method(method)
            .uri(target)
            .header(hyper::header::HOST, t.authority.as_str());
        if let Some(b) = body {
            req = req.header(hyper::header::CONTENT_LENGTH, b.len());
        }
        for (n, v) in headers {
            req = req.header(*n, v.as_str());
        }
        let req = req
            .body(Full::new(Bytes::copy_from_slice(body.unwrap_or_default())))
            // The request line holds the path and query: never in the error.
            .map_err(|_| "the request could not be built from the URL".to_string())?;
        let res = sender
            .send_request(req)
            .await
            .map_err(|e| format!("HTTP: {e}"))?;
        let status = res.status().as_u16();
        let body = read_body(res.into_body(), limits).await?;
        Ok(Answer { status, body })
    }
    .await;
    driver.abort();
    result
}

/// At most `max_body` bytes; past that, cut or fail as the limits say.
async fn read_body(
    mut incoming: hyper::body::Incoming,
    limits: &Limits,
) -> Result<Vec<u8>, String> {
    let max = limits.max_body;
    let mut buf = Vec::new();
    loop {
        match incoming.frame().await {
            None => return Ok(buf),
            Some(Ok(frame)) => {
                let Some(data) = frame.data_ref() else {
                    continue;
                };
                if buf.len() + data.len() <= max {
                    buf.extend_from_slice(data);
                    continue;
                }
                return match limits.over_max {
                    OverMax::Truncate => {
                        buf.extend_from_slice(&data[..max - buf.len()]);
                        Ok(buf)
                    }
                    OverMax::Fail => Err(format!(
                        "the answer is larger than {} KiB",
                        max.div_ceil(1024)
                    )),
                };
            }
            Some(Err(e)) => {
                return match limits.over_max {
                    // What arrived before a broken body is still worth showing.
                    OverMax::Truncate => Ok(buf),
                    OverMax::Fail => Err(format!("reading the answer: {e}")),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server on 127.0.0.1:0 answering every request 200 with `body_len` bytes of `x`;
    /// returns its address and the request heads it read.
    async fn server(body_len: usize) -> (SocketAddr, Arc<std::sync::Mutex<Vec<String>>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = heads.clone();
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                // A TLS ClientHello is not waited out: it gets the HTTP answer at once.
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.first() != Some(&0x16) {
                    match conn.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let res = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {body_len}\r\nconnection: close\r\n\r\n{}",
                    "x".repeat(body_len)
                );
                let _ = conn.write_all(res.as_bytes()).await;
                let _ = conn.shutdown().await;
            }
        });
        (addr, heads)
    }

    fn limits(max_body: usize, over_max: OverMax) -> Limits {
        Limits {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(10),
            max_body,
            over_max,
        }
    }

    fn tls() -> Arc<ClientConfig> {
        crate::mail_tls::MailTls::default().client_config()
    }

    #[tokio::test]
    async fn a_long_answer_is_cut_or_refused_as_asked() {
        let (addr, heads) = server(5000).await;
        let url = url::Url::parse(&format!("http://{addr}/in?secret=s3cr3t")).unwrap();
        let cut = exchange(
            Method::POST,
            &url,
            &[("X-Test", "1".into())],
            Some(b"{}"),
            tls(),
            &limits(4096, OverMax::Truncate),
        )
        .await
        .expect("truncated");
        assert_eq!((cut.status, cut.body.len()), (200, 4096));
        let head = heads.lock().unwrap()[0].clone();
        assert!(
            head.starts_with("POST /in?secret=s3cr3t HTTP/1.1\r\n"),
            "{head}"
        );
        let lower = head.to_lowercase();
        assert!(
            lower.contains(&format!("host: {addr}\r\n"))
                && lower.contains("content-length: 2\r\n")
                && lower.contains("x-test: 1\r\n"),
            "{head}"
        );

        let err = exchange(
            Method::GET,
            &url,
            &[],
            None,
            tls(),
            &limits(4096, OverMax::Fail),
        )
        .await
        .expect_err("too long");
        assert_eq!(err, "the answer is larger than 4 KiB");
        let head = heads.lock().unwrap()[1].clone();
        assert!(
            head.starts_with("GET /in?secret=s3cr3t HTTP/1.1\r\n"),
            "{head}"
        );
        // Exactly the limit is not over it.
        let whole = exchange(
            Method::GET,
            &url,
            &[],
            None,
            tls(),
            &limits(5000, OverMax::Fail),
        )
        .await
        .expect("at the limit");
        assert_eq!(whole.body.len(), 5000);
    }

    #[tokio::test]
    async fn errors_name_the_host_and_port_never_the_path_or_query() {
        // Port 9 (discard) is closed on test machines: the connection is refused.
        let url = url::Url::parse("http://127.0.0.1:9/webservice?wstoken=s3cr3t").unwrap();
        let err = exchange(
            Method::GET,
            &url,
            &[],
            None,
            tls(),
            &limits(1024, OverMax::Fail),
        )
        .await
        .expect_err("refused");
        assert!(err.starts_with("connect 127.0.0.1:9: "), "{err}");
        assert!(
            !err.contains("s3cr3t") && !err.contains("webservice"),
            "{err}"
        );
        // TLS to a plain HTTP server: the handshake fails, named as such.
        let (addr, _) = server(2).await;
        let url = url::Url::parse(&format!("https://{addr}/x?wstoken=s3cr3t")).unwrap();
        let err = exchange(
            Method::GET,
            &url,
            &[],
            None,
            tls(),
            &limits(1024, OverMax::Fail),
        )
        .await
        .expect_err("not TLS");
        assert!(
            err.starts_with(&format!("TLS handshake with 127.0.0.1:{}: ", addr.port())),
            "{err}"
        );
        assert!(!err.contains("s3cr3t"), "{err}");
        let ftp = url::Url::parse("ftp://127.0.0.1/x").unwrap();
        let err = exchange(
            Method::GET,
            &ftp,
            &[],
            None,
            tls(),
            &limits(1024, OverMax::Fail),
        )
        .await
        .expect_err("scheme");
        assert_eq!(err, "the URL must start with http:// or https://");
    }
}
