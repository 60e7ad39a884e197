//! Votes ("¿le resultó útil?"), deflections ("esto resolvió mi consulta": a client admin
//! found the answer and opened no ticket) and the period's figures for the dashboard.

use domain::{limits, ticket::check_chars};
use serde::{Deserialize, Serialize};
use store::kb::activity as st;
use utoipa::ToSchema;

use crate::{Actor, Service, ServiceError, ServiceResult};

/// `POST /api/v1/kb/articles/{id}/vote`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub helpful: bool,
}

#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct VoteCounts {
    pub helpful: i64,
    pub not_helpful: i64,
}

/// `POST /api/v1/kb/articles/{id}/deflections`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeflectionInput {
    /// What the client had typed (the new ticket's subject), kept to learn which questions
    /// the knowledge base answers.
    #[serde(default)]
    pub query: String,
}

/// Knowledge-base figures of a period.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct KbFigures {
    /// Consultations a client admin marked as resolved by an article (no ticket opened).
    pub deflections: i64,
    pub article_views: i64,
}

impl Service {
    /// The actor's vote on an article they may see; voting again changes it.
    pub async fn vote_article(
        &self,
        actor: &Actor,
        key: &str,
        v: &Vote,
    ) -> ServiceResult<VoteCounts> {
        let a = self.visible_article(actor, key).await?;
        let mut tx = self.db.begin().await?;
        st::upsert_vote(
            &mut tx,
            a.id,
            actor.user_id,
            actor.client_id,
            v.helpful,
            self.now_us(),
        )
        .await?;
        tx.commit().await?;
        let (helpful, not_helpful) = st::vote_counts(&self.db, a.id).await?;
        Ok(VoteCounts {
            helpful,
            not_helpful,
        })
    }

    /// Records that an article answered a client admin's question (no ticket is created).
    /// Client admins only: staff answer tickets, they do not deflect them.
    pub async fn record_deflection(
        &self,
        actor: &Actor,
        key: &str,
        d: &DeflectionInput,
    ) -> ServiceResult<i64> {
        if actor.is_staff() || actor.client_id.is_none() {
            return Err(ServiceError::Forbidden("client admins only"));
        }
        let a = self.visible_article(actor, key).await?;
        check_chars("query", &d.query, false)?;
        let query: String = d.query.trim().chars().take(limits::SUBJECT_MAX).collect();
        let mut tx = self.db.begin().await?;
        let id = st::insert_deflection(
            &mut tx,
            a.id,
            actor.user_id,
            actor.client_id,
            &query,
            self.now_us(),
        )
        .await?;
        tx.commit().await?;
        metrics::counter!("atiende_kb_deflections_total").increment(1);
        Ok(id)
    }

    /// Deflections and article views in `[from, to)`: every client's for staff, the actor's
    /// own client's for a client admin.
    pub async fn kb_figures(
        &self,
        actor: &Actor,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
    ) -> ServiceResult<KbFigures> {
        // TENANT: a client admin counts their client's rows only.
        let client = actor.client_scope();
        if !actor.is_staff() && client.is_none() {
            return Err(ServiceError::Forbidden("no client"));
        }
        let (deflections, article_views) =
            st::period_counts(&self.db, crate::us(from), crate::us(to), client).await?;
        Ok(KbFigures {
            deflections,
            article_views,
        })
    }
}
