//! The generated world: clients in several time zones, their campuses (most hosted by us),
//! one administrator each, and the agents — all created through the service. One client in
//! ten writes in English (its administrator's locale is English; agents answer in English).

use domain::user::{Locale, Role};
use jiff::{Span, Timestamp, tz::TimeZone};
use rand::{Rng, rngs::StdRng};
use service::{
    Actor, Service,
    admin::{
        clients::{CampusInput, ClientInput},
        users::{UserInput, UserView},
    },
    monitors::MonitorInput,
};

use super::{SeedArgs, e, text::Lang};

/// Where generated clients are, most of them in Argentina as the provider's are.
const ZONES: [(&str, u32); 5] = [
    ("America/Argentina/Buenos_Aires", 55),
    ("America/Argentina/Cordoba", 15),
    ("Europe/Madrid", 15),
    ("America/Mexico_City", 10),
    ("America/Bogota", 5),
];

/// Every generated password (the database is for benchmarks, never for production).
pub const PASSWORD: &str = "generated-password-1";

pub struct Campus {
    pub id: i64,
    pub hosted: bool,
}

pub struct Client {
    pub id: i64,
    pub admin: Actor,
    pub campuses: Vec<Campus>,
    pub lang: Lang,
    /// Where the client is: its office hours shape when its tickets arrive.
    pub zone: &'static str,
}

pub struct World {
    pub clients: Vec<Client>,
    pub agents: Vec<Actor>,
    /// The administrator who records backups.
    pub admin: Actor,
}

impl World {
    pub fn campuses(&self) -> impl Iterator<Item = &Campus> {
        self.clients.iter().flat_map(|c| c.campuses.iter())
    }
}

fn actor(u: &UserView) -> Actor {
    Actor {
        user_id: u.id,
        role: u.role,
        client_id: u.client_id,
        name: u.name.clone(),
    }
}

fn pick_zone(rng: &mut StdRng) -> &'static str {
    let total: u32 = ZONES.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total);
    for (z, w) in ZONES {
        if n < w {
            return z;
        }
        n -= w;
    }
    ZONES[0].0
}

async fn user(
    svc: &Service,
    email: String,
    name: String,
    role: Role,
    client_id: Option<i64>,
    zone: &str,
    locale: Locale,
) -> anyhow::Result<Actor> {
    let u = svc
        .create_user(
            None,
            &UserInput {
                email,
                name,
                role,
                client_id,
                locale,
                time_zone: zone.into(),
                password: Some(PASSWORD.into()),
            },
        )
        .await
        .map_err(e("user"))?;
    Ok(actor(&u))
}

pub async fn create(svc: &Service, a: &SeedArgs, rng: &mut StdRng) -> anyhow::Result<World> {
    // A run adds to what is there: names carry a run mark so a second run does not collide.
    let run = Timestamp::now().as_second() % 1_000_000;
    let admin = user(
        svc,
        format!("admin-{run}@generated.invalid"),
        format!("Administración {run}"),
        Role::Admin,
        None,
        ZONES[0].0,
        Locale::Es,
    )
    .await?;
    let mut agents = Vec::with_capacity(a.agents);
    for n in 0..a.agents {
        agents.push(
            user(
                svc,
                format!("agente{n}-{run}@generated.invalid"),
                format!("Agente {n}"),
                Role::Agent,
                None,
                ZONES[0].0,
                Locale::Es,
            )
            .await?,
        );
    }
    let now = svc.now();
    let mut clients = Vec::with_capacity(a.clients);
    for n in 0..a.clients {
        let zone = pick_zone(rng);
        // Exactly one in ten (the second, the twelfth…): even a run of two clients has one.
        let lang = if n % 10 == 1 { Lang::En } else { Lang::Es };
        let name = match lang {
            Lang::Es => format!("Instituto {n} ({run})"),
            Lang::En => format!("Institute {n} ({run})"),
        };
        let c = svc
            .create_client(
                &admin,
                &ClientInput {
                    name,
                    tax_id: format!("30-{:08}-{}", n, run % 10),
                    contact_emails: vec![format!("contacto@cliente{n}-{run}.invalid")],
                    time_zone: zone.into(),
                },
            )
            .await
            .map_err(e("client"))?;
        let tz = TimeZone::get(zone)?;
        let mut campuses = Vec::new();
        for k in 0..rng.random_range(1..=2) {
            // Most campuses are on our servers; they started 2 to 4 years ago.
            let hosted = rng.random_bool(0.7);
            let start = tz
                .to_datetime(now)
                .date()
                .checked_sub(Span::new().days(rng.random_range(730..1460)))?;
            let v = svc
                .create_campus(
                    &admin,
                    &CampusInput {
                        client_id: c.id,
                        url: format!("https://campus{k}.cliente{n}-{run}.invalid"),
                        platform: "Moodle".into(),
                        platform_version: "4.5".into(),
                        hosted_by_us: hosted,
                        service_start_date: start.to_string(),
                    },
                )
                .await
                .map_err(e("campus"))?;
            // Its `.invalid` address would be "down" if a server probed it: monitor off (its
            // past probes are written by `operations`).
            svc.put_monitor(
                &admin,
                v.id,
                &MonitorInput {
                    enabled: Some(false),
                    ..Default::default()
                },
            )
            .await
            .map_err(e("monitor"))?;
            campuses.push(Campus { id: v.id, hosted });
        }
        let client_admin = user(
            svc,
            format!("admin@cliente{n}-{run}.invalid"),
            match lang {
                Lang::Es => format!("Administración campus {n}"),
                Lang::En => format!("Campus administration {n}"),
            },
            Role::ClientAdmin,
            Some(c.id),
            zone,
            match lang {
                Lang::Es => Locale::Es,
                Lang::En => Locale::En,
            },
        )
        .await?;
        clients.push(Client {
            id: c.id,
            admin: client_admin,
            campuses,
            lang,
            zone,
        });
    }
    Ok(World {
        clients,
        agents,
        admin,
    })
}
