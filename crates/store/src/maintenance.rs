//! Maintenance of campuses (migration 0015): the records (backups, updates, upgrades,
//! windows), the open missing-backup alert of each campus, upgrade requests and the Moodle
//! site information. What a kind may carry and who may record it is the service's business.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx, clients::CampusRow};

#[derive(Debug, Clone, FromRow)]
pub struct MaintenanceRow {
    pub id: i64,
    pub campus_id: i64,
    pub kind: String,
    pub performed_at_us: i64,
    pub status: Option<String>,
    pub size_bytes: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub location: Option<String>,
    pub package: Option<String>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    pub ends_at_us: Option<i64>,
    pub note: String,
    pub recorded_by: Option<i64>,
    /// The recorder's name, when a user recorded it.
    pub recorded_by_name: Option<String>,
    pub token_id: Option<i64>,
    pub source: String,
    pub created_at_us: i64,
}

const COLS: &str = "m.id, m.campus_id, m.kind, m.performed_at_us, m.status, m.size_bytes, \
    m.duration_seconds, m.location, m.package, m.from_version, m.to_version, m.ends_at_us, m.note, \
    m.recorded_by, u.name as recorded_by_name, m.token_id, m.source, m.created_at_us";

const FROM: &str = "from maintenance_record m left join app_user u on u.id = m.recorded_by";

/// A record as written (checked by the service).
#[derive(Debug, Clone, Default)]
pub struct NewRecord<'a> {
    pub campus_id: i64,
    pub kind: &'a str,
    pub performed_at_us: i64,
    pub status: Option<&'a str>,
    pub size_bytes: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub location: Option<&'a str>,
    pub package: Option<&'a str>,
    pub from_version: Option<&'a str>,
    pub to_version: Option<&'a str>,
    pub ends_at_us: Option<i64>,
    pub note: &'a str,
    pub recorded_by: Option<i64>,
    pub token_id: Option<i64>,
    /// `api`, `web`, `cli` or `moodle`.
    pub source: &'a str,
    pub created_at_us: i64,
}

