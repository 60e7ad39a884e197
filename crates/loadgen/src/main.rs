//! `loadgen`: creates N tickets through the API at concurrency C, then measures the queue
//! (list) and single-ticket (get) latency. Loopback servers only; every loop is bounded.
//!
//! ```text
//! loadgen --base http://127.0.0.1:18181 --token atd_… -n 10000 -c 16 [--client-id 1] [--json]
//! ```

use std::{
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, anyhow, bail};
use clap::Parser;
use serde_json::{Value, json};

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
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Upper bounds so a typo cannot turn the tool into a flood.
const MAX_TICKETS: usize = 1_000_000;
const MAX_CONCURRENCY: usize = 512;

const PRIORITIES: [&str; 4] = ["low", "medium", "high", "urgent"];
const CATEGORIES: [&str; 5] = [
    "functional",
    "technical",
    "administrative",
    "commercial",
    "complaint",
];

/// The outcome of one phase.
struct Phase {
    name: &'static str,
    ok: usize,
    errors: usize,
    first_error: Option<String>,
    wall: Duration,
    /// Latencies of successful requests, sorted.
    latencies: Vec<Duration>,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    fn pct(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    fn to_json(&self) -> Value {
        let ms = |d: Duration| (d.as_secs_f64() * 1e5).round() / 100.0;
        json!({
            "phase": self.name, "ok": self.ok, "errors": self.errors, "first_error": self.first_error,
            "seconds": (self.wall.as_secs_f64() * 1000.0).round() / 1000.0, "per_second": (self.rate() * 10.0).round() / 10.0,
            "p50_ms": ms(self.pct(50.0)), "p95_ms": ms(self.pct(95.0)), "p99_ms": ms(self.pct(99.0)),
            "max_ms": ms(self.latencies.last().copied().unwrap_or_default()),
        })
    }
}

/// What one request reports back to its phase.
enum Outcome {
    Ok(Option<i64>),
    Err(String),
}

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
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(args.c)
        .build()?;
    let api = Arc::new(Api {
        http,
        base,
        token: args.token.clone(),
    });

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

    let created = Arc::new(std::sync::Mutex::new(Vec::with_capacity(args.n)));
    let ids = created.clone();
    let create = phase("create ticket", args.n, args.c, api.clone(), move |api, i| {
        let body = json!({
            "client_id": client_id,
            "category": CATEGORIES[i % CATEGORIES.len()],
            "priority": PRIORITIES[i % PRIORITIES.len()],
            "subject": format!("Prueba de carga #{i}: el campus responde lento"),
            "body": format!("Ticket {i} generado por loadgen para medir la latencia de creación."),
            "tags": ["loadgen"],
        });
        async move { api.send(reqwest::Method::POST, "/api/v1/tickets".into(), Some(body), 201).await }
    }, Some(ids))
    .await;
    let ids: Vec<i64> = created.lock().map(|v| v.clone()).unwrap_or_default();
    if ids.is_empty() {
        bail!(
            "no ticket was created: {}",
            create.first_error.as_deref().unwrap_or("unknown error")
        );
    }

    let list = phase(
        "list ?limit=50",
        args.reads,
        args.c,
        api.clone(),
        |api, _| async move {
            api.send(
                reqwest::Method::GET,
                "/api/v1/tickets?limit=50".into(),
                None,
                200,
            )
            .await
        },
        None,
    )
    .await;
    let filtered = phase(
        "list urgent+ok",
        args.reads,
        args.c,
        api.clone(),
        |api, _| async move {
            api.send(
                reqwest::Method::GET,
                "/api/v1/tickets?priority=urgent&sla_state=ok&limit=50".into(),
                None,
                200,
            )
            .await
        },
        None,
    )
    .await;
    let ids = Arc::new(ids);
    let get = phase(
        "get ticket",
        args.reads,
        args.c,
        api.clone(),
        move |api, i| {
            let id = ids[(mix(i as u64) % ids.len() as u64) as usize];
            async move {
                api.send(
                    reqwest::Method::GET,
                    format!("/api/v1/tickets/{id}"),
                    None,
                    200,
                )
                .await
            }
        },
        None,
    )
    .await;

