//! The monthly service report by e-mail (issue 20): each client's report of the month before,
//! as a PDF, to its administrators who want it (notification kind `monthly_report`) and to its
//! contact addresses, on the first working day of the month in the client's time zone
//! (Monday to Friday, from 08:00) — or at the next run after it, if no node ran then.
//!
//! Once: the `report_delivery` row of (client, month) is inserted in the same transaction as
//! the e-mails, and its unique key makes a second node's attempt roll back whole. A client
//! added after the month ended gets nothing for it.
//!
//! The PDF is drawn by the renderer the binary gives the service ([`PdfRenderer`]): the
//! service does not depend on the drawing crate (which depends on the service for the model).
//! Without one, the job does nothing and says so once per run.

use std::sync::Arc;

use domain::{hours::Month, user::Locale};
use jiff::{Timestamp, civil::Weekday, tz::TimeZone};
use store::{
    Tx,
    notifications::{self as nt, NewMail, OutboxAttachment},
};

use crate::{
    Service, ServiceError, ServiceResult, jobs::JobKind, notify::NoticeKind,
    reports::model::MonthlyReport, us,
};

/// Draws a report as a PDF in a language.
pub type DrawPdf = dyn Fn(&MonthlyReport, Locale) -> Result<Vec<u8>, String> + Send + Sync;

/// The renderer the binary gives the service.
pub type PdfRenderer = Arc<DrawPdf>;

/// The hour of the first working day from which reports go out (client's time zone).
const SEND_FROM_HOUR: i8 = 8;

/// What one run did.
#[derive(Debug, Default, Clone)]
pub struct ReportMailRun {
    /// Clients whose report went out in this run, with their month.
    pub sent: Vec<(i64, String)>,
    /// E-mails queued.
    pub mails: usize,
}

/// The first working day (Monday to Friday) of `m`.
pub fn first_working_day(m: Month) -> jiff::civil::Date {
    let mut d = m.first_day();
    while matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
        d = d.tomorrow().unwrap_or(d);
    }
    d
}

/// The month whose report is due at `now` in `tz`, if the sending time has come: the month
/// before the current one, from 08:00 of the current month's first working day.
pub fn due_month(now: Timestamp, tz: &TimeZone) -> Option<Month> {
    let local = now.to_zoned_datetime(tz.clone());
    let this = Month::of(local.date());
    let day = first_working_day(this);
    let from = day.at(SEND_FROM_HOUR, 0, 0, 0);
    (local.datetime() >= from).then(|| this.prev())
}

impl Service {
    /// One run of the `monthly_reports` job.
    pub async fn monthly_report_step(&self) -> ServiceResult<ReportMailRun> {
        let mut run = ReportMailRun::default();
        let Some(render) = self.report_pdf.clone() else {
            tracing::warn!("monthly reports: no PDF renderer in this process; nothing sent");
            return Ok(run);
        };
        let now = self.now();
        let system = self.system_actor().await?;
        for client in store::clients::list_clients(&self.db, None).await? {
            let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
            let Some(month) = due_month(now, &tz) else {
                continue;
            };
            // Added after that month ended: there is nothing to report for it.
            let month_end = tz
                .to_timestamp(month.next().first_day().at(0, 0, 0, 0))
                .map_err(|e| ServiceError::Internal(format!("month end: {e}")))?;
            if us(month_end) <= client.created_at_us {
                continue;
            }
            if store::report_delivery::sent(&self.db, client.id, &month.to_string()).await? {
                continue;
            }
            let report = self
                .monthly_report(&system, client.id, &month.to_string())
                .await?;
            let mails = self
                .send_report(&client, month, &report, render.as_ref(), now)
                .await?;
            if let Some(n) = mails {
                run.mails += n;
                run.sent.push((client.id, month.to_string()));
            }
        }
        if !run.sent.is_empty() {
            tracing::info!(
                clients = run.sent.len(),
                mails = run.mails,
                "monthly reports sent"
            );
        }
        Ok(run)
    }

