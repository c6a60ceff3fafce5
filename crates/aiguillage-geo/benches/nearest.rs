//! Proximity benchmark: nearest 10 with a service filter, and everything within 400 m, over
//! 100,000 places spread like the population (dense cities, sparse countryside), against a
//! bare `rstar` nearest-10 and a brute-force scan. Results are recorded in
//! `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-geo --bench nearest`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::cmp::Ordering;
use std::hint::black_box;

use aiguillage_geo::{haversine_m, Filter, LabelSet, LatLon, PlaceIndex};
use aiguillage_import::synthetic::{self, SplitMix64};
use aiguillage_model::{Place, Service};
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

/// Share of points drawn around a city centre; the rest is uniform over the métropole box.
const CITY_SHARE: f64 = 0.7;

/// The métropole box: latitude 42.5–51.0, longitude −4.7–8.2.
const MIN_LAT: f64 = 42.5;
const MAX_LAT: f64 = 51.0;
const MIN_LON: f64 = -4.7;
const MAX_LON: f64 = 8.2;

/// City centres (latitude, longitude) weighted by the rough population of their urban area,
/// in thousands.
const CITIES: [(&str, f64, f64, f64); 42] = [
    ("Paris", 48.8566, 2.3522, 10_800.0),
    ("Lyon", 45.7640, 4.8357, 1_700.0),
    ("Marseille", 43.2965, 5.3698, 1_600.0),
    ("Lille", 50.6292, 3.0573, 1_050.0),
    ("Toulouse", 43.6047, 1.4442, 1_000.0),
    ("Bordeaux", 44.8378, -0.5792, 950.0),
    ("Nice", 43.7102, 7.2620, 950.0),
    ("Nantes", 47.2184, -1.5536, 650.0),
    ("Toulon", 43.1242, 5.9280, 580.0),
    ("Strasbourg", 48.5734, 7.7521, 480.0),
    ("Montpellier", 43.6108, 3.8767, 480.0),
    ("Rouen", 49.4432, 1.0999, 470.0),
    ("Grenoble", 45.1885, 5.7245, 450.0),
    ("Saint-Étienne", 45.4397, 4.3872, 375.0),
    ("Rennes", 48.1173, -1.6778, 360.0),
    ("Avignon", 43.9493, 4.8055, 340.0),
    ("Tours", 47.3941, 0.6848, 300.0),
    ("Bayonne", 43.4929, -1.4748, 300.0),
    ("Metz", 49.1193, 6.1757, 290.0),
    ("Nancy", 48.6921, 6.1844, 285.0),
    ("Orléans", 47.9030, 1.9093, 280.0),
    ("Clermont-Ferrand", 45.7772, 3.0870, 270.0),
    ("Caen", 49.1829, -0.3707, 270.0),
    ("Dijon", 47.3220, 5.0415, 250.0),
    ("Mulhouse", 47.7508, 7.3359, 250.0),
    ("Angers", 47.4784, -0.5632, 240.0),
    ("Le Havre", 49.4944, 0.1079, 235.0),
    ("Annecy", 45.8992, 6.1294, 230.0),
    ("Reims", 49.2583, 4.0317, 215.0),
    ("Brest", 48.3904, -4.4861, 210.0),
    ("Limoges", 45.8336, 1.2611, 210.0),
    ("Perpignan", 42.6887, 2.8948, 200.0),
    ("Nîmes", 43.8367, 4.3601, 200.0),
    ("Le Mans", 48.0061, 0.1996, 190.0),
    ("Besançon", 47.2378, 6.0241, 190.0),
    ("Amiens", 49.8941, 2.2958, 180.0),
    ("Pau", 43.2951, -0.3708, 160.0),
    ("Poitiers", 46.5802, 0.3404, 130.0),
    ("La Rochelle", 46.1603, -1.1511, 130.0),
    ("Valence", 44.9334, 4.8924, 130.0),
    ("Lorient", 47.7482, -3.3702, 120.0),
    ("Quimper", 47.9960, -4.1024, 90.0),
];

/// Points spread like the population: [`CITY_SHARE`] of them Gaussian around a city centre
/// chosen by population (standard deviation 2 km + 0.08 km × √(thousands of inhabitants):
/// ~10 km for Paris, ~3 km for Brest), the rest uniform over the métropole box.
struct Population {
    rng: SplitMix64,
    cumulative: Vec<f64>,
}

