//! API tokens: list and revoke (creation lives in `auth`). Admins only: a token grants the
//! owner's full rights, so who holds one is an administrator's concern. The secret itself is
//! never listed (only its SHA-256 is stored, and the plain token is shown once at creation).

use serde::Serialize;
use store::users as st;
use utoipa::ToSchema;

use super::rfc3339;
use crate::{Actor, Service, ServiceResult};

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub user_id: i64,
    /// The owner's e-mail (empty if the owner is gone).
    pub user_email: String,
    pub created_at: String,
    /// Set once revoked; a revoked token authenticates no more.
    pub revoked_at: Option<String>,
}

impl Service {
    /// Every token of every user, oldest first.
    pub async fn list_tokens(&self, actor: &Actor) -> ServiceResult<Vec<TokenView>> {
        actor.require_admin()?;
        let users = st::list_users(&self.db, None).await?;
        let email = |id: i64| {
            users
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.email.clone())
                .unwrap_or_default()
        };
        Ok(st::list_tokens(&self.db, None)
            .await?
            .into_iter()
            .map(|r| TokenView {
                id: r.id,
                user_email: email(r.user_id),
                name: r.name,
                user_id: r.user_id,
                created_at: rfc3339(r.created_at_us),
                revoked_at: r.revoked_at_us.map(rfc3339),
            })
            .collect())
    }

    /// Revokes a token (idempotent: revoking twice keeps the first instant).
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        st::revoke_token(&mut tx, id, self.now_us()).await?;
        tx.commit().await?;
        Ok(())
    }
}
