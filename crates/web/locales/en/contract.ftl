# The contract: what the subscription covers on each campus, each ticket's scope and the suggested scope.

contract-coverage-title = What the subscription covers
contract-plan-line = Plan: { $plan } · { $hours } h of campus administration per month
contract-not-hosted-note = This campus is not hosted on our servers: the services marked with an asterisk in the contract do not apply to it.
contract-included = Included
contract-not-included = Not included
contract-why-not-in-plan = the plan does not include it
contract-why-not-hosted = only for campuses hosted on our servers

contract-service-hosting = Hosting
contract-service-server-maintenance = Server maintenance
contract-service-security = System security
contract-service-monitoring = Systems monitoring
contract-service-os-db-updates = Operating system and database updates
contract-service-bug-fixes = Bug fixes
contract-service-daily-backups = Daily backups
contract-service-version-upgrade = Version upgrade (after 6 months of service)
contract-service-functional-support = Functional support
contract-service-technical-support = Technical support
contract-service-administrative-commercial = Administrative queries and commercial requests
contract-service-complaints = Complaints

contract-plan-services = Plan services
contract-plan-services-hint = Tick the services the plan includes, and those that apply only to campuses hosted on our servers (the contract's asterisked ones).
contract-service = Service
contract-hosted-only = Hosted campuses only
contract-plan-services-save = Save services

scope-reason-custom-development = custom development (programming built to order)
scope-reason-core-modification = a modification of the platform's core
scope-reason-integration = integration with other systems
scope-reason-campus-administration = campus administration (the administrator's own tasks: courses, contents, users)
scope-reason-not-hosted = a service only for campuses hosted on our servers
scope-reason-other = other work the subscription does not include

contract-scope-label = Scope
contract-scope-included = Included in the subscription
contract-scope-admin-hours = Paid from the campus administration hours
contract-scope-out = Not included in the subscription: { $reason }
contract-scope-note = Scope note
contract-no-reason = — no reason —
contract-reason-help = Required for “Out of scope”; ignored with the other scopes.

contract-suggestion-title = Suggested scope
contract-suggestion-accept = Accept the suggestion
contract-suggestion-override-hint = To set another scope, use the triage form: it is recorded as overriding the suggestion.
contract-why-matched = Matched “{ $words }”: { $rule }.
contract-rule-core-change = asks to change the platform's core code
contract-rule-plugin-install = asks to install a plugin or module (included)
contract-rule-custom-build = asks for something built to order
contract-rule-integration = asks to connect the campus with another system
contract-rule-how-to = asks how to do something (functional support)
contract-rule-version-upgrade = asks for the version upgrade (every campus gets it)
contract-rule-server-not-hosted = server work (backups, updates, security, hosting) on a campus not on our servers
contract-rule-server-hosted = server work on a campus hosted on our servers (included)
contract-rule-incident = reports something broken (technical support)
contract-rule-admin-task = asks for the campus administrator's own tasks on courses, users or contents
contract-rule-no-rule = no exclusion recognised (included by default)
contract-decision-accepted = Accepted
contract-decision-overridden = Overridden with another scope
event-scope-suggestion-decided = Scope suggestion

field-scope-note = Scope note
field-services-service = Service
err-reason-not-allowed = only “out of scope” takes a reason.
err-duplicate = is repeated.
state-no-scope-suggestion = This ticket has no suggested scope.
state-scope-suggestion-decided = The scope suggestion was already accepted or overridden.
