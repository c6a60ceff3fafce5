//! Why an import stops before its report.

use aiguillage_ingest_read::ReadError;
use aiguillage_store::StoreError;

/// Why an import stopped before its report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read (exit code 2).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The database failed; the transaction was rolled back and nothing was written.
    #[error(transparent)]
    Store(#[from] StoreError),
}
