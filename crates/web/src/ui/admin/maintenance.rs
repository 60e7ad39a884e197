//! /admin/campuses/{id}/maintenance: a campus's maintenance timeline (the shared partial), the
//! form that records a backup, an update, an upgrade or a window, and the campus's Moodle
//! web-service token (write-only, like mail passwords) with "check now". /admin/upgrades lists
//! the campuses eligible for a platform version upgrade.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    maintenance::{MaintenanceInput, MoodleTokenInput, RecordedVia, UpgradeEligibility},
};

use super::{
    Errs, Flash, admin_only, chrome, done,
    forms::NoFields,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    campus_maintenance::MaintenanceBlock,
    i18n::Tr,
    session::{CsrfForm, Session},
};

pub const KINDS: [&str; 6] = [
    "backup",
    "os_update",
    "db_update",
    "security_patch",
    "platform_upgrade",
    "maintenance_window",
];

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/campuses/{id}/maintenance", get(show).post(record))
        .route("/admin/campuses/{id}/moodle", post(save_token))
        .route("/admin/campuses/{id}/moodle/check", post(check_now))
        .route("/admin/upgrades", get(upgrades))
}

/// The record form as typed. Dates are the browser's `datetime-local` (the user's zone).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RecordForm {
    pub kind: String,
    pub performed_at: String,
    pub status: String,
    pub size: String,
    pub duration: String,
    pub location: String,
    pub package: String,
    pub from_version: String,
    pub to_version: String,
    pub starts_at: String,
    pub ends_at: String,
    pub description: String,
    pub note: String,
}

impl Default for RecordForm {
    fn default() -> Self {
        RecordForm {
            kind: "backup".into(),
            performed_at: String::new(),
            status: "ok".into(),
            size: String::new(),
            duration: String::new(),
            location: String::new(),
            package: String::new(),
            from_version: String::new(),
            to_version: String::new(),
            starts_at: String::new(),
            ends_at: String::new(),
            description: String::new(),
            note: String::new(),
        }
    }
}

