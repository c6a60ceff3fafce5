//! `aiguillage quality`: every data-quality problem of the places, one row per place and
//! problem, for hubs to fix their sources (docs/quality.md).

use std::io::Write;
use std::process::ExitCode;

use aiguillage_coverage::{assemble, Geography, PopulationLayer};
use aiguillage_model::Place;
use aiguillage_quality::{place_problems, QualityChecker};
use aiguillage_report::{resolve, BuildError};
use aiguillage_store::Store;
use aiguillage_territory::population::LayerKind;
use aiguillage_territory::{Admin, Boundary, Level, Locator};
use anyhow::Context;
use serde_json::{Map, Value};

use super::output;
use crate::cli::{QualityArgs, QualityFormat};

/// Columns of the output, in order.
const COLUMNS: [&str; 7] = [
    "id",
    "nom",
    "source",
    "code_insee",
    "commune",
    "probleme",
    "detail",
];

pub async fn run(store: &Store, args: &QualityArgs) -> anyhow::Result<ExitCode> {
    let today = args.date.unwrap_or_else(aiguillage_report::today);
    let admin = Admin::embedded();
    let places: Vec<Place> = store
        .all()
        .await
        .context("reading the places")?
        .into_iter()
        .map(|stored| stored.place)
        .collect();
    let mut communes = Vec::new();
    for stored in store
        .boundaries(Level::Commune.as_str())
        .await
        .context("reading the commune boundaries")?
    {
        communes.push(Boundary::from_geometry_text(
            &stored.code,
            &stored.nom,
            Level::Commune,
            &stored.geometry,
        )?);
    }
    let selected = match &args.territory {
        None => vec![true; places.len()],
        Some(code) => match territory_places(store, admin, &communes, &places, code).await {
            Ok(selected) => selected,
            Err(e @ BuildError::UnknownTerritory(_)) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(2));
            }
            Err(e) => return Err(e).context("selecting the territory's places"),
        },
    };

    let approximate = store
        .approximate_positions()
        .await
        .context("reading the approximate positions")?;
    let checker = QualityChecker::new(admin, &communes, today);
    let checked: Vec<&Place> = places
        .iter()
        .zip(&selected)
        .filter(|(_, selected)| **selected)
        .map(|(place, _)| place)
        .collect();
    // Duplicates are paired among every place, whatever the territory.
    let found = place_problems(&checker, &checked, &places, &approximate);
    let mut with_problems = 0;
    let mut rows: Vec<[&str; 7]> = Vec::new();
    for (place, problems) in &found {
        if !problems.is_empty() {
            with_problems += 1;
        }
        for problem in problems {
            rows.push([
                &place.id,
                &place.nom,
                place.source.as_deref().unwrap_or(""),
                place.code_insee.as_deref().unwrap_or(""),
                &place.commune,
                problem.kind.code(),
                &problem.detail,
            ]);
        }
    }

    let text = match args.format {
        QualityFormat::Csv => csv(&rows),
        QualityFormat::Json => {
            let objects: Vec<Value> = rows
                .iter()
                .map(|row| {
                    let object: Map<String, Value> = COLUMNS
                        .iter()
                        .zip(row)
                        .map(|(column, value)| {
                            // A field the place does not have (source, code_insee) is null,
                            // not an empty text.
                            let value = if value.is_empty() {
                                Value::Null
                            } else {
                                Value::from(*value)
                            };
                            ((*column).to_owned(), value)
                        })
                        .collect();
                    Value::Object(object)
                })
                .collect();
            let mut json = serde_json::to_string_pretty(&objects)?;
            json.push('\n');
            json
        }
    };
    let mut out = output(args.output.as_deref())?;
    out.write_all(text.as_bytes())?;
    out.flush()?;
    eprintln!(
        "{} problems on {with_problems} places ({} places checked)",
        rows.len(),
        found.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// For each place, whether it belongs to the territory `code`: the selection of
/// `aiguillage report` (by `code_insee`, else by position), through the same `assemble`.
async fn territory_places(
    store: &Store,
    admin: &'static Admin,
    communes: &[Boundary],
    places: &[Place],
    code: &str,
) -> Result<Vec<bool>, BuildError> {
    let territory = resolve(store, admin, code).await?;
    let own = match store.boundary(territory.level.as_str(), &territory.code).await? {
        Some(stored) => Some(Boundary::from_geometry_text(
            &stored.code,
            &stored.nom,
            territory.level,
            &stored.geometry,
        )?),
        None => None,
    };
    let locator = Locator::new(communes);
    let geography = Geography {
        admin,
        communes,
        locator: &locator,
    };
    // Selecting places needs no residents: an empty layer spares spreading every
    // commune's population over its boundary.
    let no_residents = PopulationLayer {
        kind: LayerKind::Points,
        description: String::new(),
        cells: Vec::new(),
    };
    let inputs = assemble(
        geography,
        &territory,
        own.as_ref(),
        Some(no_residents),
        places,
        &[],
    );
    Ok(inputs.attached.iter().map(Option::is_some).collect())
}

/// The rows as CSV (RFC 4180) with a header, fields quoted when they hold a comma, a
/// quote or a line break.
fn csv(rows: &[[&str; 7]]) -> String {
    let mut text = String::new();
    let mut line = |fields: &[&str]| {
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    (*f).to_owned()
                }
            })
            .collect();
        text.push_str(&quoted.join(","));
        text.push('\n');
    };
    line(&COLUMNS);
    for row in rows {
        line(row);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = [["a", "b,c", "d\"e", "", "f\ng", "h", "i"]];
        assert_eq!(
            csv(&rows),
            "id,nom,source,code_insee,commune,probleme,detail\na,\"b,c\",\"d\"\"e\",,\"f\ng\",h,i\n"
        );
    }
}
