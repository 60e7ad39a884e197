//! Starts the real server on 127.0.0.1:0 over a fresh database per test: a SQLite file in a
//! temp dir, or a PostgreSQL database cloned from a migrated template.

use std::{
    hash::{Hash, Hasher},
    path::PathBuf,
    sync::Arc,
    time::Duration,
};

use atiende::{Config, launch};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use service::{ManualClock, Service};

pub const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub service: Service,
    /// Token of a bootstrap `admin` user.
    pub admin: String,
    _db: TestDb,
}

/// A fresh database for one test, removed when dropped. `TestApp` runs on one; the CLI tests
/// hand its `url` to the binary.
pub struct TestDb {
    pub backend: Backend,
    /// `sqlite:<dir>/atiende.db` (the file does not exist yet) or `postgres://…/<name>`.
    pub url: String,
    guard: DbGuard,
}

impl TestDb {
    /// A new SQLite file in its own temp dir, or a PostgreSQL database cloned from the migrated
    /// template. `None` only when PostgreSQL is unreachable outside CI (the test is then
    /// skipped loudly).
    pub async fn fresh(backend: Backend) -> Option<TestDb> {
        Self::create(backend, true).await
    }

    /// Like [`TestDb::fresh`], but a PostgreSQL database starts without any schema (what
    /// `atiende migrate` meets on a new server).
    pub async fn empty(backend: Backend) -> Option<TestDb> {
        Self::create(backend, false).await
    }

    /// The SQLite file's directory (a data directory); `None` on PostgreSQL.
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        match &self.guard {
            DbGuard::Sqlite(dir) => Some(dir.path()),
            DbGuard::Postgres(_) => None,
        }
    }

    async fn create(backend: Backend, migrated: bool) -> Option<TestDb> {
        let (url, guard) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite:{}", dir.path().join("atiende.db").display());
                (url, DbGuard::Sqlite(dir))
            }
            Backend::Postgres => {
                let made = if migrated {
                    clone_pg_database().await
                } else {
                    empty_pg_database().await
                };
                let name = match made {
                    Ok(n) => n,
                    Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
                        eprintln!(
                            "SKIPPED: PostgreSQL at 127.0.0.1:5432 unavailable ({e}); CI=true makes this a failure"
                        );
                        return None;
                    }
                    Err(e) => panic!("PostgreSQL at 127.0.0.1:5432 is required under CI=true: {e}"),
                };
                (
                    format!("postgres://postgres@127.0.0.1:5432/{name}"),
                    DbGuard::Postgres(name),
                )
            }
        };
        Some(TestDb {
            backend,
            url,
            guard,
        })
    }
}

enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(String),
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres(name) = self {
            let name = name.clone();
            // Drop is sync: a short-lived runtime on its own thread removes the database.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let admin = sqlx::PgPool::connect(PG_ADMIN).await.ok()?;
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name} with (force)"
                    )))
                    .execute(&admin)
                    .await
                    .ok()
                })
            })
            .join();
        }
    }
}

/// The instant every test starts at: Monday 2026-11-02 10:00 UTC.
pub fn t0() -> jiff::Timestamp {
    "2026-11-02T10:00:00Z".parse().expect("valid instant")
}

impl TestApp {
    /// The database this app serves (`sqlite:…` or `postgres://…`), for a second node.
    pub fn db_url(&self) -> &str {
        &self._db.url
    }

