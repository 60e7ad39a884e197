//! Background work as database rows (the `job` table): every node of `atiende serve` runs the
//! same loop — schedule the periodic ticks it knows (a dedup key makes one row per tick
//! however many nodes try), then claim due jobs with a lease and run them. A job runs on one
//! node at a time; an expired lease (a node that crashed) lets another node run it again, so
//! every handler is idempotent. Completion is fenced by (node, attempt): a node whose lease
//! was taken over writes nothing.
//!
//! Kinds so far: the SLA watch (breaches recorded, resolved tickets auto-closed) and
//! housekeeping (old jobs and expired sessions), the mail poll (`mail_in`: every mailbox of
//! the environment or saved in the admin UI; with none it reads nothing), e-mail delivery
//! (`deliver_mail`), webhook delivery (`deliver_webhook`), campus monitoring (`monitors`:
//! the tick that queues each campus's probe of the current slot, and the probes themselves),
//! the missing-backup watch and the daily Moodle site check (`maintenance`).

use jiff::SignedDuration;
use serde::Serialize;
use store::jobs::{self as st, ClaimedJob, NewJob};
use utoipa::ToSchema;

use crate::{
    Actor, Service, ServiceError, ServiceResult, admin::rfc3339, search_backfill::BACKFILL_SLICE,
    us,
};

/// What a node runs. The string is what the `job` table stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    SlaWatch,
    Housekeeping,
    /// One e-mail of the outbox (payload `{"outbox_id": n}`).
    DeliverMail,
    /// Reads the support mailboxes (see `mail_in`).
    MailPoll,
    /// One webhook delivery (payload `{"delivery_id": n}`, see `webhooks`).
    DeliverWebhook,
    /// Queues the due probe of every monitored campus (see `monitors`).
    MonitorTick,
    /// One HTTP probe of one campus (payload `{"campus_id": n, "slot_us": t}`).
    ProbeCampus,
    /// Opens a ticket for each hosted campus whose daily backup is missing (`maintenance`).
    BackupWatch,
    /// Reads each Moodle campus's site information with its saved token (`maintenance`).
    MoodleInfo,
    /// E-mails each client's monthly service report once it is due (`report_mail`).
    MonthlyReports,
    /// Indexes tickets written before search existed or by a bulk load (`search_backfill`).
    SearchBackfill,
}

impl JobKind {
    pub const ALL: [JobKind; 11] = [
        JobKind::SlaWatch,
        JobKind::Housekeeping,
        JobKind::DeliverMail,
        JobKind::MailPoll,
        JobKind::DeliverWebhook,
        JobKind::MonitorTick,
        JobKind::ProbeCampus,
        JobKind::BackupWatch,
        JobKind::MoodleInfo,
        JobKind::MonthlyReports,
        JobKind::SearchBackfill,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::SlaWatch => "sla_watch",
            JobKind::Housekeeping => "housekeeping",
            JobKind::DeliverMail => "deliver_mail",
            JobKind::MailPoll => "mail_poll",
            JobKind::DeliverWebhook => "deliver_webhook",
            JobKind::MonitorTick => "monitor_tick",
            JobKind::ProbeCampus => "probe_campus",
            JobKind::BackupWatch => "backup_watch",
            JobKind::MoodleInfo => "moodle_info",
            JobKind::MonthlyReports => "monthly_reports",
            JobKind::SearchBackfill => "search_backfill",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Runs before it is given up (then it stays `failed`, visible to admins, until retried).
    pub(crate) fn max_attempts(self) -> i32 {
        match self {
            // A tick that keeps failing is superseded by the next tick anyway.
            JobKind::SlaWatch | JobKind::Housekeeping => 3,
            // 30 s, 1, 2, 4, 8, 16, 32 min: an SMTP server (or a webhook receiver) down for
            // about an hour loses nothing.
            JobKind::DeliverMail | JobKind::DeliverWebhook => 8,
            // A failed poll shows at once; the next tick reads the mailbox again anyway.
            JobKind::MailPoll => 1,
            // The next tick (15 s) or the next slot's probe does it again anyway; a probe
            // retried later would record a stale result.
            JobKind::MonitorTick | JobKind::ProbeCampus => 1,
            // The next tick (5 min) looks again anyway.
            JobKind::BackupWatch => 1,
            // A campus that did not answer is tried again at 30 s and 1 min, then tomorrow
            // (an admin may retry the failed job, or press "check now").
            JobKind::MoodleInfo => 3,
            // The next hourly tick looks again; what was sent is recorded and not sent twice.
            JobKind::MonthlyReports => 1,
            // The watermark keeps what was done; the next minute goes on from there.
            JobKind::SearchBackfill => 1,
        }
    }
}

/// How often the campus monitor looks for due probes (a probe runs at most this long after
/// its slot begins).
pub const MONITOR_TICK: SignedDuration = SignedDuration::from_secs(15);

/// How often hosted campuses are checked for a missing backup.
pub const BACKUP_WATCH_EVERY: SignedDuration = SignedDuration::from_mins(5);

/// A periodic job and how often it is due.
#[derive(Debug, Clone, Copy)]
pub struct Periodic {
    pub kind: JobKind,
    pub every: SignedDuration,
}

/// How a node runs jobs.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// This node's name in `lease_owner` (unique per process: host, pid and a random part).
    pub node: String,
    /// How long a claim is held before another node may take the job over.
    pub lease: SignedDuration,
    /// Jobs claimed per round.
    pub batch: i64,
    pub periodic: Vec<Periodic>,
}

