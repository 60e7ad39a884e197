//! The `deliver_webhook` job: one signed POST of a delivery's fixed body. A 2xx answer
//! delivers it; anything else (another status, a redirect — never followed —, a timeout, a
//! refused connection) fails the attempt and the runner's back-off tries again, until the
//! last attempt marks the delivery `failed` with the last status or error.

use serde::Deserialize;
use store::{
    jobs::ClaimedJob,
    webhooks::{self as st, Attempt, DeliveryRow, WebhookRow},
};

use std::time::Duration;

use super::{SECRET_PURPOSE, sign};
use crate::{
    Service,
    outbound_http::{self, Limits, OverMax},
};

pub const USER_AGENT: &str = "Atiende-Webhooks/1";

/// One POST: 5 s to connect (and as long again for TLS), 10 s in all; of the answer, only
/// its first 4 KiB are kept, for the delivery's log.
const LIMITS: Limits = Limits {
    connect: Duration::from_secs(5),
    total: Duration::from_secs(10),
    max_body: 4096,
    over_max: OverMax::Truncate,
};

#[derive(Deserialize)]
struct Payload {
    delivery_id: i64,
}

/// What one attempt found.
struct Answer {
    status: Option<u16>,
    snippet: Option<String>,
    error: Option<String>,
}

impl Service {
    /// The secrets that sign now: the current one, then the previous one during a rotation's
    /// overlap. An error when the current one cannot be opened on this node (another node,
    /// with the right key, may deliver on a later attempt).
    fn signing_secrets(&self, h: &WebhookRow) -> Result<Vec<String>, String> {
        let current = self
            .secret
            .open(SECRET_PURPOSE, &h.secret_enc)
            .map_err(|e| format!("the webhook's secret: {e}"))?;
        let mut out = vec![current];
        if let (Some(prev), Some(until)) = (&h.previous_secret_enc, h.previous_secret_until_us)
            && until > self.now_us()
        {
            match self.secret.open(SECRET_PURPOSE, prev) {
                Ok(p) => out.push(p),
                Err(e) => tracing::warn!(webhook = h.id, error = %e, "previous secret unreadable"),
            }
        }
        Ok(out)
    }

    /// The `deliver_webhook` job. Idempotent: a delivery no longer pending, removed, or handed
    /// to a newer job (a redelivery) is left alone.
    pub(crate) async fn deliver_webhook(&self, job: &ClaimedJob) -> Result<(), String> {
        let p: Payload = serde_json::from_str(&job.payload).map_err(|e| format!("payload: {e}"))?;
        let d = st::get_delivery(&self.db, p.delivery_id)
            .await
            .map_err(|e| e.to_string())?;
        let Some(d) = d.filter(|d| d.state == "pending" && d.job_id.is_none_or(|j| j == job.id))
        else {
            return Ok(());
        };
        let Some(hook) = st::get_webhook(&self.db, d.webhook_id)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        let last = job.attempts >= job.max_attempts;
        if !hook.active {
            let why = "not sent: the webhook is inactive";
            self.record_webhook_attempt(job, &d, "failed", None, Some(why), (None, None))
                .await?;
            return Ok(());
        }
        let (answer, headers) = match self.signing_secrets(&hook) {
            Ok(secrets) => self.post_webhook(&hook, &d, &secrets).await,
            Err(e) => (
                Answer {
                    status: None,
                    snippet: None,
                    error: Some(e),
                },
                None,
            ),
        };
        let ok = answer.status.is_some_and(|s| (200..300).contains(&s));
        let state = match (ok, last) {
            (true, _) => "delivered",
            (false, true) => "failed",
            (false, false) => "pending",
        };
        let status = answer.status.map(i32::from);
        self.record_webhook_attempt(
            job,
            &d,
            state,
            status,
            answer.error.as_deref(),
            (answer.snippet.as_deref(), headers.as_deref()),
        )
        .await?;
        if ok {
            Ok(())
        } else {
            Err(answer.error.unwrap_or_else(|| "not delivered".into()))
        }
    }

    /// A `deliver_webhook` job given up without running: its delivery, if still pending and
    /// still this job's, is failed with `why` (readable in the delivery log).
    pub(crate) async fn abandon_webhook(&self, job: &ClaimedJob, why: &str) -> Result<(), String> {
        let p: Payload = serde_json::from_str(&job.payload).map_err(|e| format!("payload: {e}"))?;
        let d = st::get_delivery(&self.db, p.delivery_id)
            .await
            .map_err(|e| e.to_string())?;
        match d.filter(|d| d.state == "pending" && d.job_id.is_none_or(|j| j == job.id)) {
            Some(d) => {
                self.record_webhook_attempt(job, &d, "failed", None, Some(why), (None, None))
                    .await
            }
            None => Ok(()),
        }
    }

    async fn record_webhook_attempt(
        &self,
        job: &ClaimedJob,
        d: &DeliveryRow,
        state: &str,
        status: Option<i32>,
        error: Option<&str>,
        (snippet, headers): (Option<&str>, Option<&str>),
    ) -> Result<(), String> {
        let a = Attempt {
            job_id: job.id,
            state,
            status,
            error,
            snippet,
            headers,
        };
        let mut tx = self.db.begin().await.map_err(|e| e.to_string())?;
        st::record_attempt(&mut tx, d.id, &a, self.now_us())
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    }

    /// Signs and posts the body; returns what came back and the headers sent (signatures
    /// blanked), or no headers when nothing could be sent.
    async fn post_webhook(
        &self,
        hook: &WebhookRow,
        d: &DeliveryRow,
        secrets: &[String],
    ) -> (Answer, Option<String>) {
        let failed = |error: String| Answer {
            status: None,
            snippet: None,
            error: Some(error),
        };
        let url = match url::Url::parse(&hook.url) {
            Ok(u) => u,
            Err(e) => return (failed(format!("the webhook's URL: {e}")), None),
        };
        // The roots every outbound TLS connection trusts (Mozilla's and ATIENDE_MAIL_CA_FILE).
        let tls = self.mail_tls().client_config();
        let t = self.now().as_second();
        let body = d.payload.as_bytes();
        let keys: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let mut headers = vec![
            ("Content-Type", "application/json".to_string()),
            ("User-Agent", USER_AGENT.to_string()),
            ("Atiende-Event", d.event.clone()),
            ("Atiende-Delivery", d.uuid.clone()),
            (sign::HEADER, sign::redacted(t, keys.len())),
        ];
        let shown: String = headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
        if let Some(last) = headers.last_mut() {
            last.1 = sign::header_value(t, body, &keys);
        }
        let sent = outbound_http::exchange(
            hyper::Method::POST,
            &url,
            &headers,
            Some(body),
            tls,
            &LIMITS,
        );
        let answer = match sent.await {
            Ok(a) => a,
            Err(e) => return (failed(e), Some(shown)),
        };
        // PostgreSQL text cannot hold NUL.
        let snippet = String::from_utf8_lossy(&answer.body).replace('\0', "\u{fffd}");
        let status = answer.status;
        let error = match status {
            200..=299 => None,
            300..=399 => Some(format!("HTTP {status}: redirects are not followed")),
            _ => Some(format!("HTTP {status}")),
        };
        (
            Answer {
                status: Some(status),
                snippet: Some(snippet),
                error,
            },
            Some(shown),
        )
    }
}
