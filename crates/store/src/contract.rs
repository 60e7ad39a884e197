//! What each plan covers: one `plan_service` row per plan and service (migration 0017).

use sqlx::FromRow;

use crate::{Db, Result, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct PlanServiceRow {
    pub plan_id: i64,
    /// A `domain::contract::ContractService` code.
    pub service: String,
    pub included: bool,
    pub hosted_only: bool,
}

const COLS: &str = "plan_id, service, included, hosted_only";

/// One plan's services (in no particular order: the domain's list orders them).
pub async fn list_plan_services(db: &Db, plan_id: i64) -> Result<Vec<PlanServiceRow>> {
    let sql = format!("select {COLS} from plan_service where plan_id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(plan_id).fetch_all(p).await)?)
}

/// Sets one service of a plan (inserted, or replaced when the plan already lists it).
pub async fn set_plan_service(tx: &mut Tx, r: &PlanServiceRow) -> Result<()> {
    const SQL: &str = "insert into plan_service (plan_id, service, included, hosted_only) values ($1, $2, $3, $4) \
        on conflict (plan_id, service) do update set included = excluded.included, hosted_only = excluded.hosted_only";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(r.plan_id).bind(&r.service).bind(r.included).bind(r.hosted_only)
        .execute(c).await.map(|_| ()))?;
    Ok(())
}
