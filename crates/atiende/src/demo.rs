//! `atiende demo`: a realistic data set seeded relative to *now*.
//!
//! Everything goes through the public [`Service`] use cases. To place a ticket in a given SLA
//! state its story has to have happened in the past, so a second "time-travel" service shares
//! the database with a [`ManualClock`] that is set to each event's instant (never later than
//! the real service's now). Creation instants are chosen with the domain's own clock functions
//! ([`sla::counted_back`]), so business-hours tickets land in the intended state too.

mod data;

use std::sync::Arc;

use anyhow::{Context, anyhow};
use domain::{
    calendar::{BusinessCalendar, CalendarSpec},
    priority::PerPriority,
    sla::{self, ClockKind, SlaPolicy, Target},
    ticket::{ScopeKind, Status},
    user::{Locale, Role},
};
use jiff::{SignedDuration, Span, Timestamp, tz::TimeZone};
use service::{
    Actor, ManualClock, Service, ServiceError,
    admin::{
        clients::{CampusInput, ClientInput},
        policies::{CalendarInput, PlanInput, PolicyInput, SubscriptionInput},
        users::{UserInput, UserView},
    },
    tickets::{NewMessage, NewTicket, ScopeView, TicketPatch},
};

use data::{DemoTicket, Fate, SUPERVISOR};

/// What `demo` prints after seeding.
pub struct DemoSeed {
    /// `(role label, e-mail, password)`
    pub logins: Vec<(String, String, String)>,
    /// A fresh API token of the admin user.
    pub token: String,
}

const TZ_BUENOS_AIRES: &str = "America/Argentina/Buenos_Aires";
const TZ_CORDOBA: &str = "America/Argentina/Cordoba";
const TZ_MADRID: &str = "Europe/Madrid";

/// The seed's built-in plan (migration 0001).
const BUILT_IN_PLAN: i64 = 1;

struct CampusDef {
    url: &'static str,
    version: &'static str,
    hosted_by_us: bool,
    /// Days before now the service started.
    started_days_ago: i64,
}

