//! The coverage computation: from gathered [`Inputs`] to a [`CoverageReport`].

use std::collections::BTreeMap;

use aiguillage_geo::{LatLon, PointSet};
use aiguillage_model::{french_order, reference_monday, Label, Place, Service};

use crate::inputs::located_share;
use crate::opening_coverage::{hours_coverage, WeekProfiles};
use crate::quality::quality;
use crate::reach::Locations;
use crate::stats::{self, per_10k, ratio, total, weighted_mean_p90};
use crate::white_zones::white_zones;
use crate::{
    CommuneFigure, CoverageReport, Inputs, MemberCommune, Options, RadiusCoverage, ServiceCoverage,
    SubsetCoverage, SubterritoryFigures,
};

/// The bits of the Saturday and evening subsets, after one bit per service.
const SATURDAY_BIT: u32 = 1 << Service::ALL.len();
const EVENING_BIT: u32 = SATURDAY_BIT << 1;
const _: () = assert!(
    Service::ALL.len() + 2 <= 32,
    "a service bit per service, in a u32"
);

/// Radii of the "coverage by radius" chart, in metres.
pub const CHART_RADII_M: [f64; 8] = [200.0, 400.0, 800.0, 1_000.0, 1_500.0, 2_000.0, 3_000.0, 5_000.0];

/// Computes every figure of the report (`previous` is left empty: it comes from the
/// snapshots, see the callers).
///
/// Cost: one nearest-place query per populated cell (see [`crate::reach`]), one "any place
/// within the radius" query per cell for each service and for the Saturday and evening
/// subsets, and linear passes for the rest.
pub fn compute(inputs: &Inputs<'_>, options: &Options) -> CoverageReport {
    let cells = &inputs.residents.cells;
    let population: Vec<f64> = cells.iter().map(|c| c.population).collect();
    let positions: Vec<LatLon> = cells.iter().map(|c| c.position).collect();
    let locations = Locations::of(cells);

    let matching: Vec<&Place> = inputs.places.iter().filter(|p| options.admits(p)).collect();
    let distances = locations.nearest_distances(&point_set(&matching));
    let covered: Vec<bool> = distances.iter().map(|d| *d <= options.radius_m).collect();

    // Without any located resident, figures about residents are unknown, not zero.
    let measured = inputs.residents.located_share > 0.0;
    let total = total(&population);
    let covered_population = sum_where(&population, &covered);
    let (mean_distance_m, p90_distance_m) = weighted_mean_p90(&distances, &population);

    let attached_matching: Vec<&Place> = attached(inputs).filter(|p| options.admits(p)).collect();
    let places = attached_matching.len() as u32;

    // The white zones and the quality checks need none of the subsets below: both halves run
    // side by side (each also spreads its own passes over the threads).
    let subsets = || {
        // Only places near the residents can cover them: the "within the radius" passes
        // (services, Saturday, evening) look at those, not at every place of the country.
        let reach = Reach::around(&positions, options.radius_m);
        let nearby: Vec<&Place> = inputs.places.iter().filter(|p| reach.contains(p)).collect();
        // Residents some place reaches, whatever it offers: only they can be covered by a
        // subset of the places (without a services filter, the matching places are all of them).
        let reached_by_any = if options.services.is_empty() {
            covered.clone()
        } else {
            locations.within(&point_set(&nearby), options.radius_m)
        };
        // One pass for every subset: each nearby place has a bit per service it offers, and the
        // Saturday and evening bits when it matches and is open then; each resident gets the
        // union of the bits of the places within reach.
        let mut profiles = WeekProfiles::new(reference_monday(options.today));
        let masks: Vec<u32> = nearby
            .iter()
            .map(|place| {
                let mut mask = Service::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, service)| place.services.contains(service))
                    .fold(0, |mask, (bit, _)| mask | 1 << bit);
                if options.admits(place) {
                    if profiles.open_saturday(place) {
                        mask |= SATURDAY_BIT;
                    }
                    if profiles.open_evening(place) {
                        mask |= EVENING_BIT;
                    }
                }
                mask
            })
            .collect();
        // `nearby` places all have coordinates (`Reach::contains`): the point set keeps their order.
        let unions = locations.masks_within(&point_set(&nearby), &masks, options.radius_m, &reached_by_any);
        let covered_by = |bit: u32| {
            stats::total(
                population
                    .iter()
                    .zip(&unions)
                    .filter(|(_, union)| *union & bit != 0)
                    .map(|(p, _)| p),
            )
        };
        let subset = |covered: f64, places: u32| SubsetCoverage {
            places,
            population_covered: measured.then_some(covered),
            coverage_ratio: ratio(covered, total).filter(|_| measured),
        };

        let by_service = Service::ALL
            .iter()
            .enumerate()
            .map(|(bit, service)| {
                let places = attached(inputs).filter(|p| p.services.contains(service)).count() as u32;
                let figures = subset(covered_by(1 << bit), places);
                ServiceCoverage {
                    service: service.label().to_owned(),
                    places: figures.places,
                    population_covered: figures.population_covered,
                    coverage_ratio: figures.coverage_ratio,
                }
            })
            .collect();

        let mut subset_of = |bit: u32, open: &mut dyn FnMut(&mut WeekProfiles, &Place) -> bool| {
            let places = attached_matching
                .iter()
                .filter(|p| open(&mut profiles, p))
                .count() as u32;
            subset(covered_by(bit), places)
        };
        let saturday = subset_of(SATURDAY_BIT, &mut WeekProfiles::open_saturday);
        let evening = subset_of(EVENING_BIT, &mut WeekProfiles::open_evening);
        let hours = hours_coverage(&attached_matching, &mut profiles, saturday, evening);
        (by_service, hours)
    };
    let zones_and_quality = || {
        let white_zones =
            measured.then(|| white_zones(cells, &distances, options.radius_m, options.outlined_white_zones));
        (white_zones, quality(inputs, options.today))
    };
    let ((white_zones, quality), (by_service, hours)) = rayon::join(zones_and_quality, subsets);

    CoverageReport {
        territory: inputs.territory.clone(),
        radius_m: options.radius_m,
        services: options.services.iter().map(|s| s.label().to_owned()).collect(),
        computed_on: options.today,
        population_source: inputs.residents.source.clone(),
        population_located_share: inputs.residents.located_share,
        population: measured.then_some(total),
        population_covered: measured.then_some(covered_population),
        coverage_ratio: ratio(covered_population, total).filter(|_| measured),
        places,
        places_per_10k: per_10k(places, total),
        places_by_typologie: count_by(attached_matching.iter().flat_map(|p| p.typologie.iter().cloned())),
        places_by_dispositif: count_by(attached_matching.iter().flat_map(|p| {
            p.dispositif_programmes_nationaux
                .iter()
                .map(|d| d.label().to_owned())
        })),
        mean_distance_m,
        p90_distance_m,
        coverage_by_radius: coverage_by_radius(&distances, &population, total, options.radius_m),
        by_service,
        communes_without_place: communes_without_place(inputs, options, &population),
        hours,
        white_zones,
        quality,
        subterritories: subterritories(inputs, options, &distances, &covered, &population),
        previous: None,
    }
}

