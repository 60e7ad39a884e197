//! What a Moodle campus says about itself (optional per campus): with a web-service token saved
//! for the campus (encrypted like mail passwords, write-only), the daily `moodle_info` job calls
//!
//! ```text
//! GET <campus url>/webservice/rest/server.php?wstoken=<token>&wsfunction=core_webservice_get_site_info&moodlewsrestformat=json
//! ```
//!
//! and keeps the answer's `release` ("4.5.1 (Build: 20250609)") and `version`
//! ("2024100701.00"). When the release's major version (its first two numbers: 4.5) is above
//! the campus's `platform_version`, it records a `platform_upgrade` from that version to the
//! new major one. Moodle's error answer (`{"exception": …, "errorcode": …, "message": …}`) is
//! the job's error (and shown on the campus), never a version.
//!
//! The call has strict limits: 5 s to connect, 15 s in all, no redirects (the token would
//! follow them), at most 1 MiB of answer (`outbound_http`). The token is never logged: errors
//! name the campus (and the exchange's, its host and port), never the URL.

use std::time::Duration;

use domain::{
    FieldError,
    maintenance::{MaintenanceKind, major_version},
};
use serde::{Deserialize, Serialize};
use store::maintenance as st;
use utoipa::ToSchema;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::{
    host_of,
    records::{Checked, RecordedVia},
};
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    admin::rfc3339,
    outbound_http::{self, Limits, OverMax},
    us,
};

/// What the token is bound to when encrypted (see `secrets`).
const PURPOSE: &str = "moodle.token";
/// A cut answer would not parse: one over 1 MiB is an error.
const LIMITS: Limits = Limits {
    connect: Duration::from_secs(5),
    total: Duration::from_secs(15),
    max_body: 1024 * 1024,
    over_max: OverMax::Fail,
};

/// Saving a campus's web-service token.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoodleTokenInput {
    /// Write-only. Absent or empty keeps the saved one.
    #[serde(default)]
    pub token: Option<String>,
    /// Forget the saved token (the campus is then not checked).
    #[serde(default)]
    pub clear_token: bool,
}

/// What the campus last said about itself; never the token.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MoodleInfoView {
    pub campus_id: i64,
    pub token_set: bool,
    /// `4.5.1 (Build: 20250609)`
    pub release: Option<String>,
    /// `2024100701.00`
    pub version: Option<String>,
    #[schema(format = DateTime)]
    pub checked_at: Option<String>,
    /// Why the last check failed (Moodle's `errorcode: message`, a timeout, an HTTP status).
    pub error: Option<String>,
}

/// The two fields of `core_webservice_get_site_info` Atiende keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    pub release: String,
    pub version: String,
}

/// What one run of the daily check did.
#[derive(Debug, Default, Clone)]
pub struct MoodleCheckReport {
    pub checked: usize,
    /// Upgrades recorded (record ids).
    pub upgrades: Vec<i64>,
    /// One line per campus whose check failed.
    pub errors: Vec<String>,
}

/// Reads Moodle's JSON answer: the site information, or its error object as the error.
pub fn parse_site_info(body: &[u8]) -> Result<SiteInfo, String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the answer is not JSON ({e})"))?;
    let text = |k: &str| match v.get(k) {
        Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if v.get("exception").is_some() || v.get("errorcode").is_some() {
        let code = text("errorcode").unwrap_or_else(|| "error".into());
        let message = text("message").unwrap_or_default();
        return Err(format!("Moodle answered {code}: {message}")
            .trim_end_matches(": ")
            .to_string());
    }
    match (text("release"), text("version")) {
        (Some(release), Some(version)) if !release.is_empty() => Ok(SiteInfo { release, version }),
        _ => Err("the answer has no release and version (is this a Moodle web service?)".into()),
    }
}

