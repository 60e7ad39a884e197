//! How many tickets a queue filter matches: the totals beside the console's views and under
//! its pages. One `count(*)` with the list's own predicates, so a count never disagrees with
//! the list it labels.

use crate::{Actor, Service, ServiceResult, tickets::TicketQuery, us};

impl Service {
    /// The number of tickets `q` lists over all its pages (its cursor and limit ignored).
    pub async fn count_tickets(&self, actor: &Actor, q: &TicketQuery) -> ServiceResult<i64> {
        let filter = self.queue_filter(actor, q).await?;
        self.settle_expired_in(filter.client_id).await?;
        Ok(store::ticket_list::count_tickets(&self.db, &filter, us(self.now())).await?)
    }
}
