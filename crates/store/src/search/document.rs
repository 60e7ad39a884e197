//! A ticket's search document: built from its rows, written to the engine's index.

use std::collections::HashMap;

use domain::search::{Stemmers, index_words};
use sqlx::QueryBuilder;

use crate::{Result, Tx};

/// Per-column budgets, of words and their stems: a long thread is indexed by its first 64 KB of
/// public text (a pasted log must not make every later message rewrite megabytes of index).
const SUBJECT_BYTES: usize = 1_024;
const PUBLIC_BYTES: usize = 64 * 1024;
const INTERNAL_BYTES: usize = 32 * 1024;
const NAMES_BYTES: usize = 2_048;
/// Tickets per statement when many are indexed at once (binds stay far below both engines'
/// limits).
const BATCH: usize = 500;

/// Which tickets to (re)index.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// One ticket.
    Ticket(i64),
    /// Ids in `[from, to)`.
    Range(i64, i64),
    /// Every ticket of a client (its name or a campus address changed).
    Client(i64),
}

/// Appends `scope`'s predicate on the ticket id column `col`.
fn push_scope<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, col: &str, scope: Scope)
where
    i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    match scope {
        Scope::Ticket(id) => {
            qb.push(format_args!("{col} = ")).push_bind(id);
        }
        Scope::Range(a, b) => {
            qb.push(format_args!("{col} >= "))
                .push_bind(a)
                .push(format_args!(" and {col} < "))
                .push_bind(b);
        }
        Scope::Client(c) => {
            qb.push(format_args!(
                "{col} in (select id from ticket where client_id = "
            ))
            .push_bind(c)
            .push(")");
        }
    }
}

#[derive(Debug, Default)]
struct Doc {
    id: i64,
    client_id: i64,
    subject: String,
    public_text: String,
    internal_text: String,
    names: String,
}

#[derive(sqlx::FromRow)]
struct TicketHead {
    id: i64,
    client_id: i64,
    subject: String,
    tags: String,
    client_name: String,
    campus_url: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MessageText {
    ticket_id: i64,
    internal: bool,
    body: String,
}

/// Rebuilds the documents of `scope`'s tickets from their rows and replaces them in the index;
/// returns how many tickets were indexed. Runs inside the caller's transaction, so the index
/// never disagrees with what that transaction wrote.
pub async fn reindex(tx: &mut Tx, scope: Scope) -> Result<u64> {
    const HEADS: &str = "select t.id, t.client_id, t.subject, t.tags, c.name as client_name, \
         p.url as campus_url from ticket t join client c on c.id = t.client_id \
         left join campus p on p.id = t.campus_id where ";
    const MESSAGES: &str = "select ticket_id, internal, body from ticket_message where ";
    let (heads, msgs): (Vec<TicketHead>, Vec<MessageText>) = on_tx!(tx, c => {
        let mut qb = QueryBuilder::new(HEADS);
        push_scope(&mut qb, "t.id", scope);
        qb.push(" order by t.id");
        let heads = qb.build_query_as().fetch_all(&mut *c).await?;
        let mut qb = QueryBuilder::new(MESSAGES);
        push_scope(&mut qb, "ticket_id", scope);
        qb.push(" order by ticket_id, id");
        (heads, qb.build_query_as().fetch_all(&mut *c).await?)
    });
    if heads.is_empty() {
        return Ok(0);
    }
    let stemmers = Stemmers::default();
    let mut docs: Vec<Doc> = Vec::with_capacity(heads.len());
    let mut at: HashMap<i64, usize> = HashMap::with_capacity(heads.len());
    for h in heads {
        at.insert(h.id, docs.len());
        let tags: Vec<String> = serde_json::from_str(&h.tags).unwrap_or_default();
        let names = format!(
            "{} {} {}",
            h.client_name,
            h.campus_url.unwrap_or_default(),
            tags.join(" ")
        );
        docs.push(Doc {
            id: h.id,
            client_id: h.client_id,
            subject: index_words(&h.subject, SUBJECT_BYTES, &stemmers),
            names: index_words(&names, NAMES_BYTES, &stemmers),
            ..Doc::default()
        });
    }
    for m in msgs {
        let Some(&i) = at.get(&m.ticket_id) else {
            continue;
        };
        let (text, budget) = if m.internal {
            (&mut docs[i].internal_text, INTERNAL_BYTES)
        } else {
            (&mut docs[i].public_text, PUBLIC_BYTES)
        };
        append(text, &m.body, budget, &stemmers);
    }
    for chunk in docs.chunks(BATCH) {
        write(tx, chunk).await?;
    }
    Ok(docs.len() as u64)
}

fn append(text: &mut String, body: &str, budget: usize, stemmers: &Stemmers) {
    let room = budget.saturating_sub(text.len() + 1);
    if room == 0 {
        return;
    }
    let words = index_words(body, room, stemmers);
    if words.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&words);
}

/// The token that marks a client's tickets in the index: a digit then letters, which no real
/// word looks like, so a search does not match it by accident; client admins' queries
/// require their own.
pub(super) fn tenant_token(client_id: i64) -> String {
    format!("0tenant{client_id}")
}

async fn write(tx: &mut Tx, docs: &[Doc]) -> Result<()> {
    match tx {
        Tx::Sqlite(t) => {
            let mut del = QueryBuilder::new("delete from ticket_fts where rowid in (");
            let mut sep = del.separated(", ");
            for d in docs {
                sep.push_bind(d.id);
            }
            del.push(")");
            del.build().execute(&mut **t).await?;
            let mut ins = QueryBuilder::new(
                "insert into ticket_fts \
                 (rowid, subject_words, public_words, internal_words, name_words, tenant) ",
            );
            ins.push_values(docs, |mut row, d| {
                row.push_bind(d.id)
                    .push_bind(d.subject.as_str())
                    .push_bind(d.public_text.as_str())
                    .push_bind(d.internal_text.as_str())
                    .push_bind(d.names.as_str())
                    .push_bind(tenant_token(d.client_id));
            });
            ins.build().execute(&mut **t).await?;
        }
        Tx::Postgres(t) => {
            // Stripped vectors (no positions): nothing ranks by proximity, and small vectors
            // stay inline in the row, so checking a row's subject costs no TOAST read.
            let mut ins = QueryBuilder::new(
                "insert into ticket_search (ticket_id, subject_doc, public_doc, every_doc) values ",
            );
            for (i, d) in docs.iter().enumerate() {
                if i > 0 {
                    ins.push(", ");
                }
                let public = format!("{} {}", d.subject, d.public_text);
                let every = format!(
                    "{public} {} {} {}",
                    d.internal_text,
                    d.names,
                    tenant_token(d.client_id)
                );
                ins.push("(")
                    .push_bind(d.id)
                    .push(", strip(to_tsvector('simple', ")
                    .push_bind(d.subject.clone())
                    .push(")), strip(to_tsvector('simple', ")
                    .push_bind(public)
                    .push(")), strip(to_tsvector('simple', ")
                    .push_bind(every)
                    .push(")))");
            }
            ins.push(
                " on conflict (ticket_id) do update set subject_doc = excluded.subject_doc, \
                 public_doc = excluded.public_doc, every_doc = excluded.every_doc",
            );
            ins.build().execute(&mut **t).await?;
        }
    }
    Ok(())
}
