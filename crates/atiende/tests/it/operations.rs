//! The binary as an init system and an operator drive it: SIGTERM stops `serve` cleanly,
//! `demo` never wipes a directory a server is using, `user create` keeps the password off the
//! command line.

use std::{
    io::{Read, Write},
    process::Command,
    time::{Duration, Instant},
};

use crate::cli::{atiende, free_port, run, serve, text};

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, base) = serve(atiende(dir.path())).await;
    let addr = base.trim_start_matches("http://").to_string();

    // A request whose body is only half sent: it is in flight when the signal arrives.
    let body = "email=nadie%40atiende.test&password=equivocada-123";
    let (first, rest) = body.split_at(10);
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    conn.flush().unwrap();

    let pid = server.child().id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    // The listener closes once shutdown has begun; the open request must still be answered.
    let start = Instant::now();
    while reqwest::get(format!("{base}/healthz")).await.is_ok() {
        assert!(start.elapsed() < MINUTE, "still accepting after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    conn.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.child().try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < MINUTE, "serve did not exit after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    server.0 = None;
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_refuses_a_directory_a_server_is_using() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let (_server, base) = serve(atiende(&data)).await;
    let db = data.join("atiende.db");
    assert!(db.exists());

    let mut cmd = atiende(&data);
    cmd.args([
        "demo",
        "--bind",
        &format!("127.0.0.1:{}", free_port()),
        "--data",
    ])
    .arg(&data);
    let out = tokio::task::spawn_blocking(move || run(cmd, MINUTE))
        .await
        .unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("another atiende server is using"), "{err}");
    assert!(db.exists(), "the running server's database was deleted");
    let up = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert!(
        up.status().is_success(),
        "the running server lost its database"
    );
}

#[test]
fn user_create_reads_the_password_from_the_environment_or_a_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let create = |email: &str| {
        let mut cmd = atiende(dir.path());
        cmd.args([
            "user", "create", "--email", email, "--name", "A", "--role", "admin",
        ]);
        cmd
    };
    let mut cmd = create("env@b.test");
    cmd.env("ATIENDE_PASSWORD", "from-the-environment");
    let out = run(cmd, MINUTE);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // No password and no terminal to ask on: a clear refusal (never a hang on a prompt).
    let out = run(create("none@b.test"), MINUTE);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("ATIENDE_PASSWORD") && err.contains("terminal"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_when_cookies_are_secure() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = atiende(dir.path())
        .env("ATIENDE_SECURE_COOKIES", "true")
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _server = crate::cli::Server(Some(child));
    let start = Instant::now();
    let res = loop {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/login")).await {
            break r;
        }
        assert!(start.elapsed() < MINUTE, "serve did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let hsts = res.headers().get("strict-transport-security");
    assert!(
        hsts.and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("max-age=")),
        "{hsts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_live_on_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = atiende::Config::new(None, dir.path().to_path_buf()).unwrap();
    config.sla_watch_interval = Duration::ZERO;
    config.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = atiende::launch(
        &config,
        listener,
        std::sync::Arc::new(service::SystemClock),
        std::future::pending(),
    )
    .await
    .unwrap();
    let main = format!("http://{}", running.addr);
    let metrics = format!("http://{}", running.metrics_addr.expect("metrics address"));
    assert_eq!(
        reqwest::get(format!("{main}/healthz"))
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::OK
    );
    let hidden = reqwest::get(format!("{main}/metrics")).await.unwrap();
    assert_eq!(
        hidden.status(),
        reqwest::StatusCode::NOT_FOUND,
        "/metrics on the public listener"
    );
    let res = reqwest::get(format!("{metrics}/metrics")).await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("atiende_http_requests_total")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_lines_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = atiende(dir.path())
        .env("RUST_LOG", "info,tower_http=debug")
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = crate::cli::Server(Some(child));
    let http = reqwest::Client::new();
    let start = Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .is_err()
    {
        assert!(start.elapsed() < MINUTE, "serve did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let res = http
        .get(format!("http://127.0.0.1:{port}/api/v1/tickets"))
        .header("x-request-id", "trace-me-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
    let pid = server.child().id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let child = server.0.take().unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let log = text(&out.stderr);
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("/api/v1/tickets"))
        .collect();
    assert!(lines.len() >= 2, "{log}");
    assert!(lines.iter().all(|l| l.contains("trace-me-4711")), "{log}");
}
