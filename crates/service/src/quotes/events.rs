//! What a quote's changes write into the ticket's history (`TicketEvent::Quote*`): enough to
//! read the history on its own, even if the quote row were gone.

use serde::{Deserialize, Serialize};

/// `quote_sent`: the terms as sent (the amount in minor units of `currency`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSent {
    pub quote_id: i64,
    pub description: String,
    pub minutes: i64,
    pub amount_minor: i64,
    pub currency: String,
    /// `YYYY-MM-DD` in the client's calendar.
    pub valid_until: String,
    /// The pending quote this one replaced (withdrawn in the same change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<i64>,
}

/// `quote_approved` / `quote_rejected`: the client's decision (a rejection may say why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteDecided {
    pub quote_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `quote_expired`: recorded at the end of the validity day, whenever it was noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteExpired {
    pub quote_id: i64,
}

/// `quote_withdrawn`: staff took it back, or a newer quote replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteWithdrawn {
    pub quote_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<i64>,
}
