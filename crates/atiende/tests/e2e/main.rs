//! Browser end-to-end tests: the real server (in process, set clock, fresh database) and a
//! real headless Chromium driven over WebDriver, clicking through the pages as people do.
//! A separate test binary from `it`, so the browser's start-up never slows the API suite.

// The API suite's harness, shared as is (this binary uses only part of it).
#[allow(dead_code, unused_macros)]
#[path = "../it/harness.rs"]
mod harness;

mod axe;
mod browser;

mod accessibility;
mod admin_forms;
mod auth;
mod console_day;
mod dashboard;
mod hours;
mod isolation;
mod kb;
mod portal_campus;
mod quotes;
mod reports;
mod ticket_flow;

/// Runs each test body twice, on a fresh server over SQLite and over PostgreSQL (a database
/// cloned from the migrated template by the shared harness), each with its own chromedriver:
/// the pages run different SQL on each engine (queue filters, dashboard counts, the demo's
/// data), so the browser checks both.
#[macro_export]
macro_rules! e2e {
    ($(async fn $name:ident($app:ident, $driver:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($app: $crate::harness::TestApp, $driver: $crate::browser::Driver) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::run_e2e($crate::harness::Backend::Sqlite, body).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::run_e2e($crate::harness::Backend::Postgres, body).await
            }
        }
    )*};
}

/// Starts the browser driver and the server on `backend`, then runs `body`; returns early
/// (the harness has said why, loudly) when either is unavailable outside CI.
pub async fn run_e2e<F, Fut>(backend: harness::Backend, body: F)
where
    F: FnOnce(harness::TestApp, browser::Driver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(driver) = browser::Driver::start().await else {
        return;
    };
    if let Some(app) = harness::TestApp::spawn(backend).await {
        body(app, driver).await
    }
}
