//! Clients (organisations under contract) and their campuses.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub tax_id: String,
    /// JSON array of e-mail strings.
    pub contact_emails: String,
    pub time_zone: String,
    pub created_at_us: i64,
}

pub struct NewClient<'a> {
    pub name: &'a str,
    pub tax_id: &'a str,
    pub contact_emails: &'a str,
    pub time_zone: &'a str,
    pub now_us: i64,
}

pub async fn insert_client(tx: &mut Tx, c: &NewClient<'_>) -> Result<i64> {
    const SQL: &str = "insert into client (name, tax_id, contact_emails, time_zone, created_at_us) \
                       values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(c.name).bind(c.tax_id).bind(c.contact_emails).bind(c.time_zone).bind(c.now_us)
        .fetch_one(conn).await)
    .map_err(|e| StoreError::classify(e, "tax_id"))?;
    Ok(id.0)
}

pub async fn update_client(tx: &mut Tx, id: i64, c: &NewClient<'_>) -> Result<()> {
    const SQL: &str = "update client set name = $2, tax_id = $3, contact_emails = $4, time_zone = $5 where id = $1";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id).bind(c.name).bind(c.tax_id).bind(c.contact_emails).bind(c.time_zone)
        .execute(conn).await.map(|r| r.rows_affected()))
    .map_err(|e| StoreError::classify(e, "tax_id"))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get_client(db: &Db, id: i64) -> Result<Option<ClientRow>> {
    const SQL: &str = "select id, name, tax_id, contact_emails, time_zone, created_at_us from client where id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}

/// `only` restricts to one client (a client admin's own). // TENANT: filter by client id
pub async fn list_clients(db: &Db, only: Option<i64>) -> Result<Vec<ClientRow>> {
    const SQL: &str = "select id, name, tax_id, contact_emails, time_zone, created_at_us from client \
                       where (cast($1 as bigint) is null or id = $1) order by name, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(only).fetch_all(p).await)?)
}

#[derive(Debug, Clone, FromRow)]
pub struct CampusRow {
    pub id: i64,
    pub client_id: i64,
    pub url: String,
    pub platform: String,
    pub platform_version: String,
    pub hosted_by_us: bool,
    pub service_start_date: String,
    pub created_at_us: i64,
}

pub struct NewCampus<'a> {
    pub client_id: i64,
    pub url: &'a str,
    pub platform: &'a str,
    pub platform_version: &'a str,
    pub hosted_by_us: bool,
    pub service_start_date: &'a str,
    pub now_us: i64,
}

pub async fn insert_campus(tx: &mut Tx, c: &NewCampus<'_>) -> Result<i64> {
    const SQL: &str = "insert into campus (client_id, url, platform, platform_version, hosted_by_us, service_start_date, created_at_us) \
                       values ($1, $2, $3, $4, $5, $6, $7) returning id";
    let id: (i64,) = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(c.client_id).bind(c.url).bind(c.platform).bind(c.platform_version)
        .bind(c.hosted_by_us).bind(c.service_start_date).bind(c.now_us)
        .fetch_one(conn).await)
    .map_err(|e| StoreError::classify(e, "url"))?;
    Ok(id.0)
}

pub async fn update_campus(tx: &mut Tx, id: i64, c: &NewCampus<'_>) -> Result<()> {
    const SQL: &str = "update campus set url = $2, platform = $3, platform_version = $4, hosted_by_us = $5, \
                       service_start_date = $6 where id = $1";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id).bind(c.url).bind(c.platform).bind(c.platform_version).bind(c.hosted_by_us).bind(c.service_start_date)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get_campus(db: &Db, id: i64) -> Result<Option<CampusRow>> {
    const SQL: &str = "select id, client_id, url, platform, platform_version, hosted_by_us, service_start_date, created_at_us \
                       from campus where id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}

/// TENANT: `client` restricts to one client's campuses.
pub async fn list_campuses(db: &Db, client: Option<i64>) -> Result<Vec<CampusRow>> {
    const SQL: &str = "select id, client_id, url, platform, platform_version, hosted_by_us, service_start_date, created_at_us \
                       from campus where (cast($1 as bigint) is null or client_id = $1) order by client_id, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(client).fetch_all(p).await)?)
}
