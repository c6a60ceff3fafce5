//! `aiguillage generate`.

use std::io::Write;
use std::process::ExitCode;

use aiguillage_export::write;
use aiguillage_synthetic as synthetic;

use crate::cli::GenerateArgs;

pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let places = synthetic::places_spread(args.rows, args.seed, args.spread);
    let mut out = super::output(args.output.as_deref())?;
    if args.points {
        for (lat, lon) in places.iter().filter_map(|p| p.coordinates()) {
            writeln!(out, "{lat},{lon}")?;
        }
    } else {
        write(args.format, &places, &mut out)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
