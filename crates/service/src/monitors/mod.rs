//! Campus monitoring (issue 18): every campus — hosted by us or not, the seed's "monitoreo de
//! los sistemas" has no asterisk — is probed over HTTP by the job runner, and an outage
//! becomes exactly one ticket.
//!
//! - **Settings**: a campus without a `campus_monitor` row is monitored with [`Settings::DEFAULT`];
//!   an administrator may change them per campus (or switch the campus off).
//! - **Probes** (`probe`): the periodic `monitor_tick` queues one `probe_campus` job per
//!   enabled campus and slot (`interval`-aligned), with a dedup key, so however many nodes
//!   tick, one probe per campus and slot runs.
//! - **Incidents** (`incidents`): K consecutive failures open one outage and one urgent
//!   ticket; a run of slow answers as long as the sustain window opens one degraded incident
//!   and one high ticket. See that module for the rules.
//! - **Uptime** (`uptime`): per day in the client's time zone, from raw results and their
//!   hourly roll-up (`retention`).

mod incidents;
pub mod probe;
mod retention;
pub(crate) mod texts;
mod uptime;

use domain::FieldError;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use store::monitors::{self as st, MonitorRow};
use utoipa::ToSchema;

pub use incidents::next_milestone;
pub use retention::{Runtime, retention_days_from_env, slot_start};
pub use uptime::{IncidentView, ProbeView, UptimeDay, UptimeView};

use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339};

/// Limits of the settings (the API's schema and the form say the same).
pub const INTERVAL_MIN: i64 = 30;
pub const INTERVAL_MAX: i64 = 3600;
pub const TIMEOUT_MIN: i64 = 1;
pub const TIMEOUT_MAX: i64 = 60;
pub const EXPECTED_TEXT_MAX: usize = 200;
pub const LATENCY_MIN: i64 = 50;
pub const LATENCY_MAX: i64 = 60_000;
pub const SUSTAIN_MIN: i64 = 1;
pub const SUSTAIN_MAX: i64 = 1440;
pub const FAILURES_MIN: i64 = 1;
pub const FAILURES_MAX: i64 = 10;

/// How one campus is monitored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub enabled: bool,
    pub interval_seconds: i32,
    pub timeout_seconds: i32,
    pub expected_text: Option<String>,
    pub latency_threshold_ms: i32,
    pub sustain_minutes: i32,
    /// K: consecutive failures before an outage (and its ticket) opens.
    pub failures_to_alert: i32,
}

impl Settings {
    /// What applies to a campus nobody configured.
    pub const DEFAULT: Settings = Settings {
        enabled: true,
        interval_seconds: 60,
        timeout_seconds: 10,
        expected_text: None,
        latency_threshold_ms: 3000,
        sustain_minutes: 10,
        failures_to_alert: 3,
    };

    pub fn of(row: Option<&MonitorRow>) -> Settings {
        match row {
            None => Settings::DEFAULT,
            Some(r) => Settings {
                enabled: r.enabled,
                interval_seconds: r.interval_seconds,
                timeout_seconds: r.timeout_seconds,
                expected_text: r.expected_text.clone(),
                latency_threshold_ms: r.latency_threshold_ms,
                sustain_minutes: r.sustain_minutes,
                failures_to_alert: r.failures_to_alert,
            },
        }
    }

    pub fn interval(&self) -> SignedDuration {
        SignedDuration::from_secs(i64::from(self.interval_seconds.max(1)))
    }

    pub fn sustain(&self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.sustain_minutes.max(1)))
    }
}

/// A campus's monitor settings as an administrator saves them (`PUT`: a field left out takes
/// its default).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorInput {
    /// Default true. False: the campus is not probed (its history stays).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// 30 to 3600; default 60.
    #[serde(default)]
    #[schema(minimum = 30, maximum = 3600)]
    pub interval_seconds: Option<i64>,
    /// For connecting and for the whole answer: 1 to 60, below the interval; default 10.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 60)]
    pub timeout_seconds: Option<i64>,
    /// Text the page must contain (at most 200 characters); empty or absent: none.
    #[serde(default)]
    pub expected_text: Option<String>,
    /// An answer slower than this is slow: 50 to 60000; default 3000.
    #[serde(default)]
    #[schema(minimum = 50, maximum = 60000)]
    pub latency_threshold_ms: Option<i64>,
    /// Minutes of only slow answers before "degraded" (and as many fast ones to end it): 1 to
    /// 1440; default 10.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1440)]
    pub sustain_minutes: Option<i64>,
    /// Consecutive failures that open an outage: 1 to 10; default 3.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10)]
    pub failures_to_alert: Option<i64>,
}

/// The defaults, shown beside a campus's settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonitorDefaults {
    pub interval_seconds: i32,
    pub timeout_seconds: i32,
    pub latency_threshold_ms: i32,
    pub sustain_minutes: i32,
    pub failures_to_alert: i32,
}

/// How a campus is monitored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonitorView {
    pub campus_id: i64,
    pub url: String,
    pub enabled: bool,
    pub interval_seconds: i32,
    pub timeout_seconds: i32,
    pub expected_text: Option<String>,
    pub latency_threshold_ms: i32,
    pub sustain_minutes: i32,
    pub failures_to_alert: i32,
    /// False: nobody changed the defaults for this campus.
    pub customized: bool,
    pub updated_at: Option<String>,
    pub defaults: MonitorDefaults,
}

