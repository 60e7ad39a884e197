//! The campuses' maintenance in the demo: a week of daily backups on every campus on our
//! servers (one of them failed and retried), a few system updates and a platform upgrade —
//! and one campus whose last good backup is 30 hours old, so the backup watch has opened its
//! staff-only ticket by the time the demo starts.

use jiff::Timestamp;
use service::{
    Actor, Service,
    maintenance::{MaintenanceInput, RecordedVia},
};

use super::{before, clients::Seeded, e};

fn at(now: Timestamp, hours_ago: f64) -> anyhow::Result<Option<String>> {
    Ok(Some(before(now, hours_ago)?.to_string()))
}

fn backup(
    status: &str,
    when: Option<String>,
    size: i64,
    campus: i64,
    day: usize,
) -> MaintenanceInput {
    MaintenanceInput {
        kind: "backup".into(),
        status: Some(status.into()),
        performed_at: when,
        size_bytes: (status == "ok").then_some(size),
        duration_seconds: Some(300 + 17 * day as i64),
        location: Some(format!(
            "s3://atiende-copias/campus-{campus}/dia-{day}.tar.zst"
        )),
        note: (status == "failed")
            .then(|| "sin espacio en el volumen de destino; se reintenta".into()),
        ..MaintenanceInput::default()
    }
}

pub(super) async fn seed(
    service: &Service,
    admin: &Actor,
    clients: &[Seeded],
    now: Timestamp,
) -> anyhow::Result<()> {
    let mut hosted = Vec::new();
    for c in clients.iter().flat_map(|c| &c.campuses) {
        let v = service.get_campus(admin, *c).await.map_err(e("campus"))?;
        if v.hosted_by_us {
            hosted.push(*c);
        }
    }
    for (n, campus) in hosted.iter().enumerate() {
        // The first hosted campus's copies stopped 30 hours ago.
        let newest = if n == 0 { 1 } else { 0 };
        let size = 2_400_000_000 + 150_000_000 * n as i64;
        for day in (newest..7).rev() {
            let hours = 24.0 * day as f64 + 6.0 + n as f64;
            if day == 3 && n == 1 {
                let failed = backup("failed", at(now, hours + 1.0)?, size, *campus, day);
                service
                    .record_maintenance(admin, RecordedVia::Cli, *campus, &failed)
                    .await
                    .map_err(e("backup"))?;
            }
            let ok = backup(
                "ok",
                at(now, hours)?,
                size + 3_000_000 * day as i64,
                *campus,
                day,
            );
            service
                .record_maintenance(admin, RecordedVia::Cli, *campus, &ok)
                .await
                .map_err(e("backup"))?;
        }
        let updates = [
            (
                "os_update",
                "linux-image-amd64",
                "6.1.0-25",
                "6.1.0-26",
                50.0,
            ),
            ("security_patch", "openssl", "3.0.13", "3.0.14", 98.0),
            ("db_update", "mariadb-server", "10.11.6", "10.11.9", 170.0),
        ];
        for (kind, package, from, to, hours_ago) in updates.into_iter().skip(n % 2) {
            let i = MaintenanceInput {
                kind: kind.into(),
                package: Some(package.into()),
                from_version: Some(from.into()),
                to_version: Some(to.into()),
                performed_at: at(now, hours_ago + n as f64)?,
                ..MaintenanceInput::default()
            };
            service
                .record_maintenance(admin, RecordedVia::Web, *campus, &i)
                .await
                .map_err(e("update"))?;
        }
    }
    if let Some(campus) = hosted.last() {
        let i = MaintenanceInput {
            kind: "platform_upgrade".into(),
            from_version: Some("4.4.6".into()),
            to_version: Some("4.5.2".into()),
            performed_at: at(now, 24.0 * 40.0)?,
            note: Some("Actualización anual; sin incidencias.".into()),
            ..MaintenanceInput::default()
        };
        service
            .record_maintenance(admin, RecordedVia::Web, *campus, &i)
            .await
            .map_err(e("upgrade"))?;
    }
    service
        .backup_watch_step()
        .await
        .map_err(e("backup watch"))?;
    Ok(())
}
