//! Tickets Atiende opens by itself (a campus that stopped answering, a missing backup): their
//! author is the built-in system user (migration 0013), so the history names who acted, and
//! they are written inside the caller's transaction, so the state that decided to open one
//! (an outage row, a backup alert) commits with it — two nodes never open two.

use domain::{
    Priority,
    ticket::{Category, parse_subject, parse_tags},
};
use jiff::Timestamp;
use store::{Tx, tickets::TicketRow};

use super::{create::PreparedTicket, views::NewTicket};
use crate::{Actor, Service, ServiceError, ServiceResult};

/// What the system opens.
#[derive(Debug, Clone)]
pub struct SystemTicket {
    pub client_id: i64,
    pub campus_id: Option<i64>,
    pub category: Category,
    pub priority: Priority,
    pub subject: String,
    /// The first message: public (the client admin reads it in the portal).
    pub body: String,
    pub tags: Vec<String>,
    /// When the clock starts: the moment the problem began (the first failed probe of an
    /// outage), not when the system noticed it.
    pub opened_at: Timestamp,
}

impl Service {
    /// The system user as an actor (staff, no client): for notes, status changes and
    /// resolutions the system makes through the ordinary use cases.
    pub async fn system_actor(&self) -> ServiceResult<Actor> {
        let u = store::users::get_user_by_email(&self.db, store::users::SYSTEM_EMAIL)
            .await?
            .ok_or_else(|| {
                ServiceError::Internal("the system user (migration 0013) is missing".into())
            })?;
        Ok(Actor {
            user_id: u.id,
            role: domain::user::Role::Agent,
            client_id: None,
            name: u.name,
        })
    }

    /// Opens `t` in `tx` as the system user; the caller commits. Its SLA clock starts at
    /// `t.opened_at` under the plan of the campus (or client), like any ticket's.
    pub async fn open_system_ticket_in(
        &self,
        tx: &mut Tx,
        t: &SystemTicket,
    ) -> ServiceResult<TicketRow> {
        let actor = self.system_actor().await?;
        let subject = parse_subject(&t.subject).map_err(ServiceError::from)?;
        let tags = parse_tags(&t.tags).map_err(ServiceError::from)?;
        let client = store::clients::get_client(&self.db, t.client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        let p = PreparedTicket {
            client_id: t.client_id,
            subject,
            body: t.body.clone(),
            tags,
            tz,
            requester_id: actor.user_id,
        };
        let i = NewTicket {
            client_id: Some(t.client_id),
            campus_id: t.campus_id,
            category: t.category,
            priority: t.priority,
            subject: t.subject.clone(),
            body: t.body.clone(),
            tags: t.tags.clone(),
            linked_ticket_id: None,
            requester_id: None,
        };
        let (row, _) = self
            .insert_ticket_in(tx, &actor, &i, &p, &[], t.opened_at)
            .await?;
        metrics::counter!("atiende_tickets_created_total", "priority" => t.priority.as_str())
            .increment(1);
        Ok(row)
    }
}
