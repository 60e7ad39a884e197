//! The platform version upgrade, which the contract includes for every campus "once it has at
//! least 6 months of service": a campus is eligible from 6 calendar months after the later of
//! its service start and its last platform upgrade, as dates in the client's time zone (see
//! `domain::maintenance::upgrade_eligible_from` for month ends: 2026-08-31 → 2027-02-28).
//!
//! A client admin asks for it with one button: a LOW technical ticket "Actualización de
//! versión" for that campus, refused while the campus is not eligible, and answered with the
//! request already open when there is one.

use std::collections::HashMap;

use domain::{Priority, maintenance::upgrade_eligible_from, ticket::Category};
use jiff::civil::Date;
use serde::Serialize;
use store::{clients::CampusRow, maintenance as st};
use utoipa::ToSchema;

use super::client_zone;
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    admin::rfc3339,
    tickets::{NewTicket, TicketView},
    ts,
};

/// A campus's standing for the version upgrade.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UpgradeEligibility {
    pub campus_id: i64,
    pub client_id: i64,
    pub url: String,
    pub platform: String,
    pub platform_version: String,
    pub hosted_by_us: bool,
    #[schema(format = Date)]
    pub service_start_date: String,
    /// When its last platform upgrade was done, if any.
    #[schema(format = DateTime)]
    pub last_upgrade: Option<String>,
    /// The later of the service start and the last upgrade's date (client's zone).
    #[schema(format = Date)]
    pub counted_from: String,
    /// Today (client's zone) is on or after `eligible_since`.
    pub eligible: bool,
    /// The first day it may ask: 6 calendar months after `counted_from` (a future date while
    /// not yet eligible).
    #[schema(format = Date)]
    pub eligible_since: String,
    /// The open "Actualización de versión" ticket of this campus, if one is open.
    pub open_request_ticket_id: Option<i64>,
}

/// What pressing the button did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UpgradeRequest {
    /// `false`: a request was already open, and this is its ticket.
    pub created: bool,
    pub ticket: TicketView,
}

impl Service {
    fn eligibility_of(
        &self,
        c: &CampusRow,
        zone: &str,
        last_upgrade_us: Option<i64>,
        open_request: Option<i64>,
    ) -> ServiceResult<UpgradeEligibility> {
        let tz = client_zone(zone, c.client_id)?;
        let start: Date = c.service_start_date.parse().map_err(|_| {
            ServiceError::Internal(format!(
                "campus {}: stored service_start_date {:?} is not a date",
                c.id, c.service_start_date
            ))
        })?;
        let upgraded = last_upgrade_us.map(|u| ts(u).to_zoned_datetime(tz.clone()).date());
        let from = upgraded.map_or(start, |u| u.max(start));
        let since = upgrade_eligible_from(from);
        let today = self.now().to_zoned_datetime(tz).date();
        Ok(UpgradeEligibility {
            campus_id: c.id,
            client_id: c.client_id,
            url: c.url.clone(),
            platform: c.platform.clone(),
            platform_version: c.platform_version.clone(),
            hosted_by_us: c.hosted_by_us,
            service_start_date: c.service_start_date.clone(),
            last_upgrade: last_upgrade_us.map(rfc3339),
            counted_from: from.to_string(),
            eligible: today >= since,
            eligible_since: since.to_string(),
            open_request_ticket_id: open_request,
        })
    }

