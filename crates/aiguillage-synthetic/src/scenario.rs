//! Synthetic territories for the coverage benchmark (`cargo bench -p aiguillage-bench --bench
//! coverage`) and its data writer (`coverage_data`): populated 200 m cells clustered around
//! towns, and places, deterministic from a seed.
//!
//! How a territory is drawn ([`Scenario::generate`]):
//!
//! 1. **Towns**: centres uniform over the area, weights following Zipf's law (the town of
//!    rank `k` weighs `1 / k`), each with a Gaussian spread of standard deviation
//!    `0.5 km + 0.25 km × √(thousands of residents)` (~1.3 km for 10,000 residents, ~4 km
//!    for 150,000, ~19 km for 5 million).
//! 2. **Cells**: points are drawn — [`RURAL_SHARE`] uniformly over the area (sparse rural
//!    cells), the others around a town chosen by weight — and snapped to the LAEA 200 m
//!    grid with [`CellId::containing`]; the first time a cell is hit it is added, and
//!    drawing stops at exactly [`Scenario::cells`] distinct cells. Each cell is located at
//!    its centre ([`CellId::centre`]), like a population layer of INSEE's grid.
//! 3. **Populations**: each cell's weight is the number of draws that hit it (dense town
//!    cores are hit many times) times a Pareto factor (tail index [`PARETO_ALPHA`]), scaled
//!    so the cells add up to [`Scenario::residents`]: a heavy tail of dense urban cells over
//!    many cells of a few residents.
//! 4. **Places**: [`PLACES_NEAR_TOWNS`] of them around a town chosen by weight (half its
//!    spread), the rest uniform over the area; coordinates rounded to 1e-5 degree like the
//!    standard's files.
//!
//! Cells come in the order they were first hit, which is spatially random: the order in
//! which a naive per-cell loop would meet them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::f64::consts::TAU;

use aiguillage_geo::grid::CellId;
use aiguillage_geo::LatLon;
use aiguillage_territory::population::PopulationCell;

use crate::{round_coordinate, SplitMix64};

/// Share of the cell draws made uniformly over the area rather than around a town.
pub const RURAL_SHARE: f64 = 0.3;
/// Share of the places drawn around a town rather than uniformly over the area.
pub const PLACES_NEAR_TOWNS: f64 = 0.7;
/// Tail index of the Pareto factor of cell populations (heavy tail, finite mean).
pub const PARETO_ALPHA: f64 = 2.5;
/// Kilometres per degree of latitude (mean sphere), for offsets in km.
const KM_PER_DEGREE: f64 = 111.195;

/// Where a territory lies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Area {
    /// A box of `width_km` × `height_km` centred on `centre`.
    Box {
        /// Centre of the box.
        centre: LatLon,
        /// West–east extent, km.
        width_km: f64,
        /// South–north extent, km.
        height_km: f64,
    },
    /// Mainland France (France métropolitaine without Corsica), as a coarse outline of
    /// [`FRANCE_OUTLINE`].
    France,
}

