//! Deleting configuration objects (admins only; refused with 409 while still in use).

pub use store::deletes::{Deletable, Usage};

use crate::{Actor, Service, ServiceError, ServiceResult};

impl Service {
    /// What still uses an object, so a refused delete can name it ("3 tickets, subscription
    /// #4"). Same tenant rule as `delete_object`: another client's object answers 404.
    pub async fn object_usage(
        &self,
        actor: &Actor,
        what: Deletable,
        id: i64,
    ) -> ServiceResult<Vec<Usage>> {
        self.check_deletable(actor, what, id).await?;
        Ok(store::deletes::usage(&self.db, what, id).await?)
    }

    /// TENANT: resolves the owning client first so other clients' objects answer 404.
    async fn check_deletable(&self, actor: &Actor, what: Deletable, id: i64) -> ServiceResult<()> {
        match what {
            Deletable::Client => actor.check_client(id)?,
            Deletable::Campus => {
                self.get_campus(actor, id).await?;
            }
            Deletable::User => {
                self.get_user(actor, id).await?;
            }
            Deletable::Subscription => {
                let all =
                    store::policies::list_subscriptions(&self.db, actor.client_scope()).await?;
                if !all.iter().any(|s| s.id == id) {
                    return Err(ServiceError::NotFound);
                }
            }
            Deletable::Calendar => {
                self.get_calendar(actor, id).await?;
            }
            Deletable::Policy => {
                self.get_policy(actor, id).await?;
            }
            Deletable::Plan => {
                self.get_plan(actor, id).await?;
            }
        }
        Ok(())
    }

    pub async fn delete_object(
        &self,
        actor: &Actor,
        what: Deletable,
        id: i64,
    ) -> ServiceResult<()> {
        if what == Deletable::User {
            // Users who left a trace are deactivated instead; `delete_user` says so.
            return self.delete_user(actor, id).await;
        }
        self.check_deletable(actor, what, id).await?;
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        store::deletes::delete(&mut tx, what, id).await?;
        tx.commit().await?;
        Ok(())
    }
}
