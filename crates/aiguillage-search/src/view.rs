//! The answer to a search, as the home page renders it and the API sends it as JSON.

use aiguillage_catalog::whole_metres;
use aiguillage_model::OpenStatus;
use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

/// The answer to a search.
#[derive(Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchResults))]
pub struct Results {
    /// Heading of the list, e.g. "Lieux près de Brest".
    pub heading: String,
    /// Where distances are measured from.
    pub origin: Option<Position>,
    /// The area to show on the map: `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    /// The commune or territory searched, whose coverage report can be opened.
    pub territory: Option<TerritoryLink>,
    /// Places, nearest first.
    pub places: Vec<ResultPlace>,
    /// Other answers to the same text (other communes, places by name).
    pub others: Vec<Suggestion>,
    /// Why the list is empty, or what was understood (e.g. an address found by the geocoder).
    pub message: Option<String>,
    /// When the places' `open_now` and `next_change` hold: the instant of the search.
    pub at: DateTime<Utc>,
}

/// A point, WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A territory whose coverage report exists at `/territoires/{code}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerritoryLink {
    /// Code (INSEE, SIREN…).
    pub code: String,
    /// Name.
    pub nom: String,
}

/// Another answer to the search text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suggestion {
    /// A commune: searching its code finds its places.
    Commune {
        /// INSEE code.
        code: String,
        /// Its name and first postcode (else its département): « Brest (29200) ».
        label: String,
    },
    /// A place whose name contains the text.
    Place {
        /// The place's `id`.
        id: String,
        /// Its name.
        label: String,
    },
}

impl Suggestion {
    /// What is shown.
    pub fn label(&self) -> &str {
        match self {
            Suggestion::Commune { label, .. } | Suggestion::Place { label, .. } => label,
        }
    }
}

/// A place in the result list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultPlace {
    /// Its `id`.
    pub id: String,
    /// Its name.
    pub nom: String,
    /// Address on one line.
    pub adresse: String,
    /// `typologie` codes.
    pub typologie: Vec<String>,
    /// Position.
    pub position: Option<Position>,
    /// Great-circle distance from the search's origin, in metres (whole metres in JSON);
    /// `null` for places found by name.
    #[serde(serialize_with = "metres")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub distance_m: Option<f64>,
    /// Whether it is open at the results' `at`; `null` when its hours are unknown.
    pub open_now: Option<bool>,
    /// Its next opening or closing after `at`, in its time zone; `null` when the hours are
    /// unknown or never change again.
    pub next_change: Option<DateTime<FixedOffset>>,
    /// Its time zone, in which its hours are read: `Europe/Paris`, `America/Cayenne`…
    #[serde(serialize_with = "zone_name")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Europe/Paris"))]
    pub time_zone: Tz,
    /// The services it offers (labels of the standard).
    pub services: Vec<String>,
}

impl ResultPlace {
    /// Open or closed at the results' `at`, and until when; `None` when the hours are
    /// unknown.
    pub fn status(&self) -> Option<OpenStatus> {
        self.open_now.map(|open| OpenStatus {
            open,
            next_change: self.next_change,
        })
    }
}

fn metres<S: Serializer>(distance_m: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    distance_m.map(whole_metres).serialize(serializer)
}

fn zone_name<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(zone.name())
}
