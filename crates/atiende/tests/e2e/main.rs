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
mod auth;
mod isolation;
mod portal_campus;
mod ticket_flow;

/// Runs each test body with a fresh server and its own chromedriver. SQLite only: the API
/// suite already covers both engines; a `postgres` variant (`Backend::Postgres`) is one
/// more function below when wanted.
#[macro_export]
macro_rules! e2e {
    ($(async fn $name:ident($app:ident, $driver:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($app: $crate::harness::TestApp, $driver: $crate::browser::Driver) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let Some(driver) = $crate::browser::Driver::start().await else { return };
                if let Some(app) = $crate::harness::TestApp::spawn($crate::harness::Backend::Sqlite).await {
                    body(app, driver).await
                }
            }
        }
    )*};
}
