//! Reading tickets: one ticket, the queue, its thread, history and attachments.

use std::collections::HashMap;

use domain::{
    FieldError, Priority, limits,
    ticket::{Category, Status, ticket_number},
};
use jiff::Timestamp;
use serde::Deserialize;
use store::{
    ticket_list::{AssigneeFilter, SlaStateFilter, TicketFilter},
    tickets::TicketRow,
};
use utoipa::IntoParams;

use super::{
    AttachmentView, EventView, MessageView, SearchOrder, TicketPage, TicketView,
    attachments::attachment_view, history, messages::message_view, projection,
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339};

/// Queue filters. Lists accept comma-separated values (`status=new,open`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// new | open | waiting_on_client | resolved | closed (comma-separated)
    pub status: Option<String>,
    /// low | medium | high | urgent (comma-separated)
    pub priority: Option<String>,
    /// functional | technical | administrative | commercial | complaint (comma-separated)
    pub category: Option<String>,
    pub client_id: Option<i64>,
    pub campus_id: Option<i64>,
    /// A user id, `me` or `none` (unassigned).
    pub assignee: Option<String>,
    /// ok | warning | breached | met
    pub sla_state: Option<String>,
    /// Same as `sla_state=warning`.
    pub at_risk: Option<bool>,
    /// Same as `sla_state=breached`.
    pub breached: Option<bool>,
    /// `true`: only tickets a client replied to that no staff member has acted on since
    /// (e.g. a message on a resolved ticket); `false`: only the others.
    pub client_replied: Option<bool>,
    /// With `status`: also list tickets a client replied to, whatever their status (the
    /// agents' default view).
    pub or_client_replied: Option<bool>,
    /// Created at or after this instant (RFC 3339).
    pub created_from: Option<String>,
    /// Created before this instant (RFC 3339, excluded).
    pub created_to: Option<String>,
    /// Latest resolution at or after this instant (RFC 3339); reopened tickets have none.
    pub resolved_from: Option<String>,
    /// Latest resolution before this instant (RFC 3339, excluded).
    pub resolved_to: Option<String>,
    /// Created on this weekday (1 = Monday … 7 = Sunday) in the provider's zone (the
    /// dashboard's busiest hours); needs `created_from` and `created_to`.
    pub created_weekday: Option<String>,
    /// Created in this hour (0–23) in the provider's zone; needs `created_from` and `created_to`.
    pub created_hour: Option<String>,
    /// `true`: a staff member has written a public reply (after the opening message);
    /// `false`: not yet.
    pub staff_replied: Option<bool>,
    /// Text search: ticket number, subject, messages, internal notes (staff only), client and
    /// campus names (staff only). Accents and case do not matter; words match as prefixes
    /// and by their stem ("matricular" finds "matriculación"). Every word must match.
    pub q: Option<String>,
    /// With `q`: `relevance` (default) or `urgency` (the queue's order).
    pub sort: Option<String>,
    pub cursor: Option<String>,
    /// 1..=200, default 50.
    pub limit: Option<i64>,
}

fn list_of<T: Copy>(
    field: &str,
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
    name: fn(T) -> &'static str,
) -> Result<Vec<String>, FieldError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(|s| {
            parse(s.trim())
                .map(|v| name(v).to_string())
                .ok_or_else(|| FieldError::new(field, "invalid", format!("unknown value {s:?}")))
        })
        .collect()
}

impl TicketQuery {
    /// The order of a listing: by relevance (paged by offset, cursor `o<offset>`) for a text
    /// search unless `sort=urgency`; by urgency otherwise.
    fn search_order(&self, searching: bool) -> Result<SearchOrder, FieldError> {
        let relevance = match self.sort.as_deref() {
            None | Some("relevance") => searching,
            Some("urgency") => false,
            Some(_) => {
                return Err(FieldError::new("sort", "invalid", "relevance or urgency"));
            }
        };
        if !relevance {
            return Ok(SearchOrder::Urgency);
        }
        let offset = match self.cursor.as_deref() {
            None => 0,
            Some(c) => c
                .strip_prefix('o')
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| (0..=limits::SEARCH_OFFSET_MAX).contains(n))
                .ok_or_else(|| {
                    FieldError::new("cursor", "invalid", "not a cursor returned by this API")
                })?,
        };
        Ok(SearchOrder::Relevance(offset))
    }
}

