//! Configuration from the environment: `DATABASE_URL` (PostgreSQL or `sqlite:` file),
//! else a SQLite file in `$ATIENDE_DATA` (default `./atiende-data`).

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use store::DbUrl;

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DbUrl,
    /// Where the SQLite file (and its lock) live when no `DATABASE_URL` is set.
    pub data_dir: PathBuf,
    pub pg_max_connections: u32,
    /// `ATIENDE_SLA_WATCH_SECONDS` (default 15): how often the SLA watch runs; 0 runs no
    /// background jobs on this node at all.
    pub sla_watch_interval: Duration,
    /// `ATIENDE_METRICS_BIND`: serve `/metrics` on this address only (e.g. a private
    /// interface), not on the public listener.
    pub metrics_bind: Option<SocketAddr>,
    /// Uploads received at once (`ATIENDE_UPLOAD_CONCURRENCY`, default 4), how long others
    /// wait before 503, and where they are spooled (the system's temporary directory).
    pub uploads: web::UploadConfig,
    /// `ATIENDE_PUBLIC_URL` (links in e-mails), `ATIENDE_MAIL_FROM`, `ATIENDE_SMTP_URL`
    /// (without it, e-mails stay in the outbox marked "not sent").
    pub mail: service::notify::MailSettings,
    /// `ATIENDE_IMAP_URL`, `ATIENDE_MAIL_MAX_BYTES` and `ATIENDE_MAIL_SENDER_LIMIT`: the support mailboxes read for
    /// incoming mail (none: no mail is read). `Debug` never shows a password.
    pub mail_in: service::mail_in::MailInConfig,
    /// The key mail passwords saved in the admin UI are encrypted with (`ATIENDE_SECRET_KEY`
    /// or `secret.key` in the data directory, resolved by `serve`). `None`: a key of this
    /// process only (tests).
    pub secret_key: Option<service::secrets::SecretKey>,
    /// `ATIENDE_MAIL_CA_FILE`: root CAs (PEM) trusted for mail over TLS, IMAP and SMTP alike,
    /// besides the Mozilla roots (a private CA).
    pub mail_tls: service::mail_tls::MailTls,
    /// `ATIENDE_BACKUP_MAX_AGE_HOURS` (default 26): how long a hosted campus may go without a
    /// successful backup before the backup watch opens a ticket.
    pub maintenance: service::maintenance::MaintenanceSettings,
    /// `ATIENDE_MONITOR_TICK_SECONDS` (default 15): how often this node looks for campus
    /// probes that are due; 0 schedules none here (other nodes still do).
    pub monitor_tick: Duration,
    /// `ATIENDE_PROBE_RETENTION_DAYS` (default 30): raw probe results are kept this long,
    /// then rolled into hourly aggregates.
    pub probe_retention_days: i64,
}

impl Config {
    /// Reads the environment. An unrecognised `DATABASE_URL` is refused with the exact fix.
    pub fn from_env(data_dir_default: &str) -> anyhow::Result<Config> {
        let data_dir = PathBuf::from(
            std::env::var("ATIENDE_DATA").unwrap_or_else(|_| data_dir_default.to_string()),
        );
        let mut config = Config::new(
            std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()),
            data_dir,
        )?;
        if let Ok(bind) = std::env::var("ATIENDE_METRICS_BIND")
            && !bind.is_empty()
        {
            config.metrics_bind = Some(bind.parse().map_err(|e| {
                anyhow::anyhow!(
                    "ATIENDE_METRICS_BIND={bind:?} is not an address like 127.0.0.1:9090 ({e})"
                )
            })?);
        }
        if let Ok(v) = std::env::var("ATIENDE_SLA_WATCH_SECONDS")
            && !v.is_empty()
        {
            // 0 turns the job runner off (a node that only serves HTTP).
            config.sla_watch_interval =
                v.trim()
                    .parse::<u64>()
                    .map(Duration::from_secs)
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "ATIENDE_SLA_WATCH_SECONDS must be a whole number of seconds"
                        )
                    })?;
        }
        if let Ok(v) = std::env::var("ATIENDE_UPLOAD_CONCURRENCY") {
            config.uploads.concurrency = v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    anyhow::anyhow!("ATIENDE_UPLOAD_CONCURRENCY must be a whole number above 0")
                })?;
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(url) = env("ATIENDE_PUBLIC_URL") {
            config.mail.public_url = url.trim().trim_end_matches('/').to_string();
        }
        if let Some(from) = env("ATIENDE_MAIL_FROM") {
            service::notify::mail_out::check_mailbox(&from).map_err(|e| {
                anyhow::anyhow!("ATIENDE_MAIL_FROM={from:?} is not an address like \"Soporte <soporte@example.com>\" ({e})")
            })?;
            config.mail.from = from;
            config.mail.from_fixed = true;
        }
        if let Some(url) = env("ATIENDE_SMTP_URL") {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                anyhow::bail!(
                    "ATIENDE_SMTP_URL must be smtp://host:port (add ?tls=required for STARTTLS) or smtps://host:port, got {}",
                    service::notify::mail_out::redact(&url)
                );
            }
            config.mail.smtp_url = Some(url);
        }
        if let Some(v) = env("ATIENDE_BACKUP_MAX_AGE_HOURS") {
            let hours = v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|h| (1..=24 * 366).contains(h));
            config.maintenance.backup_max_age = hours
                .map(jiff::SignedDuration::from_hours)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "ATIENDE_BACKUP_MAX_AGE_HOURS must be a whole number of hours between 1 and 8784, got {v:?}"
                    )
                })?;
        }
        config.mail_in =
            service::mail_in::MailInConfig::from_env().map_err(|e| anyhow::anyhow!(e))?;
        config.mail_tls = service::mail_tls::MailTls::from_env().map_err(|e| anyhow::anyhow!(e))?;
        if let Some(v) = env("ATIENDE_MONITOR_TICK_SECONDS") {
            config.monitor_tick =
                v.trim()
                    .parse::<u64>()
                    .map(Duration::from_secs)
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "ATIENDE_MONITOR_TICK_SECONDS must be a whole number of seconds"
                        )
                    })?;
        }
        config.probe_retention_days =
            service::monitors::retention_days_from_env().map_err(|e| anyhow::anyhow!(e))?;
        Ok(config)
    }

    pub fn new(database_url: Option<String>, data_dir: PathBuf) -> anyhow::Result<Config> {
        let database = match database_url {
            Some(u) => DbUrl::parse(&u)?,
            None => DbUrl::SqliteFile(data_dir.join("atiende.db")),
        };
        Ok(Config {
            database,
            data_dir,
            pg_max_connections: 16,
            sla_watch_interval: Duration::from_secs(15),
            metrics_bind: None,
            uploads: web::UploadConfig::default(),
            mail: service::notify::MailSettings::default(),
            mail_in: service::mail_in::MailInConfig::default(),
            secret_key: None,
            mail_tls: service::mail_tls::MailTls::default(),
            maintenance: service::maintenance::MaintenanceSettings::default(),
            monitor_tick: Duration::from_secs(15),
            probe_retention_days: service::monitors::Runtime::default().retention_days,
        })
    }
}
