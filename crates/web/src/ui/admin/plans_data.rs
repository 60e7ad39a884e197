//! What the /admin/plans screen lists and its selects offer, loaded once per page, with the
//! id → name lookups its tables need (a plan shows its policy's name, a policy its calendar's).

use service::{
    Service,
    admin::{
        clients::{CampusView, ClientView},
        policies::{CalendarView, PlanView, PolicyView, SubscriptionView},
    },
};

use crate::ui::session::Session;

/// Everything the screen lists (and the selects offer).
pub struct PlansData {
    pub calendars: Vec<CalendarView>,
    pub policies: Vec<PolicyView>,
    pub plans: Vec<PlanView>,
    pub subscriptions: Vec<SubscriptionView>,
    pub clients: Vec<ClientView>,
    pub campuses: Vec<CampusView>,
}

impl PlansData {
    pub async fn load(svc: &Service, s: &Session) -> service::ServiceResult<PlansData> {
        let a = &s.0.actor;
        Ok(PlansData {
            calendars: svc.list_calendars(a).await?,
            policies: svc.list_policies(a).await?,
            plans: svc.list_plans(a).await?,
            subscriptions: svc.list_subscriptions(a, None).await?,
            clients: svc.list_clients(a).await?,
            campuses: svc.list_campuses(a, None).await?,
        })
    }

    pub fn calendar_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.calendars.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    pub fn policy_name(&self, id: &i64) -> String {
        let p = self.policies.iter().find(|p| p.id == *id);
        p.map(|p| p.name.clone()).unwrap_or_default()
    }

    pub fn plan_name(&self, id: &i64) -> String {
        let p = self.plans.iter().find(|p| p.id == *id);
        p.map(|p| p.name.clone()).unwrap_or_default()
    }

    pub fn client_name(&self, id: &i64) -> String {
        let c = self.clients.iter().find(|c| c.id == *id);
        c.map(|c| c.name.clone()).unwrap_or_default()
    }

    pub fn campus_url(&self, id: &Option<i64>) -> Option<String> {
        id.and_then(|id| self.campuses.iter().find(|c| c.id == id))
            .map(|c| c.url.clone())
    }
}
