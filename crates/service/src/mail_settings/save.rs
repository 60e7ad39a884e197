//! Reading, saving, removing and checking the saved servers (administrators only).

use store::mail_servers::{self as st, MailServerInput, MailServerRow};

use super::{form::*, *};
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    admin::rfc3339,
    mail_in::{MailboxUrl, config::Security},
    notify::mail_out::{check_mailbox, redact},
};

impl Service {
    /// The mail settings page: what is in force, where each part comes from, no password.
    pub async fn mail_settings(&self, actor: &Actor) -> ServiceResult<MailSettingsView> {
        actor.require_admin()?;
        let rows = st::list_mail_servers(&self.db).await?;
        let saved_smtp = rows.iter().find(|r| r.kind == "smtp");
        let (smtp, overridden) = match (&self.mail.smtp_url, saved_smtp) {
            (Some(url), saved) => (Some(env_smtp_view(url)), saved.is_some()),
            (None, Some(r)) => (Some(self.row_view(r)), false),
            (None, None) => (None, false),
        };
        let (from, from_source) = if self.mail.from_fixed {
            (self.mail.from.clone(), "environment")
        } else if let Some(r) = saved_smtp.filter(|r| !r.from_address.is_empty()) {
            (r.from_address.clone(), "settings")
        } else {
            (self.mail.from.clone(), "default")
        };
        let mut mailboxes: Vec<MailServerView> = self
            .mail_in
            .mailboxes
            .iter()
            .map(env_mailbox_view)
            .collect();
        mailboxes.extend(
            rows.iter()
                .filter(|r| r.kind == "imap")
                .map(|r| self.row_view(r)),
        );
        Ok(MailSettingsView {
            smtp,
            smtp_saved_overridden: overridden,
            from,
            from_source: from_source.into(),
            mailboxes,
            secret_key_id: self.secret.id(),
            secret_key_source: self.secret.source.clone(),
        })
    }

