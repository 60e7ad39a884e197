//! `loadgen`: creates N tickets through the API at concurrency C, then measures the queue
//! (list) and single-ticket (get) latency. Loopback servers only; every loop is bounded.
//!
//! ```text
//! loadgen --base http://127.0.0.1:18181 --token atd_… -n 10000 -c 16 [--client-id 1] [--json]
//! ```
//!
//! This file holds the arguments and the order of the run; the HTTP side and its loopback
//! guard live in [`client`], the bounded worker pool in [`runner`], what each phase requests in
//! [`phases`] and the measurements in [`stats`].

mod client;
mod kb;
mod phases;
mod runner;
mod stats;

use std::{process::ExitCode, sync::Arc};

use anyhow::bail;
use clap::Parser;
use serde_json::json;

use client::{Api, check_base};
use stats::{Phase, print_table};

#[derive(Parser, Debug)]
#[command(
    name = "loadgen",
    about = "Load generator for the Atiende API (loopback only)"
)]
struct Args {
    /// Base URL of the server, e.g. http://127.0.0.1:18181 (loopback only).
    #[arg(long)]
    base: String,
    /// API token of a staff user (admin, to create the client when --client-id is omitted).
    #[arg(long, env = "ATIENDE_TOKEN", hide_env_values = true)]
    token: String,
    /// Tickets to create.
    #[arg(short = 'n', long = "tickets", default_value_t = 10_000)]
    n: usize,
    /// Concurrent requests in flight.
    #[arg(short = 'c', long = "concurrency", default_value_t = 16)]
    c: usize,
    /// Requests per read phase (list, filtered list, get).
    #[arg(long, default_value_t = 2000)]
    reads: usize,
    /// Client the tickets belong to; a new client is created when omitted.
    #[arg(long)]
    client_id: Option<i64>,
    /// Requests per knowledge-base phase (search, suggestions). When given, only the knowledge
    /// base is measured: 200 articles are written and published first, no ticket is created.
    #[arg(long)]
    kb: Option<usize>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Measure reads of an existing database instead of creating tickets: `get` picks ids in
    /// 1..=this (e.g. a database filled by `atiende seed`).
    #[arg(long)]
    existing_max_id: Option<i64>,
    /// A file of search texts, one per line: adds a search phase cycling through them.
    #[arg(long)]
    queries: Option<std::path::PathBuf>,
    /// With --queries and --existing-max-id: run the search phase only (e.g. as a client
    /// admin, whose token cannot read every ticket the get phase would pick).
    #[arg(long)]
    only_search: bool,
    /// What a search requests: this path with the URL-encoded text appended.
    #[arg(long, default_value = "/api/v1/tickets?limit=50&q=")]
    search_path: String,
}

/// Upper bounds so a typo cannot turn the tool into a flood.
const MAX_TICKETS: usize = 1_000_000;
const MAX_CONCURRENCY: usize = 512;

fn main() -> ExitCode {
    let args = Args::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let base = check_base(&args.base)?;
    if args.n == 0 || args.n > MAX_TICKETS {
        bail!("-n must be between 1 and {MAX_TICKETS}");
    }
    if args.c == 0 || args.c > MAX_CONCURRENCY {
        bail!("-c must be between 1 and {MAX_CONCURRENCY}");
    }
    if args.reads > MAX_TICKETS {
        bail!("--reads must be at most {MAX_TICKETS}");
    }
    let api = Arc::new(Api::new(base, args.token.clone(), args.c)?);
    if let Some(n) = args.kb {
        if n == 0 || n > MAX_TICKETS {
            bail!("--kb must be between 1 and {MAX_TICKETS}");
        }
        let seed = kb::seed(&api, args.c).await;
        let phases = [
            seed,
            kb::search(&api, n, args.c).await,
            kb::suggest(&api, n, args.c).await,
        ];
        return report(&api, &args, None, &phases);
    }

    let queries = match &args.queries {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            let q: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            if q.is_empty() {
                bail!("{} has no query", path.display());
            }
            q
        }
        None => Vec::new(),
    };
    let mut phases = Vec::new();
    let (client_id, ids) = match args.existing_max_id {
        Some(max) if max >= 1 => (
            args.client_id.unwrap_or(0),
            phases::spread_ids(max, args.reads),
        ),
        Some(_) => bail!("--existing-max-id must be at least 1"),
        None => {
            let client_id = match args.client_id {
                Some(c) => c,
                None => api.create_client().await?,
            };
            if !args.json {
                eprintln!(
                    "creating {} tickets for client {client_id} at concurrency {} …",
                    args.n, args.c
                );
            }
            let (create, ids) = phases::create(&api, args.n, args.c, client_id).await;
            if ids.is_empty() {
                bail!(
                    "no ticket was created: {}",
                    create.first_error.as_deref().unwrap_or("unknown error")
                );
            }
            phases.push(create);
            (client_id, ids)
        }
    };
    if args.only_search && (queries.is_empty() || args.existing_max_id.is_none()) {
        bail!("--only-search needs --queries and --existing-max-id");
    }
    if !args.only_search {
        phases.push(phases::list(&api, args.reads, args.c).await);
        phases.push(phases::list_filtered(&api, args.reads, args.c).await);
        phases.push(phases::get(&api, args.reads, args.c, ids).await);
    }
    if !queries.is_empty() {
        phases.push(phases::search(&api, args.reads, args.c, &args.search_path, queries).await);
    }
    report(&api, &args, Some(client_id), &phases)
}

/// Prints the phases (table or JSON); fails when any request failed.
fn report(api: &Api, args: &Args, client_id: Option<i64>, phases: &[Phase]) -> anyhow::Result<()> {
    if args.json {
        let out = json!({
            "base": api.base, "tickets": args.n, "concurrency": args.c, "reads": args.reads, "client_id": client_id,
            "kb": args.kb, "phases": phases.iter().map(Phase::to_json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_table(phases, args);
    }
    if phases.iter().any(|p| p.errors > 0) {
        bail!("some requests failed (see the errors column)");
    }
    Ok(())
}
