//! The whole coverage endpoint, end to end over HTTP: `GET /api/v1/territories/{code}/coverage`
//! of a custom territory on the département scenario of `benches/coverage.rs` (180,000
//! populated cells stored as a points layer, 1,000 places, the area's box imported as a custom
//! territory, no commune boundary), served by the real server on a SQLite store, at three
//! radii. Each request computes its report: the server keeps what it read from the store
//! between requests, never a computed report. Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench coverage_http`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use aiguillage_bench::coverage::{figures, Phases};
use aiguillage_model::Place;
use aiguillage_server::{AppState, Limits};
use aiguillage_store::{Store, StoredBoundary, WriteMode};
use aiguillage_synthetic::scenario::DEPARTEMENT;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;
use tokio::runtime::Runtime;

/// The radii asked in turn: the issue's target is on their median.
const RADII_M: [f64; 3] = [400.0, 1_000.0, 3_000.0];
const CODE: &str = "bench-departement";

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A served store of the scenario; returns the server's address and the expected covered
/// population at each radius (computed in process, from the same cells and places).
async fn serve(dir: &std::path::Path) -> (String, Vec<f64>) {
    let territory = DEPARTEMENT.generate();
    let places: Vec<Place> = aiguillage_synthetic::places(territory.places.len(), DEPARTEMENT.seed)
        .into_iter()
        .zip(&territory.places)
        .map(|(place, p)| Place {
            latitude: Some(p.lat),
            longitude: Some(p.lon),
            ..place
        })
        .collect();
    let store = Store::open(&dir.join("bench.db")).await.expect("open store");
    store
        .upsert(&places, "bench.csv", WriteMode::Commit)
        .await
        .expect("upsert");
    let cells: Vec<(f64, f64, f64)> = territory
        .cells
        .iter()
        .map(|c| (c.position.lat, c.position.lon, c.population))
        .collect();
    store
        .import_population("points", "bench-cells.csv", &cells)
        .await
        .expect("population");
    // The area's box, widened by a kilometre so that every cell is inside.
    let (sw, ne) = DEPARTEMENT.area.bounds();
    let (s, w, n, e) = (sw.lat - 0.01, sw.lon - 0.015, ne.lat + 0.01, ne.lon + 0.015);
    let area = StoredBoundary {
        level: "custom".to_owned(),
        code: CODE.to_owned(),
        nom: "Département synthétique".to_owned(),
        geometry: format!(
            r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
        ),
    };
    store
        .replace_boundaries("custom", &[area], "bench-area.geojson")
        .await
        .expect("boundary");
    let expected = RADII_M
        .iter()
        .map(|&r| figures(&territory.cells, &territory.places, r, &mut Phases::default()).covered)
        .collect();

    let state = AppState::load(store).await.expect("load state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(aiguillage_server::serve(listener, state, Limits::default()));
    (address, expected)
}

/// The coverage document at `radius_m`, as received (read whole, not parsed: parsing is the
/// client's work, not the endpoint's).
async fn coverage(client: &reqwest::Client, address: &str, radius_m: f64) -> Vec<u8> {
    let response = client
        .get(format!(
            "{address}/api/v1/territories/{CODE}/coverage?radius_m={radius_m}"
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    response.bytes().await.expect("the body").to_vec()
}

fn bench_endpoint(c: &mut Criterion) {
    let runtime = Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let (address, expected) = runtime.block_on(serve(dir.path()));
    eprintln!("store written and served in {:.1?}", started.elapsed());
    let client = reqwest::Client::new();
    // The figures over HTTP are the in-process ones; the first request also reads the store.
    for (radius, covered) in RADII_M.iter().zip(&expected) {
        let started = Instant::now();
        let body = runtime.block_on(coverage(&client, &address, *radius));
        eprintln!(
            "first request at {radius} m: {:.1?}, {} bytes",
            started.elapsed(),
            body.len()
        );
        let report: Value = serde_json::from_slice(&body).expect("JSON");
        let served = report["population_covered"].as_f64().expect("population_covered");
        assert!(
            (served - covered).abs() <= 1e-6 * covered.max(1.0),
            "at {radius} m: served {served}, computed {covered}"
        );
    }

    let mut group = c.benchmark_group("coverage_http");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(10));
    for radius in RADII_M {
        group.bench_function(format!("custom_area_{radius}m"), |b| {
            b.iter(|| runtime.block_on(coverage(&client, &address, radius)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_endpoint);
criterion_main!(benches);
