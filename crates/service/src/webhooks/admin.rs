//! Endpoints as administrators manage them: register, change, remove, rotate the secret, read
//! the delivery log and redeliver. Secrets leave only in [`WebhookCreated`], once.

use jiff::SignedDuration;
use store::webhooks::{self as st, WebhookRow};

use super::{
    SECRET_PURPOSE,
    check::{bad, check, parse_events},
    sign,
    views::{
        DEFAULT_OVERLAP_HOURS, DeliveryCounts, DeliveryDetail, DeliveryFilter, DeliveryView,
        MAX_OVERLAP_HOURS, WebhookCreated, WebhookInput, WebhookView, delivery_view,
    },
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339, jobs::JobKind};

impl Service {
    fn webhook_view(&self, r: &WebhookRow, counts: &[(i64, String, i64)]) -> WebhookView {
        let n = |state: &str| {
            counts
                .iter()
                .find(|(w, s, _)| *w == r.id && s == state)
                .map_or(0, |(_, _, n)| *n)
        };
        let problem = self
            .secret
            .open(SECRET_PURPOSE, &r.secret_enc)
            .err()
            .map(|e| format!("secret: {e}"));
        let now = self.now_us();
        WebhookView {
            id: r.id,
            url: r.url.clone(),
            description: r.description.clone(),
            events: parse_events(&r.events).unwrap_or_default(),
            active: r.active,
            previous_secret_until: r
                .previous_secret_until_us
                .filter(|u| *u > now && r.previous_secret_enc.is_some())
                .map(rfc3339),
            deliveries: DeliveryCounts {
                pending: n("pending"),
                delivered: n("delivered"),
                failed: n("failed"),
            },
            problem,
            created_at: rfc3339(r.created_at_us),
            updated_at: rfc3339(r.updated_at_us),
        }
    }

    pub async fn list_webhooks(&self, actor: &Actor) -> ServiceResult<Vec<WebhookView>> {
        actor.require_admin()?;
        let counts = st::delivery_counts(&self.db).await?;
        Ok(st::list_webhooks(&self.db)
            .await?
            .iter()
            .map(|r| self.webhook_view(r, &counts))
            .collect())
    }

    pub async fn get_webhook(&self, actor: &Actor, id: i64) -> ServiceResult<WebhookView> {
        actor.require_admin()?;
        let row = st::get_webhook(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let counts = st::delivery_counts(&self.db).await?;
        Ok(self.webhook_view(&row, &counts))
    }

    /// Registers an endpoint with a fresh secret, returned this once.
    pub async fn create_webhook(
        &self,
        actor: &Actor,
        input: &WebhookInput,
    ) -> ServiceResult<WebhookCreated> {
        actor.require_admin()?;
        let (url, description, events) = check(input)?;
        let secret = sign::new_secret();
        let sealed = self.secret.seal(SECRET_PURPOSE, &secret);
        let events = serde_json::to_string(&events)
            .map_err(|e| ServiceError::Internal(format!("events: {e}")))?;
        let w = st::WebhookInput {
            url: &url,
            description: &description,
            events: &events,
            active: input.active,
        };
        let mut tx = self.db.begin().await?;
        let id = st::insert_webhook(&mut tx, &w, &sealed, actor.user_id, self.now_us()).await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, url = %url, "webhook registered");
        Ok(WebhookCreated {
            webhook: self.get_webhook(actor, id).await?,
            secret,
        })
    }

    /// Replaces an endpoint's URL, description, events and active flag (the secret stays).
    pub async fn update_webhook(
        &self,
        actor: &Actor,
        id: i64,
        input: &WebhookInput,
    ) -> ServiceResult<WebhookView> {
        actor.require_admin()?;
        st::get_webhook(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (url, description, events) = check(input)?;
        let events = serde_json::to_string(&events)
            .map_err(|e| ServiceError::Internal(format!("events: {e}")))?;
        let w = st::WebhookInput {
            url: &url,
            description: &description,
            events: &events,
            active: input.active,
        };
        let mut tx = self.db.begin().await?;
        st::update_webhook(&mut tx, id, &w, actor.user_id, self.now_us()).await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, url = %url, active = input.active, "webhook changed");
        self.get_webhook(actor, id).await
    }

