//! `atiende generate --tickets 1000000`: a large, realistic database for benchmarks (reports,
//! queues, search) on SQLite or PostgreSQL.
//!
//! How it stays both fast and true to the product:
//! 1. **Real objects** — clients, campuses (hosted or not, monitored), agents and client
//!    admins are created through the service, as an administrator would.
//! 2. **Template stories** — a few thousand tickets are played through the real service with a
//!    set clock (creation, triage, answers, waits on the client, re-triage, late and on-time
//!    resolutions, reopenings, the client's confirmation), so every row, event and SLA field
//!    is exactly what the service writes. All are on the built-in 24×7 plan and finished.
//! 3. **Copies** — the templates are then copied row for row (tickets, messages, events) with
//!    new ids, every instant moved back by the same amount per copy, spread over `--months`.
//!    On a 24×7 clock a story moved in time is the same story: due times, pauses and breaches
//!    move with it. Ids inside events (`message_id`) are renumbered with their rows.
//! 4. **Operations** — hourly probe roll-ups for every campus and daily backups for hosted
//!    ones over the last 13 months, with a few outages.
//! 5. A handful of **live** tickets per client (new, open, waiting) at the real now.
//!
//! Run it on a database no server is writing to (the copies take explicit ids).

mod copies;
mod live;
mod operations;
mod setup;
mod stories;

use std::time::Instant;

use clap::Args;
use rand::{SeedableRng, rngs::StdRng};
use service::Service;

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Tickets in all (templates and copies).
    #[arg(long, default_value_t = 100_000)]
    pub tickets: u64,
    /// Clients to create (each with one or two campuses and one administrator).
    #[arg(long, default_value_t = 200)]
    pub clients: usize,
    /// Agents to create.
    #[arg(long, default_value_t = 20)]
    pub agents: usize,
    /// Template stories played through the service (the rest are copies of them).
    #[arg(long, default_value_t = 2_000)]
    pub templates: u64,
    /// How far back the tickets go.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// The random seed: the same seed and sizes give the same stories.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

pub async fn run(svc: &Service, a: &GenerateArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        a.clients >= 1 && a.agents >= 1,
        "--clients and --agents must be at least 1"
    );
    anyhow::ensure!(a.months >= 2, "--months must be at least 2");
    let templates = a.templates.clamp(1, a.tickets.max(1));
    let mut rng = StdRng::seed_from_u64(a.seed);
    let started = Instant::now();

    let world = setup::create(svc, a, &mut rng).await?;
    eprintln!(
        "{} clients, {} campuses, {} agents ({:.1} s)",
        world.clients.len(),
        world.campuses().count(),
        world.agents.len(),
        started.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let range = stories::play(svc, &world, templates, &mut rng).await?;
    eprintln!(
        "{templates} template stories through the service ({:.1} s)",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let copied = copies::copy(svc, range, a.tickets - templates, a.months).await?;
    // PostgreSQL's id sequences move past the copies' ids before anything else is created.
    store::bulk::finish(&svc.db).await?;
    eprintln!(
        "{copied} copies ({:.1} s, {:.0} tickets/s)",
        t.elapsed().as_secs_f64(),
        copied as f64 / t.elapsed().as_secs_f64().max(1e-9)
    );

    let t = Instant::now();
    let (hours, backups) = operations::write(svc, &world, &mut rng).await?;
    eprintln!(
        "{hours} probe hours, {backups} backups ({:.1} s)",
        t.elapsed().as_secs_f64()
    );

    let live = live::open(svc, &world, &mut rng).await?;
    store::bulk::finish(&svc.db).await?;
    eprintln!(
        "{live} live tickets; {} tickets in {:.1} s",
        templates + copied + live,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Service errors spelled out (field errors listed).
fn e(what: &'static str) -> impl Fn(service::ServiceError) -> anyhow::Error {
    move |err| match err {
        service::ServiceError::Invalid(fields) => anyhow::anyhow!(
            "{what}: {}",
            fields
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{what}: {other}"),
    }
}
