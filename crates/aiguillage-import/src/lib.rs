//! Reading and writing files of the standard (CSV, JSON, GeoJSON), and importing them
//! into the store in one transaction with a line-precise report of every problem.
//!
//! Data flows one way: [`read`] turns bytes into raw rows with their line numbers,
//! [`import`] validates them ([`aiguillage_model::validate`]) and upserts the accepted ones,
//! [`mod@write`] exports places back into any of the three formats, losslessly.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod format;
mod import;
pub mod read;
mod report;
pub mod synthetic;
pub mod write;

pub use error::{ImportError, ReadError};
pub use format::Format;
pub use import::{import, import_rows, ImportOptions, ImportReport};
pub use report::LineProblem;
