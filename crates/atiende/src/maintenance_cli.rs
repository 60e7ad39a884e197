//! `atiende maintenance record|list`: maintenance records from a shell or a backup script,
//! straight into the database (like `user create`: it works beside a running server).
//!
//! Exit status: 0 recorded; 1 could not run (database, configuration); 2 invalid input (a
//! flag's value, a field the service refused, an unknown `--by` user); 3 no such campus;
//! 4 refused by the contract (that kind of work is covered only for campuses on our servers).

use clap::Subcommand;
use service::{
    Service, ServiceError,
    maintenance::{MaintenanceInput, MaintenanceQuery, MaintenanceView, RecordedVia},
};

#[derive(Subcommand)]
pub enum MaintenanceCommand {
    /// Record what was done on a campus.
    Record {
        /// The campus: its id or its URL (https://campus.example, or just its host).
        #[arg(long)]
        campus: String,
        /// Who did it: an active staff user's e-mail (default: the system user).
        #[arg(long)]
        by: Option<String>,
        /// When it was done, RFC 3339 (2026-11-02T03:10:00Z); default now. Not for `window`.
        #[arg(long)]
        at: Option<String>,
        /// Print the stored record as JSON instead of a sentence.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        what: RecordWhat,
    },
    /// List a campus's records, newest first.
    List {
        #[arg(long)]
        campus: String,
        /// backup | os_update | db_update | security_patch | platform_upgrade | maintenance_window
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
}

#[derive(Subcommand)]
pub enum RecordWhat {
    /// A backup (only for campuses on our servers).
    Backup {
        #[arg(long, value_parser = ["ok", "failed"])]
        status: String,
        /// 1.2GB, 340MB, 512KB, 123456 (bytes); KB/MB/GB are decimal, KiB/MiB/GiB binary.
        #[arg(long)]
        size: Option<String>,
        /// Seconds it took.
        #[arg(long, allow_negative_numbers = true)]
        duration: Option<i64>,
        /// Where it is kept (s3://bucket/campus/2026-11-02.tar.zst).
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// An operating system update (only for campuses on our servers).
    OsUpdate(Update),
    /// A database update (only for campuses on our servers).
    DbUpdate(Update),
    /// A security patch (only for campuses on our servers).
    SecurityPatch(Update),
    /// A platform version upgrade (every campus); sets the campus's version.
    PlatformUpgrade {
        /// Default: the campus's current version.
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// A maintenance window (only for campuses on our servers).
    Window {
        /// RFC 3339.
        #[arg(long)]
        start: String,
        /// RFC 3339, after --start.
        #[arg(long)]
        end: String,
        #[arg(long)]
        description: String,
    },
}

#[derive(clap::Args)]
pub struct Update {
    #[arg(long)]
    package: String,
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long)]
    note: Option<String>,
}

/// An error with its own exit status.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

fn exit(code: u8, message: impl Into<String>) -> anyhow::Error {
    Exit {
        code,
        message: message.into(),
    }
    .into()
}

/// The flag a service field comes from.
fn flag(field: &str) -> String {
    let f = match field {
        "size_bytes" => "size",
        "duration_seconds" => "duration",
        "from_version" => "from",
        "to_version" => "to",
        "performed_at" => "at",
        "starts_at" => "start",
        "ends_at" => "end",
        other => other,
    };
    format!("--{}", f.replace('_', "-"))
}

/// The service's refusal as the CLI's exit status and message.
fn refused(e: ServiceError, campus: &str) -> anyhow::Error {
    match e {
        ServiceError::NotFound => exit(3, format!("no campus {campus:?} (give its id or its URL)")),
        ServiceError::Invalid(errs) => {
            if let Some(h) = errs.iter().find(|e| e.code == "not_hosted") {
                return exit(4, format!("refused: {} (campus {campus})", h.message));
            }
            let text = errs
                .iter()
                .map(|e| format!("{}: {}", flag(&e.field), e.message))
                .collect::<Vec<_>>()
                .join("; ");
            exit(2, format!("invalid input: {text}"))
        }
        ServiceError::Forbidden(why) => exit(2, why.to_string()),
        other => anyhow::anyhow!(other),
    }
}

fn input(at: Option<String>, what: RecordWhat) -> anyhow::Result<MaintenanceInput> {
    let update = |kind: &str, u: Update| MaintenanceInput {
        kind: kind.into(),
        package: Some(u.package),
        from_version: Some(u.from),
        to_version: Some(u.to),
        note: u.note,
        ..MaintenanceInput::default()
    };
    let mut i =
        match what {
            RecordWhat::Backup {
                status,
                size,
                duration,
                location,
                note,
            } => MaintenanceInput {
                kind: "backup".into(),
                status: Some(status),
                size_bytes: match size {
                    Some(s) => Some(domain::maintenance::parse_size("size", &s).map_err(|e| {
                        exit(2, format!("invalid input: --size {s:?}: {}", e.message))
                    })?),
                    None => None,
                },
                duration_seconds: duration,
                location,
                note,
                ..MaintenanceInput::default()
            },
            RecordWhat::OsUpdate(u) => update("os_update", u),
            RecordWhat::DbUpdate(u) => update("db_update", u),
            RecordWhat::SecurityPatch(u) => update("security_patch", u),
            RecordWhat::PlatformUpgrade { from, to, note } => MaintenanceInput {
                kind: "platform_upgrade".into(),
                from_version: from,
                to_version: Some(to),
                note,
                ..MaintenanceInput::default()
            },
            RecordWhat::Window {
                start,
                end,
                description,
            } => MaintenanceInput {
                kind: "maintenance_window".into(),
                starts_at: Some(start),
                ends_at: Some(end),
                description: Some(description),
                ..MaintenanceInput::default()
            },
        };
    i.performed_at = at;
    Ok(i)
}

/// One line about a record, for people.
fn sentence(v: &MaintenanceView, url: &str) -> String {
    let mut s = format!(
        "recorded {} #{} for campus {} ({url})",
        v.kind, v.id, v.campus_id
    );
    let mut parts = Vec::new();
    if let Some(st) = &v.status {
        parts.push(st.clone());
    }
    if let Some(b) = v.size_bytes {
        parts.push(domain::maintenance::format_size(b));
    }
    if let Some(d) = v.duration_seconds {
        parts.push(format!("{d} s"));
    }
    if let Some(p) = &v.package {
        parts.push(p.clone());
    }
    if let (Some(f), Some(t)) = (&v.from_version, &v.to_version) {
        parts.push(format!("{f} → {t}"));
    }
    if let Some(e) = &v.ends_at {
        parts.push(format!("{} → {e}", v.performed_at));
    } else {
        parts.push(format!("at {}", v.performed_at));
    }
    s.push_str(&format!(": {}", parts.join(", ")));
    s
}

pub async fn run(svc: &Service, command: MaintenanceCommand) -> anyhow::Result<()> {
    match command {
        MaintenanceCommand::Record {
            campus,
            by,
            at,
            json,
            what,
        } => {
            let actor = svc.recorder(by.as_deref()).await.map_err(|e| match e {
                ServiceError::NotFound | ServiceError::Forbidden(_) => exit(
                    2,
                    format!(
                        "--by {:?}: not an active agent, supervisor or admin",
                        by.clone().unwrap_or_default()
                    ),
                ),
                other => anyhow::anyhow!(other),
            })?;
            let c = svc
                .find_campus(&actor, &campus)
                .await
                .map_err(|e| refused(e, &campus))?;
            let i = input(at, what)?;
            let v = svc
                .record_maintenance(&actor, RecordedVia::Cli, c.id, &i)
                .await
                .map_err(|e| refused(e, &campus))?;
            if json {
                println!("{}", serde_json::to_string(&v)?);
            } else {
                println!("{}", sentence(&v, &c.url));
            }
            Ok(())
        }
        MaintenanceCommand::List {
            campus,
            kind,
            limit,
        } => {
            let actor = svc.system_actor().await?;
            let c = svc
                .find_campus(&actor, &campus)
                .await
                .map_err(|e| refused(e, &campus))?;
            let q = MaintenanceQuery {
                kind,
                limit: Some(limit),
            };
            let rows = svc
                .list_maintenance(&actor, c.id, &q)
                .await
                .map_err(|e| refused(e, &campus))?;
            for v in rows {
                println!("{}", serde_json::to_string(&v)?);
            }
            Ok(())
        }
    }
}
