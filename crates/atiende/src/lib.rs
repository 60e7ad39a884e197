//! The `atiende` binary's library half: configuration and the one entry point, [`launch`],
//! used by `main` and by the integration tests alike.
#![forbid(unsafe_code)]

pub mod config;
pub mod demo;
mod http;

use std::{future::Future, sync::Arc, time::Duration};

use service::{Clock, Service};
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
/// The SLA watcher runs every `config.sla_watch_interval` unless that is zero.
pub async fn launch(
    config: &Config,
    listener: TcpListener,
    clock: Arc<dyn Clock>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let db = store::Db::open(&config.database, config.pg_max_connections).await?;
    let service = Service::new(db, clock);
    let addr = listener.local_addr()?;
    let watcher = (!config.sla_watch_interval.is_zero())
        .then(|| tokio::spawn(watch_loop(service.clone(), config.sla_watch_interval)));
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

/// The core's SLA watcher: a plain interval around the one step tests call directly.
pub async fn watch_loop(service: Service, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match service.sla_watch_step().await {
            Ok(r) if r.breaches + r.closed > 0 => {
                tracing::info!(breaches = r.breaches, closed = r.closed, "sla watch")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sla watch step failed"),
        }
    }
}
