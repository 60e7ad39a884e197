//! `atiende report`: one client's monthly service report (or every client's) as PDF, HTML,
//! CSV or JSON, from the same figures the portal and the API show; read straight from the
//! database like the other short commands (it works beside a running server).
//!
//! Exit status: 0 written; 1 could not run; 2 bad input (unknown client, bad month…), with
//! the same message the API gives.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use domain::user::Locale;
use service::{Service, ServiceError, reports::model::MonthlyReport};

use crate::maintenance_cli::Exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    Csv,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Es,
    En,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The client's id (see `GET /api/v1/clients`).
    #[arg(
        long,
        conflicts_with = "all_clients",
        required_unless_present = "all_clients"
    )]
    client: Option<i64>,
    /// Every client: one file per client in the directory `-o` names.
    #[arg(long)]
    all_clients: bool,
    /// The month, YYYY-MM, in each client's time zone.
    #[arg(long)]
    month: String,
    #[arg(long, value_enum, default_value = "pdf")]
    format: Format,
    /// The report's language.
    #[arg(long, value_enum, default_value = "es")]
    lang: Lang,
    /// The file to write (a directory with `--all-clients`); `-` writes to stdout (not PDF).
    #[arg(short = 'o', long)]
    output: PathBuf,
}

/// A refusal of the figures layer, said as the API says it (exit 2).
fn bad_input(e: ServiceError) -> anyhow::Error {
    match e {
        ServiceError::Invalid(errs) => Exit {
            code: 2,
            message: errs
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        }
        .into(),
        ServiceError::NotFound => Exit {
            code: 2,
            message: "no such client".into(),
        }
        .into(),
        other => other.into(),
    }
}

pub async fn run(svc: &Service, a: ReportArgs) -> anyhow::Result<()> {
    let actor = svc.system_actor().await.map_err(anyhow::Error::from)?;
    let locale = match a.lang {
        Lang::Es => Locale::Es,
        Lang::En => Locale::En,
    };
    let Some(client) = a.client else {
        return all_clients(svc, &actor, &a, locale).await;
    };
    let bytes = render(svc, &actor, client, &a.month, a.format, locale).await?;
    write(&a.output, a.format, &bytes)
}

async fn render(
    svc: &Service,
    actor: &service::Actor,
    client: i64,
    month: &str,
    format: Format,
    locale: Locale,
) -> anyhow::Result<Vec<u8>> {
    if format == Format::Csv {
        let csv = svc
            .monthly_report_csv(actor, client, month)
            .await
            .map_err(bad_input)?;
        return Ok(csv.into_bytes());
    }
    let r: MonthlyReport = svc
        .monthly_report(actor, client, month)
        .await
        .map_err(bad_input)?;
    Ok(match format {
        Format::Json => serde_json::to_vec_pretty(&r)?,
        Format::Html => report_render::html::standalone(&r, locale).into_bytes(),
        Format::Pdf => report_render::pdf::render(&r, locale)?,
        Format::Csv => unreachable!("returned above"),
    })
}

fn write(out: &Path, format: Format, bytes: &[u8]) -> anyhow::Result<()> {
    if out == Path::new("-") {
        if format == Format::Pdf {
            return Err(Exit {
                code: 2,
                message: "a PDF is not written to the terminal: give a file with -o".into(),
            }
            .into());
        }
        use std::io::Write;
        std::io::stdout().write_all(bytes)?;
        return Ok(());
    }
    std::fs::write(out, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))
}

async fn all_clients(
    svc: &Service,
    actor: &service::Actor,
    a: &ReportArgs,
    locale: Locale,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(&a.output)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", a.output.display()))?;
    let clients = svc.list_clients(actor).await?;
    let bar = indicatif::ProgressBar::new(clients.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for c in &clients {
        bar.set_message(c.name.clone());
        let bytes = render(svc, actor, c.id, &a.month, a.format, locale).await?;
        let file = a
            .output
            .join(format!("client-{}-{}.{}", c.id, a.month, a.format.ext()));
        write(&file, a.format, &bytes)?;
        bar.inc(1);
    }
    bar.finish_with_message(format!(
        "{} reports in {}",
        clients.len(),
        a.output.display()
    ));
    Ok(())
}
