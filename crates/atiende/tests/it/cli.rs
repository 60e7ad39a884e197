//! The `atiende` binary as an operator uses it: migrate, user and token creation beside a
//! running server, the data-directory lock, and a refused `DATABASE_URL`.

use std::{
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

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

pub(crate) async fn serve(data: &Path) -> (Server, String) {
    let port = free_port();
    let child = atiende(data)
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

#[test]
fn migrate_creates_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = atiende(dir.path());
    cmd.arg("migrate");
    let out = run(cmd, MINUTE);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("atiende.db").exists());
    // Idempotent.
    let mut cmd = atiende(dir.path());
    cmd.arg("migrate");
    assert!(run(cmd, MINUTE).status.success());
}

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

#[test]
fn bad_role_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = atiende(dir.path());
    cmd.args([
        "user",
        "create",
        "--email",
        "a@b.test",
        "--name",
        "A",
        "--role",
        "boss",
        "--password",
        "xxxxxxxxxxxx",
    ]);
    let out = run(cmd, MINUTE);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("boss") && err.contains("client_admin") && err.contains("admin"),
        "{err}"
    );
    // A too-short password names the field.
    let mut cmd = atiende(dir.path());
    cmd.args([
        "user",
        "create",
        "--email",
        "a@b.test",
        "--name",
        "A",
        "--role",
        "admin",
        "--password",
        "short",
    ]);
    let out = run(cmd, MINUTE);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("password"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_and_tokens_created_beside_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let (_server, base) = serve(&data).await;

    let mut cmd = atiende(&data);
    cmd.args([
        "user",
        "create",
        "--email",
        "a@b.test",
        "--name",
        "A",
        "--role",
        "admin",
        "--password",
        "xxxxxxxxxxxx",
    ]);
    let out = tokio::task::spawn_blocking(move || run(cmd, MINUTE))
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("a@b.test"),
        "{}",
        text(&out.stdout)
    );

    let mut cmd = atiende(&data);
    cmd.args(["token", "create", "--email", "a@b.test"]);
    let out = tokio::task::spawn_blocking(move || run(cmd, MINUTE))
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_string();
    assert!(token.starts_with("atd_"), "{token}");

    let http = reqwest::Client::new();
    let res = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["email"], "a@b.test");
    assert_eq!(me["role"], "admin");
    let res = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth("atd_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);

    // An unknown e-mail is refused.
    let mut cmd = atiende(&data);
    cmd.args(["token", "create", "--email", "nobody@b.test"]);
    let out = tokio::task::spawn_blocking(move || run(cmd, MINUTE))
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("nobody@b.test"));

    // A second server on the same data directory refuses to start, naming the lock.
    let mut cmd = atiende(&data);
    cmd.args(["serve", "--bind", &format!("127.0.0.1:{}", free_port())]);
    let out = tokio::task::spawn_blocking(move || run(cmd, MINUTE))
        .await
        .unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("lock"), "{err}");
    // …and the first one still serves.
    let res = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
}
