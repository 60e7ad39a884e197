//! The quote e-mail: to every active client admin of the ticket's client (whoever of them
//! decides), in each reader's language, with the terms and the link to the portal ticket page
//! where they approve or reject. Written to the outbox in the transaction that sends the quote,
//! so it exists exactly when the quote does.
//!
//! It is not a preference-controlled notice kind: a quote asks the client for a decision the
//! work waits on, like the account e-mails, so it always goes. (Its `waiting_on_you` notice
//! is left out by `notify_change`: one e-mail, not two.)

use domain::user::Locale;
use jiff::Timestamp;
use store::{notifications as outbox, tickets::TicketRow};

use super::{send::Terms, text};
use crate::{
    Service, ServiceResult,
    jobs::JobKind,
    notify::{render, thread_id},
    stored, stored_zone, us,
};

impl Service {
    pub(crate) async fn mail_quote(
        &self,
        tx: &mut store::Tx,
        row: &TicketRow,
        quote_id: i64,
        terms: &Terms,
        now: Timestamp,
    ) -> ServiceResult<()> {
        let number = domain::ticket::ticket_number(domain::ids::TicketId(row.id));
        let link = format!("{}/portal/tickets/{}#quotes", self.mail.public_url, row.id);
        let client_zone = store::quotes::client_zone_in(tx, row.client_id)
            .await?
            .unwrap_or_default();
        let domain = self.mail_domain();
        let thread = thread_id(row.id, &domain);
        for user_id in store::quotes::client_admin_ids_in(tx, row.client_id).await? {
            let Some(u) = store::users::get_user_in(tx, user_id).await? else {
                continue;
            };
            let locale = stored("user", u.id, "locale", &u.locale, Locale::parse)?;
            let tz = stored_zone("user", u.id, &u.time_zone)?;
            let values = [
                ("number", number.clone()),
                ("subject", row.subject.clone()),
                ("quote", format!("#{quote_id}")),
                ("description", terms.description.clone()),
                ("hours", text::hours(terms.minutes)),
                (
                    "amount",
                    text::amount(locale, terms.amount_minor, terms.currency.as_str()),
                ),
                ("valid_until", text::date(locale, &terms.valid_until)),
                ("client_zone", client_zone.clone()),
                (
                    "expires",
                    render::when(locale, &tz, &terms.expires_at.to_string()),
                ),
                ("link", link.clone()),
            ];
            let title = render::with_args(locale, "quote-mail-title", &values);
            let body = format!(
                "{}\n\n{}\n",
                render::with_args(locale, "quote-mail-body", &values),
                render::footer(locale)
            );
            let message_id = format!(
                "<quote-{quote_id}.{}{:010}@{domain}>",
                us(now),
                rand::random::<u32>()
            );
            let subject = format!("[{number}] {title}");
            let mail = outbox::NewMail {
                notification_id: None,
                ticket_id: Some(row.id),
                to_address: &u.email,
                subject: &subject,
                body_text: &body,
                message_id: &message_id,
                in_reply_to: Some(&thread),
            };
            let id = outbox::insert_mail(tx, &mail, us(now)).await?;
            self.enqueue_in(tx, JobKind::DeliverMail, &format!("{{\"outbox_id\":{id}}}"))
                .await?;
        }
        Ok(())
    }
}
