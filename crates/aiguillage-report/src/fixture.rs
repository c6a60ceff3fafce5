//! Hand-made reports for the tests, here and in `aiguillage-web` (feature `fixture`): a
//! realistic EPCI with three communes, and an empty one.

use std::collections::BTreeMap;

use aiguillage_coverage::{
    Change, CommuneFigure, CoverageReport, HoursCoverage, MissingData, PlaceIssue, PopulationKind,
    PopulationSource, Quality, RadiusCoverage, ServiceCoverage, SubsetCoverage, SubterritoryFigures,
    WhiteZone, WhiteZones,
};
use aiguillage_territory::{Level, TerritoryRef};
use chrono::NaiveDate;
use geo::{polygon, MultiPolygon};

use crate::{HtmlContext, MapPlace};

/// A date of the fixtures.
pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// A territory reference.
pub fn territory(code: &str, nom: &str, level: Level) -> TerritoryRef {
    TerritoryRef {
        code: code.to_owned(),
        nom: nom.to_owned(),
        level,
    }
}

/// A square of `side` degrees whose south-west corner is at (`lon`, `lat`).
pub fn square(lon: f64, lat: f64, side: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: lon, y: lat),
        (x: lon + side, y: lat),
        (x: lon + side, y: lat + side),
        (x: lon, y: lat + side),
        (x: lon, y: lat),
    ]])
}

/// A place with a problem.
fn issue(id: &str, nom: &str, commune: &str, detail: &str) -> PlaceIssue {
    PlaceIssue {
        id: id.to_owned(),
        nom: nom.to_owned(),
        commune: commune.to_owned(),
        detail: detail.to_owned(),
    }
}

/// A commune's key figures.
fn commune(
    code: &str,
    nom: &str,
    population: f64,
    covered: f64,
    places: u32,
    mean: f64,
) -> SubterritoryFigures {
    SubterritoryFigures {
        territory: territory(code, nom, Level::Commune),
        population_located_share: 1.0,
        population: Some(population),
        population_covered: Some(covered),
        coverage_ratio: Some(covered / population),
        places,
        places_per_10k: Some(f64::from(places) * 10_000.0 / population),
        mean_distance_m: Some(mean),
        p90_distance_m: Some(mean * 2.1),
    }
}

/// Places open each hour of the reference week: office hours on weekdays, one place open
/// until 20:00 on Tuesday and Thursday, three on Saturday morning, none on Sunday.
fn matrix() -> Vec<Vec<u32>> {
    (0..7)
        .map(|weekday| {
            (0..24)
                .map(|hour| match (weekday, hour) {
                    (0..=4, 9..=11) => 8 + weekday,
                    (0..=4, 12) => 3,
                    (0..=4, 13..=16) => 10,
                    (0..=4, 17) => 6,
                    (1 | 3, 18..=19) => 1,
                    (5, 9..=11) => 3,
                    _ => 0,
                })
                .collect()
        })
        .collect()
}

