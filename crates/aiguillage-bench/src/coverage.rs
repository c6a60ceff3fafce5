//! What the coverage bench measures: the figures of a territory computed from its cells and
//! places, step by step as `aiguillage_coverage::compute` does them, each step timed.

use std::time::{Duration, Instant};

use aiguillage_coverage::reach::Locations;
use aiguillage_coverage::stats::{total, weighted_mean_p90};
use aiguillage_geo::{LatLon, PointSet};
use aiguillage_synthetic::scenario::{Area, Scenario, Territory};
use aiguillage_territory::population::PopulationCell;

/// The figures the coverage target is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Residents of all cells.
    pub population: f64,
    /// Residents with a place within the radius.
    pub covered: f64,
    /// Population-weighted mean distance to the nearest place, metres.
    pub mean_m: Option<f64>,
    /// Population-weighted 90th percentile of that distance, metres.
    pub p90_m: Option<f64>,
}

/// Time spent in each step of [`figures`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    /// Gathering the populations of the cells.
    pub keys: Duration,
    /// [`Locations::of`]: the cells' Hilbert keys and the sort along the curve.
    pub sort: Duration,
    /// [`PointSet::new`]: indexing the places.
    pub index: Duration,
    /// [`Locations::nearest_distances`].
    pub nearest: Duration,
    /// Summing the covered residents.
    pub covered: Duration,
    /// [`weighted_mean_p90`].
    pub stats: Duration,
}

impl Phases {
    /// The names of the steps, in order.
    pub const NAMES: [&'static str; 6] = ["keys", "sort", "index", "nearest", "covered", "stats"];

    /// The steps' durations, in the order of [`Phases::NAMES`].
    pub fn durations(&self) -> [Duration; 6] {
        [
            self.keys,
            self.sort,
            self.index,
            self.nearest,
            self.covered,
            self.stats,
        ]
    }
}

/// Coverage within `radius_m` and the population-weighted mean and p90 distance to the
/// nearest of `places`, computed as [`aiguillage_coverage::compute`] does, from the cells
/// to the figures: [`Locations::of`] (Hilbert keys and sort), [`PointSet::new`],
/// [`Locations::nearest_distances`], the covered sum and [`weighted_mean_p90`]. Records the
/// time of each step in `phases`.
pub fn figures(cells: &[PopulationCell], places: &[LatLon], radius_m: f64, phases: &mut Phases) -> Figures {
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration| {
        let now = Instant::now();
        *slot = now - clock;
        clock = now;
    };
    let population: Vec<f64> = cells.iter().map(|c| c.population).collect();
    lap(&mut phases.keys);
    let locations = Locations::of(cells);
    lap(&mut phases.sort);
    let set = PointSet::new(places);
    lap(&mut phases.index);
    let distances = locations.nearest_distances(&set);
    lap(&mut phases.nearest);
    let covered = total(
        distances
            .iter()
            .zip(&population)
            .filter(|(d, _)| **d <= radius_m)
            .map(|(_, p)| p),
    );
    lap(&mut phases.covered);
    let (mean_m, p90_m) = weighted_mean_p90(&distances, &population);
    lap(&mut phases.stats);
    Figures {
        population: total(&population),
        covered,
        mean_m,
        p90_m,
    }
}

/// One line describing `territory`, drawn from `scenario`, and its figures within
/// `radius_m`: printed by the bench and the data writer.
pub fn describe(territory: &Territory, scenario: &Scenario, radius_m: f64, figures: &Figures) -> String {
    let (min, max) = scenario.area.bounds();
    let occupancy = match scenario.area {
        Area::Box {
            width_km, height_km, ..
        } => format!(
            ", {:.0} % of the box's cells",
            100.0 * territory.cells.len() as f64 / (width_km * height_km / 0.04)
        ),
        Area::France => String::new(),
    };
    format!(
        "{}: {} cells ({} first hit by a rural draw, {} draws{occupancy}), {} towns, {:.0} residents \
         (max {:.0} in a cell), {} places; box {:.3}..{:.3} N, {:.3}..{:.3} E; seed {}; \
         within {radius_m} m: {:.0} residents ({:.2} %), mean distance {:.1} m, p90 {:.1} m",
        scenario.name,
        territory.cells.len(),
        territory.rural_cells,
        territory.draws,
        scenario.towns,
        figures.population,
        territory.cells.iter().map(|c| c.population).fold(0.0, f64::max),
        territory.places.len(),
        min.lat,
        max.lat,
        min.lon,
        max.lon,
        scenario.seed,
        figures.covered,
        100.0 * figures.covered / figures.population,
        figures.mean_m.unwrap_or(f64::NAN),
        figures.p90_m.unwrap_or(f64::NAN),
    )
}
