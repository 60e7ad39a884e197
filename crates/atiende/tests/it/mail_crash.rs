//! Exactly once through a real crash (issue 17, item 6): a real `atiende serve` reading a real
//! Dovecot mailbox, with `ATIENDE_CRASH_AFTER_INBOUND_COMMIT` set, dies by `abort()` right
//! after a message's transaction committed and before the message is flagged `\Seen`.
//! Restarted without the hook it reads the message again, makes nothing new and flags it:
//! one ticket, one `inbound_mail` row, one message — not zero, not two.

use std::{
    fs::File,
    os::unix::process::ExitStatusExt,
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use serde_json::Value;
use service::jobs::JobKind;

use crate::{
    both_backends,
    cli::{Server, atiende, free_port},
    harness::TestApp,
    mail_servers::{IMAP_PORT, MailServers, PASSWORD},
};

/// The client admin `TestApp::client_with_admin("Norte")` makes.
const ADMIN: &str = "admin@norte.test";
const SIGABRT: i32 = 6;
/// The longest the test waits for the server to act (start, crash, flag the message).
const WAIT: Duration = Duration::from_secs(60);

/// `atiende serve` as a separate process on the test's database, reading `support`'s INBOX,
/// its log (RUST_LOG=info) in `log`; with the crash hook when `crash`. Returns once it answers
/// `/healthz`; the guard kills it when dropped, whatever happens to the test.
async fn start(app: &TestApp, data: &Path, support: &str, log: &Path, crash: bool) -> Server {
    let port = free_port();
    let imap = format!(
        "imap://{}:{PASSWORD}@127.0.0.1:{IMAP_PORT}/INBOX",
        support.replace('@', "%40")
    );
    let mut cmd = atiende(data);
    cmd.env("DATABASE_URL", app.db_url())
        .env("ATIENDE_IMAP_URL", imap)
        .env("RUST_LOG", "info,sqlx=warn")
        .env("NO_COLOR", "1")
        // The job runner on (the default interval); the mail poll comes every 30 s, or at
        // once when the test queues a `mail_poll` job.
        .env_remove("ATIENDE_SLA_WATCH_SECONDS")
        .env_remove("ATIENDE_SMTP_URL")
        .env_remove("ATIENDE_MAIL_SENDER_LIMIT")
        .env_remove("ATIENDE_CRASH_AFTER_INBOUND_COMMIT");
    if crash {
        cmd.env("ATIENDE_CRASH_AFTER_INBOUND_COMMIT", "1");
    }
    let child = cmd
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(log).expect("log file"))
        .spawn()
        .expect("spawn serve");
    let mut server = Server(Some(child));
    let health = format!("http://127.0.0.1:{port}/healthz");
    let start = Instant::now();
    loop {
        if let Some(status) = server.child().try_wait().expect("wait") {
            panic!("serve exited before answering ({status}):\n{}", read(log));
        }
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        assert!(
            start.elapsed() < WAIT,
            "serve did not come up:\n{}",
            read(log)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn read(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// Asks the running server to read the mailbox now (its job runner claims the job within a
/// second) instead of waiting for the next 30-second tick.
async fn poll_now(app: &TestApp) {
    app.service
        .enqueue_job(JobKind::MailPoll, "{}")
        .await
        .expect("queue a mail poll");
}

/// The tickets with `subject`, and the number of `inbound_mail` rows.
async fn recorded(app: &TestApp, subject: &str) -> (Vec<Value>, usize) {
    let (s, v) = app.get("/api/v1/tickets", &app.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let tickets = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|t| t["subject"] == subject)
        .cloned()
        .collect();
    let rows = store::inbound_mail::list(&app.service.db, None, 100)
        .await
        .expect("inbound rows");
    (tickets, rows.len())
}

both_backends! {
    async fn a_worker_killed_between_the_commit_and_the_seen_flag_makes_one_ticket(app) {
        let Some(mail) = MailServers::available().await else { return };
        app.client_with_admin("Norte").await;
        let support = format!("soporte-crash-{}@atiende.test", uuid::Uuid::new_v4().simple());
        let data = tempfile::tempdir().expect("data dir");
        let (log1, log2) = (data.path().join("first.log"), data.path().join("second.log"));

        let mut first = start(&app, data.path(), &support, &log1, true).await;
        let subject = format!("El campus no carga {}", uuid::Uuid::new_v4().simple());
        let raw = format!(
            "From: Admin Norte <{ADMIN}>\r\nTo: {support}\r\nSubject: {subject}\r\n\
             Message-ID: <crash.{}@mail.norte.test>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Desde esta mañana da error 500.\r\n",
            uuid::Uuid::new_v4().simple()
        );
        mail.send_raw(ADMIN, &support, raw.as_bytes()).await;
        mail.wait_for(&support, 1, Duration::from_secs(20)).await;
        poll_now(&app).await;

        // The process dies by abort() once the message's transaction committed.
        let began = Instant::now();
        let status = loop {
            if let Some(s) = first.child().try_wait().expect("wait") {
                break s;
            }
            assert!(began.elapsed() < WAIT, "serve did not crash within {WAIT:?}:\n{}", read(&log1));
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let log = read(&log1);
        assert_eq!(status.signal(), Some(SIGABRT), "died by SIGABRT, not {status}:\n{log}");
        assert!(log.contains("ATIENDE_CRASH_AFTER_INBOUND_COMMIT") && log.contains("Ticket("),
            "the hook fired after a ticket was made:\n{log}");
        drop(first);
        let (tickets, rows) = recorded(&app, &subject).await;
        assert_eq!((tickets.len(), rows), (1, 1), "the commit happened: one ticket, one row");
        assert_eq!(mail.seen(&support).await, [false], "not flagged: the crash came first");

        // Restarted without the hook: the message is read again and only flagged.
        let _second = start(&app, data.path(), &support, &log2, false).await;
        poll_now(&app).await;
        let began = Instant::now();
        while mail.seen(&support).await != [true] {
            assert!(began.elapsed() < WAIT, "not flagged \\Seen within {WAIT:?}:\n{}", read(&log2));
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let log = read(&log2);
        assert!(log.contains("Duplicate"), "the second read was a duplicate:\n{log}");
        let (tickets, rows) = recorded(&app, &subject).await;
        assert_eq!((tickets.len(), rows), (1, 1), "still one ticket and one row, not two:\n{log}");
        let id = tickets[0]["id"].as_i64().expect("id");
        let (s, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &app.admin).await;
        assert_eq!(s, StatusCode::OK, "{msgs}");
        let msgs = msgs.as_array().expect("messages");
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert_eq!(msgs[0]["body"], "Desde esta mañana da error 500.");
    }
}