impl Population {
    fn new(seed: u64) -> Self {
        let cumulative = CITIES
            .iter()
            .scan(0.0, |sum, city| {
                *sum += city.3;
                Some(*sum)
            })
            .collect();
        Population {
            rng: SplitMix64::new(seed),
            cumulative,
        }
    }

    fn next(&mut self) -> LatLon {
        let round = |v: f64| (v * 1e5).round() / 1e5; // the standard's usual precision
        if self.rng.unit() >= CITY_SHARE {
            let lat = MIN_LAT + self.rng.unit() * (MAX_LAT - MIN_LAT);
            let lon = MIN_LON + self.rng.unit() * (MAX_LON - MIN_LON);
            return LatLon::new(round(lat), round(lon));
        }
        let total = self.cumulative[self.cumulative.len() - 1];
        let pick = self.rng.unit() * total;
        let i = self
            .cumulative
            .partition_point(|c| *c <= pick)
            .min(CITIES.len() - 1);
        let (_, lat, lon, thousands) = CITIES[i];
        let sigma_km = 2.0 + 0.08 * thousands.sqrt();
        let (dy, dx) = self.gaussian_pair();
        let km_per_degree_lat = 111.2;
        let km_per_degree_lon = km_per_degree_lat * lat.to_radians().cos();
        LatLon::new(
            round(lat + dy * sigma_km / km_per_degree_lat),
            round(lon + dx * sigma_km / km_per_degree_lon),
        )
    }

    /// Two independent standard normal values (Box–Muller).
    fn gaussian_pair(&mut self) -> (f64, f64) {
        let u1 = 1.0 - self.rng.unit(); // (0, 1]: ln is finite
        let u2 = self.rng.unit();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        (r * theta.cos(), r * theta.sin())
    }
}

/// Synthetic places (valid, varied fields and services) moved to population-like positions.
fn population_places() -> Vec<Place> {
    let mut population = Population::new(PLACES_SEED);
    let mut places = synthetic::places(PLACES, PLACES_SEED);
    for place in &mut places {
        let at = population.next();
        place.latitude = Some(at.lat);
        place.longitude = Some(at.lon);
    }
    places
}

fn query_points() -> Vec<LatLon> {
    let mut population = Population::new(QUERIES_SEED);
    (0..QUERIES).map(|_| population.next()).collect()
}

/// The reference a spatial index must beat: the haversine to every place passing the
/// filter, keeping the 10 smallest.
fn brute_force_nearest(places: &[Place], from: LatLon, service: Service) -> Vec<(f64, usize)> {
    let mut candidates: Vec<(f64, usize)> = places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.services.contains(&service))
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
    let filter = Filter {
        services: LabelSet::of(&[service]),
        ..Default::default()
    };
    let bare: RTree<[f64; 2]> = RTree::bulk_load(
        index
            .places()
            .iter()
            .filter_map(|p| p.coordinates().map(|(lat, lon)| [lon, lat]))
            .collect(),
    );

    // Check the index against brute force before timing it, and describe the data.
    let passing = index
        .places()
        .iter()
        .filter(|p| p.services.contains(&service))
        .count();
    let mut within_hits = 0;
    for &q in &queries {
        let hits = index.nearest(q, K, None, &filter);
        let brute = brute_force_nearest(index.places(), q, service);
        assert_eq!(hits.len(), brute.len());
        for (hit, (distance, _)) in hits.iter().zip(&brute) {
            assert!(
                (hit.distance_m - distance).abs() < 1e-6,
                "{q:?}: {} vs {distance}",
                hit.distance_m
            );
        }
        within_hits += index.within(q, 400.0, &Filter::default()).len();
    }
    eprintln!(
        "{PLACES} places, {passing} with {service:?} ({:.1} %); {QUERIES} queries; \
         within 400 m: {:.2} places per query on average",
        100.0 * passing as f64 / PLACES as f64,
        within_hits as f64 / QUERIES as f64,
    );

    let mut group = c.benchmark_group("proximity_100k");
    group.throughput(Throughput::Elements(1));

    group.bench_function("nearest10_service_filter", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(index.nearest(black_box(q), K, None, &filter))
        })
    });

    group.bench_function("within_400m", |b| {
        let everything = Filter::default();
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
            black_box(brute_force_nearest(index.places(), black_box(q), service))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_nearest);
criterion_main!(benches);
