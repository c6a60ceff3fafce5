//! Errors of the store.

/// What can go wrong when reading or writing the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened, queried or written.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The migrations could not be applied.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A stored row no longer satisfies the standard (edited by hand?).
    #[error("stored place {id} is invalid: {reason}")]
    Corrupt {
        /// Id of the row.
        id: String,
        /// The first validation error.
        reason: String,
    },
}
