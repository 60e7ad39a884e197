//! Store errors, classified by `DatabaseError::kind()` (portable across both engines;
//! `constraint()` is only filled by the PostgreSQL driver).

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique key is already taken; `field` names the API field behind it.
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    /// A referenced row does not exist.
    #[error("unknown reference")]
    UnknownReference,
    #[error("invalid database configuration: {0}")]
    Config(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Maps a unique/foreign-key violation of the statement just run to a client error.
    pub fn classify(e: sqlx::Error, unique_field: &'static str) -> StoreError {
        if let sqlx::Error::Database(d) = &e {
            match d.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    return StoreError::Conflict {
                        field: unique_field,
                    };
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => return StoreError::UnknownReference,
                _ => {}
            }
        }
        StoreError::Database(e)
    }
}
