//! The `atiende` binary as an operator uses it: migrate, user and token creation beside a
//! running server, the data-directory lock, and a refused `DATABASE_URL`.
//!
//! Every command that opens the database runs twice: on SQLite (the default file in
//! `ATIENDE_DATA`) and on PostgreSQL (`DATABASE_URL` naming a test database of the shared
//! harness). The data-directory lock exists only for SQLite; on PostgreSQL the same test checks
//! the opposite, that a second server shares the database.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use crate::harness::{Backend, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_atiende");

/// The binary with a clean environment pointing at `data`.
pub(crate) fn atiende(data: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("DATABASE_URL")
        .env_remove("ATIENDE_BIND")
        .env_remove("ATIENDE_PASSWORD")
        .env("ATIENDE_DATA", data)
        .env("RUST_LOG", "warn");
    c
}

/// Runs to completion, killing it if it takes longer than `limit` (a `serve` that should fail).
pub(crate) fn run(mut cmd: Command, limit: Duration) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn atiende");
    let mut guard = Server(Some(child));
    let start = Instant::now();
    while guard.child().try_wait().expect("wait").is_none() {
        assert!(
            start.elapsed() < limit,
            "atiende did not exit within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    guard
        .0
        .take()
        .expect("child")
        .wait_with_output()
        .expect("output")
}

/// A spawned `atiende serve`, killed when dropped (also when a test fails).
pub(crate) struct Server(pub(crate) Option<Child>);

impl Server {
    pub(crate) fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("child still owned")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(c) = self.0.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Starts `cmd` as `serve` on a free port and waits until it answers `/healthz`.
pub(crate) async fn serve(mut cmd: Command) -> (Server, String) {
    let port = free_port();
    let child = cmd
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let server = Server(Some(child));
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        let up = reqwest::get(format!("{base}/healthz")).await;
        if up.is_ok_and(|r| r.status().is_success()) {
            return (server, base);
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "serve did not come up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const MINUTE: Duration = Duration::from_secs(60);

/// What one CLI test runs the binary against: a data directory and, on PostgreSQL, the test
/// database in `DATABASE_URL`.
struct Target {
    db: TestDb,
    /// The SQLite file's directory, or an unused temp dir on PostgreSQL.
    data: PathBuf,
    _spare: Option<tempfile::TempDir>,
}

impl Target {
    /// A database with the schema (PostgreSQL) or none yet (SQLite: `serve` creates it).
    async fn fresh(backend: Backend) -> Option<Target> {
        Self::on(TestDb::fresh(backend).await?)
    }

    /// A database without any schema.
    async fn empty(backend: Backend) -> Option<Target> {
        Self::on(TestDb::empty(backend).await?)
    }

    fn on(db: TestDb) -> Option<Target> {
        let (data, spare) = match db.sqlite_dir() {
            Some(dir) => (dir.to_path_buf(), None),
            None => {
                let spare = tempfile::tempdir().expect("temp dir");
                (spare.path().to_path_buf(), Some(spare))
            }
        };
        Some(Target {
            db,
            data,
            _spare: spare,
        })
    }

    /// The binary with a clean environment; SQLite through the default file in the data
    /// directory, PostgreSQL through `DATABASE_URL`.
    fn cmd(&self) -> Command {
        let mut c = atiende(&self.data);
        if self.db.backend == Backend::Postgres {
            c.env("DATABASE_URL", &self.db.url);
        }
        c
    }

    /// `cmd` with `args`, run to completion off the async runtime.
    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.cmd();
        cmd.args(args);
        tokio::task::spawn_blocking(move || run(cmd, MINUTE))
            .await
            .expect("join")
    }

    async fn serve(&self) -> (Server, String) {
        serve(self.cmd()).await
    }

    /// On PostgreSQL, the commands left the data directory without a SQLite file: they
    /// really used `DATABASE_URL`.
    fn assert_engine_used(&self) {
        if self.db.backend == Backend::Postgres {
            assert!(
                !self.data.join("atiende.db").exists(),
                "a PostgreSQL run created a SQLite file"
            );
        }
    }
}

/// Generates a `sqlite` and a `postgres` variant of each test body, given the backend.
macro_rules! cli_both {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($backend: Backend) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                body(Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                body(Backend::Postgres).await
            }
        }
    )*};
}

