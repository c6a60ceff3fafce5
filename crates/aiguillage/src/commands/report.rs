//! `aiguillage report`: the coverage report of a territory.

use std::io::Write;
use std::process::ExitCode;

use aiguillage_model::Service;
use aiguillage_report::{build, save_snapshot, BuildError, ReportRequest, MAX_RADIUS_M, MIN_RADIUS_M};
use aiguillage_store::Store;
use anyhow::Context;

use super::Refused;
use super::{labels, output};
use crate::cli::{ReportArgs, ReportFormat};

pub async fn run(store: &Store, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if !(MIN_RADIUS_M..=MAX_RADIUS_M).contains(&args.radius) {
        return Err(Refused(format!(
            "--radius must be between {MIN_RADIUS_M} and {MAX_RADIUS_M} metres, got {}",
            args.radius
        ))
        .into());
    }
    let request = ReportRequest {
        territory: args.territory.clone(),
        radius_m: args.radius,
        services: labels::<Service>("--service", &args.services)?,
        today: args.date.unwrap_or_else(aiguillage_report::today),
        // The files written include `white-zones.geojson`: every zone.
        outlined_white_zones: usize::MAX,
    };
    let places: Vec<_> = store
        .all()
        .await
        .context("reading the places")?
        .into_iter()
        .map(|stored| stored.place)
        .collect();
    let built = match build(store, &places, &request).await {
        Ok(built) => built,
        Err(e @ (BuildError::UnknownTerritory(_) | BuildError::InvalidRadius(_))) => {
            return Err(Refused(e.to_string()).into());
        }
        Err(e) => return Err(e).context("building the report"),
    };
    if args.save {
        save_snapshot(store, &built.report)
            .await
            .context("saving the snapshot")?;
        eprintln!(
            "snapshot of {} saved for {}",
            built.report.territory.nom, built.report.computed_on
        );
    }
    let text = match args.format {
        ReportFormat::Html => aiguillage_web::pages::report::render(&built.report, &built.map),
        ReportFormat::Json => serde_json::to_string_pretty(&aiguillage_report::json(&built.report)?)?,
        ReportFormat::Csv => aiguillage_report::csv(&built.report)?,
        ReportFormat::Geojson => {
            serde_json::to_string_pretty(&aiguillage_report::white_zones_geojson(&built.report))?
        }
    };
    let mut out = output(args.output.as_deref())?;
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
