//! Campus monitoring (migration 0014): per-campus settings, raw probe results, their hourly
//! roll-up and incidents. What counts as down, when a ticket opens and what it says are the
//! service's business; this module only reads and writes rows.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

/// An administrator's settings for one campus (no row: the defaults).
#[derive(Debug, Clone, FromRow)]
pub struct MonitorRow {
    pub campus_id: i64,
    pub enabled: bool,
    pub interval_seconds: i32,
    pub timeout_seconds: i32,
    pub expected_text: Option<String>,
    pub latency_threshold_ms: i32,
    pub sustain_minutes: i32,
    pub failures_to_alert: i32,
    pub updated_at_us: i64,
}

const MONITOR_COLS: &str = "campus_id, enabled, interval_seconds, timeout_seconds, expected_text, \
    latency_threshold_ms, sustain_minutes, failures_to_alert, updated_at_us";

pub async fn get_monitor(db: &Db, campus_id: i64) -> Result<Option<MonitorRow>> {
    let sql = format!("select {MONITOR_COLS} from campus_monitor where campus_id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(campus_id).fetch_optional(p).await)?,
    )
}

/// Every saved monitor row (campuses without one use the defaults).
pub async fn list_monitors(db: &Db) -> Result<Vec<MonitorRow>> {
    let sql = format!("select {MONITOR_COLS} from campus_monitor");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// Saves (inserts or replaces) a campus's settings.
pub async fn put_monitor(tx: &mut Tx, m: &MonitorRow, by: i64) -> Result<()> {
    const SQL: &str = "insert into campus_monitor (campus_id, enabled, interval_seconds, timeout_seconds, \
        expected_text, latency_threshold_ms, sustain_minutes, failures_to_alert, updated_at_us, updated_by) \
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (campus_id) do update set \
        enabled = excluded.enabled, interval_seconds = excluded.interval_seconds, \
        timeout_seconds = excluded.timeout_seconds, expected_text = excluded.expected_text, \
        latency_threshold_ms = excluded.latency_threshold_ms, sustain_minutes = excluded.sustain_minutes, \
        failures_to_alert = excluded.failures_to_alert, updated_at_us = excluded.updated_at_us, \
        updated_by = excluded.updated_by";
    on_tx!(tx, c => sqlx::query(SQL).bind(m.campus_id).bind(m.enabled).bind(m.interval_seconds)
        .bind(m.timeout_seconds).bind(m.expected_text.as_deref()).bind(m.latency_threshold_ms)
        .bind(m.sustain_minutes).bind(m.failures_to_alert).bind(m.updated_at_us).bind(by)
        .execute(c).await.map(|_| ()))
    .map_err(|e| StoreError::classify(e, "campus_id"))?;
    Ok(())
}

/// One probe as it happened.
#[derive(Debug, Clone, FromRow)]
pub struct ProbeRow {
    pub campus_id: i64,
    pub at_us: i64,
    pub ok: bool,
    pub http_status: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error: Option<String>,
}

pub async fn insert_probe(tx: &mut Tx, p: &ProbeRow) -> Result<()> {
    const SQL: &str = "insert into probe_result (campus_id, at_us, ok, http_status, latency_ms, error) \
                       values ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, c => sqlx::query(SQL).bind(p.campus_id).bind(p.at_us).bind(p.ok).bind(p.http_status)
        .bind(p.latency_ms).bind(p.error.as_deref()).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// The campus's latest probe.
pub async fn last_probe(db: &Db, campus_id: i64) -> Result<Option<ProbeRow>> {
    const SQL: &str = "select campus_id, at_us, ok, http_status, latency_ms, error from probe_result \
                       where campus_id = $1 order by at_us desc, id desc limit 1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(campus_id).fetch_optional(p).await)?)
}

/// A run of consecutive probes of one sort ending with the latest: its first probe and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub first_at_us: i64,
    pub count: i64,
}

/// Which probes make a run.
#[derive(Debug, Clone, Copy)]
pub enum RunOf {
    /// Failed probes.
    Failed,
    /// Probes up but slower than the threshold (ms).
    Slow(i32),
    /// Probes up and at most the threshold (ms).
    Fast(i32),
}

/// The run of `what` that ends with the latest probe (read in `tx`, so it includes the probe
/// just written). `None` when the latest probe is not of that sort.
pub async fn current_run(tx: &mut Tx, campus_id: i64, what: RunOf) -> Result<Option<Run>> {
    // "Not of the sort" for each kind; the run is everything after the last such probe.
    let (breaks, threshold): (&str, i32) = match what {
        RunOf::Failed => ("ok", 0),
        RunOf::Slow(t) => ("not (ok and coalesce(latency_ms, 0) > $2)", t),
        RunOf::Fast(t) => ("not (ok and coalesce(latency_ms, 0) <= $2)", t),
    };
    // `$2` is bound in every case (an unbound parameter is NULL on SQLite, an error on
    // PostgreSQL); the `Failed` filter ignores it with a condition that is always true.
    // Ordered by (at_us, id): two probes of one instant still have an order.
    let sql = format!(
        "select min(p.at_us), count(*) from probe_result p left join \
           (select at_us, id from probe_result where campus_id = $1 and {breaks} \
            order by at_us desc, id desc limit 1) b on true \
         where p.campus_id = $1 and ($2 = $2) \
           and (b.id is null or p.at_us > b.at_us or (p.at_us = b.at_us and p.id > b.id))"
    );
    let row: (Option<i64>, i64) = on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(campus_id).bind(threshold).fetch_one(c).await)?;
    Ok(match row {
        (Some(first_at_us), count) if count > 0 => Some(Run { first_at_us, count }),
        _ => None,
    })
}

