//! Machine-readable forms of a report: CSV (one row per sub-territory), GeoJSON (white zones)
//! and JSON (the report itself).

use aiguillage_coverage::CoverageReport;
use aiguillage_model::spreadsheet_safe;
use aiguillage_territory::TerritoryRef;
use geo::MultiPolygon;
use geojson::{Geometry, JsonObject};
use serde_json::{json, Value};

use crate::number::{fixed, fixed_opt};
use crate::ReportError;

/// The columns of [`csv()`], in order.
pub const CSV_HEADER: [&str; 11] = [
    "code",
    "nom",
    "niveau",
    "population",
    "population_covered",
    "coverage_ratio",
    "places",
    "places_per_10k",
    "mean_distance_m",
    "p90_distance_m",
    "population_located_share",
];

/// The key figures of one territory, as they appear in a CSV row.
struct Row<'a> {
    territory: &'a TerritoryRef,
    population: Option<f64>,
    population_covered: Option<f64>,
    coverage_ratio: Option<f64>,
    places: u32,
    places_per_10k: Option<f64>,
    mean_distance_m: Option<f64>,
    p90_distance_m: Option<f64>,
    population_located_share: f64,
}

impl Row<'_> {
    /// The fields, in the order of [`CSV_HEADER`]: populations to 1 decimal, the ratio to 4,
    /// places per 10,000 to 2, distances to whole metres, the located share to 4, unknown
    /// values empty.
    fn fields(&self) -> [String; 11] {
        [
            self.territory.code.clone(),
            self.territory.nom.clone(),
            self.territory.level.as_str().to_owned(),
            fixed_opt(self.population, 1),
            fixed_opt(self.population_covered, 1),
            fixed_opt(self.coverage_ratio, 4),
            self.places.to_string(),
            fixed_opt(self.places_per_10k, 2),
            fixed_opt(self.mean_distance_m, 0),
            fixed_opt(self.p90_distance_m, 0),
            fixed(self.population_located_share, 4),
        ]
    }
}

/// The key figures as CSV: a header ([`CSV_HEADER`]), then one row per sub-territory, or one
/// row for the territory itself when it has no sub-territory.
///
/// Fields are quoted as RFC 4180 says, numbers use a `.` decimal separator, unknown values
/// (residents nobody could locate) are empty. Lines end with `\n`. When part of the
/// residents could not be located, `#` lines before the header say which share the figures
/// cover and what to import ([`located_notice`]).
pub fn csv(report: &CoverageReport) -> Result<String, ReportError> {
    let rows: Vec<Row<'_>> = if report.subterritories.is_empty() {
        vec![Row {
            territory: &report.territory,
            population: report.population,
            population_covered: report.population_covered,
            coverage_ratio: report.coverage_ratio,
            places: report.places,
            places_per_10k: report.places_per_10k,
            mean_distance_m: report.mean_distance_m,
            p90_distance_m: report.p90_distance_m,
            population_located_share: report.population_located_share,
        }]
    } else {
        report
            .subterritories
            .iter()
            .map(|sub| Row {
                territory: &sub.territory,
                population: sub.population,
                population_covered: sub.population_covered,
                coverage_ratio: sub.coverage_ratio,
                places: sub.places,
                places_per_10k: sub.places_per_10k,
                mean_distance_m: sub.mean_distance_m,
                p90_distance_m: sub.p90_distance_m,
                population_located_share: sub.population_located_share,
            })
            .collect()
    };
    let mut text = String::new();
    if let Some(notice) = located_notice(report) {
        text.push_str(&format!("# {}\n# {}\n", notice.summary, notice.missing));
        for command in &notice.commands {
            text.push_str(&format!("#   {command}\n"));
        }
    }
    text.push_str(&csv_text(&CSV_HEADER, rows.iter().map(Row::fields))?);
    Ok(text)
}

/// What a report says first when part of its territory's residents could not be located
/// (French): which share its figures cover, what is missing and the commands importing it.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedNotice {
    /// « Population localisée : 27,3 % des habitants. … », or that none could be.
    pub summary: String,
    /// « Il manque les contours de 261 de ses communes. Pour les importer : »
    pub missing: String,
    /// The commands, each sufficient.
    pub commands: Vec<String>,
}

/// The notice of `report`; `None` when every resident is located.
pub fn located_notice(report: &CoverageReport) -> Option<LocatedNotice> {
    let missing = report.population_source.missing.as_ref()?;
    let share = report.population_located_share;
    Some(LocatedNotice {
        summary: if share > 0.0 {
            format!(
                "Population localisée : {} % des habitants. Les chiffres sur les habitants ne portent que sur cette part.",
                french_percent(share)
            )
        } else {
            "Aucun habitant n'a pu être localisé : les chiffres sur les habitants sont inconnus, pas nuls."
                .to_owned()
        },
        missing: format!("Il manque {}. Pour les importer :", missing.what),
        commands: missing.commands.clone(),
    })
}

/// A share as a French percentage with one decimal (`27,3`), never 100 below a whole.
fn french_percent(share: f64) -> String {
    let tenths = (share * 1000.0).floor() / 10.0;
    format!("{tenths:.1}").replace('.', ",")
}