fn parse_cursor(c: &str) -> Option<(i64, i64)> {
    let (u, id) = c.split_once('_')?;
    Some((u.parse().ok()?, id.parse().ok()?))
}

impl TicketQuery {
    pub(crate) fn to_filter(&self, actor: &Actor) -> ServiceResult<TicketFilter> {
        let mut errors = Vec::new();
        let mut take = |r: Result<Vec<String>, FieldError>| {
            r.unwrap_or_else(|e| {
                errors.push(e);
                Vec::new()
            })
        };
        let statuses = take(list_of(
            "status",
            &self.status,
            Status::parse,
            Status::as_str,
        ));
        let priorities = take(list_of(
            "priority",
            &self.priority,
            Priority::parse,
            Priority::as_str,
        ));
        let categories = take(list_of(
            "category",
            &self.category,
            Category::parse,
            Category::as_str,
        ));
        let assignee = match self.assignee.as_deref() {
            None => None,
            Some("me") => Some(AssigneeFilter::User(actor.user_id)),
            Some("none") => Some(AssigneeFilter::Unassigned),
            Some(n) => match n.parse() {
                Ok(id) => Some(AssigneeFilter::User(id)),
                Err(_) => {
                    errors.push(FieldError::new(
                        "assignee",
                        "invalid",
                        "a user id, me or none",
                    ));
                    None
                }
            },
        };
        let mut sla_state = match self.sla_state.as_deref() {
            None => None,
            Some("ok") => Some(SlaStateFilter::Ok),
            Some("warning") => Some(SlaStateFilter::Warning),
            Some("breached") => Some(SlaStateFilter::Breached),
            Some("met") => Some(SlaStateFilter::Met),
            Some(_) => {
                errors.push(FieldError::new(
                    "sla_state",
                    "invalid",
                    "one of ok, warning, breached, met",
                ));
                None
            }
        };
        if self.at_risk == Some(true) {
            sla_state = Some(SlaStateFilter::Warning);
        }
        if self.breached == Some(true) {
            sla_state = Some(SlaStateFilter::Breached);
        }
        let limit = self.limit.unwrap_or(limits::PAGE_LIMIT_DEFAULT);
        if !(1..=limits::PAGE_LIMIT_MAX).contains(&limit) {
            errors.push(FieldError::new(
                "limit",
                "range",
                format!("between 1 and {}", limits::PAGE_LIMIT_MAX),
            ));
        }
        let after = match self.cursor.as_deref() {
            None => None,
            // A relevance page's offset (`o50`), read by `search_order`.
            Some(c) if c.starts_with('o') => None,
            Some(c) => match parse_cursor(c) {
                Some(k) => Some(k),
                None => {
                    errors.push(FieldError::new(
                        "cursor",
                        "invalid",
                        "not a cursor returned by this API",
                    ));
                    None
                }
            },
        };
        let times = super::time_filters::TimeFilters::parse(self, &mut errors);
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        if let Some(c) = self.client_id {
            actor.check_client(c)?;
        }
        let client_id = actor.client_scope().or(self.client_id); // TENANT
        Ok(TicketFilter {
            text: super::search::text_filter(self.q.as_deref(), actor, client_id),
            client_id,
            hide_staff_only: !actor.is_staff(), // TENANT
            campus_id: self.campus_id,
            statuses,
            priorities,
            categories,
            assignee,
            sla_state,
            client_replied: self.client_replied,
            or_client_replied: self.or_client_replied == Some(true),
            created: times.created,
            resolved: times.resolved,
            // Filled by `Service::queue_filter`, which knows the provider's zone.
            created_in: Vec::new(),
            staff_replied: self.staff_replied,
            after,
            limit,
        })
    }
}

