//! The last step of the ingest path: validating rows and writing the accepted places into
//! the store in one transaction, with a line-precise report of every problem.
//!
//! [`import`] reads a file ([`aiguillage_ingest_read::read`]), [`import_rows`] takes rows
//! already read (and mapped, located); both validate every row
//! ([`aiguillage_model::validate`]), reject duplicate ids and upsert the accepted places.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod import;

pub use error::ImportError;
pub use import::{import, import_rows, ImportOptions, ImportReport, LISTED_PROBLEMS};