/// `header` then `records` as CSV: fields quoted as RFC 4180 says, lines ending with `\n`.
/// These files are opened in spreadsheets: a text that a spreadsheet would run as a formula
/// is written as text ([`spreadsheet_safe`]).
pub(crate) fn csv_text<R, F>(
    header: &[&str],
    records: impl IntoIterator<Item = R>,
) -> Result<String, ReportError>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]> + AsRef<str>,
{
    let mut buffer = Vec::new();
    {
        let mut writer = ::csv::Writer::from_writer(&mut buffer);
        writer.write_record(header)?;
        for record in records {
            let fields: Vec<String> = record
                .into_iter()
                .map(|f| spreadsheet_safe(AsRef::<str>::as_ref(&f)).into_owned())
                .collect();
            writer.write_record(&fields)?;
        }
        writer.flush().map_err(::csv::Error::from)?;
    }
    // Every field is a Rust string, so the bytes are UTF-8: nothing is ever replaced.
    Ok(String::from_utf8_lossy(&buffer).into_owned())
}

/// The white zones of the report as a GeoJSON FeatureCollection: one Feature per zone (in
/// the report's order, `id` = rank), with properties `rank`, `population`, `cells`,
/// `area_km2`, `mean_distance_m` (`null` when unknown), `territory` (its code) and
/// `radius_m`.
pub fn white_zones_geojson(report: &CoverageReport) -> Value {
    let features: Vec<Value> = report
        .white_zones
        .iter()
        .flat_map(|w| &w.zones)
        .map(|zone| {
            json!({
                "type": "Feature",
                "id": zone.rank,
                "geometry": geometry(&zone.geometry),
                "properties": {
                    "rank": zone.rank,
                    "population": zone.population,
                    "cells": zone.cells,
                    "area_km2": zone.area_km2,
                    "mean_distance_m": zone.mean_distance_m,
                    "territory": report.territory.code,
                    "radius_m": report.radius_m,
                },
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// A shape as a GeoJSON geometry object.
fn geometry(shape: &MultiPolygon<f64>) -> Value {
    Value::Object(JsonObject::from(&Geometry::new(geojson::Value::from(shape))))
}

/// The report as JSON: its serde form, the same document as the API's.
pub fn json(report: &CoverageReport) -> Result<Value, ReportError> {
    Ok(serde_json::to_value(report)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{empty_report, report, unlocated_report};

    #[test]
    fn csv_has_one_row_per_subterritory() {
        insta::assert_snapshot!(csv(&report()).expect("the CSV is written"));
    }

    #[test]
    fn csv_falls_back_to_the_territory() {
        let text = csv(&empty_report()).expect("the CSV is written");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert_eq!(lines[1], "69999,Vide-sur-Rhône,commune,0.0,0.0,,0,,,,1.0000");
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        let mut report = report();
        report.subterritories.truncate(1);
        report.subterritories[0].territory.nom = "Saint-Jean, dit \"le Haut\"".to_owned();
        let text = csv(&report).expect("the CSV is written");
        assert!(
            text.contains(",\"Saint-Jean, dit \"\"le Haut\"\"\",commune,"),
            "{text}"
        );
    }

    #[test]
    fn csv_never_prints_non_finite_numbers() {
        let mut report = empty_report();
        report.population = Some(f64::NAN);
        report.coverage_ratio = Some(f64::INFINITY);
        report.mean_distance_m = Some(f64::NEG_INFINITY);
        let text = csv(&report).expect("the CSV is written");
        assert!(
            text.ends_with("69999,Vide-sur-Rhône,commune,,0.0,,0,,,,1.0000\n"),
            "{text}"
        );
    }

    #[test]
    fn csv_says_first_what_share_it_covers() {
        let text = csv(&unlocated_report()).expect("the CSV is written");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("# Aucun habitant n'a pu être localisé"),
            "{text}"
        );
        assert_eq!(
            lines[1],
            "# Il manque les contours de 277 de ses communes. Pour les importer :"
        );
        assert_eq!(
            lines[2],
            "#   aiguillage territories fetch --level commune --departement 29"
        );
        assert_eq!(lines[3], CSV_HEADER.join(","));
        assert_eq!(lines[4], "29,Finistère,departement,,,,48,,,,0.0000");
        let partial = csv(&report()).expect("the CSV is written");
        assert!(
            partial.starts_with("# Population localisée : 99,5 % des habitants."),
            "{partial}"
        );
    }

    #[test]
    fn white_zones_are_features() {
        insta::assert_json_snapshot!(white_zones_geojson(&report()));
    }

    #[test]
    fn no_white_zone_is_an_empty_collection() {
        assert_eq!(
            white_zones_geojson(&empty_report()),
            json!({ "type": "FeatureCollection", "features": [] })
        );
    }

    #[test]
    fn json_is_the_serde_form() {
        let report = report();
        let value = json(&report).expect("the report serializes");
        assert_eq!(value["territory"]["code"], "200046977");
        assert_eq!(
            value["white_zones"]["zones"][0]["geometry"]["type"],
            "MultiPolygon"
        );
        let back: Result<CoverageReport, _> = serde_json::from_value(value);
        assert_eq!(back.ok(), Some(report));
    }
}
