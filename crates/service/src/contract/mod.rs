//! The contract on every ticket (issue 19, parts 1 and 2): what a plan covers and what one
//! campus gets of it (`plan_services`, `coverage`), the scope of a ticket with its reason in
//! plain words (`scope`), and the scope Atiende suggests when a ticket is opened, which an agent
//! accepts or overrides (`suggestion`).

mod coverage;
mod plan_services;
mod scope;
mod suggestion;

pub use coverage::{CampusCoverage, ClientCoverage, CoveragePlan, ServiceCoverage};
pub(crate) use plan_services::seed_plan_services;
pub use plan_services::{PlanServiceInput, PlanServiceView, PlanServicesInput};
pub use scope::{ScopeInput, ScopeView};
pub(crate) use scope::{apply_scope, scope_view};
pub(crate) use suggestion::staff_suggestion;
pub use suggestion::{ScopeSuggestionView, store_suggestion};
