//! The dashboard's period figures: backlog by age (now), resolution and first-response times,
//! busiest hours. Each figure carries `query`, the queue filter (`GET /api/v1/tickets?…`,
//! `/console?…`) that lists exactly the tickets it counts.
//!
//! Times are real elapsed time (created → resolved, created → first public staff reply): the
//! SLA clock's business-hours count is not stored per ticket, and a median of instants the
//! client lived through is what a supervisor compares across plans. Percentiles are
//! nearest-rank (the value at rank ⌈p·n⌉ of the sorted times), so each is a real ticket's time.

use std::collections::BTreeMap;

use domain::Priority;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

use super::period::Period;
use crate::tickets::projection::rfc3339_us;

/// Every status: a link that must not fall back to the queue's default (open work).
pub(crate) const ALL_STATUSES: &str = "new,open,waiting_on_client,resolved,closed";
const NOT_CLOSED_WORK: &str = "new,open,waiting_on_client";
/// Age buckets' lower edges, in days before now (the last bucket is "older than 28 days").
pub const AGE_EDGES_DAYS: [i64; 4] = [1, 3, 7, 28];

/// A count and the queue filter behind it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figure {
    pub n: i64,
    /// The query string of `GET /api/v1/tickets` listing exactly these tickets.
    pub query: String,
}

/// Times in seconds over `count` tickets; `None` without tickets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeStats {
    pub count: i64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    pub query: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BacklogRow {
    pub priority: Priority,
    /// One per age bucket: < 1 day, 1–3 days, 3–7 days, 1–4 weeks, > 4 weeks.
    pub buckets: Vec<Figure>,
    pub total: Figure,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityTimes {
    pub priority: Priority,
    pub times: TimeStats,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgentTimes {
    /// `None`: tickets resolved while unassigned.
    pub user_id: Option<i64>,
    pub name: String,
    pub times: TimeStats,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FirstResponse {
    pub priority: Priority,
    /// Tickets created in the period that have a first staff reply, and its delay.
    pub replied: TimeStats,
    /// Tickets created in the period with no public staff reply yet (not in the times).
    pub waiting: Figure,
}

/// Tickets created in the period per weekday (Monday first) × hour of the provider's zone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BusiestHours {
    /// `cells[weekday][hour]`, weekday 0 = Monday.
    pub cells: Vec<Vec<Figure>>,
    pub max: i64,
}

/// `value` at rank ⌈p·n/100⌉ of `sorted` (nearest rank).
pub fn percentile(sorted: &[i64], p: i64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as i64;
    let rank = (p * n + 99) / 100;
    sorted.get((rank.clamp(1, n) - 1) as usize).copied()
}

pub(crate) fn stats(mut seconds: Vec<i64>, query: String) -> TimeStats {
    seconds.sort_unstable();
    TimeStats {
        count: seconds.len() as i64,
        median_seconds: percentile(&seconds, 50),
        p90_seconds: percentile(&seconds, 90),
        query,
    }
}

/// `key=value&…`; values here are codes, numbers and RFC 3339 instants (no `&`, `=` or space).
fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('+', "%2B")))
        .collect::<Vec<_>>()
        .join("&")
}

fn at(v: i64) -> String {
    rfc3339_us(crate::ts(v))
}

/// Priorities urgent first, as every dashboard and report table lists them.
pub fn priorities() -> impl Iterator<Item = Priority> {
    Priority::ALL.iter().rev().copied()
}

/// Backlog rows from the store's counts; `edges` as given to `store::dashboard::backlog`.
pub(crate) fn backlog(
    counts: &[store::dashboard::BacklogCount],
    edges: [i64; 4],
) -> Vec<BacklogRow> {
    // Bucket k is [edges[k], edges[k-1]): the newest has no upper edge, the oldest no lower.
    let range = |k: usize| -> Vec<(&str, String)> {
        let mut r = Vec::new();
        if k < 4 {
            r.push(("created_from", at(edges[k])));
        }
        if k > 0 {
            r.push(("created_to", at(edges[k - 1])));
        }
        r
    };
    priorities()
        .map(|p| {
            let base = vec![
                ("status", NOT_CLOSED_WORK.to_string()),
                ("priority", p.as_str().to_string()),
            ];
            let buckets: Vec<Figure> = (0..5)
                .map(|k| {
                    let n = counts
                        .iter()
                        .filter(|c| c.priority == p.as_str() && c.bucket == k as i64)
                        .map(|c| c.n)
                        .sum();
                    let mut pairs = base.clone();
                    pairs.extend(range(k));
                    Figure {
                        n,
                        query: query(&pairs),
                    }
                })
                .collect();
            BacklogRow {
                priority: p,
                total: Figure {
                    n: buckets.iter().map(|b| b.n).sum(),
                    query: query(&base),
                },
                buckets,
            }
        })
        .collect()
}