impl Service {
    /// A ticket the actor may see (other clients' tickets are "not found").
    pub(crate) async fn get_ticket_row(&self, actor: &Actor, id: i64) -> ServiceResult<TicketRow> {
        let row = store::tickets::get_ticket(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_ticket(&row)?; // TENANT
        Ok(row)
    }

    pub async fn get_ticket(&self, actor: &Actor, id: i64) -> ServiceResult<TicketView> {
        let mut row = self.get_ticket_row(actor, id).await?;
        if super::change::auto_close_at(&row).is_some_and(|at| at <= self.now()) {
            self.settle_expired(id).await?;
            row = self.get_ticket_row(actor, id).await?;
        }
        let now = self.now_after(&row);
        let suggestion = crate::contract::staff_suggestion(actor, &row);
        let mut view = self.ticket_view(row, now).await?;
        view.scope_suggestion = suggestion;
        Ok(view)
    }

    pub(crate) async fn ticket_view(
        &self,
        row: TicketRow,
        now: Timestamp,
    ) -> ServiceResult<TicketView> {
        let events = store::events::list_events(&self.db, row.id).await?;
        self.view_with_events(row, &events, now).await
    }

    async fn view_with_events(
        &self,
        row: TicketRow,
        events: &[store::events::EventRow],
        now: Timestamp,
    ) -> ServiceResult<TicketView> {
        let pinned = self
            .policies
            .get(&self.db, row.policy_version_id, row.calendar_version_id)
            .await?;
        let facts = history::checked_facts(row.id, &history::parse_rows(events)?)?;
        let snap = projection::evaluate(&pinned, &facts, now);
        self.view_from_snapshot(row, &snap).await
    }

    /// The API object of a ticket whose clock was just evaluated (by [`Service::record`] or
    /// from its events).
    pub(crate) async fn view_from_snapshot(
        &self,
        row: TicketRow,
        snap: &domain::sla::SlaSnapshot,
    ) -> ServiceResult<TicketView> {
        let pinned = self
            .policies
            .get(&self.db, row.policy_version_id, row.calendar_version_id)
            .await?;
        let corrupt = |what: &str| {
            ServiceError::Internal(format!("ticket {} has an unreadable {what}", row.id))
        };
        Ok(TicketView {
            id: row.id,
            number: ticket_number(domain::ids::TicketId(row.id)),
            client_id: row.client_id,
            campus_id: row.campus_id,
            requester_id: row.requester_id,
            category: Category::parse(&row.category).ok_or_else(|| corrupt("category"))?,
            priority: Priority::parse(&row.priority).ok_or_else(|| corrupt("priority"))?,
            requested_priority: Priority::parse(&row.requested_priority)
                .ok_or_else(|| corrupt("priority"))?,
            status: Status::parse(&row.status).ok_or_else(|| corrupt("status"))?,
            client_replied_at: row.client_replied_at_us.map(rfc3339),
            escalated_at: row.escalated_at_us.map(rfc3339),
            scope: crate::contract::scope_view(&row)?,
            // Filled by the entry points that know the reader (staff only).
            scope_suggestion: None,
            excerpt: None,
            subject: row.subject.clone(),
            assignee_id: row.assignee_id,
            tags: serde_json::from_str(&row.tags).map_err(|_| corrupt("tags"))?,
            linked_ticket_id: row.linked_ticket_id,
            staff_only: row.staff_only,
            created_at: rfc3339(row.created_at_us),
            updated_at: rfc3339(row.updated_at_us),
            resolved_at: row.resolved_at_us.map(rfc3339),
            closed_at: row.closed_at_us.map(rfc3339),
            sla: projection::view(&pinned, snap),
        })
    }

    /// The queue: most urgent first (running by due time, then paused, then closed).
    pub async fn list_tickets(&self, actor: &Actor, q: &TicketQuery) -> ServiceResult<TicketPage> {
        let filter = self.queue_filter(actor, q).await?;
        let order = q
            .search_order(filter.text.is_some())
            .map_err(|e| ServiceError::Invalid(vec![e]))?;
        self.settle_expired_in(filter.client_id).await?;
        let now = self.now();
        let rows = match order {
            SearchOrder::Urgency => {
                store::ticket_list::list_tickets(&self.db, &filter, crate::us(now)).await?
            }
            SearchOrder::Relevance(offset) => {
                store::ticket_list::list_by_relevance(&self.db, &filter, crate::us(now), offset)
                    .await?
            }
        };
        let full = rows.len() as i64 == filter.limit;
        let next_cursor = match order {
            _ if !full => None,
            SearchOrder::Urgency => rows.last().map(|r| format!("{}_{}", r.urgency_us, r.id)),
            SearchOrder::Relevance(offset) => Some(offset + filter.limit)
                .filter(|n| *n <= limits::SEARCH_OFFSET_MAX)
                .map(|n| format!("o{n}")),
        };
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut by_ticket: HashMap<i64, Vec<store::events::EventRow>> = HashMap::new();
        for e in store::events::list_events_for(&self.db, &ids).await? {
            by_ticket.entry(e.ticket_id).or_default().push(e);
        }
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let events = by_ticket.remove(&row.id).unwrap_or_default();
            let suggestion = crate::contract::staff_suggestion(actor, &row);
            let mut view = self.view_with_events(row, &events, now).await?;
            view.scope_suggestion = suggestion;
            items.push(view);
        }
        if let Some(text) = &filter.text {
            self.add_excerpts(actor, text.query(), &mut items).await?;
        }
        Ok(TicketPage { items, next_cursor })
    }

