//! One HTTP/1.1 GET to a campus, with hard limits: the connection within `connect`, the whole
//! exchange within `total`, at most `max_body` bytes of answer, no redirects followed. HTTPS
//! trusts the roots mail uses (`mail_tls`: Mozilla's, plus `ATIENDE_MAIL_CA_FILE`).
//!
//! Errors never carry the URL: it may hold a secret in its query (a web-service token).

use std::{sync::Arc, time::Duration};

use http_body_util::{BodyExt, Empty, Limited};
use hyper::{
    Request, Uri,
    body::Bytes,
    header::{ACCEPT, HOST, USER_AGENT},
};
use hyper_util::rt::TokioIo;
use rustls::{ClientConfig, pki_types::ServerName};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
};

/// What a GET got back.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The limits of one call.
pub(crate) struct Limits {
    pub connect: Duration,
    pub total: Duration,
    pub max_body: usize,
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// GETs `url` (`http://` or `https://`).
pub(crate) async fn get(
    url: &str,
    tls: Arc<ClientConfig>,
    limits: &Limits,
) -> Result<Answer, String> {
    let uri: Uri = url
        .parse()
        .map_err(|_| "the campus URL is not a valid address".to_string())?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => return Err("the campus URL must start with http:// or https://".into()),
    };
    let host = uri
        .host()
        .ok_or("the campus URL has no host")?
        .trim_matches(['[', ']'])
        .to_string();
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .unwrap_or_else(|| host.clone());
    let target = uri
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let exchange = async {
        let tcp = tokio::time::timeout(limits.connect, TcpStream::connect((host.as_str(), port)))
            .await
            .map_err(|_| format!("no connection within {} s", limits.connect.as_secs()))?
            .map_err(|e| format!("cannot connect: {e}"))?;
        let io: Box<dyn Io> = if https {
            let name = ServerName::try_from(host.clone())
                .map_err(|_| format!("{host:?} is not a valid TLS server name"))?;
            let tls = tokio_rustls::TlsConnector::from(tls)
                .connect(name, tcp)
                .await
                .map_err(|e| format!("tls handshake: {e}"))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
            .await
            .map_err(|e| format!("http: {e}"))?;
        let driver = tokio::spawn(conn);
        let req = Request::get(target)
            .header(HOST, authority)
            .header(USER_AGENT, concat!("Atiende/", env!("CARGO_PKG_VERSION")))
            .header(ACCEPT, "application/json")
            .body(Empty::<Bytes>::new())
            .map_err(|e| format!("request: {e}"))?;
        let res = sender
            .send_request(req)
            .await
            .map_err(|e| format!("http: {e}"))?;
        let status = res.status().as_u16();
        let body = Limited::new(res.into_body(), limits.max_body)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    format!("the answer is larger than {} KiB", limits.max_body / 1024)
                } else {
                    format!("reading the answer: {e}")
                }
            })?
            .to_bytes()
            .to_vec();
        driver.abort();
        Ok(Answer { status, body })
    };
    tokio::time::timeout(limits.total, exchange)
        .await
        .map_err(|_| format!("no answer within {} s", limits.total.as_secs()))?
}
