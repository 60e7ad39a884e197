//! Template stories, played through the real service with a set clock: every one is finished
//! (closed) before now, so its copies moved back in time are finished too.
//! (Created 32–90 days ago; see `play`.)
//!
//! The mix, per ticket: a priority (low 30 %, medium 40 %, high 20 %, urgent 10 %); one in ten
//! opened at another priority and re-triaged; a third wait on the client for 1–48 h; the
//! working time to the resolution is 5–95 % of the target for 85 % of them and 102–250 % (a
//! breach) for the rest; 6 % are reopened and resolved again; 80 % are confirmed by the client
//! within a week, the rest close by themselves after 168 h; 3 % are duplicates closed by staff.
//! Categories are drawn evenly. Which messages a story writes (and so how many) is its
//! [`Script`]; their words come from [`text`](super::text), in the client's language.

use std::{collections::HashMap, sync::Arc};

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

use super::{
    e,
    script::{Script, Step},
    setup::{Client, World},
    text::{Beat, Writer, ticket_seed},
};

const CATEGORIES: [Category; 5] = [
    Category::Technical,
    Category::Functional,
    Category::Administrative,
    Category::Commercial,
    Category::Complaint,
];

/// Keeps the templates' words apart from the copies' (both seeded from the run's seed).
const TEMPLATE_SALT: u64 = 0x7465_6d70_6c61_7465;

/// What was played: the template tickets' id range and each one's message beats, in order.
pub struct Templates {
    pub first: i64,
    pub last: i64,
    pub beats: HashMap<i64, Vec<Beat>>,
    pub messages: u64,
}

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

fn msg(body: String, status: Option<Status>) -> NewMessage {
    NewMessage {
        body,
        internal: false,
        reopen: false,
        status,
    }
}

/// Plays `n` stories of `per_ticket` messages on average (see [`Script`]).
pub async fn play(
    svc: &Service,
    world: &World,
    n: u64,
    per_ticket: f64,
    seed: u64,
    rng: &mut StdRng,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<Templates> {
    let now = svc.now();
    let clock = Arc::new(ManualClock::new(now));
    let tt = Service::new(svc.db.clone(), clock.clone());
    // Created 32 to 90 days ago, in creation order (ids follow time, as in real life): the
    // longest story (a low ticket breached at 250 %, 48 h of waits, a reopening, a week to
    // confirm) ends before now, and every resolution is over 168 h old, so the watch can
    // close it.
    let window_start = now.checked_sub(SignedDuration::from_hours(90 * 24))?;
    let window = SignedDuration::from_hours(58 * 24);
    let step = window / i32::try_from(n.max(1)).unwrap_or(i32::MAX);
    let mut played = Templates {
        first: 0,
        last: 0,
        beats: HashMap::new(),
        messages: 0,
    };
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
        let want = per_ticket * (k + 1) as f64 - played.messages as f64;
        let script = Script::draw(rng, per_ticket, want);
        let category = *CATEGORIES.choose(rng).unwrap_or(&Category::Technical);
        let words = Writer::new(
            client.lang,
            category,
            ticket_seed(seed ^ TEMPLATE_SALT, k as i64),
        );
        let cast = Cast {
            client,
            agent,
            category,
        };
        let (id, beats) = story(&tt, &clock, &cast, created, &script, words, rng).await?;
        if played.first == 0 {
            played.first = id;
        }
        played.last = id;
        played.messages += beats.len() as u64;
        played.beats.insert(id, beats);
        bar.inc(1);
    }
    // The service's own watch closes what nobody confirmed, 168 h after its resolution.
    clock.set(now);
    tt.sla_watch_step().await.map_err(e("watch"))?;
    Ok(played)
}

struct Cast<'a> {
    client: &'a Client,
    agent: &'a Actor,
    category: Category,
}

