//! Which client's monthly report was e-mailed for which month (`report_delivery`): the unique
//! key on (client, month) is what makes it once, even with several nodes running the job.

use crate::{Db, Result, StoreError, Tx};

/// Whether the report of `month` was already sent to `client_id`.
pub async fn sent(db: &Db, client_id: i64, month: &str) -> Result<bool> {
    const SQL: &str = "select count(*) from report_delivery where client_id = $1 and month = $2";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(client_id).bind(month).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Records the delivery inside the transaction that queues its e-mails; `false` when it was
/// already recorded (by another node): the caller rolls back.
pub async fn record(
    tx: &mut Tx,
    client_id: i64,
    month: &str,
    recipients: i64,
    now_us: i64,
) -> Result<bool> {
    const SQL: &str = "insert into report_delivery (client_id, month, recipients, created_at_us) \
        values ($1, $2, $3, $4)";
    let r = on_tx!(tx, c => sqlx::query(SQL).bind(client_id).bind(month).bind(recipients).bind(now_us)
        .execute(c).await.map(|_| ()));
    match r.map_err(|e| StoreError::classify(e, "month")) {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}
