//! Import through a mapping: 50,000 generated rows of a hub-like source (Lambert-93
//! coordinates with decimal commas, free-text French hours, dd/mm/yyyy dates, flag columns)
//! read, mapped, validated and stored in a fresh SQLite database (target < 3 s on 2 cores).
//! Results are recorded in `docs/benchmarks.md`.
//!
//! Run with `cargo bench -p aiguillage-bench --bench mapped_import`.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::time::Duration;

use aiguillage_import::{import_rows, ImportOptions};
use aiguillage_ingest_mapping::Mapping;
use aiguillage_ingest_read::read_table;
use aiguillage_ingest_read::Format;
use aiguillage_store::Store;
use aiguillage_synthetic::{self as synthetic, SplitMix64};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;

const ROWS: usize = 50_000;

// The same allocator as the binary, so the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The mapping of the generated source, like `mappings/maine-et-loire.toml` plus free-text hours.
const MAPPING: &str = r#"
[source]
label = "Hub généré"
id_prefix = "bench"
id_column = "ID"

[fields]
nom = "NOM"
pivot = { constant = "00000000000000" }
adresse = { concat = ["N°", "ADRESSE"] }
code_postal = "CP"
commune = "COMMUNE"
telephone = "TEL"
date_maj = { column = "MAJ", date = "%d/%m/%Y" }
typologie = { column = "CAT", values = { "Médiathèque" = "BIB", "Association" = "ASSO", "Mairie" = "MUNI", "France Services" = "FS" } }
services = { flags = [
  { column = "INTERNET", value = "Accès internet et matériel informatique" },
  { column = "DEMARCHES", value = "Aide aux démarches administratives" },
] }
publics_specifiquement_adresses = { flags = [{ column = "SENIORS", value = "Seniors" }] }

[coordinates]
x = "X"
y = "Y"
crs = "EPSG:2154"

[hours]
text = "HORAIRES"
"#;

/// French hour texts as hubs write them; `{a}`… are filled with varying times.
const HOURS: [&str; 6] = [
    "du lundi au vendredi de {a}h à 12h et de 14h à {b}h",
    "Les lundi, mardi et jeudi de 0{a}h00 à {b}h00",
    "mercredi 14h-{b}h",
    "Du mardi au samedi, de {a}h30 à 12h30",
    "lundi : {a}h-12h / 14h-{b}h ; samedi : {a}h-12h",
    "sur rendez-vous",
];

/// The source as a JSON array: names, addresses and postcodes of the generated standard places,
/// Lambert-93 positions over metropolitan France written with decimal commas.
fn generated_source() -> Vec<u8> {
    let places = synthetic::places(ROWS, 42);
    let mut random = SplitMix64::new(7);
    let categories = ["Médiathèque", "Association", "Mairie", "France Services"];
    let rows: Vec<serde_json::Value> = places
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let x = 100_000.0 + random.unit() * 1_100_000.0;
            let y = 6_100_000.0 + random.unit() * 1_000_000.0;
            let hours = HOURS[random.below(HOURS.len())]
                .replace("{a}", &(8 + random.below(2)).to_string())
                .replace("{b}", &(16 + random.below(3)).to_string());
            let flags: Vec<&str> = [70, 50, 20]
                .iter()
                .map(|percent| if random.below(100) < *percent { "Oui" } else { "-" })
                .collect();
            json!({
                "ID": format!("LMN{i:06}"),
                "NOM": place.nom,
                "N°": (1 + random.below(120)).to_string(),
                "ADRESSE": place.adresse,
                "CP": place.code_postal,
                "COMMUNE": place.commune,
                "TEL": format!("02 98 {:02} {:02} {:02}", random.below(100), random.below(100), random.below(100)),
                "MAJ": format!("{:02}/{:02}/202{}", 1 + random.below(28), 1 + random.below(12), random.below(5)),
                "CAT": categories[random.below(categories.len())],
                "INTERNET": flags[0],
                "DEMARCHES": flags[1],
                "SENIORS": flags[2],
                "X": format!("{x:.6}").replace('.', ","),
                "Y": format!("{y:.6}").replace('.', ","),
                "HORAIRES": hours,
            })
        })
        .collect();
    serde_json::to_vec_pretty(&rows).expect("JSON in memory")
}

fn bench_mapped_import(c: &mut Criterion) {
    let source = generated_source();
    let mapping = Mapping::from_toml(MAPPING).expect("the bench mapping is valid");
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");

    // Describe the data once, and check that nearly every row is accepted.
    let table = read_table(&source, Format::Json).expect("generated JSON reads");
    let rows = mapping.apply(&table);
    let with_problems = rows.rows.iter().filter(|r| !r.problems.is_empty()).count();
    eprintln!(
        "{} rows, {:.1} MB of JSON, {with_problems} rows with mapping problems (unconverted hours)",
        rows.rows.len(),
        source.len() as f64 / 1e6
    );

    let mut group = c.benchmark_group("mapped_import_50k");
    group.sample_size(10).measurement_time(Duration::from_secs(40));
    group.bench_function("read_and_map", |b| {
        b.iter(|| {
            let table = read_table(&source, Format::Json).expect("generated JSON reads");
            mapping.apply(&table).rows.len()
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
                    let table = read_table(&source, Format::Json).expect("generated JSON reads");
                    let report = import_rows(
                        &store,
                        "bench.json",
                        mapping.apply(&table),
                        &ImportOptions::default(),
                        &mut |_, _| {},
                    )
                    .await
                    .expect("import");
                    assert_eq!(report.counts.imported, ROWS, "{}", report.summary());
                    store.close().await;
                });
                // Dropped (deleted) outside the timing.
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_mapped_import);
criterion_main!(benches);
