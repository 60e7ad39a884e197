//! `atiende`: serve, demo, migrate, user, token, maintenance, hours, report, seed.

mod hours_cli;
mod maintenance_cli;
mod report_cli;

use std::{net::SocketAddr, path::Path, process::ExitCode, sync::Arc};

use atiende::{Config, launch};
use clap::{Parser, Subcommand};
use domain::user::{Locale, Role};
use service::{Service, SystemClock, admin::users::UserInput};

#[derive(Parser)]
#[command(
    name = "atiende",
    version,
    about = "Help desk and contractual SLAs for hosted virtual campuses"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and the API (SQLite in ./atiende-data unless DATABASE_URL is set).
    Serve {
        #[arg(long, env = "ATIENDE_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
    },
    /// Seed a fresh demo database (its own directory) relative to now, then serve it.
    Demo {
        #[arg(long, env = "ATIENDE_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Data directory of the demo (recreated on every run).
        #[arg(long, default_value = "./atiende-demo-data")]
        data: std::path::PathBuf,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Rebuild the search index of every ticket now (a server does it in the background for
    /// tickets the index has not seen; this is for after a bulk load or to start over).
    Reindex,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Record campus maintenance (backups, updates, upgrades, windows) and list it.
    Maintenance {
        #[command(subcommand)]
        command: maintenance_cli::MaintenanceCommand,
    },
    /// Administration hours: the month's report per client (available, used, left, overage).
    Hours {
        #[command(subcommand)]
        command: hours_cli::HoursCommand,
    },
    /// A client's monthly service report (or every client's) as PDF, HTML, CSV or JSON.
    Report(report_cli::ReportArgs),
    /// Fills the database with generated clients, campuses, agents and up to millions of
    /// realistic finished tickets with varied Spanish and English text, for benchmarks (run it
    /// on a database no server is using).
    #[command(visible_alias = "generate")]
    Seed(atiende::generate::SeedArgs),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user (works while a server runs).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// client_admin | agent | supervisor | admin
        #[arg(long)]
        role: String,
        /// Required for client_admin.
        #[arg(long)]
        client_id: Option<i64>,
        /// At least 10 characters. Better left out: then it is read from ATIENDE_PASSWORD, or
        /// asked for (without echo) when run in a terminal, so it stays out of the shell history
        /// and the process list.
        #[arg(long, env = "ATIENDE_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[arg(long, default_value = "es")]
        locale: String,
        #[arg(long, default_value = "America/Argentina/Buenos_Aires")]
        time_zone: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it (shown once).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            // The maintenance commands document their own statuses (maintenance_cli).
            ExitCode::from(
                e.downcast_ref::<maintenance_cli::Exit>()
                    .map_or(1, |x| x.code),
            )
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { bind } => {
            let config = Config::from_env("./atiende-data")?;
            let _lock = lock_data_dir(&config)?;
            serve(&config, bind, None).await
        }
        Command::Demo { bind, data } => {
            let config = Config::new(None, data)?;
            // The lock first: a server running on this directory keeps its database.
            let _lock = lock_data_dir(&config)?;
            if let store::DbUrl::SqliteFile(db) = &config.database {
                remove_database_files(db)?;
            }
            serve(&config, bind, Some(())).await
        }
        Command::Migrate => {
            let config = Config::from_env("./atiende-data")?;
            let db = store::Db::open(&config.database, 2).await?;
            println!("migrations applied: {:?}", db.migration_versions().await?);
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    name,
                    role,
                    client_id,
                    password,
                    locale,
                    time_zone,
                },
        } => {
            let svc = open_service().await?;
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown role {role:?}: use client_admin, agent, supervisor or admin"
                )
            })?;
            let locale = Locale::parse(&locale)
                .ok_or_else(|| anyhow::anyhow!("unknown locale {locale:?}: use es or en"))?;
            let password = match password {
                Some(p) => p,
                None => prompt_password()?,
            };
            let input = UserInput {
                email,
                name,
                role,
                client_id,
                locale,
                time_zone,
                password: Some(password),
            };
            let u = svc.create_user(None, &input).await.map_err(describe)?;
            println!("created user {} <{}> ({})", u.id, u.email, u.role.as_str());
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => {
            let svc = open_service().await?;
            let uid = svc
                .user_id_by_email(&email)
                .await
                .map_err(|_| anyhow::anyhow!("no user with e-mail {email:?}"))?;
            let (_, token) = svc.create_token(uid, &name).await.map_err(describe)?;
            println!("{token}");
            Ok(())
        }
        Command::Reindex => {
            let svc = open_service().await?;
            svc.search_reindex_all().await.map_err(describe)?;
            let started = std::time::Instant::now();
            let slice = std::time::Duration::from_secs(5);
            while let Some(p) = svc.search_backfill(slice).await.map_err(describe)? {
                let done = p.next_id.map_or(p.max_id, |n| n - 1);
                eprintln!("  {done} / {} tickets indexed", p.max_id);
                if p.next_id.is_none() {
                    break;
                }
            }
            eprintln!("  compacting the index");
            svc.search_optimize().await.map_err(describe)?;
            eprintln!(
                "search index rebuilt in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Maintenance { command } => {
            let svc = open_service().await?;
            maintenance_cli::run(&svc, command).await
        }
        Command::Hours { command } => {
            let svc = open_service().await?;
            hours_cli::run(&svc, command).await
        }
        Command::Report(args) => {
            let svc = open_service().await?;
            report_cli::run(&svc, args).await
        }
        Command::Seed(args) => {
            let svc = open_service().await?;
            atiende::generate::run(&svc, &args).await
        }
    }
}

