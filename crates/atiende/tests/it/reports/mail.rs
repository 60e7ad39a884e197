//! The monthly report's e-mail through the real Postfix and Dovecot: queued by the job on the
//! first working day, delivered over SMTP, read back from the client admin's IMAP mailbox as a
//! MIME message whose PDF attachment is the report itself (`pdftotext` shows the client and
//! the month).

use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use serde_json::json;
use service::notify::MailSettings;

use super::{fixture::set, outputs::pdf_text};
use crate::{
    both_backends,
    harness::test_runner,
    mail_servers::{MailServers, header},
};

both_backends! {
    async fn the_monthly_report_reaches_the_client_admins_mailbox_with_its_pdf(app) {
        let Some(mail) = MailServers::available().await else { return };
        // A client since January…
        set(&app, "2027-01-11T09:00:00Z");
        let admin = MailServers::unique_address("informes");
        let c = app.ok("/api/v1/clients", &app.admin,
            json!({"name": "Colegio Río Claro", "tax_id": "TAX-RC", "time_zone": "Europe/Madrid"})).await;
        app.ok("/api/v1/users", &app.admin, json!({"email": admin, "name": "Lucía Río", "role": "client_admin",
            "client_id": c["id"], "password": "client-password-1"})).await;
        // …on Monday 1 February 2027, 10:30 UTC = 11:30 in Madrid: January's report is due.
        set(&app, "2027-02-01T10:30:00Z");
        let node = app.service.clone().with_mail(MailSettings {
            smtp_url: Some(format!("smtp://{}", mail.smtp)),
            from: format!("Soporte <{}>", MailServers::unique_address("soporte")),
            ..MailSettings::default()
        });

        let run = node.monthly_report_step().await.expect("step");
        assert_eq!(run.sent, vec![(c["id"].as_i64().unwrap(), "2027-01".to_string())]);
        node.run_due_jobs(&test_runner()).await.expect("deliver");
        let inbox = mail.wait_for(&admin, 1, Duration::from_secs(20)).await;
        assert_eq!(inbox.len(), 1, "one report");
        let raw = &inbox[0];
        assert!(header(raw, "Subject").unwrap().contains("enero de 2027"), "{:?}", header(raw, "Subject"));

        let msg = MessageParser::default().parse(raw).expect("a MIME message");
        assert!(msg.body_text(0).is_some_and(|t| t.contains("enero de 2027")), "a text part naming the month");
        let pdfs: Vec<_> = msg.attachments().collect();
        assert_eq!(pdfs.len(), 1, "one attachment");
        let pdf = pdfs[0];
        assert_eq!(pdf.attachment_name(), Some("informe-2027-01.pdf"));
        let ct = pdf.content_type().expect("content type");
        assert_eq!((ct.ctype(), ct.subtype()), ("application", Some("pdf")));
        let bytes = pdf.contents();
        assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000, "{} bytes", bytes.len());
        // The PDF that arrived is the report: the client's name and month on it.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("informe.pdf");
        std::fs::write(&file, bytes).unwrap();
        if let Some(text) = pdf_text(&file) {
            assert!(text.contains("Colegio Río Claro") && text.contains("enero de 2027"), "{text}");
        }
    }
}
