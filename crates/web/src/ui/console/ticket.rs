//! GET /console/tickets/{id}: the whole ticket for staff — thread with internal notes, reply
//! and triage forms, the SLA panel and the history. Form errors re-render this page.

use std::collections::HashMap;

use crate::ui::sla_badge::SlaBadge;
use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use service::{Service, ServiceResult, tickets::TicketView};

use super::{
    CATEGORIES, Opt, PRIORITIES, enum_opts,
    history::{self, Line, Pause},
    parse_id,
    row::{Campus, Due, Lookups},
    staff_tr,
};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

pub struct Msg {
    pub author: String,
    pub at: String,
    pub body: String,
    pub internal: bool,
    /// `client` or `staff` (the side and colour of the bubble); `system` without an author.
    pub side: &'static str,
    /// "Cliente" / "Soporte" / "Nota interna": who the message is from, in words.
    pub label: String,
}

pub struct Att {
    pub id: i64,
    pub filename: String,
    pub size: String,
}

pub struct Canned {
    pub title: String,
    pub body: String,
}

/// What the page shows besides the ticket itself when a form comes back with an error.
#[derive(Default)]
pub struct Draft {
    pub error: Option<String>,
    pub body: String,
    pub internal: bool,
    pub priority_reason: String,
    /// The quote form's values and refusals (`quotes.rs`).
    pub quote: super::quotes::QuoteDraft,
    /// The time block's form and refusal (`time`).
    pub time: super::time::TimeDraft,
}

#[derive(Template)]
#[template(path = "console/ticket.html")]
struct TicketPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    tk: TicketView,
    draft: Draft,
    client: String,
    campus: Option<Campus>,
    requester: String,
    closed: bool,
    /// The ticket is not assigned to the viewer ("Asignarme" is offered).
    can_take: bool,
    client_replied_at: String,
    escalated_at: String,
    due_info: Due,
    messages: Vec<Msg>,
    attachments: Vec<Att>,
    canned: Vec<Canned>,
    statuses: Vec<Opt>,
    priorities: Vec<Opt>,
    categories: Vec<Opt>,
    assignees: Vec<Opt>,
    scopes: Vec<Opt>,
    /// The out-of-scope reasons (an empty first option), the current one selected.
    scope_reasons: Vec<Opt>,
    /// The scope in plain words, with its note.
    scope_text: String,
    /// The scope Atiende suggested, why, and the decision (`contract/_suggestion.html`).
    suggestion: Option<crate::ui::contract::SuggestionPanel>,
    badge: SlaBadge,
    clock: String,
    target: String,
    due: String,
    paused_time: String,
    breached_at: String,
    pauses: Vec<Pause>,
    history: Vec<Line>,
    quotes: super::quotes::QuotesBlock,
    time: super::time::TimeBlock,
}

fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{} KB", b / (1 << 10)),
        b => format!("{b} B"),
    }
}

pub async fn page(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match parse_id(&t, &id) {
        Ok(id) => render(&svc, &s, &t, id, Draft::default()).await,
        Err(r) => r,
    }
}

