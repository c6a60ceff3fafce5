//! Coverage benchmark: for every populated 200 m cell, the distance to the nearest place,
//! then the residents within 400 m and the population-weighted mean and p90 distance.
//!
//! Two scenarios of `aiguillage_synthetic::scenario` (deterministic seeds):
//! - **département-size**: 180,000 cells around 300 towns, 900,000 residents, 1,000 places
//!   (target: < 50 ms on 2 cores), plus the full `compute()` report on the same data;
//! - **France-size**: 2,313,783 cells around 5,000 towns, 64 million residents, 50,000
//!   places (target: < 1 s on 2 cores), measured side by side with a naive per-cell R-tree
//!   query (`rstar` nearest neighbour on unit vectors, one thread, cells in random order)
//!   and with ours on one thread; then the nearest-place step alone on one thread with and
//!   without the Hilbert order and the certificate cursor.
//!
//! The timed figures start from the cells in memory and include everything
//! `aiguillage_coverage::compute` does for them: Hilbert keys, `Locations::new` (the sort
//! along the curve), `PointSet::new` (the places' index), `nearest_distances`, the covered
//! sum and `weighted_mean_p90`. Before timing, the distances are checked against the naive
//! R-tree's for every cell. Results are recorded in `docs/benchmarks.md`;
//! `bench/postgis-coverage.sh` runs PostGIS on the département data.
//!
//! Run with `cargo bench -p aiguillage-bench --bench coverage` (about 5 minutes: ten runs of
//! each France-size variant, the naive R-tree alone taking a minute).

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use aiguillage_bench::coverage::{describe, figures, Figures, Phases};
use aiguillage_coverage::reach::Locations;
use aiguillage_coverage::{
    compute, Attachment, Inputs, MemberCommune, Options, PopulationKind, PopulationSource, Residents,
};
use aiguillage_geo::{haversine_m, LatLon, PointSet};
use aiguillage_model::Place;
use aiguillage_synthetic::scenario::{Scenario, Territory, DEPARTEMENT, FRANCE};
use aiguillage_territory::population::PopulationCell;
use aiguillage_territory::{Level, TerritoryRef};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput};
use rayon::ThreadPool;
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// The reach of the coverage figures.
const RADIUS_M: f64 = 400.0;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The point on the unit sphere (the chord between two such points grows with their
/// great-circle distance, so the nearest in 3-D is the nearest on the sphere).
fn unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The anchor: one `rstar` nearest-neighbour query per cell, in the cells' own (random)
/// order, on the unit vectors of the places, then the haversine to the place found. Exact,
/// like ours. Includes building the R-tree (bulk load), as ours includes its index.
fn naive_rtree_distances(cells: &[PopulationCell], places: &[LatLon]) -> Vec<f64> {
    let tree: RTree<GeomWithData<[f64; 3], u32>> = RTree::bulk_load(
        places
            .iter()
            .zip(0u32..)
            .map(|(p, i)| GeomWithData::new(unit_vector(*p), i))
            .collect(),
    );
    cells
        .iter()
        .map(|c| {
            tree.nearest_neighbor(&unit_vector(c.position))
                .map_or(f64::INFINITY, |found| {
                    haversine_m(c.position, places[found.data as usize])
                })
        })
        .collect()
}

/// Ours, distances only, by the cells' index: Hilbert keys, sort, index, queries.
fn our_distances(cells: &[PopulationCell], places: &[LatLon]) -> Vec<f64> {
    let positions: Vec<LatLon> = cells.iter().map(|c| c.position).collect();
    let keys: Vec<u64> = cells.iter().map(|c| c.cell.hilbert()).collect();
    Locations::new(&positions, &keys).nearest_distances(&PointSet::new(places))
}

/// A rayon pool of one thread.
fn one_thread() -> ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a rayon pool of one thread")
}

/// Generates `scenario`, checks our distances against the naive R-tree's for every cell,
/// and describes the data and the time of each step of one untimed run.
fn prepare(scenario: &Scenario) -> (Territory, Figures) {
    let start = Instant::now();
    let territory = scenario.generate();
    let generated = start.elapsed();
    let ours = our_distances(&territory.cells, &territory.places);
    let naive = naive_rtree_distances(&territory.cells, &territory.places);
    for (i, (a, b)) in ours.iter().zip(&naive).enumerate() {
        // Equal up to the rounding of the haversine when two places tie in chord length.
        assert!(
            (a - b).abs() <= 1e-9 * a.max(1.0),
            "cell {i}: ours {a} m, naive R-tree {b} m"
        );
    }
    let mut phases = Phases::default();
    let figures = figures(&territory.cells, &territory.places, RADIUS_M, &mut phases);
    eprintln!("{}", describe(&territory, scenario, RADIUS_M, &figures));
    let steps: Vec<String> = Phases::NAMES
        .iter()
        .zip(phases.durations())
        .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1e3))
        .collect();
    eprintln!(
        "generated in {:.2} s; distances equal the naive R-tree's for all {} cells; one run on {} threads: {}",
        generated.as_secs_f64(),
        ours.len(),
        rayon::current_num_threads(),
        steps.join(", ")
    );
    (territory, figures)
}