/// An EPCI of three communes, with two white zones, data-quality problems and a previous
/// snapshot.
pub fn report() -> CoverageReport {
    let population = 252_301.4;
    let covered = 231_870.6;
    CoverageReport {
        territory: territory("200046977", "Métropole de Lyon", Level::Epci),
        radius_m: 1500.0,
        services: vec!["Aide aux démarches administratives".to_owned()],
        computed_on: day(2026, 11, 23),
        population_source: PopulationSource {
            kind: PopulationKind::Uniform,
            label: "Population INSEE 2021 des communes, répartie uniformément sur leur contour".to_owned(),
            approximate: true,
            population_unlocated: 1_204.0,
            missing: Some(MissingData {
                what: "le contour d'une de ses communes".to_owned(),
                commands: vec!["aiguillage territories fetch --level commune --departement 69".to_owned()],
            }),
        },
        population_located_share: population / (population + 1_204.0),
        population: Some(population),
        population_covered: Some(covered),
        coverage_ratio: Some(covered / population),
        places: 42,
        places_per_10k: Some(42.0 * 10_000.0 / population),
        places_by_typologie: BTreeMap::from([
            ("CCAS".to_owned(), 9),
            ("MDS".to_owned(), 4),
            ("TIERS_LIEUX".to_owned(), 12),
            ("BIB".to_owned(), 17),
        ]),
        places_by_dispositif: BTreeMap::from([
            ("Conseillers numériques".to_owned(), 21),
            ("France Services".to_owned(), 6),
        ]),
        mean_distance_m: Some(612.4),
        p90_distance_m: Some(1_734.9),
        coverage_by_radius: [
            (200.0, 0.18),
            (400.0, 0.41),
            (800.0, 0.68),
            (1500.0, 0.919),
            (3000.0, 0.987),
            (5000.0, 1.0),
        ]
        .into_iter()
        .map(|(radius_m, coverage_ratio)| RadiusCoverage {
            radius_m,
            population_covered: population * coverage_ratio,
            coverage_ratio,
        })
        .collect(),
        by_service: vec![ServiceCoverage {
            service: "Aide aux démarches administratives".to_owned(),
            places: 42,
            population_covered: Some(covered),
            coverage_ratio: Some(covered / population),
        }],
        // In the computation's order: the most populated first.
        communes_without_place: vec![
            CommuneFigure {
                code: "69088".to_owned(),
                nom: "Feyzin".to_owned(),
                population: Some(10_002.0),
                insee_population: 10_035,
            },
            CommuneFigure {
                code: "69275".to_owned(),
                nom: "Fontaines-Saint-Martin".to_owned(),
                population: Some(3_118.0),
                insee_population: 3_120,
            },
            CommuneFigure {
                code: "69168".to_owned(),
                nom: "Poleymieux-au-Mont-d'Or".to_owned(),
                population: Some(1_359.0),
                insee_population: 1_362,
            },
        ],
        hours: HoursCoverage {
            week_of: day(2026, 11, 16),
            places_with_hours: 35,
            places_without_hours: 7,
            open_hours_per_week: 1_102.5,
            hours_with_a_place_open: 52.0,
            matrix: matrix(),
            evening_places: 2,
            saturday_places: 3,
            sunday_places: 0,
            saturday: SubsetCoverage {
                places: 3,
                population_covered: Some(80_412.0),
                coverage_ratio: Some(80_412.0 / population),
            },
            weekday_evening: SubsetCoverage {
                places: 2,
                population_covered: Some(51_004.0),
                coverage_ratio: Some(51_004.0 / population),
            },
        },
        white_zones: Some(WhiteZones {
            count: 2,
            population: population - covered,
            zones: vec![
                WhiteZone {
                    rank: 1,
                    population: 12_840.3,
                    cells: 6,
                    area_km2: 0.24,
                    mean_distance_m: Some(1_912.0),
                    geometry: square(4.93, 45.73, 0.005),
                },
                WhiteZone {
                    rank: 2,
                    population: 7_590.5,
                    cells: 3,
                    area_km2: 0.12,
                    mean_distance_m: None,
                    geometry: square(4.87, 45.77, 0.004),
                },
            ],
        }),
        quality: Quality {
            stale_date_maj: vec![
                issue(
                    "mednum-0012",
                    "Espace numérique Grand Clément",
                    "Villeurbanne",
                    "mis à jour le 3 mars 2025",
                ),
                issue(
                    "mednum-0057",
                    "Médiathèque du Tonkin",
                    "Villeurbanne",
                    "mis à jour le 12 octobre 2024",
                ),
            ],
            no_coordinates: vec![issue(
                "mednum-0101",
                "Point d'accueil numérique Mas du Taureau",
                "Vaulx-en-Velin",
                "ni latitude ni longitude",
            )],
            outside_commune: vec![],
            unparsable_hours: vec![issue(
                "mednum-0149",
                "Cyberbase de Bron",
                "Bron",
                "« lundi matin » n'est pas au format OpenStreetMap",
            )],
            missing_services: vec![],
            ..Quality::default()
        },
        subterritories: vec![
            commune("69266", "Villeurbanne", 156_928.0, 149_210.0, 26, 480.0),
            commune("69256", "Vaulx-en-Velin", 52_657.4, 44_120.6, 10, 845.5),
            commune("69029", "Bron", 42_716.0, 38_540.0, 6, 690.0),
        ],
        previous: Some(Change {
            saved_on: day(2026, 5, 12),
            population: Some(252_301.4),
            population_covered: Some(228_870.0),
            coverage_ratio: Some(228_870.0 / 252_301.4),
            places: 45,
            white_zone_population: Some(252_301.4 - 228_870.0),
        }),
    }
}

