//! Sending a quote: checked terms, the pending one replaced, the ticket waiting on the client
//! (the ordinary status change, so the clock pauses by the usual rule) and the client admins
//! told by e-mail — one transaction.

use domain::{
    FieldError,
    quote::{self as dq, Currency, QuoteState},
    ticket::{ScopeKind, Status, bounded_text},
};
use jiff::{Timestamp, tz::TimeZone};
use store::quotes::{self as st, Decision, NewQuote as StoredQuote};

use super::{NewQuote, QuoteView, events};
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    admin::Errors,
    tickets::{TicketEvent, check_transition, status_of},
    us,
};

/// Terms checked against the client's calendar, ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Terms {
    pub description: String,
    pub minutes: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    pub valid_until: String,
    pub expires_at: Timestamp,
}

/// Checks every field of `q` (all errors at once) and the ticket's scope: the contract's
/// included work is never quoted.
pub(crate) fn check(
    q: &NewQuote,
    scope: ScopeKind,
    tz: &TimeZone,
    now: Timestamp,
) -> ServiceResult<Terms> {
    let mut e = Errors::default();
    if scope == ScopeKind::Included {
        e.0.push(
            FieldError::new(
                "scope",
                "included",
                "the ticket's work is included in the contract: set its scope to out_of_scope \
                 (or admin_hours) before quoting it",
            )
            .with("value", scope.as_str()),
        );
    }
    let description = e.take(bounded_text(
        "description",
        &q.description,
        dq::DESCRIPTION_MAX,
    ));
    let minutes = e.take(dq::minutes_from_hours("hours", q.hours));
    let amount_minor = e.take(dq::check_amount("amount_minor", q.amount_minor));
    let currency = e.take(Currency::parse("currency", &q.currency));
    let valid = e.take(dq::parse_valid_until(
        "valid_until",
        &q.valid_until,
        tz,
        now,
    ));
    e.finish()?;
    match (description, minutes, amount_minor, currency, valid) {
        (Some(description), Some(minutes), Some(amount_minor), Some(currency), Some((d, at))) => {
            Ok(Terms {
                description,
                minutes,
                amount_minor,
                currency,
                valid_until: d.to_string(),
                expires_at: at,
            })
        }
        _ => Err(ServiceError::Internal("quote checks lost an error".into())),
    }
}

