//! Users and roles.

use serde::{Deserialize, Serialize};

use crate::{FieldError, limits};

/// `ClientAdmin` belongs to one client (the only client role the help desk serves);
/// the others are the provider's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ClientAdmin,
    Agent,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::ClientAdmin,
        Role::Agent,
        Role::Supervisor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ClientAdmin => "client_admin",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        self != Role::ClientAdmin
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    Es,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "es" => Some(Locale::Es),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// Lower-cased, trimmed e-mail with one `@` and a dot in the domain: enough to catch
/// typos without rejecting real addresses.
pub fn parse_email(field: &str, s: &str) -> Result<String, FieldError> {
    crate::ticket::check_chars(field, s, false)?;
    let e = s.trim().to_lowercase();
    if e.len() > limits::EMAIL_MAX {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("at most {} characters", limits::EMAIL_MAX),
        )
        .with("max", limits::EMAIL_MAX));
    }
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(e)
    } else {
        Err(FieldError::new(field, "email", "not an e-mail address"))
    }
}

/// An IANA time-zone name that the bundled database knows.
pub fn parse_time_zone(field: &str, s: &str) -> Result<String, FieldError> {
    if s.len() <= 64 && !s.contains('\0') && jiff::tz::TimeZone::get(s).is_ok() {
        Ok(s.to_string())
    } else {
        Err(FieldError::new(field, "time_zone", "unknown IANA time zone").with("value", s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            parse_email("e", " Ana@Campus.EDU ").unwrap(),
            "ana@campus.edu"
        );
        assert!(parse_email("e", "ana@campus").is_err());
        assert!(parse_email("e", "a b@c.d").is_err());
        assert_eq!(
            parse_email("e", "a\0b@c.d").unwrap_err().code,
            "control_character"
        );
    }

    #[test]
    fn zones() {
        assert!(parse_time_zone("tz", "America/Argentina/Buenos_Aires").is_ok());
        assert!(parse_time_zone("tz", "Mars/Olympus").is_err());
    }
}
