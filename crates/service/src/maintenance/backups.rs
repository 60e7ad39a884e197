//! The missing-backup watch (`backup_watch` job): a campus whose plan covers its daily backups
//! (the seed's plan: campuses on our servers) with no successful backup in
//! the last `ATIENDE_BACKUP_MAX_AGE_HOURS` (26 by default) gets ONE high technical ticket,
//! opened by the system user and kept for staff until an agent publishes it. Nothing repeats
//! until a successful backup arrives: that clears the alert and notes "backup received" on the
//! ticket; a later gap opens a new one.
//!
//! Where the count starts: the last successful backup; a campus never backed up counts from
//! its service start (00:00 of that date in the client's time zone) or from when it was added
//! to Atiende, whichever is later — a campus added today is not a year overdue.
//!
//! Two nodes never open two: the alert row (one open per campus, a unique index) commits with
//! the ticket, so the loser's transaction — ticket included — rolls back.

use domain::{
    Priority,
    contract::{ContractService, Coverage},
    ticket::Category,
};
use jiff::{SignedDuration, Timestamp, civil::Date, tz::TimeZone};
use store::{StoreError, Tx, maintenance as st};

use super::{client_zone, records::Checked};
use crate::{
    Service, ServiceError, ServiceResult,
    tickets::{Reply, SystemTicket, TicketEvent},
    ts, us,
};

/// What one run of the watch did.
#[derive(Debug, Default, Clone)]
pub struct BackupWatchReport {
    /// Campuses whose plan covers their backups, looked at.
    pub campuses: usize,
    /// Tickets opened by this run.
    pub opened: Vec<i64>,
}

/// An overdue ticket is clocked from when the backup became overdue, but never from longer ago
/// than this: a campus with no backup recorded since long before the watch ran (a first
/// deployment, a runner stopped for days) gets a ticket that starts its 12 h now-ish instead of
/// one born breached.
const CLOCK_BACKDATE_MAX: SignedDuration = SignedDuration::from_hours(1);

/// Where the count starts for a campus never backed up: the later of its service start
/// (midnight in the client's zone) and its creation.
pub(crate) fn count_origin(start: &str, created_at_us: i64, tz: &TimeZone) -> Timestamp {
    let created = ts(created_at_us);
    start
        .parse::<Date>()
        .ok()
        .and_then(|d| tz.to_timestamp(d.at(0, 0, 0, 0)).ok())
        .map_or(created, |s| s.max(created))
}

fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

impl Service {
    /// One run of the watch (the `backup_watch` job).
    pub async fn backup_watch_step(&self) -> ServiceResult<BackupWatchReport> {
        let now = self.now();
        let max_age = self.maintenance.backup_max_age;
        let mut rows = Vec::new();
        for r in st::backup_watch_rows(&self.db).await? {
            let c = self
                .covers(
                    r.client_id,
                    r.campus_id,
                    r.hosted_by_us,
                    ContractService::DailyBackups,
                )
                .await?;
            if c == Coverage::Included {
                rows.push(r);
            }
        }
        let mut report = BackupWatchReport {
            campuses: rows.len(),
            ..BackupWatchReport::default()
        };
        for r in rows.into_iter().filter(|r| r.open_alert_ticket.is_none()) {
            let tz = client_zone(&r.time_zone, r.client_id)?;
            let from = r
                .last_ok_us
                .map(ts)
                .unwrap_or_else(|| count_origin(&r.service_start_date, r.created_at_us, &tz));
            let overdue_at = from.checked_add(max_age).unwrap_or(Timestamp::MAX);
            if overdue_at > now {
                continue;
            }
            if let Some(ticket) = self.raise_backup_alert(&r, &tz, from, overdue_at).await? {
                report.opened.push(ticket);
            }
        }
        if !report.opened.is_empty() {
            tracing::info!(opened = report.opened.len(), "missing backups");
        }
        Ok(report)
    }

