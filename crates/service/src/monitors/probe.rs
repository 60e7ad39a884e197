//! One HTTP probe of a campus: a GET of its URL as a browser would start it.
//!
//! What counts as **down**: no answer (DNS, connection refused, TLS error, more than 5
//! redirects, the monitor's timeout for connecting or for the whole exchange), a status of 500
//! or more, or — when the monitor expects a text — a body (its first 256 KiB) without it. A
//! 4xx answer without an expected text is **up**: the web server and the platform answered
//! (a campus whose home page asks for a login may well say 403); with an expected text it is
//! down unless the text is there, which a 4xx error page seldom has.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Bytes of the body read for the expected-text check.
pub const BODY_MAX: usize = 256 * 1024;
/// Redirects followed before the probe fails.
pub const MAX_REDIRECTS: usize = 5;
/// Characters of an error kept with a result.
pub const ERROR_MAX: usize = 500;
pub const USER_AGENT: &str = "Atiende-Monitor/1";

/// What one probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOutcome {
    pub ok: bool,
    pub http_status: Option<u16>,
    /// Until the body was read (or the cap reached); `None` when nothing answered.
    pub latency_ms: Option<u32>,
    pub error: Option<String>,
}

type Https = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;
type HttpClient =
    hyper_util::client::legacy::Client<Https, http_body_util::Empty<hyper::body::Bytes>>;

/// HTTP clients, one per timeout (the connect timeout is a connector setting), shared by every
/// probe of the node so connections and the TLS set-up are reused.
#[derive(Clone, Default)]
pub struct Prober {
    clients: Arc<Mutex<HashMap<u32, HttpClient>>>,
}

impl std::fmt::Debug for Prober {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prober")
    }
}

impl Prober {
    fn client(&self, timeout_secs: u32, tls: &rustls::ClientConfig) -> Result<HttpClient, String> {
        let mut map = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = map.get(&timeout_secs) {
            return Ok(c.clone());
        }
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(Duration::from_secs(u64::from(timeout_secs))));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls.clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let c = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(https);
        map.insert(timeout_secs, c.clone());
        Ok(c)
    }

    /// GETs `url` (following at most 5 redirects); never an error: a failure is an outcome
    /// with its reason. The timeout bounds the whole exchange, redirects and body included.
    /// HTTPS trusts `tls`: the service's one outbound configuration (`mail_tls`).
    pub async fn probe(
        &self,
        url: &str,
        timeout_secs: u32,
        expected: Option<&str>,
        tls: &rustls::ClientConfig,
    ) -> ProbeOutcome {
        let client = match self.client(timeout_secs, tls) {
            Ok(c) => c,
            Err(e) => return down(None, None, format!("HTTP client: {e}")),
        };
        let started = Instant::now();
        let limit = Duration::from_secs(u64::from(timeout_secs));
        let fetched = tokio::time::timeout(limit, fetch(&client, url)).await;
        let latency = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        let (status, body) = match fetched {
            Err(_) => {
                return down(
                    None,
                    None,
                    format!("no answer within {timeout_secs} s (timeout)"),
                );
            }
            Ok(Err(Fetch::NoAnswer(e))) => return down(None, None, e),
            Ok(Err(Fetch::Broken(status, e))) => {
                return down(
                    Some(status),
                    Some(latency),
                    format!("reading the page: {e}"),
                );
            }
            Ok(Ok(r)) => r,
        };
        if status >= 500 {
            return down(Some(status), Some(latency), format!("HTTP {status}"));
        }
        if let Some(text) = expected
            && !String::from_utf8_lossy(&body).contains(text)
        {
            return down(
                Some(status),
                Some(latency),
                format!("HTTP {status}: the expected text {text:?} is not in the page"),
            );
        }
        ProbeOutcome {
            ok: true,
            http_status: Some(status),
            latency_ms: Some(latency),
            error: None,
        }
    }
}

enum Fetch {
    /// Nothing usable answered (DNS, connection, TLS, redirects, a bad URL).
    NoAnswer(String),
    /// A status came, then the body broke off.
    Broken(u16, String),
}

/// The final answer's status and the first [`BODY_MAX`] bytes of its body.
async fn fetch(client: &HttpClient, url: &str) -> Result<(u16, Vec<u8>), Fetch> {
    use http_body_util::BodyExt;
    let mut current =
        url::Url::parse(url).map_err(|e| Fetch::NoAnswer(format!("invalid URL: {e}")))?;
    for _ in 0..=MAX_REDIRECTS {
        if !matches!(current.scheme(), "http" | "https") {
            return Err(Fetch::NoAnswer(format!(
                "cannot follow a redirect to {}",
                current.scheme()
            )));
        }
        let req = hyper::Request::get(current.as_str())
            .header(hyper::header::USER_AGENT, USER_AGENT)
            .header(hyper::header::ACCEPT, "text/html,*/*")
            .body(http_body_util::Empty::new())
            .map_err(|e| Fetch::NoAnswer(format!("invalid URL: {e}")))?;
        let res = client
            .request(req)
            .await
            .map_err(|e| Fetch::NoAnswer(chain(&e)))?;
        let status = res.status();
        if status.is_redirection()
            && let Some(loc) = res.headers().get(hyper::header::LOCATION)
        {
            let loc = loc
                .to_str()
                .map_err(|_| Fetch::NoAnswer("a redirect to an unreadable Location".into()))?;
            current = current
                .join(loc)
                .map_err(|e| Fetch::NoAnswer(format!("a redirect to {loc:?}: {e}")))?;
            continue;
        }
        let status = status.as_u16();
        let mut body_stream = res.into_body();
        let mut body = Vec::new();
        while body.len() < BODY_MAX {
            match body_stream.frame().await {
                None => break,
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        let room = BODY_MAX - body.len();
                        body.extend_from_slice(&data[..data.len().min(room)]);
                    }
                }
                Some(Err(e)) => return Err(Fetch::Broken(status, chain(&e))),
            }
        }
        return Ok((status, body));
    }
    Err(Fetch::NoAnswer(format!(
        "more than {MAX_REDIRECTS} redirects"
    )))
}

fn down(status: Option<u16>, latency: Option<u32>, error: String) -> ProbeOutcome {
    ProbeOutcome {
        ok: false,
        http_status: status,
        latency_ms: latency,
        error: Some(truncate(&error, ERROR_MAX)),
    }
}

/// The client's own message ("client error (Connect)") says little: the causes say what
/// happened (connection refused, dns error, certificate…).
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        src = s.source();
    }
    // The first part repeats the URL, which the campus page shows anyway.
    if parts.len() > 1 {
        parts.remove(0);
    }
    parts.join(": ")
}

/// At most `max` characters, cut on a character boundary.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("añoñoño", 3), "año");
        assert_eq!(truncate("ab", 3), "ab");
    }
}