/// The places attached to the territory.
fn attached<'a>(inputs: &'a Inputs<'_>) -> impl Iterator<Item = &'a Place> {
    inputs
        .places
        .iter()
        .zip(&inputs.attached)
        .filter(|(_, a)| a.is_some())
        .map(|(p, _)| p)
}

/// A latitude/longitude box around resident locations, widened by the radius: a place
/// outside it is farther than the radius from every resident.
struct Reach {
    min: LatLon,
    max: LatLon,
}

impl Reach {
    fn around(positions: &[LatLon], radius_m: f64) -> Self {
        let (mut min, mut max) = (LatLon::new(90.0, 180.0), LatLon::new(-90.0, -180.0));
        for p in positions {
            min = LatLon::new(min.lat.min(p.lat), min.lon.min(p.lon));
            max = LatLon::new(max.lat.max(p.lat), max.lon.max(p.lon));
        }
        // A degree of latitude is at least 110.5 km; a degree of longitude shrinks with
        // the cosine of the latitude farthest from the equator (capped near the poles).
        let dlat = radius_m / 110_500.0;
        let widest = min.lat.abs().max(max.lat.abs()).min(89.0) + dlat;
        let dlon = radius_m / (111_320.0 * widest.min(89.9).to_radians().cos());
        Reach {
            min: LatLon::new(min.lat - dlat, min.lon - dlon),
            max: LatLon::new(max.lat + dlat, max.lon + dlon),
        }
    }

    fn contains(&self, place: &Place) -> bool {
        place.coordinates().is_some_and(|(lat, lon)| {
            (self.min.lat..=self.max.lat).contains(&lat) && (self.min.lon..=self.max.lon).contains(&lon)
        })
    }
}

/// The located places among `places`, as a point set.
fn point_set(places: &[&Place]) -> PointSet {
    let points: Vec<LatLon> = places
        .iter()
        .filter_map(|p| p.coordinates().map(|(lat, lon)| LatLon::new(lat, lon)))
        .collect();
    PointSet::new(&points)
}

fn sum_where(population: &[f64], mask: &[bool]) -> f64 {
    total(population.iter().zip(mask).filter(|(_, m)| **m).map(|(p, _)| p))
}

fn count_by(values: impl Iterator<Item = String>) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_insert(0) += 1;
    }
    counts
}

