//! What a coverage computation needs, already gathered: the territory, its communes and
//! sub-territories, located residents and every place with its attachment.

use aiguillage_model::{ApproximatePosition, Place, Service};
use aiguillage_territory::population::PopulationCell;
use aiguillage_territory::{Boundary, TerritoryRef};
use chrono::NaiveDate;

use crate::PopulationSource;

/// A commune of the territory.
#[derive(Debug, Clone)]
pub struct MemberCommune<'a> {
    /// The commune.
    pub territory: TerritoryRef,
    /// Index in [`Inputs::subterritories`] of the sub-territory it belongs to.
    pub subterritory: Option<usize>,
    /// Its imported boundary, when there is one.
    pub boundary: Option<&'a Boundary>,
    /// Its municipal population per INSEE (0 when unknown): orders lists of communes when
    /// their located residents tie (none located, for instance).
    pub insee_population: u64,
}

/// The share of the residents of `communes` that can be located: their INSEE population
/// whose commune boundary is known (by count of communes where INSEE gives none; 0 for no
/// commune).
pub(crate) fn located_share<'a, 'b: 'a>(communes: impl Iterator<Item = &'a MemberCommune<'b>>) -> f64 {
    let (mut expected, mut found, mut count, mut found_count) = (0u64, 0u64, 0u32, 0u32);
    for commune in communes {
        expected += commune.insee_population;
        count += 1;
        if commune.boundary.is_some() {
            found += commune.insee_population;
            found_count += 1;
        }
    }
    if expected > 0 {
        found as f64 / expected as f64
    } else if count > 0 {
        f64::from(found_count) / f64::from(count)
    } else {
        0.0
    }
}

/// Where a place is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    /// Index in [`Inputs::communes`]; `None` for a place inside the territory's own boundary
    /// but in no imported commune boundary.
    pub commune: Option<u32>,
    /// `true` when attached by its `code_insee`, `false` when by its position.
    pub by_code: bool,
}

/// Residents located on cells or points, each assigned to a commune of the territory when
/// its boundary is known.
#[derive(Debug, Clone)]
pub struct Residents {
    /// Where the figures come from.
    pub source: PopulationSource,
    /// The share (0–1) of the territory's residents these cells hold.
    pub located_share: f64,
    /// Populated locations.
    pub cells: Vec<PopulationCell>,
    /// For each cell, its commune (index in [`Inputs::communes`]); `None` for a cell inside
    /// the territory's own boundary but in no imported commune boundary.
    pub commune: Vec<Option<u32>>,
}

/// Everything a coverage report is computed from.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// The territory reported on.
    pub territory: TerritoryRef,
    /// Its sub-territories, for the table.
    pub subterritories: Vec<TerritoryRef>,
    /// Its communes.
    pub communes: Vec<MemberCommune<'a>>,
    /// Its residents.
    pub residents: Residents,
    /// Every known place: residents are covered by places across the territory's boundary
    /// too.
    pub places: &'a [Place],
    /// For each place of `places`, its attachment to the territory (`None` outside it).
    pub attached: Vec<Option<Attachment>>,
    /// The positions of places that their source did not give (the store's).
    pub approximate: &'a [ApproximatePosition],
}

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Reach in metres (great-circle).
    pub radius_m: f64,
    /// Only places offering one of these services count (all places when empty).
    pub services: Vec<Service>,
    /// The day the report is computed (staleness of `date_maj`, reference week).
    pub today: NaiveDate,
    /// How many white zones are listed with their outline, the most populated first (all of
    /// them are counted): `usize::MAX` for every one.
    pub outlined_white_zones: usize,
}

impl Options {
    /// Whether `place` counts under these options.
    pub fn admits(&self, place: &Place) -> bool {
        self.services.is_empty() || place.services.iter().any(|s| self.services.contains(s))
    }
}
