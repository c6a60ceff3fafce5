//! Persistent storage of places: SQLite (WAL) through sqlx, migrations applied on open.
//!
//! Writes are transactional: [`Store::upsert`] stores a whole batch of places or nothing,
//! so an interrupted import leaves the database exactly as it was. Each place keeps its
//! provenance (source file, import time, creation and update times, content hash).
//!
//! Coverage reports also keep here the boundaries of territories (as GeoJSON text),
//! population layers (gridded or point population) and dated snapshots of reports.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod accounts;
mod edits;
mod error;
mod exceptions;
mod history;
mod merges;
mod population;
mod positions;
mod rows;
mod snapshots;
mod store;
mod suggestions;
mod territories;

pub use accounts::{ApiToken, NewUser, User};
pub use edits::WriteOutcome;
pub use error::StoreError;
pub use exceptions::{NewException, StoredException};
pub use history::{Change, ChangeSource, HistoryEntry};
pub use merges::{Merge, MergeRecord, MERGE_LOG_SOURCE};
pub use population::{PopulationCell, PopulationLayer};
pub use snapshots::Snapshot;
pub use store::{
    Closure, PlaceProvenance, RecordPage, Store, StoredPlace, Upsert, UpsertCounts, WriteMode, BUSY_TIMEOUT,
};
pub use suggestions::{Suggestion, SuggestionStatus};
pub use territories::{BoundariesImported, StoredBoundary};