    /// `None` only when PostgreSQL is unreachable outside CI (the test is then skipped loudly).
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], the node trusting the root CAs of the PEM file `ca_file`
    /// besides Mozilla's: what `ATIENDE_MAIL_CA_FILE=<ca_file>` makes of a served node's
    /// configuration (read by the same function; the variable itself is process-wide, so
    /// parallel tests cannot each set their own).
    pub async fn spawn_trusting(backend: Backend, ca_file: &std::path::Path) -> Option<TestApp> {
        let tls = service::mail_tls::MailTls::from_ca_file(ca_file).expect("the test CA file");
        Self::spawn_with(backend, move |c| c.mail_tls = tls).await
    }

    /// [`TestApp::spawn`] with the configuration changed by `configure` before launch.
    pub async fn spawn_with(
        backend: Backend,
        configure: impl FnOnce(&mut Config),
    ) -> Option<TestApp> {
        let db = TestDb::fresh(backend).await?;
        let mut config =
            Config::new(Some(db.url.clone()), PathBuf::from("unused")).expect("config");
        config.sla_watch_interval = Duration::ZERO;
        config.pg_max_connections = 4;
        configure(&mut config);
        let clock = Arc::new(ManualClock::new(t0()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let running = launch(&config, listener, clock.clone(), std::future::pending())
            .await
            .expect("launch");
        let admin_user = running
            .service
            .create_user(
                None,
                &service::admin::users::UserInput {
                    email: "root@atiende.test".into(),
                    name: "Root".into(),
                    role: domain::user::Role::Admin,
                    client_id: None,
                    locale: domain::user::Locale::Es,
                    time_zone: "Europe/Madrid".into(),
                    password: Some("root-password-123".into()),
                },
            )
            .await
            .expect("bootstrap admin");
        let (_, admin) = running
            .service
            .create_token(admin_user.id, "tests")
            .await
            .expect("token");
        Some(TestApp {
            base: format!("http://{}", running.addr),
            http: reqwest::Client::new(),
            clock,
            service: running.service,
            admin,
            _db: db,
        })
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    /// POST that must succeed; returns the body.
    pub async fn ok(&self, path: &str, token: &str, body: Value) -> Value {
        let (s, v) = self.post(path, token, body).await;
        assert!(s.is_success(), "POST {path} → {s}: {v}");
        v
    }

    /// Moves the set clock to `t0 + secs`.
    pub fn at(&self, secs: i64) {
        self.clock.set(t0() + jiff::SignedDuration::from_secs(secs));
    }

    pub async fn watch(&self) -> service::tickets::WatchReport {
        self.service.sla_watch_step().await.expect("watch step")
    }

    /// A client with one campus and a client-admin user; returns (client id, campus id, token).
    pub async fn client_with_admin(&self, name: &str) -> (i64, i64, String) {
        let c = self.ok("/api/v1/clients", &self.admin, json!({"name": name, "tax_id": format!("TAX-{name}"), "time_zone": "America/Argentina/Buenos_Aires"})).await;
        let cid = c["id"].as_i64().expect("client id");
        let campus = self
            .ok(
                "/api/v1/campuses",
                &self.admin,
                json!({"client_id": cid, "url": format!("https://{}.campus.invalid", name.to_lowercase()), "platform": "Moodle",
                       "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"}),
            )
            .await;
        let email = format!("admin@{}.test", name.to_lowercase());
        self.ok(
            "/api/v1/users",
            &self.admin,
            json!({"email": email, "name": format!("Admin {name}"), "role": "client_admin", "client_id": cid, "password": "client-password-1"}),
        )
        .await;
        let uid = self.service.user_id_by_email(&email).await.expect("user");
        let (_, token) = self.service.create_token(uid, "t").await.expect("token");
        (cid, campus["id"].as_i64().expect("campus id"), token)
    }

    /// A staff user of `role`; returns (user id, token).
    pub async fn staff(&self, email: &str, role: &str) -> (i64, String) {
        let u = self.ok("/api/v1/users", &self.admin, json!({"email": email, "name": email, "role": role, "password": "agent-password-1"})).await;
        let id = u["id"].as_i64().expect("id");
        let (_, token) = self.service.create_token(id, "t").await.expect("token");
        (id, token)
    }
}

/// A test database's name: the creation second lets a later sweep recognise leftovers of
/// crashed runs.
fn test_database_name() -> String {
    format!(
        "atiende_t_{}_{}",
        jiff::Timestamp::now().as_second(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Creates an `atiende_t_…` database with no schema (from `template0`, which nobody connects
/// to, so no lock is needed).
async fn empty_pg_database() -> Result<String, String> {
    let admin = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect(PG_ADMIN)
        .await
        .map_err(|e| e.to_string())?;
    let name = test_database_name();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "create database {name} template template0"
    )))
    .execute(&admin)
    .await
    .map_err(|e| e.to_string())?;
    admin.close().await;
    Ok(name)
}

/// Creates `atiende_t_<random>` from the migrated template (built once, under an advisory
/// lock, and named after a hash of the migrations so a schema change builds a new one).
async fn clone_pg_database() -> Result<String, String> {
    let admin = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect(PG_ADMIN)
        .await
        .map_err(|e| e.to_string())?;
    let tpl = format!("atiende_tpl_{:016x}", migrations_hash());
    let mut conn = admin.acquire().await.map_err(|e| e.to_string())?;
    sqlx::query("select pg_advisory_lock(727274)")
        .execute(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let exists: Option<(i32,)> = sqlx::query_as("select 1 from pg_database where datname = $1")
        .bind(&tpl)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let result = async {
        sweep_stale_databases(&mut conn, &tpl).await;
        if exists.is_none() {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {tpl}")))
                .execute(&mut *conn)
                .await
                .map_err(|e| e.to_string())?;
            let pool = sqlx::PgPool::connect(&format!("postgres://postgres@127.0.0.1:5432/{tpl}"))
                .await
                .map_err(|e| e.to_string())?;
            store::migrate_postgres(&pool)
                .await
                .map_err(|e| e.to_string())?;
            pool.close().await;
            // The sweep reads this to tell a template in use by another checkout from a stale one.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "comment on database {tpl} is '{}'",
                jiff::Timestamp::now().as_second()
            )))
            .execute(&mut *conn)
            .await
            .map_err(|e| e.to_string())?;
        }
        let name = test_database_name();
        // Cloning needs the template to have no connections; the lock serialises clones.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "create database {name} template {tpl}"
        )))
        .execute(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
        Ok(name)
    }
    .await;
    let _ = sqlx::query("select pg_advisory_unlock(727274)")
        .execute(&mut *conn)
        .await;
    result
}

