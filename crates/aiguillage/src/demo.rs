//! The bundled demo data set: places of Brest métropole, written for Aiguillage, and the
//! boundaries of its 8 communes (IGN ADMIN EXPRESS COG 2018, simplified, Licence Ouverte 2.0,
//! extracted by `scripts/demo-boundaries.py`), so that the territory pages of a fresh
//! install show real populations.

use aiguillage_import::{import, ImportOptions};
use aiguillage_store::Store;
use aiguillage_territory::{parse_boundaries, Admin, Level};
use anyhow::{ensure, Context};

use crate::commands::territories::store_boundaries;

/// Name under which demo places are recorded as provenance.
const DEMO_FILE: &str = "data/demo/brest-metropole.csv";
const DEMO_CSV: &str = include_str!("../../../data/demo/brest-metropole.csv");
/// Name under which the demo boundaries are recorded as their source file.
const DEMO_BOUNDARIES_FILE: &str = "data/demo/brest-metropole-communes.geojson";
const DEMO_BOUNDARIES: &str = include_str!("../../../data/demo/brest-metropole-communes.geojson");

/// What [`load_if_empty`] loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Demo places imported.
    pub places: usize,
    /// Commune boundaries imported.
    pub communes: usize,
}

/// Loads the demo data when the database has no places: the commune boundaries, unless
/// commune boundaries were already imported (the user's own are not to be overwritten), then
/// the places.
///
/// The boundaries come first so that a failure between the two steps is mended by the next
/// start: the places, once there, stop any further demo loading.
pub async fn load_if_empty(store: &Store) -> anyhow::Result<Loaded> {
    // Closed places count: a database whose places all closed is not empty.
    if store.has_places().await? {
        return Ok(Loaded::default());
    }
    let communes = load_boundaries(store).await?;
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
    Ok(Loaded {
        places: report.counts.imported,
        communes,
    })
}

/// Imports the demo commune boundaries as `aiguillage territories import --level commune`
/// would, unless any commune boundary is stored; returns how many were imported.
async fn load_boundaries(store: &Store) -> anyhow::Result<usize> {
    let level = Level::Commune;
    let stored = store.boundary_levels().await?;
    if stored.iter().any(|(l, n)| l == level.as_str() && *n > 0) {
        return Ok(0);
    }
    let read = parse_boundaries(
        DEMO_BOUNDARIES,
        DEMO_BOUNDARIES_FILE,
        level,
        "code",
        "nom",
        Admin::embedded(),
    )
    .context("reading the demo boundaries")?;
    ensure!(
        read.rejected.is_empty(),
        "the bundled demo boundaries are invalid:\n{}",
        read.rejected.join("\n")
    );
    store_boundaries(store, &read, level, DEMO_BOUNDARIES_FILE)
        .await
        .context("loading the demo boundaries")?;
    Ok(read.boundaries.len())
}