pub async fn insert_record(tx: &mut Tx, r: &NewRecord<'_>) -> Result<i64> {
    const SQL: &str = "insert into maintenance_record (campus_id, kind, performed_at_us, status, \
        size_bytes, duration_seconds, location, package, from_version, to_version, ends_at_us, note, \
        recorded_by, token_id, source, created_at_us) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
        $10, $11, $12, $13, $14, $15, $16) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(r.campus_id).bind(r.kind)
        .bind(r.performed_at_us).bind(r.status).bind(r.size_bytes).bind(r.duration_seconds)
        .bind(r.location).bind(r.package).bind(r.from_version).bind(r.to_version).bind(r.ends_at_us)
        .bind(r.note).bind(r.recorded_by).bind(r.token_id).bind(r.source).bind(r.created_at_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

pub async fn get_record(db: &Db, id: i64) -> Result<Option<MaintenanceRow>> {
    let sql = format!("select {COLS} {FROM} where m.id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

/// A campus's records, newest first (by when they were done), optionally of one kind and,
/// for backups, of one status.
pub async fn list_records(
    db: &Db,
    campus_id: i64,
    kind: Option<&str>,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<MaintenanceRow>> {
    let sql = format!(
        "select {COLS} {FROM} where m.campus_id = $1 and (cast($2 as text) is null or m.kind = $2) \
         and (cast($3 as text) is null or m.status = $3) \
         order by m.performed_at_us desc, m.id desc limit $4"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(campus_id).bind(kind).bind(status).bind(limit).fetch_all(p).await)?,
    )
}

/// A campus with what the backup watch needs to know about it.
#[derive(Debug, Clone, FromRow)]
pub struct BackupWatchRow {
    pub campus_id: i64,
    pub client_id: i64,
    pub url: String,
    pub service_start_date: String,
    pub created_at_us: i64,
    pub hosted_by_us: bool,
    pub time_zone: String,
    /// When the last successful backup was done, if ever.
    pub last_ok_us: Option<i64>,
    /// The ticket of the open alert, if one is open.
    pub open_alert_ticket: Option<i64>,
}

/// Every campus, with its hosting: the service decides, by each campus's plan, whose backups
/// the contract covers (the seed's: campuses on our servers).
pub async fn backup_watch_rows(db: &Db) -> Result<Vec<BackupWatchRow>> {
    const SQL: &str = "select c.id as campus_id, c.client_id, c.url, c.service_start_date, \
        c.created_at_us, c.hosted_by_us, cl.time_zone, \
        (select max(m.performed_at_us) from maintenance_record m where m.campus_id = c.id \
           and m.kind = 'backup' and m.status = 'ok') as last_ok_us, \
        (select a.ticket_id from backup_alert a where a.campus_id = c.id and a.cleared_at_us is null) \
           as open_alert_ticket \
        from campus c join client cl on cl.id = c.client_id order by c.id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// The last successful backup of a campus, read inside `tx`.
pub async fn last_ok_backup_in(tx: &mut Tx, campus_id: i64) -> Result<Option<i64>> {
    const SQL: &str = "select max(performed_at_us) from maintenance_record \
        where campus_id = $1 and kind = 'backup' and status = 'ok'";
    let v: (Option<i64>,) =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(campus_id).fetch_one(c).await)?;
    Ok(v.0)
}

#[derive(Debug, Clone, FromRow)]
pub struct BackupAlertRow {
    pub id: i64,
    pub campus_id: i64,
    pub ticket_id: i64,
    pub last_ok_us: i64,
    pub opened_at_us: i64,
    pub cleared_at_us: Option<i64>,
}

const ALERT_COLS: &str = "id, campus_id, ticket_id, last_ok_us, opened_at_us, cleared_at_us";

pub async fn open_alert_in(tx: &mut Tx, campus_id: i64) -> Result<Option<BackupAlertRow>> {
    let sql = format!(
        "select {ALERT_COLS} from backup_alert where campus_id = $1 and cleared_at_us is null"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(campus_id).fetch_optional(c).await)?,
    )
}

pub async fn open_alert(db: &Db, campus_id: i64) -> Result<Option<BackupAlertRow>> {
    let sql = format!(
        "select {ALERT_COLS} from backup_alert where campus_id = $1 and cleared_at_us is null"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(campus_id).fetch_optional(p).await)?,
    )
}

/// Raises the alert of a campus. `Conflict` when one is already open (another node got
/// there first: the caller's transaction, ticket included, must then be dropped).
pub async fn insert_alert(
    tx: &mut Tx,
    campus_id: i64,
    ticket_id: i64,
    last_ok_us: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into backup_alert (campus_id, ticket_id, last_ok_us, opened_at_us) \
        values ($1, $2, $3, $4) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(campus_id).bind(ticket_id)
        .bind(last_ok_us).bind(now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "campus_id"))?;
    Ok(id.0)
}

pub async fn clear_alert(tx: &mut Tx, alert_id: i64, record_id: i64, now_us: i64) -> Result<()> {
    const SQL: &str =
        "update backup_alert set cleared_at_us = $2, cleared_by_record = $3 where id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(alert_id).bind(now_us).bind(record_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Reads a campus inside `tx`, locking its row on PostgreSQL (SQLite's `BEGIN IMMEDIATE`
/// already holds the write lock), so per-campus decisions (one upgrade request) serialise.
pub async fn lock_campus(tx: &mut Tx, id: i64) -> Result<Option<CampusRow>> {
    const COLS: &str = "id, client_id, url, platform, platform_version, hosted_by_us, \
        service_start_date, created_at_us";
    Ok(match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {COLS} from campus where id = $1"
            )))
            .bind(id)
            .fetch_optional(&mut **t)
            .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {COLS} from campus where id = $1 for update"
            )))
            .bind(id)
            .fetch_optional(&mut **t)
            .await?
        }
    })
}

/// The latest platform upgrade of a campus (by when it was done, then by id), read in `tx`.
pub async fn latest_upgrade_in(tx: &mut Tx, campus_id: i64) -> Result<Option<i64>> {
    const SQL: &str = "select id from maintenance_record where campus_id = $1 \
        and kind = 'platform_upgrade' order by performed_at_us desc, id desc limit 1";
    let v: Option<(i64,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(campus_id).fetch_optional(c).await)?;
    Ok(v.map(|r| r.0))
}

