//! `atiende hours report --month 2026-12`: every client's administration hours for a month,
//! for billing (available, used, left, overage), read straight from the database like the
//! other short commands (it works beside a running server).
//!
//! Exit status: 0 printed; 1 could not run; 2 invalid month.

use clap::Subcommand;
use domain::hours::format_minutes;
use service::{Service, ServiceError};

#[derive(Subcommand)]
pub enum HoursCommand {
    /// Every client's administration hours for one month (the client's time zone).
    Report {
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// Only clients with overage (what is billed beyond the plans).
        #[arg(long)]
        overage_only: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(svc: &Service, cmd: HoursCommand) -> anyhow::Result<()> {
    let HoursCommand::Report {
        month,
        overage_only,
        json,
    } = cmd;
    let actor = svc.system_actor().await.map_err(anyhow::Error::from)?;
    let lines = match svc.hours_report(&actor, &month).await {
        Ok(l) => l,
        Err(ServiceError::Invalid(errs)) => {
            let msg = errs
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(crate::maintenance_cli::Exit {
                code: 2,
                message: msg,
            }
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let lines: Vec<_> = lines
        .into_iter()
        .filter(|l| !overage_only || l.overage_minutes > 0)
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(());
    }
    println!(
        "{:<6} {:<32} {:>12} {:>12} {:>12} {:>12} {:>6}",
        "id", "client", "available", "used", "left", "overage", "%"
    );
    for l in &lines {
        let name: String = l.client_name.chars().take(32).collect();
        println!(
            "{:<6} {:<32} {:>12} {:>12} {:>12} {:>12} {:>6}",
            l.client_id,
            name,
            format_minutes(l.available_minutes),
            format_minutes(l.used_minutes),
            format_minutes(l.left_minutes),
            format_minutes(l.overage_minutes),
            l.percent_used
                .map(|p| p.to_string())
                .unwrap_or_else(|| "-".into()),
        );
    }
    Ok(())
}