fn view(campus_id: i64, r: Option<st::MoodleRow>) -> MoodleInfoView {
    match r {
        None => MoodleInfoView {
            campus_id,
            token_set: false,
            release: None,
            version: None,
            checked_at: None,
            error: None,
        },
        Some(r) => MoodleInfoView {
            campus_id,
            token_set: r.token_enc.is_some(),
            release: r.site_release,
            version: r.site_version,
            checked_at: r.checked_at_us.map(rfc3339),
            error: r.error,
        },
    }
}

impl Service {
    /// What a campus last said about itself. Staff only.
    pub async fn moodle_info(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<MoodleInfoView> {
        self.visible_campus(actor, campus_id).await?;
        actor.require_staff()?;
        Ok(view(campus_id, st::get_moodle(&self.db, campus_id).await?))
    }

    /// Saves or forgets a campus's web-service token (administrators).
    pub async fn set_moodle_token(
        &self,
        actor: &Actor,
        campus_id: i64,
        i: &MoodleTokenInput,
    ) -> ServiceResult<MoodleInfoView> {
        self.visible_campus(actor, campus_id).await?;
        actor.require_admin()?;
        let token = i.token.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = token
            && (t.len() > 256
                || !t
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
        {
            return Err(FieldError::new(
                "token",
                "invalid",
                "a Moodle web-service token: letters and digits, at most 256",
            )
            .into());
        }
        let sealed = token.map(|t| self.secret.seal(PURPOSE, t));
        let mut tx = self.db.begin().await?;
        let now = self.now_us();
        if let Some(s) = &sealed {
            st::set_moodle_token(&mut tx, campus_id, Some(s), now).await?;
        } else if i.clear_token {
            st::set_moodle_token(&mut tx, campus_id, None, now).await?;
        }
        tx.commit().await?;
        Ok(view(campus_id, st::get_moodle(&self.db, campus_id).await?))
    }

    /// Checks one campus now (the button beside the token). A failed check is an answer
    /// (`error` set), not an error.
    pub async fn check_moodle_now(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<MoodleInfoView> {
        self.visible_campus(actor, campus_id).await?;
        actor.require_staff()?;
        match st::get_moodle(&self.db, campus_id).await? {
            Some(r) if r.token_enc.is_some() => {
                let _ = self.check_campus_site(campus_id).await?;
            }
            _ => {
                return Err(ServiceError::state(
                    "moodle_no_token",
                    "save the campus's Moodle web-service token first",
                ));
            }
        }
        Ok(view(campus_id, st::get_moodle(&self.db, campus_id).await?))
    }

    /// One run of the daily check (the `moodle_info` job): every campus with a token.
    pub async fn moodle_check_step(&self) -> ServiceResult<MoodleCheckReport> {
        let mut report = MoodleCheckReport::default();
        for campus_id in st::moodle_campuses(&self.db).await? {
            report.checked += 1;
            match self.check_campus_site(campus_id).await? {
                Ok(Some(upgrade)) => report.upgrades.push(upgrade),
                Ok(None) => {}
                Err(e) => report.errors.push(e),
            }
        }
        Ok(report)
    }

    /// Calls the campus and stores what it said; `Ok(Err(why))` when the campus could not be
    /// read (stored on the campus too), `Ok(Ok(Some(record)))` when an upgrade was recorded.
    async fn check_campus_site(
        &self,
        campus_id: i64,
    ) -> ServiceResult<Result<Option<i64>, String>> {
        let Some(campus) = store::clients::get_campus(&self.db, campus_id).await? else {
            return Ok(Ok(None));
        };
        let Some(token_enc) = st::get_moodle(&self.db, campus_id)
            .await?
            .and_then(|r| r.token_enc)
        else {
            return Ok(Ok(None));
        };
        let label = format!("campus {campus_id} ({})", host_of(&campus.url));
        let answer = match self.secret.open(PURPOSE, &token_enc) {
            Ok(token) => self.fetch_site_info(&campus.url, &token).await,
            Err(e) => Err(format!("the saved token cannot be read: {e}")),
        };
        let mut tx = self.db.begin().await?;
        let now = self.now();
        let outcome = match answer {
            Err(why) => {
                st::save_moodle_check(&mut tx, campus_id, None, Some(&why), us(now)).await?;
                Err(format!("{label}: {why}"))
            }
            Ok(site) => {
                st::save_moodle_check(
                    &mut tx,
                    campus_id,
                    Some((&site.release, &site.version)),
                    None,
                    us(now),
                )
                .await?;
                Ok(self.upgrade_noticed_in(&mut tx, &campus, &site).await?)
            }
        };
        tx.commit().await?;
        if let Err(e) = &outcome {
            tracing::warn!(campus = campus_id, error = %e, "moodle site info");
        }
        Ok(outcome)
    }

    /// Records a `platform_upgrade` when the site's major version is above the campus's.
    async fn upgrade_noticed_in(
        &self,
        tx: &mut store::Tx,
        campus: &store::clients::CampusRow,
        site: &SiteInfo,
    ) -> ServiceResult<Option<i64>> {
        let (Some(new), Some(old)) = (
            major_version(&site.release),
            major_version(&campus.platform_version),
        ) else {
            return Ok(None);
        };
        if new <= old {
            return Ok(None);
        }
        let system = self.system_actor().await?;
        let c = Checked {
            kind: MaintenanceKind::PlatformUpgrade,
            performed_at: self.now(),
            status: None,
            size_bytes: None,
            duration_seconds: None,
            location: None,
            package: None,
            from_version: Some(campus.platform_version.clone()),
            to_version: Some(format!("{}.{}", new.0, new.1)),
            ends_at: None,
            note: format!(
                "Detectada por la comprobación diaria de Moodle: release {}, version {}.",
                site.release, site.version
            ),
        };
        let id = self
            .insert_checked(tx, &system, RecordedVia::Moodle, campus.id, &c)
            .await?;
        tracing::info!(campus = campus.id, to = %site.release, "platform upgrade noticed");
        Ok(Some(id))
    }

    /// The call itself. Errors never carry the URL (it holds the token).
    async fn fetch_site_info(&self, campus_url: &str, token: &str) -> Result<SiteInfo, String> {
        let enc = |v: &str| utf8_percent_encode(v, NON_ALPHANUMERIC).to_string();
        let url = format!(
            "{}/webservice/rest/server.php?wstoken={}&wsfunction=core_webservice_get_site_info&moodlewsrestformat=json",
            campus_url.trim().trim_end_matches('/'),
            enc(token)
        );
        // The parse error of `url` could quote it: a message of our own.
        let url = url::Url::parse(&url)
            .map_err(|_| "the campus URL is not a valid address".to_string())?;
        let headers = [
            (
                "User-Agent",
                concat!("Atiende/", env!("CARGO_PKG_VERSION")).to_string(),
            ),
            ("Accept", "application/json".to_string()),
        ];
        let tls = self.mail_tls().client_config();
        let a =
            outbound_http::exchange(hyper::Method::GET, &url, &headers, None, tls, &LIMITS).await?;
        match a.status {
            200..=299 => parse_site_info(&a.body),
            300..=399 => Err(format!(
                "answered {} (a redirect: save the campus's final https:// address)",
                a.status
            )),
            other => Err(format!("answered HTTP {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_info_and_moodle_errors() {
        let ok = br#"{"sitename":"Campus","release":"4.5.1 (Build: 20250609)","version":"2024100701.00","functions":[]}"#;
        assert_eq!(
            parse_site_info(ok),
            Ok(SiteInfo {
                release: "4.5.1 (Build: 20250609)".into(),
                version: "2024100701.00".into()
            })
        );
        let err = br#"{"exception":"moodle_exception","errorcode":"invalidtoken","message":"Invalid token - token not found"}"#;
        assert_eq!(
            parse_site_info(err),
            Err("Moodle answered invalidtoken: Invalid token - token not found".into())
        );
        assert!(parse_site_info(b"<html>").unwrap_err().contains("not JSON"));
        assert!(parse_site_info(b"{}").unwrap_err().contains("no release"));
    }
}
