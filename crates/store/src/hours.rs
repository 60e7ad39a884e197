//! Time entries on tickets, administration-hour add-ons, and the sums the hours bank needs
//! (migration 0020). An entry's client is its ticket's: every query that scopes by client
//! joins `ticket`.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

/// One entry with what lists and exports show beside it (its ticket's client, scope and
/// subject, the agent's name).
#[derive(Debug, Clone, FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub ticket_id: i64,
    pub client_id: i64,
    /// The ticket's scope now (`admin_hours` entries consume the bank).
    pub scope: String,
    pub subject: String,
    pub agent_id: i64,
    pub agent_name: String,
    /// `YYYY-MM-DD`, client's zone.
    pub work_date: String,
    pub minutes: i64,
    pub note: String,
    pub billable: bool,
    pub visible_to_client: bool,
    pub created_by: i64,
    pub created_at_us: i64,
    pub updated_at_us: i64,
}

const ENTRY_COLS: &str = "e.id, e.ticket_id, t.client_id, t.scope, t.subject, e.agent_id, u.name as agent_name, \
    e.work_date, e.minutes, e.note, e.billable, e.visible_to_client, e.created_by, e.created_at_us, e.updated_at_us \
    from time_entry e join ticket t on t.id = e.ticket_id join app_user u on u.id = e.agent_id";

/// The fields of an entry that are written.
pub struct EntryFields<'a> {
    pub agent_id: i64,
    pub work_date: &'a str,
    pub minutes: i64,
    pub note: &'a str,
    pub billable: bool,
    pub visible_to_client: bool,
}