impl RunnerConfig {
    /// The SLA watch every `sla_every`, housekeeping hourly, the search backfill every minute, the campus monitor's tick every
    /// [`MONITOR_TICK`], the mail poll every `mail_every` when a mailbox is configured, the
    /// backup watch every 5 minutes, the Moodle site check daily (00:00 UTC) and the monthly
    /// reports' e-mail hourly.
    pub fn standard(sla_every: SignedDuration, mail_every: Option<SignedDuration>) -> RunnerConfig {
        let mut cfg = RunnerConfig {
            node: node_name(),
            lease: SignedDuration::from_mins(5),
            batch: 16,
            periodic: vec![
                Periodic {
                    kind: JobKind::SlaWatch,
                    every: sla_every,
                },
                Periodic {
                    kind: JobKind::Housekeeping,
                    every: SignedDuration::from_hours(1),
                },
                Periodic {
                    kind: JobKind::MonitorTick,
                    every: MONITOR_TICK,
                },
            ],
        };
        if let Some(every) = mail_every {
            cfg.periodic.push(Periodic {
                kind: JobKind::MailPoll,
                every,
            });
        }
        cfg.periodic.extend([
            Periodic {
                kind: JobKind::BackupWatch,
                every: BACKUP_WATCH_EVERY,
            },
            Periodic {
                kind: JobKind::MoodleInfo,
                every: SignedDuration::from_hours(24),
            },
            Periodic {
                kind: JobKind::MonthlyReports,
                every: SignedDuration::from_hours(1),
            },
            Periodic {
                kind: JobKind::SearchBackfill,
                every: SignedDuration::from_mins(1),
            },
        ]);
        cfg
    }
}

/// `host-pid-random`: readable in the admin's job list, unique across restarts.
pub fn node_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "node".into());
    format!(
        "{host}-{}-{:06x}",
        std::process::id(),
        rand::random::<u32>() & 0xff_ffff
    )
}

/// What one round did: the ids of the jobs this node ran to completion, those that failed
/// (queued again or given up), and those whose lease was lost before completion.
#[derive(Debug, Default, Clone)]
pub struct RoundReport {
    pub done: Vec<i64>,
    pub failed: Vec<i64>,
    pub lost: Vec<i64>,
}

impl RoundReport {
    pub fn claimed(&self) -> usize {
        self.done.len() + self.failed.len() + self.lost.len()
    }
}

/// Done and failed jobs are forgotten after this long.
const KEEP_FINISHED_DAYS: i64 = 7;
/// Delivered and failed webhook deliveries stay in the log this long.
const KEEP_DELIVERIES_DAYS: i64 = 30;

/// The delay before attempt `n + 1` after `n` failed: 30 s, 1 min, 2 min… capped at 1 h.
pub fn backoff(attempts: i32) -> SignedDuration {
    let exp = attempts.clamp(1, 8) - 1;
    SignedDuration::from_secs((30_i64 << exp).min(3600))
}

impl Service {
    /// Queues the current tick of every periodic job that has none yet. Returns how many
    /// this call created (0 when another node, or an earlier call, got there first).
    pub async fn schedule_periodic(&self, periodic: &[Periodic]) -> ServiceResult<usize> {
        let now = us(self.now());
        let mut created = 0;
        let mut tx = self.db.begin().await?;
        for p in periodic {
            let every = p.every.as_micros().max(1) as i64;
            let tick = now - now.rem_euclid(every);
            let key = format!("{}:{tick}", p.kind.as_str());
            let job = NewJob {
                kind: p.kind.as_str(),
                payload: "{}",
                dedup_key: Some(&key),
                run_at_us: tick,
                max_attempts: p.kind.max_attempts(),
            };
            if st::enqueue(&mut tx, &job, now).await?.is_some() {
                created += 1;
            }
        }
        tx.commit().await?;
        Ok(created)
    }

