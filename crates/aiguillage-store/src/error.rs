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
    /// A population layer to import is not valid (unknown kind, a cell out of range or
    /// with a population that is not a finite non-negative number); nothing was written.
    #[error("invalid population layer: {0}")]
    InvalidPopulation(String),
    /// A stored row other than a place can no longer be read back (edited by hand?).
    #[error("stored {table} row {key} is invalid: {reason}")]
    CorruptRow {
        /// The table.
        table: &'static str,
        /// The row's key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
}