    /// Removes an endpoint with its delivery log (queued attempts then find nothing to do).
    pub async fn delete_webhook(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        st::delete_webhook(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, "webhook removed");
        Ok(())
    }

    /// A new secret, returned this once. The previous one keeps signing for `overlap_hours`
    /// (default 24, 0 = stops at once, as after a leak), so receivers can switch without
    /// refusing deliveries in between.
    pub async fn rotate_webhook_secret(
        &self,
        actor: &Actor,
        id: i64,
        overlap_hours: Option<i64>,
    ) -> ServiceResult<WebhookCreated> {
        actor.require_admin()?;
        let hours = overlap_hours.unwrap_or(DEFAULT_OVERLAP_HOURS);
        if !(0..=MAX_OVERLAP_HOURS).contains(&hours) {
            return Err(
                bad("keep_previous_hours", "range", "between 0 and 168 hours")
                    .with("min", 0)
                    .with("max", MAX_OVERLAP_HOURS)
                    .into(),
            );
        }
        st::get_webhook(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let secret = sign::new_secret();
        let sealed = self.secret.seal(SECRET_PURPOSE, &secret);
        let now = self.now();
        let until = now
            .checked_add(SignedDuration::from_hours(hours))
            .unwrap_or(now);
        let mut tx = self.db.begin().await?;
        st::rotate_secret(
            &mut tx,
            id,
            &sealed,
            crate::us(until),
            actor.user_id,
            crate::us(now),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(by = actor.user_id, id, hours, "webhook secret rotated");
        Ok(WebhookCreated {
            webhook: self.get_webhook(actor, id).await?,
            secret,
        })
    }

    /// An endpoint's deliveries, newest first.
    pub async fn list_webhook_deliveries(
        &self,
        actor: &Actor,
        webhook_id: i64,
        f: &DeliveryFilter,
    ) -> ServiceResult<Vec<DeliveryView>> {
        actor.require_admin()?;
        if let Some(s) = f.state.as_deref()
            && !["pending", "delivered", "failed"].contains(&s)
        {
            return Err(bad("state", "invalid", "pending, delivered or failed")
                .with("allowed", "pending, delivered, failed")
                .into());
        }
        st::get_webhook(&self.db, webhook_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let limit = f.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(bad("limit", "range", "between 1 and 200")
                .with("min", 1)
                .with("max", 200)
                .into());
        }
        let rows =
            st::list_deliveries(&self.db, webhook_id, f.state.as_deref(), f.before, limit).await?;
        Ok(rows.iter().map(delivery_view).collect())
    }

    /// One delivery with its body and the headers last sent.
    pub async fn get_webhook_delivery(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<DeliveryDetail> {
        actor.require_admin()?;
        let r = st::get_delivery(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let request_headers = r
            .request_headers
            .as_deref()
            .unwrap_or("")
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        Ok(DeliveryDetail {
            delivery: delivery_view(&r),
            body: r.payload,
            request_headers,
        })
    }

    /// Sends a delivery again — the same body and id, signed afresh — however it ended. Only
    /// the job queued here attempts it from now on (an older one still queued does nothing).
    pub async fn redeliver_webhook(&self, actor: &Actor, id: i64) -> ServiceResult<DeliveryView> {
        actor.require_admin()?;
        let r = st::get_delivery(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let hook = st::get_webhook(&self.db, r.webhook_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if !hook.active {
            return Err(ServiceError::state(
                "webhook_inactive",
                "the webhook is inactive: activate it to redeliver",
            ));
        }
        let mut tx = self.db.begin().await?;
        let job = self
            .enqueue_in(
                &mut tx,
                JobKind::DeliverWebhook,
                &format!("{{\"delivery_id\":{id}}}"),
            )
            .await?;
        st::redeliver(&mut tx, id, job).await?;
        tx.commit().await?;
        tracing::info!(
            by = actor.user_id,
            delivery = id,
            job,
            "webhook redelivery queued"
        );
        let r = st::get_delivery(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(delivery_view(&r))
    }
}
