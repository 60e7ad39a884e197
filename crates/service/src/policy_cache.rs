//! Pinned policy and calendar versions never change, so they are cached forever.

use std::{collections::HashMap, sync::Arc, sync::RwLock};

use domain::{
    calendar::{BusinessCalendar, CalendarSpec},
    sla::SlaPolicy,
};

use crate::{ServiceError, ServiceResult};

/// A policy version ready for the clock, with its pinned calendar.
pub(crate) struct Pinned {
    pub policy: SlaPolicy,
    pub calendar: Option<BusinessCalendar>,
}

/// `(policy version id, calendar version id)`.
type PinKey = (i64, Option<i64>);

#[derive(Default)]
pub(crate) struct PolicyCache {
    map: RwLock<HashMap<PinKey, Arc<Pinned>>>,
}

impl PolicyCache {
    pub async fn get(
        &self,
        db: &store::Db,
        policy_version: i64,
        calendar_version: Option<i64>,
    ) -> ServiceResult<Arc<Pinned>> {
        let key = (policy_version, calendar_version);
        if let Some(p) = self.map.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(p.clone());
        }
        let row = store::policies::get_policy_version(db, policy_version)
            .await?
            .ok_or_else(|| corrupt("policy version", policy_version))?;
        let targets = serde_json::from_str(&row.targets)
            .map_err(|_| corrupt("policy targets", policy_version))?;
        let policy = SlaPolicy {
            name: row.name,
            targets,
            warn_percent: u8::try_from(row.warn_percent)
                .map_err(|_| corrupt("warn_percent", policy_version))?,
            second_warn_percent: u8::try_from(row.second_warn_percent)
                .map_err(|_| corrupt("second_warn_percent", policy_version))?,
        };
        let calendar = match calendar_version {
            None => None,
            Some(cv) => {
                let c = store::policies::get_calendar_version(db, cv)
                    .await?
                    .ok_or_else(|| corrupt("calendar version", cv))?;
                let spec: CalendarSpec =
                    serde_json::from_str(&c.spec).map_err(|_| corrupt("calendar spec", cv))?;
                Some(BusinessCalendar::from_spec(&spec).map_err(|_| corrupt("calendar spec", cv))?)
            }
        };
        let pinned = Arc::new(Pinned { policy, calendar });
        self.map
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, pinned.clone());
        Ok(pinned)
    }
}

fn corrupt(what: &str, id: i64) -> ServiceError {
    ServiceError::Internal(format!("{what} {id} is missing or unreadable"))
}
