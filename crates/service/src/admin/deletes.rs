//! Deleting configuration objects (admins only; refused with 409 while still in use).

pub use store::deletes::Deletable;

use crate::{Actor, Service, ServiceError, ServiceResult};

impl Service {
    pub async fn delete_object(
        &self,
        actor: &Actor,
        what: Deletable,
        id: i64,
    ) -> ServiceResult<()> {
        // TENANT: resolve the owning client first so other clients' objects answer 404.
        match what {
            Deletable::Client => actor.check_client(id)?,
            Deletable::Campus => {
                self.get_campus(actor, id).await?;
            }
            Deletable::User => return self.delete_user(actor, id).await,
            Deletable::Subscription => {
                let all =
                    store::policies::list_subscriptions(&self.db, actor.client_scope()).await?;
                if !all.iter().any(|s| s.id == id) {
                    return Err(ServiceError::NotFound);
                }
            }
            Deletable::Calendar | Deletable::Policy | Deletable::Plan => {}
        }
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        store::deletes::delete(&mut tx, what, id).await?;
        tx.commit().await?;
        Ok(())
    }
}
