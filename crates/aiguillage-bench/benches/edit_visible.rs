//! An edit made visible to readers, as the server does it: a write through
//! `aiguillage_contrib::patch`, then `AppState::refresh` of the edited place (its record read
//! again from the store and swapped into the index with `PlaceIndex::with_changes`), against
//! `AppState::reload` (every place read from the store and the index bulk-built again), on a
//! SQLite store of 100,000 synthetic places. Then nearest-10 on the served index before and
//! after 1,000 edits. Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench edit_visible`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use aiguillage_contrib::{patch, Contributor};
use aiguillage_geo::{Filter, LatLon};
use aiguillage_model::{Field, Place};
use aiguillage_server::AppState;
use aiguillage_store::{ChangeSource, NewUser, Store, StoredPlace, WriteMode};
use aiguillage_synthetic::{self as synthetic, Population, SplitMix64, Spread};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use serde_json::{Map, Value};
use tokio::runtime::Runtime;

const PLACES: usize = 100_000;
const PLACES_SEED: u64 = 42;
/// The places edited in turn by `edit_to_visible` and refreshed by `refresh_only`: few enough
/// that the index's overlay stays small (2 entries a place: 200), far from the rebuild the
/// server starts past 2,000.
const EDITED: usize = 100;
const EDITED_SEED: u64 = 7;
/// The edits made before the last nearest-10 measure.
const MANY_EDITS: usize = 1_000;
const QUERIES: usize = 1_000;
const QUERIES_SEED: u64 = 4242;
const K: usize = 10;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A place edited in turn: its name alternates between two values, so that every edit
/// changes it.
struct Edited {
    id: String,
    /// Its current revision, the `expected` of the next patch.
    revision: i64,
    /// Its name when drawn and another one.
    names: [String; 2],
    /// Edits made so far.
    edits: usize,
}

impl Edited {
    fn new(stored: StoredPlace) -> Edited {
        let place = stored.place;
        Edited {
            names: [place.nom.clone(), format!("{} (modifié)", place.nom)],
            id: place.id,
            revision: stored.revision,
            edits: 0,
        }
    }

    /// Patches its name to the other value through `aiguillage_contrib`, then swaps the place
    /// into the served index, and checks the index shows the new name.
    async fn edit_and_refresh(&mut self, state: &AppState, who: &Contributor) {
        self.edits += 1;
        let name = &self.names[self.edits % 2];
        let mut object = Map::new();
        object.insert(Field::Nom.name().to_owned(), Value::String(name.clone()));
        let written = patch(
            &state.store,
            who,
            &self.id,
            self.revision,
            &object,
            (ChangeSource::Edit, None),
        )
        .await
        .expect("patch");
        assert!(written.changed, "{} was not changed", self.id);
        self.revision = written.revision;
        state.refresh(&[&self.id]).await.expect("refresh");
        // One lookup by id (O(log n)) and a short string: nothing next to the write.
        let shown = state.index.load().get(&self.id).and_then(|p| p.text(Field::Nom));
        assert_eq!(shown.as_deref(), Some(name.as_str()), "{}", self.id);
    }
}

