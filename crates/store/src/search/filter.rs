//! A parsed search as SQL: which tickets it matches, in the parts a relevance page is made of.
//!
//! Relevance is tiered, the same on both engines: the ticket the text names by number, then
//! the tickets whose subject holds every word, then the other matches, newest first within
//! each. Each part is a query the engine can answer newest-first and stop at the page's end
//! (FTS5 walks its doclists in rowid order; PostgreSQL picks the GIN index or a backward walk
//! of the primary key), instead of scoring every match of a word found in half the tickets.

use domain::search::{Combine, SearchQuery};

use sqlx::QueryBuilder;

use super::document::tenant_token;
use crate::{Db, Engine, Result};

/// The parts of a search's matches, in relevance order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The ticket the text names by number.
    Named,
    /// Tickets whose subject holds every word.
    Subject,
    /// Tickets with every word somewhere else too (not all in the subject).
    Rest,
}

impl Part {
    pub(crate) const ALL: [Part; 3] = [Part::Named, Part::Subject, Part::Rest];
}

/// What a search contributes to the queue query, rendered for both engines from one parsed
/// query. Built only from `SearchQuery`'s literal terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFilter {
    /// FTS5 `MATCH` expressions: every match, subject matches, the rest (`None`: the text had
    /// no searchable word, only maybe a number).
    fts5: Option<[String; 3]>,
    /// `to_tsquery('simple', …)` text of the words, and of the words and the tenant token.
    tsquery: Option<(String, String)>,
    /// Client admins: only the subject and public messages count.
    public_only: bool,
    /// A ticket number the text names: that ticket matches too, listed first.
    pub number: Option<i64>,
    /// What was parsed (for excerpts), and for whom (to render it again).
    query: SearchQuery,
    client_id: Option<i64>,
}

/// FTS5 column sets.
const SUBJECT: &str = "subject_words";
const PUBLIC: &str = "subject_words public_words";

impl TextFilter {
    /// `public_only` (client admins): terms match the subject and public messages only, never
    /// internal notes or names. `client_id`: the index is narrowed to that client's tickets
    /// (the SQL filter on `ticket.client_id` still decides what is shown).
    pub fn new(q: &SearchQuery, public_only: bool, client_id: Option<i64>) -> Option<TextFilter> {
        if q.is_empty() && q.ticket_number().is_none() {
            return None;
        }
        let tenant = client_id.map(tenant_token);
        let fts5 = q.fts5(Combine::All, None).map(|words| {
            let in_subject = q.fts5(Combine::All, Some(SUBJECT)).unwrap_or_default();
            let mut every = if public_only {
                q.fts5(Combine::All, Some(PUBLIC)).unwrap_or_default()
            } else {
                words
            };
            if let Some(t) = &tenant {
                every = format!("({every}) AND tenant : \"{t}\"");
            }
            let subject = match &tenant {
                Some(t) => format!("({in_subject}) AND tenant : \"{t}\""),
                None => in_subject.clone(),
            };
            let rest = format!("({every}) NOT ({in_subject})");
            [every, subject, rest]
        });
        let tsquery = q.tsquery(Combine::All).map(|words| {
            let with_tenant = match &tenant {
                Some(t) => format!("({words}) & '{t}'"),
                None => words.clone(),
            };
            (words, with_tenant)
        });
        Some(TextFilter {
            fts5,
            tsquery,
            public_only,
            number: q.ticket_number(),
            query: q.clone(),
            client_id,
        })
    }

    /// The query the filter was built from (what excerpts mark).
    pub fn query(&self) -> &SearchQuery {
        &self.query
    }

    /// This filter with its last word taken as finished when that word is already a word of
    /// the tickets this search may see (then the user most likely means it, and matching it
    /// as a prefix would only cost time: every indexed word it begins, read in full); else
    /// unchanged ("matri" stays a prefix). One lookup of one token. The probe has the search's
    /// own scope — a client admin's public words of their own tickets — so whether another
    /// client's tickets hold a word never changes what a client admin's search does.
    pub async fn settle_typing(self, db: &Db) -> Result<TextFilter> {
        let Some(word) = self.query.typing_word() else {
            return Ok(self);
        };
        let probe = TextFilter::new(
            &SearchQuery::exact_word(word),
            self.public_only,
            self.client_id,
        );
        let Some(probe) = probe else {
            return Ok(self);
        };
        let engine = db.engine();
        let found: Option<(i64,)> = match db {
            Db::Sqlite { read, .. } => {
                let mut qb = QueryBuilder::new("select rowid from ticket_fts where 1 = 1");
                probe.push_words(&mut qb, engine, None, true);
                qb.push(" limit 1");
                qb.build_query_as().fetch_optional(read).await?
            }
            Db::Postgres(p) => {
                // Only the index answers "is this word anywhere" cheaply; the planner, guessing
                // a rare word is merely uncommon, would scan the table for its first row
                // (seconds at a million tickets). So the index it is, for this one statement.
                let mut tx = p.begin().await?;
                for off in [
                    "set local enable_seqscan = off",
                    "set local enable_indexscan = off",
                ] {
                    sqlx::query(off).execute(&mut *tx).await?;
                }
                let mut qb =
                    QueryBuilder::new("select s.ticket_id from ticket_search s where 1 = 1");
                probe.push_words(&mut qb, engine, None, true);
                qb.push(" limit 1");
                let found = qb
                    .build_query_as()
                    .persistent(false)
                    .fetch_optional(&mut *tx)
                    .await?;
                tx.commit().await?;
                found
            }
        };
        Ok(match found {
            Some(_) => TextFilter::new(&self.query.finished(), self.public_only, self.client_id)
                .unwrap_or(self),
            None => self,
        })
    }

