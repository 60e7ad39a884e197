//! TLS for mail, shared by incoming (IMAP, [`crate::mail_in::imap`]) and outgoing (SMTP,
//! [`crate::notify::mail_out`]) mail: which root CAs a mail server's certificate may chain
//! to. Always the Mozilla roots (webpki-roots, the same set lettre bundles); plus, for a
//! private CA, every certificate of the PEM file named by `ATIENDE_MAIL_CA_FILE`.
//!
//! The crypto provider is rustls' *ring* one, the provider lettre's `tokio1-rustls-tls`
//! feature uses, so the process holds one provider, not two.

use std::{fmt, path::Path, sync::Arc};

use lettre::transport::smtp::client::{Certificate, CertificateStore, TlsParameters};
use rustls::{
    ClientConfig, RootCertStore,
    pki_types::{CertificateDer, pem::PemObject},
};

/// The environment variable naming a PEM file of extra root CAs.
pub const CA_FILE_ENV: &str = "ATIENDE_MAIL_CA_FILE";

/// The TLS client settings of mail: the trusted roots, ready for tokio-rustls (IMAP) and for
/// lettre (SMTP). Cheap to clone.
#[derive(Clone)]
pub struct MailTls {
    /// The extra roots (DER), besides the Mozilla ones.
    extra_roots: Arc<Vec<CertificateDer<'static>>>,
    config: Arc<ClientConfig>,
}

impl fmt::Debug for MailTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailTls")
            .field("mozilla_roots", &webpki_roots::TLS_SERVER_ROOTS.len())
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl Default for MailTls {
    /// The Mozilla roots only.
    fn default() -> Self {
        MailTls::with_roots(Vec::new())
            .expect("the Mozilla roots and the ring provider make a valid TLS configuration")
    }
}

impl MailTls {
    /// The Mozilla roots, plus those of the file named by `ATIENDE_MAIL_CA_FILE` when it is
    /// set (and not empty).
    pub fn from_env() -> Result<MailTls, String> {
        match std::env::var_os(CA_FILE_ENV).filter(|v| !v.is_empty()) {
            None => Ok(MailTls::default()),
            Some(path) => MailTls::from_ca_file(Path::new(&path)),
        }
    }

    /// The Mozilla roots plus every certificate of the PEM file at `path`. The error names
    /// the variable and the file.
    pub fn from_ca_file(path: &Path) -> Result<MailTls, String> {
        let pem = std::fs::read(path).map_err(|e| {
            format!(
                "{CA_FILE_ENV}={}: cannot read the file: {e}",
                path.display()
            )
        })?;
        MailTls::with_extra_roots_pem(&pem)
            .map_err(|e| format!("{CA_FILE_ENV}={}: {e}", path.display()))
    }

    /// The Mozilla roots plus every certificate (`-----BEGIN CERTIFICATE-----`) in `pem`;
    /// other PEM sections are ignored. At least one certificate is required.
    pub fn with_extra_roots_pem(pem: &[u8]) -> Result<MailTls, String> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("not readable as PEM: {e}"))?;
        if certs.is_empty() {
            return Err("holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into());
        }
        MailTls::with_roots(certs)
    }

    fn with_roots(extra: Vec<CertificateDer<'static>>) -> Result<MailTls, String> {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for (n, cert) in extra.iter().enumerate() {
            roots
                .add(cert.clone())
                .map_err(|e| format!("certificate {} is not a usable root CA: {e}", n + 1))?;
        }
        let config =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("TLS configuration: {e}"))?
                .with_root_certificates(roots)
                .with_no_client_auth();
        Ok(MailTls {
            extra_roots: Arc::new(extra),
            config: Arc::new(config),
        })
    }

    /// How many roots were added to the Mozilla ones.
    pub fn extra_roots(&self) -> usize {
        self.extra_roots.len()
    }

    /// The client configuration for tokio-rustls (`TlsConnector::from`).
    pub fn client_config(&self) -> Arc<ClientConfig> {
        Arc::clone(&self.config)
    }

    /// lettre's TLS parameters for a server whose certificate must name `domain` (a host name
    /// or an IP address), trusting the same roots.
    pub fn smtp_parameters(&self, domain: &str) -> Result<TlsParameters, String> {
        let mut b = TlsParameters::builder(domain.to_string())
            .certificate_store(CertificateStore::WebpkiRoots);
        for cert in self.extra_roots.iter() {
            let cert =
                Certificate::from_der(cert.to_vec()).map_err(|e| format!("extra root CA: {e}"))?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls()
            .map_err(|e| format!("TLS parameters for {domain}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_roots_from_pem_and_clear_errors() {
        let base = MailTls::default();
        assert_eq!(base.extra_roots(), 0);
        assert!(base.smtp_parameters("localhost").is_ok());

        let err = MailTls::with_extra_roots_pem(b"no certificate here").unwrap_err();
        assert!(err.contains("no PEM certificate"), "{err}");
        let bad = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(
            MailTls::with_extra_roots_pem(bad).is_err(),
            "not a certificate"
        );

        let missing = Path::new("/nonexistent/atiende-ca.pem");
        let err = MailTls::from_ca_file(missing).unwrap_err();
        assert!(
            err.contains("ATIENDE_MAIL_CA_FILE=/nonexistent/atiende-ca.pem"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        let err = MailTls::from_ca_file(&empty).unwrap_err();
        assert!(
            err.contains(&empty.display().to_string()) && err.contains("no PEM certificate"),
            "{err}"
        );
    }
}
