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
    pub(crate) fn push_matches<DB: sqlx::Database>(
        &self,
        qb: &mut QueryBuilder<DB>,
        engine: Engine,
        ranking: Ranking,
    ) where
        i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
        String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    {
        let (table, id, expr) = match (engine, &self.fts5, &self.tsquery) {
            (Engine::Sqlite, Some(e), _) => ("ticket_fts", "rowid", e),
            (Engine::Postgres, _, Some(e)) => ("ticket_search", "ticket_id", e),
            _ => ("", "", &String::new()),
        };
        let any = !table.is_empty();
        if any {
            if let Ranking::Recent(_) = ranking {
                qb.push("select mid, score from (");
            }
            qb.push(format_args!("select {id} as mid, "));
            match (ranking, engine) {
                (Ranking::None, Engine::Sqlite) => {
                    qb.push("0.0");
                }
                (Ranking::None, Engine::Postgres) => {
                    qb.push("cast(0 as real)");
                }
                // bm25 is lower-is-better: negated. Column weights: subject, public text,
                // notes, names, tenant.
                (_, Engine::Sqlite) => {
                    qb.push("-bm25(ticket_fts, 8.0, 2.0, 1.0, 1.0, 0.0)");
                }
                (_, Engine::Postgres) => {
                    qb.push("ts_rank(doc, to_tsquery('simple', ")
                        .push_bind(expr.clone())
                        .push("))");
                }
            }
            qb.push(format_args!(" as score from {table} where "));
            match engine {
                Engine::Sqlite => qb.push("ticket_fts match ").push_bind(expr.clone()),
                Engine::Postgres => qb
                    .push("doc @@ to_tsquery('simple', ")
                    .push_bind(expr.clone())
                    .push(")"),
            };
            if let Some(n) = self.number {
                // Listed once, by the number branch below.
                qb.push(format_args!(" and {id} <> ")).push_bind(n);
            }
            if let Ranking::Recent(cap) = ranking {
                qb.push(format_args!(" order by {id} desc limit "))
                    .push_bind(cap)
                    .push(") recent");
            }
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

/// Which matches get a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ranking {
    /// None (the queue's order decides): every match, score 0.
    None,
    /// Every match.
    All,
    /// Only the `n` most recent matches (highest ids), so ranking a word found in half the
    /// tickets costs the same as ranking a rare one.
    Recent(i64),
}