/// Probe counts per bucket of `bucket_us` (a divisor of an hour) of one campus in
/// `[from, to)`: `(bucket start, probes, ups)`.
pub async fn raw_buckets(
    db: &Db,
    campus_id: i64,
    from_us: i64,
    to_us: i64,
    bucket_us: i64,
) -> Result<Vec<(i64, i64, i64)>> {
    const SQL: &str = "select (at_us / $4) * $4 as b, count(*), sum(case when ok then 1 else 0 end) \
        from probe_result where campus_id = $1 and at_us >= $2 and at_us < $3 group by b order by b";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(campus_id).bind(from_us).bind(to_us).bind(bucket_us)
        .fetch_all(p).await)?,
    )
}

/// Rolled-up hours of one campus in `[from, to)`: `(hour start, probes, ups)`.
pub async fn hourly_buckets(
    db: &Db,
    campus_id: i64,
    from_us: i64,
    to_us: i64,
) -> Result<Vec<(i64, i64, i64)>> {
    const SQL: &str = "select hour_us, cast(probes as bigint), cast(ups as bigint) from probe_hourly \
        where campus_id = $1 and hour_us >= $2 and hour_us < $3 order by hour_us";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(campus_id).bind(from_us).bind(to_us).fetch_all(p).await)?,
    )
}

/// Rolls every raw result before `before_us` (an hour boundary) into `probe_hourly` and
/// deletes it, in `tx`: run again, it finds nothing left to roll. Returns the rows rolled.
pub async fn roll_up(tx: &mut Tx, before_us: i64) -> Result<u64> {
    const HOUR: i64 = 3_600_000_000;
    const ADD: &str = "insert into probe_hourly (campus_id, hour_us, probes, ups, latency_sum_ms, latency_max_ms) \
        select campus_id, (at_us / $2) * $2, count(*), sum(case when ok then 1 else 0 end), \
               coalesce(sum(case when ok then coalesce(latency_ms, 0) else 0 end), 0), \
               coalesce(max(case when ok then coalesce(latency_ms, 0) else 0 end), 0) \
        from probe_result where at_us < $1 group by 1, 2 \
        on conflict (campus_id, hour_us) do update set \
          probes = probe_hourly.probes + excluded.probes, ups = probe_hourly.ups + excluded.ups, \
          latency_sum_ms = probe_hourly.latency_sum_ms + excluded.latency_sum_ms, \
          latency_max_ms = case when excluded.latency_max_ms > probe_hourly.latency_max_ms \
                           then excluded.latency_max_ms else probe_hourly.latency_max_ms end";
    const DELETE: &str = "delete from probe_result where at_us < $1";
    on_tx!(tx, c => sqlx::query(ADD).bind(before_us).bind(HOUR).execute(&mut *c).await.map(|_| ()))?;
    let n = on_tx!(tx, c => sqlx::query(DELETE).bind(before_us).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

/// Forgets finished probe jobs older than `before_us` (their slot is long over, so their dedup
/// key is no longer needed): probes are by far the most numerous jobs.
pub async fn prune_probe_jobs(tx: &mut Tx, kind: &str, before_us: i64) -> Result<u64> {
    const SQL: &str =
        "delete from job where kind = $1 and state in ('done', 'failed') and finished_at_us < $2";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(kind).bind(before_us).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

#[derive(Debug, Clone, FromRow)]
pub struct IncidentRow {
    pub id: i64,
    pub campus_id: i64,
    pub kind: String,
    pub started_at_us: i64,
    pub ended_at_us: Option<i64>,
    pub ticket_id: Option<i64>,
    pub failures: i32,
    pub noted_failures: i32,
    pub last_probe_at_us: i64,
    pub last_error: Option<String>,
}

const INCIDENT_COLS: &str = "id, campus_id, kind, started_at_us, ended_at_us, ticket_id, failures, \
    noted_failures, last_probe_at_us, last_error";

/// The open incident of `kind`, read in `tx` (on PostgreSQL its row is locked until commit,
/// so two probes of one campus update it in turn).
pub async fn open_incident(tx: &mut Tx, campus_id: i64, kind: &str) -> Result<Option<IncidentRow>> {
    let base = format!(
        "select {INCIDENT_COLS} from campus_incident where campus_id = $1 and kind = $2 and ended_at_us is null"
    );
    Ok(match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(base))
                .bind(campus_id)
                .bind(kind)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{base} for update")))
                .bind(campus_id)
                .bind(kind)
                .fetch_optional(&mut **t)
                .await?
        }
    })
}

