//! Account links by e-mail: the invitation that lets a new user choose their first password
//! (valid [`INVITE_DAYS`]) and the password reset (valid [`RESET_HOURS`]). Each link is
//! single use and carries 32 random bytes; only their SHA-256 is stored (`account_token`).
//! The e-mail goes through the outbox in the same transaction as the token, like every other
//! e-mail (one `deliver_mail` job per message).
//!
//! A reset request answers the same, in the same time, whether or not the address belongs to
//! a user (no account enumeration): the work is padded to [`RESET_REQUEST_FLOOR`], and at most
//! [`MAX_RESET_MAILS_PER_HOUR`] reset e-mails go to one address in an hour.

use std::time::{Duration, Instant};

use domain::{
    FieldError, limits,
    user::{self, Locale},
};
use jiff::{SignedDuration, Timestamp};
use rand::RngCore;
use serde::Serialize;
use store::{Tx, account_tokens as st, users::UserRow};
use utoipa::ToSchema;

use crate::{
    Actor, Service, ServiceError, ServiceResult, admin::rfc3339, auth, jobs::JobKind,
    notify::render, stored, us,
};

/// How long an invitation link works.
pub const INVITE_DAYS: i64 = 7;
/// How long a reset link works.
pub const RESET_HOURS: i64 = 1;
/// Reset e-mails sent to one address in an hour at most; later requests are answered the
/// same but send nothing.
pub const MAX_RESET_MAILS_PER_HOUR: i64 = 3;
/// Every reset request takes at least this long, so the answer's timing does not tell
/// whether the address exists (or whether the limit was reached).
pub const RESET_REQUEST_FLOOR: Duration = Duration::from_millis(300);

/// The password hash of a user who has not chosen a password yet: not a PHC string, so no
/// password matches it (sign-in verifies such users against the dummy hash, see `auth`).
pub const NO_PASSWORD: &str = "!no-password: invitation pending";

