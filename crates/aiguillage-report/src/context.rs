//! What the report's HTML page draws besides the figures: the outlines and places of its map,
//! and how it links places. `aiguillage-web` renders the page from a
//! [`CoverageReport`](aiguillage_coverage::CoverageReport) and an [`HtmlContext`].

use geo::MultiPolygon;

/// A place drawn on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlace {
    /// Identifier of the place (used in links to its page).
    pub id: String,
    /// Name, shown when hovering its dot.
    pub nom: String,
    /// Latitude (WGS 84).
    pub lat: f64,
    /// Longitude (WGS 84).
    pub lon: f64,
}

/// What the page needs besides the report: shapes to draw and how to link places.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlContext {
    /// Outline of the territory (longitude, latitude); the map is fitted to it (and to the
    /// sub-territories), else to the places and white zones.
    pub outline: Option<MultiPolygon<f64>>,
    /// The places of the territory with coordinates.
    pub places: Vec<MapPlace>,
    /// Outlines of the sub-territories, by code (as in `CoverageReport::subterritories`).
    pub subterritory_outlines: Vec<(String, MultiPolygon<f64>)>,
    /// The page is saved as a file rather than served: it links to nothing (served, places'
    /// names link to their pages) and says it can be read offline.
    pub standalone: bool,
}
