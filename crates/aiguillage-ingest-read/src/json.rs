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
            Err(e) if e.is_data() => shape_error(line, "row", "expected a JSON object".to_owned()),
            Err(e) => unreadable_item(line, item.get(), &e),
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
    for (index, item) in collection.features.into_iter().enumerate() {
        let line = reader.line_of(item);
        let mut row = match serde_json::from_str::<Feature>(item.get()) {
            Ok(parsed) if parsed.kind.as_deref() == Some("Feature") => {
                let mut row = reader.row(line, &parsed.properties.unwrap_or_default());
                if let Err(reason) = point(&mut row, parsed.geometry) {
                    row.problems.push(Problem::error("geometry", reason));
                }
                row
            }
            Err(e) if !e.is_data() => unreadable_item(line, item.get(), &e),
            _ => shape_error(line, "row", "expected a GeoJSON Feature".to_owned()),
        };
        row.feature = Some(index as u64 + 1);
        reader.rows.rows.push(row);
    }
    Ok(reader.rows)
}

/// Most a geometry's position and its `latitude`/`longitude` properties may differ, in
/// degrees (about 0.1 m): the rounding of a writer, not another place.
const POSITION_TOLERANCE_DEGREES: f64 = 1e-6;

/// Takes the coordinates of a Point geometry; a feature that also has `latitude` and
/// `longitude` properties must agree with them, or which one is right is unknown.
fn point(row: &mut SourceRow, geometry: Option<Value>) -> Result<(), String> {
    let Some(geometry) = geometry.filter(|g| !g.is_null()) else {
        return Ok(());
    };
    let coordinates = match (
        geometry.get("type").and_then(Value::as_str),
        geometry.get("coordinates"),
    ) {
        (Some("Point"), Some(Value::Array(c))) if c.len() > 3 => {
            return Err(format!(
                "a position has 2 or 3 numbers (longitude, latitude, altitude), found {}",
                c.len()
            ))
        }
        (Some("Point"), Some(Value::Array(c))) if c.len() >= 2 => c[0].as_f64().zip(c[1].as_f64()),
        (Some("Point"), _) => None,
        (other, _) => {
            return Err(format!(
                "only Point geometries are supported, found {}",
                other.unwrap_or("none")
            ))
        }
    };
    let Some((lon, lat)) = coordinates else {
        return Err("a Point needs numeric [longitude, latitude] coordinates".to_owned());
    };
    let Some(record) = row.record.as_mut() else {
        return Ok(());
    };
    let property = |field| record.get(field).and_then(|v| v.parse::<f64>().ok());
    if let (Some(lat_property), Some(lon_property)) = (property(Field::Latitude), property(Field::Longitude))
    {
        let apart = (lat - lat_property).abs().max((lon - lon_property).abs());
        // A property written `NaN` parses, and agrees with nothing.
        if apart > POSITION_TOLERANCE_DEGREES || apart.is_nan() {
            return Err(format!(
                "the Point [{lon}, {lat}] contradicts the properties latitude {lat_property}, \
                 longitude {lon_property} (more than {POSITION_TOLERANCE_DEGREES} degrees apart)"
            ));
        }
    }
    record.set(Field::Longitude, lon.to_string());
    record.set(Field::Latitude, lat.to_string());
    Ok(())
}

/// The row of an item the JSON parser refuses, at the item's own line of the error (the item
/// is valid JSON as a whole, so this is a number beyond what a 64-bit float holds).
fn unreadable_item(line: u64, item: &str, e: &serde_json::Error) -> SourceRow {
    let line_in_item = e.line().saturating_sub(1);
    let reason = match out_of_range_number(item, e) {
        Some(number) => format!("« {number} » is not a finite number (out of range of a 64-bit float)"),
        None => e.to_string(),
    };
    shape_error(line + line_in_item as u64, "row", reason)
}

