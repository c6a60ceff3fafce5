//! `aiguillage territories import` and `aiguillage territories fetch`.

mod fetch;

use std::path::Path;
use std::process::ExitCode;

use aiguillage_store::{BoundariesImported, Store, StoredBoundary};
use aiguillage_territory::{read_boundaries, Admin, BoundaryFile, Level, TerritoryError};
use anyhow::Context;

use super::report_rejections;
use super::Refused;
use crate::cli::TerritoriesCommand;

/// Runs `command`; `db` is the database file, beside which `fetch` downloads.
pub async fn run(store: &Store, command: &TerritoriesCommand, db: &Path) -> anyhow::Result<ExitCode> {
    let (file, level, code_field, name_field) = match command {
        TerritoriesCommand::Import {
            file,
            level,
            code_field,
            name_field,
        } => (file, level, code_field, name_field),
        TerritoriesCommand::Fetch {
            level,
            departement,
            from,
            max_mb,
            code_field,
            name_field,
        } => {
            let options = fetch::Options {
                level: *level,
                departements: departement,
                from: from.as_deref(),
                max_bytes: max_mb.saturating_mul(1_000_000),
                code_field,
                name_field,
            };
            return fetch::run(store, &options, db).await;
        }
    };
    let name = file.display().to_string();
    let read = match read_boundaries(file, *level, code_field, name_field, Admin::embedded()) {
        Ok(read) => read,
        Err(e @ (TerritoryError::Io { .. } | TerritoryError::Json { .. })) => {
            return Err(Refused(e.to_string()).into());
        }
        Err(e) => return Err(e).context("reading the boundaries"),
    };
    let counts = store_boundaries(store, &read, *level, &name).await?;
    report_rejections(&read.rejected, &summary(&name, &read, *level, &counts))
}

/// The last line `import` and `fetch` print: what was read from `name` and stored.
fn summary(name: &str, read: &BoundaryFile, level: Level, counts: &BoundariesImported) -> String {
    format!(
        "{name}: {} {level} boundaries imported ({} new, {} updated), {} former codes reconciled, {} rejected",
        read.boundaries.len(),
        counts.inserted,
        counts.updated,
        read.reconciled.len(),
        read.rejected.len(),
    )
}

/// Stores the boundaries read from `source` at `level`, replacing those of the same codes,
/// in one transaction: the one write path of `territories import` and of the demo data.
pub(crate) async fn store_boundaries(
    store: &Store,
    read: &BoundaryFile,
    level: Level,
    source: &str,
) -> anyhow::Result<BoundariesImported> {
    let stored: Vec<StoredBoundary> = read
        .boundaries
        .iter()
        .map(|b| StoredBoundary {
            level: level.as_str().to_owned(),
            code: b.code.clone(),
            nom: b.nom.clone(),
            geometry: geojson::Geometry::from(&b.geometry).to_string(),
        })
        .collect();
    store
        .replace_boundaries(level.as_str(), &stored, source)
        .await
        .context("import failed; nothing was written")
}
