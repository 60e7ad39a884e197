//! Saved replies: an agent's own (personal) or shared with all staff.
//!
//! Rules: staff see every shared reply and their own personal ones; somebody else's personal
//! reply does not exist for them (404). Only the owner or an admin changes or deletes a reply.
//! Placeholders are checked when a reply is saved, so a typo is refused with the list of valid
//! ones instead of reaching a client as a raw `{nmbre}`.

use domain::{FieldError, limits, ticket::bounded_text, user::Role};
use serde::Serialize;
use store::canned::{self as st, CannedInput, CannedRow};

use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339};

/// Every placeholder a saved reply may use, in the order the UI lists them.
pub const PLACEHOLDERS: [&str; 5] = ["{nombre}", "{cliente}", "{ticket}", "{asunto}", "{agente}"];

#[derive(Debug, Clone, Serialize)]
pub struct CannedView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub shared: bool,
    pub owner_id: Option<i64>,
    /// The viewer may edit and delete it (owner or admin).
    pub editable: bool,
    pub created_at: String,
}

/// What the placeholders stand for on one ticket.
pub struct FillValues<'a> {
    /// The requester's full name; `{nombre}` is its first word.
    pub requester: &'a str,
    pub client: &'a str,
    pub ticket: &'a str,
    pub subject: &'a str,
    pub agent: &'a str,
}

/// `{word}` tokens of `text` (letters, digits, `_`), in order of appearance, without repeats.
/// A lone brace or one around other text (`{ "a": 1 }`) is not a placeholder.
pub fn placeholders_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let word_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if word_len > 0 && after[word_len..].starts_with('}') {
            let token = format!("{{{}}}", &after[..word_len]);
            if !found.contains(&token) {
                found.push(token);
            }
        }
        rest = after;
    }
    found
}

/// The placeholders of `text` that [`PLACEHOLDERS`] does not know.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    placeholders_in(text)
        .into_iter()
        .filter(|p| !PLACEHOLDERS.contains(&p.as_str()))
        .collect()
}

/// The reply with its placeholders replaced for one ticket.
pub fn fill(body: &str, v: &FillValues<'_>) -> String {
    let first = v.requester.split_whitespace().next().unwrap_or(v.requester);
    body.replace("{nombre}", first)
        .replace("{cliente}", v.client)
        .replace("{ticket}", v.ticket)
        .replace("{asunto}", v.subject)
        .replace("{agente}", v.agent)
}

fn may_edit(actor: &Actor, r: &CannedRow) -> bool {
    actor.role == Role::Admin || r.created_by == Some(actor.user_id)
}

fn view(actor: &Actor, r: CannedRow) -> CannedView {
    CannedView {
        editable: may_edit(actor, &r),
        id: r.id,
        title: r.title,
        body: r.body,
        shared: r.shared,
        owner_id: r.created_by,
        created_at: rfc3339(r.created_at_us),
    }
}

/// A reply's text checked: bounded, and only known placeholders (code `unknown_placeholder`,
/// the unknown ones in the message).
fn validate(title: &str, body: &str) -> ServiceResult<(String, String)> {
    let mut e = Errors::default();
    let title = e
        .take(bounded_text("title", title, limits::NAME_MAX))
        .unwrap_or_default();
    let body = e
        .take(bounded_text("body", body, limits::BODY_MAX))
        .unwrap_or_default();
    for (field, text) in [("title", &title), ("body", &body)] {
        let unknown = unknown_placeholders(text);
        if !unknown.is_empty() {
            e.0.push(FieldError::new(
                field,
                "unknown_placeholder",
                format!(
                    "unknown placeholder {}; valid: {}",
                    unknown.join(", "),
                    PLACEHOLDERS.join(", ")
                ),
            ));
        }
    }
    e.finish()?;
    Ok((title, body))
}

impl Service {
    /// The replies the actor may use: shared ones and their own.
    pub async fn list_canned(&self, actor: &Actor) -> ServiceResult<Vec<CannedView>> {
        actor.require_staff()?;
        let rows = st::list_canned_for(&self.db, actor.user_id).await?;
        Ok(rows.into_iter().map(|r| view(actor, r)).collect())
    }

    /// One reply the actor may see (another agent's personal reply is "not found").
    pub async fn get_canned(&self, actor: &Actor, id: i64) -> ServiceResult<CannedView> {
        Ok(view(actor, self.visible_canned(actor, id).await?))
    }

    async fn visible_canned(&self, actor: &Actor, id: i64) -> ServiceResult<CannedRow> {
        actor.require_staff()?;
        match st::get_canned(&self.db, id).await? {
            Some(r) if r.shared || r.created_by == Some(actor.user_id) => Ok(r),
            _ => Err(ServiceError::NotFound),
        }
    }

    async fn editable_canned(&self, actor: &Actor, id: i64) -> ServiceResult<CannedRow> {
        let r = self.visible_canned(actor, id).await?;
        if may_edit(actor, &r) {
            Ok(r)
        } else {
            Err(ServiceError::Forbidden(
                "only its owner or an administrator changes a shared reply",
            ))
        }
    }

    pub async fn create_canned(
        &self,
        actor: &Actor,
        title: &str,
        body: &str,
        shared: bool,
    ) -> ServiceResult<i64> {
        actor.require_staff()?;
        let (title, body) = validate(title, body)?;
        let mut tx = self.db.begin().await?;
        let input = CannedInput {
            title: &title,
            body: &body,
            shared,
        };
        let id = st::insert_canned(&mut tx, &input, Some(actor.user_id), self.now_us()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_canned(
        &self,
        actor: &Actor,
        id: i64,
        title: &str,
        body: &str,
        shared: bool,
    ) -> ServiceResult<()> {
        self.editable_canned(actor, id).await?;
        let (title, body) = validate(title, body)?;
        let mut tx = self.db.begin().await?;
        let input = CannedInput {
            title: &title,
            body: &body,
            shared,
        };
        st::update_canned(&mut tx, id, &input, self.now_us()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_canned(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        self.editable_canned(actor, id).await?;
        let mut tx = self.db.begin().await?;
        st::delete_canned(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_words_in_braces() {
        assert_eq!(
            placeholders_in("Hola {nombre}, {nombre}: {x_1} { no } {} {ñandú}"),
            ["{nombre}", "{x_1}", "{ñandú}"]
        );
        assert_eq!(
            unknown_placeholders("Hola {nombre} de {cliente}"),
            Vec::<String>::new()
        );
        assert_eq!(unknown_placeholders("Hola {nmbre}"), ["{nmbre}"]);
        let v = FillValues {
            requester: "Ana María Paz",
            client: "Norte",
            ticket: "T-0000001",
            subject: "Lento",
            agent: "Sofía",
        };
        assert_eq!(
            fill(
                "Hola {nombre} ({cliente}, {ticket}: {asunto}). {agente}",
                &v
            ),
            "Hola Ana (Norte, T-0000001: Lento). Sofía"
        );
    }
}
