//! Opening a ticket: validation, tenant rules, policy resolution and pinning.

use domain::{
    FieldError, limits,
    ticket::{Status, bounded_text, parse_subject, parse_tags},
};
use jiff::{Timestamp, civil::Date, tz::TimeZone};
use store::{Tx, policies::SubscriptionRow, tickets::TicketRow};

use super::{
    TicketEvent, TicketView,
    attachments::{StagedFile, store_file},
    views::NewTicket,
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, us};

/// The built-in seed plan (migration 0001).
const BUILT_IN_PLAN: i64 = 1;

/// docs/sla.md "Which plan applies": the campus's subscription, else the client's, else the seed plan;
/// a subscription applies from 00:00 of its start date in the client's zone; among several the
/// latest start wins, then the most recently created.
pub(crate) fn choose_plan(
    subs: &[SubscriptionRow],
    campus: Option<i64>,
    tz: &TimeZone,
    now: Timestamp,
) -> i64 {
    let started = |s: &&SubscriptionRow| {
        s.start_date
            .parse::<Date>()
            .ok()
            .and_then(|d| tz.to_timestamp(d.at(0, 0, 0, 0)).ok())
            .is_some_and(|start| start <= now)
    };
    let best = |campus_match: &dyn Fn(&SubscriptionRow) -> bool| {
        subs.iter()
            .filter(|s| campus_match(s))
            .filter(started)
            .max_by(|a, b| {
                (&a.start_date, a.created_at_us, a.id).cmp(&(&b.start_date, b.created_at_us, b.id))
            })
            .map(|s| s.plan_id)
    };
    campus
        .and_then(|c| best(&|s: &SubscriptionRow| s.campus_id == Some(c)))
        .or_else(|| best(&|s: &SubscriptionRow| s.campus_id.is_none()))
        .unwrap_or(BUILT_IN_PLAN)
}

/// A new ticket checked against the tenant rules, ready to be written.
pub(crate) struct PreparedTicket {
    pub(super) client_id: i64,
    pub(super) subject: String,
    pub(super) body: String,
    pub(super) tags: Vec<String>,
    pub(super) tz: TimeZone,
    pub(super) requester_id: i64,
}

impl Service {
    pub async fn create_ticket(&self, actor: &Actor, i: &NewTicket) -> ServiceResult<TicketView> {
        let p = self.prepare_ticket(actor, i).await?;
        let mut tx = self.db.begin().await?;
        let (row, snap) = self
            .insert_ticket_in(&mut tx, actor, i, &p, &[], self.now())
            .await?;
        tx.commit().await?;
        metrics::counter!("atiende_tickets_created_total", "priority" => i.priority.as_str())
            .increment(1);
        let suggestion = crate::contract::staff_suggestion(actor, &row);
        let mut view = self.view_from_snapshot(row, &snap).await?;
        view.scope_suggestion = suggestion;
        Ok(view)
    }

    /// Validation and the tenant rules of [`Service::create_ticket`], before any write.
    pub(crate) async fn prepare_ticket(
        &self,
        actor: &Actor,
        i: &NewTicket,
    ) -> ServiceResult<PreparedTicket> {
        let client_id = match (actor.client_id, i.client_id) {
            (Some(own), Some(c)) if c != own => return Err(ServiceError::NotFound), // TENANT
            (Some(own), _) => own,
            (None, Some(c)) => c,
            (None, None) => {
                return Err(
                    FieldError::new("client_id", "required", "staff must name the client").into(),
                );
            }
        };
        let mut e = Errors::default();
        let subject = e.take(parse_subject(&i.subject)).unwrap_or_default();
        let body = e
            .take(bounded_text("body", &i.body, limits::BODY_MAX))
            .unwrap_or_default();
        let tags = e.take(parse_tags(&i.tags)).unwrap_or_default();
        e.finish()?;

        let client = store::clients::get_client(&self.db, client_id).await?;
        let Some(client) = client else {
            return Err(FieldError::new("client_id", "unknown", "no such client").into());
        };
        if let Some(c) = i.campus_id {
            match store::clients::get_campus(&self.db, c).await? {
                Some(campus) if campus.client_id == client_id => {}
                _ => {
                    return Err(FieldError::new(
                        "campus_id",
                        "unknown",
                        "no such campus for this client",
                    )
                    .into());
                } // TENANT
            }
        }
        if let Some(l) = i.linked_ticket_id {
            match store::tickets::get_ticket(&self.db, l).await? {
                Some(t) if t.client_id == client_id => {}
                _ => {
                    return Err(FieldError::new(
                        "linked_ticket_id",
                        "unknown",
                        "no such ticket for this client",
                    )
                    .into());
                }
            }
        }
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        let requester_id = self.requester_for(actor, client_id, i.requester_id).await?;
        Ok(PreparedTicket {
            client_id,
            subject,
            body,
            tags,
            tz,
            requester_id,
        })
    }