pub async fn insert_entry(
    tx: &mut Tx,
    ticket_id: i64,
    f: &EntryFields<'_>,
    created_by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into time_entry (ticket_id, agent_id, work_date, minutes, note, billable, \
        visible_to_client, created_by, created_at_us, updated_at_us) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(ticket_id).bind(f.agent_id).bind(f.work_date).bind(f.minutes).bind(f.note)
        .bind(f.billable).bind(f.visible_to_client).bind(created_by).bind(now_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

pub async fn update_entry(tx: &mut Tx, id: i64, f: &EntryFields<'_>, now_us: i64) -> Result<()> {
    const SQL: &str = "update time_entry set agent_id = $2, work_date = $3, minutes = $4, note = $5, billable = $6, \
        visible_to_client = $7, updated_at_us = $8 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL)
        .bind(id).bind(f.agent_id).bind(f.work_date).bind(f.minutes).bind(f.note)
        .bind(f.billable).bind(f.visible_to_client).bind(now_us)
        .execute(c).await.map(|r| r.rows_affected()))
    .map_err(|e| StoreError::classify(e, "id"))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn delete_entry(tx: &mut Tx, id: i64) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("delete from time_entry where id = $1").bind(id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get_entry(db: &Db, id: i64) -> Result<Option<EntryRow>> {
    let sql = format!("select {ENTRY_COLS} where e.id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

pub async fn get_entry_in_tx(tx: &mut Tx, id: i64) -> Result<Option<EntryRow>> {
    let sql = format!("select {ENTRY_COLS} where e.id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Which entries a list or an export takes.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter<'a> {
    /// TENANT: set to the caller's own client for a client admin.
    pub client_id: Option<i64>,
    pub ticket_id: Option<i64>,
    /// Work dates from…to, inclusive (`YYYY-MM-DD`).
    pub from_date: Option<&'a str>,
    pub to_date: Option<&'a str>,
    /// Client admins read only what was marked visible to them.
    pub visible_only: bool,
    /// Leaves out tickets kept for staff (`staff_only`): a client admin never sees them.
    pub public_tickets_only: bool,
}

/// Entries by work date, then as logged.
pub async fn list_entries(db: &Db, f: &EntryFilter<'_>) -> Result<Vec<EntryRow>> {
    // TENANT: `client_id` is the caller's client for a client admin.
    let sql = format!(
        "select {ENTRY_COLS} where (cast($1 as bigint) is null or t.client_id = $1) \
         and (cast($2 as bigint) is null or e.ticket_id = $2) \
         and (cast($3 as text) is null or e.work_date >= $3) and (cast($4 as text) is null or e.work_date <= $4) \
         and ($5 = false or e.visible_to_client = true) and ($6 = false or t.staff_only = false) \
         order by e.work_date, e.id"
    );
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.client_id).bind(f.ticket_id).bind(f.from_date).bind(f.to_date)
        .bind(f.visible_only).bind(f.public_tickets_only)
        .fetch_all(p).await)?)
}

/// Per month (`YYYY-MM`): minutes and number of entries on the client's `admin_hours`
/// tickets, by the month of the work date.
pub async fn admin_minutes_by_month(db: &Db, client_id: i64) -> Result<Vec<(String, i64, i64)>> {
    // TENANT: one client's tickets.
    const SQL: &str = "select substr(e.work_date, 1, 7) as month, cast(sum(e.minutes) as bigint), count(*) \
        from time_entry e join ticket t on t.id = e.ticket_id \
        where t.client_id = $1 and t.scope = 'admin_hours' group by substr(e.work_date, 1, 7) order by 1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client_id).fetch_all(p).await)?)
}

/// [`admin_minutes_by_month`] for every client at once (the billing report):
/// `(client id, month, minutes, entries)`.
pub async fn admin_minutes_by_client_month(db: &Db) -> Result<Vec<(i64, String, i64, i64)>> {
    const SQL: &str = "select t.client_id, substr(e.work_date, 1, 7) as month, cast(sum(e.minutes) as bigint), count(*) \
        from time_entry e join ticket t on t.id = e.ticket_id \
        where t.scope = 'admin_hours' group by t.client_id, substr(e.work_date, 1, 7) order by 1, 2";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// Add-on minutes per client and month, for every client (the billing report):
/// `(client id, month, minutes)`.
pub async fn addon_minutes_by_client_month(db: &Db) -> Result<Vec<(i64, String, i64)>> {
    const SQL: &str = "select client_id, month, cast(sum(minutes) as bigint) from admin_hours_addon \
        group by client_id, month order by 1, 2";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// The `admin_hours` entries of one client worked between two dates, as logged (id order):
/// `(entry id, minutes)`, for the overage of each.
pub async fn admin_entries_between(
    db: &Db,
    client_id: i64,
    from_date: &str,
    to_date: &str,
) -> Result<Vec<(i64, i64)>> {
    // TENANT: one client's tickets.
    const SQL: &str = "select e.id, e.minutes from time_entry e join ticket t on t.id = e.ticket_id \
        where t.client_id = $1 and t.scope = 'admin_hours' and e.work_date >= $2 and e.work_date <= $3 order by e.id";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(client_id).bind(from_date).bind(to_date).fetch_all(p).await)?,
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct AddonRow {
    pub id: i64,
    pub client_id: i64,
    /// `YYYY-MM`, client's zone.
    pub month: String,
    pub minutes: i64,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    pub created_at_us: i64,
    pub updated_by: Option<i64>,
    pub updated_at_us: i64,
}

const ADDON_COLS: &str = "a.id, a.client_id, a.month, a.minutes, a.note, a.created_by, u.name as created_by_name, \
    a.created_at_us, a.updated_by, a.updated_at_us from admin_hours_addon a left join app_user u on u.id = a.created_by";

pub async fn insert_addon(
    tx: &mut Tx,
    client_id: i64,
    month: &str,
    minutes: i64,
    note: &str,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into admin_hours_addon (client_id, month, minutes, note, created_by, created_at_us, updated_by, updated_at_us) \
        values ($1, $2, $3, $4, $5, $6, $5, $6) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(client_id).bind(month).bind(minutes).bind(note).bind(by).bind(now_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

pub async fn update_addon(
    tx: &mut Tx,
    id: i64,
    month: &str,
    minutes: i64,
    note: &str,
    by: i64,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update admin_hours_addon set month = $2, minutes = $3, note = $4, updated_by = $5, updated_at_us = $6 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(month).bind(minutes).bind(note).bind(by).bind(now_us)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn delete_addon(tx: &mut Tx, id: i64) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("delete from admin_hours_addon where id = $1").bind(id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get_addon(db: &Db, id: i64) -> Result<Option<AddonRow>> {
    let sql = format!("select {ADDON_COLS} where a.id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// TENANT: one client's add-ons, of one month or all, by month then as recorded.
pub async fn list_addons(db: &Db, client_id: i64, month: Option<&str>) -> Result<Vec<AddonRow>> {
    let sql = format!(
        "select {ADDON_COLS} where a.client_id = $1 and (cast($2 as text) is null or a.month = $2) order by a.month, a.id"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(client_id).bind(month).fetch_all(p).await)?,
    )
}

/// One entry of an add-on's change log (`hours_addon_change`).
#[derive(Debug, Clone, FromRow)]
pub struct AddonChangeRow {
    pub id: i64,
    pub addon_id: i64,
    pub client_id: i64,
    /// `created`, `updated` or `deleted`.
    pub action: String,
    pub month: String,
    pub minutes: i64,
    pub note: String,
    pub by_user: Option<i64>,
    pub by_name: Option<String>,
    pub at_us: i64,
}

/// Logs a change of an add-on inside the transaction that makes it; `a` is the add-on after
/// the change (before it, for a deletion).
pub async fn log_addon_change(
    tx: &mut Tx,
    action: &str,
    a: &AddonRow,
    by: i64,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "insert into hours_addon_change (addon_id, client_id, action, month, minutes, note, by_user, at_us) \
        values ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(a.id).bind(a.client_id).bind(action).bind(&a.month).bind(a.minutes).bind(&a.note)
        .bind(by).bind(now_us)
        .execute(c).await.map(|_| ()))?;
    Ok(())
}

/// TENANT: one client's add-on changes, newest first, at most `limit`.
pub async fn list_addon_changes(
    db: &Db,
    client_id: i64,
    limit: i64,
) -> Result<Vec<AddonChangeRow>> {
    const SQL: &str = "select h.id, h.addon_id, h.client_id, h.action, h.month, h.minutes, h.note, \
        h.by_user, u.name as by_name, h.at_us from hours_addon_change h \
        left join app_user u on u.id = h.by_user where h.client_id = $1 order by h.id desc limit $2";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client_id).bind(limit).fetch_all(p).await)?)
}

/// One add-on read inside `tx` (what a change starts from).
pub async fn get_addon_in(tx: &mut Tx, id: i64) -> Result<Option<AddonRow>> {
    let sql = format!("select {ADDON_COLS} where a.id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Sets whether a plan's unused administration hours roll over (kept apart from the plan's
/// other fields, which have their own form).
pub async fn set_plan_rollover(tx: &mut Tx, plan_id: i64, rollover: bool) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("update plan set admin_hours_rollover = $2 where id = $1")
        .bind(plan_id).bind(rollover).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
