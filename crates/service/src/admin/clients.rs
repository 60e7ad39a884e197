//! Clients and campuses.

use domain::{FieldError, limits, ticket::single_line, user};
use serde::{Deserialize, Serialize};
use store::clients::{self as st, CampusRow, ClientRow, NewCampus, NewClient};
use utoipa::ToSchema;

use super::{Errors, parse_date, rfc3339};
use crate::{Actor, Service, ServiceError, ServiceResult};

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientView {
    pub id: i64,
    pub name: String,
    pub tax_id: String,
    pub contact_emails: Vec<String>,
    pub time_zone: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    pub name: String,
    pub tax_id: String,
    #[serde(default)]
    pub contact_emails: Vec<String>,
    /// IANA zone; the client's months (compliance reports) and subscription starts use it.
    pub time_zone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampusView {
    pub id: i64,
    pub client_id: i64,
    pub url: String,
    pub platform: String,
    pub platform_version: String,
    /// Hosting, server maintenance, security, OS/DB updates and daily backups apply only then.
    pub hosted_by_us: bool,
    #[schema(format = Date)]
    pub service_start_date: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampusInput {
    pub client_id: i64,
    pub url: String,
    pub platform: String,
    pub platform_version: String,
    pub hosted_by_us: bool,
    #[schema(format = Date)]
    pub service_start_date: String,
}

fn client_view(r: ClientRow) -> ServiceResult<ClientView> {
    let contact_emails = serde_json::from_str(&r.contact_emails).map_err(|e| {
        ServiceError::Internal(format!("client {}: stored contact_emails: {e}", r.id))
    })?;
    Ok(ClientView {
        id: r.id,
        name: r.name,
        tax_id: r.tax_id,
        contact_emails,
        time_zone: r.time_zone,
        created_at: rfc3339(r.created_at_us),
    })
}

fn campus_view(r: CampusRow) -> CampusView {
    CampusView {
        id: r.id,
        client_id: r.client_id,
        url: r.url,
        platform: r.platform,
        platform_version: r.platform_version,
        hosted_by_us: r.hosted_by_us,
        service_start_date: r.service_start_date,
        created_at: rfc3339(r.created_at_us),
    }
}

struct ValidClient {
    name: String,
    tax_id: String,
    emails: String,
    time_zone: String,
}

fn validate_client(i: &ClientInput) -> ServiceResult<ValidClient> {
    let mut e = Errors::default();
    let name = e.take(single_line("name", &i.name, limits::NAME_MAX));
    let tax_id = e.take(single_line("tax_id", &i.tax_id, limits::NAME_MAX));
    let mut emails = Vec::new();
    if i.contact_emails.len() > 20 {
        e.0.push(
            FieldError::new("contact_emails", "too_many", "at most 20 addresses").with("max", 20),
        );
    }
    for (n, m) in i.contact_emails.iter().enumerate() {
        emails.extend(e.take(user::parse_email(&format!("contact_emails[{n}]"), m)));
    }
    let time_zone = e.take(user::parse_time_zone("time_zone", &i.time_zone));
    e.finish()?;
    Ok(ValidClient {
        name: name.unwrap_or_default(),
        tax_id: tax_id.unwrap_or_default(),
        emails: serde_json::to_string(&emails).unwrap_or_else(|_| "[]".into()),
        time_zone: time_zone.unwrap_or_default(),
    })
}

struct ValidCampus {
    url: String,
    platform: String,
    version: String,
    start: String,
    client_id: i64,
    hosted_by_us: bool,
}

impl ValidCampus {
    fn row(&self, now_us: i64) -> NewCampus<'_> {
        NewCampus {
            client_id: self.client_id,
            url: &self.url,
            platform: &self.platform,
            platform_version: &self.version,
            hosted_by_us: self.hosted_by_us,
            service_start_date: &self.start,
            now_us,
        }
    }
}

fn validate_campus(i: &CampusInput) -> ServiceResult<ValidCampus> {
    let mut e = Errors::default();
    let url = e.take(single_line("url", &i.url, limits::URL_MAX).and_then(|u| {
        if u.starts_with("http://") || u.starts_with("https://") {
            Ok(u)
        } else {
            Err(FieldError::new(
                "url",
                "url_scheme",
                "must start with http:// or https://",
            ))
        }
    }));
    let platform = e.take(single_line("platform", &i.platform, limits::NAME_MAX));
    let version = e.take(single_line(
        "platform_version",
        &i.platform_version,
        limits::NAME_MAX,
    ));
    let start = e.take(parse_date("service_start_date", &i.service_start_date));
    e.finish()?;
    Ok(ValidCampus {
        url: url.unwrap_or_default(),
        platform: platform.unwrap_or_default(),
        version: version.unwrap_or_default(),
        start: start.unwrap_or_default(),
        client_id: i.client_id,
        hosted_by_us: i.hosted_by_us,
    })
}

impl Service {
    pub async fn list_clients(&self, actor: &Actor) -> ServiceResult<Vec<ClientView>> {
        st::list_clients(&self.db, actor.client_scope())
            .await?
            .into_iter()
            .map(client_view)
            .collect::<ServiceResult<_>>()
    }

    pub async fn get_client(&self, actor: &Actor, id: i64) -> ServiceResult<ClientView> {
        actor.check_client(id)?;
        st::get_client(&self.db, id)
            .await?
            .map(client_view)
            .ok_or(ServiceError::NotFound)?
    }

    pub async fn create_client(&self, actor: &Actor, i: &ClientInput) -> ServiceResult<ClientView> {
        actor.require_admin()?;
        let v = validate_client(i)?;
        let mut tx = self.db.begin().await?;
        let nc = NewClient {
            name: &v.name,
            tax_id: &v.tax_id,
            contact_emails: &v.emails,
            time_zone: &v.time_zone,
            now_us: self.now_us(),
        };
        let id = st::insert_client(&mut tx, &nc).await?;
        tx.commit().await?;
        self.get_client(actor, id).await
    }

    pub async fn update_client(
        &self,
        actor: &Actor,
        id: i64,
        i: &ClientInput,
    ) -> ServiceResult<ClientView> {
        actor.check_client(id)?;
        actor.require_admin()?;
        let v = validate_client(i)?;
        let old_name = st::get_client(&self.db, id).await?.map(|c| c.name);
        let mut tx = self.db.begin().await?;
        let nc = NewClient {
            name: &v.name,
            tax_id: &v.tax_id,
            contact_emails: &v.emails,
            time_zone: &v.time_zone,
            now_us: 0,
        };
        st::update_client(&mut tx, id, &nc).await?;
        if old_name.as_deref() != Some(v.name.as_str()) {
            // Agents find tickets by their client's name: the documents follow a rename.
            store::search::reindex(&mut tx, store::search::Scope::Client(id)).await?;
        }
        tx.commit().await?;
        self.get_client(actor, id).await
    }

    pub async fn list_campuses(
        &self,
        actor: &Actor,
        client: Option<i64>,
    ) -> ServiceResult<Vec<CampusView>> {
        if let Some(c) = client {
            actor.check_client(c)?;
        }
        let scope = actor.client_scope().or(client);
        Ok(st::list_campuses(&self.db, scope)
            .await?
            .into_iter()
            .map(campus_view)
            .collect())
    }

    pub async fn get_campus(&self, actor: &Actor, id: i64) -> ServiceResult<CampusView> {
        let c = st::get_campus(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_client(c.client_id)?;
        Ok(campus_view(c))
    }

    pub async fn create_campus(&self, actor: &Actor, i: &CampusInput) -> ServiceResult<CampusView> {
        actor.check_client(i.client_id)?;
        actor.require_admin()?;
        let v = validate_campus(i)?;
        if st::get_client(&self.db, i.client_id).await?.is_none() {
            return Err(FieldError::new("client_id", "unknown", "no such client").into());
        }
        let mut tx = self.db.begin().await?;
        let nc = v.row(self.now_us());
        let id = st::insert_campus(&mut tx, &nc).await?;
        tx.commit().await?;
        self.get_campus(actor, id).await
    }

    pub async fn update_campus(
        &self,
        actor: &Actor,
        id: i64,
        i: &CampusInput,
    ) -> ServiceResult<CampusView> {
        let existing = self.get_campus(actor, id).await?;
        actor.require_admin()?;
        if existing.client_id != i.client_id {
            return Err(FieldError::new(
                "client_id",
                "immutable",
                "a campus cannot move to another client",
            )
            .into());
        }
        let v = validate_campus(i)?;
        let mut tx = self.db.begin().await?;
        let nc = v.row(0);
        st::update_campus(&mut tx, id, &nc).await?;
        if existing.url != nc.url {
            // Tickets are found by their campus's address too.
            store::search::reindex(&mut tx, store::search::Scope::Client(existing.client_id))
                .await?;
        }
        tx.commit().await?;
        self.get_campus(actor, id).await
    }
}