/// Drops test databases left by runs that died more than an hour ago (a live test's database
/// is younger, so concurrent runs are never touched) and templates of other schemas made more
/// than a day ago (another checkout on this machine may be testing a newer schema right now).
async fn sweep_stale_databases(conn: &mut sqlx::PgConnection, current_template: &str) {
    let names: Vec<(String, Option<String>)> = sqlx::query_as(
        "select datname, shobj_description(oid, 'pg_database') from pg_database \
         where datname like 'atiende\\_t%'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    let now = jiff::Timestamp::now().as_second();
    let made_before = |secs: Option<&str>, cutoff: i64| {
        secs.and_then(|s| s.parse::<i64>().ok())
            .is_none_or(|t| t < cutoff)
    };
    for (name, comment) in names {
        let stale = match name.strip_prefix("atiende_t_") {
            Some(rest) => made_before(rest.split('_').next(), now - 3600),
            None => {
                name.starts_with("atiende_tpl_")
                    && name != current_template
                    && made_before(comment.as_deref(), now - 86_400)
            }
        };
        if stale {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "drop database if exists {name} with (force)"
            )))
            .execute(&mut *conn)
            .await;
        }
    }
}

fn migrations_hash() -> u64 {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../store/migrations/postgres");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        f.file_name().hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    h.finish()
}

/// Generates a `sqlite` and a `postgres` variant of each test body.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($app: $crate::harness::TestApp) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::harness::TestApp::spawn($crate::harness::Backend::Sqlite).await { body(app).await }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::harness::TestApp::spawn($crate::harness::Backend::Postgres).await { body(app).await }
            }
        }
    )*};
}

/// A job runner configuration for tests that run due jobs by hand (no periodic ticks).
pub fn test_runner() -> service::jobs::RunnerConfig {
    service::jobs::RunnerConfig {
        node: "test-node".into(),
        lease: jiff::SignedDuration::from_mins(5),
        batch: 50,
        periodic: Vec::new(),
    }
}

/// The demo seed's e-mail and password of the first login whose role label starts with
/// `role` (`client_admin`, `agent`, `admin`…).
pub fn demo_login(seed: &atiende::demo::DemoSeed, role: &str) -> (String, String) {
    seed.logins
        .iter()
        .find(|(r, _, _)| r.starts_with(role))
        .map(|(_, email, pw)| (email.clone(), pw.clone()))
        .unwrap_or_else(|| panic!("no {role} login in the demo seed"))
}
