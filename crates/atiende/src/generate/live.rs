//! A few tickets still in the works at the real now, per client: one nobody has touched yet
//! and one an agent is on, so the queues are not empty. Their words are generated like the
//! others', in the client's language.

use domain::{Priority, ticket::Category};
use rand::{rngs::StdRng, seq::IndexedRandom};
use service::{
    Service,
    tickets::{NewMessage, NewTicket, TicketPatch},
};

use super::{
    e,
    setup::World,
    text::{Beat, Writer, ticket_seed},
};

/// Keeps the live tickets' words apart from the others' (all seeded from the run's seed).
const LIVE_SALT: u64 = 0x6c69_7665;

pub async fn open(
    svc: &Service,
    world: &World,
    seed: u64,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let mut n = 0;
    for client in &world.clients {
        for (k, priority) in [Priority::Medium, Priority::High].into_iter().enumerate() {
            let mut words = Writer::new(
                client.lang,
                Category::Technical,
                ticket_seed(seed ^ LIVE_SALT, i64::try_from(n)?),
            );
            let t = svc
                .create_ticket(
                    &client.admin,
                    &NewTicket {
                        client_id: None,
                        campus_id: client.campuses.first().map(|c| c.id),
                        category: Category::Technical,
                        priority,
                        subject: words.subject(),
                        body: words.message(Beat::Opening),
                        tags: Vec::new(),
                        linked_ticket_id: None,
                        requester_id: None,
                    },
                )
                .await
                .map_err(e("live ticket"))?;
            n += 1;
            if k == 1 {
                let agent = world
                    .agents
                    .choose(rng)
                    .ok_or_else(|| anyhow::anyhow!("no agent"))?;
                let assign = TicketPatch {
                    assignee_id: Some(Some(agent.user_id)),
                    ..TicketPatch::default()
                };
                svc.update_ticket(agent, t.id, &assign)
                    .await
                    .map_err(e("assign"))?;
                let reply = NewMessage {
                    body: words.message(Beat::Ack),
                    internal: false,
                    reopen: false,
                    status: None,
                };
                svc.add_message(agent, t.id, &reply)
                    .await
                    .map_err(e("reply"))?;
            }
        }
    }
    Ok(n)
}
