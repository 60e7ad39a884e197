//! The 12-month compliance trend ending at the period's last month: all clients, read from
//! [`Service::compliance_report`] (grouped by priority), so the dashboard, the compliance API
//! and the monthly report count outcomes the same way.

use domain::hours::Month;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    Actor, Service, ServiceResult,
    reports::{ComplianceQuery, model::Outcomes},
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrendMonth {
    /// `YYYY-MM` (each client's own zone, as in the compliance report).
    pub month: String,
    /// Not over yet in some client's zone.
    pub partial: bool,
    pub total: Outcomes,
    /// Urgent first; the compliance report's rows for the month.
    pub by_priority: Vec<TrendPriority>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrendPriority {
    /// A priority code.
    pub priority: String,
    pub outcomes: Outcomes,
}

/// How many months the trend shows.
pub const TREND_MONTHS: usize = 12;

impl Service {
    /// Twelve months ending with `last` (oldest first).
    pub(crate) async fn compliance_trend(
        &self,
        actor: &Actor,
        last: Month,
    ) -> ServiceResult<Vec<TrendMonth>> {
        let mut first = last;
        for _ in 1..TREND_MONTHS {
            first = first.prev();
        }
        let report = self
            .compliance_report(
                actor,
                &ComplianceQuery {
                    from: Some(first.to_string()),
                    to: Some(last.to_string()),
                    client_id: None,
                    group_by: Some("priority".into()),
                },
            )
            .await?;
        Ok(report
            .months
            .into_iter()
            .map(|m| {
                let mut by_priority: Vec<TrendPriority> = m
                    .rows
                    .into_iter()
                    .map(|r| TrendPriority {
                        priority: r.key,
                        outcomes: r.outcomes,
                    })
                    .collect();
                by_priority
                    .sort_by_key(|r| std::cmp::Reverse(domain::Priority::parse(&r.priority)));
                TrendMonth {
                    month: m.month,
                    partial: m.partial,
                    total: m.total,
                    by_priority,
                }
            })
            .collect())
    }
}
