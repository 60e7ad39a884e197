//! Who is acting, and the tenant rules that follow from it.

use domain::user::Role;

use crate::{ServiceError, ServiceResult};

#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    /// Set for client admins: the only client whose objects they may see.
    pub client_id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    /// TENANT: objects of another client answer 404, never 403, so existence does not leak.
    pub fn check_client(&self, client_id: i64) -> ServiceResult<()> {
        match self.client_id {
            Some(own) if own != client_id => Err(ServiceError::NotFound),
            _ => Ok(()),
        }
    }

    /// TENANT: a ticket of another client, or one kept for staff until an agent publishes it
    /// (`staff_only`), answers 404 to a client admin.
    pub fn check_ticket(&self, t: &store::tickets::TicketRow) -> ServiceResult<()> {
        self.check_client(t.client_id)?;
        if t.staff_only && !self.is_staff() {
            return Err(ServiceError::NotFound);
        }
        Ok(())
    }

    /// The client filter list queries must apply (None = all clients, staff only).
    pub fn client_scope(&self) -> Option<i64> {
        if self.is_staff() {
            None
        } else {
            self.client_id
        }
    }

    pub fn require_staff(&self) -> ServiceResult<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden("staff only"))
        }
    }

    pub fn require_admin(&self) -> ServiceResult<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::Forbidden("administrators only"))
        }
    }
}