/// Whether a stored password hash can match any password at all.
pub fn has_password(hash: &str) -> bool {
    !hash.is_empty() && !hash.starts_with('!')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Invite,
    Reset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Invite => "invite",
            Purpose::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Option<Purpose> {
        [Purpose::Invite, Purpose::Reset]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    fn lifetime(self) -> SignedDuration {
        match self {
            Purpose::Invite => SignedDuration::from_hours(24 * INVITE_DAYS),
            Purpose::Reset => SignedDuration::from_hours(RESET_HOURS),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Valid,
    Used,
    /// Past its time, replaced by a newer link, or its user was deactivated.
    Expired,
}

/// What a link in an e-mail leads to.
#[derive(Debug, Clone)]
pub struct AccountLink {
    pub purpose: Purpose,
    pub state: LinkState,
    pub email: String,
    pub name: String,
    /// The user's language: the pages about the link speak it.
    pub locale: Locale,
}

/// An invitation e-mail was queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteSent {
    pub user_id: i64,
    #[schema(format = Email)]
    pub to: String,
    /// The outbox row of the e-mail (`GET /api/v1/outbox/{id}`).
    pub outbox_id: i64,
    #[schema(format = DateTime)]
    pub expires_at: String,
}

/// The rules for a password chosen by a user or set by an admin.
pub fn check_password(p: &str) -> Result<(), FieldError> {
    if p.chars().count() < limits::PASSWORD_MIN || p.len() > limits::PASSWORD_MAX {
        return Err(FieldError::new(
            "password",
            "length",
            format!(
                "between {} and {} characters",
                limits::PASSWORD_MIN,
                limits::PASSWORD_MAX
            ),
        )
        .with("min", limits::PASSWORD_MIN)
        .with("max", limits::PASSWORD_MAX));
    }
    Ok(())
}

fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

impl Service {
    /// Issues a link of `purpose` for `u` and queues its e-mail in the user's language, inside
    /// `tx`. Returns the outbox id and when the link expires.
    pub(crate) async fn issue_account_link(
        &self,
        tx: &mut Tx,
        u: &UserRow,
        purpose: Purpose,
    ) -> ServiceResult<(i64, Timestamp)> {
        let now = self.now();
        let expires = now.saturating_add(purpose.lifetime()).unwrap_or(now);
        let token = new_token();
        st::insert_token(
            tx,
            u.id,
            purpose.as_str(),
            &auth::hash_token(&token),
            us(now),
            us(expires),
        )
        .await?;
        let locale = stored("user", u.id, "locale", &u.locale, Locale::parse)?;
        let link = format!("{}/password/{token}", self.mail.public_url);
        let values = [
            ("name", u.name.clone()),
            ("email", u.email.clone()),
            ("link", link),
            ("days", INVITE_DAYS.to_string()),
            ("hours", RESET_HOURS.to_string()),
        ];
        let key = format!("account-{}", purpose.as_str());
        let subject = render::with_args(locale, &format!("{key}-subject"), &values);
        let body = format!(
            "{}\n\n{}\n",
            render::with_args(locale, &format!("{key}-body"), &values),
            render::with_args(locale, "account-mail-footer", &[])
        );
        let domain = self.mail_domain();
        let message_id = format!(
            "<account.{}{:010}@{domain}>",
            us(now),
            rand::random::<u32>()
        );
        let mail = store::notifications::NewMail {
            notification_id: None,
            ticket_id: None,
            to_address: &u.email,
            subject: &subject,
            body_text: &body,
            message_id: &message_id,
            in_reply_to: None,
        };
        let id = store::notifications::insert_mail(tx, &mail, us(now)).await?;
        self.enqueue_in(tx, JobKind::DeliverMail, &format!("{{\"outbox_id\":{id}}}"))
            .await?;
        Ok((id, expires))
    }

    /// Sends a user a new invitation (earlier unused ones stop working). Admins only; the
    /// user must be active.
    pub async fn resend_invitation(&self, actor: &Actor, id: i64) -> ServiceResult<InviteSent> {
        self.get_user(actor, id).await?;
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        st::lock_user(&mut tx, id).await?;
        let u = store::users::get_user_in(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if !u.is_active() {
            return Err(ServiceError::state(
                "user_inactive",
                "the user is deactivated: reactivate them first",
            ));
        }
        st::expire_unused(&mut tx, id, Some(Purpose::Invite.as_str()), self.now_us()).await?;
        let (outbox_id, expires) = self
            .issue_account_link(&mut tx, &u, Purpose::Invite)
            .await?;
        tx.commit().await?;
        Ok(InviteSent {
            user_id: id,
            to: u.email,
            outbox_id,
            expires_at: rfc3339(us(expires)),
        })
    }

    /// "Forgot your password?": queues a reset e-mail when `email` is an active user's and the
    /// hourly limit allows it. Answers `Ok` either way, after the same time.
    pub async fn request_password_reset(&self, email: &str) -> ServiceResult<()> {
        let started = Instant::now();
        let result = self.reset_if_known(email).await;
        if let Some(rest) = RESET_REQUEST_FLOOR.checked_sub(started.elapsed()) {
            tokio::time::sleep(rest).await;
        }
        result
    }

    async fn reset_if_known(&self, email: &str) -> ServiceResult<()> {
        let email = user::parse_email("email", email)?;
        let Some(u) = store::users::get_user_by_email(&self.db, &email).await? else {
            return Ok(());
        };
        if !u.is_active() {
            return Ok(());
        }
        let now = self.now();
        let hour_ago = now
            .saturating_sub(SignedDuration::from_hours(1))
            .unwrap_or(now);
        let mut tx = self.db.begin().await?;
        st::lock_user(&mut tx, u.id).await?;
        let sent =
            st::count_issued_since(&mut tx, u.id, Purpose::Reset.as_str(), us(hour_ago)).await?;
        if sent >= MAX_RESET_MAILS_PER_HOUR {
            tracing::warn!(user_id = u.id, "password reset: hourly limit reached");
            return Ok(());
        }
        st::expire_unused(&mut tx, u.id, Some(Purpose::Reset.as_str()), us(now)).await?;
        self.issue_account_link(&mut tx, &u, Purpose::Reset).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What the link `token` leads to; `NotFound` for a token never issued.
    pub async fn account_link(&self, token: &str) -> ServiceResult<AccountLink> {
        self.find_link(token).await.map(|(_, _, l)| l)
    }

    async fn find_link(&self, token: &str) -> ServiceResult<(i64, i64, AccountLink)> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServiceError::NotFound);
        }
        let row = st::by_hash(&self.db, &auth::hash_token(token))
            .await?
            .ok_or(ServiceError::NotFound)?;
        let u = store::users::get_user(&self.db, row.user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let purpose = stored(
            "account_token",
            row.id,
            "purpose",
            &row.purpose,
            Purpose::parse,
        )?;
        let state = if row.used_at_us.is_some() {
            LinkState::Used
        } else if row.expires_at_us <= self.now_us() || !u.is_active() {
            LinkState::Expired
        } else {
            LinkState::Valid
        };
        Ok((
            row.id,
            u.id,
            AccountLink {
                purpose,
                state,
                locale: stored("user", u.id, "locale", &u.locale, Locale::parse)?,
                email: u.email,
                name: u.name,
            },
        ))
    }

    /// Sets the password chosen through a link: the link is used up, the user's other links
    /// stop working, and every session and API token of theirs ends. `NotFound` for an
    /// unknown link; `State` `link_used` / `link_expired` for a dead one; `Invalid` when the
    /// password breaks the rules.
    pub async fn set_password_by_link(
        &self,
        token: &str,
        password: &str,
    ) -> ServiceResult<AccountLink> {
        let (token_id, user_id, link) = self.find_link(token).await?;
        let dead = |state| match state {
            LinkState::Used => ServiceError::state("link_used", "this link was already used"),
            _ => ServiceError::state("link_expired", "this link has expired"),
        };
        if link.state != LinkState::Valid {
            return Err(dead(link.state));
        }
        check_password(password)?;
        let hash = auth::hash_password(password.to_string()).await?;
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        if !st::use_token(&mut tx, token_id, now).await? {
            return Err(dead(LinkState::Used));
        }
        st::set_password_hash(&mut tx, user_id, &hash).await?;
        st::expire_unused(&mut tx, user_id, None, now).await?;
        self.revoke_access(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_mails_read_in_both_languages_with_the_link() {
        let values = [
            ("name", "Ana".to_string()),
            ("email", "ana@norte.test".to_string()),
            ("link", "http://x/password/abc".to_string()),
            ("days", INVITE_DAYS.to_string()),
            ("hours", RESET_HOURS.to_string()),
        ];
        for locale in [Locale::Es, Locale::En] {
            for p in [Purpose::Invite, Purpose::Reset] {
                let key = format!("account-{}", p.as_str());
                let subject = render::with_args(locale, &format!("{key}-subject"), &values);
                let body = render::with_args(locale, &format!("{key}-body"), &values);
                for text in [&subject, &body] {
                    assert!(
                        !text.contains('⟦') && !text.contains("{$"),
                        "{p:?} {locale:?}: {text}"
                    );
                }
                assert!(
                    body.contains("http://x/password/abc") && body.contains("Ana"),
                    "{body}"
                );
            }
            assert!(!render::with_args(locale, "account-mail-footer", &[]).contains('⟦'));
        }
    }

    #[test]
    fn a_pending_invitation_matches_no_password() {
        assert!(!has_password(NO_PASSWORD) && !has_password(""));
        assert!(has_password("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"));
    }
}