/// Plays one story; returns its ticket id and the beats of the messages it wrote, in order.
async fn story(
    tt: &Service,
    clock: &ManualClock,
    cast: &Cast<'_>,
    created: Timestamp,
    script: &Script,
    mut words: Writer,
    rng: &mut StdRng,
) -> anyhow::Result<(i64, Vec<Beat>)> {
    let (who, agent) = (&cast.client.admin, cast.agent);
    let beats = script.beats();
    let mut beat = beats.iter().copied();
    let subject = words.subject();
    let mut say = |b: Option<Beat>| -> anyhow::Result<String> {
        let b = b.ok_or_else(|| anyhow::anyhow!("script and beats disagree"))?;
        Ok(words.message(b))
    };
    let body = say(beat.next())?;
    let priority = pick_priority(rng);
    let retriaged = rng.random_bool(0.1);
    let opened_with = if retriaged {
        pick_priority(rng)
    } else {
        priority
    };
    let campus = cast.client.campuses.choose(rng).map(|c| c.id);
    clock.set(created);
    let t = tt
        .create_ticket(
            who,
            &NewTicket {
                client_id: None,
                campus_id: campus,
                category: cast.category,
                priority: opened_with,
                subject,
                body,
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
    let set_status = |status| TicketPatch {
        status: Some(status),
        ..TicketPatch::default()
    };

    if script.duplicate {
        at = at.checked_add(minutes(rng, 1, 30))?;
        clock.set(at);
        tt.update_ticket(agent, id, &set_status(Status::Closed))
            .await
            .map_err(e("duplicate"))?;
        return Ok((id, beats));
    }

    // Working time to the resolution, as a share of the target; the steps share it out.
    let target = target(priority);
    let share = if rng.random_bool(0.85) {
        rng.random_range(0.05..0.95)
    } else {
        rng.random_range(1.02..2.5)
    };
    let work = SignedDuration::from_secs_f64(target.as_secs_f64() * share);
    let mut worked = at.duration_since(created);
    let waits = script
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Wait { .. }))
        .count();
    // 1–48 h on the client in all, whatever the number of questions.
    let wait_max = 48 * 60 / i64::try_from(waits.max(1))?;
    for (k, step) in script.steps.iter().enumerate() {
        // The first step soon after the triage (as a first answer is); the others spread
        // over what is left of the working time, the resolution taking the last share.
        let gap = if k == 0 {
            minutes(rng, 1, 30)
        } else {
            let left = (work - worked).max(SignedDuration::ZERO);
            (left / i32::try_from(script.steps.len() - k + 1)?).max(SignedDuration::from_mins(1))
        };
        at = at.checked_add(gap)?;
        worked += gap;
        clock.set(at);
        match *step {
            Step::Note => {
                let body = say(beat.next())?;
                let note = NewMessage {
                    internal: true,
                    ..msg(body, None)
                };
                tt.add_message(agent, id, &note).await.map_err(e("note"))?;
            }
            Step::Progress => {
                let body = say(beat.next())?;
                tt.add_message(agent, id, &msg(body, None))
                    .await
                    .map_err(e("progress"))?;
            }
            Step::FollowUp => {
                let body = say(beat.next())?;
                tt.add_message(who, id, &msg(body, None))
                    .await
                    .map_err(e("follow-up"))?;
            }
            Step::Wait { by_phone } => {
                let body = say(beat.next())?;
                tt.add_message(agent, id, &msg(body, Some(Status::WaitingOnClient)))
                    .await
                    .map_err(e("ask"))?;
                at = at.checked_add(minutes(rng, 60.min(wait_max), wait_max))?;
                clock.set(at);
                let body = say(beat.next())?;
                if by_phone {
                    // The client called: the agent notes it and takes the ticket back up.
                    let note = NewMessage {
                        internal: true,
                        ..msg(body, None)
                    };
                    tt.add_message(agent, id, &note).await.map_err(e("phone"))?;
                    tt.update_ticket(agent, id, &set_status(Status::Open))
                        .await
                        .map_err(e("resume"))?;
                } else {
                    tt.add_message(who, id, &msg(body, None))
                        .await
                        .map_err(e("client answer"))?;
                }
            }
        }
    }
    if worked < work {
        at = at.checked_add(work - worked)?;
    }
    at = at.checked_add(SignedDuration::from_mins(1))?;
    clock.set(at);
    if script.resolve_message {
        let body = say(beat.next())?;
        tt.add_message(agent, id, &msg(body, Some(Status::Resolved)))
            .await
            .map_err(e("resolve"))?;
    } else {
        tt.update_ticket(agent, id, &set_status(Status::Resolved))
            .await
            .map_err(e("resolve"))?;
    }

    if script.reopen {
        at = at.checked_add(minutes(rng, 60, 72 * 60))?;
        clock.set(at);
        let body = say(beat.next())?;
        let again = NewMessage {
            reopen: true,
            ..msg(body, None)
        };
        tt.add_message(who, id, &again).await.map_err(e("reopen"))?;
        at = at.checked_add(target / 10)?;
        clock.set(at);
        if script.again_message {
            let body = say(beat.next())?;
            tt.add_message(agent, id, &msg(body, Some(Status::Resolved)))
                .await
                .map_err(e("resolve again"))?;
        } else {
            tt.update_ticket(agent, id, &set_status(Status::Resolved))
                .await
                .map_err(e("resolve again"))?;
        }
    }
    if rng.random_bool(0.8) {
        at = at.checked_add(minutes(rng, 60, 150 * 60))?;
        clock.set(at);
        tt.update_ticket(who, id, &set_status(Status::Closed))
            .await
            .map_err(e("confirm"))?;
    }
    Ok((id, beats))
}
