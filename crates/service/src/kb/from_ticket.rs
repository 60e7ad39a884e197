//! "Turn into article draft": a ticket's subject and public messages become the first text
//! of an internal draft, which the agent then edits. Internal notes never go in (they may say
//! things about the client that an article must not), and the draft stays internal until an
//! agent decides otherwise.

use domain::kb::{ArticleCategory, ArticleLang, Visibility};

use super::{ArticleInput, ArticleView, VersionInput};
use crate::{Actor, Service, ServiceResult};

impl Service {
    pub async fn article_draft_from_ticket(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<ArticleView> {
        actor.require_staff()?;
        let ticket = self.get_ticket_row(actor, ticket_id).await?; // TENANT (staff see all)
        let messages = store::messages::list_messages(&self.db, ticket.id, false).await?;
        let mut body = String::new();
        for m in messages.iter().filter(|m| !m.body.trim().is_empty()) {
            if !body.is_empty() {
                body.push_str("\n\n---\n\n");
            }
            body.push_str(m.body.trim());
        }
        if body.is_empty() {
            body = ticket.subject.clone();
        }
        let body: String = body.chars().take(domain::limits::BODY_MAX).collect();
        let input = ArticleInput {
            slug: None,
            category: ArticleCategory::Other,
            tags: Vec::new(),
            visibility: Visibility::Internal,
            versions: vec![VersionInput {
                lang: ArticleLang::Es,
                title: ticket.subject.clone(),
                body,
            }],
        };
        self.create_article_from(actor, &input, Some(ticket.id))
            .await
    }
}
