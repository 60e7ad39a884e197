//! Business calendars, SLA policies and plans (all versioned: a ticket pins the version it
//! was opened under, so later edits apply to new tickets only), and subscriptions.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub name: String,
    pub version_id: i64,
    pub version: i64,
    /// JSON `domain::calendar::CalendarSpec`.
    pub spec: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct PolicyRow {
    pub id: i64,
    pub name: String,
    pub version_id: i64,
    pub version: i64,
    pub calendar_id: Option<i64>,
    /// JSON `PerPriority<Target>`.
    pub targets: String,
    pub warn_percent: i64,
    pub second_warn_percent: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub name: String,
    pub policy_id: i64,
    pub admin_hours_per_month: i64,
    pub built_in: bool,
    /// Unused administration hours carry into the next month once (migration 0020).
    pub admin_hours_rollover: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct SubscriptionRow {
    pub id: i64,
    pub client_id: i64,
    pub campus_id: Option<i64>,
    pub plan_id: i64,
    pub start_date: String,
    pub created_at_us: i64,
}

const CAL_LATEST: &str = "select c.id, c.name, v.id as version_id, v.version, v.spec from calendar c \
    join calendar_version v on v.calendar_id = c.id \
    where v.version = (select max(version) from calendar_version where calendar_id = c.id)";

pub async fn insert_calendar(tx: &mut Tx, name: &str, spec: &str, now_us: i64) -> Result<i64> {
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as("insert into calendar (name, created_at_us) values ($1, $2) returning id")
        .bind(name).bind(now_us).fetch_one(&mut *c).await)?;
    add_calendar_version(tx, id.0, spec, now_us).await?;
    Ok(id.0)
}

/// Appends a new version (edits never change what existing tickets pinned).
pub async fn add_calendar_version(
    tx: &mut Tx,
    calendar_id: i64,
    spec: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into calendar_version (calendar_id, version, spec, created_at_us) \
        values ($1, (select coalesce(max(version), 0) + 1 from calendar_version where calendar_id = $1), $2, $3) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(calendar_id).bind(spec).bind(now_us).fetch_one(c).await)
        .map_err(|e| StoreError::classify(e, "version"))?;
    Ok(id.0)
}

pub async fn rename_calendar(tx: &mut Tx, id: i64, name: &str) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("update calendar set name = $2 where id = $1").bind(id).bind(name)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn list_calendars(db: &Db) -> Result<Vec<CalendarRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("{CAL_LATEST} order by c.id"))).fetch_all(p).await)?,
    )
}

pub async fn get_calendar(db: &Db, id: i64) -> Result<Option<CalendarRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("{CAL_LATEST} and c.id = $1"))).bind(id).fetch_optional(p).await)?,
    )
}

/// A pinned calendar version, whatever edits came after.
pub async fn get_calendar_version(db: &Db, version_id: i64) -> Result<Option<CalendarRow>> {
    const SQL: &str = "select c.id, c.name, v.id as version_id, v.version, v.spec from calendar c \
        join calendar_version v on v.calendar_id = c.id where v.id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(version_id).fetch_optional(p).await)?)
}

const POLICY_LATEST: &str = "select p.id, p.name, v.id as version_id, v.version, v.calendar_id, v.targets, \
    v.warn_percent, v.second_warn_percent from sla_policy p join sla_policy_version v on v.policy_id = p.id \
    where v.version = (select max(version) from sla_policy_version where policy_id = p.id)";

pub struct NewPolicyVersion<'a> {
    pub calendar_id: Option<i64>,
    pub targets: &'a str,
    pub warn_percent: i64,
    pub second_warn_percent: i64,
}

pub async fn insert_policy(
    tx: &mut Tx,
    name: &str,
    v: &NewPolicyVersion<'_>,
    now_us: i64,
) -> Result<i64> {
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as("insert into sla_policy (name, created_at_us) values ($1, $2) returning id")
        .bind(name).bind(now_us).fetch_one(&mut *c).await)?;
    add_policy_version(tx, id.0, v, now_us).await?;
    Ok(id.0)
}

pub async fn add_policy_version(
    tx: &mut Tx,
    policy_id: i64,
    v: &NewPolicyVersion<'_>,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into sla_policy_version (policy_id, version, calendar_id, targets, warn_percent, second_warn_percent, created_at_us) \
        values ($1, (select coalesce(max(version), 0) + 1 from sla_policy_version where policy_id = $1), $2, $3, $4, $5, $6) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(policy_id).bind(v.calendar_id).bind(v.targets).bind(v.warn_percent).bind(v.second_warn_percent).bind(now_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "version"))?;
    Ok(id.0)
}