    /// Every campus the actor may see (TENANT: a client admin's own), with its standing.
    pub async fn upgrade_eligibility_all(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<UpgradeEligibility>> {
        let scope = actor.client_scope(); // TENANT
        let campuses = store::clients::list_campuses(&self.db, scope).await?;
        let zones: HashMap<i64, String> = store::clients::list_clients(&self.db, scope)
            .await?
            .into_iter()
            .map(|c| (c.id, c.time_zone))
            .collect();
        let upgrades: HashMap<i64, i64> = st::last_upgrades(&self.db, scope)
            .await?
            .into_iter()
            .collect();
        let open: HashMap<i64, i64> = st::open_upgrade_requests(&self.db, scope)
            .await?
            .into_iter()
            .collect();
        campuses
            .iter()
            .map(|c| {
                let zone = zones.get(&c.client_id).map_or("UTC", String::as_str);
                self.eligibility_of(
                    c,
                    zone,
                    upgrades.get(&c.id).copied(),
                    open.get(&c.id).copied(),
                )
            })
            .collect()
    }

    /// The campuses eligible for an upgrade today (staff: every client's).
    pub async fn upgrade_eligible_campuses(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<UpgradeEligibility>> {
        Ok(self
            .upgrade_eligibility_all(actor)
            .await?
            .into_iter()
            .filter(|e| e.eligible)
            .collect())
    }

    /// One campus's standing. TENANT: another client's campus answers 404.
    pub async fn upgrade_eligibility(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<UpgradeEligibility> {
        let c = self.visible_campus(actor, campus_id).await?;
        let client = store::clients::get_client(&self.db, c.client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let last = st::list_records(&self.db, c.id, Some("platform_upgrade"), None, 1)
            .await?
            .first()
            .map(|r| r.performed_at_us);
        let open = st::open_upgrade_requests(&self.db, Some(c.client_id))
            .await?
            .into_iter()
            .find(|(campus, _)| *campus == c.id)
            .map(|(_, t)| t);
        self.eligibility_of(&c, &client.time_zone, last, open)
    }

    /// "Solicitar actualización de versión": a client admin asks for the upgrade of one of
    /// their campuses. Opens a LOW technical ticket, or answers the request already open
    /// (`created: false`); refused (409 `upgrade_not_eligible`) before the campus is eligible.
    pub async fn request_upgrade(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<UpgradeRequest> {
        let e = self.upgrade_eligibility(actor, campus_id).await?;
        if actor.is_staff() {
            return Err(ServiceError::Forbidden(
                "the campus's administrators ask for the upgrade; staff open a ticket for them",
            ));
        }
        let new = NewTicket {
            client_id: None,
            campus_id: Some(campus_id),
            category: Category::Technical,
            priority: Priority::Low,
            subject: "Actualización de versión".into(),
            body: format!(
                "Solicitamos la actualización de versión de la plataforma del campus {} ({} {}), \
                 incluida en el abono una vez cumplidos 6 meses de servicio (desde el {}).",
                e.url, e.platform, e.platform_version, e.eligible_since
            ),
            tags: vec!["actualizacion".into()],
            linked_ticket_id: None,
            requester_id: None,
        };
        let prepared = self.prepare_ticket(actor, &new).await?;
        let mut tx = self.db.begin().await?;
        // One request at a time per campus: the campus row is the lock.
        st::lock_campus(&mut tx, campus_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if let Some((ticket_id, status)) = st::latest_upgrade_request_in(&mut tx, campus_id).await?
            && status != "resolved"
            && status != "closed"
        {
            drop(tx);
            let ticket = self.get_ticket(actor, ticket_id).await?;
            return Ok(UpgradeRequest {
                created: false,
                ticket,
            });
        }
        if !e.eligible {
            return Err(ServiceError::state(
                "upgrade_not_eligible",
                format!(
                    "this campus may ask for a version upgrade from {} (6 months after {})",
                    e.eligible_since, e.counted_from
                ),
            ));
        }
        let now = self.now();
        let (row, snap) = self
            .insert_ticket_in(&mut tx, actor, &new, &prepared, &[], now)
            .await?;
        st::insert_upgrade_request(&mut tx, campus_id, row.id, crate::us(now)).await?;
        tx.commit().await?;
        metrics::counter!("atiende_tickets_created_total", "priority" => "low").increment(1);
        Ok(UpgradeRequest {
            created: true,
            ticket: self.view_from_snapshot(row, &snap).await?,
        })
    }
}
