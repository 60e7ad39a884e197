//! Add-ons: administration hours an administrator adds to one client's month (a package the
//! client bought, a goodwill gift). Administrators write them, and each keeps who recorded
//! and who last changed it; staff and the client's own admins read them. Every creation,
//! change and deletion is also logged (`hours_addon_change`, written in the same transaction
//! and kept after the add-on is gone): an add-on moves what the client is billed.

use domain::{hours, hours::Month, limits, ticket::bounded_text};
use serde::{Deserialize, Serialize};
use store::hours::AddonRow;
use utoipa::ToSchema;

use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339};

/// `POST /api/v1/clients/{id}/hours/addons`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddonInput {
    /// `YYYY-MM`, in the client's time zone.
    pub month: String,
    /// More than 0, at most 10000, a whole number of minutes (`1.5` = 90 minutes).
    pub hours: f64,
    pub note: Option<String>,
}

/// `PATCH /api/v1/hours/addons/{id}`: what is sent changes, the rest stays.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddonPatch {
    pub month: Option<String>,
    pub hours: Option<f64>,
    /// Empty clears it.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddonView {
    pub id: i64,
    pub client_id: i64,
    pub month: String,
    pub minutes: i64,
    pub hours: f64,
    pub note: String,
    /// Who recorded it (staff only).
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Who changed it last (staff only).
    pub updated_by: Option<i64>,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// `GET /api/v1/clients/{id}/hours/addon-changes`: one change of an add-on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddonChangeView {
    pub id: i64,
    /// The add-on (it may since have been deleted).
    pub addon_id: i64,
    pub client_id: i64,
    /// `created`, `updated` or `deleted`.
    pub action: String,
    /// The add-on after the change (as it was, for `deleted`).
    pub month: String,
    pub minutes: i64,
    pub hours: f64,
    pub note: String,
    pub by: Option<i64>,
    pub by_name: Option<String>,
    #[schema(format = DateTime)]
    pub at: String,
}

pub(crate) fn addon_view(a: AddonRow, staff: bool) -> AddonView {
    AddonView {
        id: a.id,
        client_id: a.client_id,
        month: a.month,
        minutes: a.minutes,
        hours: hours::hours_of(a.minutes),
        note: a.note,
        created_by: a.created_by.filter(|_| staff),
        created_by_name: a.created_by_name.filter(|_| staff),
        created_at: rfc3339(a.created_at_us),
        updated_by: a.updated_by.filter(|_| staff),
        updated_at: rfc3339(a.updated_at_us),
    }
}

fn note(e: &mut Errors, v: Option<&str>) -> String {
    match v {
        Some(n) if !n.trim().is_empty() => e
            .take(bounded_text("note", n, limits::REASON_MAX))
            .unwrap_or_default(),
        Some(n) => {
            // Only blanks: nothing to keep, but still no control characters.
            e.take(domain::ticket::check_chars("note", n, true));
            String::new()
        }
        None => String::new(),
    }
}

