//! Recording what was done on a campus, and reading it back. Staff (and their API tokens)
//! record; a client admin reads their own campuses' records. A kind the contract covers only
//! on our servers is refused for a campus that is not (`domain::maintenance`), and nothing is
//! written then.

use domain::{
    FieldError,
    contract::Coverage,
    limits,
    maintenance::{BackupStatus, MaintenanceKind, SIZE_MAX},
    ticket::{bounded_text, single_line},
};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use store::maintenance::{self as st, MaintenanceRow, NewRecord};
use utoipa::{IntoParams, ToSchema};

use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339, us};

/// How far in the future a "done at" may be (clocks of the machines that report differ).
const FUTURE_SLACK: SignedDuration = SignedDuration::from_mins(5);

/// A record as the API, the web form and the CLI send it: `kind` says which of the other
/// fields apply; a field of another kind is refused, so a typo never vanishes silently.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceInput {
    /// `backup`, `os_update`, `db_update`, `security_patch`, `platform_upgrade` or
    /// `maintenance_window`.
    pub kind: String,
    /// When it was done (RFC 3339); default now. Not for a window (`starts_at`).
    #[schema(format = DateTime)]
    pub performed_at: Option<String>,
    /// Backup: `ok` or `failed` (required).
    pub status: Option<String>,
    /// Backup: its size in bytes.
    pub size_bytes: Option<i64>,
    /// Backup: how long it took, in seconds.
    pub duration_seconds: Option<i64>,
    /// Backup: where it is kept (`s3://bucket/campus/2026-11-02.tar.zst`).
    pub location: Option<String>,
    /// OS/DB update or security patch: the package (required).
    pub package: Option<String>,
    /// Update, patch (required) or upgrade (default: the campus's current version).
    pub from_version: Option<String>,
    /// Update, patch or upgrade (required; different from `from_version`).
    pub to_version: Option<String>,
    /// Window: when it starts (required).
    #[schema(format = DateTime)]
    pub starts_at: Option<String>,
    /// Window: when it ends (required, after `starts_at`).
    #[schema(format = DateTime)]
    pub ends_at: Option<String>,
    /// Window: what is done in it (required).
    pub description: Option<String>,
    /// Anything else worth keeping (every kind but a window).
    pub note: Option<String>,
}

/// Who recorded, and through what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordedVia {
    /// The web UI.
    Web,
    /// The API, with this token (when known).
    Api { token_id: Option<i64> },
    /// `atiende maintenance record`.
    Cli,
    /// The daily Moodle check (an upgrade it noticed).
    Moodle,
}

impl RecordedVia {
    fn source(self) -> &'static str {
        match self {
            RecordedVia::Web => "web",
            RecordedVia::Api { .. } => "api",
            RecordedVia::Cli => "cli",
            RecordedVia::Moodle => "moodle",
        }
    }

    fn token_id(self) -> Option<i64> {
        match self {
            RecordedVia::Api { token_id } => token_id,
            _ => None,
        }
    }
}

/// One record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MaintenanceView {
    pub id: i64,
    pub campus_id: i64,
    pub kind: String,
    /// When it was done (a window: when it starts).
    #[schema(format = DateTime)]
    pub performed_at: String,
    pub status: Option<String>,
    pub size_bytes: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub location: Option<String>,
    pub package: Option<String>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    /// Window: when it starts (= `performed_at`) and ends, and what is done in it.
    #[schema(format = DateTime)]
    pub starts_at: Option<String>,
    #[schema(format = DateTime)]
    pub ends_at: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
    /// The user who recorded it (the system user for what Atiende noticed itself).
    pub recorded_by: Option<i64>,
    pub recorded_by_name: Option<String>,
    /// The API token it was sent with (staff only).
    pub token_id: Option<i64>,
    /// `api`, `web`, `cli` or `moodle`.
    pub source: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