    /// Closes the resolved tickets (of one client, when given) whose confirmation window has
    /// run out, so a list never shows "resolved" where the ticket itself says "closed". Usually
    /// none: the watcher closes them first; this covers the moments before it runs.
    pub(crate) async fn settle_expired_in(&self, client_id: Option<i64>) -> ServiceResult<()> {
        let window = jiff::SignedDuration::from_hours(super::CONFIRM_WINDOW_HOURS);
        let before = self
            .now()
            .checked_sub(window)
            .map(crate::us)
            .unwrap_or(i64::MIN);
        loop {
            let ids = store::tickets::expired_resolved(&self.db, client_id, before, 100).await?;
            if ids.is_empty() {
                return Ok(());
            }
            for id in ids {
                self.settle_expired(id).await?;
            }
        }
    }

    pub async fn list_messages(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Vec<MessageView>> {
        self.get_ticket_row(actor, ticket_id).await?;
        let msgs = store::messages::list_messages(&self.db, ticket_id, actor.is_staff()).await?;
        Ok(msgs.into_iter().map(message_view).collect())
    }

    pub async fn list_attachments(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Vec<AttachmentView>> {
        self.get_ticket_row(actor, ticket_id).await?;
        Ok(
            store::attachments::list_attachments(&self.db, ticket_id, actor.is_staff())
                .await?
                .into_iter()
                .map(attachment_view)
                .collect(),
        )
    }

    /// The full history. Client admins do not see internal-note events.
    pub async fn list_events(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Vec<EventView>> {
        self.get_ticket_row(actor, ticket_id).await?;
        let rows = store::events::list_events(&self.db, ticket_id).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let data: serde_json::Value = serde_json::from_str(&r.data).map_err(|e| {
                ServiceError::Internal(format!("ticket_event {}: unreadable data: {e}", r.id))
            })?;
            // Notes, and files attached to notes, are staff-only.
            let internal = data.get("internal").and_then(|v| v.as_bool()) == Some(true);
            if actor.is_staff() || !internal {
                out.push(EventView {
                    at: projection::rfc3339_us(crate::ts(r.at_us)),
                    actor_id: r.actor_id,
                    kind: r.kind,
                    data,
                });
            }
        }
        Ok(out)
    }
}
