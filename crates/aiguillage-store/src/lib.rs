//! Persistent storage of places: SQLite (WAL) through sqlx, migrations applied on open.
//!
//! Writes are transactional: [`Store::upsert`] stores a whole batch of places or nothing,
//! so an interrupted import leaves the database exactly as it was. Each place keeps its
//! provenance (source file, import time, creation and update times, content hash).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod rows;
mod store;

pub use error::StoreError;
pub use store::{
    ImportLog, PlaceProvenance, RecordPage, Store, StoredPlace, Upsert, UpsertCounts, WriteMode,
};
