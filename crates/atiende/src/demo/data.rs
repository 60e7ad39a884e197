//! The demo's tickets: who opens them, what they say and where their story ends.
//!
//! `consumed` is the share of the resolution target counted (on the ticket's own clock) up to
//! the end of its story: *now* for new/open tickets, the start of the pause for tickets waiting
//! on the client, the resolution for resolved/closed ones. `< 0.75` → ok, `< 1` → warning,
//! `≥ 1` → breached (or met/breached once resolved).
//!
//! The tickets are split by client (one file each, in client index order); this file holds
//! the vocabulary they are written in.

mod del_valle;
mod iberica;
mod san_martin;

use domain::{
    Priority,
    scope::ScopeReason,
    ticket::{Category, ScopeKind},
};

/// Where a ticket's story ends.
#[derive(Debug, Clone, Copy)]
pub enum Fate {
    /// Nobody on the staff has touched it yet.
    New,
    /// Triaged and answered, still running.
    Open,
    /// The agent asked something `paused_h` real hours ago; the clock is paused.
    Waiting { paused_h: f64 },
    /// Resolved `ago_h` hours ago, the client has not confirmed yet (`ago_h` < 168).
    Resolved { ago_h: f64 },
    /// Resolved `ago_h` hours ago and confirmed by the client `confirm_h` hours later.
    Closed { ago_h: f64, confirm_h: f64 },
    /// Resolved more than 168 h ago and never confirmed: the watcher closes it.
    AutoClose { ago_h: f64 },
    /// Closed by staff without resolving (a duplicate), `ago_h` hours ago.
    Duplicate { ago_h: f64 },
}

pub struct DemoTicket {
    /// Index into the demo's clients.
    pub client: usize,
    /// Index into that client's campuses.
    pub campus: Option<usize>,
    pub category: Category,
    /// The priority the agent settles on (the SLA target counts on this one).
    pub priority: Priority,
    /// What the client asked for when opening, when the agent re-triaged it.
    pub requested: Option<(Priority, &'static str)>,
    pub subject: &'static str,
    pub body: &'static str,
    pub fate: Fate,
    pub consumed: f64,
    /// Index into the demo's agents (supervisor = `SUPERVISOR`); `None` = round robin.
    pub assignee: Option<usize>,
    pub note: Option<&'static str>,
    /// The agent's question (waiting) or the resolution text (resolved/closed).
    pub answer: Option<&'static str>,
    /// A follow-up message from the client while the ticket is open.
    pub client_msg: Option<&'static str>,
    /// Kind, reason code (out of scope only) and the agent's note.
    pub scope: Option<(ScopeKind, Option<ScopeReason>, &'static str)>,
    /// The agent takes the scope the ticket was suggested when it was opened (one button)
    /// instead of setting one.
    pub accept_suggestion: bool,
    /// A quote the agent sends when the story ends waiting on the client (the quote is what
    /// the client is asked to decide on).
    pub quote: Option<DemoQuote>,
    pub tags: &'static [&'static str],
}

/// A quote's terms; it is valid for two weeks from when it is sent.
#[derive(Debug, Clone, Copy)]
pub struct DemoQuote {
    pub description: &'static str,
    pub hours: f64,
    /// In cents of `currency`.
    pub amount_minor: i64,
    pub currency: &'static str,
}

/// Assignee index meaning "the supervisor".
pub const SUPERVISOR: usize = usize::MAX;

#[allow(clippy::too_many_arguments)]
const fn t(
    client: usize,
    campus: Option<usize>,
    category: Category,
    priority: Priority,
    subject: &'static str,
    body: &'static str,
    fate: Fate,
    consumed: f64,
) -> DemoTicket {
    DemoTicket {
        client,
        campus,
        category,
        priority,
        requested: None,
        subject,
        body,
        fate,
        consumed,
        assignee: None,
        note: None,
        answer: None,
        client_msg: None,
        scope: None,
        accept_suggestion: false,
        quote: None,
        tags: &[],
    }
}

impl DemoTicket {
    const fn note(mut self, n: &'static str) -> Self {
        self.note = Some(n);
        self
    }
    const fn answer(mut self, a: &'static str) -> Self {
        self.answer = Some(a);
        self
    }
    const fn client_msg(mut self, m: &'static str) -> Self {
        self.client_msg = Some(m);
        self
    }
    const fn to(mut self, agent: usize) -> Self {
        self.assignee = Some(agent);
        self
    }
    const fn requested(mut self, p: Priority, reason: &'static str) -> Self {
        self.requested = Some((p, reason));
        self
    }
    const fn scope(
        mut self,
        kind: ScopeKind,
        reason: Option<ScopeReason>,
        note: &'static str,
    ) -> Self {
        self.scope = Some((kind, reason, note));
        self
    }
    const fn accept_suggestion(mut self) -> Self {
        self.accept_suggestion = true;
        self
    }
    const fn quote(mut self, q: DemoQuote) -> Self {
        self.quote = Some(q);
        self
    }
    const fn tags(mut self, tags: &'static [&'static str]) -> Self {
        self.tags = tags;
        self
    }
}

/// Fate shorthands, so each spec fits the table-like layout of the ticket lists.
const fn waiting(paused_h: f64) -> Fate {
    Fate::Waiting { paused_h }
}
const fn resolved(ago_h: f64) -> Fate {
    Fate::Resolved { ago_h }
}
const fn closed(ago_h: f64, confirm_h: f64) -> Fate {
    Fate::Closed { ago_h, confirm_h }
}

/// Clients: 0 = Instituto Superior San Martín (Buenos Aires; campus 0 hosted, 1 posgrado on
/// their servers), 1 = Colegio Nuestra Señora del Valle (Córdoba; one hosted campus),
/// 2 = Escuela de Negocios Ibérica (Madrid; business-hours plan; campus 0 theirs, 1 hosted).
pub fn tickets() -> Vec<DemoTicket> {
    [
        san_martin::tickets(),
        del_valle::tickets(),
        iberica::tickets(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
