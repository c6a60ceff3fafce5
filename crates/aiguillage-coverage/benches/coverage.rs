//! Coverage benchmark: for every populated 200 m cell, the distance to the nearest place,
//! then the residents within 400 m and the population-weighted mean and p90 distance.
//!
//! Two scenarios from the generator of `synthetic/mod.rs` (deterministic seeds):
//! - **département-size**: 180,000 cells around 300 towns, 900,000 residents, 1,000 places
//!   (target: < 50 ms on 2 cores), plus the full `compute()` report on the same data;
//! - **France-size**: 2,313,783 cells around 5,000 towns, 64 million residents, 50,000
//!   places (target: < 1 s on 2 cores), measured side by side with a naive per-cell R-tree
//!   query (`rstar` nearest neighbour on unit vectors, one thread, cells in random order)
//!   and with ours on one thread; then the nearest-place step alone on one thread with and
//!   without the Hilbert order and the hint.
//!
//! The timed figures start from the cells in memory and include everything
//! `aiguillage_coverage::compute` does for them: Hilbert keys, `Locations::new` (the sort
//! along the curve), `PointSet::new` (the places' index), `nearest_distances`, the covered
//! sum and `weighted_mean_p90`. Before timing, the distances are checked against the naive
//! R-tree's for every cell. Results are recorded in `docs/benchmarks.md`;
//! `bench/postgis-coverage.sh` runs PostGIS on the département data.
//!
//! Run with `cargo bench -p aiguillage-coverage --bench coverage` (about 3 minutes).

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

mod synthetic;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aiguillage_coverage::reach::Locations;
use aiguillage_coverage::{
    compute, Attachment, Inputs, MemberCommune, Options, PopulationKind, PopulationSource, Residents,
};
use aiguillage_geo::{haversine_m, LatLon, PointSet};
use aiguillage_model::Place;
use aiguillage_territory::population::PopulationCell;
use aiguillage_territory::{Level, TerritoryRef};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput};
use rayon::ThreadPool;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use synthetic::{figures, Figures, Phases, Scenario, Territory, DEPARTEMENT, FRANCE};

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
    let proposed = prototype::figures(&territory.cells, &territory.places, RADIUS_M);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs(),
        (a, b) => a == b,
    };
    assert!(
        proposed.population == figures.population
            && proposed.covered == figures.covered
            && close(proposed.mean_m, figures.mean_m)
            && close(proposed.p90_m, figures.p90_m),
        "prototype {proposed:?}, library {figures:?}"
    );
    eprintln!("{}", territory.describe(scenario, RADIUS_M, &figures));
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

/// A prototype of the changes proposed in `docs/benchmarks.md` (section "Coverage"), to
/// measure them side by side with the library; same figures, checked before timing.
///
/// 1. Hilbert keys over just the levels the cells span (13 for France instead of 32), and
///    a sort of `(key, index)` pairs (contiguous) instead of indices compared through
///    `keys[i]` (a random read per comparison).
/// 2. Nearest place with a **certificate**: a 2-nearest search at an anchor cell gives the
///    nearest place `b` and the distance `e2` of the second; for the next cells `q`, every
///    other place is at least `e2 - |q - anchor|` away (triangle inequality on chords), so
///    while `|q - b|` is below that, `b` is the nearest without searching the tree. Unit
///    vectors of the places are computed once.
/// 3. The weighted p90 by selection (expected linear time) instead of a full sort.
mod prototype {
    use aiguillage_geo::grid::CellId;
    use aiguillage_geo::{haversine_m, LatLon};
    use aiguillage_territory::population::PopulationCell;
    use rayon::prelude::*;

    use super::unit_vector;
    use crate::synthetic::Figures;

    /// Cells per parallel task, as in `aiguillage_coverage::reach`.
    const CHUNK: usize = 2_048;
    /// Points per leaf, as in `aiguillage_geo`'s tree.
    const LEAF_SIZE: usize = 32;

    fn gap(a: f64, q: f64) -> f64 {
        if q < a {
            a - q
        } else {
            q - a
        }
    }

    fn dist2(a: &[f64; 3], q: &[f64; 3]) -> f64 {
        let d = [gap(a[0], q[0]), gap(a[1], q[1]), gap(a[2], q[2])];
        d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
    }

