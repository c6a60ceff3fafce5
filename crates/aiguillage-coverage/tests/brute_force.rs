//! Property: coverage, distances and white-zone totals equal a brute-force computation on
//! random small territories.

mod common;

use aiguillage_coverage::{compute, Options};
use aiguillage_geo::{haversine_m, LatLon};
use chrono::NaiveDate;
use proptest::prelude::*;

use common::{cell, inputs, place};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn coverage_equals_brute_force(
        places in prop::collection::vec((48.0f64..48.1, -4.6f64..-4.4), 0..25),
        cells in prop::collection::vec((48.0f64..48.1, -4.6f64..-4.4, 0.5f64..500.0, 0u32..3), 1..120),
        radius in 100.0f64..3_000.0,
    ) {
        let places: Vec<_> = places
            .iter()
            .enumerate()
            .map(|(i, (lat, lon))| place(&format!("p{i}"), Some(LatLon::new(*lat, *lon)), &[]))
            .collect();
        let residents: Vec<_> = cells.iter().map(|(lat, lon, pop, c)| (cell(LatLon::new(*lat, *lon), *pop), *c)).collect();
        let attached = places.iter().map(|_| Some(0)).collect();
        let inputs = inputs(&[("00001", "A"), ("00002", "B"), ("00003", "C")], residents, &places, attached);
        let options = Options { radius_m: radius, services: Vec::new(), today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), outlined_white_zones: usize::MAX };
        let report = compute(&inputs, &options);

        let nearest = |p: LatLon| places.iter().filter_map(|q| q.coordinates()).map(|(a, o)| haversine_m(p, LatLon::new(a, o))).fold(f64::INFINITY, f64::min);
        let total: f64 = cells.iter().map(|c| c.2).sum();
        let covered: f64 = cells.iter().filter(|c| nearest(LatLon::new(c.0, c.1)) <= radius).map(|c| c.2).sum();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        let known = |v: Option<f64>| v.expect("everyone is located");
        prop_assert!(close(known(report.population), total));
        prop_assert!(close(known(report.population_covered), covered), "{:?} vs {}", report.population_covered, covered);
        prop_assert!(close(report.white_zones.as_ref().expect("located").population, total - covered));
        // Every place offers the same service: it covers as many residents as all places.
        let demarches = report.by_service.iter().find(|s| s.service == "Aide aux démarches administratives").expect("the service");
        prop_assert!(close(known(demarches.population_covered), covered));
        if !places.is_empty() {
            let mean: f64 = cells.iter().map(|c| c.2 * nearest(LatLon::new(c.0, c.1))).sum::<f64>() / total;
            prop_assert!(close(report.mean_distance_m.unwrap(), mean));
        }
        // Sub-territories partition the territory.
        let sub_population: f64 = report.subterritories.iter().map(|s| known(s.population)).sum();
        let sub_covered: f64 = report.subterritories.iter().map(|s| known(s.population_covered)).sum();
        prop_assert!(close(sub_population, total));
        prop_assert!(close(sub_covered, covered));
    }
}
