//! From probe results to incidents and tickets. Each probe is recorded, and its consequences
//! decided, in one transaction:
//!
//! - **Outage**: after K consecutive failed probes (the monitor's `failures_to_alert`) an
//!   `outage` incident opens, started at the first failed probe of the run, with exactly one
//!   urgent technical ticket "Interrupción del servicio: <host>" clocked from that instant.
//!   Further failures count on the incident; the ticket gets an internal note only when the
//!   count passes 10, 25, 50, 100, 250, 500, 1000… (so a long outage writes a handful of notes,
//!   not one per minute). The first probe that is up ends it: a public note with start, end and
//!   duration in the client's zone, and the ticket goes to `resolved` (the client confirms or
//!   reopens it as usual).
//! - **Flapping**: a new run of K failures while the previous outage's ticket is not closed
//!   (resolved and not yet confirmed, or reopened) goes on in that ticket: the new incident
//!   points at it and a public note says the campus failed again, and the ticket is reopened
//!   (resolved or waiting on the client → open), so its SLA clock runs again. Only a closed
//!   ticket leads to a new one.
//! - **Degraded**: when every probe of the last `sustain_minutes` was up but slower than the
//!   threshold, a `degraded` incident opens with one high technical ticket "Rendimiento
//!   degradado: <host>", the same way; it ends once every probe of a whole window is up within
//!   the threshold.
//!
//! **One ticket per outage, whatever the nodes**: at most one incident of each kind is open
//! per campus (the partial unique index of migration 0014), and the incident and its ticket are
//! written in one transaction. Two nodes deciding at once: the second insert conflicts, its
//! transaction (probe row and ticket included) rolls back, and it records the probe again,
//! this time finding the open incident.

use domain::ticket::{Category, Status};
use jiff::{Timestamp, tz::TimeZone};
use serde::Deserialize;
use store::{
    Tx,
    clients::CampusRow,
    monitors::{self as st, IncidentRow, NewIncident, ProbeRow, Run, RunOf},
};

use super::{Settings, probe::ProbeOutcome, texts};
use crate::{
    Service, ServiceError, ServiceResult,
    tickets::{SystemTicket, TicketEvent},
    us,
};

/// Failure counts at which a running incident's ticket gets a note: 10, 25, 50, 100, 250…
pub fn next_milestone(noted: i32) -> i32 {
    let mut base = 10_i64;
    loop {
        for m in [base, base * 5 / 2, base * 5] {
            if m > i64::from(noted) {
                return i32::try_from(m).unwrap_or(i32::MAX);
            }
        }
        base *= 10;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Outage,
    Degraded,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Outage => "outage",
            Kind::Degraded => "degraded",
        }
    }
}

/// A `probe_campus` job's payload.
#[derive(Debug, Deserialize)]
pub(crate) struct ProbePayload {
    pub campus_id: i64,
    /// The slot's start (Unix µs): the probe is skipped once the next slot has begun.
    pub slot_us: i64,
}

/// What deciding on one probe needs.
struct Ctx<'a> {
    campus: &'a CampusRow,
    s: &'a Settings,
    at: Timestamp,
    tz: TimeZone,
    zone: String,
    error: Option<&'a str>,
}

impl Ctx<'_> {
    fn facts(&self, started: Timestamp, count: i64) -> texts::Facts<'_> {
        texts::Facts {
            url: &self.campus.url,
            tz: &self.tz,
            zone_name: &self.zone,
            started,
            count,
            last_error: self.error,
            threshold_ms: self.s.latency_threshold_ms,
            sustain_minutes: self.s.sustain_minutes,
        }
    }
}

fn ts(us: i64) -> Timestamp {
    crate::ts(us)
}

impl Service {
    /// The `probe_campus` job: probes the campus of its slot unless it is gone, switched off
    /// or the slot is over (a late job: the next slot's probe is already due).
    pub(crate) async fn probe_campus_job(&self, payload: &str) -> ServiceResult<()> {
        let p: ProbePayload = serde_json::from_str(payload)
            .map_err(|e| ServiceError::Internal(format!("probe payload {payload:?}: {e}")))?;
        let Some(campus) = store::clients::get_campus(&self.db, p.campus_id).await? else {
            return Ok(());
        };
        let s = Settings::of(st::get_monitor(&self.db, campus.id).await?.as_ref());
        let slot_end = p.slot_us.saturating_add(s.interval().as_micros() as i64);
        if !s.enabled || self.now_us() >= slot_end {
            return Ok(());
        }
        self.probe_and_record(&campus, &s).await.map(|_| ())
    }

