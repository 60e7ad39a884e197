//! A campus's maintenance at a glance, as the admin campus page (and later the staff campus
//! page) shows it: backups (the last good one, the last failure, the recent ones, the open
//! missing-backup alert), updates and patches, upgrades, windows, the upgrade eligibility and
//! what Moodle last said.

use serde::Serialize;
use store::maintenance as st;
use utoipa::ToSchema;

use super::{
    eligibility::UpgradeEligibility,
    moodle::MoodleInfoView,
    records::{MaintenanceView, view},
};
use crate::{Actor, Service, ServiceResult, admin::rfc3339};

/// How many of each list the timeline shows.
const SHOWN: i64 = 10;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BackupSummary {
    pub last_ok: Option<MaintenanceView>,
    pub last_failed: Option<MaintenanceView>,
    /// The most recent ones, newest first.
    pub recent: Vec<MaintenanceView>,
    /// The ticket of the open missing-backup alert (staff only).
    pub alert_ticket_id: Option<i64>,
    #[schema(format = DateTime)]
    pub alert_since: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MaintenanceTimeline {
    pub campus_id: i64,
    pub url: String,
    pub hosted_by_us: bool,
    pub backups: BackupSummary,
    /// OS and database updates and security patches, newest first.
    pub updates: Vec<MaintenanceView>,
    pub upgrades: Vec<MaintenanceView>,
    pub windows: Vec<MaintenanceView>,
    pub eligibility: UpgradeEligibility,
    /// Staff only; `None` for client admins.
    pub moodle: Option<MoodleInfoView>,
}

impl Service {
    /// The timeline of one campus. TENANT: a client admin's own campuses only (404 else).
    pub async fn maintenance_timeline(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<MaintenanceTimeline> {
        let campus = self.visible_campus(actor, campus_id).await?;
        let staff = actor.is_staff();
        let list = |kind: &'static str, status: Option<&'static str>, n: i64| {
            let db = self.db.clone();
            async move {
                ServiceResult::Ok(
                    st::list_records(&db, campus_id, Some(kind), status, n)
                        .await?
                        .into_iter()
                        .map(|r| view(r, staff))
                        .collect::<Vec<_>>(),
                )
            }
        };
        let recent = list("backup", None, SHOWN).await?;
        let last_ok = list("backup", Some("ok"), 1).await?.into_iter().next();
        let last_failed = list("backup", Some("failed"), 1).await?.into_iter().next();
        let mut updates = Vec::new();
        for kind in ["os_update", "db_update", "security_patch"] {
            updates.extend(list(kind, None, SHOWN).await?);
        }
        updates.sort_by(|a, b| (&b.performed_at, b.id).cmp(&(&a.performed_at, a.id)));
        updates.truncate(SHOWN as usize);
        let alert = match staff {
            true => st::open_alert(&self.db, campus_id).await?,
            false => None,
        };
        Ok(MaintenanceTimeline {
            campus_id,
            url: campus.url.clone(),
            hosted_by_us: campus.hosted_by_us,
            backups: BackupSummary {
                last_ok,
                last_failed,
                recent,
                alert_ticket_id: alert.as_ref().map(|a| a.ticket_id),
                alert_since: alert.map(|a| rfc3339(a.last_ok_us)),
            },
            updates,
            upgrades: list("platform_upgrade", None, SHOWN).await?,
            windows: list("maintenance_window", None, SHOWN).await?,
            eligibility: self.upgrade_eligibility(actor, campus_id).await?,
            moodle: match staff {
                true => Some(self.moodle_info(actor, campus_id).await?),
                false => None,
            },
        })
    }
}
