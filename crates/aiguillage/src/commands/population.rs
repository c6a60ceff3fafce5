//! `aiguillage population import`.

use std::process::ExitCode;

use aiguillage_store::Store;
use aiguillage_territory::population::{read_population, LayerKind};
use anyhow::Context;

use super::report_rejections;
use super::Refused;
use crate::cli::PopulationCommand;

pub async fn run(store: &Store, command: &PopulationCommand) -> anyhow::Result<ExitCode> {
    let PopulationCommand::Import { file } = command;
    let name = file.display().to_string();
    let read = match read_population(file) {
        Ok(read) => read,
        Err(e) => {
            return Err(Refused(e.to_string()).into());
        }
    };
    let kind = match read.kind {
        LayerKind::Grid => "grid",
        LayerKind::Points => "points",
    };
    let rows: Vec<(f64, f64, f64)> = read
        .cells
        .iter()
        .map(|c| (c.position.lat, c.position.lon, c.population))
        .collect();
    let total: f64 = rows.iter().map(|r| r.2).sum();
    let layer = store
        .import_population(kind, &name, &rows)
        .await
        .context("import failed; nothing was written")?;
    let summary = format!(
        "{name}: population layer {layer} ({kind}): {} cells, {total:.0} residents, {} rejected",
        rows.len(),
        read.rejected.len()
    );
    report_rejections(&read.rejected, &summary)
}