    /// Whether the text has words to match (else only a number).
    pub(crate) fn has_words(&self) -> bool {
        self.fts5.is_some()
    }

    /// ` from <index> join ticket`: the index drives the walk, newest first (then
    /// [`TextFilter::order_newest`]). On SQLite `cross join` keeps FTS5 the outer loop: left to
    /// itself the planner may walk `ticket` backwards and probe the index once per ticket,
    /// which costs a doclist seek per row instead of one streamed doclist.
    pub(crate) fn push_from<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, engine: Engine) {
        qb.push(match engine {
            Engine::Sqlite => " from ticket_fts cross join ticket on ticket.id = ticket_fts.rowid",
            Engine::Postgres => " from ticket_search s join ticket on ticket.id = s.ticket_id",
        });
    }

    /// ` order by <newest first>` for [`TextFilter::push_from`]: on SQLite the index's own
    /// rowid, an order FTS5 delivers itself, so the walk stops at the page's end.
    pub(crate) fn order_newest<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, engine: Engine) {
        qb.push(match engine {
            Engine::Sqlite => " order by ticket_fts.rowid desc",
            Engine::Postgres => " order by ticket.id desc",
        });
    }

    /// ` and <the words match>` for the index joined by [`TextFilter::push_from`]: every match
    /// (`None` or the named part, which is not a word match) or one part of them. Only with
    /// words ([`TextFilter::has_words`]).
    ///
    /// `indexed: false` (PostgreSQL): the tests are written as function calls
    /// (`ts_match_vq`), which the planner cannot answer from the GIN index, so it walks the
    /// rows it is given in order and tests each (see `ticket_list::fetch_part`).
    pub(crate) fn push_words<DB: sqlx::Database>(
        &self,
        qb: &mut QueryBuilder<DB>,
        engine: Engine,
        part: Option<Part>,
        indexed: bool,
    ) where
        String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    {
        match (engine, &self.fts5, &self.tsquery) {
            (Engine::Sqlite, Some([every, subject, rest]), _) => {
                let e = match part {
                    None | Some(Part::Named) => every,
                    Some(Part::Subject) => subject,
                    Some(Part::Rest) => rest,
                };
                qb.push(" and ticket_fts match ").push_bind(e.clone());
            }
            (Engine::Postgres, _, Some((words, with_tenant))) => {
                // The GIN index answers `every_doc`; the other columns are checked on the
                // rows it returns (small, stored inline).
                // `via_index: false` is the same test as a function call, which the planner
                // cannot answer from a GIN index.
                let test = |qb: &mut QueryBuilder<DB>, col: &str, t: &String, via_index: bool| {
                    let (open, close) = if via_index {
                        (format!("s.{col} @@ to_tsquery('simple', "), ")")
                    } else {
                        (format!("ts_match_vq(s.{col}, to_tsquery('simple', "), "))")
                    };
                    qb.push(open).push_bind(t.clone()).push(close);
                };
                // The subject part, from the index: the subject's own (small) index answers,
                // every word's is only tested on its rows — unless the search is one client's,
                // whose tenant token makes every word's index the narrower list.
                let subject_indexed =
                    indexed && part == Some(Part::Subject) && self.client_id.is_none();
                qb.push(" and ");
                test(qb, "every_doc", with_tenant, indexed && !subject_indexed);
                if self.public_only {
                    qb.push(" and ");
                    test(qb, "public_doc", words, indexed);
                }
                match part {
                    Some(Part::Subject) => {
                        qb.push(" and ");
                        test(qb, "subject_doc", words, indexed);
                    }
                    Some(Part::Rest) => {
                        qb.push(" and not ");
                        test(qb, "subject_doc", words, indexed);
                    }
                    None | Some(Part::Named) => {}
                }
            }
            _ => {
                qb.push(" and 1 = 0");
            }
        }
    }

    /// ` and (id in (<every match>) or id = <number>)`: the search as one more queue filter
    /// (the urgency order, whose walk is the queue's own).
    pub(crate) fn push_in<DB: sqlx::Database>(&self, qb: &mut QueryBuilder<DB>, engine: Engine)
    where
        i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
        String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    {
        qb.push(" and (");
        if self.has_words() {
            qb.push(match engine {
                Engine::Sqlite => "ticket.id in (select rowid from ticket_fts where 1 = 1",
                Engine::Postgres => {
                    "ticket.id in (select s.ticket_id from ticket_search s where 1 = 1"
                }
            });
            self.push_words(qb, engine, None, true);
            qb.push(")");
        } else {
            qb.push("1 = 0");
        }
        if let Some(n) = self.number {
            qb.push(" or ticket.id = ").push_bind(n);
        }
        qb.push(")");
    }
}