    /// An implicit k-d tree of unit vectors (the layout of `aiguillage_geo`'s), answering
    /// "the two nearest".
    struct Tree {
        depth: u32,
        splits: Vec<f64>,
        axes: Vec<u8>,
        xyz: Vec<[f64; 3]>,
        place: Vec<u32>,
    }

    /// A node being searched: its index, depth, range of points and lower bounds per axis.
    #[derive(Clone, Copy)]
    struct Node {
        node: usize,
        depth: u32,
        start: usize,
        end: usize,
        gaps: [f64; 3],
    }

    /// No place found yet.
    const NONE: u32 = u32::MAX;

    impl Tree {
        fn new(xyz: &[[f64; 3]]) -> Tree {
            let mut points: Vec<([f64; 3], u32)> = xyz.iter().copied().zip(0u32..).collect();
            let mut depth = 0;
            while points.len().div_ceil(1 << depth) > LEAF_SIZE {
                depth += 1;
            }
            let inner = (1usize << depth) - 1;
            let mut tree = Tree {
                depth,
                splits: vec![0.0; inner],
                axes: vec![0; inner],
                xyz: Vec::new(),
                place: Vec::new(),
            };
            tree.build(&mut points, 0, 0);
            tree.xyz = points.iter().map(|p| p.0).collect();
            tree.place = points.iter().map(|p| p.1).collect();
            tree
        }

        fn build(&mut self, points: &mut [([f64; 3], u32)], node: usize, depth: u32) {
            if depth == self.depth {
                return;
            }
            let (mut min, mut max) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
            for (p, _) in points.iter() {
                for axis in 0..3 {
                    min[axis] = min[axis].min(p[axis]);
                    max[axis] = max[axis].max(p[axis]);
                }
            }
            let axis = (0..3)
                .max_by(|a, b| (max[*a] - min[*a]).total_cmp(&(max[*b] - min[*b])))
                .unwrap_or(0);
            let mid = points.len() / 2;
            if mid < points.len() {
                points.select_nth_unstable_by(mid, |a, b| a.0[axis].total_cmp(&b.0[axis]));
                self.splits[node] = points[mid].0[axis];
            }
            self.axes[node] = axis as u8;
            let (left, right) = points.split_at_mut(mid);
            self.build(left, 2 * node + 1, depth + 1);
            self.build(right, 2 * node + 2, depth + 1);
        }

        /// Refines `best` (two (squared chord, place) pairs, nearest first, the second's
        /// distance bounding the search) with the points below `at`.
        fn two_nearest(&self, at: Node, q: &[f64; 3], best: &mut [(f64, u32); 2]) {
            if at.depth == self.depth {
                for i in at.start..at.end {
                    let d = dist2(&self.xyz[i], q);
                    if d < best[1].0 {
                        best[1] = (d, self.place[i]);
                        if d < best[0].0 {
                            best.swap(0, 1);
                        }
                    }
                }
                return;
            }
            let (split, axis) = (self.splits[at.node], usize::from(self.axes[at.node]));
            let mid = at.start + (at.end - at.start) / 2;
            let left = Node {
                node: 2 * at.node + 1,
                depth: at.depth + 1,
                end: mid,
                ..at
            };
            let right = Node {
                node: 2 * at.node + 2,
                depth: at.depth + 1,
                start: mid,
                ..at
            };
            let (near, mut far) = if q[axis] < split {
                (left, right)
            } else {
                (right, left)
            };
            self.two_nearest(near, q, best);
            far.gaps[axis] = gap(split, q[axis]);
            if far.gaps.iter().map(|g| g * g).sum::<f64>() <= best[1].0 {
                self.two_nearest(far, q, best);
            }
        }

        fn root(&self) -> Node {
            Node {
                node: 0,
                depth: 0,
                start: 0,
                end: self.xyz.len(),
                gaps: [0.0; 3],
            }
        }
    }

