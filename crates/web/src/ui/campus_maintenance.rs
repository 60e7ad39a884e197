//! The maintenance of one campus as a block any page can show: `templates/campus/_maintenance.html`
//! with a [`MaintenanceBlock`] named `m` and the translator `t` in scope:
//!
//! ```text
//! {% if let Some(m) = maint %}{% include "campus/_maintenance.html" %}{% endif %}
//! ```
//!
//! It holds ready-to-print text (dates in the reader's zone, sizes in KB/MB/GB), so the
//! including page needs nothing else. The admin campus page shows it; the staff campus page
//! (`/console/campuses/{id}`) is meant to include it too.

use service::maintenance::{MaintenanceTimeline, MaintenanceView};

use super::i18n::Tr;

/// One line of a list: when, what, who.
pub struct Line {
    pub id: i64,
    pub when: String,
    pub what: String,
    /// `ok` / `failed` for backups (a badge), empty otherwise.
    pub status: String,
    pub status_label: String,
    pub who: String,
}

pub struct MaintenanceBlock {
    pub campus_id: i64,
    pub hosted: bool,
    pub last_ok: Option<Line>,
    pub last_failed: Option<Line>,
    pub backups: Vec<Line>,
    /// The open missing-backup alert's ticket (staff).
    pub alert_ticket: Option<i64>,
    pub alert_since: String,
    pub updates: Vec<Line>,
    pub upgrades: Vec<Line>,
    pub windows: Vec<Line>,
    pub eligible: bool,
    pub eligible_since: String,
    pub counted_from: String,
    pub platform: String,
    /// Moodle (staff): release, version, when checked, last error.
    pub moodle_release: String,
    pub moodle_version: String,
    pub moodle_checked: String,
    pub moodle_error: String,
    pub moodle_token_set: bool,
    pub show_moodle: bool,
    /// Ticket links lead to the console (staff) or the portal (client admins).
    pub ticket_base: &'static str,
}

fn what(t: &Tr, v: &MaintenanceView) -> String {
    let mut parts = vec![t.t(&format!("maint-kind-{}", v.kind.replace('_', "-")))];
    if let Some(b) = v.size_bytes {
        parts.push(domain::maintenance::format_size(b));
    }
    if let Some(d) = v.duration_seconds {
        parts.push(if d < 3600 {
            format!("{} min {:02} s", d / 60, d % 60)
        } else {
            t.duration(d)
        });
    }
    if let Some(p) = &v.package {
        parts.push(p.clone());
    }
    if let (Some(f), Some(to)) = (&v.from_version, &v.to_version) {
        parts.push(format!("{f} → {to}"));
    }
    if let Some(e) = &v.ends_at {
        parts.push(format!("{} {}", t.t("maint-until"), t.datetime(e)));
    }
    if let Some(l) = &v.location {
        parts.push(l.clone());
    }
    if let Some(d) = v.description.as_ref().or(v.note.as_ref()) {
        parts.push(d.clone());
    }
    parts.join(" · ")
}

fn line(t: &Tr, v: &MaintenanceView) -> Line {
    let status = v.status.clone().unwrap_or_default();
    Line {
        id: v.id,
        when: t.datetime(&v.performed_at),
        what: what(t, v),
        status_label: if status.is_empty() {
            String::new()
        } else {
            t.t(&format!("maint-status-{status}"))
        },
        status,
        who: v.recorded_by_name.clone().unwrap_or_default(),
    }
}

impl MaintenanceBlock {
    pub fn of(t: &Tr, m: &MaintenanceTimeline, staff: bool) -> MaintenanceBlock {
        let lines = |v: &[MaintenanceView]| v.iter().map(|r| line(t, r)).collect::<Vec<_>>();
        let e = &m.eligibility;
        let moodle = m.moodle.as_ref();
        let text = |o: Option<&String>| o.cloned().unwrap_or_default();
        MaintenanceBlock {
            campus_id: m.campus_id,
            hosted: m.hosted_by_us,
            last_ok: m.backups.last_ok.as_ref().map(|v| line(t, v)),
            last_failed: m.backups.last_failed.as_ref().map(|v| line(t, v)),
            backups: lines(&m.backups.recent),
            alert_ticket: m.backups.alert_ticket_id,
            alert_since: m
                .backups
                .alert_since
                .as_deref()
                .map(|s| t.datetime(s))
                .unwrap_or_default(),
            updates: lines(&m.updates),
            upgrades: lines(&m.upgrades),
            windows: lines(&m.windows),
            eligible: e.eligible,
            eligible_since: e.eligible_since.clone(),
            counted_from: e.counted_from.clone(),
            platform: format!("{} {}", e.platform, e.platform_version),
            moodle_release: text(moodle.and_then(|x| x.release.as_ref())),
            moodle_version: text(moodle.and_then(|x| x.version.as_ref())),
            moodle_checked: moodle
                .and_then(|x| x.checked_at.as_deref())
                .map(|s| t.datetime(s))
                .unwrap_or_default(),
            moodle_error: text(moodle.and_then(|x| x.error.as_ref())),
            moodle_token_set: moodle.is_some_and(|x| x.token_set),
            show_moodle: moodle.is_some(),
            ticket_base: if staff {
                "/console/tickets"
            } else {
                "/portal/tickets"
            },
        }
    }
}
