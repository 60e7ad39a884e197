//! The four contractual service levels of the seed.

use serde::{Deserialize, Serialize};

/// Service level of a ticket. Ordered: `Low < Medium < High < Urgent`, so
/// "raising" and "lowering" a priority are plain comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Medium,
        Priority::High,
        Priority::Urgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// One value per priority (targets, counters…), indexable by `Priority`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PerPriority<T> {
    pub low: T,
    pub medium: T,
    pub high: T,
    pub urgent: T,
}

impl<T> PerPriority<T> {
    pub fn get(&self, p: Priority) -> &T {
        match p {
            Priority::Low => &self.low,
            Priority::Medium => &self.medium,
            Priority::High => &self.high,
            Priority::Urgent => &self.urgent,
        }
    }
}
