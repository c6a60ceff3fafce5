//! Renders coverage reports: a printable, self-contained HTML page (maud, inline SVG map and
//! charts), CSV (one row per sub-territory) and GeoJSON (white zones).
//!
//! Every format comes from one [`CoverageReport`](aiguillage_coverage::CoverageReport):
//!
//! - [`html`]: the page for people, in French, printable on A4, without any script or
//!   external file; [`HtmlContext`] brings the shapes to draw on its map;
//! - [`csv()`]: the key figures of each sub-territory;
//! - [`white_zones_geojson`]: the white zones as a GeoJSON FeatureCollection;
//! - [`json`]: the report itself, as the API serves it.
//!
//! [`build`] makes the report of a territory from the store (the server and the CLI both
//! call it), [`save_snapshot`] keeps its figures to compare with next time. [`quality()`]
//! lists the problems of the places one by one, as `aiguillage quality` prints them (CSV or
//! JSON); the report groups the same problems by kind.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod build;
mod export;
mod number;
mod page;
mod quality;

#[cfg(test)]
mod fixture;

pub use build::{
    build, gather, outline, resolve, save_snapshot, services_key, today, BuildError, BuiltReport, Gathered,
    ReportRequest, DEFAULT_RADIUS_M, MAX_RADIUS_M, MIN_RADIUS_M,
};
pub use export::{csv, json, white_zones_geojson, CSV_HEADER};
pub use page::{html, HtmlContext, MapPlace};
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