/// Inputs of `compute()`: one commune holding every cell, every place attached to it.
fn inputs<'a>(territory: &Territory, places: &'a [Place]) -> Inputs<'a> {
    let commune = TerritoryRef {
        code: "29999".to_owned(),
        nom: "Commune synthétique".to_owned(),
        level: Level::Commune,
    };
    Inputs {
        territory: TerritoryRef {
            code: "29".to_owned(),
            nom: "Département synthétique".to_owned(),
            level: Level::Departement,
        },
        subterritories: vec![commune.clone()],
        communes: vec![MemberCommune {
            territory: commune,
            subterritory: Some(0),
            boundary: None,
            insee_population: 0,
        }],
        residents: Residents {
            source: PopulationSource {
                kind: PopulationKind::Grid,
                label: "synthetic".to_owned(),
                approximate: false,
                population_unlocated: 0.0,
                missing: None,
            },
            located_share: 1.0,
            cells: territory.cells.clone(),
            commune: vec![Some(0); territory.cells.len()],
        },
        places,
        attached: vec![
            Some(Attachment {
                commune: Some(0),
                by_code: true
            });
            places.len()
        ],
        approximate: &[],
    }
}

fn bench_departement(c: &mut Criterion) {
    let (territory, expected) = prepare(&DEPARTEMENT);
    let (cells, places) = (&territory.cells, &territory.places);
    // Valid, varied synthetic places, moved to the scenario's positions.
    let standard_places: Vec<Place> = aiguillage_synthetic::places(places.len(), DEPARTEMENT.seed)
        .into_iter()
        .zip(places)
        .map(|(place, p)| Place {
            latitude: Some(p.lat),
            longitude: Some(p.lon),
            ..place
        })
        .collect();
    let inputs = inputs(&territory, &standard_places);
    let options = Options {
        radius_m: RADIUS_M,
        services: Vec::new(),
        today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date"),
        // As the coverage endpoint: the most populated zones are outlined.
        outlined_white_zones: 50,
    };
    let report = compute(&inputs, &options);
    assert_eq!(report.population_covered, Some(expected.covered));
    assert_eq!(report.mean_distance_m, expected.mean_m);
    assert_eq!(report.p90_distance_m, expected.p90_m);

    let mut group = c.benchmark_group("coverage_departement");
    group.throughput(Throughput::Elements(cells.len() as u64));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("figures_400m", |b| {
        b.iter(|| {
            black_box(figures(
                black_box(cells),
                places,
                RADIUS_M,
                &mut Phases::default(),
            ))
        })
    });
    group.finish();

    let mut group = long_group(c, "coverage_departement_report", cells.len());
    group.bench_function("compute_report", |b| {
        b.iter(|| black_box(compute(black_box(&inputs), &options)))
    });
    group.finish();
}

/// Criterion settings for benches of a second or so per iteration: 10 samples of the same
/// number of iterations, so the slowest (~2 s) runs 10 times.
fn long_group<'a>(
    c: &'a mut Criterion,
    name: &str,
    cells: usize,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(cells as u64));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group
}

fn bench_france(c: &mut Criterion) {
    let (territory, _) = prepare(&FRANCE);
    let (cells, places) = (&territory.cells, &territory.places);
    let pool = one_thread();

    let mut group = long_group(c, "coverage_france", cells.len());
    group.bench_function("figures_all_threads", |b| {
        b.iter(|| {
            black_box(figures(
                black_box(cells),
                places,
                RADIUS_M,
                &mut Phases::default(),
            ))
        })
    });
    group.bench_function("figures_1_thread", |b| {
        b.iter(|| {
            pool.install(|| {
                black_box(figures(
                    black_box(cells),
                    places,
                    RADIUS_M,
                    &mut Phases::default(),
                ))
            })
        })
    });
    group.bench_function("naive_rstar_1_thread", |b| {
        b.iter(|| black_box(naive_rtree_distances(black_box(cells), places)))
    });
    group.finish();

    // What the order and the cursor give, on one thread: the nearest-place step alone.
    let positions: Vec<LatLon> = cells.iter().map(|c| c.position).collect();
    let keys: Vec<u64> = cells.iter().map(|c| c.cell.hilbert()).collect();
    let in_order: Vec<u64> = (0..cells.len() as u64).collect();
    let set = PointSet::new(places);
    let hilbert = Locations::new(&positions, &keys);
    let random = Locations::new(&positions, &in_order);
    let mut sorted = positions.clone();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_unstable_by_key(|&i| keys[i]);
    for (slot, &i) in sorted.iter_mut().zip(&order) {
        *slot = positions[i];
    }
    let mut group = long_group(c, "coverage_france_nearest_1_thread", cells.len());
    group.bench_function("hilbert_order_cursor", |b| {
        b.iter(|| pool.install(|| black_box(hilbert.nearest_distances(&set))))
    });
    group.bench_function("random_order_cursor", |b| {
        b.iter(|| pool.install(|| black_box(random.nearest_distances(&set))))
    });
    group.bench_function("hilbert_order_no_cursor", |b| {
        b.iter(|| {
            black_box(
                sorted
                    .iter()
                    .map(|p| set.nearest(*p).map_or(f64::INFINITY, |n| n.distance_m))
                    .collect::<Vec<f64>>(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_departement, bench_france);
criterion_main!(benches);
