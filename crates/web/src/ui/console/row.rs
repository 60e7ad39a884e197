//! One ticket as the queue and the dashboard lists show it: who, where (the campus), how
//! urgent, and when it is due — with the reason when its clock stands still.
//!
//! Names come from lookups loaded once per page ([`Lookups`]), never one query per row.

use std::collections::HashMap;

use domain::{ticket::Status, user::Role};
use service::{
    Actor, Service, ServiceResult,
    admin::clients::CampusView,
    tickets::{SlaView, TicketView},
};

use crate::ui::{i18n::Tr, sla_badge::SlaBadge};

/// A campus as agents recognise it: its host name, platform and version, who hosts it.
#[derive(Clone)]
pub struct Campus {
    pub name: String,
    pub url: String,
    pub platform: String,
    pub hosted: String,
    pub hosted_by_us: bool,
}

impl Campus {
    fn of(t: &Tr, c: &CampusView) -> Campus {
        let host = c
            .url
            .split("://")
            .nth(1)
            .unwrap_or(&c.url)
            .split('/')
            .next()
            .unwrap_or(&c.url);
        Campus {
            name: host.to_string(),
            url: c.url.clone(),
            platform: format!("{} {}", c.platform, c.platform_version)
                .trim()
                .to_string(),
            hosted: t.t(if c.hosted_by_us {
                "console2-hosted-by-us"
            } else {
                "console2-hosted-elsewhere"
            }),
            hosted_by_us: c.hosted_by_us,
        }
    }
}

/// The due instant in the viewer's zone, and why the clock does not run, if it does not.
pub struct Due {
    pub iso: String,
    pub text: String,
    /// `paused` or `off_hours`; empty while the clock runs or once the ticket is final.
    pub stopped: &'static str,
    pub stopped_text: String,
}

impl Due {
    pub fn of(t: &Tr, sla: &SlaView, status: Status) -> Due {
        let fin = status == Status::Closed || sla.state.as_str() == "met";
        let stopped = if fin {
            ""
        } else if sla.paused {
            "paused"
        } else if !sla.clock_running {
            "off_hours"
        } else {
            ""
        };
        Due {
            iso: sla.due_at.clone(),
            text: t.datetime(&sla.due_at),
            stopped,
            stopped_text: match stopped {
                "paused" => t.t("console2-clock-paused"),
                "off_hours" => t.t("console2-clock-off-hours"),
                _ => String::new(),
            },
        }
    }
}

pub struct Row {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub client: String,
    pub campus: Option<Campus>,
    pub priority: &'static str,
    pub status: String,
    pub category: String,
    pub assignee: String,
    pub badge: SlaBadge,
    pub due: Due,
    /// A client wrote (on a resolved ticket) and no staff member has acted since.
    pub client_replied: bool,
    /// The breach was announced to the supervisors.
    pub escalated: bool,
    /// With a search: where it matched (label) and the excerpt's pieces (`true` = a hit).
    pub excerpt: Option<(String, Vec<(String, bool)>)>,
}

/// Client, user and campus names, each read once for the whole page.
pub struct Lookups {
    pub clients: HashMap<i64, String>,
    pub users: HashMap<i64, (String, Role)>,
    pub campuses: HashMap<i64, Campus>,
}

impl Lookups {
    pub async fn load(svc: &Service, actor: &Actor, t: &Tr) -> ServiceResult<Lookups> {
        let (clients, users, campuses) = tokio::try_join!(
            svc.list_clients(actor),
            svc.list_users(actor),
            svc.list_campuses(actor, None)
        )?;
        Ok(Lookups {
            clients: clients.into_iter().map(|c| (c.id, c.name)).collect(),
            users: users
                .into_iter()
                .map(|u| (u.id, (u.name, u.role)))
                .collect(),
            campuses: campuses.iter().map(|c| (c.id, Campus::of(t, c))).collect(),
        })
    }

    pub fn user(&self, id: i64) -> Option<&str> {
        self.users.get(&id).map(|(n, _)| n.as_str())
    }

    pub fn row(&self, t: &Tr, tk: &TicketView) -> Row {
        Row {
            id: tk.id,
            number: tk.number.clone(),
            subject: tk.subject.clone(),
            client: self.clients.get(&tk.client_id).cloned().unwrap_or_default(),
            campus: tk.campus_id.and_then(|c| self.campuses.get(&c).cloned()),
            priority: tk.priority.as_str(),
            status: t.label("status", tk.status.as_str()),
            category: t.label("category", tk.category.as_str()),
            assignee: tk
                .assignee_id
                .and_then(|a| self.user(a).map(str::to_string))
                .unwrap_or_else(|| t.t("console-unassigned")),
            badge: SlaBadge::of(t, &tk.sla, tk.status == Status::Closed),
            due: Due::of(t, &tk.sla, tk.status),
            client_replied: tk.client_replied_at.is_some(),
            escalated: tk.escalated_at.is_some(),
            excerpt: tk.excerpt.as_ref().map(|e| excerpt(t, e)),
        }
    }
}

/// A search excerpt for a template: where it matched, then its pieces (hits marked).
pub fn excerpt(t: &Tr, e: &service::tickets::SearchExcerpt) -> (String, Vec<(String, bool)>) {
    let field = match e.field {
        service::tickets::ExcerptField::Subject => "subject",
        service::tickets::ExcerptField::Message => "message",
        service::tickets::ExcerptField::Note => "note",
    };
    (
        t.t(&format!("search-in-{field}")),
        e.segments.iter().map(|s| (s.text.clone(), s.hit)).collect(),
    )
}