    let phases = [create, list, filtered, get];
    if args.json {
        let out = json!({
            "base": api.base, "tickets": args.n, "concurrency": args.c, "reads": args.reads, "client_id": client_id,
            "phases": phases.iter().map(Phase::to_json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_table(&phases, &args);
    }
    if phases.iter().any(|p| p.errors > 0) {
        bail!("some requests failed (see the errors column)");
    }
    Ok(())
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// One request; `Ok(id)` when the answer has the expected status (and an `id`, if any).
    async fn send(
        &self,
        method: reqwest::Method,
        path: String,
        body: Option<Value>,
        expect: u16,
    ) -> Outcome {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = &body {
            req = req.json(b);
        }
        let res = match req.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Err(e.to_string()),
        };
        let status = res.status().as_u16();
        let text = match res.text().await {
            Ok(t) => t,
            Err(e) => return Outcome::Err(e.to_string()),
        };
        if status != expect {
            return Outcome::Err(format!(
                "{path}: HTTP {status}: {}",
                text.chars().take(300).collect::<String>()
            ));
        }
        let id = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v["id"].as_i64());
        Outcome::Ok(id)
    }

    async fn create_client(&self) -> anyhow::Result<i64> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let body = json!({"name": format!("Cliente de carga {stamp}"), "tax_id": format!("LOADGEN-{stamp}"),
                          "time_zone": "America/Argentina/Buenos_Aires"});
        let res = self
            .http
            .post(format!("{}/api/v1/clients", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = res.status();
        let v: Value = res.json().await.context("reading the new client")?;
        if !status.is_success() {
            bail!("creating the client: HTTP {status}: {v}");
        }
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow!("the new client has no id: {v}"))
    }
}

/// Runs `total` requests made by `make(api, i)`, at most `c` in flight; collects ids if asked.
async fn phase<F, Fut>(
    name: &'static str,
    total: usize,
    c: usize,
    api: Arc<Api>,
    make: F,
    ids: Option<Arc<std::sync::Mutex<Vec<i64>>>>,
) -> Phase
where
    F: Fn(Arc<Api>, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Outcome> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let make = Arc::new(make);
    let start = Instant::now();
    let mut workers = Vec::with_capacity(c);
    for _ in 0..c.min(total.max(1)) {
        let (next, make, api, ids) = (next.clone(), make.clone(), api.clone(), ids.clone());
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut first_error = None;
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let t = Instant::now();
                match make(api.clone(), i).await {
                    Outcome::Ok(id) => {
                        lat.push(t.elapsed());
                        mine.extend(id);
                    }
                    Outcome::Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            if let Some(ids) = ids
                && let Ok(mut v) = ids.lock()
            {
                v.extend(mine);
            }
            (lat, errors, first_error)
        }));
    }
    let mut p = Phase {
        name,
        ok: 0,
        errors: 0,
        first_error: None,
        wall: Duration::ZERO,
        latencies: Vec::with_capacity(total),
    };
    for w in workers {
        match w.await {
            Ok((lat, errors, first)) => {
                p.ok += lat.len();
                p.latencies.extend(lat);
                p.errors += errors;
                if p.first_error.is_none() {
                    p.first_error = first;
                }
            }
            Err(e) => {
                p.errors += 1;
                p.first_error.get_or_insert(format!("worker panicked: {e}"));
            }
        }
    }
    p.wall = start.elapsed();
    p.latencies.sort_unstable();
    p
}

fn print_table(phases: &[Phase], args: &Args) {
    println!(
        "loadgen: {} tickets, concurrency {}, {} requests per read phase, server {}",
        args.n, args.c, args.reads, args.base
    );
    println!();
    println!(
        "{:<16} {:>7} {:>6} {:>9} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "phase", "ok", "errors", "seconds", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    println!("{}", "-".repeat(92));
    for p in phases {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<16} {:>7} {:>6} {:>9.2} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            p.name,
            p.ok,
            p.errors,
            p.wall.as_secs_f64(),
            p.rate(),
            ms(p.pct(50.0)),
            ms(p.pct(95.0)),
            ms(p.pct(99.0)),
            ms(p.latencies.last().copied().unwrap_or_default()),
        );
    }
    for p in phases.iter().filter(|p| p.errors > 0) {
        println!(
            "first error in {}: {}",
            p.name,
            p.first_error.as_deref().unwrap_or("?")
        );
    }
}

/// Accepts only loopback servers: this tool must never load someone else's machine.
fn check_base(base: &str) -> anyhow::Result<String> {
    let base = base.trim_end_matches('/');
    let rest = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))
        .ok_or_else(|| anyhow!("--base must start with http:// or https://"))?;
    let authority = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!("--base must be a loopback address (127.0.0.1, ::1 or localhost), not {host:?}");
    }
    if rest.contains('/') {
        bail!("--base is the server root, without a path");
    }
    Ok(base.to_string())
}

/// A cheap deterministic scramble (splitmix64) to pick "random" ticket ids.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_bases() {
        assert_eq!(
            check_base("http://127.0.0.1:18181/").unwrap(),
            "http://127.0.0.1:18181"
        );
        assert!(check_base("http://localhost:8080").is_ok());
        assert!(check_base("http://[::1]:8080").is_ok());
        assert!(check_base("http://10.0.0.1:8080").is_err());
        assert!(check_base("https://example.com").is_err());
        assert!(check_base("http://127.0.0.1:8080/api").is_err());
    }

    #[test]
    fn percentiles_by_rank() {
        let p = Phase {
            name: "x",
            ok: 100,
            errors: 0,
            first_error: None,
            wall: Duration::from_secs(1),
            latencies: (1..=100).map(Duration::from_millis).collect(),
        };
        assert_eq!(p.pct(50.0), Duration::from_millis(50));
        assert_eq!(p.pct(99.0), Duration::from_millis(99));
        assert_eq!(p.pct(100.0), Duration::from_millis(100));
    }
}
