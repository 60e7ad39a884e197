//! The customers: three schools with their Moodle campuses and a client admin each, who opens
//! their tickets.

use domain::{calendar::BusinessCalendar, sla::SlaPolicy, user::Role};
use jiff::{Timestamp, tz::TimeZone};
use service::{
    Actor, Service,
    admin::clients::{CampusInput, ClientInput},
};

use super::{
    TZ_BUENOS_AIRES, TZ_CORDOBA, TZ_MADRID, days_ago, e,
    plans::Plans,
    staff::{actor, user},
};

struct CampusDef {
    url: &'static str,
    version: &'static str,
    hosted_by_us: bool,
    /// Days before now the service started.
    started_days_ago: i64,
}

pub(super) struct ClientDef {
    name: &'static str,
    tax_id: &'static str,
    contact: &'static str,
    pub(super) time_zone: &'static str,
    campuses: &'static [CampusDef],
    admin: (&'static str, &'static str, &'static str),
    /// Subscribed to the Madrid business-hours plan (else the built-in seed plan applies).
    business_plan: bool,
}

/// In the order `data::tickets` indexes them.
pub(super) const CLIENTS: &[ClientDef] = &[
    ClientDef {
        name: "Instituto Superior San Martín",
        tax_id: "30-71234567-8",
        contact: "educacionadistancia@issanmartin.example",
        time_zone: TZ_BUENOS_AIRES,
        campuses: &[
            CampusDef {
                url: "https://campus.issanmartin.invalid",
                version: "4.5.2",
                hosted_by_us: true,
                started_days_ago: 730,
            },
            CampusDef {
                url: "https://posgrado.issanmartin.invalid",
                version: "4.1.14",
                hosted_by_us: false,
                started_days_ago: 150,
            },
        ],
        admin: (
            "paula.sanchez@issanmartin.example",
            "Paula Sánchez",
            "demo-cliente-2026",
        ),
        business_plan: false,
    },
    ClientDef {
        name: "Colegio Nuestra Señora del Valle",
        tax_id: "30-70987654-3",
        contact: "direccion@colegionsv.example",
        time_zone: TZ_CORDOBA,
        campuses: &[CampusDef {
            url: "https://aulavirtual.colegionsv.invalid",
            version: "4.1.14",
            hosted_by_us: true,
            started_days_ago: 400,
        }],
        admin: (
            "hernan.castro@colegionsv.example",
            "Hernán Castro",
            "demo-cliente-2026",
        ),
        business_plan: false,
    },
    ClientDef {
        name: "Escuela de Negocios Ibérica",
        tax_id: "B-87654321",
        contact: "campus@eniberica.example",
        time_zone: TZ_MADRID,
        campuses: &[
            CampusDef {
                url: "https://campus.eniberica.invalid",
                version: "4.4.6",
                hosted_by_us: false,
                started_days_ago: 300,
            },
            CampusDef {
                url: "https://formacion.eniberica.invalid",
                version: "4.5.2",
                hosted_by_us: true,
                started_days_ago: 90,
            },
        ],
        admin: (
            "marta.ortega@eniberica.example",
            "Marta Ortega",
            "demo-cliente-2026",
        ),
        business_plan: true,
    },
];

/// One seeded client: ids, its admin and the clock its tickets count on.
pub(super) struct Seeded {
    pub(super) campuses: Vec<i64>,
    pub(super) admin: Actor,
    pub(super) policy: SlaPolicy,
    pub(super) calendar: Option<BusinessCalendar>,
}

/// Creates every client of [`CLIENTS`] with its campuses, admin (whose login is added to
/// `logins`) and plan, in index order.
/// `https://campus.issanmartin.invalid` → `campus.issanmartin`: the campus's name on the
/// simulated campus server.
pub(super) fn slug(url: &str) -> &str {
    let host = url.split_once("://").map_or(url, |(_, h)| h);
    host.trim_end_matches('/').trim_end_matches(".invalid")
}

/// Every demo campus's slug, in seeding order.
pub(super) fn slugs() -> Vec<&'static str> {
    CLIENTS
        .iter()
        .flat_map(|c| c.campuses.iter().map(|k| slug(k.url)))
        .collect()
}

/// Seeds the clients; with `campus_server` the campuses' URLs point at it (so the monitor
/// probes something real), else at their `.invalid` names.
pub(super) async fn seed(
    tt: &Service,
    admin: &Actor,
    plans: &Plans,
    now: Timestamp,
    logins: &mut Vec<(String, String, String)>,
    campus_server: Option<&super::campus_server::CampusServer>,
) -> anyhow::Result<Vec<Seeded>> {
    let mut clients = Vec::new();
    for def in CLIENTS {
        let c = tt
            .create_client(
                admin,
                &ClientInput {
                    name: def.name.into(),
                    tax_id: def.tax_id.into(),
                    contact_emails: vec![def.contact.into()],
                    time_zone: def.time_zone.into(),
                },
            )
            .await
            .map_err(e(def.name))?;
        let tz = TimeZone::get(def.time_zone)?;
        let mut campuses = Vec::new();
        for campus in def.campuses {
            let v = tt
                .create_campus(
                    admin,
                    &CampusInput {
                        client_id: c.id,
                        url: campus_server
                            .map_or_else(|| campus.url.to_string(), |s| s.url(slug(campus.url))),
                        platform: "Moodle".into(),
                        platform_version: campus.version.into(),
                        hosted_by_us: campus.hosted_by_us,
                        service_start_date: days_ago(now, &tz, campus.started_days_ago)?,
                    },
                )
                .await
                .map_err(e(campus.url))?;
            // Served by the simulated campus server, every campus is monitored, every 30 s and
            // two failures to an outage, so a demo outage opens its ticket within a minute.
            // Without it the campuses live at `.invalid` addresses: probed, each would be
            // "down" and open an urgent ticket, so their monitors start switched off.
            let monitor = match campus_server {
                Some(_) => service::monitors::MonitorInput {
                    enabled: Some(true),
                    interval_seconds: Some(30),
                    timeout_seconds: Some(5),
                    failures_to_alert: Some(2),
                    ..Default::default()
                },
                None => service::monitors::MonitorInput {
                    enabled: Some(false),
                    ..Default::default()
                },
            };
            tt.put_monitor(admin, v.id, &monitor)
                .await
                .map_err(e(campus.url))?;
            campuses.push(v.id);
        }
        let (email, name, pw) = def.admin;
        let u = user(
            tt,
            email,
            name,
            Role::ClientAdmin,
            Some(c.id),
            pw,
            def.time_zone,
        )
        .await?;
        logins.push((
            format!("client_admin ({})", def.name),
            u.email.clone(),
            pw.to_string(),
        ));
        let (policy, calendar) = plans
            .subscribe(tt, admin, c.id, def.business_plan, now, &tz)
            .await?;
        clients.push(Seeded {
            campuses,
            admin: actor(&u),
            policy,
            calendar,
        });
    }
    Ok(clients)
}