/// The latest ended incident of `kind` that had a ticket (a new run may go on with it).
pub async fn last_ended_incident(
    tx: &mut Tx,
    campus_id: i64,
    kind: &str,
) -> Result<Option<IncidentRow>> {
    let sql = format!(
        "select {INCIDENT_COLS} from campus_incident where campus_id = $1 and kind = $2 \
         and ended_at_us is not null and ticket_id is not null order by started_at_us desc, id desc limit 1"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(campus_id).bind(kind).fetch_optional(c).await)?,
    )
}

pub struct NewIncident<'a> {
    pub campus_id: i64,
    pub kind: &'a str,
    pub started_at_us: i64,
    pub failures: i32,
    pub last_probe_at_us: i64,
    pub last_error: Option<&'a str>,
    pub now_us: i64,
}

/// Opens an incident. `Conflict { field: "campus_id" }` when one of that kind is open already
/// (another node got there first): the caller's transaction is then to be rolled back.
pub async fn insert_incident(tx: &mut Tx, i: &NewIncident<'_>) -> Result<i64> {
    const SQL: &str = "insert into campus_incident (campus_id, kind, started_at_us, ended_at_us, ticket_id, \
        failures, noted_failures, last_probe_at_us, last_error, created_at_us) \
        values ($1, $2, $3, null, null, $4, $4, $5, $6, $7) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(i.campus_id).bind(i.kind)
        .bind(i.started_at_us).bind(i.failures).bind(i.last_probe_at_us).bind(i.last_error)
        .bind(i.now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "campus_id"))?;
    Ok(id.0)
}

pub async fn set_incident_ticket(tx: &mut Tx, id: i64, ticket_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("update campus_incident set ticket_id = $2 where id = $1")
        .bind(id).bind(ticket_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Records a further failing (or slow) probe of an open incident.
pub async fn touch_incident(
    tx: &mut Tx,
    id: i64,
    failures: i32,
    noted_failures: i32,
    last_probe_at_us: i64,
    last_error: Option<&str>,
) -> Result<()> {
    const SQL: &str = "update campus_incident set failures = $2, noted_failures = $3, \
        last_probe_at_us = case when $4 > last_probe_at_us then $4 else last_probe_at_us end, \
        last_error = coalesce($5, last_error) where id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(failures).bind(noted_failures)
        .bind(last_probe_at_us).bind(last_error).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn end_incident(tx: &mut Tx, id: i64, ended_at_us: i64) -> Result<()> {
    const SQL: &str = "update campus_incident set ended_at_us = $2, \
        last_probe_at_us = case when $2 > last_probe_at_us then $2 else last_probe_at_us end \
        where id = $1 and ended_at_us is null";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(ended_at_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// A campus's incidents, newest first.
pub async fn list_incidents(db: &Db, campus_id: i64, limit: i64) -> Result<Vec<IncidentRow>> {
    let sql = format!(
        "select {INCIDENT_COLS} from campus_incident where campus_id = $1 \
         order by started_at_us desc, id desc limit $2"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(campus_id).bind(limit).fetch_all(p).await)?,
    )
}

/// Open incidents of `kind` across all campuses (the `atiende_campuses_down` gauge).
pub async fn count_open(db: &Db, kind: &str) -> Result<i64> {
    const SQL: &str =
        "select count(*) from campus_incident where kind = $1 and ended_at_us is null";
    let n: (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(kind).fetch_one(p).await)?;
    Ok(n.0)
}
