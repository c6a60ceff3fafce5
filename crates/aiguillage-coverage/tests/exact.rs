//! Exact answers on hand-made territories: a few cells and places at known distances.

mod common;

use aiguillage_coverage::{compute, Options};
use aiguillage_geo::LatLon;
use aiguillage_model::{Field, Label, Service};
use chrono::NaiveDate;

use common::{cell, inputs, north_of, place};

const DEMARCHES: &str = "Aide aux démarches administratives";
const IMPRIMER: &str = "Accès internet et matériel informatique";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn options(radius_m: f64) -> Options {
    Options {
        radius_m,
        services: Vec::new(),
        today: today(),
        outlined_white_zones: usize::MAX,
    }
}

/// One place; residents 100 m, 300 m (commune A) and 950 m (commune B) north of it.
fn line() -> (
    Vec<aiguillage_model::Place>,
    Vec<(aiguillage_territory::population::PopulationCell, u32)>,
) {
    let origin = LatLon::new(48.0, -4.0);
    let places = vec![place(
        "mairie",
        Some(origin),
        &[
            (Field::Horaires, "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"),
            (Field::Typologie, "MAIRIE"),
            (Field::DateMaj, "2024-01-15"),
        ],
    )];
    let cells = vec![
        (cell(north_of(origin, 100.0), 10.0), 0),
        (cell(north_of(origin, 300.0), 20.0), 0),
        (cell(north_of(origin, 950.0), 70.0), 1),
    ];
    (places, cells)
}

#[test]
fn covered_population_distances_and_white_zones_are_exact() {
    let (places, cells) = line();
    let inputs = inputs(&[("00001", "A"), ("00002", "B")], cells, &places, vec![Some(0)]);
    let report = compute(&inputs, &options(400.0));

    assert_eq!(report.population_located_share, 1.0);
    assert_eq!(report.population, Some(100.0));
    assert_eq!(report.population_covered, Some(30.0));
    assert_eq!(report.coverage_ratio, Some(0.3));
    assert_eq!(report.places, 1);
    assert_eq!(report.places_per_10k, Some(100.0));
    let mean = report.mean_distance_m.unwrap();
    assert!(
        (mean - (10.0 * 100.0 + 20.0 * 300.0 + 70.0 * 950.0) / 100.0).abs() < 1e-6,
        "{mean}"
    );
    assert!((report.p90_distance_m.unwrap() - 950.0).abs() < 1e-6);
    let at = |r: f64| {
        report
            .coverage_by_radius
            .iter()
            .find(|c| c.radius_m == r)
            .unwrap()
            .population_covered
    };
    assert_eq!(
        (at(200.0), at(400.0), at(800.0), at(1_000.0)),
        (10.0, 30.0, 30.0, 100.0)
    );

    let white_zones = report.white_zones.as_ref().unwrap();
    assert_eq!(white_zones.count, 1);
    assert_eq!(white_zones.population, 70.0);
    let zone = &white_zones.zones[0];
    assert_eq!((zone.rank, zone.cells, zone.population), (1, 1, 70.0));
    assert!((zone.area_km2 - 0.04).abs() < 1e-12);
    assert!((zone.mean_distance_m.unwrap() - 950.0).abs() < 1e-6);

    assert_eq!(report.communes_without_place.len(), 1);
    assert_eq!(report.communes_without_place[0].code, "00002");
    assert_eq!(report.communes_without_place[0].population, Some(70.0));

    let [a, b] = &report.subterritories[..] else {
        panic!("two sub-territories")
    };
    assert_eq!(
        (a.population, a.population_covered, a.places),
        (Some(30.0), Some(30.0), 1)
    );
    assert_eq!(
        (b.population, b.population_covered, b.places),
        (Some(70.0), Some(0.0), 0)
    );
    assert_eq!(b.coverage_ratio, Some(0.0));
    assert_eq!(report.places_by_typologie.get("MAIRIE"), Some(&1));
}

#[test]
fn hours_and_quality_are_counted() {
    let (places, cells) = line();
    let inputs = inputs(&[("00001", "A"), ("00002", "B")], cells, &places, vec![Some(0)]);
    let report = compute(&inputs, &options(400.0));
    let hours = &report.hours;
    assert_eq!((hours.places_with_hours, hours.places_without_hours), (1, 0));
    assert_eq!(hours.open_hours_per_week, 5.0 * 6.5 + 3.0);
    assert_eq!(hours.hours_with_a_place_open, 35.5);
    // Monday 9h–10h open, 12h–13h closed, 17h–18h open half an hour.
    assert_eq!(
        (hours.matrix[0][9], hours.matrix[0][12], hours.matrix[0][17]),
        (1, 0, 1)
    );
    assert_eq!(
        (hours.saturday_places, hours.sunday_places, hours.evening_places),
        (1, 0, 0)
    );
    assert_eq!(hours.saturday.population_covered, Some(30.0));
    assert_eq!(hours.weekday_evening.population_covered, Some(0.0));
    // 2024-01-15 is more than 12 months before 2026-11-23.
    assert_eq!(report.quality.stale_date_maj.len(), 1);
    assert!(report.quality.unparsable_hours.is_empty());
}