pub async fn rename_policy(tx: &mut Tx, id: i64, name: &str) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("update sla_policy set name = $2 where id = $1").bind(id).bind(name)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn list_policies(db: &Db) -> Result<Vec<PolicyRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("{POLICY_LATEST} order by p.id"))).fetch_all(p).await)?,
    )
}

pub async fn get_policy(db: &Db, id: i64) -> Result<Option<PolicyRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("{POLICY_LATEST} and p.id = $1"))).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_policy_version(db: &Db, version_id: i64) -> Result<Option<PolicyRow>> {
    const SQL: &str = "select p.id, p.name, v.id as version_id, v.version, v.calendar_id, v.targets, \
        v.warn_percent, v.second_warn_percent from sla_policy p join sla_policy_version v on v.policy_id = p.id where v.id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(version_id).fetch_optional(p).await)?)
}

pub async fn insert_plan(
    tx: &mut Tx,
    name: &str,
    policy_id: i64,
    admin_hours: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into plan (name, policy_id, admin_hours_per_month, built_in, created_at_us) \
        values ($1, $2, $3, false, $4) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(name).bind(policy_id).bind(admin_hours).bind(now_us).fetch_one(c).await)
        .map_err(|e| StoreError::classify(e, "name"))?;
    Ok(id.0)
}

pub async fn update_plan(
    tx: &mut Tx,
    id: i64,
    name: &str,
    policy_id: i64,
    admin_hours: i64,
) -> Result<()> {
    const SQL: &str =
        "update plan set name = $2, policy_id = $3, admin_hours_per_month = $4 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(name).bind(policy_id).bind(admin_hours)
        .execute(c).await.map(|r| r.rows_affected()))
    .map_err(|e| StoreError::classify(e, "name"))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn list_plans(db: &Db) -> Result<Vec<PlanRow>> {
    const SQL: &str = "select id, name, policy_id, admin_hours_per_month, built_in, admin_hours_rollover from plan order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

pub async fn get_plan(db: &Db, id: i64) -> Result<Option<PlanRow>> {
    const SQL: &str = "select id, name, policy_id, admin_hours_per_month, built_in, admin_hours_rollover from plan where id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}

pub async fn insert_subscription(
    tx: &mut Tx,
    client_id: i64,
    campus_id: Option<i64>,
    plan_id: i64,
    start_date: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into subscription (client_id, campus_id, plan_id, start_date, created_at_us) \
        values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(client_id).bind(campus_id).bind(plan_id).bind(start_date).bind(now_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

/// TENANT: a client's subscriptions (whole-client and per-campus).
pub async fn list_subscriptions(db: &Db, client_id: Option<i64>) -> Result<Vec<SubscriptionRow>> {
    const SQL: &str = "select id, client_id, campus_id, plan_id, start_date, created_at_us from subscription \
        where (cast($1 as bigint) is null or client_id = $1) order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client_id).fetch_all(p).await)?)
}

/// Reads inside a write transaction (policy resolution at ticket creation must see a
/// consistent set of subscriptions and versions).
pub async fn subscriptions_in_tx(tx: &mut Tx, client_id: i64) -> Result<Vec<SubscriptionRow>> {
    const SQL: &str = "select id, client_id, campus_id, plan_id, start_date, created_at_us from subscription \
        where client_id = $1 order by id";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(client_id).fetch_all(c).await)?)
}

const PLAN_PINS: &str = "select v.id, (select cv.id from calendar_version cv where cv.calendar_id = v.calendar_id \
    order by cv.version desc limit 1) from plan pl join sla_policy_version v on v.policy_id = pl.policy_id \
    where pl.id = $1 order by v.version desc limit 1";

/// The latest policy version of a plan and the latest version of that policy's calendar.
pub async fn plan_pins_in_tx(tx: &mut Tx, plan_id: i64) -> Result<(i64, Option<i64>)> {
    let row: Option<(i64, Option<i64>)> =
        on_tx!(tx, c => sqlx::query_as(PLAN_PINS).bind(plan_id).fetch_optional(c).await)?;
    row.ok_or(StoreError::NotFound)
}

/// [`plan_pins_in_tx`] outside a transaction (previews such as the new-ticket form).
pub async fn plan_pins(db: &Db, plan_id: i64) -> Result<(i64, Option<i64>)> {
    let row: Option<(i64, Option<i64>)> =
        on_db!(db, p => sqlx::query_as(PLAN_PINS).bind(plan_id).fetch_optional(p).await)?;
    row.ok_or(StoreError::NotFound)
}
