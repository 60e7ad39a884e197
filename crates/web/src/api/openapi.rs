//! The OpenAPI 3.1 document: generated from the handlers' annotations, then completed with
//! the problem+json responses every operation can give and the length limits the validators
//! enforce (read from `domain::limits`, so the schema and the checks cannot drift).

use domain::limits;
use serde_json::{Value, json};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::error::{FieldProblem, Problem};

#[derive(OpenApi)]
#[openapi(
    info(title = "Atiende API", description = "Help desk and contractual SLAs for hosted virtual campuses."),
    components(schemas(Problem, FieldProblem)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        if let Some(c) = doc.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `(schema, property, maxLength)` for every bounded string of a request body.
const LIMITS: &[(&str, &str, usize)] = &[
    ("NewTicket", "subject", limits::SUBJECT_MAX),
    ("NewTicket", "body", limits::BODY_MAX),
    ("TicketPatch", "subject", limits::SUBJECT_MAX),
    ("TicketPatch", "priority_reason", limits::REASON_MAX),
    ("ScopeInput", "note", limits::REASON_MAX),
    ("NewMessage", "body", limits::BODY_MAX),
    ("VersionInput", "title", limits::SUBJECT_MAX),
    ("VersionInput", "body", limits::BODY_MAX),
    ("ArticleInput", "slug", domain::kb::SLUG_MAX),
    ("ClientInput", "name", limits::NAME_MAX),
    ("ClientInput", "tax_id", limits::NAME_MAX),
    ("ClientInput", "time_zone", 64),
    ("CampusInput", "url", limits::URL_MAX),
    ("CampusInput", "platform", limits::NAME_MAX),
    ("CampusInput", "platform_version", limits::NAME_MAX),
    ("UserInput", "email", limits::EMAIL_MAX),
    ("UserInput", "name", limits::NAME_MAX),
    ("UserInput", "time_zone", 64),
    ("UserInput", "password", limits::PASSWORD_MAX),
    ("TokenInput", "name", limits::NAME_MAX),
    ("CalendarInput", "name", limits::NAME_MAX),
    ("PolicyInput", "name", limits::NAME_MAX),
    ("PlanInput", "name", limits::NAME_MAX),
    ("MaintenanceInput", "location", limits::URL_MAX),
    ("MaintenanceInput", "package", limits::NAME_MAX),
    ("MaintenanceInput", "from_version", limits::NAME_MAX),
    ("MaintenanceInput", "to_version", limits::NAME_MAX),
    ("MaintenanceInput", "description", limits::REASON_MAX),
    ("MaintenanceInput", "note", limits::REASON_MAX),
    ("MoodleTokenInput", "token", 256),
    ("NewQuote", "description", domain::quote::DESCRIPTION_MAX),
    ("QuoteRejection", "reason", limits::REASON_MAX),
    ("TimeEntryInput", "note", limits::REASON_MAX),
    ("TimeEntryPatch", "note", limits::REASON_MAX),
    ("AddonInput", "note", limits::REASON_MAX),
    ("AddonPatch", "note", limits::REASON_MAX),
    ("WebhookInput", "url", service::webhooks::URL_MAX),
    (
        "WebhookInput",
        "description",
        service::webhooks::DESCRIPTION_MAX,
    ),
    (
        "MonitorInput",
        "expected_text",
        service::monitors::EXPECTED_TEXT_MAX,
    ),
];

fn problem(description: &str) -> Value {
    json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

/// Adds the error responses and limits; returns the document as JSON.
pub fn finish(doc: utoipa::openapi::OpenApi) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    if let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let has_id = path.contains('{');
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let write = matches!(method.as_str(), "post" | "put" | "patch" | "delete");
                let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                let mut add = |code: &str, what: &str| {
                    responses
                        .entry(code.to_string())
                        .or_insert_with(|| problem(what));
                };
                add(
                    "400",
                    "Malformed request (syntax, invalid UTF-8, unreadable body)",
                );
                add("401", "Missing or invalid bearer token");
                add("403", "The caller's role may not do this");
                add(
                    "422",
                    "Well-formed but invalid input; `errors` names each field",
                );
                add("500", "Internal error (logged; no internals in the body)");
                if has_id || write {
                    add("404", "No such object, or it belongs to another client");
                }
                if write {
                    add(
                        "409",
                        "Conflicts with the current state (closed ticket, taken unique key)",
                    );
                    add("413", "The body is larger than allowed");
                    add("415", "The body is not application/json");
                }
            }
        }
    }
    if let Some(schemas) = v
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (schema, prop, max) in LIMITS {
            if let Some(p) = schemas
                .get_mut(*schema)
                .and_then(|s| s.pointer_mut(&format!("/properties/{prop}")))
                .and_then(Value::as_object_mut)
            {
                p.insert("maxLength".into(), json!(max));
            }
        }
    }
    v
}