/// A coarse outline of mainland France, `(longitude, latitude)` clockwise from Dunkirk:
/// about 540,000 km², close enough to the real 544,000 km² for a benchmark.
pub const FRANCE_OUTLINE: [(f64, f64); 62] = [
    (2.55, 51.09),
    (3.13, 50.78),
    (3.97, 50.34),
    (4.23, 49.96),
    (4.85, 50.15),
    (5.47, 49.50),
    (5.90, 49.50),
    (6.36, 49.46),
    (7.07, 49.11),
    (8.20, 48.97),
    (7.80, 48.50),
    (7.60, 47.58),
    (7.00, 47.45),
    (6.10, 46.60),
    (5.96, 46.20),
    (6.59, 46.40),
    (6.80, 46.00),
    (7.04, 45.92),
    (7.00, 45.20),
    (6.63, 45.10),
    (7.00, 44.20),
    (7.53, 43.78),
    (7.26, 43.70),
    (6.64, 43.27),
    (5.93, 43.10),
    (5.30, 43.20),
    (4.80, 43.40),
    (4.00, 43.50),
    (3.10, 43.15),
    (3.05, 42.55),
    (3.17, 42.43),
    (2.50, 42.35),
    (1.72, 42.50),
    (0.70, 42.80),
    (-0.30, 42.80),
    (-1.40, 43.05),
    (-1.78, 43.37),
    (-1.52, 43.50),
    (-1.25, 44.60),
    (-1.25, 45.70),
    (-1.15, 46.20),
    (-1.80, 46.50),
    (-2.15, 46.90),
    (-2.55, 47.30),
    (-3.10, 47.50),
    (-4.37, 47.80),
    (-4.73, 48.04),
    (-4.77, 48.36),
    (-4.55, 48.63),
    (-3.98, 48.72),
    (-3.20, 48.85),
    (-2.00, 48.65),
    (-1.60, 48.65),
    (-1.60, 49.20),
    (-1.95, 49.72),
    (-1.26, 49.70),
    (-1.10, 49.35),
    (-0.20, 49.30),
    (0.10, 49.48),
    (1.08, 49.93),
    (1.58, 50.73),
    (1.85, 50.96),
];

impl Area {
    /// The latitude/longitude box around the area: `(min, max)`.
    pub fn bounds(&self) -> (LatLon, LatLon) {
        match *self {
            Area::Box {
                centre,
                width_km,
                height_km,
            } => {
                let dlat = height_km / 2.0 / KM_PER_DEGREE;
                let dlon = width_km / 2.0 / (KM_PER_DEGREE * centre.lat.to_radians().cos());
                (
                    LatLon::new(centre.lat - dlat, centre.lon - dlon),
                    LatLon::new(centre.lat + dlat, centre.lon + dlon),
                )
            }
            Area::France => FRANCE_OUTLINE.iter().fold(
                (LatLon::new(90.0, 180.0), LatLon::new(-90.0, -180.0)),
                |(min, max), &(lon, lat)| {
                    (
                        LatLon::new(min.lat.min(lat), min.lon.min(lon)),
                        LatLon::new(max.lat.max(lat), max.lon.max(lon)),
                    )
                },
            ),
        }
    }

    /// Whether `p` is in the area.
    fn contains(&self, p: LatLon) -> bool {
        match self {
            Area::Box { .. } => {
                let (min, max) = self.bounds();
                (min.lat..=max.lat).contains(&p.lat) && (min.lon..=max.lon).contains(&p.lon)
            }
            Area::France => in_polygon(&FRANCE_OUTLINE, p),
        }
    }

    /// A point uniform over the area (uniform in degrees, by rejection for the outline).
    fn uniform(&self, rng: &mut SplitMix64) -> LatLon {
        let (min, max) = self.bounds();
        loop {
            let p = LatLon::new(
                min.lat + rng.unit() * (max.lat - min.lat),
                min.lon + rng.unit() * (max.lon - min.lon),
            );
            if self.contains(p) {
                return p;
            }
        }
    }
}