    /// Writes a prepared ticket, its first message and `files` (on that message) inside
    /// `tx`, for callers that record more in the same transaction (incoming mail).
    pub(crate) async fn insert_ticket_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        i: &NewTicket,
        p: &PreparedTicket,
        files: &[StagedFile],
        now: Timestamp,
    ) -> ServiceResult<(TicketRow, domain::sla::SlaSnapshot)> {
        let PreparedTicket {
            client_id,
            ref subject,
            ref body,
            ref tags,
            ref tz,
            requester_id,
        } = *p;
        let (policy_version_id, calendar_version_id) =
            pins(tx, client_id, i.campus_id, tz, now).await?;
        let pinned = self
            .policies
            .get(&self.db, policy_version_id, calendar_version_id)
            .await?;
        let suggestion = self.suggest_scope(i.campus_id, subject, body).await?;
        let mut row = TicketRow {
            id: 0,
            client_id,
            campus_id: i.campus_id,
            requester_id,
            category: i.category.as_str().into(),
            priority: i.priority.as_str().into(),
            requested_priority: i.priority.as_str().into(),
            status: Status::New.as_str().into(),
            scope: "included".into(),
            scope_reason: None,
            subject: subject.clone(),
            assignee_id: None,
            tags: serde_json::to_string(tags).unwrap_or_else(|_| "[]".into()),
            policy_version_id,
            calendar_version_id,
            created_at_us: us(now),
            updated_at_us: us(now),
            resolved_at_us: None,
            closed_at_us: None,
            linked_ticket_id: i.linked_ticket_id,
            due_at_us: None,
            warn_at_us: None,
            second_warn_at_us: None,
            sla_alerted: 0,
            escalated_at_us: None,
            remaining_at_pause_us: None,
            breached_at_us: None,
            outcome: None,
            sla_paused: false,
            urgency_us: i64::MAX,
            client_replied_at_us: None,
            staff_only: false,
            scope_note: None,
            suggested_scope: None,
            suggested_reason: None,
            suggestion_rule: None,
            suggestion_match: None,
            suggestion_decision: None,
        };
        crate::contract::store_suggestion(&mut row, &suggestion);
        row.id = store::tickets::insert_ticket(tx, &row).await?;
        let message_id =
            store::messages::insert_message(tx, row.id, Some(actor.user_id), false, body, us(now))
                .await?;
        let mut events = vec![
            TicketEvent::Created {
                priority: i.priority,
                requested_priority: i.priority,
                category: i.category,
                policy: pinned.policy.name.clone(),
                on_behalf_of: (requester_id != actor.user_id).then_some(requester_id),
            },
            TicketEvent::MessageAdded {
                message_id,
                internal: false,
            },
        ];
        for f in files {
            let a = store_file(tx, &row, Some(message_id), actor, f, now).await?;
            events.push(TicketEvent::AttachmentAdded {
                attachment_id: a.id,
                filename: a.filename,
                internal: false,
            });
        }
        let snap = self
            .record(tx, &mut row, Some(actor.user_id), &events, now)
            .await?;
        Ok((row, snap))
    }
}

impl Service {
    /// Who the ticket is for. A client admin opens their own tickets; staff taking a phone
    /// call open one for a client admin of that client (`requester_id`), and the history's
    /// `created` event records both (its actor and `on_behalf_of`).
    async fn requester_for(
        &self,
        actor: &Actor,
        client_id: i64,
        requested: Option<i64>,
    ) -> ServiceResult<i64> {
        let Some(id) = requested.filter(|id| *id != actor.user_id) else {
            return Ok(actor.user_id);
        };
        if !actor.is_staff() {
            return Err(ServiceError::Forbidden(
                "client admins open tickets in their own name",
            ));
        }
        match store::users::get_user(&self.db, id).await? {
            Some(u) if u.role == "client_admin" && u.client_id == Some(client_id) => Ok(id),
            _ => Err(FieldError::new(
                "requester_id",
                "unknown",
                "not a client admin of this client",
            )
            .into()),
        }
    }
}

async fn pins(
    tx: &mut Tx,
    client_id: i64,
    campus: Option<i64>,
    tz: &TimeZone,
    now: Timestamp,
) -> ServiceResult<(i64, Option<i64>)> {
    let subs = store::policies::subscriptions_in_tx(tx, client_id).await?;
    let plan = choose_plan(&subs, campus, tz, now);
    Ok(store::policies::plan_pins_in_tx(tx, plan).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(id: i64, campus: Option<i64>, plan: i64, start: &str, created: i64) -> SubscriptionRow {
        SubscriptionRow {
            id,
            client_id: 1,
            campus_id: campus,
            plan_id: plan,
            start_date: start.into(),
            created_at_us: created,
        }
    }

    #[test]
    fn campus_then_client_then_seed() {
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").unwrap();
        let now: Timestamp = "2026-06-01T12:00:00Z".parse().unwrap();
        let subs = vec![
            sub(1, None, 2, "2026-01-01", 1),
            sub(2, Some(7), 3, "2026-01-01", 2),
        ];
        assert_eq!(choose_plan(&subs, Some(7), &tz, now), 3);
        assert_eq!(choose_plan(&subs, Some(8), &tz, now), 2);
        assert_eq!(choose_plan(&[], Some(8), &tz, now), BUILT_IN_PLAN);
    }

    #[test]
    fn start_is_midnight_in_client_zone_and_latest_start_wins() {
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").unwrap(); // UTC-3
        let subs = vec![
            sub(1, None, 2, "2026-01-01", 5),
            sub(2, None, 3, "2026-06-02", 1),
            sub(3, None, 4, "2026-01-01", 9),
        ];
        // 2026-06-02 00:00 in Buenos Aires is 03:00 UTC.
        assert_eq!(
            choose_plan(&subs, None, &tz, "2026-06-02T02:59:59Z".parse().unwrap()),
            4
        );
        assert_eq!(
            choose_plan(&subs, None, &tz, "2026-06-02T03:00:00Z".parse().unwrap()),
            3
        );
    }
}