fn in_range(
    errs: &mut Errors,
    field: &str,
    v: Option<i64>,
    min: i64,
    max: i64,
    default: i32,
) -> i32 {
    let v = v.unwrap_or(i64::from(default));
    if (min..=max).contains(&v) {
        v as i32
    } else {
        errs.0.push(
            FieldError::new(field, "range", format!("from {min} to {max}"))
                .with("min", min)
                .with("max", max),
        );
        default
    }
}

/// Parses an input into settings, collecting every field error.
pub fn validate(i: &MonitorInput) -> ServiceResult<Settings> {
    let d = Settings::DEFAULT;
    let mut errs = Errors::default();
    let interval = in_range(
        &mut errs,
        "interval_seconds",
        i.interval_seconds,
        INTERVAL_MIN,
        INTERVAL_MAX,
        d.interval_seconds,
    );
    let timeout = in_range(
        &mut errs,
        "timeout_seconds",
        i.timeout_seconds,
        TIMEOUT_MIN,
        TIMEOUT_MAX,
        d.timeout_seconds,
    );
    if errs.0.is_empty() && timeout >= interval {
        errs.0.push(
            FieldError::new(
                "timeout_seconds",
                "below_interval",
                "the timeout must be shorter than the interval",
            )
            .with("max", interval - 1),
        );
    }
    let expected = i
        .expected_text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(t) = expected {
        if t.chars().count() > EXPECTED_TEXT_MAX {
            errs.0.push(
                FieldError::new("expected_text", "too_long", "at most 200 characters")
                    .with("max", EXPECTED_TEXT_MAX),
            );
        } else if t.chars().any(char::is_control) {
            errs.0.push(FieldError::new(
                "expected_text",
                "invalid",
                "no control characters",
            ));
        }
    }
    let latency = in_range(
        &mut errs,
        "latency_threshold_ms",
        i.latency_threshold_ms,
        LATENCY_MIN,
        LATENCY_MAX,
        d.latency_threshold_ms,
    );
    let sustain = in_range(
        &mut errs,
        "sustain_minutes",
        i.sustain_minutes,
        SUSTAIN_MIN,
        SUSTAIN_MAX,
        d.sustain_minutes,
    );
    let k = in_range(
        &mut errs,
        "failures_to_alert",
        i.failures_to_alert,
        FAILURES_MIN,
        FAILURES_MAX,
        d.failures_to_alert,
    );
    errs.finish()?;
    Ok(Settings {
        enabled: i.enabled.unwrap_or(true),
        interval_seconds: interval,
        timeout_seconds: timeout,
        expected_text: expected.map(str::to_string),
        latency_threshold_ms: latency,
        sustain_minutes: sustain,
        failures_to_alert: k,
    })
}

fn defaults() -> MonitorDefaults {
    let d = Settings::DEFAULT;
    MonitorDefaults {
        interval_seconds: d.interval_seconds,
        timeout_seconds: d.timeout_seconds,
        latency_threshold_ms: d.latency_threshold_ms,
        sustain_minutes: d.sustain_minutes,
        failures_to_alert: d.failures_to_alert,
    }
}

impl Service {
    /// The campus, after the tenant rule (another client's campus is 404).
    pub(crate) async fn campus_for(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<store::clients::CampusRow> {
        let c = store::clients::get_campus(&self.db, campus_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_client(c.client_id)?; // TENANT
        Ok(c)
    }

    /// A campus's monitor settings (staff).
    pub async fn get_monitor(&self, actor: &Actor, campus_id: i64) -> ServiceResult<MonitorView> {
        let c = self.campus_for(actor, campus_id).await?;
        actor.require_staff()?;
        let row = st::get_monitor(&self.db, campus_id).await?;
        let s = Settings::of(row.as_ref());
        Ok(MonitorView {
            campus_id,
            url: c.url,
            enabled: s.enabled,
            interval_seconds: s.interval_seconds,
            timeout_seconds: s.timeout_seconds,
            expected_text: s.expected_text,
            latency_threshold_ms: s.latency_threshold_ms,
            sustain_minutes: s.sustain_minutes,
            failures_to_alert: s.failures_to_alert,
            customized: row.is_some(),
            updated_at: row.map(|r| rfc3339(r.updated_at_us)),
            defaults: defaults(),
        })
    }

    /// Saves a campus's monitor settings (admins). The next tick uses them.
    pub async fn put_monitor(
        &self,
        actor: &Actor,
        campus_id: i64,
        i: &MonitorInput,
    ) -> ServiceResult<MonitorView> {
        self.campus_for(actor, campus_id).await?;
        actor.require_admin()?;
        let s = validate(i)?;
        let row = MonitorRow {
            campus_id,
            enabled: s.enabled,
            interval_seconds: s.interval_seconds,
            timeout_seconds: s.timeout_seconds,
            expected_text: s.expected_text,
            latency_threshold_ms: s.latency_threshold_ms,
            sustain_minutes: s.sustain_minutes,
            failures_to_alert: s.failures_to_alert,
            updated_at_us: self.now_us(),
        };
        let mut tx = self.db.begin().await?;
        st::put_monitor(&mut tx, &row, actor.user_id).await?;
        tx.commit().await?;
        self.get_monitor(actor, campus_id).await
    }
}
