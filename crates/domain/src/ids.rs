//! Newtype identifiers: a `TicketId` can never be passed where a `ClientId` is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }
    )*};
}

id_type!(
    ClientId,
    CampusId,
    PlanId,
    PolicyId,
    PolicyVersionId,
    CalendarId,
    CalendarVersionId,
    SubscriptionId,
    UserId,
    TokenId,
    TicketId,
    MessageId,
    AttachmentId,
    EventId,
);
