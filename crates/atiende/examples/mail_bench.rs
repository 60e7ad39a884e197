//! Mail throughput against the loopback Postfix (127.0.0.1:2525) and Dovecot (127.0.0.1:1143)
//! that `scripts/mail-servers` sets up:
//!
//! * outbox: N tickets are opened (not timed), each queueing its "received" e-mail; then the
//!   job runner delivers them over SMTP — messages per second;
//! * ingest: N client-admin e-mails are delivered into the support mailbox (not timed); then
//!   the IMAP poll turns them into tickets — mails per second.
//!
//! `cargo run --release -p atiende --example mail_bench -- 500 [postgres://…]`
//! (default: a SQLite file in a temporary directory).

use std::{sync::Arc, time::Instant};

use domain::{
    Priority,
    ticket::Category,
    user::{Locale, Role},
};
use jiff::SignedDuration;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor, address::Envelope};
use service::{
    Actor, Service, SystemClock,
    admin::{clients::ClientInput, users::UserInput},
    jobs::RunnerConfig,
    mail_in::MailInConfig,
    notify::MailSettings,
    tickets::NewTicket,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(200);
    let dir = tempfile::tempdir()?;
    let url = match args.next() {
        Some(u) => store::DbUrl::parse(&u)?,
        None => store::DbUrl::SqliteFile(dir.path().join("bench.db")),
    };
    let db = store::Db::open(&url, 8).await?;
    let run = uuid::Uuid::new_v4().simple().to_string();
    let support = format!("soporte-{run}@atiende.test");
    let client_addr = format!("ana-{run}@norte.test");
    let svc = Service::new(db, Arc::new(SystemClock))
        .with_mail(MailSettings {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            from: format!("Soporte <{support}>"),
            ..MailSettings::default()
        })
        .with_mail_in(
            // One sender writes every message: no per-sender limit ("0").
            MailInConfig::from_values(
                &format!("imap://{support}:test@127.0.0.1:1143/INBOX"),
                None,
                Some("0"),
            )
            .map_err(anyhow::Error::msg)?,
        );
    let root = svc
        .create_user(
            None,
            &user(&format!("root-{run}@atiende.test"), Role::Admin, None),
        )
        .await?;
    let admin = Actor {
        user_id: root.id,
        role: Role::Admin,
        client_id: None,
        name: "root".into(),
    };
    let client = svc
        .create_client(
            &admin,
            &ClientInput {
                name: format!("Norte {run}"),
                tax_id: format!("T-{run}"),
                contact_emails: Vec::new(),
                time_zone: "America/Argentina/Buenos_Aires".into(),
            },
        )
        .await?;
    let ana = svc
        .create_user(
            None,
            &user(&client_addr, Role::ClientAdmin, Some(client.id)),
        )
        .await?;
    let ana = Actor {
        user_id: ana.id,
        role: Role::ClientAdmin,
        client_id: Some(client.id),
        name: "Ana".into(),
    };
    let runner = RunnerConfig {
        node: "bench".into(),
        lease: SignedDuration::from_mins(5),
        batch: 64,
        periodic: Vec::new(),
    };

    for i in 0..n {
        let t = NewTicket {
            client_id: None,
            campus_id: None,
            category: Category::Technical,
            priority: Priority::Medium,
            subject: format!("Consulta {i}"),
            body: "El campus no carga".into(),
            tags: Vec::new(),
            linked_ticket_id: None,
            requester_id: None,
        };
        svc.create_ticket(&ana, &t).await?;
    }
    let start = Instant::now();
    let mut sent = 0;
    loop {
        let r = svc.run_due_jobs(&runner).await?;
        if r.claimed() == 0 {
            break;
        }
        anyhow::ensure!(r.failed.is_empty(), "deliveries failed: {r:?}");
        sent += r.done.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "outbox: {sent} e-mails delivered to Postfix in {secs:.2} s = {:.0} messages/s ({:?})",
        sent as f64 / secs,
        url.engine()
    );

    let smtp = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(2525)
        .build();
    let envelope = Envelope::new(Some(client_addr.parse()?), vec![support.parse()?])?;
    for i in 0..n {
        let raw = format!(
            "From: Ana <{client_addr}>\r\nTo: {support}\r\nSubject: Por correo {i}\r\n\
             Message-ID: <bench.{i}.{run}@norte.test>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\nEl campus no carga.\r\n"
        );
        smtp.send_raw(&envelope, raw.as_bytes()).await?;
    }
    // Delivery into the mailbox is Postfix's business: give it a moment, then time the poll.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let start = Instant::now();
    let mut made = 0;
    while made < n {
        let r = svc.mail_poll_step().await?;
        if r.outcomes.is_empty() {
            anyhow::ensure!(
                start.elapsed().as_secs() < 120,
                "only {made} of {n} mails arrived"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        made += r.outcomes.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "ingest: {made} e-mails read over IMAP into tickets in {secs:.2} s = {:.0} mails/s ({:?})",
        made as f64 / secs,
        url.engine()
    );
    Ok(())
}

fn user(email: &str, role: Role, client_id: Option<i64>) -> UserInput {
    UserInput {
        email: email.into(),
        name: email.into(),
        role,
        client_id,
        locale: Locale::Es,
        time_zone: "America/Argentina/Buenos_Aires".into(),
        password: Some("bench-password-1".into()),
    }
}
