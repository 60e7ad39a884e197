//! API tokens: list and revoke (creation lives in `auth`).
