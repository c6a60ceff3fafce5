//! Proximity benchmark: nearest 10, with and without a service filter, and everything within
//! 400 m, over 100,000 places spread like the population (dense cities, sparse countryside;
//! `synthetic::Population`), against a bare `rstar` nearest-10 and a brute-force scan.
//! Results are recorded in `docs/benchmarks.md`; `bench/postgis-knn.sh` and
//! `bench/http-load.sh` run PostGIS and the server on the same data.
//!
//! Run with `cargo bench -p aiguillage-bench --bench nearest`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::cmp::Ordering;
use std::hint::black_box;

use aiguillage_geo::{haversine_m, Filter, LabelSet, LatLon, PlaceIndex};
use aiguillage_model::{Place, Service};
use aiguillage_synthetic::{self as synthetic, Population, Spread};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rstar::RTree;

const PLACES: usize = 100_000;
const QUERIES: usize = 1_000;
const K: usize = 10;
const PLACES_SEED: u64 = 42;
const QUERIES_SEED: u64 = 4242;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Synthetic places (valid, varied fields and services) at population-like positions.
fn population_places() -> Vec<Place> {
    synthetic::places_spread(PLACES, PLACES_SEED, Spread::Population)
}

/// Query points spread like the places: the first of `aiguillage generate --points --spread
/// population --seed 4242`.
fn query_points() -> Vec<LatLon> {
    Population::new(QUERIES_SEED)
        .take(QUERIES)
        .map(|(lat, lon)| LatLon::new(lat, lon))
        .collect()
}

/// The reference a spatial index must beat: the haversine to every place offering `service`
/// (every place for `None`), keeping the 10 smallest.
fn brute_force_nearest(places: &[&Place], from: LatLon, service: Option<Service>) -> Vec<(f64, usize)> {
    let mut candidates: Vec<(f64, usize)> = places
        .iter()
        .enumerate()
        .filter(|(_, p)| service.is_none_or(|s| p.services.contains(&s)))
        .filter_map(|(i, p)| {
            let (lat, lon) = p.coordinates()?;
            Some((haversine_m(from, LatLon::new(lat, lon)), i))
        })
        .collect();
    let by_distance = |a: &(f64, usize), b: &(f64, usize)| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal);
    if candidates.len() > K {
        candidates.select_nth_unstable_by(K - 1, by_distance);
        candidates.truncate(K);
    }
    candidates.sort_unstable_by(by_distance);
    candidates
}

fn bench_nearest(c: &mut Criterion) {
    let service = Service::AideDemarchesAdministratives;
    let index = PlaceIndex::new(population_places());
    let queries = query_points();
    let everything = Filter::default();
    let service_filter = Filter {
        services: LabelSet::of(&[service]),
        ..Default::default()
    };
    // As a slice: the brute force is a plain scan of the places, in memory order.
    let places: Vec<&Place> = index.places().collect();
    let bare: RTree<[f64; 2]> = RTree::bulk_load(
        places
            .iter()
            .filter_map(|p| p.coordinates().map(|(lat, lon)| [lon, lat]))
            .collect(),
    );

    // Check the index against brute force before timing it, and describe the data.
    let passing = places.iter().filter(|p| p.services.contains(&service)).count();
    let mut within_hits = 0;
    for &q in &queries {
        for (filter, only) in [(&everything, None), (&service_filter, Some(service))] {
            let hits = index.nearest(q, K, None, filter);
            let brute = brute_force_nearest(&places, q, only);
            assert_eq!(hits.len(), brute.len());
            for (hit, (distance, _)) in hits.iter().zip(&brute) {
                assert!(
                    (hit.distance_m - distance).abs() < 1e-6,
                    "{q:?}, {only:?}: {} vs {distance}",
                    hit.distance_m
                );
            }
        }
        within_hits += index.within(q, 400.0, &everything).len();
    }
    eprintln!(
        "{PLACES} places, {passing} with {service:?} ({:.1} %); {QUERIES} queries; \
         within 400 m: {:.2} places per query on average",
        100.0 * passing as f64 / PLACES as f64,
        within_hits as f64 / QUERIES as f64,
    );

    let mut group = c.benchmark_group("proximity_100k");
    group.throughput(Throughput::Elements(1));

    group.bench_function("nearest10", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(index.nearest(black_box(q), K, None, &everything))
        })
    });

    group.bench_function("nearest10_service_filter", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(index.nearest(black_box(q), K, None, &service_filter))
        })
    });

    group.bench_function("within_400m", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(index.within(black_box(q), 400.0, &everything))
        })
    });

    group.bench_function("bare_rstar_nearest10", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            let from = black_box([q.lon, q.lat]);
            black_box(bare.nearest_neighbor_iter(&from).take(K).collect::<Vec<_>>())
        })
    });

    group.sample_size(10);
    group.bench_function("brute_force_nearest10_service_filter", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(brute_force_nearest(&places, black_box(q), Some(service)))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_nearest);
criterion_main!(benches);