/// Even–odd rule on `(longitude, latitude)` vertices.
fn in_polygon(vertices: &[(f64, f64)], p: LatLon) -> bool {
    let mut inside = false;
    let mut j = vertices.len() - 1;
    for (i, &(xi, yi)) in vertices.iter().enumerate() {
        let (xj, yj) = vertices[j];
        if (yi > p.lat) != (yj > p.lat) && p.lon < xi + (p.lat - yi) * (xj - xi) / (yj - yi) {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// A benchmark scenario: how many cells, towns, residents and places, where, which seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenario {
    /// Short name (`departement`, `france`), as the data writer's `--scenario` reads it.
    pub name: &'static str,
    /// Where the territory lies.
    pub area: Area,
    /// Distinct populated 200 m cells.
    pub cells: usize,
    /// Towns the cells cluster around.
    pub towns: usize,
    /// Residents of all cells together.
    pub residents: f64,
    /// Places.
    pub places: usize,
    /// Seed of the generator.
    pub seed: u64,
}

/// Département-size: ~900,000 residents on 180,000 cells around 300 towns, 1,000 places,
/// Finistère-like (centred on 48.25 N, 4.1 W).
///
/// The box is 156 km × 139 km, not the 90 km × 80 km of a real Finistère: that smaller box
/// holds exactly 180,000 cells of 200 m, so 180,000 populated ones would leave no room for
/// towns, countryside and empty land. Scaled by √3 on each side, a third of the cells are
/// populated (France as a whole: 2.3 million of ~13.7 million, a sixth).
pub const DEPARTEMENT: Scenario = Scenario {
    name: "departement",
    area: Area::Box {
        centre: LatLon::new(48.25, -4.1),
        width_km: 156.0,
        height_km: 139.0,
    },
    cells: 180_000,
    towns: 300,
    residents: 900_000.0,
    places: 1_000,
    seed: 29,
};

/// France-size: 2,313,783 populated cells (the count of INSEE's 200 m grid over France
/// métropolitaine) around 5,000 towns, 64 million residents, 50,000 places.
pub const FRANCE: Scenario = Scenario {
    name: "france",
    area: Area::France,
    cells: 2_313_783,
    towns: 5_000,
    residents: 64_000_000.0,
    places: 50_000,
    seed: 33,
};

/// Every scenario.
pub const SCENARIOS: [Scenario; 2] = [DEPARTEMENT, FRANCE];

/// A generated territory.
#[derive(Debug, Clone)]
pub struct Territory {
    /// Populated cells, located at their centres, in the order they were first hit.
    pub cells: Vec<PopulationCell>,
    /// Places.
    pub places: Vec<LatLon>,
    /// Points drawn to find the distinct cells.
    pub draws: usize,
    /// Cells first hit by a uniform (rural) draw.
    pub rural_cells: usize,
}

/// A town: centre, weight (Zipf), spread.
#[derive(Debug, Clone, Copy)]
struct Town {
    centre: LatLon,
    sigma_km: f64,
}

impl Scenario {
    /// The scenario called `name`.
    pub fn by_name(name: &str) -> Option<Scenario> {
        SCENARIOS.into_iter().find(|s| s.name == name)
    }

    /// Draws the territory (see the module documentation). Deterministic for a scenario.
    pub fn generate(&self) -> Territory {
        let mut rng = SplitMix64::new(self.seed);
        let weights: Vec<f64> = (1..=self.towns.max(1)).map(|rank| 1.0 / rank as f64).collect();
        let weight_sum: f64 = weights.iter().sum();
        let town_residents = self.residents * (1.0 - RURAL_SHARE);
        let towns: Vec<Town> = weights
            .iter()
            .map(|w| Town {
                centre: self.area.uniform(&mut rng),
                sigma_km: 0.5 + 0.25 * (town_residents * w / weight_sum / 1_000.0).sqrt(),
            })
            .collect();
        // Cumulative weights, to pick a town by weight with a binary search.
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |sum, w| {
                *sum += w / weight_sum;
                Some(*sum)
            })
            .collect();
        let pick = |rng: &mut SplitMix64| {
            let u = rng.unit();
            towns[cumulative.partition_point(|c| *c < u).min(towns.len() - 1)]
        };

        let mut index: HashMap<CellId, u32> = HashMap::with_capacity(self.cells);
        let mut ids: Vec<CellId> = Vec::with_capacity(self.cells);
        let mut hits: Vec<u32> = Vec::with_capacity(self.cells);
        let (mut draws, mut rural_cells) = (0, 0);
        while ids.len() < self.cells {
            draws += 1;
            let rural = rng.unit() < RURAL_SHARE;
            let p = if rural {
                self.area.uniform(&mut rng)
            } else {
                self.around(pick(&mut rng), 1.0, &mut rng)
            };
            match index.entry(CellId::containing(p)) {
                Entry::Occupied(e) => hits[*e.get() as usize] += 1,
                Entry::Vacant(e) => {
                    ids.push(*e.key());
                    e.insert(ids.len() as u32 - 1);
                    hits.push(1);
                    rural_cells += usize::from(rural);
                }
            }
        }
        let weights: Vec<f64> = hits
            .iter()
            .map(|&h| f64::from(h) * (1.0 - rng.unit()).powf(-1.0 / PARETO_ALPHA))
            .collect();
        let scale = self.residents / weights.iter().sum::<f64>();
        let cells = ids
            .iter()
            .zip(&weights)
            .map(|(cell, w)| PopulationCell {
                position: cell.centre(),
                population: w * scale,
                cell: *cell,
            })
            .collect();

        let places = (0..self.places)
            .map(|_| {
                let p = if rng.unit() < PLACES_NEAR_TOWNS {
                    self.around(pick(&mut rng), 0.5, &mut rng)
                } else {
                    self.area.uniform(&mut rng)
                };
                LatLon::new(round_coordinate(p.lat), round_coordinate(p.lon))
            })
            .collect();
        Territory {
            cells,
            places,
            draws,
            rural_cells,
        }
    }

    /// A point of the area around `town`: Gaussian, standard deviation `scale` times the
    /// town's spread (drawn again when it falls outside the area).
    fn around(&self, town: Town, scale: f64, rng: &mut SplitMix64) -> LatLon {
        let sigma_km = town.sigma_km * scale;
        loop {
            // Box–Muller: one normal pair per draw.
            let r = sigma_km * (-2.0 * (1.0 - rng.unit()).ln()).sqrt();
            let theta = TAU * rng.unit();
            let p = LatLon::new(
                town.centre.lat + r * theta.sin() / KM_PER_DEGREE,
                town.centre.lon + r * theta.cos() / (KM_PER_DEGREE * town.centre.lat.to_radians().cos()),
            );
            if self.area.contains(p) {
                return p;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// A small box: enough cells for every step of the drawing, quick in a test.
    const SMALL: Scenario = Scenario {
        name: "small",
        area: Area::Box {
            centre: LatLon::new(48.25, -4.1),
            width_km: 20.0,
            height_km: 15.0,
        },
        cells: 2_000,
        towns: 10,
        residents: 50_000.0,
        places: 40,
        seed: 7,
    };

    #[test]
    fn a_territory_has_what_its_scenario_says_and_is_deterministic() {
        let territory = SMALL.generate();
        assert_eq!(territory.cells.len(), SMALL.cells);
        let distinct: HashSet<CellId> = territory.cells.iter().map(|c| c.cell).collect();
        assert_eq!(distinct.len(), SMALL.cells);
        let residents: f64 = territory.cells.iter().map(|c| c.population).sum();
        assert!(
            (residents - SMALL.residents).abs() < 1e-6 * SMALL.residents,
            "{residents}"
        );
        assert!(territory.cells.iter().all(|c| c.position == c.cell.centre()));
        assert_eq!(territory.places.len(), SMALL.places);
        assert!(territory.places.iter().all(|p| SMALL.area.contains(*p)));
        assert!(territory.draws >= SMALL.cells && territory.rural_cells <= SMALL.cells);

        let again = SMALL.generate();
        assert_eq!(again.cells, territory.cells);
        assert_eq!(again.places, territory.places);
    }

    #[test]
    fn scenarios_are_found_by_name() {
        assert_eq!(Scenario::by_name("departement"), Some(DEPARTEMENT));
        assert_eq!(Scenario::by_name("france"), Some(FRANCE));
        assert_eq!(Scenario::by_name("monde"), None);
    }
}