    /// Probes a campus now with its settings and records the result (and whatever follows
    /// from it), whether or not its monitor is enabled. For operators' checks and the tests.
    pub async fn probe_campus_now(&self, campus_id: i64) -> ServiceResult<ProbeOutcome> {
        let campus = store::clients::get_campus(&self.db, campus_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let s = Settings::of(st::get_monitor(&self.db, campus.id).await?.as_ref());
        self.probe_and_record(&campus, &s).await
    }

    async fn probe_and_record(
        &self,
        campus: &CampusRow,
        s: &Settings,
    ) -> ServiceResult<ProbeOutcome> {
        let at = self.now();
        let o = self
            .monitor
            .prober
            .probe(
                &campus.url,
                s.timeout_seconds.max(1) as u32,
                s.expected_text.as_deref(),
                &self.mail_tls().client_config(),
            )
            .await;
        let result = if o.ok { "up" } else { "down" };
        metrics::counter!("atiende_probes_total", "result" => result).increment(1);
        self.record_probe(campus, s, at, &o).await?;
        Ok(o)
    }

    /// Records one probe and its consequences; a lost race for an incident is retried.
    pub(crate) async fn record_probe(
        &self,
        campus: &CampusRow,
        s: &Settings,
        at: Timestamp,
        o: &ProbeOutcome,
    ) -> ServiceResult<()> {
        let client = store::clients::get_client(&self.db, campus.client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        let ctx = Ctx {
            campus,
            s,
            at,
            tz,
            zone: client.time_zone.clone(),
            error: o.error.as_deref(),
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.record_once(&ctx, o).await {
                Err(ServiceError::Conflict { .. }) if attempt < 3 => {
                    tracing::info!(campus = campus.id, "another node opened the incident first");
                }
                r => return r,
            }
        }
    }

    async fn record_once(&self, ctx: &Ctx<'_>, o: &ProbeOutcome) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        let row = ProbeRow {
            campus_id: ctx.campus.id,
            at_us: us(ctx.at),
            ok: o.ok,
            http_status: o.http_status.map(i32::from),
            latency_ms: o.latency_ms.map(|l| i32::try_from(l).unwrap_or(i32::MAX)),
            error: o.error.clone(),
        };
        st::insert_probe(&mut tx, &row).await?;
        self.track_outage(&mut tx, ctx, o).await?;
        self.track_degraded(&mut tx, ctx, o).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn track_outage(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        o: &ProbeOutcome,
    ) -> ServiceResult<()> {
        let open = st::open_incident(tx, ctx.campus.id, Kind::Outage.as_str()).await?;
        match (o.ok, open) {
            (false, Some(inc)) => self.continue_incident(tx, ctx, Kind::Outage, &inc).await,
            (false, None) => {
                let run = st::current_run(tx, ctx.campus.id, RunOf::Failed).await?;
                match run {
                    Some(run) if run.count >= i64::from(ctx.s.failures_to_alert) => {
                        self.open_incident(tx, ctx, Kind::Outage, run).await
                    }
                    _ => Ok(()),
                }
            }
            (true, Some(inc)) => self.end_incident(tx, ctx, Kind::Outage, &inc, ctx.at).await,
            (true, None) => Ok(()),
        }
    }

    async fn track_degraded(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        o: &ProbeOutcome,
    ) -> ServiceResult<()> {
        if !o.ok {
            // A failure is the outage's business; it neither starts nor ends slowness.
            return Ok(());
        }
        let threshold = ctx.s.latency_threshold_ms;
        let slow = o
            .latency_ms
            .is_some_and(|l| i64::from(l) > i64::from(threshold));
        let open = st::open_incident(tx, ctx.campus.id, Kind::Degraded.as_str()).await?;
        let window = ctx.s.sustain();
        let spans = |run: &Run| ctx.at.duration_since(ts(run.first_at_us)) >= window;
        match (slow, open) {
            (true, Some(inc)) => self.continue_incident(tx, ctx, Kind::Degraded, &inc).await,
            (true, None) => match st::current_run(tx, ctx.campus.id, RunOf::Slow(threshold)).await?
            {
                Some(run) if spans(&run) => self.open_incident(tx, ctx, Kind::Degraded, run).await,
                _ => Ok(()),
            },
            (false, Some(inc)) => {
                match st::current_run(tx, ctx.campus.id, RunOf::Fast(threshold)).await? {
                    Some(run) if spans(&run) => {
                        self.end_incident(tx, ctx, Kind::Degraded, &inc, ts(run.first_at_us))
                            .await
                    }
                    _ => Ok(()),
                }
            }
            (false, None) => Ok(()),
        }
    }

    /// Opens an incident of `kind` for `run` and its ticket: the previous incident's ticket
    /// when it is not closed (flapping), else a new one.
    async fn open_incident(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        kind: Kind,
        run: Run,
    ) -> ServiceResult<()> {
        let count = i32::try_from(run.count).unwrap_or(i32::MAX);
        let id = st::insert_incident(
            tx,
            &NewIncident {
                campus_id: ctx.campus.id,
                kind: kind.as_str(),
                started_at_us: run.first_at_us,
                failures: count,
                last_probe_at_us: us(ctx.at),
                last_error: ctx.error,
                now_us: us(ctx.at),
            },
        )
        .await?;
        let facts = ctx.facts(ts(run.first_at_us), run.count);
        if let Some(prev) = st::last_ended_incident(tx, ctx.campus.id, kind.as_str()).await?
            && let Some(ticket_id) = prev.ticket_id
        {
            let body = match kind {
                Kind::Outage => texts::outage_again(&facts),
                Kind::Degraded => texts::degraded_again(&facts),
            };
            let written = self
                .system_note_in(tx, ticket_id, &body, false, Some(Status::Open))
                .await?;
            if written {
                st::set_incident_ticket(tx, id, ticket_id).await?;
                self.incident_webhook(tx, ctx, kind, id, run.first_at_us, None, Some(ticket_id))
                    .await?;
                tracing::info!(
                    campus = ctx.campus.id,
                    kind = kind.as_str(),
                    ticket_id,
                    "incident again: same ticket"
                );
                return Ok(());
            }
        }
        let (subject, body, priority) = match kind {
            Kind::Outage => (
                texts::outage_subject(&ctx.campus.url),
                texts::outage_opened(&facts),
                domain::Priority::Urgent,
            ),
            Kind::Degraded => (
                texts::degraded_subject(&ctx.campus.url),
                texts::degraded_opened(&facts),
                domain::Priority::High,
            ),
        };
        let ticket = self
            .open_system_ticket_in(
                tx,
                &SystemTicket {
                    client_id: ctx.campus.client_id,
                    campus_id: Some(ctx.campus.id),
                    category: Category::Technical,
                    priority,
                    subject,
                    body,
                    tags: vec!["monitor".into(), kind.as_str().into()],
                    opened_at: ts(run.first_at_us),
                },
            )
            .await?;
        st::set_incident_ticket(tx, id, ticket.id).await?;
        self.incident_webhook(tx, ctx, kind, id, run.first_at_us, None, Some(ticket.id))
            .await?;
        tracing::warn!(
            campus = ctx.campus.id,
            kind = kind.as_str(),
            ticket_id = ticket.id,
            "campus incident opened"
        );
        Ok(())
    }

    /// One more failing (or slow) probe of an open incident; a note at each milestone.
    async fn continue_incident(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        kind: Kind,
        inc: &IncidentRow,
    ) -> ServiceResult<()> {
        let count = inc.failures.saturating_add(1);
        let note = count >= next_milestone(inc.noted_failures);
        let noted = if note { count } else { inc.noted_failures };
        st::touch_incident(tx, inc.id, count, noted, us(ctx.at), ctx.error).await?;
        if note && let Some(ticket_id) = inc.ticket_id {
            let facts = ctx.facts(ts(inc.started_at_us), i64::from(count));
            let body = match kind {
                Kind::Outage => texts::outage_running(&facts),
                Kind::Degraded => texts::degraded_running(&facts),
            };
            self.system_note_in(tx, ticket_id, &body, true, None)
                .await?;
        }
        Ok(())
    }

    /// Ends an incident at `ended`: a public note with start, end and duration, and its
    /// ticket resolved.
    async fn end_incident(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        kind: Kind,
        inc: &IncidentRow,
        ended: Timestamp,
    ) -> ServiceResult<()> {
        st::end_incident(tx, inc.id, us(ended)).await?;
        self.incident_webhook(
            tx,
            ctx,
            kind,
            inc.id,
            inc.started_at_us,
            Some(ended),
            inc.ticket_id,
        )
        .await?;
        if let Some(ticket_id) = inc.ticket_id {
            let facts = ctx.facts(ts(inc.started_at_us), i64::from(inc.failures));
            let body = match kind {
                Kind::Outage => texts::outage_recovered(&facts, ended),
                Kind::Degraded => texts::degraded_recovered(&facts, ended),
            };
            self.system_note_in(tx, ticket_id, &body, false, Some(Status::Resolved))
                .await?;
        }
        tracing::info!(
            campus = ctx.campus.id,
            kind = kind.as_str(),
            "campus incident ended"
        );
        Ok(())
    }

    /// `campus.down` when an outage opens, `campus.up` when it ends (webhooks), written in the
    /// incident's transaction. A degraded campus is not down: no event.
    #[allow(clippy::too_many_arguments)]
    async fn incident_webhook(
        &self,
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        kind: Kind,
        incident_id: i64,
        started_at_us: i64,
        ended: Option<Timestamp>,
        ticket_id: Option<i64>,
    ) -> ServiceResult<()> {
        if kind != Kind::Outage {
            return Ok(());
        }
        let event = if ended.is_some() {
            "campus.up"
        } else {
            "campus.down"
        };
        let payload = serde_json::json!({
            "campus_id": ctx.campus.id,
            "client_id": ctx.campus.client_id,
            "url": ctx.campus.url,
            "incident_id": incident_id,
            "started_at": ts(started_at_us).to_string(),
            "ended_at": ended.map(|e| e.to_string()),
            "ticket_id": ticket_id,
            "last_error": ctx.error,
        });
        self.emit_webhook(tx, event, payload).await
    }

    /// A message by the system user on a ticket, in `tx`, and the status that follows
    /// (`Open` only from `resolved` or `waiting_on_client`). Unlike a person's reply it never
    /// assigns the ticket to its author. `false` when the ticket is closed (final: nothing is
    /// written).
    async fn system_note_in(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        body: &str,
        internal: bool,
        status: Option<Status>,
    ) -> ServiceResult<bool> {
        let actor = self.system_actor().await?;
        let mut row = store::tickets::get_ticket_for_update(tx, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let now = self.now_after(&row);
        self.close_if_expired(tx, &mut row, now).await?;
        let from = Status::parse(&row.status).ok_or_else(|| {
            ServiceError::Internal(format!(
                "ticket {ticket_id}: stored status {:?}",
                row.status
            ))
        })?;
        if from == Status::Closed {
            return Ok(false);
        }
        let body = domain::ticket::bounded_text("body", body, domain::limits::BODY_MAX)?;
        let message_id = store::messages::insert_message(
            tx,
            row.id,
            Some(actor.user_id),
            internal,
            &body,
            us(now),
        )
        .await?;
        let mut events = vec![TicketEvent::MessageAdded {
            message_id,
            internal,
        }];
        let to = match status {
            Some(Status::Open) if matches!(from, Status::Resolved | Status::WaitingOnClient) => {
                Some(Status::Open)
            }
            Some(Status::Open) => None,
            other => other.filter(|s| *s != from),
        };
        if let Some(to) = to {
            self.set_status(&mut row, to, now);
            events.push(TicketEvent::StatusChanged {
                from,
                to,
                auto: false,
                reason: None,
            });
        }
        self.record(tx, &mut row, Some(actor.user_id), &events, now)
            .await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_at_milestones() {
        assert_eq!(next_milestone(3), 10);
        assert_eq!(next_milestone(10), 25);
        assert_eq!(next_milestone(25), 50);
        assert_eq!(next_milestone(50), 100);
        assert_eq!(next_milestone(100), 250);
        assert_eq!(next_milestone(999), 1000);
    }
}
