//! Positions that were not in a place's source: geocoded, or its commune's centre. The
//! ingest path makes them, the store keeps them beside the place, and the quality checks,
//! the duplicate search and the place's page read them.

/// How a position not given by the source was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionMethod {
    /// A BAN-compatible geocoder found the address.
    Geocoder,
    /// The centre of the place's commune (its imported boundary).
    CommuneCentre,
}

impl PositionMethod {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PositionMethod::Geocoder => "geocoder",
            PositionMethod::CommuneCentre => "commune_centre",
        }
    }

    /// The method of a stored name ([`PositionMethod::as_str`]).
    pub fn parse(text: &str) -> Option<PositionMethod> {
        match text {
            "geocoder" => Some(PositionMethod::Geocoder),
            "commune_centre" => Some(PositionMethod::CommuneCentre),
            _ => None,
        }
    }
}

/// A place's approximate position: how and from what it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproximatePosition {
    /// The place.
    pub place_id: String,
    /// How.
    pub method: PositionMethod,
    /// From what, for people: the geocoder's label or the commune's name.
    pub detail: String,
}