struct ClientDef {
    name: &'static str,
    tax_id: &'static str,
    contact: &'static str,
    time_zone: &'static str,
    campuses: &'static [CampusDef],
    admin: (&'static str, &'static str, &'static str),
    /// Subscribed to the Madrid business-hours plan (else the built-in seed plan applies).
    business_plan: bool,
}

const CLIENTS: &[ClientDef] = &[
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
struct Seeded {
    campuses: Vec<i64>,
    admin: Actor,
    policy: SlaPolicy,
    calendar: Option<BusinessCalendar>,
}

/// A ticket about to be written, with its story's instants.
struct Planned<'a> {
    spec: &'a DemoTicket,
    created: Timestamp,
    end: Timestamp,
}

pub async fn seed(service: &Service) -> anyhow::Result<DemoSeed> {
    let now = service.now();
    // Objects that exist before any ticket (users, clients, plans) date from 200 days ago.
    let clock = Arc::new(ManualClock::new(before(now, 200.0 * 24.0)?));
    let tt = Service::new(service.db.clone(), clock.clone());

    let admin = user(
        &tt,
        "lucia.fernandez@atiende.example",
        "Lucía Fernández",
        Role::Admin,
        None,
        "demo-admin-2026",
        TZ_BUENOS_AIRES,
    )
    .await?;
    let admin_actor = actor(&admin);
    let supervisor = user(
        &tt,
        "martin.gomez@atiende.example",
        "Martín Gómez",
        Role::Supervisor,
        None,
        "demo-supervisor-2026",
        TZ_BUENOS_AIRES,
    )
    .await?;
    let mut agents = Vec::new();
    for (email, name, tz) in [
        (
            "sofia.rodriguez@atiende.example",
            "Sofía Rodríguez",
            TZ_BUENOS_AIRES,
        ),
        (
            "diego.martinez@atiende.example",
            "Diego Martínez",
            TZ_CORDOBA,
        ),
        ("carmen.ruiz@atiende.example", "Carmen Ruiz", TZ_MADRID),
    ] {
        agents.push(actor(
            &user(&tt, email, name, Role::Agent, None, "demo-agente-2026", tz).await?,
        ));
    }
    let mut logins = vec![
        (
            "admin".to_string(),
            admin.email.clone(),
            "demo-admin-2026".to_string(),
        ),
        (
            "supervisor".to_string(),
            supervisor.email.clone(),
            "demo-supervisor-2026".to_string(),
        ),
        (
            "agent".to_string(),
            "sofia.rodriguez@atiende.example".to_string(),
            "demo-agente-2026".to_string(),
        ),
    ];
    let supervisor = actor(&supervisor);

    // The built-in seed plan and the Madrid business-hours plan.
    let seed_plan = tt
        .get_plan(BUILT_IN_PLAN)
        .await
        .map_err(e("built-in plan"))?;
    let seed_policy = sla_policy(&tt, seed_plan.policy_id).await?;
    let (business_plan, business_policy, business_calendar) =
        business_plan(&tt, &admin_actor).await?;

    let mut clients = Vec::new();
    for def in CLIENTS {
        let c = tt
            .create_client(
                &admin_actor,
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
                    &admin_actor,
                    &CampusInput {
                        client_id: c.id,
                        url: campus.url.into(),
                        platform: "Moodle".into(),
                        platform_version: campus.version.into(),
                        hosted_by_us: campus.hosted_by_us,
                        service_start_date: days_ago(now, &tz, campus.started_days_ago)?,
                    },
                )
                .await
                .map_err(e(campus.url))?;
            campuses.push(v.id);
        }
        let (email, name, pw) = def.admin;
        let u = user(
            &tt,
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
        let (policy, calendar) = if def.business_plan {
            tt.create_subscription(
                &admin_actor,
                &SubscriptionInput {
                    client_id: c.id,
                    campus_id: None,
                    plan_id: business_plan,
                    start_date: days_ago(now, &tz, 180)?,
                },
            )
            .await
            .map_err(e("subscription"))?;
            (business_policy.clone(), Some(business_calendar.clone()))
        } else {
            (seed_policy.clone(), None)
        };
        clients.push(Seeded {
            campuses,
            admin: actor(&u),
            policy,
            calendar,
        });
    }

    // Plan every ticket's story, then write them in order of creation (ids follow time).
    let specs = data::tickets();
    let mut planned = Vec::with_capacity(specs.len());
    for spec in &specs {
        let client = clients
            .get(spec.client)
            .ok_or_else(|| anyhow!("demo ticket names client {}", spec.client))?;
        let end = match spec.fate {
            Fate::New | Fate::Open => now,
            Fate::Waiting { paused_h } => before(now, paused_h)?,
            Fate::Resolved { ago_h }
            | Fate::Closed { ago_h, .. }
            | Fate::AutoClose { ago_h }
            | Fate::Duplicate { ago_h } => before(now, ago_h)?,
        };
        let target = client.policy.targets.get(spec.priority).target_seconds;
        // Truncation keeps a share just under a threshold under it.
        let budget = ((target as f64) * spec.consumed) as i64;
        let created = sla::counted_back(
            &client.policy,
            client.calendar.as_ref(),
            end,
            spec.priority,
            budget.max(60),
        );
        planned.push(Planned { spec, created, end });
    }
    planned.sort_by_key(|p| p.created);

    let staff = Staff { supervisor, agents };
    let mut written = Vec::with_capacity(planned.len());
    for (n, p) in planned.iter().enumerate() {
        let client = &clients[p.spec.client];
        let id = write_ticket(&tt, &clock, now, client, &staff, n, p)
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

    let (_, token) = service
        .create_token(admin.id, "demo")
        .await
        .map_err(e("token"))?;
    Ok(DemoSeed { logins, token })
}

struct Staff {
    supervisor: Actor,
    agents: Vec<Actor>,
}

impl Staff {
    fn pick(&self, assignee: Option<usize>, n: usize) -> &Actor {
        match assignee {
            Some(SUPERVISOR) => &self.supervisor,
            Some(i) => &self.agents[i % self.agents.len()],
            None => &self.agents[n % self.agents.len()],
        }
    }
}

/// Writes one ticket's story with the time-travel service; returns its id.
async fn write_ticket(
    tt: &Service,
    clock: &ManualClock,
    now: Timestamp,
    client: &Seeded,
    staff: &Staff,
    n: usize,
    p: &Planned<'_>,
) -> anyhow::Result<i64> {
    let d = p.spec;
    let at = |t: Timestamp| clock.set(t.min(now));
    let span = p.end.duration_since(p.created);
    // The k-th small step after `from`: a few minutes, but always well inside the story.
    let step = |from: Timestamp, k: i32| -> Timestamp {
        let d = SignedDuration::from_mins(i64::from(k) * 3).min(span / 20 * k);
        from.checked_add(d).unwrap_or(from)
    };
    let campus_id = match d.campus {
        Some(i) => Some(
            *client
                .campuses
                .get(i)
                .ok_or_else(|| anyhow!("no campus {i}"))?,
        ),
        None => None,
    };
    at(p.created);
    let opened_with = d.requested.map_or(d.priority, |(r, _)| r);
    let t = tt
        .create_ticket(
            &client.admin,
            &NewTicket {
                client_id: None,
                campus_id,
                category: d.category,
                priority: opened_with,
                subject: d.subject.into(),
                body: d.body.into(),
                tags: Vec::new(),
                linked_ticket_id: None,
            },
        )
        .await
        .map_err(e("create"))?;
    let id = t.id;
    if matches!(d.fate, Fate::New) {
        return Ok(id);
    }

    // Triage: assign, re-triage, scope, tag, then the first public answer.
    let agent = staff.pick(d.assignee, n);
    let triage = p
        .created
        .checked_add((span / 10 * 3).min(SignedDuration::from_mins(25)))?;
    at(triage);
    let mut patch = TicketPatch {
        assignee_id: Some(Some(agent.user_id)),
        ..TicketPatch::default()
    };
    if let Some((_, reason)) = d.requested.filter(|(r, _)| *r != d.priority) {
        patch.priority = Some(d.priority);
        patch.priority_reason = Some(reason.into());
    }
    if let Some((kind, reason)) = d.scope {
        patch.scope = Some(ScopeView {
            kind,
            reason: Some(reason.into()),
        });
    }
    if !d.tags.is_empty() {
        patch.tags = Some(d.tags.iter().map(|s| s.to_string()).collect());
    }
    tt.update_ticket(agent, id, &patch)
        .await
        .map_err(e("triage"))?;
    at(step(triage, 1));
    tt.add_message(agent, id, &public(first_reply(d)))
        .await
        .map_err(e("first reply"))?;
    if let Some(note) = d.note {
        at(step(triage, 2));
        tt.add_message(
            agent,
            id,
            &NewMessage {
                body: note.into(),
                internal: true,
            },
        )
        .await
        .map_err(e("note"))?;
    }
    if let Some(m) = d.client_msg {
        at(p.created.checked_add(span / 10 * 6)?);
        tt.add_message(&client.admin, id, &public(m))
            .await
            .map_err(e("client message"))?;
    }

    at(p.end);
    match d.fate {
        Fate::New | Fate::Open => {}
        Fate::Waiting { .. } => {
            let q = d.answer.unwrap_or(
                "Para avanzar necesitamos una captura de pantalla del error y el usuario afectado.",
            );
            tt.add_message(agent, id, &public(q))
                .await
                .map_err(e("question"))?;
            tt.update_ticket(agent, id, &status(Status::WaitingOnClient))
                .await
                .map_err(e("wait"))?;
        }
        Fate::Resolved { .. } | Fate::AutoClose { .. } | Fate::Closed { .. } => {
            let a = d
                .answer
                .unwrap_or("Aplicamos la corrección y verificamos que funciona correctamente.");
            tt.add_message(
                agent,
                id,
                &public(&format!("{a} Quedamos atentos a su confirmación.")),
            )
            .await
            .map_err(e("answer"))?;
            tt.update_ticket(agent, id, &status(Status::Resolved))
                .await
                .map_err(e("resolve"))?;
            if let Fate::Closed { confirm_h, .. } = d.fate {
                at(p.end.checked_add(hours(confirm_h))?);
                tt.add_message(
                    &client.admin,
                    id,
                    &public("¡Gracias! Confirmamos que quedó resuelto."),
                )
                .await
                .map_err(e("thanks"))?;
                tt.update_ticket(&client.admin, id, &status(Status::Closed))
                    .await
                    .map_err(e("confirm"))?;
            }
        }
        Fate::Duplicate { .. } => {
            tt.update_ticket(agent, id, &status(Status::Closed))
                .await
                .map_err(e("close duplicate"))?;
        }
    }
    Ok(id)
}

/// The state a spec is meant to show (None: a duplicate closed without outcome).
fn expected_state(d: &DemoTicket) -> Option<&'static str> {
    let c = d.consumed;
    match d.fate {
        Fate::New | Fate::Open | Fate::Waiting { .. } if c < 0.75 => Some("ok"),
        Fate::New | Fate::Open | Fate::Waiting { .. } if c < 1.0 => Some("warning"),
        Fate::Duplicate { .. } => None,
        _ if c >= 1.0 => Some("breached"),
        _ => Some("met"),
    }
}

fn first_reply(d: &DemoTicket) -> &'static str {
    let madrid = CLIENTS
        .get(d.client)
        .is_some_and(|c| c.time_zone == TZ_MADRID);
    match (d.scope.map(|s| s.0), madrid) {
        (Some(ScopeKind::OutOfScope), _) => {
            "Gracias por la consulta. Este pedido no está incluido en el abono: les preparamos una cotización y se la enviamos a la brevedad."
        }
        (Some(ScopeKind::AdminHours), _) => {
            "Recibido. Esta tarea corresponde a la administración del campus: la realizamos con su banco de horas de administración y les enseñamos a hacerla de forma autónoma."
        }
        (_, true) => {
            "Hola, gracias por avisarnos. Ya estamos revisando la incidencia y os escribimos en cuanto tengamos novedades."
        }
        (_, false) => {
            "Hola, gracias por el aviso. Ya estamos revisando el caso y les escribimos apenas tengamos novedades."
        }
    }
}

