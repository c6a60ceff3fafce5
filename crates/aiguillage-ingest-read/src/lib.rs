//! The first step of the ingest path: bytes of a CSV, JSON or GeoJSON file into raw rows,
//! each with the line where it starts and the problems of its shape.
//!
//! A row read here is not yet validated: a source mapping (`aiguillage-ingest-mapping`) may
//! turn a hub's own columns into the standard's, positions may be filled in
//! (`aiguillage-ingest-positions`), and `aiguillage-import` validates and stores them.
//! A file that cannot be read at all is a [`ReadError`], reported as `FILE:LINE: reason`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod csv;
mod error;
mod format;
mod json;
mod line_problem;
mod rows;
mod table;

pub use error::ReadError;
pub use format::Format;
pub use json::text_value;
pub use line_problem::LineProblem;
pub use rows::{read, Rows, SourceRow};
pub use table::{read_table, Table, TableRow};
