//! An edit made visible without rebuilding the index: `PlaceIndex::with_changes` of one place on
//! the 100,000 population-like places of the proximity benchmark (`benches/nearest.rs`), and
//! what its overlay costs the nearest-10 query, with 0, 1, 100 and 1,000 changed places side by
//! side. Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench live_index`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;

use aiguillage_geo::{Filter, LatLon, PlaceIndex};
use aiguillage_model::Place;
use aiguillage_synthetic::{self as synthetic, Population, Spread};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const PLACES: usize = 100_000;
const QUERIES: usize = 1_000;
const K: usize = 10;
const PLACES_SEED: u64 = 42;
const QUERIES_SEED: u64 = 4242;
/// Where the changed places move to: population-like too, so they are among the hits of the
/// queries as often as the places they replace.
const MOVES_SEED: u64 = 424242;
/// The largest overlay measured.
const MOST_CHANGES: usize = 1_000;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Query points spread like the places, as in the proximity benchmark.
fn query_points() -> Vec<LatLon> {
    Population::new(QUERIES_SEED)
        .take(QUERIES)
        .map(|(lat, lon)| LatLon::new(lat, lon))
        .collect()
}

/// `MOST_CHANGES` places, taken evenly through the list, each moved to a new point: an edit of
/// a place's address.
fn moved(places: &[Place]) -> Vec<Place> {
    places
        .iter()
        .step_by(places.len() / MOST_CHANGES)
        .zip(Population::new(MOVES_SEED))
        .map(|(place, (lat, lon))| Place {
            latitude: Some(lat),
            longitude: Some(lon),
            ..place.clone()
        })
        .collect()
}

fn ids<'a>(index: &'a PlaceIndex, q: LatLon, filter: &Filter) -> Vec<(&'a str, f64)> {
    index
        .nearest(q, K, None, filter)
        .iter()
        .map(|h| (h.place.id.as_str(), h.distance_m))
        .collect()
}

fn bench_live_index(c: &mut Criterion) {
    let places = synthetic::places_spread(PLACES, PLACES_SEED, Spread::Population);
    let changes = moved(&places);
    let fresh = PlaceIndex::new(places);
    let queries = query_points();
    let everything = Filter::default();
    let overlays: Vec<(usize, PlaceIndex)> = [1, 100, MOST_CHANGES]
        .into_iter()
        .map(|n| (n, fresh.with_changes(changes[..n].to_vec(), &[])))
        .collect();

    // Check the largest overlay against an index rebuilt from its places before timing it,
    // and describe how often the changed places are among the hits.
    let (_, largest) = &overlays[overlays.len() - 1];
    let rebuilt = PlaceIndex::new(largest.places().cloned().collect());
    let changed_hits: usize = queries
        .iter()
        .map(|&q| {
            let hits = ids(largest, q, &everything);
            assert_eq!(hits, ids(&rebuilt, q, &everything), "{q:?}");
            hits.iter()
                .filter(|(id, _)| changes.iter().any(|c| c.id == *id))
                .count()
        })
        .sum();
    eprintln!(
        "{PLACES} places, {MOST_CHANGES} of them moved (overlay_len {}); {QUERIES} queries: \
         {:.2} moved places among the {K} nearest on average",
        largest.overlay_len(),
        changed_hits as f64 / QUERIES as f64,
    );

    let mut group = c.benchmark_group("live_index_100k");
    group.throughput(Throughput::Elements(1));

    group.bench_function("with_changes_1", |b| {
        b.iter_batched(
            || vec![changes[0].clone()],
            |changed| fresh.with_changes(changed, &[]),
            BatchSize::SmallInput,
        )
    });

    group.bench_function(format!("with_changes_1_over_{MOST_CHANGES}"), |b| {
        b.iter_batched(
            || vec![changes[1].clone()],
            |changed| largest.with_changes(changed, &[]),
            BatchSize::SmallInput,
        )
    });

    let measured = std::iter::once(("nearest10_fresh".to_string(), &fresh)).chain(
        overlays
            .iter()
            .map(|(n, index)| (format!("nearest10_overlay_{n}"), index)),
    );
    for (name, index) in measured {
        group.bench_function(name, |b| {
            let mut i = 0;
            b.iter(|| {
                let q = queries[i % QUERIES];
                i += 1;
                black_box(index.nearest(black_box(q), K, None, &everything))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_live_index);
criterion_main!(benches);
