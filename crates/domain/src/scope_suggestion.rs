//! The scope Atiende suggests for a new ticket, from its subject and text and whether its
//! campus is on our servers. Pure, deterministic and explainable: ordered rules over the
//! request's words (Spanish and English, accent- and case-insensitive), the first that matches
//! decides, and the suggestion carries the rule and the words that matched, quoted as the client
//! wrote them — so an agent sees *why* ("crear 40 cursos" → the administrator's own tasks).
//!
//! The order encodes the seed's reading: a change to the core or custom programming is out
//! of scope even when it mentions a plugin; installing a plugin is included (the seed lists it
//! under low priority) even when the plugin connects to Zoom or Teams; a named integration is
//! out of scope; asking *how* to do something is functional support, never the work itself;
//! the version upgrade is for every campus; server work (backups, updates, security, hosting)
//! is included on our servers and `not_hosted` elsewhere; an incident is included; the
//! administrator's tasks on courses, users and contents are out of scope; anything else is
//! included — the help desk's default. Agents decide: a suggestion never sets the scope.

mod lexicon;
mod words;

use lexicon as lx;
use words::{Span, Words};

use serde::{Deserialize, Serialize};

use crate::{
    scope::ScopeReason,
    ticket::{ScopeKind, text_enum},
};

text_enum!(
    /// What a request looks like, contract-wise.
    SuggestedClass {
        Included = "included",
        CampusAdministration = "campus_administration",
        CustomDevelopment = "custom_development",
        Integration = "integration",
        CoreModification = "core_modification",
        NotHosted = "not_hosted",
    }
);

impl SuggestedClass {
    /// The scope an agent accepting this suggestion sets.
    pub fn scope(self) -> (ScopeKind, Option<ScopeReason>) {
        let out = |r| (ScopeKind::OutOfScope, Some(r));
        match self {
            SuggestedClass::Included => (ScopeKind::Included, None),
            SuggestedClass::CampusAdministration => out(ScopeReason::CampusAdministration),
            SuggestedClass::CustomDevelopment => out(ScopeReason::CustomDevelopment),
            SuggestedClass::Integration => out(ScopeReason::Integration),
            SuggestedClass::CoreModification => out(ScopeReason::CoreModification),
            SuggestedClass::NotHosted => out(ScopeReason::NotHosted),
        }
    }

    /// Back from a stored scope (`None` for one no suggestion produces, e.g. `admin_hours`).
    pub fn from_scope(kind: ScopeKind, reason: Option<ScopeReason>) -> Option<SuggestedClass> {
        SuggestedClass::ALL
            .iter()
            .copied()
            .find(|c| c.scope() == (kind, reason))
    }
}

text_enum!(
    /// The rule that decided, in the order they are tried.
    Rule {
        CoreChange = "core_change",
        PluginInstall = "plugin_install",
        CustomBuild = "custom_build",
        Integration = "integration",
        HowTo = "how_to",
        VersionUpgrade = "version_upgrade",
        ServerNotHosted = "server_not_hosted",
        ServerHosted = "server_hosted",
        Incident = "incident",
        AdminTask = "admin_task",
        NoRule = "no_rule",
    }
);

impl Rule {
    pub fn class(self) -> SuggestedClass {
        match self {
            Rule::CoreChange => SuggestedClass::CoreModification,
            Rule::CustomBuild => SuggestedClass::CustomDevelopment,
            Rule::Integration => SuggestedClass::Integration,
            Rule::ServerNotHosted => SuggestedClass::NotHosted,
            Rule::AdminTask => SuggestedClass::CampusAdministration,
            Rule::PluginInstall
            | Rule::HowTo
            | Rule::VersionUpgrade
            | Rule::ServerHosted
            | Rule::Incident
            | Rule::NoRule => SuggestedClass::Included,
        }
    }

    /// The rule in plain words (English, for the API; pages say it in the reader's language).
    pub fn describe(self) -> &'static str {
        match self {
            Rule::CoreChange => "asks to change the platform's core code",
            Rule::PluginInstall => "asks to install a plugin or module (included)",
            Rule::CustomBuild => "asks for something built to order",
            Rule::Integration => "asks to connect the campus with another system",
            Rule::HowTo => "asks how to do something (functional support)",
            Rule::VersionUpgrade => "asks for the platform's version upgrade (every campus)",
            Rule::ServerNotHosted => {
                "server work (backups, updates, security, hosting) on a campus not on our servers"
            }
            Rule::ServerHosted => "server work on a campus on our servers (included)",
            Rule::Incident => "reports something broken (technical support)",
            Rule::AdminTask => {
                "asks for the campus administrator's own tasks on courses, users or contents"
            }
            Rule::NoRule => "no exclusion recognised (included by default)",
        }
    }
}

text_enum!(
    /// What an agent did with a suggestion: took it as the ticket's scope, or set another.
    Decision {
        Accepted = "accepted",
        Overridden = "overridden",
    }
);

/// A suggestion: the class, the rule that decided, and the client's own words it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub class: SuggestedClass,
    pub rule: Rule,
    /// The matched words as written (`None` for [`Rule::NoRule`]).
    pub matched: Option<String>,
}

impl Suggestion {
    /// "Matched «crear 40 cursos»: asks for the campus administrator's own tasks…".
    pub fn explanation(&self) -> String {
        match &self.matched {
            Some(m) => format!("Matched «{m}»: {}", self.rule.describe()),
            None => self.rule.describe().to_string(),
        }
    }
}

