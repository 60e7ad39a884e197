//! The demo's campuses, simulated: one small HTTP server on loopback answers for every demo
//! campus at `http://127.0.0.1:PORT/<campus>/` with a Moodle-like login page, so the campus
//! monitor has something real to probe. An outage is one request away:
//! `curl -X POST http://127.0.0.1:PORT/_demo/<campus>/down` makes that campus answer 503
//! (as a web server in front of a dead Moodle does), `…/up` brings it back.

use std::{
    collections::BTreeSet,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use tokio::net::TcpListener;

/// The campuses that are down, by slug.
type Down = Arc<Mutex<BTreeSet<String>>>;

/// A running simulated campus server.
pub struct CampusServer {
    pub addr: SocketAddr,
    down: Down,
    task: tokio::task::JoinHandle<()>,
}

impl CampusServer {
    /// Serves on `bind` (port 0: any free port) until dropped.
    pub async fn start(bind: SocketAddr) -> anyhow::Result<CampusServer> {
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind} for the demo campuses: {e}"))?;
        let addr = listener.local_addr()?;
        let down = Down::default();
        let app = Router::new()
            .route("/", get(index))
            .route("/_demo/{slug}/down", post(set_down))
            .route("/_demo/{slug}/up", post(set_up))
            .route("/{slug}", get(campus))
            .route("/{slug}/", get(campus))
            .with_state(down.clone());
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::warn!(error = %e, "the demo campus server stopped");
            }
        });
        Ok(CampusServer { addr, down, task })
    }

    /// The URL of the campus `slug`.
    pub fn url(&self, slug: &str) -> String {
        format!("http://{}/{slug}/", self.addr)
    }

    /// The command that takes `slug` down (or `up`).
    pub fn switch_command(&self, slug: &str, state: &str) -> String {
        format!("curl -X POST http://{}/_demo/{slug}/{state}", self.addr)
    }

    /// Whether `slug` answers (tests).
    pub fn is_up(&self, slug: &str) -> bool {
        !lock(&self.down).contains(slug)
    }
}

impl Drop for CampusServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(d: &Down) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
    d.lock().unwrap_or_else(|e| e.into_inner())
}

fn valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

async fn campus(State(down): State<Down>, Path(slug): Path<String>) -> Response {
    if !valid(&slug) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if lock(&down).contains(&slug) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable (demo outage)\n",
        )
            .into_response();
    }
    Html(format!(
        "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>{slug}: Iniciar sesión</title></head>\
         <body><h1>{slug}</h1><p>Moodle (campus simulado de la demo de Atiende)</p>\
         <form><label>Nombre de usuario <input name=\"username\"></label> \
         <label>Contraseña <input type=\"password\" name=\"password\"></label> \
         <button>Acceder</button></form></body></html>"
    ))
    .into_response()
}

async fn set_down(State(down): State<Down>, Path(slug): Path<String>) -> StatusCode {
    if !valid(&slug) {
        return StatusCode::NOT_FOUND;
    }
    lock(&down).insert(slug);
    StatusCode::NO_CONTENT
}

async fn set_up(State(down): State<Down>, Path(slug): Path<String>) -> StatusCode {
    lock(&down).remove(&slug);
    StatusCode::NO_CONTENT
}

async fn index(State(down): State<Down>) -> String {
    let down = lock(&down);
    let list = if down.is_empty() {
        "none".to_string()
    } else {
        down.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    format!("Atiende demo campuses. Down now: {list}\n")
}
