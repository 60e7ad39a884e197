//! The `atiende` binary's library half: configuration and the one entry point, [`launch`],
//! used by `main` and by the integration tests alike.
#![forbid(unsafe_code)]

pub mod config;
pub mod demo;
pub mod generate;
mod http;

use std::{future::Future, sync::Arc, time::Duration};

use service::{
    Clock, Service,
    jobs::{JobKind, MONITOR_TICK, Periodic, RunnerConfig},
};
use tokio::net::TcpListener;

pub use config::Config;

/// A running server: its address and the service behind it (tests drive the watcher step
/// and read the database through it).
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub service: Service,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Where `/metrics` is served when `config.metrics_bind` gives it its own listener.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

/// Opens the store (migrating it), then serves HTTP on `listener` until `shutdown` resolves.
/// The job runner (the SLA watch every `config.sla_watch_interval`, and every other background
/// job) runs unless that interval is zero.
pub async fn launch(
    config: &Config,
    listener: TcpListener,
    clock: Arc<dyn Clock>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let db = store::Db::open(&config.database, config.pg_max_connections).await?;
    let mut service = Service::new(db, clock)
        .with_mail(config.mail.clone())
        .with_mail_in(config.mail_in.clone())
        .with_mail_tls(config.mail_tls.clone())
        .with_maintenance(config.maintenance.clone())
        .with_probe_retention(config.probe_retention_days)
        .with_report_pdf(report_pdf());
    if let Some(key) = &config.secret_key {
        service = service.with_secret_key(key.clone());
    }
    // Saved mail servers that cannot be used are said at start, not only in the jobs' errors.
    match service.reload_mail_settings().await {
        Ok(live) => {
            for p in live.problems.iter().chain(&live.smtp_problem) {
                tracing::warn!(problem = %p, "a saved mail server cannot be used");
            }
        }
        Err(e) => tracing::warn!(error = %e, "reading the saved mail servers failed"),
    }
    let addr = listener.local_addr()?;
    let watcher = (!config.sla_watch_interval.is_zero()).then(|| {
        let cfg = runner_config(config);
        tokio::spawn(job_loop(service.clone(), cfg, JOB_POLL))
    });
    let options = web::Options {
        metrics: config.metrics_bind.is_none(),
        uploads: config.uploads.clone(),
        ..web::Options::default()
    };
    let app = web::router_with(service.clone(), &options);
    let (metrics_addr, metrics) = match config.metrics_bind {
        Some(bind) => {
            let l = TcpListener::bind(bind)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {bind} for /metrics: {e}"))?;
            let addr = l.local_addr()?;
            let task = tokio::spawn(http::serve(
                l,
                web::metrics_router(),
                std::future::pending(),
            ));
            tracing::info!(%addr, "metrics served on their own address");
            (Some(addr), Some(task))
        }
        None => (None, None),
    };
    let server = tokio::spawn(async move {
        let served = http::serve(listener, app, shutdown).await;
        if let Some(m) = metrics {
            m.abort();
        }
        // In-flight requests are done: the watcher stops with the server, not mid-process-exit.
        if let Some(w) = watcher {
            w.abort();
        }
        tracing::info!("atiende stopped");
        served
    });
    tracing::info!(%addr, database = ?config.database, "atiende serving");
    Ok(Running {
        addr,
        service,
        server,
        metrics_addr,
    })
}

/// This node's job runner (see `service::jobs`): schedules the periodic ticks, claims due jobs
/// and runs them; sleeps `poll` when nothing was due. Every node of a PostgreSQL deployment
/// runs one; each job runs on one node at a time.
pub async fn job_loop(service: Service, cfg: RunnerConfig, poll: Duration) {
    tracing::info!(node = %cfg.node, "job runner started");
    let mut scheduled: Vec<i64> = vec![i64::MIN; cfg.periodic.len()];
    let mut gauges_at = std::time::Instant::now() - GAUGE_EVERY;
    loop {
        // A tick is scheduled once per node when it starts (the dedup key makes it one row).
        let now = service::us(service.now());
        let ticks: Vec<i64> = cfg
            .periodic
            .iter()
            .map(|p| now.div_euclid(p.every.as_micros().max(1) as i64))
            .collect();
        if ticks != scheduled {
            match service.schedule_periodic(&cfg.periodic).await {
                Ok(_) => scheduled = ticks,
                Err(e) => tracing::warn!(error = %e, "scheduling periodic jobs failed"),
            }
        }
        let worked = match service.run_due_jobs(&cfg).await {
            Ok(r) => r.claimed() > 0,
            Err(e) => {
                tracing::warn!(error = %e, "claiming jobs failed");
                false
            }
        };
        if gauges_at.elapsed() >= GAUGE_EVERY {
            gauges_at = std::time::Instant::now();
            if let Err(e) = service.publish_job_gauges().await {
                tracing::warn!(error = %e, "job gauges");
            }
        }
        if !worked {
            tokio::time::sleep(poll).await;
        }
    }
}

const GAUGE_EVERY: Duration = Duration::from_secs(10);
/// How long an idle runner waits before looking for due jobs again.
const JOB_POLL: Duration = Duration::from_secs(1);

/// The standard periodic jobs with the configured SLA watch interval, the mail poll every
/// 30 s (mailboxes may be added in the admin UI at any time; with none it reads nothing),
/// the campus monitor's tick every `config.monitor_tick` (none when zero), the backup watch
/// every 5 minutes and the daily Moodle site check.
pub fn runner_config(config: &Config) -> RunnerConfig {
    let every = jiff::SignedDuration::try_from(config.sla_watch_interval)
        .unwrap_or(jiff::SignedDuration::from_secs(15));
    let mut cfg = RunnerConfig::standard(every, Some(MAIL_POLL));
    let monitor = jiff::SignedDuration::try_from(config.monitor_tick).unwrap_or(MONITOR_TICK);
    cfg.periodic.retain(|p| p.kind != JobKind::MonitorTick);
    if !monitor.is_zero() {
        cfg.periodic.push(Periodic {
            kind: JobKind::MonitorTick,
            every: monitor,
        });
    }
    cfg
}

/// How often the support mailboxes are read.
const MAIL_POLL: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);

/// The monthly report's PDF for its e-mail (the service cannot depend on the drawing crate,
/// which depends on the service for the report's model).
pub fn report_pdf() -> service::report_mail::PdfRenderer {
    Arc::new(|r, l| report_render::pdf::render(r, l).map_err(|e| format!("{e:#}")))
}