/// Renders the ticket page; with `draft.error` set it answers 422 with the message on top.
pub async fn render(svc: &Service, s: &Session, t: &Tr, id: i64, draft: Draft) -> Response {
    match build(svc, s, t, id, draft).await {
        Ok((p, failed)) => {
            let mut res = page::render(&p);
            if failed {
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            res
        }
        Err(e) => page::service_error(t, e),
    }
}

async fn build<'a>(
    svc: &Service,
    s: &Session,
    t: &'a Tr,
    id: i64,
    draft: Draft,
) -> ServiceResult<(TicketPage<'a>, bool)> {
    let a = &s.0.actor;
    let tk = svc.get_ticket(a, id).await?;
    let (msgs, events, atts, look, canned) = tokio::try_join!(
        svc.list_messages(a, id),
        svc.list_events(a, id),
        svc.list_attachments(a, id),
        Lookups::load(svc, a, t),
        svc.list_canned(a),
    )?;
    let time = super::time::TimeBlock::load(svc, a, t, id, &draft.time).await?;
    let names: HashMap<i64, String> = look
        .users
        .iter()
        .map(|(i, (n, _))| (*i, n.clone()))
        .collect();
    let who = |id: Option<i64>| {
        id.and_then(|i| names.get(&i).cloned())
            .unwrap_or_else(|| t.t("console-system"))
    };
    let client = look.clients.get(&tk.client_id).cloned().unwrap_or_default();
    let current_assignee = tk.assignee_id.map(|i| i.to_string()).unwrap_or_default();
    let mut staff: Vec<(i64, String)> = look
        .users
        .iter()
        .filter(|(_, (_, r))| r.is_staff())
        .map(|(i, (n, _))| (*i, n.clone()))
        .collect();
    staff.sort_by(|x, y| x.1.cmp(&y.1));
    let mut assignees = vec![Opt::new("", t.t("console-unassigned"), &current_assignee)];
    assignees.extend(
        staff
            .iter()
            .map(|(i, n)| Opt::new(i.to_string(), n.clone(), &current_assignee)),
    );
    let requester = who(Some(tk.requester_id));
    let side = |author: Option<i64>| match author.and_then(|i| look.users.get(&i)) {
        Some((_, r)) if r.is_staff() => "staff",
        Some(_) => "client",
        None => "system",
    };
    let sla = &tk.sla;
    let quotes = super::quotes::QuotesBlock::load(svc, a, t, &tk, &draft.quote).await?;
    let page = TicketPage {
        t,
        chrome: Some(Chrome::of(&s.0, &format!("/console/tickets/{id}"))),
        client: client.clone(),
        campus: tk.campus_id.and_then(|c| look.campuses.get(&c).cloned()),
        requester: requester.clone(),
        closed: tk.status.as_str() == "closed",
        can_take: tk.assignee_id != Some(a.user_id),
        client_replied_at: t.datetime_opt(&tk.client_replied_at),
        escalated_at: t.datetime_opt(&tk.escalated_at),
        due_info: Due::of(t, &tk.sla, tk.status),
        messages: msgs
            .into_iter()
            .map(|m| {
                let side = side(m.author_id);
                Msg {
                    author: who(m.author_id),
                    at: t.datetime(&m.created_at),
                    label: t.t(if m.internal {
                        "console-internal-note"
                    } else {
                        match side {
                            "client" => "console2-from-client",
                            "staff" => "console2-from-staff",
                            _ => "console2-from-system",
                        }
                    }),
                    body: m.body,
                    internal: m.internal,
                    side,
                }
            })
            .collect(),
        attachments: atts
            .into_iter()
            .map(|a| Att {
                id: a.id,
                filename: a.filename,
                size: size(a.size_bytes),
            })
            .collect(),
        canned: canned
            .into_iter()
            .map(|c| Canned {
                body: service::canned::fill(
                    &c.body,
                    &service::canned::FillValues {
                        requester: &requester,
                        client: &client,
                        ticket: &tk.number,
                        subject: &tk.subject,
                        agent: &s.0.actor.name,
                    },
                ),
                title: c.title,
            })
            .collect(),
        statuses: enum_opts(
            t,
            "status",
            &["open", "waiting_on_client", "resolved", "closed"],
            tk.status.as_str(),
        )
        .into_iter()
        .chain(
            (tk.status.as_str() == "new").then(|| Opt::new("new", t.label("status", "new"), "new")),
        )
        .collect(),
        priorities: enum_opts(t, "priority", &PRIORITIES, tk.priority.as_str()),
        categories: enum_opts(t, "category", &CATEGORIES, tk.category.as_str()),
        assignees,
        scopes: enum_opts(
            t,
            "scope",
            &["included", "out_of_scope", "admin_hours"],
            tk.scope.kind.as_str(),
        ),
        scope_reasons: std::iter::once(Opt::new(
            "",
            t.t("contract-no-reason"),
            tk.scope.reason.map(|r| r.as_str()).unwrap_or(""),
        ))
        .chain(enum_opts(
            t,
            "scope-reason",
            &domain::scope::ScopeReason::ALL
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>(),
            tk.scope.reason.map(|r| r.as_str()).unwrap_or(""),
        ))
        .collect(),
        scope_text: crate::ui::contract::scope_words(t, &tk.scope),
        suggestion: tk
            .scope_suggestion
            .as_ref()
            .map(|sg| crate::ui::contract::SuggestionPanel::of(t, sg)),
        badge: SlaBadge::of(t, sla, tk.status == domain::ticket::Status::Closed),
        clock: t.t(match sla.clock {
            service::tickets::projection::ClockKindView::Calendar => "sla-clock-calendar",
            service::tickets::projection::ClockKindView::Business => "sla-clock-business",
        }),
        target: t.duration(sla.target_seconds),
        due: t.datetime(&sla.due_at),
        paused_time: t.duration(sla.paused_seconds),
        breached_at: t.datetime_opt(&sla.breached_at),
        pauses: history::pauses(t, &events, svc.now()),
        history: history::lines(t, &events, &names),
        quotes,
        time,
        draft,
        tk,
    };
    let failed = page.draft.error.is_some();
    Ok((page, failed))
}

/// GET /console/attachments/{id}: always a download, never rendered inline.
pub async fn attachment(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (meta, data) = match svc.get_attachment(&s.0.actor, id).await {
        Ok(v) => v,
        Err(e) => return page::service_error(&t, e),
    };
    crate::download::attachment_response(&meta, data)
}