    /// The nearest place of each query, walking `queries` in order with a certificate (see
    /// the module documentation); `INFINITY` without places.
    fn walk(tree: &Tree, places: &[LatLon], xyz: &[[f64; 3]], queries: &[LatLon], out: &mut [f64]) {
        let (mut anchor, mut e2) = ([0.0; 3], f64::NEG_INFINITY);
        let (mut b, mut b2) = (NONE, NONE);
        for (d, p) in out.iter_mut().zip(queries) {
            let q = unit_vector(*p);
            // The margin covers the rounding of the three chords (~1e-16 each).
            let certified =
                b != NONE && dist2(&xyz[b as usize], &q).sqrt() < e2 - dist2(&q, &anchor).sqrt() - 1e-14;
            if !certified {
                // The previous two bound the new two (slightly widened to find them again).
                let limit = if b2 == NONE {
                    f64::INFINITY
                } else {
                    dist2(&xyz[b as usize], &q).max(dist2(&xyz[b2 as usize], &q)) * (1.0 + 1e-9)
                };
                let mut best = [(limit, NONE); 2];
                tree.two_nearest(tree.root(), &q, &mut best);
                if best[0].1 == NONE {
                    *d = f64::INFINITY;
                    continue;
                }
                (b, b2) = (best[0].1, best[1].1);
                e2 = if b2 == NONE {
                    f64::INFINITY
                } else {
                    best[1].0.sqrt()
                };
                anchor = q;
            }
            *d = haversine_m(*p, places[b as usize]);
        }
    }

    /// The Hilbert key of `cell` over `levels` levels, from the corner `(x0, y0)`: the same
    /// curve as [`CellId::hilbert`] restricted to the square the cells span.
    fn hilbert(cell: &CellId, x0: i32, y0: i32, levels: u32) -> u64 {
        let mut x = cell.east.wrapping_sub(x0) as u32;
        let mut y = cell.north.wrapping_sub(y0) as u32;
        let mut key = 0u64;
        let mut s = 1u32 << (levels - 1);
        while s > 0 {
            let rx = u32::from(x & s != 0);
            let ry = u32::from(y & s != 0);
            key += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
            if ry == 0 {
                if rx == 1 {
                    x = !x;
                    y = !y;
                }
                std::mem::swap(&mut x, &mut y);
            }
            s >>= 1;
        }
        key
    }

    /// The smallest `d` whose cumulated weight reaches `target`, by quickselect on `pairs`
    /// (distance, weight): expected linear time.
    fn weighted_lower_quantile(mut pairs: &mut [(f64, f64)], mut target: f64) -> Option<f64> {
        loop {
            if pairs.len() <= 64 {
                pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                let mut cumulated = 0.0;
                for (d, w) in pairs.iter() {
                    cumulated += w;
                    if cumulated >= target {
                        return Some(*d);
                    }
                }
                return pairs.last().map(|p| p.0);
            }
            let mid = pairs.len() / 2;
            pairs.select_nth_unstable_by(mid, |a, b| a.0.total_cmp(&b.0));
            let below: f64 = pairs[..mid].iter().map(|p| p.1).sum();
            if below >= target {
                pairs = &mut pairs[..mid];
            } else if below + pairs[mid].1 >= target {
                return Some(pairs[mid].0);
            } else {
                target -= below + pairs[mid].1;
                pairs = &mut pairs[mid + 1..];
            }
        }
    }

