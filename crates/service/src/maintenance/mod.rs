//! Maintenance of the campuses (issue 18, items 3–6): what was done on each campus and when
//! (`records`), the watch that raises a ticket when a hosted campus's daily backup is missing
//! (`backups`), when a campus may ask for a platform version upgrade and the request itself
//! (`eligibility`), the Moodle site information read with a campus's web-service token
//! (`moodle`), and the campus's maintenance timeline as pages show it (`timeline`).
//!
//! The seed's asterisk rules everything here: backups, OS/DB updates, security patches and
//! server maintenance are the contract's only for campuses on the provider's servers
//! (`hosted_by_us`); the version upgrade (after at least 6 months of service) is every
//! campus's.

mod backups;
mod eligibility;
mod moodle;
mod records;
mod timeline;

use std::sync::Arc;

use jiff::SignedDuration;
use store::clients::CampusRow;

pub use backups::BackupWatchReport;
pub use eligibility::{UpgradeEligibility, UpgradeRequest};
pub use moodle::{MoodleCheckReport, MoodleInfoView, MoodleTokenInput, SiteInfo, parse_site_info};
pub use records::{MaintenanceInput, MaintenanceQuery, MaintenanceView, RecordedVia};
pub use timeline::{BackupSummary, MaintenanceTimeline};

use crate::{Actor, Service, ServiceError, ServiceResult};

/// How long a hosted campus may go without a successful backup before the watch opens a
/// ticket (`ATIENDE_BACKUP_MAX_AGE_HOURS`): a daily backup plus two hours of slack.
pub const DEFAULT_BACKUP_MAX_AGE: SignedDuration = SignedDuration::from_hours(26);

/// What the binary reads from its environment for maintenance.
#[derive(Debug, Clone)]
pub struct MaintenanceSettings {
    pub backup_max_age: SignedDuration,
}

impl Default for MaintenanceSettings {
    fn default() -> Self {
        MaintenanceSettings {
            backup_max_age: DEFAULT_BACKUP_MAX_AGE,
        }
    }
}

impl Service {
    /// The same service with these maintenance settings.
    pub fn with_maintenance(mut self, s: MaintenanceSettings) -> Service {
        self.maintenance = Arc::new(s);
        self
    }

    pub fn maintenance_settings(&self) -> &MaintenanceSettings {
        &self.maintenance
    }

    /// A campus the actor may see. TENANT: another client's campus answers 404.
    pub(crate) async fn visible_campus(&self, actor: &Actor, id: i64) -> ServiceResult<CampusRow> {
        let c = store::clients::get_campus(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_client(c.client_id)?; // TENANT
        Ok(c)
    }

    /// Who records from the command line: the active staff user with this e-mail, or the
    /// system user when none is given (a backup script run by cron).
    pub async fn recorder(&self, email: Option<&str>) -> ServiceResult<Actor> {
        let Some(email) = email else {
            return self.system_actor().await;
        };
        let u = store::users::get_user_by_email(&self.db, &email.trim().to_lowercase())
            .await?
            .filter(|u| u.is_active())
            .ok_or(ServiceError::NotFound)?;
        let actor = crate::auth::actor_from(&u)?;
        actor.require_staff()?;
        Ok(actor)
    }

    /// A campus by id or by URL (what the CLI's `--campus` takes): `https://campus.example`
    /// matches with or without a trailing slash, any case of the host.
    pub async fn find_campus(&self, actor: &Actor, key: &str) -> ServiceResult<CampusRow> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            return self.visible_campus(actor, id).await;
        }
        let norm = |u: &str| u.trim().trim_end_matches('/').to_ascii_lowercase();
        let wanted = norm(key);
        let found = store::clients::list_campuses(&self.db, actor.client_scope()) // TENANT
            .await?
            .into_iter()
            .filter(|c| {
                let u = norm(&c.url);
                u == wanted || host_of(&u) == wanted
            })
            .collect::<Vec<_>>();
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(ServiceError::NotFound),
            _ => Err(domain::FieldError::new(
                "campus",
                "ambiguous",
                "more than one campus has this address: give its id",
            )
            .into()),
        }
    }
}

/// `https://campus.example/moodle` → `campus.example`: the name tickets and pages use.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

/// The client's zone, read back from the database (validated when written).
pub(crate) fn client_zone(db_zone: &str, client_id: i64) -> ServiceResult<jiff::tz::TimeZone> {
    crate::stored_zone("client", client_id, db_zone)
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://campus.example/moodle"), "campus.example");
        assert_eq!(
            host_of("http://u@campus.example:8080"),
            "campus.example:8080"
        );
        assert_eq!(host_of("campus.example"), "campus.example");
    }
}