/// A commune nobody lives in and without any place, zone or problem.
pub fn empty_report() -> CoverageReport {
    CoverageReport {
        territory: territory("69999", "Vide-sur-Rhône", Level::Commune),
        radius_m: 400.0,
        services: vec![],
        computed_on: day(2026, 11, 1),
        population_source: PopulationSource {
            kind: PopulationKind::Grid,
            label: "Carroyage INSEE 200 m (Filosofi 2019)".to_owned(),
            approximate: false,
            population_unlocated: 0.0,
            missing: None,
        },
        population_located_share: 1.0,
        population: Some(0.0),
        population_covered: Some(0.0),
        coverage_ratio: None,
        places: 0,
        places_per_10k: None,
        places_by_typologie: BTreeMap::new(),
        places_by_dispositif: BTreeMap::new(),
        mean_distance_m: None,
        p90_distance_m: None,
        coverage_by_radius: vec![],
        by_service: vec![],
        communes_without_place: vec![],
        hours: HoursCoverage {
            week_of: day(2026, 10, 26),
            places_with_hours: 0,
            places_without_hours: 0,
            open_hours_per_week: 0.0,
            hours_with_a_place_open: 0.0,
            matrix: vec![vec![0; 24]; 7],
            evening_places: 0,
            saturday_places: 0,
            sunday_places: 0,
            saturday: SubsetCoverage {
                places: 0,
                population_covered: Some(0.0),
                coverage_ratio: None,
            },
            weekday_evening: SubsetCoverage {
                places: 0,
                population_covered: Some(0.0),
                coverage_ratio: None,
            },
        },
        white_zones: Some(WhiteZones {
            count: 0,
            population: 0.0,
            zones: vec![],
        }),
        quality: Quality::default(),
        subterritories: vec![],
        previous: None,
    }
}

/// A département none of whose residents could be located (no commune boundary, no
/// population layer): every figure about residents is unknown, its places are counted.
pub fn unlocated_report() -> CoverageReport {
    let mut report = empty_report();
    report.territory = territory("29", "Finistère", Level::Departement);
    report.population_source = PopulationSource {
        kind: PopulationKind::Uniform,
        label: "Approximation : la population INSEE de chaque commune est répartie uniformément \
                sur les carreaux de 200 m de son territoire"
            .to_owned(),
        approximate: true,
        population_unlocated: 933_455.0,
        missing: Some(MissingData {
            what: "les contours de 277 de ses communes".to_owned(),
            commands: vec!["aiguillage territories fetch --level commune --departement 29".to_owned()],
        }),
    };
    report.population_located_share = 0.0;
    report.population = None;
    report.population_covered = None;
    report.places = 48;
    report.hours.saturday.population_covered = None;
    report.hours.weekday_evening.population_covered = None;
    report.white_zones = None;
    report.communes_without_place = vec![CommuneFigure {
        code: "29232".to_owned(),
        nom: "Quimper".to_owned(),
        population: None,
        insee_population: 63_553,
    }];
    report
}

/// What the HTML page of [`report`] draws: an outline around the three communes, their
/// outlines and some places.
pub fn context() -> HtmlContext {
    let place = |id: &str, nom: &str, lat: f64, lon: f64| MapPlace {
        id: id.to_owned(),
        nom: nom.to_owned(),
        lat,
        lon,
    };
    HtmlContext {
        outline: Some(square(4.85, 45.71, 0.1)),
        places: vec![
            place(
                "mednum-0001",
                "Maison de la métropole — Villeurbanne",
                45.766,
                4.879,
            ),
            place("mednum-0002", "Médiathèque Maison du livre", 45.771, 4.890),
            place("mednum-0003", "Espace Carco", 45.765, 4.921),
            place("mednum-0004", "Centre social de Bron Terraillon", 45.735, 4.903),
            place("mednum-0005", "Tiers-lieu La Rize", 45.759, 4.901),
        ],
        subterritory_outlines: vec![
            ("69266".to_owned(), square(4.86, 45.75, 0.045)),
            ("69256".to_owned(), square(4.91, 45.755, 0.04)),
            ("69029".to_owned(), square(4.89, 45.715, 0.035)),
        ],
        standalone: false,
    }
}