impl Service {
    /// Sends a quote on a ticket (staff). TENANT: another client's ticket answers 404; a
    /// client admin gets 403. A closed ticket (or one kept for staff) answers 409; bad terms
    /// or an `included` ticket 422 naming the field — and then nothing is written.
    pub async fn send_quote(
        &self,
        actor: &Actor,
        ticket_id: i64,
        q: &NewQuote,
    ) -> ServiceResult<QuoteView> {
        // A pending quote past its validity is recorded as expired (at its own instant), not
        // as replaced.
        self.expire_quotes_of(Some(ticket_id)).await?;
        let (mut tx, mut row, now) = self.begin_change(actor, ticket_id).await?; // TENANT
        actor.require_staff()?;
        let from = status_of(&row)?;
        check_transition(actor, from, Status::WaitingOnClient)?;
        if row.staff_only {
            return Err(ServiceError::state(
                "quote_staff_only",
                "the ticket is kept from the client: publish it before quoting",
            ));
        }
        let zone = st::client_zone_in(&mut tx, row.client_id)
            .await?
            .ok_or_else(|| ServiceError::Internal(format!("ticket {ticket_id}: no client")))?;
        let tz = crate::stored_zone("client", row.client_id, &zone)?;
        let scope = crate::stored("ticket", row.id, "scope", &row.scope, ScopeKind::parse)?;
        let terms = check(q, scope, &tz, now)?;
        let mut evs = Vec::new();
        // The one pending quote (if any) leaves first: the unique index allows one.
        let previous = st::pending_for_ticket_in(&mut tx, ticket_id).await?;
        if let Some(p) = &previous {
            // Expired in the instant since `expire_quotes_of` looked: say so, not "replaced".
            let (state, by, at) = if p.expires_at_us <= us(now) {
                (QuoteState::Expired, None, p.expires_at_us)
            } else {
                (QuoteState::Withdrawn, Some(actor.user_id), us(now))
            };
            let d = Decision {
                state: state.as_str(),
                decided_by: by,
                decided_at_us: at,
                reason: None,
                replaced_by: None,
            };
            if !st::decide(&mut tx, p.id, &d).await? {
                return Err(ServiceError::Internal(format!(
                    "quote {} left pending under the ticket's lock",
                    p.id
                )));
            }
        }
        let id = st::insert_quote(
            &mut tx,
            &StoredQuote {
                ticket_id,
                description: &terms.description,
                minutes: terms.minutes,
                amount_minor: terms.amount_minor,
                currency: terms.currency.as_str(),
                valid_until: &terms.valid_until,
                expires_at_us: us(terms.expires_at),
                created_by: actor.user_id,
                created_at_us: us(now),
            },
        )
        .await?;
        if let Some(p) = &previous {
            if p.expires_at_us <= us(now) {
                evs.push(TicketEvent::QuoteExpired(events::QuoteExpired {
                    quote_id: p.id,
                }));
            } else {
                st::set_replaced_by(&mut tx, p.id, id).await?;
                evs.push(TicketEvent::QuoteWithdrawn(events::QuoteWithdrawn {
                    quote_id: p.id,
                    replaced_by: Some(id),
                }));
            }
        }
        evs.push(TicketEvent::QuoteSent(events::QuoteSent {
            quote_id: id,
            description: terms.description.clone(),
            minutes: terms.minutes,
            amount_minor: terms.amount_minor,
            currency: terms.currency.as_str().to_string(),
            valid_until: terms.valid_until.clone(),
            replaces: previous
                .as_ref()
                .filter(|p| p.expires_at_us > us(now))
                .map(|p| p.id),
        }));
        if from != Status::WaitingOnClient {
            // The contract's own consequence of a quote (auto), through the ordinary change.
            self.set_status(&mut row, Status::WaitingOnClient, now);
            evs.push(TicketEvent::StatusChanged {
                from,
                to: Status::WaitingOnClient,
                auto: true,
                reason: None,
            });
        }
        // Staff acted on it: the "client replied" mark has done its job.
        row.client_replied_at_us = None;
        self.record(&mut tx, &mut row, Some(actor.user_id), &evs, now)
            .await?;
        self.mail_quote(&mut tx, &row, id, &terms, now).await?;
        let stored = st::get_quote_in(&mut tx, id)
            .await?
            .ok_or_else(|| ServiceError::Internal("the stored quote was not returned".into()))?;
        tx.commit().await?;
        super::view(stored, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NewQuote {
        NewQuote {
            description: "Crear 40 cursos y matricular a los alumnos".into(),
            hours: 12.5,
            amount_minor: 15_000_000,
            currency: "ars".into(),
            valid_until: "2026-11-30".into(),
        }
    }

    fn fields(r: ServiceResult<Terms>) -> Vec<(String, &'static str)> {
        match r {
            Err(ServiceError::Invalid(errs)) => {
                errs.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn terms_are_checked_together_and_included_work_is_refused() {
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").unwrap();
        let now: Timestamp = "2026-11-02T10:00:00Z".parse().unwrap();
        let t = check(&input(), ScopeKind::OutOfScope, &tz, now).unwrap();
        assert_eq!((t.minutes, t.currency.as_str()), (750, "ARS"));
        assert_eq!(t.expires_at.to_string(), "2026-12-01T03:00:00Z");
        assert!(check(&input(), ScopeKind::AdminHours, &tz, now).is_ok());
        assert_eq!(
            fields(check(&input(), ScopeKind::Included, &tz, now)),
            vec![("scope".into(), "included")]
        );
        let bad = NewQuote {
            description: " ".into(),
            hours: -1.0,
            amount_minor: 0,
            currency: "PESOS".into(),
            valid_until: "2026-11-01".into(),
        };
        assert_eq!(
            fields(check(&bad, ScopeKind::OutOfScope, &tz, now)),
            vec![
                ("description".into(), "required"),
                ("hours".into(), "negative"),
                ("amount_minor".into(), "positive"),
                ("currency".into(), "currency"),
                ("valid_until".into(), "past"),
            ]
        );
    }
}