/// `GET /api/v1/campuses/{id}/maintenance`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MaintenanceQuery {
    /// Only this kind.
    pub kind: Option<String>,
    /// How many, newest first: 1–200, default 50.
    pub limit: Option<i64>,
}

pub(crate) fn view(r: MaintenanceRow, staff: bool) -> MaintenanceView {
    let window = r.kind == MaintenanceKind::MaintenanceWindow.as_str();
    MaintenanceView {
        id: r.id,
        campus_id: r.campus_id,
        performed_at: rfc3339(r.performed_at_us),
        starts_at: window.then(|| rfc3339(r.performed_at_us)),
        ends_at: r.ends_at_us.map(rfc3339),
        description: window.then(|| r.note.clone()),
        note: (!window && !r.note.is_empty()).then(|| r.note.clone()),
        kind: r.kind,
        status: r.status,
        size_bytes: r.size_bytes,
        duration_seconds: r.duration_seconds,
        location: r.location,
        package: r.package,
        from_version: r.from_version,
        to_version: r.to_version,
        recorded_by: r.recorded_by,
        recorded_by_name: r.recorded_by_name,
        token_id: r.token_id.filter(|_| staff),
        source: r.source,
        created_at: rfc3339(r.created_at_us),
    }
}

/// A record checked against its kind, ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub kind: MaintenanceKind,
    pub performed_at: Timestamp,
    pub status: Option<BackupStatus>,
    pub size_bytes: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub location: Option<String>,
    pub package: Option<String>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    pub ends_at: Option<Timestamp>,
    pub note: String,
}

fn instant(e: &mut Errors, field: &str, v: &Option<String>) -> Option<Timestamp> {
    let s = v.as_deref()?;
    e.take(s.trim().parse::<Timestamp>().map_err(|_| {
        FieldError::new(field, "datetime", "expected a date and time (RFC 3339)").with("value", s)
    }))
}

fn not_for(kind: MaintenanceKind, field: &str) -> FieldError {
    FieldError::new(
        field,
        "not_for_kind",
        format!("does not apply to a {}", kind.as_str()),
    )
    .with("kind", kind.as_str())
}

fn required(field: &str) -> FieldError {
    FieldError::new(field, "required", "is required")
}

fn count(e: &mut Errors, field: &str, v: Option<i64>, max: i64) -> Option<i64> {
    let n = v?;
    if n < 0 {
        e.0.push(FieldError::new(field, "negative", "must not be negative"));
        None
    } else if n > max {
        e.0.push(
            FieldError::new(field, "range", format!("at most {max}"))
                .with("min", 0)
                .with("max", max),
        );
        None
    } else {
        Some(n)
    }
}

fn text(e: &mut Errors, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    e.take(single_line(field, v.as_deref()?, max))
}

