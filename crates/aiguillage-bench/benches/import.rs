//! Import benchmark: 50,000 generated standard rows into a fresh SQLite database
//! (target < 2 s on 2 cores). Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench import`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::time::Duration;

use aiguillage_export::{write, Format};
use aiguillage_import::{import, ImportOptions};
use aiguillage_ingest_read::read;
use aiguillage_model::{ValidationContext, Validator};
use aiguillage_store::Store;
use aiguillage_synthetic as synthetic;
use criterion::{criterion_group, criterion_main, Criterion};

const ROWS: usize = 50_000;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generated_csv() -> Vec<u8> {
    let mut csv = Vec::new();
    write(Format::Csv, synthetic::places(ROWS, 42), &mut csv).expect("writing to memory");
    csv
}

fn bench_import(c: &mut Criterion) {
    let csv = generated_csv();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let mut group = c.benchmark_group("import_50k");
    group.sample_size(10).measurement_time(Duration::from_secs(30));

    group.bench_function("read_and_validate_one_core", |b| {
        b.iter(|| {
            // One core's worth: the import spreads this over every core.
            let validator = Validator::new(ValidationContext::today());
            let rows = read(&csv, Format::Csv).expect("generated CSV reads");
            rows.rows
                .iter()
                .filter_map(|r| r.record.as_ref())
                .filter(|r| validator.validate(r).place.is_some())
                .count()
        })
    });

    group.bench_function("into_fresh_sqlite", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                runtime.block_on(async {
                    let store = Store::open(&dir.path().join("bench.db"))
                        .await
                        .expect("open store");
                    let report = import(
                        &store,
                        "bench.csv",
                        &csv,
                        &ImportOptions::default(),
                        &mut |_, _| {},
                    )
                    .await
                    .expect("import");
                    assert_eq!(report.counts.imported, ROWS);
                    store.close().await;
                });
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