/// `n` distinct places drawn at random (deterministically) among `places`.
fn drawn(places: &[Place], n: usize, seed: u64) -> Vec<&Place> {
    let mut rng = SplitMix64::new(seed);
    let mut picked: Vec<usize> = Vec::with_capacity(n);
    while picked.len() < n {
        let i = rng.below(places.len());
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.into_iter().map(|i| &places[i]).collect()
}

/// A store of the places, the server's state loaded from it and an admin contributor.
async fn setup(dir: &std::path::Path, places: &[Place]) -> (AppState, Contributor) {
    let store = Store::open(&dir.join("bench.db")).await.expect("open store");
    let started = Instant::now();
    let counts = store
        .upsert(places, "bench.csv", WriteMode::Commit)
        .await
        .expect("upsert");
    assert_eq!(counts.imported, places.len());
    eprintln!("{} places stored in {:.1?}", places.len(), started.elapsed());
    let user = store
        .add_user(&NewUser {
            email: "bench@exemple.fr",
            role: "admin",
            password_hash: "x",
            territories: &[],
            places: &[],
            must_change_password: false,
        })
        .await
        .expect("add user")
        .expect("a new account");
    let who = Contributor::of(&store, user).await.expect("contributor");
    let started = Instant::now();
    let state = AppState::load(store).await.expect("load state");
    eprintln!("index loaded in {:.1?}", started.elapsed());
    (state, who)
}

/// `places` as the store now has them (name and revision), to be edited in turn.
async fn editable(store: &Store, places: &[&Place]) -> Vec<Edited> {
    let mut edited = Vec::with_capacity(places.len());
    for place in places {
        let stored = store.get(&place.id).await.expect("get").expect("stored place");
        edited.push(Edited::new(stored));
    }
    edited
}

fn query_points() -> Vec<LatLon> {
    Population::new(QUERIES_SEED)
        .take(QUERIES)
        .map(|(lat, lon)| LatLon::new(lat, lon))
        .collect()
}

fn nearest10(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    state: &AppState,
) {
    let queries = query_points();
    let everything = Filter::default();
    let index = state.index.load_full();
    c.bench_function(name, |b| {
        let mut i = 0;
        b.iter(|| {
            let q = queries[i % QUERIES];
            i += 1;
            black_box(index.nearest(black_box(q), K, None, &everything))
        })
    });
}

fn bench_edit_visible(c: &mut Criterion) {
    let runtime = Runtime::new().expect("tokio runtime");
    let places = synthetic::places_spread(PLACES, PLACES_SEED, Spread::Population);
    let dir = tempfile::tempdir().expect("temp dir");
    let (state, who) = runtime.block_on(setup(dir.path(), &places));
    let mut pool = runtime.block_on(editable(&state.store, &drawn(&places, EDITED, EDITED_SEED)));

    let mut group = c.benchmark_group("edit_visible_100k");

    group.bench_function("edit_to_visible", |b| {
        let mut i = 0;
        b.iter(|| {
            let edited = &mut pool[i % EDITED];
            i += 1;
            runtime.block_on(edited.edit_and_refresh(&state, &who));
        })
    });
    eprintln!(
        "after edit_to_visible: overlay_len {}",
        state.index.load().overlay_len()
    );

    group.bench_function("refresh_only", |b| {
        let mut i = 0;
        b.iter(|| {
            let id = pool[i % EDITED].id.as_str();
            i += 1;
            runtime.block_on(state.refresh(&[id])).expect("refresh");
        })
    });

    // About a second an iteration: ten of them, not criterion's growing counts.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("full_reload", |b| {
        b.iter(|| runtime.block_on(state.reload()).expect("reload"))
    });
    group.finish();

    // What 1,000 pending edits cost a query of the served index, from a fresh index.
    let mut group = c.benchmark_group("edit_visible_100k_nearest");
    runtime.block_on(state.reload()).expect("reload");
    assert_eq!(state.index.load().overlay_len(), 0);
    nearest10(&mut group, "nearest10_fresh", &state);
    let many: Vec<&Place> = places.iter().step_by(PLACES / MANY_EDITS).collect();
    let mut many = runtime.block_on(editable(&state.store, &many));
    let started = Instant::now();
    runtime.block_on(async {
        for edited in &mut many {
            edited.edit_and_refresh(&state, &who).await;
        }
    });
    eprintln!(
        "{MANY_EDITS} edits made visible one by one in {:.1?}: overlay_len {}",
        started.elapsed(),
        state.index.load().overlay_len()
    );
    assert_eq!(state.index.load().overlay_len(), 2 * MANY_EDITS);
    nearest10(&mut group, &format!("nearest10_after_{MANY_EDITS}_edits"), &state);
    group.finish();

    runtime.block_on(state.store.close());
}

criterion_group!(benches, bench_edit_visible);
criterion_main!(benches);
