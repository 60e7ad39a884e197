//! `atiende demo`: a realistic data set seeded relative to *now*.

use service::Service;

/// What `demo` prints after seeding.
pub struct DemoSeed {
    /// `(role label, e-mail, password)`
    pub logins: Vec<(String, String, String)>,
    /// A fresh API token of the admin user.
    pub token: String,
}

pub async fn seed(service: &Service) -> anyhow::Result<DemoSeed> {
    let _ = service;
    anyhow::bail!("demo seeding not written yet")
}
