//! Map viewport aggregation: the places of a viewport (`PlaceIndex::in_bbox_unordered`) grouped into
//! clusters of 64 px (`grid_clusters`), over the 100,000 population-like places of the
//! proximity benchmark (`benches/nearest.rs`): France at zoom 6 (every place is in view) and
//! the Finistère at zoom 9. This is the work of `GET /api/v1/places/map` before it writes
//! the response. Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench clusters`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;

use aiguillage_geo::{grid_clusters, BoundingBox, Filter, Indexable, LabelSet, LatLon, PlaceIndex};
use aiguillage_model::{Place, Service};
use aiguillage_synthetic::{self as synthetic, Spread};
use criterion::{criterion_group, criterion_main, Criterion};
use rstar::{RTree, AABB};

const PLACES: usize = 100_000;
const PLACES_SEED: u64 = 42;
/// Cell side of the server's map endpoint.
const CELL_PX: u32 = 64;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A map viewport: what a map of about 700 × 650 px shows.
struct Viewport {
    name: &'static str,
    bbox: BoundingBox,
    zoom: u8,
}

const VIEWPORTS: [Viewport; 2] = [
    Viewport {
        name: "france_z6",
        bbox: BoundingBox {
            min_lon: -5.5,
            min_lat: 41.2,
            max_lon: 9.8,
            max_lat: 51.2,
        },
        zoom: 6,
    },
    Viewport {
        name: "finistere_z9",
        bbox: BoundingBox {
            min_lon: -5.2,
            min_lat: 47.6,
            max_lon: -3.3,
            max_lat: 48.8,
        },
        zoom: 9,
    },
];

/// The viewport's places passing `filter`, clustered (as the map endpoint does: in no order).
fn clusters(index: &PlaceIndex, view: &Viewport, filter: &Filter) -> Vec<aiguillage_geo::Cluster> {
    let places = index.in_bbox_unordered(view.bbox, filter);
    grid_clusters(places.iter().filter_map(|p| p.position()), view.zoom, CELL_PX)
}

fn bench_clusters(c: &mut Criterion) {
    let index = PlaceIndex::new(synthetic::places_spread(PLACES, PLACES_SEED, Spread::Population));
    let everything = Filter::default();
    let service = Filter {
        services: LabelSet::of(&[Service::AideDemarchesAdministratives]),
        ..Default::default()
    };

    // Describe the data, and check that every place of the viewport is in one cluster.
    for view in &VIEWPORTS {
        for (filter_name, filter) in [("no filter", &everything), ("service filter", &service)] {
            let places = index.in_bbox(view.bbox, filter).len();
            let clusters = clusters(&index, view, filter);
            assert_eq!(clusters.iter().map(|c| c.count).sum::<usize>(), places);
            eprintln!(
                "{} ({filter_name}): {places} places in {} clusters, the largest of {}",
                view.name,
                clusters.len(),
                clusters.first().map_or(0, |c| c.count),
            );
        }
    }

    // What `in_bbox` costs beyond the R-tree search: its filter, and ordering by id.
    let bare: RTree<[f64; 2]> = RTree::bulk_load(
        index
            .places()
            .filter_map(|p| p.coordinates().map(|(lat, lon)| [lon, lat]))
            .collect(),
    );

    let mut group = c.benchmark_group("map_100k");
    for view in &VIEWPORTS {
        let envelope = AABB::from_corners(
            [view.bbox.min_lon, view.bbox.min_lat],
            [view.bbox.max_lon, view.bbox.max_lat],
        );
        let positions: Vec<LatLon> = index
            .in_bbox(view.bbox, &everything)
            .iter()
            .filter_map(|p: &&Place| p.position())
            .collect();
        group.bench_function(format!("{}/in_bbox", view.name), |b| {
            b.iter(|| black_box(index.in_bbox(black_box(view.bbox), &everything)))
        });
        group.bench_function(format!("{}/in_bbox_unordered", view.name), |b| {
            b.iter(|| black_box(index.in_bbox_unordered(black_box(view.bbox), &everything)))
        });
        group.bench_function(format!("{}/bare_rstar_locate", view.name), |b| {
            b.iter(|| black_box(bare.locate_in_envelope(black_box(&envelope)).count()))
        });
        group.bench_function(format!("{}/grid_clusters", view.name), |b| {
            b.iter(|| {
                black_box(grid_clusters(
                    black_box(positions.iter().copied()),
                    view.zoom,
                    CELL_PX,
                ))
            })
        });
        group.bench_function(format!("{}/in_bbox_and_clusters", view.name), |b| {
            b.iter(|| black_box(clusters(&index, black_box(view), &everything)))
        });
        group.bench_function(
            format!("{}/in_bbox_and_clusters_service_filter", view.name),
            |b| b.iter(|| black_box(clusters(&index, black_box(view), &service))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_clusters);
criterion_main!(benches);
