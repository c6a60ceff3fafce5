//! The bundled demo data set: places of Brest métropole, written for Aiguillage.

use aiguillage_import::{import, ImportOptions};
use aiguillage_store::Store;
use anyhow::{ensure, Context};

/// Name under which demo places are recorded as provenance.
const DEMO_FILE: &str = "data/demo/brest-metropole.csv";
const DEMO_CSV: &str = include_str!("../../../data/demo/brest-metropole.csv");

/// Loads the demo places when the database is empty; returns how many were loaded.
pub async fn load_if_empty(store: &Store) -> anyhow::Result<usize> {
    if store.count().await? > 0 {
        return Ok(0);
    }
    let report = import(
        store,
        DEMO_FILE,
        DEMO_CSV.as_bytes(),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .await
    .context("loading the demo data")?;
    ensure!(
        !report.has_rejections(),
        "the bundled demo data is invalid:\n{}",
        report.problem_lines().collect::<Vec<_>>().join("\n")
    );
    Ok(report.counts.imported)
}
