//! `aiguillage quality`: every data-quality problem of the places, one row per place and
//! problem, for hubs to fix their sources (docs/quality.md).

use std::io::Write;
use std::process::ExitCode;

use aiguillage_report::{quality, BuildError, QualityError};
use aiguillage_store::Store;

use super::{output, Refused};
use crate::cli::{QualityArgs, QualityFormat};

pub async fn run(store: &Store, args: &QualityArgs) -> anyhow::Result<ExitCode> {
    let today = args.date.unwrap_or_else(aiguillage_report::today);
    let list = match quality(store, args.territory.as_deref(), today).await {
        Ok(list) => list,
        Err(QualityError::Territory(e @ BuildError::UnknownTerritory(_))) => {
            return Err(Refused(e.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let text = match args.format {
        QualityFormat::Csv => list.csv()?,
        QualityFormat::Json => list.json()?,
    };
    let mut out = output(args.output.as_deref())?;
    out.write_all(text.as_bytes())?;
    out.finish()?;
    eprintln!(
        "{} problems on {} places ({} places checked)",
        list.rows.len(),
        list.places_with_problems,
        list.places_checked
    );
    Ok(ExitCode::SUCCESS)
}