/// Calendar "Madrid laboral", its policy and the plan using it; returns (plan id, policy, calendar).
async fn business_plan(
    tt: &Service,
    admin: &Actor,
) -> anyhow::Result<(i64, SlaPolicy, BusinessCalendar)> {
    let windows = || {
        vec![
            ["09:00".to_string(), "13:00".to_string()],
            ["14:00".to_string(), "18:00".to_string()],
        ]
    };
    let spec = CalendarSpec {
        time_zone: TZ_MADRID.into(),
        weekly: ["mon", "tue", "wed", "thu", "fri"]
            .into_iter()
            .map(|d| (d.to_string(), windows()))
            .collect(),
        holidays: [
            "2026-10-12",
            "2026-11-02",
            "2026-11-09",
            "2026-12-07",
            "2026-12-08",
            "2026-12-25",
            "2027-01-01",
            "2027-01-06",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
    };
    let cal = tt
        .save_calendar(
            admin,
            None,
            &CalendarInput {
                name: "Madrid laboral".into(),
                spec: spec.clone(),
            },
        )
        .await
        .map_err(e("calendar"))?;
    let business = |h: i64| Target {
        target_seconds: h * 3600,
        clock: ClockKind::Business,
    };
    let targets = PerPriority {
        low: business(45),
        medium: business(18),
        high: business(9),
        urgent: Target {
            target_seconds: 4 * 3600,
            clock: ClockKind::Calendar,
        },
    };
    let policy = tt
        .save_policy(
            admin,
            None,
            &PolicyInput {
                name: "Horario laboral Madrid".into(),
                calendar_id: Some(cal.id),
                targets,
                warn_percent: 75,
                second_warn_percent: 90,
            },
        )
        .await
        .map_err(e("policy"))?;
    let plan = tt
        .save_plan(
            admin,
            None,
            &PlanInput {
                name: "Abono mensual — horario laboral (Madrid)".into(),
                policy_id: policy.id,
                admin_hours_per_month: 10,
            },
        )
        .await
        .map_err(e("plan"))?;
    let sla_policy = sla_policy(tt, policy.id).await?;
    let calendar = BusinessCalendar::from_spec(&spec).map_err(|f| anyhow!("calendar spec: {f}"))?;
    Ok((plan.id, sla_policy, calendar))
}

/// The domain's view of a saved policy (what the service pins on tickets).
async fn sla_policy(tt: &Service, id: i64) -> anyhow::Result<SlaPolicy> {
    let p = tt.get_policy(id).await.map_err(e("policy"))?;
    Ok(SlaPolicy {
        name: p.name,
        targets: p.targets,
        warn_percent: u8::try_from(p.warn_percent)?,
        second_warn_percent: u8::try_from(p.second_warn_percent)?,
    })
}

async fn user(
    tt: &Service,
    email: &str,
    name: &str,
    role: Role,
    client_id: Option<i64>,
    password: &str,
    tz: &str,
) -> anyhow::Result<UserView> {
    tt.create_user(
        None,
        &UserInput {
            email: email.into(),
            name: name.into(),
            role,
            client_id,
            locale: Locale::Es,
            time_zone: tz.into(),
            password: Some(password.into()),
        },
    )
    .await
    .map_err(e(email))
}

fn actor(u: &UserView) -> Actor {
    Actor {
        user_id: u.id,
        role: u.role,
        client_id: u.client_id,
        name: u.name.clone(),
    }
}

fn public(body: &str) -> NewMessage {
    NewMessage {
        body: body.into(),
        internal: false,
    }
}

fn status(s: Status) -> TicketPatch {
    TicketPatch {
        status: Some(s),
        ..TicketPatch::default()
    }
}

fn hours(h: f64) -> SignedDuration {
    SignedDuration::from_secs_f64(h * 3600.0)
}

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
