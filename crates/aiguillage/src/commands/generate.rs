//! `aiguillage generate`.

use std::path::Path;
use std::process::ExitCode;

use aiguillage_import::{synthetic, write::write, Format};

pub fn run(rows: usize, seed: u64, format: Format, path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let places = synthetic::places(rows, seed);
    let mut out = super::output(path)?;
    write(format, &places, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
