//! The two engines behind one handle.

use std::{path::PathBuf, str::FromStr, time::Duration};

use sqlx::{
    PgPool, SqlitePool,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::StoreError;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Where the data lives, parsed from `DATABASE_URL` or the data directory.
#[derive(Clone, PartialEq, Eq)]
pub enum DbUrl {
    SqliteFile(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for DbUrl {
    /// Redacts credentials so a URL can be logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbUrl::SqliteFile(p) => write!(f, "sqlite:{}", p.display()),
            DbUrl::Postgres(u) => match u.rfind('@') {
                Some(at) => write!(f, "postgres://…{}", &u[at..]),
                None => write!(f, "{u}"),
            },
        }
    }
}

impl DbUrl {
    /// Accepts `postgres://…`, `postgresql://…` and `sqlite:<path>`; anything else is refused
    /// with the exact fix, rather than silently creating an empty database somewhere.
    pub fn parse(url: &str) -> Result<DbUrl, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(url.to_string()));
        }
        let sqlite_path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"));
        if let Some(path) = sqlite_path.filter(|p| !p.is_empty()) {
            return Ok(DbUrl::SqliteFile(PathBuf::from(path)));
        }
        Err(StoreError::Config(format!(
            "unrecognised DATABASE_URL {url:?}: use postgres://USER@HOST:PORT/DB for PostgreSQL, \
             sqlite:/path/to/atiende.db for a SQLite file, or unset DATABASE_URL to use \
             ./atiende-data/atiende.db (or $ATIENDE_DATA)"
        )))
    }

    pub fn engine(&self) -> Engine {
        match self {
            DbUrl::SqliteFile(_) => Engine::Sqlite,
            DbUrl::Postgres(_) => Engine::Postgres,
        }
    }
}

/// A pool handle for whichever engine is live. SQLite keeps one writer connection
/// (SQLite has one writer anyway; a single connection is where group commit will batch)
/// and a pool of readers.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// An open write transaction on either engine.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$pool` bound to the live engine's (read) pool; each arm is type-checked
/// on its own, so one SQL string and one `FromRow` struct serve both.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { read: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Same as [`on_db!`] for a write transaction: `$conn` is the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates.
    pub async fn open(url: &DbUrl, pg_max_connections: u32) -> Result<Db, StoreError> {
        let db = match url {
            DbUrl::SqliteFile(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Config(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
                let opts = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL while we promise that no acknowledged ticket is lost on power failure.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true);
                let write = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(opts.clone())
                    .await?;
                SQLITE_MIGRATIONS.run(&write).await?;
                let read = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts.read_only(true))
                    .await?;
                Db::Sqlite { read, write }
            }
            DbUrl::Postgres(u) => {
                let opts = PgConnectOptions::from_str(u)?;
                let pool = PgPoolOptions::new()
                    .max_connections(pg_max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?;
                POSTGRES_MIGRATIONS.run(&pool).await?;
                Db::Postgres(pool)
            }
        };
        Ok(db)
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite { .. } => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Starts a write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`)
    /// so a read-then-write transaction cannot fail half-way with `SQLITE_BUSY`.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        on_db!(self, p => sqlx::query("select 1").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }

    /// Table → sorted column names, for the schema-parity test of the two migration sets.
    /// Full-text indexes differ by design (FTS5 tables and their shadow tables on SQLite;
    /// `tsvector` columns and the `ticket_search` table on PostgreSQL) and are left out.
    pub async fn schema(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let rows: Vec<(String, String)> = match self {
            Db::Sqlite { read, .. } => {
                sqlx::query_as(
                    "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p \
                     where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '_sqlx%' \
                     and m.name not in (select name from pragma_table_list where type in ('virtual', 'shadow'))",
                )
                .fetch_all(read)
                .await?
            }
            Db::Postgres(p) => {
                sqlx::query_as(
                    "select table_name::text, column_name::text from information_schema.columns \
                     where table_schema = 'public' and table_name not like '_sqlx%' and data_type <> 'tsvector' \
                     and table_name <> 'ticket_search'",
                )
                .fetch_all(p)
                .await?
            }
        };
        let mut map = std::collections::BTreeMap::<String, Vec<String>>::new();
        for (t, c) in rows {
            map.entry(t).or_default().push(c);
        }
        Ok(map
            .into_iter()
            .map(|(t, mut c)| {
                (t, {
                    c.sort();
                    c
                })
            })
            .collect())
    }

    /// Applied migration versions, for the same test.
    pub async fn migration_versions(&self) -> Result<Vec<i64>, StoreError> {
        let v: Vec<(i64,)> = on_db!(self, p => sqlx::query_as("select version from _sqlx_migrations order by version").fetch_all(p).await)?;
        Ok(v.into_iter().map(|r| r.0).collect())
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Applies the migrations to a bare PostgreSQL database (used to build the test template).
pub async fn migrate_postgres(pool: &PgPool) -> Result<(), StoreError> {
    POSTGRES_MIGRATIONS.run(pool).await?;
    Ok(())
}
