//! Deleting configuration objects. A row still referenced (a client with tickets, a plan with
//! subscriptions…) is refused as a conflict by the foreign keys themselves: history is never
//! orphaned, and no check-then-delete race exists.

use crate::{Result, StoreError, Tx};

/// Objects the API may delete, mapped to their table (a closed set: no SQL from input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletable {
    Client,
    Campus,
    User,
    Calendar,
    Policy,
    Plan,
    Subscription,
}

impl Deletable {
    fn statements(self) -> &'static [&'static str] {
        match self {
            Deletable::Client => &["delete from client where id = $1"],
            Deletable::Campus => &["delete from campus where id = $1"],
            // A user's credentials (API tokens, sessions) go with it; tickets, messages,
            // events and saved replies keep it referenced (then it is deactivated instead).
            Deletable::User => &[
                "delete from api_token where user_id = $1",
                "delete from web_session where user_id = $1",
                "delete from app_user where id = $1",
            ],
            Deletable::Calendar => &[
                "delete from calendar_version where calendar_id = $1",
                "delete from calendar where id = $1",
            ],
            Deletable::Policy => &[
                "delete from sla_policy_version where policy_id = $1",
                "delete from sla_policy where id = $1",
            ],
            Deletable::Plan => &["delete from plan where id = $1 and built_in = false"],
            Deletable::Subscription => &["delete from subscription where id = $1"],
        }
    }
}

/// Deletes the object; `NotFound` if absent, `Conflict { field: "id" }` if still in use.
pub async fn delete(tx: &mut Tx, what: Deletable, id: i64) -> Result<()> {
    let mut last = 0;
    for sql in what.statements() {
        last = on_tx!(tx, c => sqlx::query(*sql).bind(id).execute(&mut *c).await.map(|r| r.rows_affected())).map_err(|e| {
            match StoreError::classify(e, "id") {
                StoreError::UnknownReference => StoreError::Conflict { field: "id" },
                other => other,
            }
        })?;
    }
    if last == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
