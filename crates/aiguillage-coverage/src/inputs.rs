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

/// Where a place is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    /// Index in [`Inputs::communes`].
    pub commune: u32,
    /// `true` when attached by its `code_insee`, `false` when by its position.
    pub by_code: bool,
}

/// Residents located on cells or points, each assigned to a commune of the territory.
#[derive(Debug, Clone)]
pub struct Residents {
    /// Where the figures come from.
    pub source: PopulationSource,
    /// Populated locations.
    pub cells: Vec<PopulationCell>,
    /// For each cell, its commune (index in [`Inputs::communes`]).
    pub commune: Vec<u32>,
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
}

impl Options {
    /// Whether `place` counts under these options.
    pub fn admits(&self, place: &Place) -> bool {
        self.services.is_empty() || place.services.iter().any(|s| self.services.contains(s))
    }
}