/// Checks `i` as a record of its kind; `current_version` is the campus's (an upgrade's
/// default `from_version`), `now` the default instant.
pub(crate) fn check(
    i: &MaintenanceInput,
    current_version: &str,
    now: Timestamp,
) -> ServiceResult<Checked> {
    let Some(kind) = MaintenanceKind::parse(i.kind.trim()) else {
        return Err(FieldError::new(
            "kind",
            "invalid",
            "one of backup, os_update, db_update, security_patch, platform_upgrade, maintenance_window",
        )
        .with("value", &i.kind)
        .into());
    };
    let mut e = Errors::default();
    // Which optional fields this kind takes; any other one present is refused.
    let present: [(&str, bool); 12] = [
        ("performed_at", i.performed_at.is_some()),
        ("status", i.status.is_some()),
        ("size_bytes", i.size_bytes.is_some()),
        ("duration_seconds", i.duration_seconds.is_some()),
        ("location", i.location.is_some()),
        ("package", i.package.is_some()),
        ("from_version", i.from_version.is_some()),
        ("to_version", i.to_version.is_some()),
        ("starts_at", i.starts_at.is_some()),
        ("ends_at", i.ends_at.is_some()),
        ("description", i.description.is_some()),
        ("note", i.note.is_some()),
    ];
    let allowed: &[&str] = match kind {
        MaintenanceKind::Backup => &[
            "performed_at",
            "status",
            "size_bytes",
            "duration_seconds",
            "location",
            "note",
        ],
        MaintenanceKind::OsUpdate | MaintenanceKind::DbUpdate | MaintenanceKind::SecurityPatch => {
            &[
                "performed_at",
                "package",
                "from_version",
                "to_version",
                "note",
            ]
        }
        MaintenanceKind::PlatformUpgrade => &["performed_at", "from_version", "to_version", "note"],
        MaintenanceKind::MaintenanceWindow => &["starts_at", "ends_at", "description"],
    };
    for (field, here) in present {
        if here && !allowed.contains(&field) {
            e.0.push(not_for(kind, field));
        }
    }
    let performed = instant(&mut e, "performed_at", &i.performed_at);
    if let Some(t) = performed
        && t > now + FUTURE_SLACK
    {
        e.0.push(FieldError::new(
            "performed_at",
            "future",
            "must not be in the future",
        ));
    }
    let mut c = Checked {
        kind,
        performed_at: performed.unwrap_or(now),
        status: None,
        size_bytes: count(&mut e, "size_bytes", i.size_bytes, SIZE_MAX),
        duration_seconds: count(&mut e, "duration_seconds", i.duration_seconds, 366 * 86_400),
        location: text(&mut e, "location", &i.location, limits::URL_MAX),
        package: None,
        from_version: None,
        to_version: None,
        ends_at: None,
        note: match i.note.as_deref() {
            Some(n) if !n.trim().is_empty() => e
                .take(bounded_text("note", n, limits::REASON_MAX))
                .unwrap_or_default(),
            _ => String::new(),
        },
    };
    match kind {
        MaintenanceKind::Backup => match i.status.as_deref().map(str::trim) {
            None => e.0.push(required("status")),
            Some(s) => match BackupStatus::parse(s) {
                Some(st) => c.status = Some(st),
                None => {
                    e.0.push(FieldError::new("status", "invalid", "ok or failed").with("value", s))
                }
            },
        },
        k if k.is_package_update() || k == MaintenanceKind::PlatformUpgrade => {
            if k.is_package_update() {
                c.package = text(&mut e, "package", &i.package, limits::NAME_MAX);
                if i.package.is_none() {
                    e.0.push(required("package"));
                }
                if i.from_version.is_none() {
                    e.0.push(required("from_version"));
                }
            }
            c.from_version = text(&mut e, "from_version", &i.from_version, limits::NAME_MAX);
            if k == MaintenanceKind::PlatformUpgrade && i.from_version.is_none() {
                c.from_version = Some(current_version.to_string());
            }
            c.to_version = text(&mut e, "to_version", &i.to_version, limits::NAME_MAX);
            if i.to_version.is_none() {
                e.0.push(required("to_version"));
            }
            if let (Some(f), Some(t)) = (&c.from_version, &c.to_version)
                && f.eq_ignore_ascii_case(t)
            {
                e.0.push(
                    FieldError::new(
                        "to_version",
                        "same_version",
                        "must differ from from_version",
                    )
                    .with("value", t),
                );
            }
        }
        _ => {
            // A maintenance window.
            let start = instant(&mut e, "starts_at", &i.starts_at);
            let end = instant(&mut e, "ends_at", &i.ends_at);
            if i.starts_at.is_none() {
                e.0.push(required("starts_at"));
            }
            if i.ends_at.is_none() {
                e.0.push(required("ends_at"));
            }
            if let (Some(s), Some(t)) = (start, end)
                && t <= s
            {
                e.0.push(FieldError::new(
                    "ends_at",
                    "end_before_start",
                    "must be after starts_at",
                ));
            }
            c.performed_at = start.unwrap_or(now);
            c.ends_at = end;
            match i.description.as_deref() {
                None => e.0.push(required("description")),
                Some(d) => {
                    c.note = e
                        .take(bounded_text("description", d, limits::REASON_MAX))
                        .unwrap_or_default();
                }
            }
        }
    }
    e.finish()?;
    Ok(c)
}