/// A platform upgrade changes the campus's version.
pub async fn set_platform_version(tx: &mut Tx, campus_id: i64, version: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("update campus set platform_version = $2 where id = $1")
        .bind(campus_id).bind(version).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// When each campus was last upgraded (the latest `platform_upgrade`), for eligibility.
/// TENANT: `client` restricts to one client's campuses.
pub async fn last_upgrades(db: &Db, client: Option<i64>) -> Result<Vec<(i64, i64)>> {
    const SQL: &str = "select m.campus_id, max(m.performed_at_us) from maintenance_record m \
        join campus c on c.id = m.campus_id where m.kind = 'platform_upgrade' \
        and (cast($1 as bigint) is null or c.client_id = $1) group by m.campus_id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client).fetch_all(p).await)?)
}

/// The latest upgrade request of a campus and its ticket's status, read inside `tx`.
pub async fn latest_upgrade_request_in(
    tx: &mut Tx,
    campus_id: i64,
) -> Result<Option<(i64, String)>> {
    const SQL: &str = "select r.ticket_id, t.status from upgrade_request r \
        join ticket t on t.id = r.ticket_id where r.campus_id = $1 order by r.id desc limit 1";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(campus_id).fetch_optional(c).await)?)
}

/// The latest upgrade request of each campus whose ticket is still open.
/// TENANT: `client` restricts to one client's campuses.
pub async fn open_upgrade_requests(db: &Db, client: Option<i64>) -> Result<Vec<(i64, i64)>> {
    const SQL: &str = "select r.campus_id, max(r.ticket_id) from upgrade_request r \
        join ticket t on t.id = r.ticket_id \
        where t.status not in ('resolved', 'closed') \
        and (cast($1 as bigint) is null or t.client_id = $1) group by r.campus_id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client).fetch_all(p).await)?)
}

pub async fn insert_upgrade_request(
    tx: &mut Tx,
    campus_id: i64,
    ticket_id: i64,
    now_us: i64,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query("insert into upgrade_request (campus_id, ticket_id, created_at_us) values ($1, $2, $3)")
        .bind(campus_id).bind(ticket_id).bind(now_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// The id of a live API token (to name it on what it recorded).
pub async fn token_id_by_hash(db: &Db, token_hash: &str) -> Result<Option<i64>> {
    const SQL: &str = "select id from api_token where token_hash = $1 and revoked_at_us is null";
    let v: Option<(i64,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await)?;
    Ok(v.map(|r| r.0))
}

#[derive(Debug, Clone, FromRow)]
pub struct MoodleRow {
    pub campus_id: i64,
    pub token_enc: Option<String>,
    pub site_release: Option<String>,
    pub site_version: Option<String>,
    pub checked_at_us: Option<i64>,
    pub error: Option<String>,
    pub updated_at_us: i64,
}

const MOODLE_COLS: &str =
    "campus_id, token_enc, site_release, site_version, checked_at_us, error, updated_at_us";

pub async fn get_moodle(db: &Db, campus_id: i64) -> Result<Option<MoodleRow>> {
    let sql = format!("select {MOODLE_COLS} from campus_moodle where campus_id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(campus_id).fetch_optional(p).await)?,
    )
}

pub async fn get_moodle_in(tx: &mut Tx, campus_id: i64) -> Result<Option<MoodleRow>> {
    let sql = format!("select {MOODLE_COLS} from campus_moodle where campus_id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(campus_id).fetch_optional(c).await)?,
    )
}

/// Campuses with a saved token: the ones the daily check reads.
pub async fn moodle_campuses(db: &Db) -> Result<Vec<i64>> {
    const SQL: &str =
        "select campus_id from campus_moodle where token_enc is not null order by campus_id";
    let v: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(v.into_iter().map(|r| r.0).collect())
}

/// Saves (`Some`) or forgets (`None`) the encrypted token of a campus.
pub async fn set_moodle_token(
    tx: &mut Tx,
    campus_id: i64,
    token_enc: Option<&str>,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "insert into campus_moodle (campus_id, token_enc, updated_at_us) \
        values ($1, $2, $3) on conflict (campus_id) do update set token_enc = $2, updated_at_us = $3";
    on_tx!(tx, c => sqlx::query(SQL).bind(campus_id).bind(token_enc).bind(now_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// What a check read: the release and version (kept from the last good check when it
/// failed) and the error, if any.
pub async fn save_moodle_check(
    tx: &mut Tx,
    campus_id: i64,
    site: Option<(&str, &str)>,
    error: Option<&str>,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update campus_moodle set site_release = coalesce($2, site_release), \
        site_version = coalesce($3, site_version), checked_at_us = $4, error = $5 where campus_id = $1";
    let (release, version) = site.unzip();
    on_tx!(tx, c => sqlx::query(SQL).bind(campus_id).bind(release).bind(version).bind(now_us)
        .bind(error).execute(c).await.map(|_| ()))?;
    Ok(())
}
