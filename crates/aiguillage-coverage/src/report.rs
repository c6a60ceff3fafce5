//! The coverage report of one territory: every figure a coordinator reads, as data.
//!
//! Field names are the API's (`GET /api/v1/territories/{code}/coverage`); renderers
//! (`aiguillage-report`) and snapshots use this structure as is.

use std::collections::BTreeMap;

use aiguillage_territory::TerritoryRef;
use chrono::NaiveDate;
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// Everything known about how well a territory is served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageReport {
    /// The territory reported on.
    pub territory: TerritoryRef,
    /// Reach: a resident is covered when a matching place is within this great-circle distance.
    pub radius_m: f64,
    /// Services asked for (any of them); empty means every place.
    pub services: Vec<String>,
    /// Day the figures were computed (in the report's time zone).
    pub computed_on: NaiveDate,
    /// Where the population figures come from, and what is missing to locate everyone.
    pub population_source: PopulationSource,
    /// The share (0–1) of the territory's residents that could be located: every figure about
    /// residents (population, coverage, distances, white zones, per service, per
    /// sub-territory) covers that share only. Below 1, `population_source.missing` says what
    /// to import. (Snapshots saved before it existed read as 1: they were measured.)
    #[serde(default = "everyone")]
    pub population_located_share: f64,
    /// Residents located in the territory (`null` when none could be located: not zero,
    /// unknown).
    pub population: Option<f64>,
    /// Located residents with a matching place within `radius_m` (`null` when none could be
    /// located).
    pub population_covered: Option<f64>,
    /// `population_covered / population` (`null` when no resident is located).
    pub coverage_ratio: Option<f64>,
    /// Matching places attached to the territory (by `code_insee`, else by position).
    pub places: u32,
    /// Places per 10,000 located residents (`null` when none is located).
    pub places_per_10k: Option<f64>,
    /// Places by typologie (a place with several typologies counts once in each).
    pub places_by_typologie: BTreeMap<String, u32>,
    /// Places by national programme (dispositif).
    pub places_by_dispositif: BTreeMap<String, u32>,
    /// Population-weighted mean distance to the nearest matching place (`None` without any).
    pub mean_distance_m: Option<f64>,
    /// Population-weighted 90th percentile of that distance.
    pub p90_distance_m: Option<f64>,
    /// Covered population for a range of radii (200 m … 5 km), from the same distances
    /// (empty when no resident is located).
    pub coverage_by_radius: Vec<RadiusCoverage>,
    /// The same coverage, one service at a time.
    pub by_service: Vec<ServiceCoverage>,
    /// Communes of the territory without any matching place.
    pub communes_without_place: Vec<CommuneFigure>,
    /// When places are open.
    pub hours: HoursCoverage,
    /// Groups of populated cells with nothing within the radius (`null` when no resident is
    /// located: a territory without located residents has no known white zone, not none).
    pub white_zones: Option<WhiteZones>,
    /// Problems in the data of the territory's places.
    pub quality: Quality,
    /// The same key figures for each sub-territory (communes of an EPCI or département,
    /// départements of a région).
    pub subterritories: Vec<SubterritoryFigures>,
    /// The change since the last saved snapshot, when there is one.
    pub previous: Option<Change>,
}

/// Where population figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PopulationSource {
    /// `grid` (INSEE 200 m cells), `points` (imported points) or `uniform` (each commune's
    /// INSEE population spread evenly over its boundary on a 200 m grid).
    pub kind: PopulationKind,
    /// Description shown to readers (French), naming the layer or the approximation.
    pub label: String,
    /// `true` for `uniform`: the figures are an approximation.
    pub approximate: bool,
    /// INSEE residents of member communes whose boundary is unknown, so they could not be
    /// located (administrative territories; they are not in `population`).
    pub population_unlocated: f64,
    /// What to import so that every resident is located (`null` when all are).
    #[serde(default)]
    pub missing: Option<MissingData>,
}

/// What a report lacks to locate every resident of its territory, and how to import it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingData {
    /// What is missing, in French (« les contours de 261 communes », « une couche de
    /// population »).
    pub what: String,
    /// Commands that import it, each sufficient (`aiguillage territories fetch --level commune
    /// --departement 29`).
    pub commands: Vec<String>,
}

/// Kind of population layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PopulationKind {
    /// INSEE 200 m grid cells (`Idcar_200m`, `Ind`).
    Grid,
    /// Points with a population (`lat,lon,population`).
    Points,
    /// Commune populations spread evenly over their boundaries (approximation).
    Uniform,
}

/// Covered population at one radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RadiusCoverage {
    /// Radius in metres.
    pub radius_m: f64,
    /// Residents with a matching place within the radius.
    pub population_covered: f64,
    /// Share of the population.
    pub coverage_ratio: f64,
}

/// Coverage by the places offering one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCoverage {
    /// The service label of the standard.
    pub service: String,
    /// Places of the territory offering it.
    pub places: u32,
    /// Located residents with such a place within the radius (wherever the place is).
    pub population_covered: Option<f64>,
    /// Share of the located population.
    pub coverage_ratio: Option<f64>,
}

/// Places and coverage for a subset of places (open on Saturday, open in the evening…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubsetCoverage {
    /// Places of the territory in the subset.
    pub places: u32,
    /// Located residents with such a place within the radius.
    pub population_covered: Option<f64>,
    /// Share of the located population.
    pub coverage_ratio: Option<f64>,
}

/// A commune and its population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneFigure {
    /// INSEE code.
    pub code: String,
    /// Name.
    pub nom: String,
    /// Residents located in it (`null` when its boundary is unknown, so none could be).
    pub population: Option<f64>,
    /// Its municipal population per INSEE (0 when unknown).
    #[serde(default)]
    pub insee_population: u64,
}

