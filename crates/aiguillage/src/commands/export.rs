//! `aiguillage export`.

use std::path::Path;
use std::process::ExitCode;

use aiguillage_export::{write_cells, Cells, Format};
use aiguillage_store::Store;

use super::Refused;

pub async fn run(
    store: &Store,
    format: Format,
    path: Option<&Path>,
    include_closed: bool,
    spreadsheet_safe: bool,
) -> anyhow::Result<ExitCode> {
    let cells = match (spreadsheet_safe, format) {
        (false, _) => Cells::Lossless,
        (true, Format::Csv) => Cells::SpreadsheetSafe,
        (true, _) => return Err(Refused("--spreadsheet-safe is for --format csv only".to_owned()).into()),
    };
    let places = if include_closed {
        store.all_including_closed().await?
    } else {
        store.all().await?
    };
    let mut out = super::output(path)?;
    write_cells(format, places.iter().map(|s| &s.place), &mut out, cells)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
