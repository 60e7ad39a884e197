//! Template stories, played through the real service with a set clock: every one is finished
//! (closed) before now, so its copies moved back in time are finished too.
//! (Created 32–90 days ago; see `play`.)
//!
//! The mix, per ticket: a priority (low 30 %, medium 40 %, high 20 %, urgent 10 %); one in ten
//! opened at another priority and re-triaged; a third wait on the client for 1–48 h; the
//! working time to the resolution is 5–95 % of the target for 85 % of them and 102–250 % (a
//! breach) for the rest; 6 % are reopened and resolved again; 80 % are confirmed by the client
//! within a week, the rest close by themselves after 168 h; 3 % are duplicates closed by staff.

use std::sync::Arc;

use domain::{
    Priority,
    ticket::{Category, Status},
};
use jiff::{SignedDuration, Timestamp};
use rand::{Rng, rngs::StdRng, seq::IndexedRandom};
use service::{
    Actor, ManualClock, Service,
    tickets::{NewMessage, NewTicket, TicketPatch},
};

use super::{e, setup::World};

/// What clients write, per category: (subject, body).
const TEXTS: [(Category, &str, &str); 10] = [
    (
        Category::Technical,
        "El campus no carga",
        "Desde esta mañana el campus muestra un error 500 al ingresar.",
    ),
    (
        Category::Technical,
        "No llegan los correos",
        "Los alumnos no reciben los correos de matriculación.",
    ),
    (
        Category::Functional,
        "¿Cómo configuro una tarea en grupos?",
        "Una docente quiere que la entrega sea una por grupo.",
    ),
    (
        Category::Functional,
        "Restricciones de acceso por fecha",
        "¿Se pueden combinar condiciones de fecha y de calificación?",
    ),
    (
        Category::Administrative,
        "Factura con datos corregidos",
        "Necesitamos la factura a nombre de la asociación civil.",
    ),
    (
        Category::Administrative,
        "Alta de un administrador",
        "Se incorporó una persona al área de educación a distancia.",
    ),
    (
        Category::Commercial,
        "Cotización de un segundo campus",
        "Queremos abrir un campus para cursos de extensión.",
    ),
    (
        Category::Commercial,
        "Horas de administración adicionales",
        "¿Cuál sería el costo de 10 horas mensuales?",
    ),
    (
        Category::Complaint,
        "Reclamo por la caída del campus",
        "El campus estuvo caído durante un examen.",
    ),
    (
        Category::Complaint,
        "Demora en la respuesta",
        "Hace días que esperamos una respuesta.",
    ),
];

fn target(p: Priority) -> SignedDuration {
    SignedDuration::from_hours(match p {
        Priority::Low => 168,
        Priority::Medium => 48,
        Priority::High => 12,
        Priority::Urgent => 4,
    })
}

fn pick_priority(rng: &mut StdRng) -> Priority {
    match rng.random_range(0..100) {
        0..30 => Priority::Low,
        30..70 => Priority::Medium,
        70..90 => Priority::High,
        _ => Priority::Urgent,
    }
}

fn minutes(rng: &mut StdRng, from: i64, to: i64) -> SignedDuration {
    SignedDuration::from_mins(rng.random_range(from..=to))
}

fn msg(body: &str, status: Option<Status>) -> NewMessage {
    NewMessage {
        body: body.into(),
        internal: false,
        reopen: false,
        status,
    }
}

/// Plays `n` stories; returns the first and last template ticket ids.
pub async fn play(
    svc: &Service,
    world: &World,
    n: u64,
    rng: &mut StdRng,
) -> anyhow::Result<(i64, i64)> {
    let now = svc.now();
    let clock = Arc::new(ManualClock::new(now));
    let tt = Service::new(svc.db.clone(), clock.clone());
    // Created 32 to 90 days ago, in creation order (ids follow time, as in real life): the
    // longest story (a low ticket breached at 250 %, a wait, a reopening, a week to confirm)
    // ends before now, and every resolution is over 168 h old, so the watch can close it.
    let window_start = now.checked_sub(SignedDuration::from_hours(90 * 24))?;
    let window = SignedDuration::from_hours(58 * 24);
    let step = window / i32::try_from(n.max(1)).unwrap_or(i32::MAX);
    let mut first = None;
    let mut last = 0;
    for k in 0..n {
        let created = window_start
            .checked_add(step * i32::try_from(k).unwrap_or(i32::MAX))?
            .checked_add(minutes(rng, 0, 30))?;
        let client = world
            .clients
            .choose(rng)
            .ok_or_else(|| anyhow::anyhow!("no client"))?;
        let agent = world
            .agents
            .choose(rng)
            .ok_or_else(|| anyhow::anyhow!("no agent"))?;
        let id = story(&tt, &clock, client, agent, created, rng).await?;
        first.get_or_insert(id);
        last = id;
    }
    // The service's own watch closes what nobody confirmed, 168 h after its resolution.
    clock.set(now);
    tt.sla_watch_step().await.map_err(e("watch"))?;
    Ok((first.unwrap_or(0), last))
}