/// The number literal a « number out of range » error is about: the error's column is on it.
fn out_of_range_number<'a>(item: &'a str, e: &serde_json::Error) -> Option<&'a str> {
    if !e.to_string().starts_with("number out of range") {
        return None;
    }
    let text = item.lines().nth(e.line().checked_sub(1)?)?;
    let at = e.column().checked_sub(1)?.min(text.len().checked_sub(1)?);
    let is_number = |b: &u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let bytes = text.as_bytes();
    let start = bytes[..=at]
        .iter()
        .rposition(|b| !is_number(b))
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|b| !is_number(b))
        .map_or(bytes.len(), |i| at + i);
    // Number characters are ASCII, so these are character boundaries.
    text.get(start..end).filter(|n| !n.is_empty())
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
            feature: None,
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

fn shape_error(line: u64, field: &str, message: String) -> SourceRow {
    SourceRow {
        line,
        feature: None,
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

    fn feature(geometry: &str, properties: &str) -> String {
        format!(r#"{{"type": "Feature", "geometry": {geometry}, "properties": {{"id": "x"{properties}}}}}"#)
    }

    fn collection(features: &[String], separator: &str) -> String {
        format!(
            r#"{{"type": "FeatureCollection", "features": [{separator}{}]}}"#,
            features.join(&format!(",{separator}"))
        )
    }

    fn only_problem(row: &SourceRow) -> String {
        assert_eq!(row.problems.len(), 1, "{:?}", row.problems);
        row.problems[0].to_string()
    }

    #[test]
    fn a_bad_feature_gives_its_line_and_its_index() {
        let good = feature(r#"{"type": "Point", "coordinates": [-4.48, 48.39]}"#, "");
        let huge = feature(r#"{"type": "Point", "coordinates": [1e400, 48.39]}"#, "");
        let features = [good.clone(), good.clone(), huge];
        // Minified: every feature on line 1.
        let rows = read_feature_collection(&collection(&features, "")).unwrap();
        assert_eq!((rows.rows[2].line, rows.rows[2].feature), (1, Some(3)));
        assert_eq!(
            only_problem(&rows.rows[2]),
            "row: « 1e400 » is not a finite number (out of range of a 64-bit float)"
        );
        // One feature a line, and a number on the feature's second line.
        let mut features = features;
        features[2] = feature(
            "{\"type\": \"Point\",\n\"coordinates\": [-4.48, 48.39]}",
            r#", "latitude": -1e999"#,
        );
        let rows = read_feature_collection(&collection(&features, "\n")).unwrap();
        assert_eq!(rows.rows[2].line, 5);
        assert!(only_problem(&rows.rows[2]).contains("« -1e999 » is not a finite number"));
    }

    #[test]
    fn a_point_must_agree_with_the_coordinate_properties() {
        let point = r#"{"type": "Point", "coordinates": [-4.48, 48.39]}"#;
        let agreeing = feature(point, r#", "latitude": 48.3900004, "longitude": "-4.48""#);
        let contradicting = feature(point, r#", "latitude": 48.5, "longitude": -4.48"#);
        let rows = read_feature_collection(&collection(&[agreeing, contradicting], "")).unwrap();
        assert!(rows.rows[0].problems.is_empty(), "{:?}", rows.rows[0].problems);
        assert_eq!(
            only_problem(&rows.rows[1]),
            "geometry: the Point [-4.48, 48.39] contradicts the properties latitude 48.5, \
             longitude -4.48 (more than 0.000001 degrees apart)"
        );
    }

    #[test]
    fn a_position_has_two_or_three_numbers() {
        let with_altitude = feature(r#"{"type": "Point", "coordinates": [-4.48, 48.39, 12]}"#, "");
        let four = feature(r#"{"type": "Point", "coordinates": [-4.48, 48.39, 12, 7]}"#, "");
        let rows = read_feature_collection(&collection(&[with_altitude, four], "")).unwrap();
        assert!(rows.rows[0].problems.is_empty());
        assert_eq!(
            only_problem(&rows.rows[1]),
            "geometry: a position has 2 or 3 numbers (longitude, latitude, altitude), found 4"
        );
    }

    #[test]
    fn other_geojson_types_are_unreadable() {
        let err = read_feature_collection(r#"{"type": "Feature", "features": []}"#).unwrap_err();
        assert!(err.to_string().contains("found type « Feature »"));
    }
}