/// Asks for the new user's password twice on the terminal, without echo.
fn prompt_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "no password given: set ATIENDE_PASSWORD, or run in a terminal to be asked for it"
        );
    }
    let no_tty = |e: std::io::Error| {
        anyhow::anyhow!(
            "no password given and no terminal to ask on ({e}): set ATIENDE_PASSWORD, or run in a terminal"
        )
    };
    let first =
        rpassword::prompt_password("Password (at least 10 characters): ").map_err(no_tty)?;
    let again = rpassword::prompt_password("Repeat the password: ").map_err(no_tty)?;
    if first != again {
        anyhow::bail!("the two passwords differ; nothing was created");
    }
    Ok(first)
}

/// The demo's previous database (and its WAL files); nothing else in the directory is touched.
fn remove_database_files(db: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut f = db.as_os_str().to_owned();
        f.push(suffix);
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!("cannot remove {}: {e}", Path::new(&f).display()),
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what systemd and container runtimes send): the server then
/// stops accepting, finishes the requests in flight and `serve` exits 0. The SIGTERM handler
/// is installed here, before the server starts, so an early signal is never the default kill.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        let term = term.recv();
        #[cfg(not(unix))]
        let term = std::future::pending::<Option<()>>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
        tracing::info!("shutting down: finishing the requests in flight");
    })
}

/// Short commands open the store without the server lock, so they work beside `serve`.
async fn open_service() -> anyhow::Result<Service> {
    let config = Config::from_env("./atiende-data")?;
    let db = store::Db::open(&config.database, 2).await?;
    Ok(Service::new(db, Arc::new(SystemClock)))
}

fn describe(e: service::ServiceError) -> anyhow::Error {
    match e {
        service::ServiceError::Invalid(errs) => {
            anyhow::anyhow!(
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        other => anyhow::anyhow!(other),
    }
}

/// Two servers must never share one SQLite file: hold an exclusive lock beside it.
fn lock_data_dir(config: &Config) -> anyhow::Result<Option<std::fs::File>> {
    let store::DbUrl::SqliteFile(db) = &config.database else {
        return Ok(None);
    };
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let path = dir.join("atiende.lock");
    let f = std::fs::File::create(&path)?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(_) => anyhow::bail!(
            "another atiende server is using {} (lock {} is held); stop it first",
            db.display(),
            path.display()
        ),
    }
}

async fn serve(config: &Config, bind: SocketAddr, demo: Option<()>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
    let shutdown = shutdown_signal()?;
    // The demo seeds stories that end "now": the watcher starts only once they are written.
    let mut launch_config = config.clone();
    if demo.is_some() {
        launch_config.sla_watch_interval = std::time::Duration::ZERO;
    }
    // Links in e-mails point where this server answers unless ATIENDE_PUBLIC_URL says
    // otherwise (behind a proxy it must).
    if std::env::var_os("ATIENDE_PUBLIC_URL").is_none() {
        let addr = listener.local_addr()?;
        if !addr.ip().is_unspecified() {
            launch_config.mail.public_url = format!("http://{addr}");
        }
    }
    // Mail passwords saved in the admin UI are encrypted with this node's key.
    launch_config.secret_key = Some(
        service::secrets::SecretKey::from_env_or_file(&config.data_dir)
            .map_err(|e| anyhow::anyhow!("the secret key for stored passwords: {e}"))?,
    );
    let running = launch(&launch_config, listener, Arc::new(SystemClock), shutdown).await?;
    let url = format!("http://{}", running.addr);
    if demo.is_some() {
        // The demo's campuses answer on the next port (or any free one), so the monitor probes
        // something real and an outage is one curl away.
        let campus_bind =
            std::net::SocketAddr::new(running.addr.ip(), running.addr.port().wrapping_add(1));
        let campuses = match atiende::demo::campus_server::CampusServer::start(campus_bind).await {
            Ok(c) => c,
            Err(_) => {
                atiende::demo::campus_server::CampusServer::start(std::net::SocketAddr::new(
                    running.addr.ip(),
                    0,
                ))
                .await?
            }
        };
        let seed = atiende::demo::seed_with(&running.service, Some(&campuses)).await?;
        let watcher = tokio::spawn(atiende::job_loop(
            running.service.clone(),
            atiende::runner_config(config),
            std::time::Duration::from_secs(1),
        ));
        println!("Atiende demo is running at {url}");
        println!("  Web UI: open {url}/ in a browser and sign in with one of the logins below");
        println!("  API: {url}/api/v1/tickets   OpenAPI: {url}/api/openapi.json");
        println!("  Demo logins (e-mail / password):");
        for (role, email, pw) in &seed.logins {
            println!("    {role:<14} {email} / {pw}");
        }
        println!("  API token (admin): {}", seed.token);
        let first = atiende::demo::campus_slugs()[0];
        println!(
            "  Demo campuses (simulated Moodle sites, probed by the campus monitor) at http://{}/",
            campuses.addr
        );
        println!(
            "    Outage of {first}: {}   (back up: {})",
            campuses.switch_command(first, "down"),
            campuses.switch_command(first, "up")
        );
        println!(
            "  Try: curl -H \"Authorization: Bearer {}\" \"{url}/api/v1/tickets?priority=urgent\"",
            seed.token
        );
        running.server.await??;
        watcher.abort();
    } else {
        println!("Atiende is running at {url}");
        running.server.await??;
    }
    Ok(())
}