impl Service {
    /// Records `i` on a campus. Staff only; a kind the contract covers only on our servers is
    /// refused (422, field `kind`) for a campus that is not, and nothing is written. A
    /// platform upgrade also sets the campus's version; a successful backup clears the
    /// campus's missing-backup alert (with a note on its ticket).
    pub async fn record_maintenance(
        &self,
        actor: &Actor,
        via: RecordedVia,
        campus_id: i64,
        i: &MaintenanceInput,
    ) -> ServiceResult<MaintenanceView> {
        let campus = self.visible_campus(actor, campus_id).await?;
        actor.require_staff()?;
        let now = self.now();
        let c = check(i, &campus.platform_version, now)?;
        // The plan in force decides (its per-service flags), not the seed's defaults.
        match self
            .covers(
                campus.client_id,
                campus.id,
                campus.hosted_by_us,
                c.kind.service(),
            )
            .await?
        {
            Coverage::Included => {}
            Coverage::NotHosted => {
                return Err(
                    FieldError::new("kind", "not_hosted", c.kind.not_covered_reason())
                        .with("value", c.kind.as_str())
                        .into(),
                );
            }
            Coverage::NotInPlan => {
                return Err(FieldError::new(
                    "kind",
                    "not_in_plan",
                    "the plan that applies to this campus does not include this service",
                )
                .with("value", c.kind.as_str())
                .into());
            }
        }
        let mut tx = self.db.begin().await?;
        let id = self
            .insert_checked(&mut tx, actor, via, campus_id, &c)
            .await?;
        tx.commit().await?;
        let row = st::get_record(&self.db, id)
            .await?
            .ok_or_else(|| ServiceError::Internal("the stored record was not returned".into()))?;
        Ok(view(row, true))
    }

    /// Writes a checked record and what follows from it, inside `tx`.
    pub(crate) async fn insert_checked(
        &self,
        tx: &mut store::Tx,
        actor: &Actor,
        via: RecordedVia,
        campus_id: i64,
        c: &Checked,
    ) -> ServiceResult<i64> {
        let now = self.now();
        let id = st::insert_record(
            tx,
            &NewRecord {
                campus_id,
                kind: c.kind.as_str(),
                performed_at_us: us(c.performed_at),
                status: c.status.map(BackupStatus::as_str),
                size_bytes: c.size_bytes,
                duration_seconds: c.duration_seconds,
                location: c.location.as_deref(),
                package: c.package.as_deref(),
                from_version: c.from_version.as_deref(),
                to_version: c.to_version.as_deref(),
                ends_at_us: c.ends_at.map(us),
                note: &c.note,
                recorded_by: Some(actor.user_id),
                token_id: via.token_id(),
                source: via.source(),
                created_at_us: us(now),
            },
        )
        .await?;
        let recorded = MaintenanceView {
            id,
            campus_id,
            kind: c.kind.as_str().into(),
            performed_at: c.performed_at.to_string(),
            status: c.status.map(|s| s.as_str().to_string()),
            size_bytes: c.size_bytes,
            duration_seconds: c.duration_seconds,
            location: c.location.clone(),
            package: c.package.clone(),
            from_version: c.from_version.clone(),
            to_version: c.to_version.clone(),
            starts_at: (c.kind == MaintenanceKind::MaintenanceWindow)
                .then(|| c.performed_at.to_string()),
            ends_at: c.ends_at.map(|t| t.to_string()),
            description: (c.kind == MaintenanceKind::MaintenanceWindow).then(|| c.note.clone()),
            note: (c.kind != MaintenanceKind::MaintenanceWindow && !c.note.is_empty())
                .then(|| c.note.clone()),
            recorded_by: Some(actor.user_id),
            recorded_by_name: Some(actor.name.clone()),
            token_id: via.token_id(),
            source: via.source().into(),
            created_at: now.to_string(),
        };
        let data = serde_json::json!({"campus_id": campus_id, "record": recorded});
        self.emit_webhook(tx, "maintenance.recorded", data).await?;
        match (c.kind, c.status) {
            (MaintenanceKind::PlatformUpgrade, _) => {
                // An older upgrade recorded late does not turn the version back.
                if let Some(v) = &c.to_version
                    && st::latest_upgrade_in(tx, campus_id).await? == Some(id)
                {
                    st::set_platform_version(tx, campus_id, v).await?;
                }
            }
            (MaintenanceKind::Backup, Some(BackupStatus::Ok)) => {
                self.backup_received_in(tx, campus_id, id, c).await?;
            }
            _ => {}
        }
        Ok(id)
    }