async fn story(
    tt: &Service,
    clock: &ManualClock,
    client: &super::setup::Client,
    agent: &Actor,
    created: Timestamp,
    rng: &mut StdRng,
) -> anyhow::Result<i64> {
    let who = &client.admin;
    let (category, subject, body) = *TEXTS.choose(rng).unwrap_or(&TEXTS[0]);
    let priority = pick_priority(rng);
    let retriaged = rng.random_bool(0.1);
    let opened_with = if retriaged {
        pick_priority(rng)
    } else {
        priority
    };
    let campus = client.campuses.choose(rng).map(|c| c.id);
    clock.set(created);
    let t = tt
        .create_ticket(
            who,
            &NewTicket {
                client_id: None,
                campus_id: campus,
                category,
                priority: opened_with,
                subject: subject.into(),
                body: body.into(),
                tags: Vec::new(),
                linked_ticket_id: None,
                requester_id: None,
            },
        )
        .await
        .map_err(e("create"))?;
    let id = t.id;
    let mut at = created.checked_add(minutes(rng, 5, 60))?;
    clock.set(at);
    let mut patch = TicketPatch {
        assignee_id: Some(Some(agent.user_id)),
        ..TicketPatch::default()
    };
    if opened_with != priority {
        patch.priority = Some(priority);
        patch.priority_reason = Some("Re-evaluada según el impacto descrito".into());
    }
    tt.update_ticket(agent, id, &patch)
        .await
        .map_err(e("triage"))?;

    if rng.random_bool(0.03) {
        at = at.checked_add(minutes(rng, 1, 30))?;
        clock.set(at);
        let closed = TicketPatch {
            status: Some(Status::Closed),
            ..TicketPatch::default()
        };
        tt.update_ticket(agent, id, &closed)
            .await
            .map_err(e("duplicate"))?;
        return Ok(id);
    }

    // Working time to the resolution, as a share of the target.
    let target = target(priority);
    let share = if rng.random_bool(0.85) {
        rng.random_range(0.05..0.95)
    } else {
        rng.random_range(1.02..2.5)
    };
    let work = SignedDuration::from_secs_f64(target.as_secs_f64() * share);
    let mut worked = at.duration_since(created);
    at = at.checked_add(minutes(rng, 1, 30))?;
    clock.set(at);
    tt.add_message(
        agent,
        id,
        &msg("Gracias por el aviso, ya lo estamos revisando.", None),
    )
    .await
    .map_err(e("first reply"))?;
    worked += minutes(rng, 1, 30);

    if rng.random_bool(0.33) && worked < work {
        // Part of the way there, the agent needs something from the client.
        let ask = (work - worked) / 3;
        at = at.checked_add(ask)?;
        worked += ask;
        clock.set(at);
        tt.add_message(
            agent,
            id,
            &msg(
                "¿Nos envían una captura del error?",
                Some(Status::WaitingOnClient),
            ),
        )
        .await
        .map_err(e("ask"))?;
        at = at.checked_add(minutes(rng, 60, 48 * 60))?;
        clock.set(at);
        tt.add_message(who, id, &msg("Adjuntamos la captura.", None))
            .await
            .map_err(e("client answer"))?;
    }
    if worked < work {
        at = at.checked_add(work - worked)?;
    }
    clock.set(at);
    tt.add_message(agent, id, &msg("Quedó resuelto.", Some(Status::Resolved)))
        .await
        .map_err(e("resolve"))?;

    if rng.random_bool(0.06) {
        at = at.checked_add(minutes(rng, 60, 72 * 60))?;
        clock.set(at);
        let again = NewMessage {
            reopen: true,
            ..msg("Sigue fallando.", None)
        };
        tt.add_message(who, id, &again).await.map_err(e("reopen"))?;
        at = at.checked_add(target / 10)?;
        clock.set(at);
        tt.add_message(
            agent,
            id,
            &msg("Corregido de nuevo.", Some(Status::Resolved)),
        )
        .await
        .map_err(e("resolve again"))?;
    }
    if rng.random_bool(0.8) {
        at = at.checked_add(minutes(rng, 60, 150 * 60))?;
        clock.set(at);
        let confirm = TicketPatch {
            status: Some(Status::Closed),
            ..TicketPatch::default()
        };
        tt.update_ticket(who, id, &confirm)
            .await
            .map_err(e("confirm"))?;
    }
    Ok(id)
}
