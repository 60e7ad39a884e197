//! Deleting configuration objects. A row still referenced (a client with tickets, a plan with
//! subscriptions…) is refused as a conflict by the foreign keys themselves: history is never
//! orphaned, and no check-then-delete race exists.

use crate::{Db, Result, StoreError, Tx};

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
            // Its Moodle token goes with it; maintenance records keep it referenced.
            Deletable::Campus => &[
                "delete from campus_moodle where campus_id = $1",
                "delete from campus where id = $1",
            ],
            // A user's credentials (API tokens, sessions) go with it; tickets, messages,
            // events and saved replies keep it referenced (then it is deactivated instead).
            Deletable::User => &[
                "delete from api_token where user_id = $1",
                "delete from account_token where user_id = $1",
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

/// What still refers to an object: one entry per kind of referrer (`tickets`, `campuses`,
/// `users`, `hours_addons`, `subscriptions`, `plans`, `policies`), so a refused delete can say what to remove first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub kind: &'static str,
    pub count: i64,
    /// How the screens name the first few referrers (`#4` for a subscription, a plan's name…);
    /// empty for tickets, which are too many to list.
    pub names: Vec<String>,
}

/// How many of the first referrers `usage` names.
const NAMED: i64 = 5;

impl Deletable {
    /// `(kind, count query, names query)`; each takes the object's id as `$1`.
    fn referrers(self) -> &'static [(&'static str, &'static str, Option<&'static str>)] {
        match self {
            Deletable::Client => &[
                (
                    "tickets",
                    "select count(*) from ticket where client_id = $1",
                    None,
                ),
                (
                    "campuses",
                    "select count(*) from campus where client_id = $1",
                    Some("select url from campus where client_id = $1 order by id limit $2"),
                ),
                (
                    "users",
                    "select count(*) from app_user where client_id = $1",
                    Some("select name from app_user where client_id = $1 order by id limit $2"),
                ),
                (
                    // Add-ons, and those deleted since: the change log is billing history.
                    "hours_addons",
                    "select count(distinct addon_id) from hours_addon_change where client_id = $1",
                    None,
                ),
                (
                    "subscriptions",
                    "select count(*) from subscription where client_id = $1",
                    Some(
                        "select '#' || cast(id as text) from subscription where client_id = $1 order by id limit $2",
                    ),
                ),
            ],
            Deletable::Campus => &[
                (
                    "tickets",
                    "select count(*) from ticket where campus_id = $1",
                    None,
                ),
                (
                    "maintenance_records",
                    "select count(*) from maintenance_record where campus_id = $1",
                    None,
                ),
                (
                    "subscriptions",
                    "select count(*) from subscription where campus_id = $1",
                    Some(
                        "select '#' || cast(id as text) from subscription where campus_id = $1 order by id limit $2",
                    ),
                ),
            ],
            Deletable::Calendar => &[
                (
                    "policies",
                    "select count(distinct policy_id) from sla_policy_version where calendar_id = $1",
                    Some(
                        "select p.name from sla_policy p where p.id in \
                          (select policy_id from sla_policy_version where calendar_id = $1) order by p.id limit $2",
                    ),
                ),
                (
                    "tickets",
                    "select count(*) from ticket where calendar_version_id in \
                    (select id from calendar_version where calendar_id = $1)",
                    None,
                ),
            ],
            Deletable::Policy => &[
                (
                    "plans",
                    "select count(*) from plan where policy_id = $1",
                    Some("select name from plan where policy_id = $1 order by id limit $2"),
                ),
                (
                    "tickets",
                    "select count(*) from ticket where policy_version_id in \
                    (select id from sla_policy_version where policy_id = $1)",
                    None,
                ),
            ],
            Deletable::Plan => &[(
                "subscriptions",
                "select count(*) from subscription where plan_id = $1",
                Some(
                    "select '#' || cast(id as text) from subscription where plan_id = $1 order by id limit $2",
                ),
            )],
            Deletable::User | Deletable::Subscription => &[],
        }
    }
}

/// What refers to `what` `id` (kinds with no referrer are left out). Read after a delete was
/// refused, so the refusal can name what to remove first; not a check before deleting (the
/// foreign keys are that).
pub async fn usage(db: &Db, what: Deletable, id: i64) -> Result<Vec<Usage>> {
    let mut out = Vec::new();
    for (kind, count_sql, names_sql) in what.referrers() {
        let (count,): (i64,) =
            on_db!(db, p => sqlx::query_as(*count_sql).bind(id).fetch_one(p).await)?;
        if count == 0 {
            continue;
        }
        let names = match names_sql {
            Some(sql) => {
                let rows: Vec<(String,)> =
                    on_db!(db, p => sqlx::query_as(*sql).bind(id).bind(NAMED).fetch_all(p).await)?;
                rows.into_iter().map(|(n,)| n).collect()
            }
            None => Vec::new(),
        };
        out.push(Usage { kind, count, names });
    }
    Ok(out)
}
