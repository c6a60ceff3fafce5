//! `aiguillage export`.

use std::path::Path;
use std::process::ExitCode;

use aiguillage_export::{write, Format};
use aiguillage_store::Store;

pub async fn run(
    store: &Store,
    format: Format,
    path: Option<&Path>,
    include_closed: bool,
) -> anyhow::Result<ExitCode> {
    let places = if include_closed {
        store.all_including_closed().await?
    } else {
        store.all().await?
    };
    let mut out = super::output(path)?;
    write(format, places.iter().map(|s| &s.place), &mut out)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
