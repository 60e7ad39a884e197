//! Where a message goes. Only an active client admin's mail acts on tickets: an answer to a
//! ticket of their own client (by the ids our outgoing mail carries, or a `[T-0000123]` tag
//! in the subject) becomes a public message on it, anything else a new ticket for their
//! client. Everyone else's mail waits for an agent in the review list.

use domain::user::Role;
use store::users::UserRow;

use super::parse::ParsedMail;
use crate::{Actor, Service, ServiceResult, auth::actor_from};

#[derive(Debug)]
pub enum Route {
    /// A public message on this open (or resolved) ticket, by this client admin.
    Reply { actor: Actor, ticket_id: i64 },
    /// A new ticket by this client admin (following up `linked` when it answers a closed one).
    NewTicket {
        actor: Actor,
        user: Box<UserRow>,
        linked: Option<i64>,
    },
    /// Not from someone who may open tickets by mail.
    Review { reason: &'static str },
}

/// The ticket ids a message refers to, most specific first: the ids it answers
/// (`<ticket-{id}@…>` or `<ticket-{id}.{n}@…>`, the Message-IDs of our outgoing mail), then
/// a `[T-0000123]` tag in its subject.
pub fn ticket_refs(refs: &[String], subject: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    // In-Reply-To comes first in `refs`; References lists the thread oldest first, so the
    // newest reference is the last one.
    let mut push = |id: i64| {
        if !ids.contains(&id) {
            ids.push(id);
        }
    };
    let from_id = |r: &str| -> Option<i64> {
        let local = r.split_once('@')?.0;
        let rest = local.strip_prefix("ticket-")?;
        let num = match rest.split_once('.') {
            Some((n, seq)) if !seq.is_empty() && seq.bytes().all(|b| b.is_ascii_digit()) => n,
            Some(_) => return None,
            None => rest,
        };
        (!num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()))
            .then(|| num.parse().ok())
            .flatten()
    };
    if let Some(first) = refs.first().and_then(|r| from_id(r)) {
        push(first);
    }
    for r in refs.iter().rev() {
        if let Some(id) = from_id(r) {
            push(id);
        }
    }
    let mut rest = subject;
    while let Some(at) = rest.find("[T-") {
        let after = &rest[at + 3..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty()
            && after[digits.len()..].starts_with(']')
            && let Ok(id) = digits.parse()
        {
            push(id);
        }
        rest = after;
    }
    ids
}

impl Service {
    pub(crate) async fn route(&self, p: &ParsedMail) -> ServiceResult<Route> {
        if p.from.is_empty() {
            return Ok(Route::Review {
                reason: "no_sender",
            });
        }
        let Some(user) = store::users::get_user_by_email(&self.db, &p.from).await? else {
            return Ok(Route::Review {
                reason: "unknown_sender",
            });
        };
        if user.role != Role::ClientAdmin.as_str() || user.client_id.is_none() {
            return Ok(Route::Review {
                reason: "staff_sender",
            });
        }
        if !user.is_active() {
            return Ok(Route::Review {
                reason: "inactive_sender",
            });
        }
        let actor = actor_from(&user)?;
        let mut linked = None;
        for id in ticket_refs(&p.refs, &p.subject) {
            let Some(t) = store::tickets::get_ticket(&self.db, id).await? else {
                continue;
            };
            // TENANT: another client's ticket is not theirs to answer (a new ticket instead).
            // A ticket kept for staff is not theirs to answer yet either.
            if Some(t.client_id) != user.client_id || t.staff_only {
                continue;
            }
            if t.status == "closed" {
                linked.get_or_insert(t.id);
                continue;
            }
            return Ok(Route::Reply {
                actor,
                ticket_id: t.id,
            });
        }
        Ok(Route::NewTicket {
            actor,
            user: Box::new(user),
            linked,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_references_and_subject() {
        let refs = vec![
            "ticket-12.3@atiende.test".to_string(),
            "ticket-5@atiende.test".to_string(),
            "ticket-x@atiende.test".to_string(),
            "ticket-9.@atiende.test".to_string(),
            "other@x".to_string(),
        ];
        assert_eq!(ticket_refs(&refs, "Re: [T-0000077] algo"), vec![12, 5, 77]);
        assert_eq!(ticket_refs(&[], "[T-12x] [T-]"), Vec::<i64>::new());
    }
}