/// Opening-hours coverage over a reference week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursCoverage {
    /// Monday of the reference week the hours were evaluated on (holidays included).
    pub week_of: NaiveDate,
    /// Places of the territory whose hours are known (parsable).
    pub places_with_hours: u32,
    /// Places without hours or with hours that could not be read.
    pub places_without_hours: u32,
    /// Sum over places of their open hours in the week.
    pub open_hours_per_week: f64,
    /// Hours of the week during which at least one place is open.
    pub hours_with_a_place_open: f64,
    /// `matrix[d][h]`: places open at some time during hour `h` (0–23) of weekday `d`
    /// (0 = Monday).
    pub matrix: Vec<Vec<u32>>,
    /// Places open after 18:00 on at least one weekday (Monday–Friday).
    pub evening_places: u32,
    /// Places open on Saturday.
    pub saturday_places: u32,
    /// Places open on Sunday.
    pub sunday_places: u32,
    /// Coverage by places open on Saturday.
    pub saturday: SubsetCoverage,
    /// Coverage by places open after 18:00 on a weekday.
    pub weekday_evening: SubsetCoverage,
}

/// White zones: populated cells with no matching place within the radius, grouped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhiteZones {
    /// Number of zones.
    pub count: u32,
    /// Residents in all zones (= `population - population_covered`).
    pub population: f64,
    /// Zones by decreasing population (the largest ones only in the coverage document;
    /// all of them in `white-zones.geojson`).
    pub zones: Vec<WhiteZone>,
}

/// One white zone: cells connected by an edge, none within reach of a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhiteZone {
    /// 1 for the most populated zone.
    pub rank: u32,
    /// Residents in the zone.
    pub population: f64,
    /// Number of 200 m cells.
    pub cells: u32,
    /// Area in km².
    pub area_km2: f64,
    /// Population-weighted distance to the nearest matching place, in metres.
    pub mean_distance_m: Option<f64>,
    /// Outline of the zone (longitude, latitude).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[serde(
        serialize_with = "geojson::ser::serialize_geometry",
        deserialize_with = "geojson::de::deserialize_geometry"
    )]
    pub geometry: MultiPolygon<f64>,
}

/// Data-quality problems of the territory's places.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quality {
    /// Places whose `date_maj` is more than 12 months old.
    pub stale_date_maj: Vec<PlaceIssue>,
    /// Places without coordinates (attached by `code_insee`, missing from maps and coverage).
    pub no_coordinates: Vec<PlaceIssue>,
    /// Places whose point is outside the boundary of their commune (by `code_insee`, else
    /// by `commune` and `code_postal`), within 20 km of its centre.
    pub outside_commune: Vec<PlaceIssue>,
    /// Places whose `horaires` cannot be read.
    pub unparsable_hours: Vec<PlaceIssue>,
    /// Places without any service.
    pub missing_services: Vec<PlaceIssue>,
    /// Places whose point is outside France métropolitaine and the overseas territories.
    #[serde(default)]
    pub outside_france: Vec<PlaceIssue>,
    /// Places whose point is outside their commune and more than 20 km from its centre.
    #[serde(default)]
    pub far_from_commune: Vec<PlaceIssue>,
    /// Places whose `code_insee`, or `commune` with `code_postal`, names no known commune.
    #[serde(default)]
    pub unknown_commune: Vec<PlaceIssue>,
    /// Places whose `code_postal` is not one of their commune's (or of any commune).
    #[serde(default)]
    pub invalid_code_postal: Vec<PlaceIssue>,
    /// Places whose `telephone` fits the standard's pattern but not a real numbering plan.
    #[serde(default)]
    pub invalid_telephone: Vec<PlaceIssue>,
    /// Places with a malformed e-mail address in `courriels`.
    #[serde(default)]
    pub invalid_courriels: Vec<PlaceIssue>,
    /// Places whose position is not their source's (geocoded, or their commune's centre).
    #[serde(default)]
    pub approximate_positions: Vec<PlaceIssue>,
    /// Places that are likely another place of the territory published again.
    #[serde(default)]
    pub likely_duplicates: Vec<PlaceIssue>,
}

/// One place with a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceIssue {
    /// Identifier of the place.
    pub id: String,
    /// Name.
    pub nom: String,
    /// Commune.
    pub commune: String,
    /// What is wrong, in French.
    pub detail: String,
}

/// Key figures of one sub-territory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubterritoryFigures {
    /// The sub-territory.
    pub territory: TerritoryRef,
    /// Share (0–1) of its residents that could be located.
    #[serde(default = "everyone")]
    pub population_located_share: f64,
    /// Located residents (`null` when none could be).
    pub population: Option<f64>,
    /// Located residents covered.
    pub population_covered: Option<f64>,
    /// Share covered.
    pub coverage_ratio: Option<f64>,
    /// Matching places attached to it.
    pub places: u32,
    /// Places per 10,000 residents.
    pub places_per_10k: Option<f64>,
    /// Population-weighted mean distance to the nearest matching place.
    pub mean_distance_m: Option<f64>,
    /// Population-weighted 90th percentile of that distance.
    pub p90_distance_m: Option<f64>,
}

/// The change since a saved snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// When the snapshot was saved.
    pub saved_on: NaiveDate,
    /// Its located population.
    pub population: Option<f64>,
    /// Its covered population.
    pub population_covered: Option<f64>,
    /// Its coverage ratio.
    pub coverage_ratio: Option<f64>,
    /// Its number of places.
    pub places: u32,
    /// Its white-zone population.
    pub white_zone_population: Option<f64>,
}

/// The located share of reports saved before it was recorded.
fn everyone() -> f64 {
    1.0
}
