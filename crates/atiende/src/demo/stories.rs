//! Playing a ticket's story with the time-travel service: creation, triage, the first answer,
//! notes and client follow-ups, then the fate (waiting, resolved, closed, duplicate), each at
//! its own instant so the SLA clock sees a real history.

use anyhow::anyhow;
use domain::ticket::{ScopeKind, Status};
use jiff::{SignedDuration, Timestamp};
use service::{
    ManualClock, Service,
    quotes::NewQuote,
    tickets::{NewMessage, NewTicket, ScopeInput, TicketPatch},
};

use super::{
    TZ_MADRID,
    clients::{CLIENTS, Seeded},
    data::{DemoTicket, Fate},
    e, hours,
    staff::Staff,
    timeline::Planned,
};

/// Writes one ticket's story with the time-travel service; returns its id.
pub(super) async fn write_ticket(
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
                requester_id: None,
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
    if let Some((kind, reason, note)) = d.scope {
        patch.scope = Some(ScopeInput {
            kind,
            reason,
            note: Some(note.into()),
        });
    }
    if !d.tags.is_empty() {
        patch.tags = Some(d.tags.iter().map(|s| s.to_string()).collect());
    }
    tt.update_ticket(agent, id, &patch)
        .await
        .map_err(e("triage"))?;
    if d.accept_suggestion {
        tt.accept_scope_suggestion(agent, id)
            .await
            .map_err(e("accept the scope suggestion"))?;
    }
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
                reopen: false,
                status: None,
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
            match d.quote {
                // Sending the quote is what puts the ticket in the client's hands.
                Some(quote) => {
                    let zone = CLIENTS
                        .get(d.client)
                        .ok_or_else(|| anyhow!("no client {}", d.client))?
                        .time_zone;
                    let valid_until = p.end.checked_add(hours(24.0 * 14.0))?.in_tz(zone)?.date();
                    tt.send_quote(
                        agent,
                        id,
                        &NewQuote {
                            description: quote.description.into(),
                            hours: quote.hours,
                            amount_minor: quote.amount_minor,
                            currency: quote.currency.into(),
                            valid_until: valid_until.to_string(),
                        },
                    )
                    .await
                    .map_err(e("quote"))?;
                }
                None => {
                    tt.update_ticket(agent, id, &status(Status::WaitingOnClient))
                        .await
                        .map_err(e("wait"))?;
                }
            }
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

/// The agent's first public answer: scope decisions are announced, otherwise a plain
/// acknowledgement in the client's variety of Spanish (Madrid clients get "os").
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

/// A message the client sees.
fn public(body: &str) -> NewMessage {
    NewMessage {
        body: body.into(),
        internal: false,
        reopen: false,
        status: None,
    }
}

/// A patch that only moves the ticket's status.
fn status(s: Status) -> TicketPatch {
    TicketPatch {
        status: Some(s),
        ..TicketPatch::default()
    }
}
