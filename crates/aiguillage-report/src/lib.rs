//! Builds coverage reports from the store and writes them for machines: CSV (one row per
//! sub-territory), GeoJSON (white zones) and JSON.
//!
//! Every format comes from one [`CoverageReport`](aiguillage_coverage::CoverageReport):
//!
//! - [`csv()`]: the key figures of each sub-territory;
//! - [`white_zones_geojson`]: the white zones as a GeoJSON FeatureCollection;
//! - [`json`]: the report itself, as the API serves it.
//!
//! The page for people (French, printable on A4, without script) is rendered by
//! `aiguillage-web` from the report and its [`HtmlContext`]: the shapes and places to draw on
//! its map.
//!
//! [`build`] makes the report of a territory from the store (the server and the CLI both
//! call it), [`save_snapshot`] keeps its figures to compare with next time. [`quality()`]
//! lists the problems of the places one by one, as `aiguillage quality` prints them (CSV or
//! JSON); the report groups the same problems by kind.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod build;
mod cache;
mod context;
mod export;
mod number;
mod quality;

#[cfg(any(test, feature = "fixture"))]
pub mod fixture;

pub use build::{
    build, gather, outline, resolve, save_snapshot, services_key, today, BuildError, BuiltReport, Gathered,
    ReportRequest, DEFAULT_RADIUS_M, LISTED_WHITE_ZONES, MAX_RADIUS_M, MIN_RADIUS_M,
};
pub use cache::{PopulationCache, MAX_CACHED_CELLS};
pub use context::{HtmlContext, MapPlace};
pub use export::{csv, json, located_notice, white_zones_geojson, LocatedNotice, CSV_HEADER};
pub use quality::{quality, QualityError, QualityList, QualityRow, QUALITY_COLUMNS};

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Writing the CSV failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// Serializing the report as JSON failed.
    #[error("cannot serialize the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}