    /// Queues the report's e-mails of one client and records the delivery, in one
    /// transaction; `None` when another node recorded it first (nothing is written then).
    async fn send_report(
        &self,
        client: &store::clients::ClientRow,
        month: Month,
        report: &MonthlyReport,
        render: &DrawPdf,
        now: Timestamp,
    ) -> ServiceResult<Option<usize>> {
        let recipients = self.report_recipients(client).await?;
        let mut pdfs: Vec<(Locale, Vec<u8>)> = Vec::new();
        for (_, locale) in &recipients {
            if !pdfs.iter().any(|(l, _)| l == locale) {
                let pdf = render(report, *locale).map_err(|e| {
                    ServiceError::Internal(format!("client {}: report PDF: {e}", client.id))
                })?;
                pdfs.push((*locale, pdf));
            }
        }
        let mut tx = self.db.begin().await?;
        let recorded = store::report_delivery::record(
            &mut tx,
            client.id,
            &month.to_string(),
            i64::try_from(recipients.len()).unwrap_or(i64::MAX),
            us(now),
        )
        .await?;
        if !recorded {
            return Ok(None);
        }
        for (to, locale) in &recipients {
            let pdf = pdfs
                .iter()
                .find(|(l, _)| l == locale)
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            self.queue_report_mail(&mut tx, client, month, report, to, *locale, pdf, now)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(recipients.len()))
    }

    /// The client's administrators who want the report by e-mail, in their language, and its
    /// contact addresses (in Spanish), each address once.
    async fn report_recipients(
        &self,
        client: &store::clients::ClientRow,
    ) -> ServiceResult<Vec<(String, Locale)>> {
        let mut out: Vec<(String, Locale)> = Vec::new();
        for u in store::users::list_users(&self.db, Some(client.id)).await? {
            if u.role != "client_admin" || u.deactivated_at_us.is_some() {
                continue;
            }
            // E-mail on unless they turned it off (the notification default).
            let wants = store::notifications::list_prefs(&self.db, u.id)
                .await?
                .into_iter()
                .find(|(k, _, _)| k == NoticeKind::MonthlyReport.as_str())
                .is_none_or(|(_, email, _)| email);
            if !wants {
                continue;
            }
            let locale = crate::stored("user", u.id, "locale", &u.locale, Locale::parse)?;
            if !out.iter().any(|(a, _)| a.eq_ignore_ascii_case(&u.email)) {
                out.push((u.email.clone(), locale));
            }
        }
        let contacts: Vec<String> = serde_json::from_str(&client.contact_emails).map_err(|e| {
            ServiceError::Internal(format!("client {}: stored contact_emails: {e}", client.id))
        })?;
        for c in contacts {
            if !out.iter().any(|(a, _)| a.eq_ignore_ascii_case(&c)) {
                out.push((c, Locale::Es));
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    async fn queue_report_mail(
        &self,
        tx: &mut Tx,
        client: &store::clients::ClientRow,
        month: Month,
        report: &MonthlyReport,
        to: &str,
        locale: Locale,
        pdf: Vec<u8>,
        now: Timestamp,
    ) -> ServiceResult<()> {
        let texts = crate::notify::render::report_mail(locale, &client.name, month, report);
        let link = format!("{}/portal/reports?month={month}", self.mail.public_url);
        let body = format!(
            "{}\n\n{link}\n\n{}\n",
            texts.body,
            crate::notify::render::footer(locale)
        );
        let domain = self.mail_domain();
        let message_id = format!(
            "<report-{}-{month}.{}{:010}@{domain}>",
            client.id,
            us(now),
            rand::random::<u32>()
        );
        let mail = NewMail {
            notification_id: None,
            ticket_id: None,
            to_address: to,
            subject: &texts.title,
            body_text: &body,
            message_id: &message_id,
            in_reply_to: None,
        };
        let id = nt::insert_mail(tx, &mail, us(now)).await?;
        nt::insert_mail_attachment(
            tx,
            id,
            &OutboxAttachment {
                filename: format!("informe-{month}.pdf"),
                content_type: "application/pdf".into(),
                data: pdf,
            },
        )
        .await?;
        self.enqueue_in(tx, JobKind::DeliverMail, &format!("{{\"outbox_id\":{id}}}"))
            .await?;
        Ok(())
    }
}