fn resolved_pairs(period: &Period) -> Vec<(&'static str, String)> {
    vec![
        ("status", ALL_STATUSES.to_string()),
        ("resolved_from", at(period.from_us)),
        ("resolved_to", at(period.to_us)),
    ]
}

fn created_pairs(period: &Period) -> Vec<(&'static str, String)> {
    vec![
        ("status", ALL_STATUSES.to_string()),
        ("created_from", at(period.from_us)),
        ("created_to", at(period.to_us)),
    ]
}

/// Resolution times per priority.
pub(crate) fn resolution_by_priority(
    rows: &[store::dashboard::Resolved],
    period: &Period,
) -> Vec<PriorityTimes> {
    priorities()
        .map(|p| {
            let secs = rows
                .iter()
                .filter(|r| r.priority == p.as_str())
                .map(|r| (r.resolved_at_us - r.created_at_us) / 1_000_000)
                .collect();
            let mut pairs = resolved_pairs(period);
            pairs.push(("priority", p.as_str().into()));
            PriorityTimes {
                priority: p,
                times: stats(secs, query(&pairs)),
            }
        })
        .collect()
}

/// Resolution times per current assignee (`names`: user id → name), by name, unassigned last.
pub(crate) fn resolution_by_agent(
    rows: &[store::dashboard::Resolved],
    period: &Period,
    names: &BTreeMap<i64, String>,
    unassigned: &str,
) -> Vec<AgentTimes> {
    let mut by: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
    for r in rows {
        by.entry(r.assignee_id)
            .or_default()
            .push((r.resolved_at_us - r.created_at_us) / 1_000_000);
    }
    let mut out: Vec<AgentTimes> = by
        .into_iter()
        .map(|(user, secs)| {
            let mut pairs = resolved_pairs(period);
            pairs.push((
                "assignee",
                user.map_or_else(|| "none".to_string(), |u| u.to_string()),
            ));
            AgentTimes {
                user_id: user,
                name: match user {
                    Some(u) => names.get(&u).cloned().unwrap_or_else(|| u.to_string()),
                    None => unassigned.to_string(),
                },
                times: stats(secs, query(&pairs)),
            }
        })
        .collect();
    out.sort_by(|a, b| (a.user_id.is_none(), &a.name).cmp(&(b.user_id.is_none(), &b.name)));
    out
}

pub(crate) fn first_response(
    rows: &[store::dashboard::Created],
    period: &Period,
) -> Vec<FirstResponse> {
    priorities()
        .map(|p| {
            let mine: Vec<_> = rows.iter().filter(|r| r.priority == p.as_str()).collect();
            let secs = mine
                .iter()
                .filter_map(|r| r.first_reply_us.map(|f| (f - r.created_at_us) / 1_000_000))
                .collect();
            let mut pairs = created_pairs(period);
            pairs.push(("priority", p.as_str().into()));
            let mut replied = pairs.clone();
            replied.push(("staff_replied", "true".into()));
            pairs.push(("staff_replied", "false".into()));
            FirstResponse {
                priority: p,
                replied: stats(secs, query(&replied)),
                waiting: Figure {
                    n: mine.iter().filter(|r| r.first_reply_us.is_none()).count() as i64,
                    query: query(&pairs),
                },
            }
        })
        .collect()
}

pub(crate) fn busiest_hours(
    rows: &[store::dashboard::Created],
    period: &Period,
    tz: &jiff::tz::TimeZone,
) -> BusiestHours {
    let mut n = vec![vec![0i64; 24]; 7];
    for r in rows {
        if let Ok(t) = Timestamp::from_microsecond(r.created_at_us) {
            let z = t.to_zoned_datetime(tz.clone());
            let wd = crate::tickets::weekday_number(z.weekday()) as usize - 1;
            n[wd][z.hour() as usize] += 1;
        }
    }
    let max = n.iter().flatten().copied().max().unwrap_or(0);
    let cells = n
        .iter()
        .enumerate()
        .map(|(wd, hours)| {
            hours
                .iter()
                .enumerate()
                .map(|(h, count)| {
                    let mut pairs = created_pairs(period);
                    pairs.push(("created_weekday", (wd + 1).to_string()));
                    pairs.push(("created_hour", h.to_string()));
                    Figure {
                        n: *count,
                        query: query(&pairs),
                    }
                })
                .collect()
        })
        .collect();
    BusiestHours { cells, max }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[1, 2, 3], 50), Some(2));
        assert_eq!(percentile(&[1, 2, 3], 90), Some(3));
    }
}
