//! What a notification is about, and who gets which by default.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Client: the ticket was received (number, priority, expected resolution time).
    TicketReceived,
    /// Client: staff answered publicly.
    PublicReply,
    /// Client: the next step is theirs.
    WaitingOnYou,
    /// Client: resolved; confirm or reopen before the auto-close date.
    Resolved,
    /// Client: closed.
    Closed,
    /// Agent: a ticket was assigned to them.
    Assigned,
    /// Agent: the client wrote (also on a resolved ticket).
    ClientReplied,
    /// Agent: a warning threshold of the SLA was reached.
    SlaWarning,
    /// Supervisor: the SLA was breached; the ticket is escalated.
    SlaBreach,
    /// Agent: the client approved a quote (the work may start).
    QuoteApproved,
    /// Agent: the client declined a quote.
    QuoteRejected,
    /// Client: the monthly service report (PDF attached), on the first working day.
    MonthlyReport,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 12] = [
        NoticeKind::TicketReceived,
        NoticeKind::PublicReply,
        NoticeKind::WaitingOnYou,
        NoticeKind::Resolved,
        NoticeKind::Closed,
        NoticeKind::Assigned,
        NoticeKind::ClientReplied,
        NoticeKind::SlaWarning,
        NoticeKind::SlaBreach,
        NoticeKind::QuoteApproved,
        NoticeKind::QuoteRejected,
        NoticeKind::MonthlyReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::TicketReceived => "ticket_received",
            NoticeKind::PublicReply => "public_reply",
            NoticeKind::WaitingOnYou => "waiting_on_you",
            NoticeKind::Resolved => "resolved",
            NoticeKind::Closed => "closed",
            NoticeKind::Assigned => "assigned",
            NoticeKind::ClientReplied => "client_replied",
            NoticeKind::SlaWarning => "sla_warning",
            NoticeKind::SlaBreach => "sla_breach",
            NoticeKind::QuoteApproved => "quote_approved",
            NoticeKind::QuoteRejected => "quote_rejected",
            NoticeKind::MonthlyReport => "monthly_report",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Kinds a client admin receives; the rest go to staff.
    pub fn for_clients(self) -> bool {
        matches!(
            self,
            NoticeKind::TicketReceived
                | NoticeKind::PublicReply
                | NoticeKind::WaitingOnYou
                | NoticeKind::Resolved
                | NoticeKind::Closed
                | NoticeKind::MonthlyReport
        )
    }
}