fn some(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// `2026-11-02T10:30` in `zone` → RFC 3339; anything else is passed on for the use case to
/// refuse by name.
fn instant(v: &str, zone: &str) -> Option<String> {
    let v = some(v)?;
    let local = v.parse::<jiff::civil::DateTime>().ok().and_then(|dt| {
        let tz = jiff::tz::TimeZone::get(zone).ok()?;
        tz.to_timestamp(dt).ok().map(|t| t.to_string())
    });
    Some(local.unwrap_or(v))
}

impl RecordForm {
    /// The use case's input: only the fields of the chosen kind (a field of another kind left
    /// filled in the form is not an error here).
    fn input(&self, t: &Tr, zone: &str, errs: &mut Errs) -> MaintenanceInput {
        let kind = self.kind.trim();
        let mut i = MaintenanceInput {
            kind: kind.to_string(),
            note: some(&self.note),
            ..MaintenanceInput::default()
        };
        if kind != "maintenance_window" {
            i.performed_at = instant(&self.performed_at, zone);
        }
        match kind {
            "backup" => {
                i.status = some(&self.status);
                i.location = some(&self.location);
                if let Some(s) = some(&self.size) {
                    match domain::maintenance::parse_size("size_bytes", &s) {
                        Ok(b) => i.size_bytes = Some(b),
                        Err(e) => errs.push(&e.field, crate::ui::feedback::field_error(t, &e)),
                    }
                }
                if let Some(d) = some(&self.duration) {
                    match d.parse::<i64>() {
                        Ok(n) => i.duration_seconds = Some(n),
                        Err(_) => errs.push(
                            "duration_seconds",
                            format!("{}: {}", t.t("field-duration-seconds"), t.t("err-number")),
                        ),
                    }
                }
            }
            "os_update" | "db_update" | "security_patch" | "platform_upgrade" => {
                if kind != "platform_upgrade" {
                    i.package = some(&self.package);
                }
                i.from_version = some(&self.from_version);
                i.to_version = some(&self.to_version);
            }
            "maintenance_window" => {
                i.note = None;
                i.starts_at = instant(&self.starts_at, zone);
                i.ends_at = instant(&self.ends_at, zone);
                i.description = some(&self.description);
            }
            _ => {}
        }
        i
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub token: String,
    pub clear_token: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/campus_maintenance.html")]
struct MaintPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    campus_id: i64,
    url: String,
    hosted: bool,
    m: MaintenanceBlock,
    form: RecordForm,
    errs: Errs,
    token_errs: Errs,
    kinds: Vec<&'static str>,
}

impl MaintPage<'_> {
    fn kind_label(&self, k: &&str) -> String {
        self.t.t(&format!("maint-kind-{}", k.replace('_', "-")))
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    flash: Option<String>,
    form: RecordForm,
    errs: Errs,
    token_errs: Errs,
) -> Page {
    let a = &s.0.actor;
    let timeline = svc.maintenance_timeline(a, id).await.or_page(t)?;
    let path = format!("/admin/campuses/{id}/maintenance");
    // Only what the campus's plan covers there (the seed's asterisk: a campus not on our
    // servers takes only the upgrade), as the service will check on saving.
    let coverage = svc.campus_coverage(a, id).await.or_page(t)?;
    let kinds = KINDS
        .into_iter()
        .filter(|k| {
            domain::maintenance::MaintenanceKind::parse(k).is_some_and(|k| {
                coverage.services.iter().any(|c| {
                    c.service == k.service() && c.coverage == domain::contract::Coverage::Included
                })
            })
        })
        .collect();
    let invalid = errs.any() || token_errs.any();
    let page = MaintPage {
        t,
        chrome: chrome(s, &path),
        csrf: s.0.csrf.clone(),
        flash,
        campus_id: id,
        url: timeline.url.clone(),
        hosted: timeline.hosted_by_us,
        m: MaintenanceBlock::of(t, &timeline, true),
        form,
        errs,
        token_errs,
        kinds,
    };
    Ok(render_form(&page, invalid))
}

async fn show(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<Flash>,
) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    let form = RecordForm::default();
    render(
        &svc,
        &s,
        &t,
        id,
        flash,
        form,
        Errs::default(),
        Errs::default(),
    )
    .await
}

async fn record(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<RecordForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &s.0.time_zone, &mut errs);
    let call = svc.record_maintenance(&s.0.actor, RecordedVia::Web, id, &input);
    match attempt(&t, errs, call).await? {
        Outcome::Saved(_) => Ok(done(
            &format!("/admin/campuses/{id}/maintenance"),
            "created",
        )),
        Outcome::Rejected(errs) => {
            render(&svc, s, &t, id, None, f.form, errs, Errs::default()).await
        }
    }
}

async fn save_token(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<TokenForm>,
) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let input = MoodleTokenInput {
        token: some(&f.form.token),
        clear_token: f.form.clear_token.is_some(),
    };
    let call = svc.set_moodle_token(&s.0.actor, id, &input);
    match attempt(&t, Errs::default(), call).await? {
        Outcome::Saved(_) => Ok(done(&format!("/admin/campuses/{id}/maintenance"), "saved")),
        Outcome::Rejected(errs) => {
            render(
                &svc,
                s,
                &t,
                id,
                None,
                RecordForm::default(),
                Errs::default(),
                errs,
            )
            .await
        }
    }
}

async fn check_now(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.check_moodle_now(&s.0.actor, id).await.or_page(&t)?;
    Ok(done(&format!("/admin/campuses/{id}/maintenance"), "saved"))
}

#[derive(Template)]
#[template(path = "admin/upgrades.html")]
struct UpgradesPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    campuses: Vec<UpgradeEligibility>,
}

async fn upgrades(State(svc): State<Service>, s: Session) -> Page {
    let t = admin_only(&s)?;
    let campuses = svc
        .upgrade_eligible_campuses(&s.0.actor)
        .await
        .or_page(&t)?;
    Ok(crate::ui::page::render(&UpgradesPage {
        t: &t,
        chrome: chrome(&s, "/admin/upgrades"),
        campuses,
    }))
}
