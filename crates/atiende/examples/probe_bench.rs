//! Campus monitoring costs, on this machine:
//!
//! * probes: N campuses answer on one local HTTP server; each probe (an HTTP GET, then its
//!   result and whatever follows from it recorded in one transaction) runs with 32 at a time,
//!   as the job runner runs a batch — probes per second one node sustains;
//! * uptime: 500 campuses × 30 days of hourly probes (rolled up into hourly aggregates, as the
//!   housekeeping job does after the raw retention), then the uptime view (30-day strip, this
//!   month, last month) of every campus — the cost of one campus page's uptime and of all 500.
//!
//! `cargo run --release -p atiende --example probe_bench -- 500 [postgres://…]`
//! (default: a SQLite file in a temporary directory).

use std::{sync::Arc, time::Instant};

use futures_util::{StreamExt, stream};
use service::{
    Actor, Service, SystemClock,
    admin::{
        clients::{CampusInput, ClientInput},
        users::UserInput,
    },
};

const CONCURRENCY: usize = 32;
const DAYS: i64 = 30;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(500);
    let dir = tempfile::tempdir()?;
    let url = match args.next() {
        Some(u) => store::DbUrl::parse(&u)?,
        None => store::DbUrl::SqliteFile(dir.path().join("bench.db")),
    };
    let db = store::Db::open(&url, 16).await?;
    let svc = Service::new(db, Arc::new(SystemClock));

    // A campus that answers like a Moodle login page.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().fallback(|| async {
        axum::response::Html("<html><title>Campus</title><body>Moodle</body></html>")
    });
    tokio::spawn(async move { axum::serve(listener, app).await });

    let run = uuid::Uuid::new_v4().simple().to_string();
    let root = svc
        .create_user(
            None,
            &UserInput {
                email: format!("root-{run}@atiende.test"),
                name: "Root".into(),
                role: domain::user::Role::Admin,
                client_id: None,
                locale: domain::user::Locale::Es,
                time_zone: "UTC".into(),
                password: Some("bench-password-123".into()),
            },
        )
        .await?;
    let admin = Actor {
        user_id: root.id,
        role: domain::user::Role::Admin,
        client_id: None,
        name: "Root".into(),
    };
    let client = svc
        .create_client(
            &admin,
            &ClientInput {
                name: format!("Bench {run}"),
                tax_id: "B-1".into(),
                contact_emails: vec![],
                time_zone: "America/Argentina/Buenos_Aires".into(),
            },
        )
        .await?;
    let mut campuses = Vec::with_capacity(n);
    for i in 0..n {
        let c = svc
            .create_campus(
                &admin,
                &CampusInput {
                    client_id: client.id,
                    url: format!("http://{addr}/campus-{i}/"),
                    platform: "Moodle".into(),
                    platform_version: "4.5".into(),
                    hosted_by_us: true,
                    service_start_date: "2026-01-01".into(),
                },
            )
            .await?;
        campuses.push(c.id);
    }

    // Probes: every campus three times, 32 at a time.
    let rounds = 3;
    let t = Instant::now();
    let results: Vec<_> = stream::iter((0..rounds).flat_map(|_| campuses.iter().copied()))
        .map(|id| {
            let svc = svc.clone();
            async move { svc.probe_campus_now(id).await }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let secs = t.elapsed().as_secs_f64();
    let ok = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|o| o.ok))
        .count();
    println!(
        "probes: {} in {secs:.2} s = {:.0} probes/s ({ok} up, {CONCURRENCY} at a time, {})",
        results.len(),
        results.len() as f64 / secs,
        url_kind(&url)
    );

    // Uptime: 30 days of hourly probes per campus, rolled up, then every campus's view.
    let now = svc.now();
    let t = Instant::now();
    let per_campus = DAYS * 24;
    for chunk in campuses.chunks(50) {
        let mut tx = svc.db.begin().await?;
        for &campus_id in chunk {
            for h in 1..=per_campus {
                let at = now - jiff::SignedDuration::from_hours(h);
                store::monitors::insert_probe(
                    &mut tx,
                    &store::monitors::ProbeRow {
                        campus_id,
                        at_us: at.as_microsecond(),
                        // One hour in 100 down: 99 % uptime.
                        ok: h % 100 != 0,
                        http_status: Some(200),
                        latency_ms: Some(120),
                        error: None,
                    },
                )
                .await?;
            }
        }
        tx.commit().await?;
    }
    let rolled = svc.roll_up_probes(now).await?;
    println!(
        "uptime data: {} probes written and rolled up into {rolled} hourly rows in {:.1} s",
        per_campus as usize * n,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut slowest = 0f64;
    for &id in &campuses {
        let one = Instant::now();
        let v = svc.campus_uptime(&admin, id).await?;
        slowest = slowest.max(one.elapsed().as_secs_f64());
        std::hint::black_box(v);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "uptime views: {n} campuses × {DAYS} days in {secs:.2} s = {:.2} ms per campus (slowest {:.2} ms)",
        secs * 1000.0 / n as f64,
        slowest * 1000.0
    );
    Ok(())
}

fn url_kind(url: &store::DbUrl) -> &'static str {
    match url {
        store::DbUrl::SqliteFile(_) => "SQLite",
        _ => "PostgreSQL",
    }
}
