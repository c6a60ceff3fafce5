//! JSON arrays of standard objects, and GeoJSON FeatureCollections of Points.

use std::collections::BTreeSet;

use aiguillage_model::{Field, LineCounter, Problem, RawRecord};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::rows::{Rows, SourceRow};
use crate::{LineProblem, ReadError};

pub(super) fn read_array(text: &str) -> Result<Rows, ReadError> {
    let items: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|e| json_error(&e, "expected an array of objects"))?;
    let mut reader = ObjectReader::new(text);
    for item in items {
        let line = reader.line_of(item);
        let row = match serde_json::from_str::<Map<String, Value>>(item.get()) {
            Ok(object) => reader.row(line, &object),
            Err(_) => shape_error(line, "row", "expected a JSON object"),
        };
        reader.rows.rows.push(row);
    }
    Ok(reader.rows)
}

#[derive(Deserialize)]
struct FeatureCollection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(rename = "type")]
    kind: Option<String>,
    geometry: Option<Value>,
    properties: Option<Map<String, Value>>,
}

pub(super) fn read_feature_collection(text: &str) -> Result<Rows, ReadError> {
    let collection: FeatureCollection =
        serde_json::from_str(text).map_err(|e| json_error(&e, "expected a GeoJSON FeatureCollection"))?;
    if collection.kind != "FeatureCollection" {
        return Err(ReadError::Json {
            line: 1,
            message: format!(
                "expected a GeoJSON FeatureCollection, found type « {} »",
                collection.kind
            ),
        });
    }
    let mut reader = ObjectReader::new(text);
    for item in collection.features {
        let line = reader.line_of(item);
        let row = match serde_json::from_str::<Feature>(item.get()) {
            Ok(feature) if feature.kind.as_deref() == Some("Feature") => {
                let mut row = reader.row(line, &feature.properties.unwrap_or_default());
                point(&mut row, feature.geometry);
                row
            }
            _ => shape_error(line, "row", "expected a GeoJSON Feature"),
        };
        reader.rows.rows.push(row);
    }
    Ok(reader.rows)
}

/// Takes the coordinates of a Point geometry; they override `latitude`/`longitude`
/// properties, since the geometry is what every GeoJSON tool edits.
fn point(row: &mut SourceRow, geometry: Option<Value>) {
    let Some(geometry) = geometry.filter(|g| !g.is_null()) else {
        return;
    };
    let coordinates = match (
        geometry.get("type").and_then(Value::as_str),
        geometry.get("coordinates"),
    ) {
        (Some("Point"), Some(Value::Array(c))) if c.len() >= 2 => c[0].as_f64().zip(c[1].as_f64()),
        (Some("Point"), _) => None,
        (other, _) => {
            row.problems.push(Problem::error(
                "geometry",
                format!(
                    "only Point geometries are supported, found {}",
                    other.unwrap_or("none")
                ),
            ));
            return;
        }
    };
    match (coordinates, row.record.as_mut()) {
        (Some((lon, lat)), Some(record)) => {
            record.set(Field::Longitude, lon.to_string());
            record.set(Field::Latitude, lat.to_string());
        }
        (Some(_), None) => {}
        (None, _) => row.problems.push(Problem::error(
            "geometry",
            "a Point needs numeric [longitude, latitude] coordinates",
        )),
    }
}

/// Turns JSON objects into rows, locating them in the text and reporting each unknown key
/// once (at its first occurrence) rather than on every row.
struct ObjectReader<'a> {
    lines: LineCounter<'a>,
    rows: Rows,
    unknown_keys: BTreeSet<String>,
}

impl<'a> ObjectReader<'a> {
    fn new(text: &'a str) -> Self {
        ObjectReader {
            lines: LineCounter::new(text),
            rows: Rows::default(),
            unknown_keys: BTreeSet::new(),
        }
    }

    /// The line where `item`, a slice of the text, starts (items come in order).
    fn line_of(&mut self, item: &RawValue) -> u64 {
        self.lines.line_of_slice(item.get())
    }