    /// Opens the ticket and the alert of one campus in one transaction; `None` when, looked at
    /// again under the write lock, there is nothing to do (a backup arrived, another node did it).
    async fn raise_backup_alert(
        &self,
        r: &st::BackupWatchRow,
        tz: &TimeZone,
        from: Timestamp,
        overdue_at: Timestamp,
    ) -> ServiceResult<Option<i64>> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if st::open_alert_in(&mut tx, r.campus_id).await?.is_some()
            || st::last_ok_backup_in(&mut tx, r.campus_id).await? != r.last_ok_us
        {
            return Ok(None);
        }
        let hours = self.maintenance.backup_max_age.as_hours();
        // Named as the monitor names it (host, port and path: several campuses on one host).
        let host = crate::monitors::texts::host(&r.url);
        let since = match r.last_ok_us {
            Some(_) => format!("la última correcta es del {}", local(from, tz)),
            None => format!(
                "no hay ninguna registrada desde el {} (inicio del servicio o alta del campus)",
                local(from, tz)
            ),
        };
        let ticket = SystemTicket {
            client_id: r.client_id,
            campus_id: Some(r.campus_id),
            category: Category::Technical,
            priority: Priority::High,
            subject: format!("Copia de seguridad faltante: {host}"),
            body: format!(
                "No hemos recibido la copia de seguridad diaria del campus {} en las últimas {hours} \
                 horas. Lo estamos revisando.",
                r.url
            ),
            tags: vec!["backup".into()],
            opened_at: overdue_at.max(now - CLOCK_BACKDATE_MAX).min(now),
        };
        let mut row = self.open_system_ticket_in(&mut tx, &ticket).await?;
        let system = self.system_actor().await?;
        // Kept for staff: the alert is ours to check before the client hears of it.
        row.staff_only = true;
        let at = self.now_after(&row);
        let hide = [TicketEvent::VisibilityChanged {
            staff_only: true,
            internal: true,
        }];
        self.record(&mut tx, &mut row, Some(system.user_id), &hide, at)
            .await?;
        let note = format!(
            "Copia de seguridad faltante: ningún respaldo correcto de {} en {hours} h \
             (ATIENDE_BACKUP_MAX_AGE_HOURS); {since}. Este ticket no es visible para el cliente \
             hasta que un agente lo publique.",
            r.url
        );
        self.note_in(&mut tx, &mut row, note).await?;
        match st::insert_alert(&mut tx, r.campus_id, row.id, us(from), us(now)).await {
            Ok(_) => {}
            // Another node raised it meanwhile: drop this transaction, ticket and all.
            Err(StoreError::Conflict { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        let data = serde_json::json!({
            "campus": {"id": r.campus_id, "client_id": r.client_id, "url": r.url},
            "last_ok_at": r.last_ok_us.map(|u| ts(u).to_string()),
            "counted_from": from.to_string(),
            "max_age_hours": hours,
            "ticket": {"id": row.id, "number": domain::ticket::ticket_number(domain::ids::TicketId(row.id))},
        });
        self.emit_webhook(&mut tx, "backup.missed", data).await?;
        tx.commit().await?;
        Ok(Some(row.id))
    }

    /// An internal note by the system user on a ticket read in `tx` (nothing on a closed one:
    /// it is final).
    async fn note_in(
        &self,
        tx: &mut Tx,
        row: &mut store::tickets::TicketRow,
        body: String,
    ) -> ServiceResult<()> {
        if row.status == "closed" {
            return Ok(());
        }
        let system = self.system_actor().await?;
        let reply = Reply {
            body: body.clone(),
            internal: true,
            files: Vec::new(),
            status: None,
            reopen: false,
        };
        let at = self.now_after(row);
        self.reply_in(tx, &system, row, at, &reply, Some(body))
            .await?;
        Ok(())
    }

    /// A successful backup `record_id` of a campus: clears its open alert (if the backup is
    /// newer than what the alert knew) and notes it on the alert's ticket, inside `tx`.
    pub(super) async fn backup_received_in(
        &self,
        tx: &mut Tx,
        campus_id: i64,
        record_id: i64,
        c: &Checked,
    ) -> ServiceResult<()> {
        let Some(alert) = st::open_alert_in(tx, campus_id).await? else {
            return Ok(());
        };
        if us(c.performed_at) <= alert.last_ok_us {
            return Ok(());
        }
        st::clear_alert(tx, alert.id, record_id, us(self.now())).await?;
        let mut row = store::tickets::get_ticket_for_update(tx, alert.ticket_id)
            .await?
            .ok_or_else(|| {
                ServiceError::Internal(format!("backup alert {}: ticket missing", alert.id))
            })?;
        let size = c
            .size_bytes
            .map(|b| format!(" ({})", domain::maintenance::format_size(b)))
            .unwrap_or_default();
        let note = format!(
            "Copia de seguridad recibida: correcta, hecha el {}{size}. La alerta queda cerrada.",
            c.performed_at
        );
        self.note_in(tx, &mut row, note).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campus_never_backed_up_counts_from_the_later_of_start_and_creation() {
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").unwrap();
        let created: Timestamp = "2026-11-02T10:00:00Z".parse().unwrap();
        // Started long before it was added: counts from when it was added.
        assert_eq!(count_origin("2026-01-15", us(created), &tz), created);
        // Starts later: from 00:00 of that day in Buenos Aires (03:00 UTC).
        assert_eq!(
            count_origin("2026-12-01", us(created), &tz),
            "2026-12-01T03:00:00Z".parse::<Timestamp>().unwrap()
        );
    }
}
