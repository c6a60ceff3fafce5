//! Errors of the store.

/// What can go wrong when reading or writing the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened, queried or written.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A write on a database that cannot be written: its file or its folder is read-only,
    /// or it was opened read-only ([`crate::Store::open_read_only`]).
    #[error(
        "the database is read-only (opened read-only, or its file or folder cannot be written), \
         and this needs to write to it"
    )]
    ReadOnly,
    /// A database in a folder that cannot be written has transactions in its write-ahead
    /// log (`-wal`) but not the index (`-shm`) that reading them needs, which SQLite cannot
    /// create there.
    #[error(
        "{0}-wal holds transactions that cannot be read without {0}-shm, which cannot be created \
         in a read-only folder: make the folder writable, or copy the database with its -wal \
         file to a writable folder"
    )]
    ReadOnlyWal(String),
    /// A database opened read-only lacks migrations that this version applies: they write,
    /// so they are applied only when it is opened for writing.
    #[error(
        "the database's schema is older than this version of aiguillage ({0}); open it once \
         with write access (any command but export, check or serve --read-only) to update it"
    )]
    Outdated(String),
    /// The migrations could not be applied.
    #[error("database migration failed: {0}")]
    Migration(sqlx::migrate::MigrateError),
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

/// SQLite's primary result codes that say the database cannot be written (`SQLITE_READONLY`),
/// cannot be opened (`SQLITE_CANTOPEN`), or is damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_READONLY: i64 = 8;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

/// The primary SQLite result code of `error`, if SQLite gave one.
fn sqlite_code(error: &sqlx::Error) -> Option<i64> {
    let code = error.as_database_error()?.code()?;
    // Extended codes carry the primary one in their low byte.
    code.parse::<i64>().ok().map(|c| c & 0xff)
}

/// Whether `error` is SQLite refusing to write.
pub(crate) fn is_read_only(error: &sqlx::Error) -> bool {
    sqlite_code(error) == Some(SQLITE_READONLY)
}

/// Whether `error` is SQLite unable to open the file, or to write beside it.
pub(crate) fn cannot_open(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error), Some(SQLITE_CANTOPEN | SQLITE_READONLY))
}

/// Whether `error` says the file is damaged.
pub(crate) fn is_damaged(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error), Some(SQLITE_CORRUPT | SQLITE_NOTADB))
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        // One clear sentence instead of SQLite's « attempt to write a readonly database ».
        if is_read_only(&error) {
            StoreError::ReadOnly
        } else {
            StoreError::Database(error)
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError;
        match error {
            MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _) if is_read_only(&e) => {
                StoreError::ReadOnly
            }
            error => StoreError::Migration(error),
        }
    }
}
