//! What the monthly subscription covers, as the seed's service sheet lists it: twelve services,
//! five of them marked * — they apply only to campuses served from the provider's own servers
//! (`hosted_by_us`). A plan lists these services (each included or not, each hosted-only or
//! not); what one campus gets follows from its plan and whether we host it ([`coverage`]).
//!
//! The seed's asterisk lives here once: [`ContractService::seed_hosted_only`] is the default of
//! every plan and what maintenance records check (`MaintenanceKind::service`).

use serde::{Deserialize, Serialize};

use crate::ticket::text_enum;

text_enum!(
    /// One service of the subscription, in the seed's order.
    ContractService {
        Hosting = "hosting",
        ServerMaintenance = "server_maintenance",
        Security = "security",
        Monitoring = "monitoring",
        OsDbUpdates = "os_db_updates",
        BugFixes = "bug_fixes",
        DailyBackups = "daily_backups",
        VersionUpgrade = "version_upgrade",
        FunctionalSupport = "functional_support",
        TechnicalSupport = "technical_support",
        AdministrativeCommercial = "administrative_commercial",
        Complaints = "complaints",
    }
);

impl ContractService {
    /// The seed's asterisk: hosting, server maintenance, security, OS/DB updates and daily
    /// backups exist only on our servers. Monitoring, bug fixes and the version upgrade (after
    /// 6 months) are for every campus, like the help desk itself.
    pub fn seed_hosted_only(self) -> bool {
        matches!(
            self,
            ContractService::Hosting
                | ContractService::ServerMaintenance
                | ContractService::Security
                | ContractService::OsDbUpdates
                | ContractService::DailyBackups
        )
    }
}

text_enum!(
    /// Whether one campus gets one service, and if not, why: `included` (the plan lists it
    /// and nothing in the campus excludes it), `not_in_plan` (the campus's plan does not list
    /// it), `not_hosted` (a hosted-only service and the campus is not on our servers).
    Coverage {
        Included = "included",
        NotInPlan = "not_in_plan",
        NotHosted = "not_hosted",
    }
);

/// What a campus gets of one service: the plan must include it, and a hosted-only service
/// needs a campus on our servers. "Not in the plan" wins when both hold: adding hosting to the
/// campus would still not give it a service the plan lacks.
pub fn coverage(in_plan: bool, hosted_only: bool, campus_hosted: bool) -> Coverage {
    if !in_plan {
        Coverage::NotInPlan
    } else if hosted_only && !campus_hosted {
        Coverage::NotHosted
    } else {
        Coverage::Included
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_asterisks() {
        let starred: Vec<&str> = ContractService::ALL
            .iter()
            .filter(|s| s.seed_hosted_only())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(
            starred,
            [
                "hosting",
                "server_maintenance",
                "security",
                "os_db_updates",
                "daily_backups"
            ]
        );
        assert_eq!(ContractService::ALL.len(), 12);
        for s in ContractService::ALL {
            assert_eq!(ContractService::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn coverage_of_a_campus() {
        assert_eq!(coverage(true, true, true), Coverage::Included);
        assert_eq!(coverage(true, true, false), Coverage::NotHosted);
        assert_eq!(coverage(true, false, false), Coverage::Included);
        assert_eq!(coverage(false, true, false), Coverage::NotInPlan);
        assert_eq!(coverage(false, false, true), Coverage::NotInPlan);
    }
}
