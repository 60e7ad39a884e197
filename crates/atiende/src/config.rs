//! Configuration from the environment: `DATABASE_URL` (PostgreSQL or `sqlite:` file),
//! else a SQLite file in `$ATIENDE_DATA` (default `./atiende-data`).

use std::{path::PathBuf, time::Duration};

use store::DbUrl;

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DbUrl,
    /// Where the SQLite file (and its lock) live when no `DATABASE_URL` is set.
    pub data_dir: PathBuf,
    pub pg_max_connections: u32,
    pub sla_watch_interval: Duration,
    /// Uploads received at once (`ATIENDE_UPLOAD_CONCURRENCY`, default 4), how long others
    /// wait before 503, and where they are spooled (the system's temporary directory).
    pub uploads: web::UploadConfig,
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
            uploads: web::UploadConfig::default(),
        })
    }
}