cli_both! {
    async fn migrate_creates_the_schema(backend) {
        let Some(t) = Target::empty(backend).await else { return };
        let out = t.run(&["migrate"]).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        let applied = text(&out.stdout);
        assert!(applied.starts_with("migrations applied: [1,"), "{applied}");
        match backend {
            Backend::Sqlite => assert!(t.data.join("atiende.db").exists()),
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&t.db.url).await.expect("connect");
                let tables: (i64,) = sqlx::query_as(
                    "select count(*) from information_schema.tables where table_name = 'ticket'",
                )
                .fetch_one(&pool)
                .await
                .expect("query");
                pool.close().await;
                assert_eq!(tables.0, 1, "the ticket table exists");
            }
        }
        // Idempotent: a second run applies nothing new and reports the same versions.
        let again = t.run(&["migrate"]).await;
        assert!(again.status.success(), "{}", text(&again.stderr));
        assert_eq!(text(&again.stdout), applied);
    }

    async fn bad_role_is_refused_clearly(backend) {
        let Some(t) = Target::fresh(backend).await else { return };
        let out = t
            .run(&["user", "create", "--email", "a@b.test", "--name", "A", "--role", "boss",
                   "--password", "xxxxxxxxxxxx"])
            .await;
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(
            err.contains("boss") && err.contains("client_admin") && err.contains("admin"),
            "{err}"
        );
        // A too-short password names the field.
        let out = t
            .run(&["user", "create", "--email", "a@b.test", "--name", "A", "--role", "admin",
                   "--password", "short"])
            .await;
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("password"), "{}", text(&out.stderr));
        t.assert_engine_used();
    }

    async fn users_and_tokens_created_beside_a_running_server(backend) {
        let Some(t) = Target::fresh(backend).await else { return };
        let (_server, base) = t.serve().await;

        let out = t
            .run(&["user", "create", "--email", "a@b.test", "--name", "A", "--role", "admin",
                   "--password", "xxxxxxxxxxxx"])
            .await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("a@b.test"), "{}", text(&out.stdout));

        let out = t.run(&["token", "create", "--email", "a@b.test"]).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        let token = text(&out.stdout).trim().to_string();
        assert!(token.starts_with("atd_"), "{token}");

        let http = reqwest::Client::new();
        let me = |base: String, token: String| {
            let http = http.clone();
            async move {
                http.get(format!("{base}/api/v1/me"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("request")
            }
        };
        let res = me(base.clone(), token.clone()).await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        let v: serde_json::Value = res.json().await.expect("json");
        assert_eq!((v["email"].as_str(), v["role"].as_str()), (Some("a@b.test"), Some("admin")));
        let res = me(base.clone(), "atd_wrong".into()).await;
        assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);

        // An unknown e-mail is refused.
        let out = t.run(&["token", "create", "--email", "nobody@b.test"]).await;
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("nobody@b.test"));

        match backend {
            // Inherently SQLite-only: the lock beside the file keeps a second server out.
            Backend::Sqlite => {
                let out = t
                    .run(&["serve", "--bind", &format!("127.0.0.1:{}", free_port())])
                    .await;
                assert!(!out.status.success());
                let err = text(&out.stderr);
                assert!(err.contains("lock"), "{err}");
            }
            // On PostgreSQL several nodes share one database: a second server starts and
            // knows the same token.
            Backend::Postgres => {
                let (_second, other) = t.serve().await;
                let res = me(other, token.clone()).await;
                assert_eq!(res.status(), reqwest::StatusCode::OK);
            }
        }
        // …and the first one still serves.
        let res = me(base, token).await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        t.assert_engine_used();
    }
}

/// Engine-independent: the URL is refused before any database is opened.
#[test]
fn unknown_database_url_names_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = atiende(dir.path());
    cmd.arg("migrate").env("DATABASE_URL", "mysql://x");
    let out = run(cmd, MINUTE);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("postgres://") && err.contains("sqlite:"),
        "{err}"
    );
}