    fn row(&mut self, line: u64, object: &Map<String, Value>) -> SourceRow {
        let mut record = RawRecord::default();
        let mut problems = Vec::new();
        for (key, value) in object {
            let Some(field) = Field::from_name(key) else {
                if self.unknown_keys.insert(key.clone()) {
                    self.rows.problems.push(LineProblem {
                        line,
                        problem: Problem::warning(
                            key.as_str(),
                            "unknown key, ignored (not a field of the standard)",
                        ),
                    });
                }
                continue;
            };
            match text_value(value) {
                Ok(Some(text)) => record.set(field, text),
                Ok(None) => {}
                Err(reason) => problems.push(Problem::error(field.name(), reason)),
            }
        }
        SourceRow {
            line,
            record: Some(record),
            problems,
        }
    }
}

/// The text of a JSON value of a standard field (files and the API read values alike):
/// strings as is, numbers in their JSON form, arrays of
/// those joined with `|` (some producers write multi-values as arrays).
pub fn text_value(value: &Value) -> Result<Option<String>, &'static str> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(_) => Err("expected text, found true/false"),
        Value::Object(_) => Err("expected text, found an object"),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => parts.push(s.clone()),
                    Value::Number(n) => parts.push(n.to_string()),
                    _ => return Err("expected a list of texts"),
                }
            }
            Ok(Some(parts.join("|")))
        }
    }
}

fn shape_error(line: u64, field: &str, message: &str) -> SourceRow {
    SourceRow {
        line,
        record: None,
        problems: vec![Problem::error(field, message)],
    }
}

pub(super) fn json_error(e: &serde_json::Error, expected: &str) -> ReadError {
    let message = if e.is_data() {
        format!("{expected} ({e})")
    } else {
        e.to_string()
    };
    ReadError::Json {
        line: e.line() as u64,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_items_carry_their_line() {
        let text = "[\n  {\"id\": \"a\", \"latitude\": 48.39, \"services\": [\"Jeunes\", \"Seniors\"]},\n\n  {\"id\": \"b\", \"extra\": 1},\n  {\"id\": \"c\", \"extra\": 2}\n]";
        let rows = read_array(text).unwrap();
        let lines: Vec<u64> = rows.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        assert_eq!(
            rows.rows[0].record.as_ref().unwrap().get(Field::Latitude),
            Some("48.39")
        );
        assert_eq!(
            rows.rows[0].record.as_ref().unwrap().get(Field::Services),
            Some("Jeunes|Seniors")
        );
        assert_eq!(rows.problems.len(), 1, "unknown keys are reported once");
        assert_eq!(rows.problems[0].line, 4);
    }

    #[test]
    fn non_objects_and_booleans_are_row_errors() {
        let rows = read_array("[1, {\"nom\": true}]").unwrap();
        assert_eq!(rows.rows[0].problems[0].message, "expected a JSON object");
        assert_eq!(rows.rows[1].problems[0].field, "nom");
    }

    #[test]
    fn broken_json_is_unreadable_with_its_line() {
        let err = read_array("[\n{\"id\": \"a\",}\n]").unwrap_err();
        assert!(matches!(err, ReadError::Json { line: 2, .. }), "{err:?}");
        let err = read_array("{\"id\": 1}").unwrap_err();
        assert!(err.to_string().contains("expected an array"), "{err}");
    }

    #[test]
    fn features_take_coordinates_from_their_point() {
        let text = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-4.48, 48.39]}, "properties": {"id": "a"}},
  {"type": "Feature", "geometry": null, "properties": {"id": "b"}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}, "properties": {"id": "c"}}
]}"#;
        let rows = read_feature_collection(text).unwrap();
        assert_eq!(rows.rows[0].line, 2);
        assert_eq!(
            rows.rows[0].record.as_ref().unwrap().get(Field::Latitude),
            Some("48.39")
        );
        assert_eq!(
            rows.rows[0].record.as_ref().unwrap().get(Field::Longitude),
            Some("-4.48")
        );
        assert_eq!(rows.rows[1].record.as_ref().unwrap().get(Field::Latitude), None);
        assert!(rows.rows[2].problems[0].message.contains("LineString"));
    }

    #[test]
    fn other_geojson_types_are_unreadable() {
        let err = read_feature_collection(r#"{"type": "Feature", "features": []}"#).unwrap_err();
        assert!(err.to_string().contains("found type « Feature »"));
    }
}