impl Service {
    /// The add-ons of a client (of one month, or all). TENANT: a client admin reads its own.
    pub async fn list_addons(
        &self,
        actor: &Actor,
        client_id: i64,
        month: Option<&str>,
    ) -> ServiceResult<Vec<AddonView>> {
        actor.check_client(client_id)?; // TENANT
        self.hours_client(client_id).await?;
        let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(Month::parse("month", m)?.to_string()),
            None => None,
        };
        Ok(
            store::hours::list_addons(&self.db, client_id, month.as_deref())
                .await?
                .into_iter()
                .map(|a| addon_view(a, actor.is_staff()))
                .collect(),
        )
    }

    /// One add-on. TENANT: another client's answers 404.
    pub async fn get_addon(&self, actor: &Actor, id: i64) -> ServiceResult<AddonView> {
        let a = store::hours::get_addon(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_client(a.client_id)?; // TENANT
        Ok(addon_view(a, actor.is_staff()))
    }

    /// Records an add-on (administrators).
    pub async fn create_addon(
        &self,
        actor: &Actor,
        client_id: i64,
        i: &AddonInput,
    ) -> ServiceResult<AddonView> {
        actor.check_client(client_id)?; // TENANT
        actor.require_admin()?;
        self.hours_client(client_id).await?;
        let mut e = Errors::default();
        let month = e.take(Month::parse("month", &i.month));
        let minutes = e.take(hours::addon_minutes("hours", i.hours));
        let note = note(&mut e, i.note.as_deref());
        e.finish()?;
        let (Some(month), Some(minutes)) = (month, minutes) else {
            return Err(ServiceError::Internal("checked add-on lost a field".into()));
        };
        let mut tx = self.db.begin().await?;
        let id = store::hours::insert_addon(
            &mut tx,
            client_id,
            &month.to_string(),
            minutes,
            &note,
            actor.user_id,
            self.now_us(),
        )
        .await?;
        self.log_addon(&mut tx, "created", id, actor).await?;
        tx.commit().await?;
        self.get_addon(actor, id).await
    }

    /// Writes the log entry of a change to add-on `id` as it now stands, inside `tx`.
    async fn log_addon(
        &self,
        tx: &mut store::Tx,
        action: &str,
        id: i64,
        actor: &Actor,
    ) -> ServiceResult<()> {
        let a = store::hours::get_addon_in(tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        store::hours::log_addon_change(tx, action, &a, actor.user_id, self.now_us()).await?;
        Ok(())
    }

    /// A client's add-on changes, newest first (the last 200): staff only — the client sees
    /// the add-ons themselves in its bank.
    pub async fn addon_changes(
        &self,
        actor: &Actor,
        client_id: i64,
    ) -> ServiceResult<Vec<AddonChangeView>> {
        actor.check_client(client_id)?; // TENANT
        actor.require_staff()?;
        self.hours_client(client_id).await?;
        Ok(store::hours::list_addon_changes(&self.db, client_id, 200)
            .await?
            .into_iter()
            .map(|c| AddonChangeView {
                id: c.id,
                addon_id: c.addon_id,
                client_id: c.client_id,
                action: c.action,
                month: c.month,
                minutes: c.minutes,
                hours: hours::hours_of(c.minutes),
                note: c.note,
                by: c.by_user,
                by_name: c.by_name,
                at: rfc3339(c.at_us),
            })
            .collect())
    }

    /// Changes an add-on (administrators); who changed it is kept.
    pub async fn update_addon(
        &self,
        actor: &Actor,
        id: i64,
        p: &AddonPatch,
    ) -> ServiceResult<AddonView> {
        let cur = self.get_addon(actor, id).await?;
        actor.require_admin()?;
        let mut e = Errors::default();
        let month = match &p.month {
            Some(m) => e.take(Month::parse("month", m)).map(|m| m.to_string()),
            None => Some(cur.month.clone()),
        };
        let minutes = match p.hours {
            Some(h) => e.take(hours::addon_minutes("hours", h)),
            None => Some(cur.minutes),
        };
        let note = match &p.note {
            Some(n) => note(&mut e, Some(n)),
            None => cur.note.clone(),
        };
        e.finish()?;
        let (Some(month), Some(minutes)) = (month, minutes) else {
            return Err(ServiceError::Internal("checked add-on lost a field".into()));
        };
        let mut tx = self.db.begin().await?;
        store::hours::update_addon(
            &mut tx,
            id,
            &month,
            minutes,
            &note,
            actor.user_id,
            self.now_us(),
        )
        .await?;
        self.log_addon(&mut tx, "updated", id, actor).await?;
        tx.commit().await?;
        self.get_addon(actor, id).await
    }

    /// Removes an add-on (administrators); the change log keeps what it was.
    pub async fn delete_addon(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let cur = self.get_addon(actor, id).await?;
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        // Logged as it was just before it went.
        self.log_addon(&mut tx, "deleted", id, actor).await?;
        store::hours::delete_addon(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(
            addon = id,
            client = cur.client_id,
            month = %cur.month,
            minutes = cur.minutes,
            by = actor.user_id,
            "administration-hours add-on deleted"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_optional_but_clean() {
        let mut e = Errors::default();
        assert_eq!(note(&mut e, Some("  ")), "");
        assert_eq!(note(&mut e, Some(" paquete ")), "paquete");
        assert!(e.0.is_empty());
        note(&mut e, Some("a\u{7}b"));
        assert_eq!(e.0[0].field, "note");
    }
}