    /// Queues one job of `kind` to run now (a one-off, no dedup key).
    pub async fn enqueue_job(&self, kind: JobKind, payload: &str) -> ServiceResult<i64> {
        let mut tx = self.db.begin().await?;
        let id = self.enqueue_in(&mut tx, kind, payload).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Queues a job inside `tx`: it exists only if what caused it commits.
    pub(crate) async fn enqueue_in(
        &self,
        tx: &mut store::Tx,
        kind: JobKind,
        payload: &str,
    ) -> ServiceResult<i64> {
        let now = us(self.now());
        let job = NewJob {
            kind: kind.as_str(),
            payload,
            dedup_key: None,
            run_at_us: now,
            max_attempts: kind.max_attempts(),
        };
        st::enqueue(tx, &job, now)
            .await?
            .ok_or_else(|| ServiceError::Internal("a job without dedup key was refused".into()))
    }

    /// Claims up to `cfg.batch` due jobs and runs them one after another.
    pub async fn run_due_jobs(&self, cfg: &RunnerConfig) -> ServiceResult<RoundReport> {
        let now = us(self.now());
        let lease_until = now.saturating_add(cfg.lease.as_micros() as i64);
        let claimed = st::claim(&self.db, &cfg.node, now, lease_until, cfg.batch).await?;
        let mut report = RoundReport::default();
        // E-mails, webhooks and probes run side by side: each waits on another server (SMTP,
        // a receiver, a campus), not on this node, and they share nothing but connection
        // pools. Everything else runs in turn.
        let (sends, others): (Vec<_>, Vec<_>) = claimed.into_iter().partition(|j| {
            j.kind == JobKind::DeliverMail.as_str()
                || j.kind == JobKind::DeliverWebhook.as_str()
                || j.kind == JobKind::ProbeCampus.as_str()
        });
        for job in others {
            let outcome = self.attempt(&job).await;
            self.settle(cfg, &job, outcome, &mut report).await?;
        }
        let outcomes =
            futures_util::future::join_all(sends.iter().map(|job| self.attempt(job))).await;
        for (job, outcome) in sends.iter().zip(outcomes) {
            self.settle(cfg, job, outcome, &mut report).await?;
        }
        Ok(report)
    }

    /// Runs a claimed job, unless its holders kept dying mid-run.
    async fn attempt(&self, job: &ClaimedJob) -> Result<(), String> {
        if job.attempts > job.max_attempts {
            // A lease expired on every attempt (the node running it died or stalled each
            // time): running it again may kill this node too, so stop — but say so on what
            // the job was for, or an e-mail or a webhook delivery would read "queued" forever.
            let why = format!(
                "gave up: each of the {} attempts stopped before it finished (the node running \
                 it stopped or stalled beyond its lease)",
                job.max_attempts
            );
            self.abandon(job, &why).await?;
            return Err(why);
        }
        self.run_job(job).await
    }

    /// Marks what a given-up job was for as failed, with `why`.
    async fn abandon(&self, job: &ClaimedJob, why: &str) -> Result<(), String> {
        match JobKind::parse(&job.kind) {
            Some(JobKind::DeliverMail) => self.abandon_mail(job, why).await,
            Some(JobKind::DeliverWebhook) => self.abandon_webhook(job, why).await,
            // The others are periodic steps or probes: the next one does the work anyway.
            _ => Ok(()),
        }
    }

    /// Records a run's outcome, fenced by this node's lease, and counts it.
    async fn settle(
        &self,
        cfg: &RunnerConfig,
        job: &ClaimedJob,
        outcome: Result<(), String>,
        report: &mut RoundReport,
    ) -> ServiceResult<()> {
        let now = us(self.now());
        let recorded = match &outcome {
            Ok(()) => st::complete(&self.db, job, &cfg.node, now).await?,
            Err(e) => {
                let retry = (job.attempts < job.max_attempts)
                    .then(|| now.saturating_add(backoff(job.attempts).as_micros() as i64));
                tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
                st::fail(&self.db, job, &cfg.node, e, retry, now).await?
            }
        };
        let result = match (recorded, outcome.is_ok()) {
            (false, _) => {
                report.lost.push(job.id);
                "lost"
            }
            (true, true) => {
                report.done.push(job.id);
                "done"
            }
            (true, false) => {
                report.failed.push(job.id);
                "failed"
            }
        };
        metrics::counter!("atiende_jobs_run_total", "kind" => job.kind.clone(), "result" => result)
            .increment(1);
        Ok(())
    }

    /// One job's work. Errors are strings: they are stored on the job for the admin to read.
    async fn run_job(&self, job: &ClaimedJob) -> Result<(), String> {
        let kind =
            JobKind::parse(&job.kind).ok_or_else(|| format!("unknown job kind {:?}", job.kind))?;
        let r = match kind {
            JobKind::SlaWatch => self.sla_watch_step().await.map(|r| {
                if r.breaches + r.closed > 0 {
                    tracing::info!(breaches = r.breaches, closed = r.closed, "sla watch");
                }
            }),
            JobKind::Housekeeping => self.housekeeping().await,
            JobKind::DeliverMail => return self.deliver_mail(job).await,
            JobKind::DeliverWebhook => return self.deliver_webhook(job).await,
            JobKind::MailPoll => self.mail_poll_step().await.map(|r| {
                if !r.outcomes.is_empty() || r.errors > 0 {
                    tracing::info!(read = r.outcomes.len(), errors = r.errors, "mail poll");
                }
            }),
            JobKind::MonitorTick => self.monitor_tick().await.map(|_| ()),
            JobKind::ProbeCampus => self.probe_campus_job(&job.payload).await,
            JobKind::BackupWatch => self.backup_watch_step().await.map(|_| ()),
            JobKind::MonthlyReports => self.monthly_report_step().await.map(|_| ()),
            JobKind::SearchBackfill => self.search_backfill(BACKFILL_SLICE).await.map(|_| ()),
            // A campus that could not be read is the job's error (the others were stored).
            JobKind::MoodleInfo => {
                let r = self.moodle_check_step().await.map_err(|e| e.to_string())?;
                return match r.errors.is_empty() {
                    true => Ok(()),
                    false => Err(r.errors.join("; ")),
                };
            }
        };
        r.map_err(|e| e.to_string())
    }

    async fn housekeeping(&self) -> ServiceResult<()> {
        let now = self.now();
        let before = now
            .checked_sub(SignedDuration::from_hours(24 * KEEP_FINISHED_DAYS))
            .map(us)
            .unwrap_or(i64::MIN);
        let mut tx = self.db.begin().await?;
        let pruned = st::prune(&mut tx, before).await?;
        store::account_tokens::sweep(&mut tx, before).await?;
        let log_before = now
            .checked_sub(SignedDuration::from_hours(24 * KEEP_DELIVERIES_DAYS))
            .map(us)
            .unwrap_or(i64::MIN);
        store::webhooks::prune_deliveries(&mut tx, log_before).await?;
        tx.commit().await?;
        if pruned > 0 {
            tracing::info!(pruned, "old jobs forgotten");
        }
        self.monitor_housekeeping().await
    }

    /// Sets the `atiende_jobs{state}` gauges from the table (every node reports the same
    /// database-wide figures).
    pub async fn publish_job_gauges(&self) -> ServiceResult<()> {
        for (state, n) in st::counts(&self.db).await? {
            metrics::gauge!("atiende_jobs", "state" => state).set(n as f64);
        }
        self.publish_monitor_gauges().await
    }

    /// Admins' view of the job table, newest first.
    pub async fn list_jobs(
        &self,
        actor: &Actor,
        state: Option<&str>,
        limit: i64,
    ) -> ServiceResult<JobList> {
        actor.require_admin()?;
        if let Some(s) = state
            && !st::STATES.contains(&s)
        {
            return Err(domain::FieldError::new("state", "invalid", "unknown job state").into());
        }
        let jobs = st::list(&self.db, state, limit.clamp(1, 500))
            .await?
            .into_iter()
            .map(job_view)
            .collect();
        let counts = st::counts(&self.db).await?;
        let n = |state: &str| {
            counts
                .iter()
                .find(|(s, _)| s == state)
                .map_or(0, |(_, n)| *n)
        };
        let counts = JobCounts {
            queued: n("queued"),
            running: n("running"),
            done: n("done"),
            failed: n("failed"),
        };
        Ok(JobList { counts, jobs })
    }

    /// Queues a failed job again now.
    pub async fn retry_job(&self, actor: &Actor, id: i64) -> ServiceResult<JobView> {
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        let retried = st::retry(&mut tx, id, us(self.now())).await?;
        tx.commit().await?;
        let row = st::get(&self.db, id).await?.ok_or(ServiceError::NotFound)?;
        if !retried {
            return Err(ServiceError::state(
                "job_not_failed",
                "only a failed job can be retried",
            ));
        }
        Ok(job_view(row))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobList {
    pub counts: JobCounts,
    pub jobs: Vec<JobView>,
}

/// Jobs per state in the whole table (done ones are forgotten after a week).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobView {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub run_at: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// The node holding or last holding it.
    pub node: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

fn job_view(r: st::JobRow) -> JobView {
    JobView {
        id: r.id,
        kind: r.kind,
        state: r.state,
        run_at: rfc3339(r.run_at_us),
        attempts: r.attempts,
        max_attempts: r.max_attempts,
        node: r.lease_owner,
        last_error: r.last_error,
        created_at: rfc3339(r.created_at_us),
        finished_at: r.finished_at_us.map(rfc3339),
    }
}