    /// The figures of [`crate::synthetic::figures`], computed the proposed way.
    pub fn figures(cells: &[PopulationCell], places: &[LatLon], radius_m: f64) -> Figures {
        let (x0, y0, x1, y1) = cells
            .iter()
            .fold((i32::MAX, i32::MAX, i32::MIN, i32::MIN), |b, c| {
                (
                    b.0.min(c.cell.east),
                    b.1.min(c.cell.north),
                    b.2.max(c.cell.east),
                    b.3.max(c.cell.north),
                )
            });
        let span = (i64::from(x1) - i64::from(x0))
            .max(i64::from(y1) - i64::from(y0))
            .max(0) as u64;
        let levels = (64 - span.leading_zeros()).clamp(1, 32);
        let mut pairs: Vec<(u64, u32)> = cells
            .par_iter()
            .enumerate()
            .map(|(i, c)| (hilbert(&c.cell, x0, y0, levels), i as u32))
            .collect();
        pairs.par_sort_unstable();
        let queries: Vec<LatLon> = pairs
            .par_iter()
            .map(|&(_, i)| cells[i as usize].position)
            .collect();

        let xyz: Vec<[f64; 3]> = places.iter().map(|p| unit_vector(*p)).collect();
        let tree = Tree::new(&xyz);
        let mut sorted = vec![f64::INFINITY; cells.len()];
        sorted
            .par_chunks_mut(CHUNK)
            .zip(queries.par_chunks(CHUNK))
            .for_each(|(out, queries)| walk(&tree, places, &xyz, queries, out));
        // Back to the cells' order, as `Locations::nearest_distances` returns them.
        let mut distances = vec![0.0; cells.len()];
        for (d, &(_, i)) in sorted.iter().zip(&pairs) {
            distances[i as usize] = *d;
        }

        let population: Vec<f64> = cells.iter().map(|c| c.population).collect();
        let covered = aiguillage_coverage::stats::total(
            distances
                .iter()
                .zip(&population)
                .filter(|(d, _)| **d <= radius_m)
                .map(|(_, p)| p),
        );
        let mut weighted: Vec<(f64, f64)> = distances
            .iter()
            .zip(&population)
            .filter(|(d, w)| d.is_finite() && **w > 0.0)
            .map(|(d, w)| (*d, *w))
            .collect();
        let total: f64 = weighted.iter().map(|p| p.1).sum();
        let (mean_m, p90_m) = if weighted.is_empty() || total <= 0.0 {
            (None, None)
        } else {
            let mean = weighted.iter().map(|(d, w)| d * w).sum::<f64>() / total;
            // The same tolerance as `weighted_mean_p90`.
            (
                Some(mean),
                weighted_lower_quantile(&mut weighted, 0.9 * total * (1.0 - 1e-12)),
            )
        };
        Figures {
            population: aiguillage_coverage::stats::total(&population),
            covered,
            mean_m,
            p90_m,
        }
    }
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
        }],
        residents: Residents {
            source: PopulationSource {
                kind: PopulationKind::Grid,
                label: "synthetic".to_owned(),
                approximate: false,
                population_unlocated: 0.0,
            },
            cells: territory.cells.clone(),
            commune: vec![0; territory.cells.len()],
        },
        places,
        attached: vec![
            Some(Attachment {
                commune: 0,
                by_code: true
            });
            places.len()
        ],
    }
}

fn bench_departement(c: &mut Criterion) {
    let (territory, expected) = prepare(&DEPARTEMENT);
    let (cells, places) = (&territory.cells, &territory.places);
    // Valid, varied synthetic places, moved to the scenario's positions.
    let standard_places: Vec<Place> = aiguillage_import::synthetic::places(places.len(), DEPARTEMENT.seed)
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
    };
    let report = compute(&inputs, &options);
    assert_eq!(report.population_covered, expected.covered);
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
    group.bench_function("prototype_figures_400m", |b| {
        b.iter(|| black_box(prototype::figures(black_box(cells), places, RADIUS_M)))
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
    group.bench_function("prototype_figures_all_threads", |b| {
        b.iter(|| black_box(prototype::figures(black_box(cells), places, RADIUS_M)))
    });
    group.bench_function("prototype_figures_1_thread", |b| {
        b.iter(|| pool.install(|| black_box(prototype::figures(black_box(cells), places, RADIUS_M))))
    });
    group.bench_function("naive_rstar_1_thread", |b| {
        b.iter(|| black_box(naive_rtree_distances(black_box(cells), places)))
    });
    group.finish();

    // What the order and the hint give, on one thread: the nearest-place step alone.
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
    group.bench_function("hilbert_order_hint", |b| {
        b.iter(|| pool.install(|| black_box(hilbert.nearest_distances(&set))))
    });
    group.bench_function("random_order_hint", |b| {
        b.iter(|| pool.install(|| black_box(random.nearest_distances(&set))))
    });
    group.bench_function("hilbert_order_no_hint", |b| {
        b.iter(|| {
            black_box(
                sorted
                    .iter()
                    .map(|p| set.nearest(*p, None).map_or(f64::INFINITY, |n| n.distance_m))
                    .collect::<Vec<f64>>(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_departement, bench_france);
criterion_main!(benches);
