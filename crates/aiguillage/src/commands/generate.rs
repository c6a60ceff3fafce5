//! `aiguillage generate`.

use std::io::Write;
use std::process::ExitCode;

use aiguillage_export::write;
use aiguillage_synthetic as synthetic;

use crate::cli::GenerateArgs;

/// Places are written as they are made: a million rows never sit in memory together.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let places = synthetic::place_stream(args.seed, args.spread).take(args.rows);
    let mut out = super::output(args.output.as_deref())?;
    if args.points {
        for (lat, lon) in places.filter_map(|p| p.coordinates()) {
            writeln!(out, "{lat},{lon}")?;
        }
    } else {
        write(args.format, places, &mut out)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
