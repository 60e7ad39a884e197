//! /console/inbound: incoming mail waiting for a person (unknown or staff senders,
//! unparseable or oversized mail). Staff discard an item or open a ticket from it for a
//! client admin they choose. Client admins get 403 like every console page.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use service::{Service, mail_in::InboundView};

use super::staff_tr;
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const LIST: &str = "/console/inbound";

/// A client admin the agent may open the ticket for.
pub struct Requester {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "console/inbound.html")]
struct InboundPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    items: Vec<InboundView>,
    requesters: Vec<Requester>,
}

impl InboundPage<'_> {
    fn reason(&self, reason: &Option<String>) -> String {
        match reason {
            Some(r) => self
                .t
                .try_t(&format!("inbound-reason-{}", r.replace('_', "-")))
                .unwrap_or_else(|| r.clone()),
            None => String::new(),
        }
    }
}

pub async fn page(State(svc): State<Service>, s: Session) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let items = match svc.list_inbound_review(&s.0.actor, None, 200).await {
        Ok(v) => v,
        Err(e) => return page::service_error(&t, e),
    };
    let requesters = match svc.inbound_requesters(&s.0.actor).await {
        Ok(v) => v
            .into_iter()
            .map(|(id, label)| Requester { id, label })
            .collect(),
        Err(e) => return page::service_error(&t, e),
    };
    page::render(&InboundPage {
        t: &t,
        chrome: Some(Chrome::of(&s.0, LIST)),
        items,
        requesters,
    })
}

pub async fn discard(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<crate::ui::session::NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    match svc.discard_inbound(&f.session.0.actor, id).await {
        Ok(_) => Redirect::to(LIST).into_response(),
        Err(e) => page::service_error(&t, e),
    }
}

#[derive(Deserialize)]
pub struct TicketForm {
    #[serde(default)]
    requester_id: String,
}

pub async fn to_ticket(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<TicketForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let requester = f.form.requester_id.trim().parse::<i64>().unwrap_or(0);
    match svc
        .inbound_to_ticket(&f.session.0.actor, id, requester)
        .await
    {
        Ok(v) => match v.ticket_id {
            Some(tid) => Redirect::to(&format!("/console/tickets/{tid}")).into_response(),
            None => Redirect::to(LIST).into_response(),
        },
        Err(e) => page::service_error(&t, e),
    }
}
