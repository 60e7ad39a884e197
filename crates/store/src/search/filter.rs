//! A parsed search as SQL: the tickets it matches (a filter of the queue) and their scores.

use domain::search::{Combine, SearchQuery};

use sqlx::QueryBuilder;

use super::document::tenant_token;
use crate::Engine;

/// What a search contributes to the queue query, rendered for both engines from one parsed
/// query. Built only from `SearchQuery`'s literal terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFilter {
    /// FTS5 `MATCH` expression (`None`: the text had no searchable word, only maybe a number).
    fts5: Option<String>,
    /// `to_tsquery('simple', …)` text.
    tsquery: Option<String>,
    /// A ticket number the text names: that ticket matches too, ranked first.
    pub number: Option<i64>,
}

impl TextFilter {
    /// `public_only` (client admins): terms match the subject and public messages only, never
    /// internal notes or names. `client_id`: the index is narrowed to that client's tickets
    /// (the SQL filter on `ticket.client_id` still decides what is shown).
    pub fn new(q: &SearchQuery, public_only: bool, client_id: Option<i64>) -> Option<TextFilter> {
        if q.is_empty() && q.ticket_number().is_none() {
            return None;
        }
        let cols = if public_only {
            "subject public_text"
        } else {
            "subject public_text internal_text names"
        };
        let tenant = client_id.map(tenant_token);
        let fts5 = q.fts5(Combine::All, Some(cols)).map(|e| match &tenant {
            Some(t) => format!("({e}) AND tenant : \"{t}\""),
            None => e,
        });
        let weights = public_only.then_some("AB");
        let tsquery = q.tsquery(Combine::All, weights).map(|e| match &tenant {
            Some(t) => format!("({e}) & '{t}':D"),
            None => e,
        });
        Some(TextFilter {
            fts5,
            tsquery,
            number: q.ticket_number(),
        })
    }

    /// Pushes a subquery of `(mid, score)` rows: the matching tickets, higher score = more
    /// relevant (the named ticket above any text score).
    /// Without `scored`, the score is 0 (a filter by urgency need not rank).
    pub(crate) fn push_matches<DB: sqlx::Database>(
        &self,
        qb: &mut QueryBuilder<DB>,
        engine: Engine,
        scored: bool,
    ) where
        i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
        String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    {
        let mut any = false;
        match (engine, &self.fts5, &self.tsquery) {
            (Engine::Sqlite, Some(e), _) => {
                // bm25 is lower-is-better: negated. Column weights: subject, public text,
                // notes, names, tenant.
                qb.push(if scored {
                    "select rowid as mid, -bm25(ticket_fts, 8.0, 2.0, 1.0, 1.0, 0.0) as score \
                     from ticket_fts where ticket_fts match "
                } else {
                    "select rowid as mid, 0.0 as score from ticket_fts where ticket_fts match "
                })
                .push_bind(e.clone());
                if let Some(n) = self.number {
                    // Listed once, by the number branch below.
                    qb.push(" and rowid <> ").push_bind(n);
                }
                any = true;
            }
            (Engine::Postgres, _, Some(e)) => {
                qb.push("select ticket_id as mid, ");
                if scored {
                    qb.push("ts_rank(doc, to_tsquery('simple', ")
                        .push_bind(e.clone())
                        .push("))");
                } else {
                    qb.push("cast(0 as real)");
                }
                qb.push(" as score from ticket_search where doc @@ to_tsquery('simple', ")
                    .push_bind(e.clone())
                    .push(")");
                if let Some(n) = self.number {
                    qb.push(" and ticket_id <> ").push_bind(n);
                }
                any = true;
            }
            _ => {}
        }
        if let Some(n) = self.number {
            if any {
                qb.push(" union all ");
            }
            qb.push("select ")
                .push_bind(n)
                .push(" as mid, cast(1000000 as real) as score");
        }
    }
}