#[test]
fn services_filter_places_and_by_service_counts_each_service() {
    let origin = LatLon::new(48.0, -4.0);
    let places = vec![
        place("a", Some(origin), &[(Field::Services, DEMARCHES)]),
        place(
            "b",
            Some(north_of(origin, 2_000.0)),
            &[(Field::Services, IMPRIMER)],
        ),
    ];
    let cells = vec![
        (cell(north_of(origin, 1_900.0), 50.0), 0),
        (cell(north_of(origin, 50.0), 50.0), 0),
    ];
    let inputs = inputs(&[("00001", "A")], cells, &places, vec![Some(0), Some(0)]);
    let mut only_printing = options(400.0);
    only_printing.services = vec![Service::parse(IMPRIMER).unwrap()];
    let report = compute(&inputs, &only_printing);
    assert_eq!(report.places, 1);
    assert_eq!(report.population_covered, Some(50.0));
    assert_eq!(report.services, vec![IMPRIMER.to_owned()]);
    let service = |label: &str| report.by_service.iter().find(|s| s.service == label).unwrap();
    assert_eq!(
        (service(DEMARCHES).places, service(DEMARCHES).population_covered),
        (1, Some(50.0))
    );
    assert_eq!(
        (service(IMPRIMER).places, service(IMPRIMER).population_covered),
        (1, Some(50.0))
    );
}

#[test]
fn a_territory_without_places_or_residents_has_no_nan() {
    let inputs = inputs(&[("00001", "A")], Vec::new(), &[], Vec::new());
    let report = compute(&inputs, &options(400.0));
    // Located, nobody lives there: 0 residents, a share of nobody is unknown.
    assert_eq!(
        (report.population, report.coverage_ratio, report.places_per_10k),
        (Some(0.0), None, None)
    );
    assert_eq!((report.mean_distance_m, report.p90_distance_m), (None, None));
    let json = serde_json::to_string(&report).unwrap();
    // Non-finite numbers would be `null`; sums of nothing must be 0, not -0.
    assert!(
        !json.contains(":null,\"population_covered") && !json.contains("-0.0"),
        "{json}"
    );

    // Residents but no place anywhere: nobody covered, distances unknown, one white zone.
    let origin = LatLon::new(48.0, -4.0);
    let inputs = common::inputs(&[("00001", "A")], vec![(cell(origin, 5.0), 0)], &[], Vec::new());
    let report = compute(&inputs, &options(400.0));
    assert_eq!(
        (report.population, report.population_covered),
        (Some(5.0), Some(0.0))
    );
    assert_eq!(report.mean_distance_m, None);
    let white_zones = report.white_zones.as_ref().unwrap();
    assert_eq!(white_zones.count, 1);
    assert_eq!(white_zones.zones[0].mean_distance_m, None);
    assert!(serde_json::to_string(&report).is_ok());
}

#[test]
fn adjacent_uncovered_cells_make_one_zone_and_distant_ones_two() {
    let origin = LatLon::new(48.0, -4.0);
    let places = vec![place("p", Some(origin), &[])];
    let far = north_of(origin, 5_000.0);
    let c = aiguillage_geo::grid::CellId::containing(far);
    let neighbour = aiguillage_geo::grid::CellId {
        east: c.east + 1,
        ..c
    };
    let cells = vec![
        (cell(c.centre(), 10.0), 0),
        (cell(neighbour.centre(), 15.0), 0),
        (cell(north_of(origin, 9_000.0), 40.0), 0),
    ];
    let inputs = inputs(&[("00001", "A")], cells, &places, vec![Some(0)]);
    let report = compute(&inputs, &options(400.0));
    let white_zones = report.white_zones.as_ref().unwrap();
    assert_eq!(white_zones.count, 2);
    let zones = &white_zones.zones;
    assert_eq!((zones[0].rank, zones[0].population, zones[0].cells), (1, 40.0, 1));
    assert_eq!((zones[1].rank, zones[1].population, zones[1].cells), (2, 25.0, 2));
}

#[test]
fn communes_without_place_come_most_populated_first_then_in_french_order() {
    let (places, _) = line();
    // No resident located: the INSEE population orders them, then the name as French sorts it.
    let mut inputs = inputs(
        &[
            ("00001", "A"),
            ("00002", "Étel"),
            ("00003", "Ergué-Gabéric"),
            ("00004", "Brest"),
            ("00005", "Élliant"),
        ],
        Vec::new(),
        &places,
        vec![Some(0)],
    );
    for (commune, insee) in inputs.communes.iter_mut().zip([0, 2_000, 8_000, 140_000, 2_000]) {
        commune.insee_population = insee;
    }
    let report = compute(&inputs, &options(400.0));
    let names: Vec<&str> = report
        .communes_without_place
        .iter()
        .map(|c| c.nom.as_str())
        .collect();
    assert_eq!(names, ["Brest", "Ergué-Gabéric", "Élliant", "Étel"]);
}
