//! `upload-load`: N simultaneous maximum-size uploads against a loopback server, through the
//! API (raw body) or the portal's multipart reply form, so the server's peak memory under
//! uploads can be measured (`scripts/upload-rss` wraps it with the server and the RSS reading).
//!
//! ```text
//! upload-load --base http://127.0.0.1:18182 --ticket 1 --mode api --token atd_… -n 16
//! upload-load --base http://127.0.0.1:18182 --ticket 1 --mode portal --email a@b --password … -n 16
//! ```
//!
//! Every request is sent once; the run is bounded by `n` (at most 64) and a per-request timeout.

use std::{net::IpAddr, process::ExitCode, time::Duration};

use anyhow::{Context, anyhow, bail};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Mode {
    /// `POST /api/v1/tickets/{id}/attachments` with the file as the body.
    Api,
    /// `POST /portal/tickets/{id}/messages`, multipart, one file per form (signed in as a client admin).
    Portal,
}

#[derive(Parser, Debug)]
#[command(
    name = "upload-load",
    about = "Simultaneous uploads against a loopback Atiende server"
)]
struct Args {
    /// Server root, loopback only (127.0.0.1, ::1 or localhost).
    #[arg(long)]
    base: String,
    /// The ticket the files are attached to.
    #[arg(long)]
    ticket: i64,
    #[arg(long, value_enum, default_value_t = Mode::Api)]
    mode: Mode,
    /// API token (mode api).
    #[arg(long, env = "ATIENDE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Client admin's e-mail and password (mode portal).
    #[arg(long)]
    email: Option<String>,
    #[arg(long, env = "ATIENDE_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Uploads sent at the same time.
    #[arg(short = 'n', default_value_t = 16)]
    n: usize,
    /// Bytes per file (default: the 25 MiB limit).
    #[arg(long, default_value_t = 25 * 1024 * 1024)]
    size: usize,
}

const MAX_N: usize = 64;

fn loopback(base: &str) -> anyhow::Result<String> {
    let base = base.trim_end_matches('/');
    let rest = base
        .strip_prefix("http://")
        .ok_or_else(|| anyhow!("--base must start with http://"))?;
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => rest.rsplit_once(':').map_or(rest, |(h, _)| h),
    };
    if host != "localhost" && !host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()) {
        bail!("--base must be a loopback address, not {host:?}");
    }
    Ok(base.to_string())
}

fn main() -> ExitCode {
    let args = Args::parse();
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
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// One request ready to send n times: where, which headers, and the shared body.
struct Prepared {
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

async fn run(args: Args) -> anyhow::Result<()> {
    let base = loopback(&args.base)?;
    if args.n == 0 || args.n > MAX_N {
        bail!("-n must be between 1 and {MAX_N}");
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(600))
        .build()?;
    let file: Vec<u8> = (0..args.size).map(|i| (i % 251) as u8).collect();
    let prepared = match args.mode {
        Mode::Api => {
            let token = args
                .token
                .clone()
                .context("--token is required for --mode api")?;
            Prepared {
                url: format!(
                    "{base}/api/v1/tickets/{}/attachments?filename=load.bin",
                    args.ticket
                ),
                headers: vec![
                    ("authorization", format!("Bearer {token}")),
                    ("content-type", "application/octet-stream".into()),
                ],
                body: file,
            }
        }
        Mode::Portal => portal(&http, &base, &args, &file).await?,
    };
    // One buffer shared by every request (cloning `Bytes` does not copy).
    let body = bytes::Bytes::from(prepared.body);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.n {
        let mut req = http.post(&prepared.url).body(body.clone());
        for (k, v) in &prepared.headers {
            req = req.header(*k, v);
        }
        tasks.push(tokio::spawn(async move {
            let t = std::time::Instant::now();
            let status = req.send().await.map(|r| r.status().as_u16());
            (status, t.elapsed())
        }));
    }
    let mut ok = 0;
    let mut slowest = Duration::ZERO;
    for t in tasks {
        let (status, took) = t.await?;
        slowest = slowest.max(took);
        match status {
            Ok(201 | 303) => ok += 1,
            Ok(s) => eprintln!("status {s}"),
            Err(e) => eprintln!("request failed: {e}"),
        }
    }
    println!(
        "{:?}: {ok}/{} uploads of {} bytes accepted in {:.1} s (slowest {:.1} s)",
        args.mode,
        args.n,
        args.size,
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64()
    );
    if ok != args.n {
        bail!("{} uploads were not accepted", args.n - ok);
    }
    Ok(())
}

/// Signs in through the form, reads the reply form's CSRF token, builds the multipart body.
async fn portal(
    http: &reqwest::Client,
    base: &str,
    args: &Args,
    file: &[u8],
) -> anyhow::Result<Prepared> {
    let email = args
        .email
        .clone()
        .context("--email is required for --mode portal")?;
    let password = args
        .password
        .clone()
        .context("--password is required for --mode portal")?;
    let res = http
        .post(format!("{base}/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", password.as_str()),
            ("next", "/portal"),
        ])
        .send()
        .await?;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .context("sign-in gave no session cookie (wrong e-mail or password?)")?;
    let page = http
        .get(format!("{base}/portal/tickets/{}", args.ticket))
        .header("cookie", &cookie)
        .send()
        .await?
        .text()
        .await?;
    let at = page
        .find("name=\"_csrf\" value=\"")
        .context("no CSRF token on the ticket page")?
        + 20;
    let csrf = page[at..].split('"').next().unwrap_or_default().to_string();
    let boundary = "----upload-load-boundary-5Qx";
    let mut body = Vec::with_capacity(file.len() + 512);
    for (name, value) in [("_csrf", csrf.as_str()), ("body", "")] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"load.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok(Prepared {
        url: format!("{base}/portal/tickets/{}/messages", args.ticket),
        headers: vec![
            ("cookie", cookie),
            (
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            ),
        ],
        body,
    })
}
