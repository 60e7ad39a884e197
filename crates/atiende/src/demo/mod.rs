//! `atiende demo`: a realistic data set seeded relative to *now*.
//!
//! Everything goes through the public [`Service`] use cases. To place a ticket in a given SLA
//! state its story has to have happened in the past, so a second "time-travel" service shares
//! the database with a [`ManualClock`] that is set to each event's instant (never later than
//! the real service's now). Creation instants are chosen with the domain's own clock functions
//! ([`domain::sla::counted_back`]), so business-hours tickets land in the intended state too.
//!
//! This module only orchestrates: who exists ([`staff`], [`clients`]), which SLA each client
//! counts on ([`plans`]), when each story happens ([`timeline`]) and how it is played
//! ([`stories`]). The tickets themselves are data ([`data`]); the campuses' backups and
//! updates are [`maintenance`].

pub mod campus_server;
mod canned;
mod clients;
mod data;
mod hours;
pub mod kb;
mod maintenance;
mod plans;
mod staff;
mod stories;
mod timeline;

use std::sync::Arc;

use anyhow::{Context, anyhow};
use jiff::{SignedDuration, Span, Timestamp, tz::TimeZone};
use service::{ManualClock, Service, ServiceError};

use plans::Plans;
use staff::actor;
use timeline::expected_state;

/// What `demo` prints after seeding.
pub struct DemoSeed {
    /// `(role label, e-mail, password)`
    pub logins: Vec<(String, String, String)>,
    /// A fresh API token of the admin user.
    pub token: String,
}

// The demo's time zones, shared by staff, clients and the Madrid business calendar (whose
// clients also get the peninsular wording in first replies).
const TZ_BUENOS_AIRES: &str = "America/Argentina/Buenos_Aires";
const TZ_CORDOBA: &str = "America/Argentina/Cordoba";
const TZ_MADRID: &str = "Europe/Madrid";

pub async fn seed(service: &Service) -> anyhow::Result<DemoSeed> {
    seed_with(service, None).await
}

/// The demo campuses' names on the simulated campus server, in seeding order.
pub fn campus_slugs() -> Vec<&'static str> {
    clients::slugs()
}

/// [`seed`], with the campuses served by `campus_server` (what `atiende demo` does).
pub async fn seed_with(
    service: &Service,
    campus_server: Option<&campus_server::CampusServer>,
) -> anyhow::Result<DemoSeed> {
    let now = service.now();
    // Objects that exist before any ticket (users, clients, plans) date from 200 days ago.
    let clock = Arc::new(ManualClock::new(before(now, 200.0 * 24.0)?));
    let tt = Service::new(service.db.clone(), clock.clone());

    let (admin, staff, mut logins) = staff::seed(&tt).await?;
    canned::seed(&tt, &staff.supervisor, &staff.agents[0]).await?;
    kb::seed(&tt, &staff.supervisor).await?;
    let admin_actor = actor(&admin);
    let plans = Plans::seed(&tt, &admin_actor).await?;
    let clients = clients::seed(&tt, &admin_actor, &plans, now, &mut logins, campus_server).await?;

    // Plan every ticket's story, then write them in order of creation (ids follow time).
    let specs = data::tickets();
    let planned = timeline::plan(&specs, &clients, now)?;
    let mut written = Vec::with_capacity(planned.len());
    for (n, p) in planned.iter().enumerate() {
        let client = &clients[p.spec.client];
        let id = stories::write_ticket(&tt, &clock, now, client, &staff, n, p)
            .await
            .with_context(|| format!("demo ticket {:?}", p.spec.subject))?;
        written.push((id, p.spec));
    }

    // The real service records the breaches that happened meanwhile and auto-closes tickets
    // resolved more than 168 h ago.
    let report = service.sla_watch_step().await.map_err(e("sla watch"))?;
    tracing::info!(
        tickets = written.len(),
        breaches = report.breaches,
        closed = report.closed,
        "demo seeded"
    );
    for (id, spec) in &written {
        let v = service
            .get_ticket(&admin_actor, *id)
            .await
            .map_err(e("read back"))?;
        let got = serde_json::to_value(v.sla.state)?;
        if let Some(want) = expected_state(spec)
            && got != want
        {
            tracing::warn!(ticket = id, subject = spec.subject, %got, want, "demo ticket is not in the intended SLA state");
        }
    }

    maintenance::seed(service, &admin_actor, &clients, now)
        .await
        .context("demo maintenance")?;
    hours::seed(service, &admin_actor, &staff, &clients, &written)
        .await
        .context("demo hours")?;

    let (_, token) = service
        .create_token(admin.id, "demo")
        .await
        .map_err(e("token"))?;
    Ok(DemoSeed { logins, token })
}

/// Story lengths are written in (fractional) hours; this is the one conversion.
fn hours(h: f64) -> SignedDuration {
    SignedDuration::from_secs_f64(h * 3600.0)
}

/// `h` hours before `t`; every demo instant is placed backwards from now.
fn before(t: Timestamp, h: f64) -> anyhow::Result<Timestamp> {
    Ok(t.checked_sub(hours(h))?)
}

/// The civil date `days` before `now` in `tz`, as `YYYY-MM-DD`.
fn days_ago(now: Timestamp, tz: &TimeZone, days: i64) -> anyhow::Result<String> {
    Ok(tz
        .to_datetime(now)
        .date()
        .checked_sub(Span::new().days(days))?
        .to_string())
}

/// Service errors with what was being seeded (field errors spelled out).
fn e(what: &str) -> impl Fn(ServiceError) -> anyhow::Error + '_ {
    move |err| match err {
        ServiceError::Invalid(fields) => anyhow!(
            "{what}: {}",
            fields
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow!("{what}: {other}"),
    }
}