    /// A campus's records, newest first. TENANT: a client admin reads only their own
    /// campuses' (404 for another's).
    pub async fn list_maintenance(
        &self,
        actor: &Actor,
        campus_id: i64,
        q: &MaintenanceQuery,
    ) -> ServiceResult<Vec<MaintenanceView>> {
        self.visible_campus(actor, campus_id).await?;
        let mut e = Errors::default();
        let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => e.take(MaintenanceKind::parse(k).ok_or_else(|| {
                FieldError::new("kind", "invalid", "not a kind of maintenance record")
                    .with("value", k)
            })),
        };
        let limit = q.limit.unwrap_or(limits::PAGE_LIMIT_DEFAULT);
        if !(1..=limits::PAGE_LIMIT_MAX).contains(&limit) {
            e.0.push(
                FieldError::new("limit", "range", "between 1 and 200")
                    .with("min", 1)
                    .with("max", limits::PAGE_LIMIT_MAX),
            );
        }
        e.finish()?;
        let rows =
            st::list_records(&self.db, campus_id, kind.map(|k| k.as_str()), None, limit).await?;
        Ok(rows
            .into_iter()
            .map(|r| view(r, actor.is_staff()))
            .collect())
    }

    /// The id of a live API token (the API names it on what it records).
    pub async fn token_id_of(&self, token: &str) -> ServiceResult<Option<i64>> {
        Ok(st::token_id_by_hash(&self.db, &crate::auth::hash_token(token)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-02T10:00:00Z".parse().unwrap()
    }

    fn codes(i: MaintenanceInput) -> Vec<(String, &'static str)> {
        match check(&i, "4.5", now()) {
            Err(ServiceError::Invalid(errs)) => {
                errs.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_kind_takes_its_own_fields() {
        let b = |s: &str| MaintenanceInput {
            kind: "backup".into(),
            status: Some(s.into()),
            size_bytes: Some(-1),
            package: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(b("maybe")),
            vec![
                ("package".into(), "not_for_kind"),
                ("size_bytes".into(), "negative"),
                ("status".into(), "invalid")
            ]
        );
        let up = MaintenanceInput {
            kind: "platform_upgrade".into(),
            to_version: Some("4.5".into()),
            ..Default::default()
        };
        assert_eq!(codes(up), vec![("to_version".into(), "same_version")]);
        let ok = check(
            &MaintenanceInput {
                kind: "platform_upgrade".into(),
                to_version: Some("5.0".into()),
                ..Default::default()
            },
            "4.5",
            now(),
        )
        .unwrap();
        assert_eq!(ok.from_version.as_deref(), Some("4.5"));
        assert_eq!(ok.performed_at, now());
        let w = MaintenanceInput {
            kind: "maintenance_window".into(),
            starts_at: Some("2026-11-03T02:00:00Z".into()),
            ends_at: Some("2026-11-03T01:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(w),
            vec![
                ("ends_at".into(), "end_before_start"),
                ("description".into(), "required")
            ]
        );
        assert_eq!(
            codes(MaintenanceInput {
                kind: "nap".into(),
                ..Default::default()
            }),
            vec![("kind".into(), "invalid")]
        );
    }
}