/// Empty when nobody is located.
fn coverage_by_radius(
    distances: &[f64],
    population: &[f64],
    total: f64,
    radius_m: f64,
) -> Vec<RadiusCoverage> {
    if total <= 0.0 {
        return Vec::new();
    }
    let mut radii = CHART_RADII_M.to_vec();
    if !radii.contains(&radius_m) {
        radii.push(radius_m);
        radii.sort_by(f64::total_cmp);
    }
    radii
        .into_iter()
        .map(|r| {
            let covered = stats::total(
                distances
                    .iter()
                    .zip(population)
                    .filter(|(d, _)| **d <= r)
                    .map(|(_, p)| p),
            );
            RadiusCoverage {
                radius_m: r,
                population_covered: covered,
                coverage_ratio: ratio(covered, total).unwrap_or_default(),
            }
        })
        .collect()
}

/// Residents of each commune, by commune index.
fn population_by_commune(inputs: &Inputs<'_>, population: &[f64]) -> Vec<f64> {
    let mut by_commune = vec![0.0; inputs.communes.len()];
    for (commune, p) in inputs.residents.commune.iter().zip(population) {
        if let Some(commune) = commune {
            by_commune[*commune as usize] += p;
        }
    }
    by_commune
}

fn communes_without_place(inputs: &Inputs<'_>, options: &Options, population: &[f64]) -> Vec<CommuneFigure> {
    let mut has_place = vec![false; inputs.communes.len()];
    for (place, attachment) in inputs.places.iter().zip(&inputs.attached) {
        if let Some(commune) = attachment
            .filter(|_| options.admits(place))
            .and_then(|a| a.commune)
        {
            has_place[commune as usize] = true;
        }
    }
    let by_commune = population_by_commune(inputs, population);
    let mut communes: Vec<CommuneFigure> = inputs
        .communes
        .iter()
        .enumerate()
        .filter(|(i, _)| !has_place[*i])
        .map(|(i, c)| CommuneFigure {
            code: c.territory.code.clone(),
            nom: c.territory.nom.clone(),
            population: c.boundary.map(|_| by_commune[i]),
            insee_population: c.insee_population,
        })
        .collect();
    // The most populated first, as the report announces: by residents located (unknown
    // last), then (when they tie, e.g. where none could be located) by INSEE population,
    // then by name in French order.
    communes.sort_by(|a, b| {
        b.population
            .unwrap_or(-1.0)
            .total_cmp(&a.population.unwrap_or(-1.0))
            .then_with(|| b.insee_population.cmp(&a.insee_population))
            .then_with(|| french_order(&a.nom, &b.nom))
            .then_with(|| a.code.cmp(&b.code))
    });
    communes
}

fn subterritories(
    inputs: &Inputs<'_>,
    options: &Options,
    distances: &[f64],
    covered: &[bool],
    population: &[f64],
) -> Vec<SubterritoryFigures> {
    let n = inputs.subterritories.len();
    let sub_of_commune = |c: Option<u32>| inputs.communes[c? as usize].subterritory;
    let mut cells_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, commune) in inputs.residents.commune.iter().enumerate() {
        if let Some(s) = sub_of_commune(*commune) {
            cells_of[s].push(i);
        }
    }
    let shares = subterritory_shares(inputs);
    let mut places = vec![0u32; n];
    for (place, attachment) in inputs.places.iter().zip(&inputs.attached) {
        if let Some(s) = attachment
            .filter(|_| options.admits(place))
            .and_then(|a| sub_of_commune(a.commune))
        {
            places[s] += 1;
        }
    }
    inputs
        .subterritories
        .iter()
        .enumerate()
        .map(|(s, territory)| {
            let cells = &cells_of[s];
            let pop: Vec<f64> = cells.iter().map(|&i| population[i]).collect();
            let dist: Vec<f64> = cells.iter().map(|&i| distances[i]).collect();
            let total = stats::total(&pop);
            let covered = stats::total(cells.iter().filter(|&&i| covered[i]).map(|&i| &population[i]));
            let (mean_distance_m, p90_distance_m) = weighted_mean_p90(&dist, &pop);
            let measured = shares[s] > 0.0;
            SubterritoryFigures {
                territory: territory.clone(),
                population_located_share: shares[s],
                population: measured.then_some(total),
                population_covered: measured.then_some(covered),
                coverage_ratio: ratio(covered, total).filter(|_| measured),
                places: places[s],
                places_per_10k: per_10k(places[s], total),
                mean_distance_m,
                p90_distance_m,
            }
        })
        .collect()
}

/// The located share of each sub-territory.
fn subterritory_shares(inputs: &Inputs<'_>) -> Vec<f64> {
    let mut members: Vec<Vec<&MemberCommune<'_>>> = vec![Vec::new(); inputs.subterritories.len()];
    for commune in &inputs.communes {
        if let Some(s) = commune.subterritory {
            members[s].push(commune);
        }
    }
    members
        .into_iter()
        .map(|m| located_share(m.into_iter()))
        .collect()
}