/// The longest quote kept of the matched words.
pub const MATCH_MAX: usize = 80;

/// Suggests the scope of a request. `campus_hosted` is `None` when the ticket names no campus:
/// then nothing is `not_hosted`, because nothing says the campus is elsewhere.
pub fn suggest(subject: &str, body: &str, campus_hosted: Option<bool>) -> Suggestion {
    let text = format!("{subject}\n{body}");
    let w = Words::new(&text);
    let (rule, span) = decide(&w, campus_hosted);
    Suggestion {
        class: rule.class(),
        rule,
        matched: span.map(|s| w.quote(s, MATCH_MAX)),
    }
}

fn decide(w: &Words, hosted: Option<bool>) -> (Rule, Option<Span>) {
    let core = || {
        w.near(lx::CORE_VERBS, lx::CORE_OBJECTS, 6)
            .or_else(|| w.any(lx::CORE_ALONE))
    };
    let build = w.any(lx::BUILD);
    let custom = || {
        build
            .or_else(|| w.near(lx::CUSTOM, lx::CUSTOM_THINGS, 2))
            .or_else(|| w.near(lx::NEW, lx::FEATURE, 3))
            .or_else(|| w.near(lx::ADAPT, lx::PLUGIN, 3))
    };
    // Installing is included unless the thing to install is to be built first.
    let install = || {
        build
            .is_none()
            .then(|| w.near(lx::INSTALL, lx::INSTALLABLE, 6))
            .flatten()
    };
    let integration = || {
        w.any(lx::INTEGRATE)
            .or_else(|| w.any(lx::SYSTEMS))
            .or_else(|| w.near(lx::CONNECT, lx::TOOLS, 8))
    };
    let upgrade = || {
        w.any(lx::SERVER_SOFTWARE).is_none().then(|| {
            w.near(lx::UPGRADE, lx::PLATFORM, 4)
                .or_else(|| w.any(lx::UPGRADE_ALONE))
        })?
    };
    let server = || w.any(lx::SERVER);
    let incident = || {
        w.any(lx::INCIDENT)
            .or_else(|| w.then(lx::NOT, lx::BROKEN_VERBS, 3))
    };
    let admin = || w.near(lx::ADMIN_VERBS, lx::ADMIN_OBJECTS, 6);

    let checks: [(Rule, &dyn Fn() -> Option<Span>); 9] = [
        (Rule::CoreChange, &core),
        (Rule::PluginInstall, &install),
        (Rule::CustomBuild, &custom),
        (Rule::Integration, &integration),
        (Rule::HowTo, &|| w.any(lx::HOW_TO)),
        (Rule::VersionUpgrade, &upgrade),
        (
            if hosted == Some(false) {
                Rule::ServerNotHosted
            } else {
                Rule::ServerHosted
            },
            &server,
        ),
        (Rule::Incident, &incident),
        (Rule::AdminTask, &admin),
    ];
    checks
        .iter()
        .find_map(|(rule, check)| check().map(|s| (*rule, Some(s))))
        .unwrap_or((Rule::NoRule, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str, hosted: Option<bool>) -> SuggestedClass {
        suggest(text, "", hosted).class
    }

    #[test]
    fn the_issues_examples() {
        let s = suggest(
            "Cursos nuevos",
            "Necesitamos crear 40 cursos y matricular a los alumnos",
            Some(true),
        );
        assert_eq!(s.class, SuggestedClass::CampusAdministration);
        assert_eq!(s.rule, Rule::AdminTask);
        assert_eq!(s.matched.as_deref(), Some("crear 40 cursos"));
        assert!(s.explanation().starts_with("Matched «crear 40 cursos»"));
        use SuggestedClass::*;
        assert_eq!(
            class("desarrollar un plugin a medida", Some(true)),
            CustomDevelopment
        );
        assert_eq!(
            class("integrar con el SIU Guaraní", Some(true)),
            Integration
        );
        assert_eq!(class("integrar con SAP", None), Integration);
        assert_eq!(class("modificar el núcleo", Some(true)), CoreModification);
        assert_eq!(class("instalar el plugin X", Some(true)), Included);
        assert_eq!(
            class("Configurar los backups del servidor", Some(false)),
            NotHosted
        );
        assert_eq!(
            class("Configurar los backups del servidor", Some(true)),
            Included
        );
        assert_eq!(class("Configurar los backups del servidor", None), Included);
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        let a = suggest("MODIFICAR EL NUCLEO", "", Some(true));
        let b = suggest("modificar el núcleo", "", Some(true));
        assert_eq!((a.class, a.rule), (b.class, b.rule));
    }

    #[test]
    fn no_rule_is_included_and_says_so() {
        let s = suggest("Hola", "Gracias por todo", Some(true));
        assert_eq!(
            (s.class, s.rule, s.matched),
            (SuggestedClass::Included, Rule::NoRule, None)
        );
    }

    #[test]
    fn classes_round_trip_through_their_scope() {
        for c in SuggestedClass::ALL {
            let (k, r) = c.scope();
            assert_eq!(SuggestedClass::from_scope(k, r), Some(*c));
        }
        assert_eq!(
            SuggestedClass::from_scope(ScopeKind::AdminHours, None),
            None
        );
    }
}
