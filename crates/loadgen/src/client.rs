//! The HTTP side: one pooled client with the bearer token, and the guard that keeps the tool
//! pointed at loopback servers only.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use serde_json::{Value, json};

use crate::runner::Outcome;

pub(crate) struct Api {
    http: reqwest::Client,
    pub(crate) base: String,
    token: String,
}

impl Api {
    /// A client whose idle pool matches the concurrency, so workers reuse connections instead
    /// of measuring handshakes.
    pub(crate) fn new(base: String, token: String, concurrency: usize) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(concurrency)
            .build()?;
        Ok(Self { http, base, token })
    }

    /// One request; `Ok(id)` when the answer has the expected status (and an `id`, if any).
    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        path: String,
        body: Option<Value>,
        expect: u16,
    ) -> Outcome {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = &body {
            req = req.json(b);
        }
        let res = match req.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Err(e.to_string()),
        };
        let status = res.status().as_u16();
        let text = match res.text().await {
            Ok(t) => t,
            Err(e) => return Outcome::Err(e.to_string()),
        };
        if status != expect {
            return Outcome::Err(format!(
                "{path}: HTTP {status}: {}",
                text.chars().take(300).collect::<String>()
            ));
        }
        let id = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v["id"].as_i64());
        Outcome::Ok(id)
    }

    /// A fresh client (stamped with the time) so each run's tickets stay apart.
    pub(crate) async fn create_client(&self) -> anyhow::Result<i64> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let body = json!({"name": format!("Cliente de carga {stamp}"), "tax_id": format!("LOADGEN-{stamp}"),
                          "time_zone": "America/Argentina/Buenos_Aires"});
        let res = self
            .http
            .post(format!("{}/api/v1/clients", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = res.status();
        let v: Value = res.json().await.context("reading the new client")?;
        if !status.is_success() {
            bail!("creating the client: HTTP {status}: {v}");
        }
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow!("the new client has no id: {v}"))
    }
}

/// Accepts only loopback servers: this tool must never load someone else's machine.
pub(crate) fn check_base(base: &str) -> anyhow::Result<String> {
    let base = base.trim_end_matches('/');
    let rest = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))
        .ok_or_else(|| anyhow!("--base must start with http:// or https://"))?;
    let authority = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!("--base must be a loopback address (127.0.0.1, ::1 or localhost), not {host:?}");
    }
    if rest.contains('/') {
        bail!("--base is the server root, without a path");
    }
    Ok(base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_bases() {
        assert_eq!(
            check_base("http://127.0.0.1:18181/").unwrap(),
            "http://127.0.0.1:18181"
        );
        assert!(check_base("http://localhost:8080").is_ok());
        assert!(check_base("http://[::1]:8080").is_ok());
        assert!(check_base("http://10.0.0.1:8080").is_err());
        assert!(check_base("https://example.com").is_err());
        assert!(check_base("http://127.0.0.1:8080/api").is_err());
    }
}