    /// One saved mailbox (for its edit form).
    pub async fn get_mailbox_setting(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<MailServerView> {
        actor.require_admin()?;
        st::get_mail_server(&self.db, id)
            .await?
            .filter(|r| r.kind == "imap")
            .map(|r| self.row_view(&r))
            .ok_or(ServiceError::NotFound)
    }

    fn row_view(&self, r: &MailServerRow) -> MailServerView {
        let problem = r
            .password_enc
            .as_deref()
            .and_then(|p| self.secret.open(PURPOSE, p).err())
            .map(|e| format!("password: {e}"));
        let label = if r.kind == "smtp" {
            redact(&smtp_url(r, Some("x")))
        } else {
            mailbox_url(r, "").label()
        };
        MailServerView {
            id: Some(r.id),
            kind: r.kind.clone(),
            source: "settings".into(),
            label,
            host: r.host.clone(),
            port: u16::try_from(r.port).unwrap_or(0),
            security: r.security.clone(),
            username: r.username.clone(),
            password_set: r.password_enc.is_some(),
            folder: r.folder.clone(),
            from: r.from_address.clone(),
            enabled: r.enabled,
            updated_at: Some(rfc3339(r.updated_at_us)),
            problem,
        }
    }

    /// Saves the outgoing server (creating or replacing the one there is).
    pub async fn save_smtp_setting(
        &self,
        actor: &Actor,
        input: &SmtpInput,
    ) -> ServiceResult<MailSettingsView> {
        actor.require_admin()?;
        let saved = st::list_mail_servers(&self.db)
            .await?
            .into_iter()
            .find(|r| r.kind == "smtp");
        let host = input.host.trim();
        let username = input.username.trim();
        let new_password = input.password.as_deref().filter(|p| !p.is_empty());
        let keeps_saved = !input.clear_password
            && new_password.is_none()
            && saved.as_ref().is_some_and(|r| r.password_enc.is_some());
        let mut errs = Vec::new();
        let (sec, port) = check_common(
            &Submitted {
                kind: "smtp",
                host,
                port: input.port,
                security: input.security.trim(),
                username,
                password: new_password,
                has_saved_password: keeps_saved,
            },
            &mut errs,
        );
        let from = input.from.trim();
        if !from.is_empty()
            && let Err(e) = check_mailbox(from)
        {
            errs.push(invalid(
                "from",
                "invalid",
                &format!("not an address like \"Soporte <soporte@example.com>\": {e}"),
            ));
        }
        if (new_password.is_some() || keeps_saved) && username.is_empty() {
            errs.push(invalid(
                "username",
                "required",
                "a password needs a user name",
            ));
        }
        if !errs.is_empty() {
            return Err(ServiceError::Invalid(errs));
        }
        let sealed = new_password.map(|p| self.secret.seal(PURPOSE, p));
        let m = MailServerInput {
            host,
            port: i32::from(port),
            security: sec_name(sec),
            username,
            password_enc: sealed.as_deref(),
            folder: "",
            from_address: from,
            enabled: true,
        };
        let clear = input.clear_password && new_password.is_none();
        self.write_mail_server(actor, "smtp", saved.as_ref(), &m, clear)
            .await?;
        tracing::info!(by = actor.user_id, host, "outgoing mail server saved");
        self.after_mail_change().await;
        self.mail_settings(actor).await
    }

    /// Removes the saved outgoing server (the environment's, if any, stays in force).
    pub async fn delete_smtp_setting(&self, actor: &Actor) -> ServiceResult<()> {
        actor.require_admin()?;
        let saved = st::list_mail_servers(&self.db)
            .await?
            .into_iter()
            .find(|r| r.kind == "smtp")
            .ok_or(ServiceError::NotFound)?;
        self.delete_mail_server(actor, saved.id).await
    }

    /// Adds (`id` None) or changes a mailbox read for incoming mail.
    pub async fn save_mailbox_setting(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: &MailboxInput,
    ) -> ServiceResult<MailServerView> {
        actor.require_admin()?;
        let saved = match id {
            Some(id) => Some(
                st::get_mail_server(&self.db, id)
                    .await?
                    .filter(|r| r.kind == "imap")
                    .ok_or(ServiceError::NotFound)?,
            ),
            None => None,
        };
        let host = input.host.trim();
        let username = input.username.trim();
        let new_password = input.password.as_deref().filter(|p| !p.is_empty());
        let keeps_saved =
            new_password.is_none() && saved.as_ref().is_some_and(|r| r.password_enc.is_some());
        let mut errs = Vec::new();
        let (sec, port) = check_common(
            &Submitted {
                kind: "imap",
                host,
                port: input.port,
                security: input.security.trim(),
                username,
                password: new_password,
                has_saved_password: keeps_saved,
            },
            &mut errs,
        );
        if username.is_empty() {
            errs.push(invalid(
                "username",
                "required",
                "the mailbox's login is required",
            ));
        }
        if new_password.is_none() && !keeps_saved {
            errs.push(invalid(
                "password",
                "required",
                "the mailbox's password is required",
            ));
        }
        let folder = match input.folder.trim() {
            "" => "INBOX",
            f => f,
        };
        if folder.chars().count() > 200 || folder.chars().any(char::is_control) {
            errs.push(invalid(
                "folder",
                "invalid",
                "at most 200 characters, no control characters",
            ));
        }
        if !errs.is_empty() {
            return Err(ServiceError::Invalid(errs));
        }
        let sealed = new_password.map(|p| self.secret.seal(PURPOSE, p));
        let m = MailServerInput {
            host,
            port: i32::from(port),
            security: sec_name(sec),
            username,
            password_enc: sealed.as_deref(),
            folder,
            from_address: "",
            enabled: input.enabled,
        };
        let id = self
            .write_mail_server(actor, "imap", saved.as_ref(), &m, false)
            .await?;
        tracing::info!(by = actor.user_id, host, folder, "mailbox saved");
        self.after_mail_change().await;
        self.get_mailbox_setting(actor, id).await
    }

    pub async fn delete_mailbox_setting(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require_admin()?;
        st::get_mail_server(&self.db, id)
            .await?
            .filter(|r| r.kind == "imap")
            .ok_or(ServiceError::NotFound)?;
        self.delete_mail_server(actor, id).await
    }

    async fn delete_mail_server(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        st::delete_mail_server(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, "mail server removed");
        self.after_mail_change().await;
        Ok(())
    }

    /// Connects to a saved server as the jobs would (TLS, login; for a mailbox also opening
    /// its folder) and says goodbye: no mail is sent or read.
    pub async fn check_mail_server(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ConnectionCheck> {
        actor.require_admin()?;
        let row = st::get_mail_server(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let password = match row
            .password_enc
            .as_deref()
            .map(|p| self.secret.open(PURPOSE, p))
        {
            None => None,
            Some(Ok(p)) => Some(p),
            Some(Err(e)) => {
                return Ok(ConnectionCheck {
                    ok: false,
                    detail: format!("password: {e}"),
                });
            }
        };
        let outcome = if row.kind == "smtp" {
            let url = smtp_url(&row, password.as_deref());
            self.check_smtp(&url).await.map(|()| redact(&url))
        } else {
            let m = mailbox_url(&row, password.as_deref().unwrap_or(""));
            let limit = self.mail_in.step_timeout;
            match crate::mail_in::imap::connect(&m, limit, &self.mail_tls).await {
                Ok(session) => {
                    session.logout().await;
                    Ok(m.label())
                }
                Err(e) => Err(format!("{}: {e}", m.label())),
            }
        };
        tracing::info!(
            by = actor.user_id,
            id,
            ok = outcome.is_ok(),
            "mail server checked"
        );
        Ok(match outcome {
            Ok(label) => ConnectionCheck {
                ok: true,
                detail: label,
            },
            Err(detail) => ConnectionCheck { ok: false, detail },
        })
    }

    /// Inserts (`saved` None) or updates a server; `clear_password` forgets the stored one.
    async fn write_mail_server(
        &self,
        actor: &Actor,
        kind: &str,
        saved: Option<&MailServerRow>,
        m: &MailServerInput<'_>,
        clear_password: bool,
    ) -> ServiceResult<i64> {
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        let id = match saved {
            Some(r) => {
                st::update_mail_server(&mut tx, r.id, m, actor.user_id, now).await?;
                r.id
            }
            None => st::insert_mail_server(&mut tx, kind, m, actor.user_id, now).await?,
        };
        if clear_password {
            st::clear_mail_password(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// This node uses a change at once; the SMTP pool of the old server is dropped.
    async fn after_mail_change(&self) {
        if let Err(e) = self.reload_mail_settings().await {
            tracing::warn!(error = %e, "reading the mail settings again failed");
        }
    }
}

fn env_smtp_view(url: &str) -> MailServerView {
    MailServerView {
        id: None,
        kind: "smtp".into(),
        source: "environment".into(),
        label: redact(url),
        host: String::new(),
        port: 0,
        security: if url.starts_with("smtps://") {
            "tls".into()
        } else if url.contains("tls=required") {
            "starttls".into()
        } else {
            "none".into()
        },
        username: String::new(),
        password_set: url.contains('@'),
        folder: String::new(),
        from: String::new(),
        enabled: true,
        updated_at: None,
        problem: None,
    }
}

fn env_mailbox_view(m: &MailboxUrl) -> MailServerView {
    MailServerView {
        id: None,
        kind: "imap".into(),
        source: "environment".into(),
        label: m.label(),
        host: m.host.clone(),
        port: m.port,
        security: match m.security {
            Security::Plain => "none",
            Security::StartTls => "starttls",
            Security::Tls => "tls",
        }
        .into(),
        username: m.user.clone(),
        password_set: true,
        folder: m.folder.clone(),
        from: String::new(),
        enabled: true,
        updated_at: None,
        problem: None,
    }
}
