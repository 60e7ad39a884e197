//! `atiende seed --tickets 1000000` (also `atiende generate`): a large, realistic database for
//! benchmarks (reports, queues, full-text search) on SQLite or PostgreSQL.
//!
//! How it stays both fast and true to the product:
//! 1. **Real objects** — clients, campuses (hosted or not, monitored), agents and client
//!    admins are created through the service, as an administrator would; one client in ten
//!    writes in English.
//! 2. **Template stories** — a few thousand tickets are played through the real service with a
//!    set clock (creation, triage, answers, internal notes, waits on the client, re-triage,
//!    late and on-time resolutions, reopenings, the client's confirmation), so every row,
//!    event and SLA field is exactly what the service writes. All are on the built-in 24×7
//!    plan and finished. Their length is steered to `--messages-per-ticket` on average.
//! 3. **Copies** — the templates are then copied row for row (tickets, messages, events) with
//!    new ids, each ticket moved back in time to an instant of its own over `--months` (by
//!    weekdays, office hours, holidays and growth), with new words written from its own id.
//!    On a 24×7 clock a story moved in time is the same story: due times, pauses and breaches
//!    move with it. Ids inside events (`message_id`) are renumbered with their rows.
//! 4. **Operations** — hourly probe roll-ups for every campus and daily backups for hosted
//!    ones over the last 13 months, with a few outages.
//! 5. A handful of **live** tickets per client (new, open, waiting) at the real now.
//!
//! The words (subjects and messages) come from [`text`]: phrase lists about running Moodle
//! campuses, with slots, drawn with Zipf weights.
//!
//! Run it on a database no server is writing to (the copies take explicit ids).

mod arrivals;
mod copies;
mod live;
mod operations;
mod script;
mod setup;
mod stories;
mod text;

use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{SeedableRng, rngs::StdRng};
use service::Service;

#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    /// Tickets in all (templates and copies).
    #[arg(long, default_value_t = 100_000)]
    pub tickets: u64,
    /// Clients to create (each with one or two campuses and one administrator).
    #[arg(long, default_value_t = 500)]
    pub clients: usize,
    /// Messages per ticket on average, the opening message included (1 to 20).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub messages_per_ticket: u32,
    /// Agents to create.
    #[arg(long, default_value_t = 20)]
    pub agents: usize,
    /// Template stories played through the service (the rest are copies of them).
    #[arg(long, default_value_t = 2_000)]
    pub templates: u64,
    /// How far back the tickets go.
    #[arg(long, default_value_t = 36)]
    pub months: u32,
    /// The random seed: the same seed and sizes give the same stories and words.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

impl Default for SeedArgs {
    fn default() -> SeedArgs {
        SeedArgs {
            tickets: 100_000,
            clients: 500,
            messages_per_ticket: 3,
            agents: 20,
            templates: 2_000,
            months: 36,
            seed: 42,
        }
    }
}

pub async fn run(svc: &Service, a: &SeedArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        a.clients >= 1 && a.agents >= 1,
        "--clients and --agents must be at least 1"
    );
    anyhow::ensure!(a.months >= 2, "--months must be at least 2");
    anyhow::ensure!(
        (1..=20).contains(&a.messages_per_ticket),
        "--messages-per-ticket must be between 1 and 20"
    );
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
    let b = bar(templates, "templates");
    let per_ticket = f64::from(a.messages_per_ticket);
    let played = stories::play(svc, &world, templates, per_ticket, a.seed, &mut rng, &b).await?;
    b.finish_and_clear();
    eprintln!(
        "{templates} template stories through the service, {:.2} messages each ({:.1} s)",
        played.messages as f64 / templates as f64,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let wanted = a.tickets - templates;
    let b = bar(wanted, "copies");
    let plan = copies::Plan {
        world: &world,
        wanted,
        months: a.months,
        seed: a.seed,
    };
    let copied = copies::copy(svc, &played, &plan, &b).await?;
    b.finish_and_clear();
    // PostgreSQL's id sequences move past the copies' ids before anything else is created.
    store::bulk::finish(&svc.db).await?;
    eprintln!(
        "{copied} copies ({:.1} s, {:.0} tickets/s)",
        t.elapsed().as_secs_f64(),
        copied as f64 / t.elapsed().as_secs_f64().max(1e-9)
    );

    let t = Instant::now();
    let b = bar(world.campuses().count() as u64, "operations");
    let (hours, backups) = operations::write(svc, &world, &mut rng, &b).await?;
    b.finish_and_clear();
    eprintln!(
        "{hours} probe hours, {backups} backups ({:.1} s)",
        t.elapsed().as_secs_f64()
    );

    let live = live::open(svc, &world, a.seed, &mut rng).await?;
    store::bulk::finish(&svc.db).await?;

    // The copies were written row for row, past the search index: it is built now, by the
    // same backfill a server runs (each batch read back from the rows and indexed).
    let t = Instant::now();
    svc.search_reindex_all().await.map_err(e("reindex"))?;
    let b = bar(templates + copied + live, "search index");
    while let Some(p) = svc
        .search_backfill(std::time::Duration::from_secs(1))
        .await
        .map_err(e("search index"))?
    {
        b.set_position(p.next_id.map_or(p.max_id, |n| n - 1).max(0) as u64);
        if p.next_id.is_none() {
            break;
        }
    }
    b.finish_and_clear();
    svc.search_optimize().await.map_err(e("search index"))?;
    eprintln!("search index ({:.1} s)", t.elapsed().as_secs_f64());
    eprintln!(
        "{live} live tickets; {} tickets in {:.1} s",
        templates + copied + live,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A progress bar on stderr; indicatif hides it when stderr is not a terminal, and then the
/// one-line summaries above are all there is.
fn bar(len: u64, what: &'static str) -> ProgressBar {
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template("{prefix:>10} {bar:30} {pos}/{len} {per_sec} (eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    b.set_prefix(what);
    b
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
